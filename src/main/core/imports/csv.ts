/**
 * A streaming RFC 4180 parser: text goes in by chunks of any size, rows come out as they end.
 * Quoted fields, doubled quotes, CR/LF/CRLF line ends (kept inside quotes), ragged rows; empty
 * lines are skipped. Memory is one row, whatever the file's size.
 */
import type { PhraseRef } from '../../../shared/domain'
import { englishOf, phrase } from '../../../shared/phrases'

export interface CsvRow {
  /** Physical line (1-based) the row starts on, as a spreadsheet would number it. */
  line: number
  cells: string[]
}

export class CsvError extends Error {
  /** The message as a phrase, for the renderer to word in the operator's language. */
  readonly phrase: PhraseRef

  constructor(
    said: PhraseRef,
    readonly line: number,
  ) {
    super(englishOf(said))
    this.name = 'CsvError'
    this.phrase = said
  }
}

export interface CsvParserOptions {
  delimiter: string
  /**
   * Longest field accepted. A stray opening quote would otherwise swallow the rest of the file
   * into one field; no SMS column is anywhere near this.
   */
  maxFieldChars?: number
}

const enum S {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: a doubled quote or the field's end. */
  QuoteInQuoted,
  /** Text after a closing quote (`"a"b`): kept, as spreadsheets do. */
  AfterQuoted,
}

const CR = 13
const LF = 10
const QUOTE = 34

export class CsvParser {
  private state = S.FieldStart
  private field = ''
  private cells: string[] = []
  private line = 1
  private rowLine = 1
  private rowQuoted = false
  private pendingCr = false
  /** Inside quotes: the last character seen was CR (a CRLF may straddle two chunks). */
  private quotedCr = false
  private readonly delim: number
  private readonly maxField: number

  constructor(options: CsvParserOptions) {
    if (options.delimiter.length !== 1) throw new Error('the delimiter must be one character')
    this.delim = options.delimiter.charCodeAt(0)
    this.maxField = options.maxFieldChars ?? 100_000
  }

  /** Parses a chunk; returns the rows it completed. */
  push(chunk: string): CsvRow[] {
    const out: CsvRow[] = []
    const n = chunk.length
    let i = 0
    // Where the text of the current field starts in this chunk (-1: none); a field cut by the
    // previous chunk goes on from this chunk's first character.
    let start =
      this.state === S.Unquoted || this.state === S.Quoted || this.state === S.AfterQuoted ? 0 : -1
    while (i < n) {
      const c = chunk.charCodeAt(i)
      if (this.pendingCr) {
        this.pendingCr = false
        if (c === LF) {
          i++
          continue
        }
      }
      switch (this.state) {
        case S.FieldStart:
          if (c === QUOTE) {
            this.state = S.Quoted
            this.rowQuoted = true
            start = i + 1
            i++
          } else {
            this.state = S.Unquoted
            start = i
          }
          continue
        case S.Unquoted:
        case S.AfterQuoted: {
          if (c === this.delim || c === CR || c === LF) {
            this.field += chunk.slice(start, i)
            start = -1
            this.endField(c, out)
          }
          i++
          continue
        }
        case S.Quoted: {
          const q = chunk.indexOf('"', i)
          const end = q < 0 ? n : q
          this.countLines(chunk, i, end)
          if (q < 0) {
            i = n
            continue
          }
          this.field += chunk.slice(start, q)
          this.quotedCr = false
          this.checkLength()
          start = -1
          this.state = S.QuoteInQuoted
          i = q + 1
          continue
        }
        case S.QuoteInQuoted:
          if (c === QUOTE) {
            this.field += '"'
            this.state = S.Quoted
            start = i + 1
            i++
          } else if (c === this.delim || c === CR || c === LF) {
            this.endField(c, out)
            i++
          } else {
            this.state = S.AfterQuoted
            start = i
          }
          continue
      }
    }
    if (start >= 0 && start < n) {
      this.field += chunk.slice(start)
    }
    this.checkLength()
    return out
  }

  /** The input ended: the last row, if it had no line end. */
  end(): CsvRow[] {
    const out: CsvRow[] = []
    if (this.state === S.Quoted) {
      throw new CsvError(phrase('csv.unclosedQuote', { line: this.rowLine }), this.rowLine)
    }
    if (this.state !== S.FieldStart || this.cells.length > 0) {
      this.cells.push(this.field)
      this.emitRow(out)
    }
    return out
  }

  private endField(c: number, out: CsvRow[]): void {
    this.cells.push(this.field)
    this.field = ''
    this.state = S.FieldStart
    if (c === this.delim) return
    this.emitRow(out)
    this.line++
    if (c === CR) this.pendingCr = true
    this.rowLine = this.line
  }

  private emitRow(out: CsvRow[]): void {
    const cells = this.cells
    this.cells = []
    const quoted = this.rowQuoted
    this.rowQuoted = false
    // An empty line is no row; a line holding "" is a row with one empty cell.
    if (cells.length === 1 && cells[0] === '' && !quoted) return
    out.push({ line: this.rowLine, cells })
  }

  /** Line ends inside a quoted field still move the physical line count. */
  private countLines(chunk: string, from: number, to: number): void {
    for (let j = from; j < to; j++) {
      const c = chunk.charCodeAt(j)
      if (c === LF) {
        if (!this.quotedCr) this.line++
        this.quotedCr = false
      } else if (c === CR) {
        this.line++
        this.quotedCr = true
      } else {
        this.quotedCr = false
      }
    }
  }

  private checkLength(): void {
    if (this.field.length > this.maxField) {
      throw new CsvError(
        phrase('csv.fieldTooLong', { line: this.rowLine, max: this.maxField }),
        this.rowLine,
      )
    }
  }
}

/** Parses a whole (small) text at once. */
export function parseCsv(text: string, delimiter: string): CsvRow[] {
  const parser = new CsvParser({ delimiter })
  return [...parser.push(text), ...parser.end()]
}
