/**
 * Excel workbooks (.xlsx) for the import: each sheet is read once, streamed through exceljs's
 * workbook reader, into a CSV file of its own beside the upload, so that choosing a sheet is
 * instant and every later pass (check, queue, resume, stop-list) reads rows as fast as from any
 * CSV. Each written row starts with its row number in the sheet, which the preview and the
 * rejected rows show. Cells are written as Excel shows them where it matters for SMS: a number
 * by all its digits (a phone column of numbers never becomes 9,92901E+11), a date as the region
 * writes it, a formula by its result.
 *
 * Memory: the sheet's shared strings (Excel keeps every distinct text of a workbook in one
 * table, read before the cells) and one row; the rows themselves stream to disk.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { CellValue, Row } from 'exceljs'
import { englishOf, phrase } from '../../../shared/phrases'
import type { PhraseRef } from '../../../shared/domain'
import { reviveError, startWorker, type SerializedError } from '../workers'

export interface SheetInfo {
  /** As the workbook names it. */
  name: string
  /** Rows with anything in them, a header included. */
  rows: number
  /** Hidden in Excel (offered last, never chosen by itself). */
  hidden: boolean
  /** The sheet's rows as CSV (UTF-8, comma, each row's sheet row number first). */
  path: string
}

/** Excel's own limits: a sheet has at most this many rows and columns. */
const MAX_ROWS = 1_048_576
const MAX_COLUMNS = 16_384
/** Longest cell written (the CSV reader refuses longer fields anyway). */
const MAX_CELL_CHARS = 100_000
/** Bytes of CSV gathered before a write. */
const WRITE_BYTES = 64 * 1024

export class WorkbookError extends Error {
  readonly phrase: PhraseRef
  constructor(said: PhraseRef) {
    super(englishOf(said))
    this.name = 'WorkbookError'
    this.phrase = said
  }
}

/** A ZIP archive's first bytes: an .xlsx (or any other Office Open XML file). */
export function isZip(sample: Uint8Array): boolean {
  return sample[0] === 0x50 && sample[1] === 0x4b && sample[2] === 0x03 && sample[3] === 0x04
}

/** An OLE2 compound file: Excel 97–2003 (.xls), which is not read here. */
export function isOldExcel(sample: Uint8Array): boolean {
  const sig = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]
  return sig.every((b, i) => sample[i] === b)
}

const pad = (n: number) => String(n).padStart(2, '0')

/** Decimal places of a fixed number format such as `0.00` or `#,##0.000`. */
function decimalsOf(numFmt: string | undefined): number | null {
  const m = numFmt ? /^[#,0]*0\.(0+)(?:[;_ ]|$)/.exec(numFmt) : null
  return m ? m[1]!.length : null
}

function numberText(v: number, numFmt: string | undefined): string {
  if (!Number.isFinite(v)) return String(v)
  const decimals = decimalsOf(numFmt)
  if (decimals !== null) return v.toFixed(decimals)
  // Every digit, never an exponent: a phone stored as a number is 992901234567, not 9.92901E+11.
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return BigInt(v).toString()
  return v.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 15 })
}

/** A date cell as the region writes it: 15.12.2026, with the time when it has one. */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return ''
  // exceljs gives the cell's wall time as UTC.
  const day = `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`
  const h = d.getUTCHours()
  const m = d.getUTCMinutes()
  const s = d.getUTCSeconds()
  if (h === 0 && m === 0 && s === 0) return day
  return `${day} ${pad(h)}:${pad(m)}${s === 0 ? '' : `:${pad(s)}`}`
}

/** A cell's value as text, as Excel shows it where an SMS needs it. */
export function cellText(value: CellValue | undefined, numFmt?: string): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return numberText(value, numFmt)
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return dateText(value)
  if ('richText' in value) return value.richText.map((r) => r.text).join('')
  if ('error' in value) return String(value.error)
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: CellValue }).result
    return result === undefined ? '' : cellText(result, numFmt)
  }
  if ('text' in value) return cellText((value as { text: CellValue }).text, numFmt)
  return ''
}

/** One CSV field, quoted when it must be. */
function field(s: string): string {
  const t = s.length > MAX_CELL_CHARS ? s.slice(0, MAX_CELL_CHARS) : s
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t
}

