/**
 * A list as an export writes it: a sheet's name, its columns (what each holds) and its rows,
 * read a chunk at a time from wherever the list lives, and the two ways of writing it — an
 * Excel workbook through exceljs's streaming writer (rows go to the file as they come: any
 * length in bounded memory) or CSV as every other export of the console writes it. Several
 * tables make a workbook of a sheet each; CSV holds one.
 */
import { openTextFile } from '../storage/text-file'
import { setImmediate as yieldToLoop } from 'node:timers/promises'
import type { Row, Worksheet } from 'exceljs'
import { CSV_BOM, csvLine, type CsvValue } from '../../../shared/csv-write'

export interface Column {
  header: string
  /** text: as written; phone: text too, never a number (every digit, no 9,92901E+11); number. */
  kind: 'text' | 'phone' | 'number'
  /** Width in characters in a workbook. */
  width: number
  /** How a workbook shows a number column ('0.0%', '0.00##'); Excel's General when not given. */
  numFmt?: string
}

export interface Table {
  sheet: string
  columns: Column[]
  /** The rows, a chunk at a time, each cell as CSV writes it (formula-like text guarded). */
  rows: AsyncIterable<CsvValue[][]>
}

export type TableFormat = { kind: 'xlsx' } | { kind: 'csv'; delimiter: string }

/** Rows written between two turns of main's loop. */
const SLICE_ROWS = 500

/**
 * Writes `table` (or several: a workbook's sheets) to `path`; answers the rows written, all
 * sheets together. `signal` stops it (the file is left).
 */
export async function writeTable(
  path: string,
  table: Table | readonly Table[],
  format: TableFormat,
  onRows: (rows: number) => void,
  signal: AbortSignal,
): Promise<number> {
  const tables = 'sheet' in table ? [table] : table
  if (format.kind === 'xlsx') return writeWorkbook(path, tables, onRows, signal)
  if (tables.length !== 1) throw new Error('CSV holds one table')
  return writeCsv(path, tables[0]!, format.delimiter, onRows, signal)
}

async function writeWorkbook(
  path: string,
  tables: readonly Table[],
  onRows: (rows: number) => void,
  signal: AbortSignal,
): Promise<number> {
  const { default: ExcelJS } = await import('exceljs')
  // Inline strings: no table of every distinct text held until the end. Styles kept: the bold
  // header, phones' text format and the columns' number formats (a few, shared by every cell).
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: false,
    useStyles: true,
  })
  let rows = 0
  for (const table of tables) {
    const sheet: Worksheet = wb.addWorksheet(table.sheet, {
      views: [{ state: 'frozen', ySplit: 1 }],
    })
    sheet.columns = table.columns.map((c, i) => ({
      key: String(i),
      width: c.width,
      // A phone typed into the column later stays text too.
      ...(c.kind === 'phone' ? { style: { numFmt: '@' } } : {}),
      ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}),
    }))
    const header: Row = sheet.addRow(table.columns.map((c) => c.header))
    header.font = { bold: true }
    header.commit()
    const kinds = table.columns.map((c) => c.kind)
    for await (const chunk of table.rows) {
      for (let i = 0; i < chunk.length; i++) {
        if (signal.aborted) throw signal.reason
        const cells = chunk[i]!.map((c, col) => {
          if (kinds[col] !== 'number' || c.value === '') return c.value
          const n = Number(c.value)
          return Number.isFinite(n) ? n : c.value
        })
        sheet.addRow(cells).commit()
        if (++rows % SLICE_ROWS === 0) {
          onRows(rows)
          await yieldToLoop()
        }
      }
    }
    sheet.commit()
  }
  await wb.commit()
  onRows(rows)
  return rows
}

async function writeCsv(
  path: string,
  table: Table,
  delimiter: string,
  onRows: (rows: number) => void,
  signal: AbortSignal,
): Promise<number> {
  const out = openTextFile(path)
  let rows = 0
  try {
    await out.write(
      CSV_BOM +
        csvLine(
          table.columns.map((c) => ({ value: c.header, guard: false })),
          delimiter,
        ),
    )
    for await (const chunk of table.rows) {
      if (signal.aborted) throw signal.reason
      await out.write(chunk.map((r) => csvLine(r, delimiter)).join(''))
      rows += chunk.length
      onRows(rows)
    }
    await out.close()
  } finally {
    out.destroy()
  }
  return rows
}
