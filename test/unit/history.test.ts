// Pure parts of History and Delivery reports in main: filters to SQL, search words, CSV fields.
import { describe, expect, it } from 'vitest'
import { csvField, ftsQuery, localTime, whereOf } from '../../src/main/core/history/query'

describe('filters as SQL', () => {
  it('matches a whole number exactly and a part anywhere, digits only', () => {
    expect(whereOf({ phone: '+992 (90) 123-45-67' })).toMatchObject({
      clauses: ['m.phone = @phone'],
      params: { phone: '992901234567' },
    })
    expect(whereOf({ phone: '45-67' }).params).toEqual({ phone: '%4567%' })
    expect(whereOf({ phone: ' + ' }).clauses).toEqual([])
  })

  it('escapes LIKE wildcards in the text filter and binds every value', () => {
    const w = whereOf({ text: '50%_off\\' })
    expect(w.params.text).toBe('%50\\%\\_off\\\\%')
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

  it('turns search words into quoted prefix terms, never operators', () => {
    expect(ftsQuery('заказ  Готов')).toBe('"заказ"* "Готов"*')
    expect(ftsQuery('a" OR b')).toBe('"a"""* "OR"* "b"*')
    expect(ftsQuery(' - " * ')).toBeNull()
    expect(whereOf({ search: '***' }).words).toBeNull()
    expect(whereOf({ search: 'код' })).toMatchObject({ words: '"код"*', params: {} })
  })

  it('narrows "contains" of three or more characters through the trigram index, LIKE deciding', () => {
    expect(whereOf({ text: ' 50% "off" ', phone: '4567' })).toMatchObject({
      clauses: ["m.phone LIKE @phone ESCAPE '\\'", "m.text LIKE @text ESCAPE '\\'"],
      trigrams: 'phone : "4567" AND text : "50% ""off"""',
    })
    expect(whereOf({ text: 'ab', phone: '45' }).trigrams).toBeNull()
    expect(whereOf({ text: 'абв' }).trigrams).toBe('text : "абв"')
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
