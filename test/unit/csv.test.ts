// The streaming CSV parser: RFC 4180 quoting, line ends of every kind, any chunking.
import { describe, expect, it } from 'vitest'
import { CsvError, CsvParser, parseCsv, type CsvRow } from '../../src/main/core/imports/csv'

const cells = (rows: CsvRow[]) => rows.map((r) => r.cells)

/** The same text fed one character at a time must parse the same as all at once. */
function byChars(text: string, delimiter: string): CsvRow[] {
  const p = new CsvParser({ delimiter })
  const out: CsvRow[] = []
  for (const c of text) out.push(...p.push(c))
  return [...out, ...p.end()]
}

describe('CsvParser', () => {
  it('splits plain fields on the delimiter and rows on LF, CRLF and CR', () => {
    const text = 'a;b;c\r\n1;2;3\n4;5;6\r7;8;9'
    const expected = [
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '5', '6'],
      ['7', '8', '9'],
    ]
    expect(cells(parseCsv(text, ';'))).toEqual(expected)
    expect(cells(byChars(text, ';'))).toEqual(expected)
  })

  it('reads quoted fields with delimiters, doubled quotes and embedded CR/LF', () => {
    const text = 'phone,text\r\n"992 90","Hello, ""Ivan""\r\nsee you\nsoon"\r\n"",x\r\n'
    const rows = parseCsv(text, ',')
    expect(cells(rows)).toEqual([
      ['phone', 'text'],
      ['992 90', 'Hello, "Ivan"\r\nsee you\nsoon'],
      ['', 'x'],
    ])
    expect(cells(byChars(text, ','))).toEqual(cells(rows))
    // Line numbers count the physical lines, those inside quotes too.
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5])
  })

  it('keeps ragged rows as they are and skips empty lines', () => {
    const rows = parseCsv('a\tb\tc\n\n1\n\r\n2\t3\t4\t5\n', '\t')
    expect(cells(rows)).toEqual([['a', 'b', 'c'], ['1'], ['2', '3', '4', '5']])
    expect(rows.map((r) => r.line)).toEqual([1, 3, 5])
  })

  it('treats a row holding only "" as a row, and a trailing delimiter as an empty cell', () => {
    expect(cells(parseCsv('""\na;\n', ';'))).toEqual([[''], ['a', '']])
  })

  it('keeps text after a closing quote, as spreadsheets do', () => {
    expect(cells(parseCsv('"a"b;c', ';'))).toEqual([['ab', 'c']])
  })

  it('reads a huge field split over many chunks', () => {
    const big = 'x'.repeat(90_000) + '""' + 'y'.repeat(5_000)
    const text = `1;"${big}";z\n2;b;c\n`
    const p = new CsvParser({ delimiter: ';' })
    const out: CsvRow[] = []
    for (let i = 0; i < text.length; i += 777) out.push(...p.push(text.slice(i, i + 777)))
    out.push(...p.end())
    expect(out).toHaveLength(2)
    expect(out[0]?.cells[1]).toBe('x'.repeat(90_000) + '"' + 'y'.repeat(5_000))
    expect(out[1]?.cells).toEqual(['2', 'b', 'c'])
  })

  it('refuses a field past the limit instead of swallowing the file (an unclosed quote)', () => {
    const p = new CsvParser({ delimiter: ';', maxFieldChars: 1000 })
    p.push('a;b\n1;"unclosed\n')
    expect(() => p.push('z'.repeat(2000))).toThrow(CsvError)
  })

  it('reports a quote never closed at the end of the input', () => {
    const p = new CsvParser({ delimiter: ';' })
    p.push('a;"open\n')
    expect(() => p.end()).toThrow(/never closed/)
  })

  it('handles a CRLF split across two chunks', () => {
    const p = new CsvParser({ delimiter: ';' })
    const rows = [...p.push('a;b\r'), ...p.push('\nc;d\r'), ...p.push('\n'), ...p.end()]
    expect(cells(rows)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ])
    expect(rows.map((r) => r.line)).toEqual([1, 2])
  })
})
