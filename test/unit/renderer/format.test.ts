// Dates, times and numbers read one way per interface language on every screen: the shared
// formatters, and no screen formatting a date its own way.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import {
  formatDateTime,
  formatMoney,
  formatNumber,
  formatPrice,
  formatTime,
} from '../../../src/renderer/format'

const RENDERER = join(__dirname, '../../../src/renderer')
const at = new Date(2026, 11, 5, 17, 4, 5).getTime()
const plain = (s: string) => s.replace(/\s/g, ' ')

describe('formats', () => {
  it('day, month, year and a 24-hour clock in English; the Russian way in Russian', () => {
    expect(formatDateTime(at, 'en')).toBe('05/12/2026, 17:04')
    expect(formatDateTime(at, 'en', true)).toBe('05/12/2026, 17:04:05')
    expect(formatDateTime(at, 'ru')).toBe('05.12.2026, 17:04')
    expect(formatTime(at, 'en')).toBe('17:04')
    expect(formatTime(at, 'ru', true)).toBe('17:04:05')
    expect(formatDateTime(null, 'en')).toBe('—')
  })

  it('groups digits and writes decimals as each language does', () => {
    expect(formatNumber(1234567, 'en')).toBe('1,234,567')
    expect(plain(formatNumber(1234567, 'ru'))).toBe('1 234 567')
    expect(formatMoney(1234.5, 'en')).toBe('1,234.50')
    expect(plain(formatMoney(1234.5, 'ru'))).toBe('1 234,50')
  })

  it('builds each formatter once per language, not once per call (lists re-render per push)', () => {
    // toLocaleString(locale, options) builds a formatter inside each call: none of those, and
    // the Intl constructors run at most once per language however many values are formatted.
    const built = { dates: 0, numbers: 0 }
    const real = { dates: Intl.DateTimeFormat, numbers: Intl.NumberFormat }
    const perCall = [
      vi.spyOn(Date.prototype, 'toLocaleString'),
      vi.spyOn(Date.prototype, 'toLocaleTimeString'),
      vi.spyOn(Number.prototype, 'toLocaleString'),
    ]
    const counting = <T extends object>(target: T, kind: keyof typeof built): T =>
      new Proxy(target, {
        construct: (t, args: unknown[]) => {
          built[kind]++
          return Reflect.construct(t as new (...a: unknown[]) => object, args) as object
        },
      })
    Intl.DateTimeFormat = counting(real.dates, 'dates')
    Intl.NumberFormat = counting(real.numbers, 'numbers')
    try {
      for (let i = 0; i < 50; i++) {
        formatDateTime(at + i, 'en', true)
        formatTime(at + i, 'en', true)
        formatNumber(i, 'en')
        formatPrice(i / 3, 'en')
      }
      expect(built.dates).toBeLessThanOrEqual(2)
      expect(built.numbers).toBeLessThanOrEqual(2)
      expect(perCall.map((s) => s.mock.calls.length)).toEqual([0, 0, 0])
    } finally {
      Intl.DateTimeFormat = real.dates
      Intl.NumberFormat = real.numbers
      perCall.forEach((s) => s.mockRestore())
    }
  })
})

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.tsx?$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  )
}

it('no screen formats a date, a time or a number itself: all go through format.ts', () => {
  const own = /\.toLocale(Date|Time)?String\(/
  const offenders = sources(RENDERER)
    .filter((f) => !f.endsWith('format.ts'))
    .filter((f) => own.test(readFileSync(f, 'utf8')))
    .map((f) => relative(RENDERER, f))
  expect(offenders).toEqual([])
})
