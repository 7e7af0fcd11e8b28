/**
 * A CSV file as a stream of parsed rows, read in small chunks so main's event loop gets a turn
 * between them, and its analysis (format, columns, preview, row count) without holding it.
 */
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { CsvParser, type CsvRow } from './csv'
import {
  decodeSample,
  detectDelimiter,
  detectEncoding,
  detectHeader,
  guessPhoneColumn,
  sampleRows,
  SAMPLE_BYTES,
  type CsvEncoding,
  type Delimiter,
} from './sniff'

export interface CsvFormat {
  encoding: CsvEncoding
  /** Bytes of byte-order mark at the start. */
  bom: number
  delimiter: Delimiter
  hasHeader: boolean
  /** A workbook's sheet (by its place in the workbook): rows come from its converted CSV. */
  sheet?: number
}

export interface FormatChoice {
  encoding?: CsvEncoding
  delimiter?: Delimiter
  hasHeader?: boolean
  /** A workbook's sheet to read. */
  sheet?: number
}

/**
 * Small reads keep each turn of main's event loop short and the rows alive at once few (≈ 400
 * of a typical file): rows held across turns are what grows the heap of a long import (64 KiB
 * reads let it double over a million rows; 16 KiB keep it flat).
 */
const READ_BYTES = 16 * 1024
export const PREVIEW_ROWS = 20
/** Longest field read from a file (no SMS column needs more). */
export const MAX_FIELD_CHARS = 100_000

export async function readSample(path: string): Promise<{ bytes: Uint8Array; complete: boolean }> {
  const handle = await open(path, 'r')
  try {
    const buf = new Uint8Array(SAMPLE_BYTES)
    const { bytesRead } = await handle.read(buf, 0, SAMPLE_BYTES, 0)
    const size = (await handle.stat()).size
    return { bytes: buf.subarray(0, bytesRead), complete: bytesRead >= size }
  } finally {
    await handle.close()
  }
}

export interface Sniffed {
  format: CsvFormat
  columns: string[]
  preview: CsvRow[]
  phoneColumn: number
}

/** The file's format from its first 64 KiB (the operator's choices win), columns and preview. */
export function sniff(sample: Uint8Array, complete: boolean, choice: FormatChoice = {}): Sniffed {
  const guess = detectEncoding(sample, complete)
  const encoding = choice.encoding ?? guess.encoding
  const bom = choice.encoding && choice.encoding !== guess.encoding ? 0 : guess.bom
  const text = decodeSample(sample, { encoding, bom })
  const delimiter = choice.delimiter ?? detectDelimiter(text, complete)
  const rows = sampleRows(text, delimiter, complete, PREVIEW_ROWS + 1)
  const { hasHeader, ...seen } = describe(rows, choice.hasHeader)
  return { format: { encoding, bom, delimiter, hasHeader }, ...seen }
}

/** A workbook sheet's header, columns and preview, from its converted rows (workbook.ts). */
export async function sniffSheet(
  path: string,
  sheet: number,
  hasHeader?: boolean,
): Promise<Sniffed> {
  const rows: CsvRow[] = []
  for await (const chunk of sheetRows(path, false)) {
    rows.push(...chunk)
    if (rows.length > PREVIEW_ROWS) break
  }
  const seen = describe(rows.slice(0, PREVIEW_ROWS + 1), hasHeader)
  return { format: { ...SHEET_CSV, hasHeader: seen.hasHeader, sheet }, ...seen }
}

function describe(rows: CsvRow[], hasHeaderChoice: boolean | undefined) {
  const hasHeader = hasHeaderChoice ?? detectHeader(rows)
  const data = hasHeader ? rows.slice(1) : rows
  const width = Math.max(1, ...rows.map((r) => r.cells.length))
  const header = hasHeader ? (rows[0]?.cells ?? []) : []
  const columns = Array.from({ length: width }, (_, i) => {
    const name = (header[i] ?? '').trim()
    // Without a header, columns are numbered: {1}, #2# work in templates.
    return name !== '' ? name : String(i + 1)
  })
  const preview = data.slice(0, PREVIEW_ROWS)
  return {
    hasHeader,
    columns,
    preview,
    phoneColumn: guessPhoneColumn(
      columns,
      preview.map((r) => r.cells),
    ),
  }
}

/** How a workbook's sheets are written for reading (workbook.ts). */
const SHEET_CSV = { encoding: 'utf-8', bom: 0, delimiter: ',' } as const

/** A converted sheet's rows, each numbered as in the sheet (its first field). */
async function* sheetRows(path: string, hasHeader: boolean): AsyncGenerator<CsvRow[]> {
  for await (const rows of csvRows(path, { ...SHEET_CSV, hasHeader })) {
    yield rows.map((r) => ({ line: Number(r.cells[0]), cells: r.cells.slice(1) }))
  }
}

/**
 * Rows of the file (a workbook's sheet: its converted CSV), a chunk's worth at a time, header
 * skipped. Memory: one chunk and one row,
 * whatever the file's size.
 */
export function readRows(path: string, format: CsvFormat): AsyncGenerator<CsvRow[]> {
  return format.sheet === undefined ? csvRows(path, format) : sheetRows(path, format.hasHeader)
}

async function* csvRows(path: string, format: CsvFormat): AsyncGenerator<CsvRow[]> {
  const decoder = new TextDecoder(format.encoding)
  const parser = new CsvParser({ delimiter: format.delimiter, maxFieldChars: MAX_FIELD_CHARS })
  let skipHeader = format.hasHeader
  const take = (rows: CsvRow[]): CsvRow[] => {
    if (skipHeader && rows.length > 0) {
      skipHeader = false
      return rows.slice(1)
    }
    return rows
  }
  const stream = createReadStream(path, { start: format.bom, highWaterMark: READ_BYTES })
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const rows = take(parser.push(decoder.decode(chunk, { stream: true })))
      if (rows.length > 0) yield rows
    }
  } finally {
    stream.destroy()
  }
  const rows = take([...parser.push(decoder.decode()), ...parser.end()])
  if (rows.length > 0) yield rows
}
