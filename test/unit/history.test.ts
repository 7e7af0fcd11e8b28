// Pure parts of History and Delivery reports in main: filters to SQL, search words, CSV fields.
import { describe, expect, it } from 'vitest'
import {
  csvField,
  foldText,
  ftsQuery,
  localTime,
  whereOf,
  yoSpellings,
} from '../../src/main/core/history/query'

describe('filters as SQL', () => {
  it('matches a whole number exactly and a part anywhere, digits only', () => {
    expect(whereOf({ phone: '+992 (90) 123-45-67' })).toMatchObject({
      clauses: ['m.phone = @phone'],
      params: { phone: '992901234567' },
    })
    expect(whereOf({ phone: '45-67' }).params).toEqual({ phone: '%4567%' })
    expect(whereOf({ phone: ' + ' }).clauses).toEqual([])
  })

  it('compares text folded (case, ё as е), binds every value and quotes the index query', () => {
    const w = whereOf({ text: 'Ёдгор 50%_off"' })
    expect(w.params.text).toBe('едгор 50%_off"')
    expect(w.exact).toEqual(['instr(fold_text(m.text), @text) > 0'])
    expect(w.trigrams).toBe('text : ("едгор 50%_off""" OR "ёдгор 50%_off""")')
    const all = whereOf({
      states: ['failed', 'failed', 'expired'],
      profileId: "x'; DROP TABLE messages; --",
      batchId: null,
      from: 1,
      to: 2,
    })
    expect(all.clauses).toEqual([
      'm.state IN (@s0, @s1)',
      'm.profile_id = @profileId',
      'm.batch_id IS NULL',
      'm.created_at >= @from',
      'm.created_at < @to',
    ])
    expect(all.clauses.join(' ')).not.toContain('DROP')
  })

  it('reads one search box as a number, digits anywhere, words, or fragments in quotes', () => {
    // A whole number: exactly; part of one: in the number or the text (an order number).
    expect(whereOf({ query: '+992 (93) 555-01-77' })).toMatchObject({
      clauses: ['m.phone = @qPhone'],
      exact: [],
      params: { qPhone: '992935550177' },
      trigrams: null,
      words: null,
    })
    expect(whereOf({ query: ' 555 01 ' })).toMatchObject({
      exact: ['(instr(m.phone, @qDigits) > 0 OR instr(m.text, @qDigits) > 0)'],
      params: { qDigits: '55501' },
      trigrams: '"55501"',
    })
    // Words: the beginnings of words of the text, е and ё alike; in quotes: fragments anywhere.
    const w = whereOf({ query: 'Ёдгор "ЗДРАВСТВУЙТЕ" заказ "4812" "ок" "' })
    expect(w.words).toBe('("едгор"* OR "ёдгор"*) AND "заказ"*')
    expect(w.wordsText?.trim().split(/\s+/)).toEqual(['Ёдгор', 'заказ'])
    expect(w.params).toEqual({ q0: 'здравствуйте', q1: '4812', q2: 'ок' })
    expect(w.exact).toEqual([
      'instr(fold_text(m.text), @q0) > 0',
      '(instr(fold_text(m.text), @q1) > 0 OR instr(m.phone, @q1) > 0)',
    ])
    expect(w.trigrams).toBe('text : ("здравствуйте" OR "здравствуйтё") AND ("4812")')
    // A fragment too short for the trigram index is checked on every row.
    expect(w.clauses).toEqual(['instr(fold_text(m.text), @q2) > 0'])
    expect(whereOf({ query: '   ' })).toMatchObject({ exact: [], words: null, trigrams: null })
    expect(whereOf({ query: '""' })).toMatchObject({ exact: [], words: null, trigrams: null })
    expect(whereOf({ query: '«Ваш заказ» „готов“' }).params).toEqual({
      q0: 'ваш заказ',
      q1: 'готов',
    })
  })

  it('spells a term every way its е may have been written', () => {
    expect(foldText('ЁЛКА Ёлка')).toBe('елка елка')
    expect(yoSpellings('код')).toEqual(['код'])
    expect(yoSpellings('ЕЩЁ')).toEqual(['еЩе', 'ёЩе', 'еЩё', 'ёЩё'])
    expect(yoSpellings('еще')).toEqual(['еще', 'ёще', 'ещё', 'ёщё'])
    // At most the first four е's: sixteen spellings.
    expect(yoSpellings('еееееее')).toHaveLength(16)
  })

  it('turns search words into quoted prefix terms, never operators', () => {
    expect(ftsQuery('заказ  Готов')).toBe('"заказ"* AND "Готов"*')
    expect(ftsQuery('a" OR b')).toBe('"a"""* AND "OR"* AND "b"*')
    expect(ftsQuery('Ёлка')).toBe('("елка"* OR "ёлка"*)')
    expect(ftsQuery(' - " * ')).toBeNull()
    expect(whereOf({ search: '***' }).words).toBeNull()
    expect(whereOf({ search: 'код' })).toMatchObject({ words: '"код"*', params: {} })
  })

  it('narrows "contains" of three or more characters through the trigram index, exact checks deciding the rest', () => {
    expect(whereOf({ text: ' 50% "off" ', phone: '4567' })).toMatchObject({
      clauses: ["m.phone LIKE @phone ESCAPE '\\'"],
      exact: ['instr(fold_text(m.text), @text) > 0'],
      trigrams: 'phone : "4567" AND text : ("50% ""off""")',
    })
    expect(whereOf({ text: 'ab', phone: '45' }).trigrams).toBeNull()
    expect(whereOf({ text: 'абв' }).trigrams).toBe('text : ("абв")')
    expect(whereOf({ phone: '992901234567' }).trigrams).toBeNull()
  })
})

describe('CSV fields', () => {
  it('quotes only what needs quoting, for the chosen delimiter', () => {
    expect(csvField('plain', ';')).toBe('plain')
    expect(csvField('a;b', ';')).toBe('"a;b"')
    expect(csvField('a,b', ';')).toBe('a,b')
    expect(csvField('a,b', ',')).toBe('"a,b"')
    expect(csvField('say "hi"', ',')).toBe('"say ""hi"""')
    expect(csvField('two\nlines', ',')).toBe('"two\nlines"')
    expect(csvField('Привет', '\t')).toBe('Привет')
  })

  it('keeps a spreadsheet from running text as a formula', () => {
    expect(csvField('=SUM(A1)', ';', true)).toBe("'=SUM(A1)")
    expect(csvField('@cmd', ';', true)).toBe("'@cmd")
    expect(csvField('=1', ';', false)).toBe('=1')
  })

  it('writes times in the operator’s zone', () => {
    const t = Date.UTC(2024, 2, 5, 21, 30, 7)
    expect(localTime(t, 0)).toBe('2024-03-05 21:30:07')
    // Dushanbe (UTC+5): getTimezoneOffset() is -300.
    expect(localTime(t, -300)).toBe('2024-03-06 02:30:07')
  })
})
