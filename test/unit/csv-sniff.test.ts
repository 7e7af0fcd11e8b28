// Guessing a CSV file's encoding, delimiter and header from its first bytes.
import { describe, expect, it } from 'vitest'
import {
  detectDelimiter,
  detectEncoding,
  detectHeader,
  guessPhoneColumn,
} from '../../src/main/core/imports/sniff'
import { sniff } from '../../src/main/core/imports/source'
import { parseCsv } from '../../src/main/core/imports/csv'

const TEXT = 'Телефон;Имя\n992901234567;Иван\n'

/** Windows-1251 bytes of a string (Cyrillic block and ASCII only). */
function cp1251(s: string): Uint8Array {
  return Uint8Array.from(
    [...s].map((c) => {
      const code = c.charCodeAt(0)
      if (code < 0x80) return code
      if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0
      if (c === 'Ё') return 0xa8
      if (c === 'ё') return 0xb8
      throw new Error(`no cp1251 byte for ${c}`)
    }),
  )
}

function utf16(s: string, be: boolean, bom: boolean): Uint8Array {
  const out: number[] = bom ? (be ? [0xfe, 0xff] : [0xff, 0xfe]) : []
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    out.push(...(be ? [c >> 8, c & 0xff] : [c & 0xff, c >> 8]))
  }
  return Uint8Array.from(out)
}

describe('detectEncoding', () => {
  it('UTF-8 with and without a BOM', () => {
    const bytes = new TextEncoder().encode(TEXT)
    expect(detectEncoding(bytes, true)).toEqual({ encoding: 'utf-8', bom: 0 })
    expect(detectEncoding(Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes]), true)).toEqual({
      encoding: 'utf-8',
      bom: 3,
    })
  })

  it('UTF-8 cut in the middle of a character by the sample is still UTF-8', () => {
    const bytes = new TextEncoder().encode(TEXT)
    expect(detectEncoding(bytes.subarray(0, 1), false).encoding).toBe('utf-8')
    expect(detectEncoding(bytes.subarray(0, 3), false).encoding).toBe('utf-8')
  })

  it('UTF-16 LE and BE by their BOM, and without one by the zero bytes of ASCII', () => {
    expect(detectEncoding(utf16(TEXT, false, true), true)).toEqual({ encoding: 'utf-16le', bom: 2 })
    expect(detectEncoding(utf16(TEXT, true, true), true)).toEqual({ encoding: 'utf-16be', bom: 2 })
    const ascii = 'phone;name\n992901234567;Ivan\n'
    expect(detectEncoding(utf16(ascii, false, false), true).encoding).toBe('utf-16le')
    expect(detectEncoding(utf16(ascii, true, false), true).encoding).toBe('utf-16be')
  })

  it('Windows-1251 when the bytes are not valid UTF-8', () => {
    expect(detectEncoding(cp1251(TEXT), true)).toEqual({ encoding: 'windows-1251', bom: 0 })
  })

  it('decodes each encoding to the same columns', () => {
    for (const bytes of [
      new TextEncoder().encode(TEXT),
      Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(TEXT)]),
      cp1251(TEXT),
      utf16(TEXT, false, true),
      utf16(TEXT, true, true),
    ]) {
      const s = sniff(bytes, true)
      expect(s.columns).toEqual(['Телефон', 'Имя'])
      expect(s.preview[0]?.cells).toEqual(['992901234567', 'Иван'])
      expect(s.phoneColumn).toBe(0)
    }
  })
})

describe('detectDelimiter', () => {
  it('finds ; , and tab by consistent field counts', () => {
    expect(detectDelimiter('a;b;c\n1;2;3\n4;5;6\n', true)).toBe(';')
    expect(detectDelimiter('a,b,c\n1,2,3\n4,5,6\n', true)).toBe(',')
    expect(detectDelimiter('a\tb\tc\n1\t2\t3\n', true)).toBe('\t')
  })

  it('is not fooled by commas inside the text of a ;-separated file', () => {
    const text = 'phone;text\n992901;Hello, Ivan, bye\n992902;Hi, Olga\n992903;Hey\n'
    expect(detectDelimiter(text, true)).toBe(';')
  })

  it('is not fooled by delimiters inside quotes', () => {
    const text = 'phone,text\n992901,"a;b;c;d"\n992902,"e;f"\n'
    expect(detectDelimiter(text, true)).toBe(',')
  })
})

describe('detectHeader', () => {
  it('a first row of names above rows of numbers is a header', () => {
    expect(detectHeader(parseCsv('phone;name\n992901234567;Ivan\n992901234568;Olga', ';'))).toBe(
      true,
    )
  })
  it('a first row that is data is not', () => {
    expect(detectHeader(parseCsv('992901234567;Ivan\n992901234568;Olga', ';'))).toBe(false)
  })
  it('numbers columns without a header and guesses the phone column by its values', () => {
    const s = sniff(new TextEncoder().encode('Ivan;992901234567\nOlga;992901234568\n'), true)
    expect(s.format.hasHeader).toBe(false)
    expect(s.columns).toEqual(['1', '2'])
    expect(s.phoneColumn).toBe(1)
    expect(guessPhoneColumn(['Имя', 'Номер телефона'], [])).toBe(1)
  })
})