/** A row's cells as text, trailing empty cells dropped; null for a row with nothing in it. */
export function rowCells(row: Row): string[] | null {
  const cells: string[] = []
  let last = -1
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    if (col > MAX_COLUMNS) return
    const text = cellText(cell.value, cell.numFmt)
    while (cells.length < col - 1) cells.push('')
    cells[col - 1] = text
    if (text.trim() !== '') last = col - 1
  })
  return last < 0 ? null : cells.slice(0, last + 1)
}

class SheetWriter {
  private buf = ''
  private readonly fd: number
  rows = 0

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w', 0o600)
  }

  write(rowNumber: number, cells: readonly string[]): void {
    this.rows++
    this.buf += `${rowNumber},${cells.map(field).join(',')}\n`
    if (this.buf.length >= WRITE_BYTES) this.flush()
  }

  flush(): void {
    if (this.buf === '') return
    writeSync(this.fd, this.buf)
    this.buf = ''
  }

  close(): void {
    try {
      this.flush()
    } finally {
      closeSync(this.fd)
    }
  }
}

/**
 * Every sheet of the workbook at `path` into `outDir` (one CSV each), in the workbook's order.
 * `onRows` hears the rows read so far now and then. Throws WorkbookError for a file that is no
 * readable workbook.
 */
export async function convertWorkbook(
  path: string,
  outDir: string,
  onRows: (rows: number) => void = () => {},
): Promise<SheetInfo[]> {
  // Loaded when a workbook comes: a large library that most starts never need.
  const { default: ExcelJS } = await import('exceljs')
  mkdirSync(outDir, { recursive: true })
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles tell a date from a number, and a number's decimals.
    styles: 'cache',
    entries: 'ignore',
  })
  const sheets: SheetInfo[] = []
  let total = 0
  try {
    for await (const sheet of reader) {
      const s = sheet as unknown as AsyncIterable<Row> & { name: string; state?: string }
      const out = new SheetWriter(join(outDir, `${sheets.length}.csv`))
      try {
        for await (const row of s) {
          if (row.number > MAX_ROWS) {
            throw new WorkbookError(phrase('workbook.tooManyRows', { sheet: s.name }))
          }
          const cells = rowCells(row)
          if (cells) out.write(row.number, cells)
          if (++total % 10_000 === 0) onRows(total)
        }
      } finally {
        out.close()
      }
      sheets.push({
        name: s.name,
        rows: out.rows,
        hidden: s.state === 'hidden' || s.state === 'veryHidden',
        path: out.path,
      })
    }
  } catch (err) {
    if (err instanceof WorkbookError) throw err
    // A disk that refused the sheet's CSV is the disk's fault, and said as such.
    if (isSystemError(err)) throw err
    throw new WorkbookError(
      phrase('workbook.unreadable', { reason: err instanceof Error ? err.message : String(err) }),
    )
  }
  if (sheets.length === 0) throw new WorkbookError(phrase('workbook.noSheets'))
  onRows(total)
  return sheets
}

function isSystemError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && code !== 'ERR_INVALID_ARG_TYPE'
}

type WorkerMessage = { rows: number } | { sheets: SheetInfo[] } | { error: SerializedError }

/**
 * convertWorkbook in a worker thread of its own when `script` names one (its source or a
 * build's bundle), else on this thread. `signal` ends the worker (the upload was discarded).
 */
export async function readWorkbook(
  path: string,
  outDir: string,
  script: string | null,
  onRows: (rows: number) => void,
  signal?: AbortSignal,
): Promise<SheetInfo[]> {
  if (!script) return convertWorkbook(path, outDir, onRows)
  const worker = startWorker(script, { path, outDir })
  return new Promise<SheetInfo[]>((resolve, reject) => {
    const stop = () => void worker.terminate()
    signal?.addEventListener('abort', stop, { once: true })
    const settle = (fn: () => void) => {
      signal?.removeEventListener('abort', stop)
      worker.removeAllListeners()
      void worker.terminate()
      fn()
    }
    worker.on('message', (m: WorkerMessage) => {
      if ('rows' in m) return onRows(m.rows)
      if ('sheets' in m) return settle(() => resolve(m.sheets))
      settle(() => reject(revive(m.error)))
    })
    worker.once('error', (err) => settle(() => reject(err)))
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`the workbook reader stopped (exit ${code})`))),
    )
  })
}

function revive(e: SerializedError): Error {
  return e.name === 'WorkbookError' && e.phrase ? new WorkbookError(e.phrase) : reviveError(e)
}
