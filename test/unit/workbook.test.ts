// How a workbook's cells become the text of an import's rows (workbook.ts), and which sheet an
// import reads unless the operator chooses (service.ts).
import { describe, expect, it } from 'vitest'
import { firstSheet } from '../../src/main/core/imports/service'
import { cellText, isOldExcel, isZip } from '../../src/main/core/imports/workbook'

describe('cellText', () => {
  it('writes a number stored as a number by every digit, never as an exponent', () => {
    expect(cellText(992901234567)).toBe('992901234567')
    expect(cellText(79123456789012)).toBe('79123456789012')
    expect(cellText(1e20)).toBe('100000000000000000000')
    expect(cellText(0.1 + 0.2)).toBe('0.3')
    expect(cellText(-12.5)).toBe('-12.5')
  })

  it('keeps the decimals a fixed number format shows', () => {
    expect(cellText(1500.5, '0.00')).toBe('1500.50')
    expect(cellText(1500.5, '#,##0.000')).toBe('1500.500')
    expect(cellText(42, '0.00;[Red]-0.00')).toBe('42.00')
    // A format that is not a plain fixed one leaves the number as it is.
    expect(cellText(1500.5, 'General')).toBe('1500.5')
  })

  it('writes a date as the region does, with its time when it has one', () => {
    expect(cellText(new Date(Date.UTC(2026, 11, 5)))).toBe('05.12.2026')
    expect(cellText(new Date(Date.UTC(2026, 0, 31, 9, 5)))).toBe('31.01.2026 09:05')
    expect(cellText(new Date(Date.UTC(2026, 0, 31, 9, 5, 7)))).toBe('31.01.2026 09:05:07')
  })

  it('reads formulas by their result, rich text as its words, errors as Excel shows them', () => {
    expect(cellText({ formula: 'A1&B1', result: 'Иван Петров' })).toBe('Иван Петров')
    expect(cellText({ formula: 'A1*2', result: 992901000001 })).toBe('992901000001')
    expect(cellText({ formula: 'A1' })).toBe('')
    expect(cellText({ sharedFormula: 'A2', result: 7 } as never)).toBe('7')
    expect(cellText({ richText: [{ text: 'Ан' }, { text: 'на' }] })).toBe('Анна')
    expect(cellText({ error: '#N/A' } as never)).toBe('#N/A')
    expect(cellText(true)).toBe('TRUE')
    expect(cellText(null)).toBe('')
    expect(cellText({ text: 'site', hyperlink: 'https://example.com' })).toBe('site')
  })
})

describe('the file kind from its first bytes', () => {
  it('tells a workbook (ZIP) and an Excel 97–2003 file from text', () => {
    expect(isZip(Buffer.from('PK\x03\x04rest', 'latin1'))).toBe(true)
    expect(isZip(Buffer.from('phone;name\n'))).toBe(false)
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0])
    expect(isOldExcel(ole)).toBe(true)
    expect(isOldExcel(Buffer.from('PK\x03\x04', 'latin1'))).toBe(false)
  })
})

describe('firstSheet', () => {
  const s = (rows: number, hidden = false) => ({ rows, hidden })
  it('reads the shown sheet with the most rows, a hidden one only when nothing else has any', () => {
    expect(firstSheet([s(1), s(500), s(20)])).toBe(1)
    expect(firstSheet([s(3), s(3)])).toBe(0)
    expect(firstSheet([s(2), s(9000, true)])).toBe(0)
    expect(firstSheet([s(0), s(40, true)])).toBe(1)
    expect(firstSheet([s(0), s(0)])).toBe(0)
  })
})
