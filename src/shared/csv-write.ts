/**
 * Writing CSV for spreadsheets: the one cell escaping every file the console writes uses
 * (History's export, the rejected rows of an import). Each file keeps its own layout — BOM,
 * delimiter, header — and writes its lines with these.
 *
 * A cell is quoted when it holds the delimiter, a quote or a line break (RFC 4180). A cell a
 * spreadsheet would take for a formula — starting with = + - @, a tab or a carriage return
 * (OWASP's CSV injection list) — gets a leading apostrophe, so it is shown, never run.
 */

/** UTF-8 byte order mark: Excel reads a UTF-8 file right only with it. */
export const CSV_BOM = '\uFEFF'

/** Line end of every CSV the console writes (what Excel writes). */
export const CSV_EOL = '\r\n'

const FORMULA_START = /^[=+\-@\t\r]/

/** Whether a spreadsheet would read the text as the start of a formula. */
export function looksLikeFormula(value: string): boolean {
  return FORMULA_START.test(value)
}

export interface CsvCellOptions {
  /**
   * Prefix formula-like text with an apostrophe (default). Off only for values the console
   * formats itself (ids, times, counts), never for text that came from a person or a provider.
   */
  guard?: boolean
}

/** One cell, guarded and quoted as needed for `delimiter`. */
export function csvCell(value: string, delimiter: string, o: CsvCellOptions = {}): string {
  const v = o.guard === false || !looksLikeFormula(value) ? value : `'${value}`
  return v.includes(delimiter) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

/** A cell with its own guard setting, for lines that mix typed text and formatted values. */
export interface CsvValue {
  value: string
  guard: boolean
}

/** One line: its cells joined by `delimiter`, ended by CRLF. Plain strings are guarded. */
export function csvLine(cells: ReadonlyArray<string | CsvValue>, delimiter: string): string {
  return (
    cells
      .map((c) =>
        typeof c === 'string'
          ? csvCell(c, delimiter)
          : csvCell(c.value, delimiter, { guard: c.guard }),
      )
      .join(delimiter) + CSV_EOL
  )
}
