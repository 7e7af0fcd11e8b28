/**
 * Guessing how a CSV file was written, from its first bytes: the encoding (Excel in a Russian
 * locale writes Windows-1251; newer ones UTF-8 with a BOM; "Unicode text" is UTF-16 LE), the
 * delimiter (`;` in Russian locales, `,` elsewhere, tab for "text" exports) and whether the
 * first row is a header.
 */
import { CsvParser, type CsvRow } from './csv'

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251'
export const DELIMITERS = [';', ',', '\t'] as const
export type Delimiter = (typeof DELIMITERS)[number]

export interface EncodingGuess {
  encoding: CsvEncoding
  /** Bytes of byte-order mark to skip. */
  bom: number
}

/** How many bytes the sniffers look at. */
export const SAMPLE_BYTES = 64 * 1024

export function detectEncoding(sample: Uint8Array, complete: boolean): EncodingGuess {
  const [a, b, c] = sample
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', bom: 3 }
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', bom: 2 }
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', bom: 2 }
  const wide = utf16WithoutBom(sample)
  if (wide) return { encoding: wide, bom: 0 }
  try {
    // stream: a sample cut in the middle of a character is still valid UTF-8.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete })
    return { encoding: 'utf-8', bom: 0 }
  } catch {
    return { encoding: 'windows-1251', bom: 0 }
  }
}

/** ASCII-heavy UTF-16 text has a zero in every other byte. */
function utf16WithoutBom(sample: Uint8Array): CsvEncoding | null {
  const n = Math.min(sample.length, 4096) & ~1
  if (n < 8) return null
  let evenZeros = 0
  let oddZeros = 0
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) evenZeros++
    if (sample[i + 1] === 0) oddZeros++
  }
  const half = n / 2
  if (oddZeros > half * 0.4 && evenZeros < half * 0.05) return 'utf-16le'
  if (evenZeros > half * 0.4 && oddZeros < half * 0.05) return 'utf-16be'
  return null
}

export function decodeSample(sample: Uint8Array, guess: EncodingGuess): string {
  return new TextDecoder(guess.encoding).decode(sample.subarray(guess.bom), { stream: true })
}

/** The delimiter that splits the first lines into the same number (> 1) of fields most often. */
export function detectDelimiter(text: string, complete: boolean): Delimiter {
  let best: { d: Delimiter; score: number; width: number } | null = null
  for (const d of DELIMITERS) {
    const rows = sampleRows(text, d, complete, 30)
    const widths = new Map<number, number>()
    for (const r of rows) widths.set(r.cells.length, (widths.get(r.cells.length) ?? 0) + 1)
    let width = 1
    let count = 0
    for (const [w, c] of widths) {
      if (w > 1 && (c > count || (c === count && w > width))) {
        width = w
        count = c
      }
    }
    const score = rows.length === 0 ? 0 : count / rows.length
    if (count > 0 && (!best || score > best.score || (score === best.score && width > best.width)))
      best = { d, score, width }
  }
  return best?.d ?? (text.includes(';') ? ';' : ',')
}

/** Rows of a sample; the last one is dropped when the sample may have cut it. */
export function sampleRows(text: string, delimiter: string, complete: boolean, max = 50): CsvRow[] {
  const parser = new CsvParser({ delimiter, maxFieldChars: text.length + 1 })
  let rows: CsvRow[]
  try {
    rows = parser.push(text)
    if (complete) rows.push(...parser.end())
  } catch {
    return []
  }
  return rows.slice(0, max)
}

const PHONE_LIKE = /^\+?[\d\s().-]{7,24}$/

export function looksLikePhone(cell: string): boolean {
  const t = cell.trim()
  return PHONE_LIKE.test(t) && t.replace(/\D/g, '').length >= 7
}

/**
 * A header row names columns: a first row with no phone-like cell above rows that have them,
 * or one with no digits at all above rows that do.
 */
export function detectHeader(rows: readonly CsvRow[]): boolean {
  const [first, ...rest] = rows
  if (!first || rest.length === 0) return false
  const width = Math.max(...rows.map((r) => r.cells.length))
  for (let col = 0; col < width; col++) {
    const phones = rest.filter((r) => looksLikePhone(r.cells[col] ?? '')).length
    if (phones >= Math.ceil(rest.length / 2) && !looksLikePhone(first.cells[col] ?? '')) return true
  }
  const digitsIn = (r: CsvRow) => r.cells.some((c) => /\d/.test(c))
  return !digitsIn(first) && rest.some(digitsIn)
}

const PHONE_HEADER = /phone|tel|mobile|msisdn|number|тел|номер|моб/i

/** The column most likely to hold the numbers: by its header's name, else by its values. */
export function guessPhoneColumn(columns: readonly string[], rows: readonly string[][]): number {
  const byName = columns.findIndex((c) => PHONE_HEADER.test(c))
  if (byName >= 0) return byName
  let best = 0
  let bestCount = -1
  columns.forEach((_, col) => {
    const n = rows.filter((r) => looksLikePhone(r[col] ?? '')).length
    if (n > bestCount) {
      best = col
      bestCount = n
    }
  })
  return best
}
