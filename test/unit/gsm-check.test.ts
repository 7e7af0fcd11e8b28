// What forces a text into UCS-2, and the one-click fix that keeps it GSM-7 where the meaning
// stays the same.
import { describe, expect, it } from 'vitest'
import { checkGsm } from '../../src/shared/gsm-check'
import { analyzeSms } from '../../src/shared/sms'

describe('the pre-flight text check', () => {
  it('names typographic quotes, dashes and ellipses, and replaces them, saving parts', () => {
    const text = `Your order “4812” is ready — pick it up today… ${'Thanks for shopping with us. '.repeat(2)}`
    expect(analyzeSms(text).encoding).toBe('UCS2')
    const c = checkGsm(text)
    expect(c.chars.map((x) => [x.char, x.count, x.replacement])).toEqual([
      ['“', 1, '"'],
      ['”', 1, '"'],
      ['—', 1, '-'],
      ['…', 1, '...'],
    ])
    expect(c.fixed).toBe(
      `Your order "4812" is ready - pick it up today... ${'Thanks for shopping with us. '.repeat(2)}`,
    )
    expect(analyzeSms(c.fixed ?? '').encoding).toBe('GSM7')
    expect(c.partsNow).toBe(2)
    expect(c.partsFixed).toBe(1)
  })

  it('takes a Cyrillic letter inside a Latin word for the Latin one', () => {
    // "Hellо" typed with a Cyrillic о, "Сode" with a Cyrillic С.
    const c = checkGsm('Hellо! Сode 1234')
    expect(c.chars.map((x) => [x.char, x.replacement])).toEqual([
      ['о', 'o'],
      ['С', 'C'],
    ])
    expect(c.fixed).toBe('Hello! Code 1234')
  })

  it('offers nothing where the meaning would change: Cyrillic words, emoji', () => {
    const russian = checkGsm('Ваш заказ готов')
    expect(russian.fixed).toBeNull()
    expect(russian.chars.every((x) => x.replacement === null || /[а-яА-Я]/.test(x.char))).toBe(true)
    const emoji = checkGsm('Thanks! 🙂')
    expect(emoji.chars).toEqual([{ char: '🙂', count: 1, replacement: null }])
    expect(emoji.fixed).toBeNull()
    // A Cyrillic о standing alone among Russian words is not a slip.
    expect(checkGsm('Hello о').chars[0]?.replacement).toBeNull()
  })

  it('has nothing to say about a GSM-7 text', () => {
    expect(checkGsm('Your code is 1234 {ok} €5')).toEqual({
      chars: [],
      fixed: null,
      partsNow: 1,
      partsFixed: 1,
    })
  })
})
