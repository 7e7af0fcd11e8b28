/**
 * Dates, times and numbers, one way per interface language on every screen: day/month/year and
 * a 24-hour clock in English (en-GB, as offices in the region read them), the Russian way in
 * Russian. Every screen formats through here (test/unit/renderer/format.test.ts checks that no
 * other module formats a date, a time or a number itself).
 *
 * Each formatter is built once per language and kind: lists re-render on every pushed message,
 * and building an Intl formatter per call (as `toLocaleString(locale, options)` does) costs far
 * more than formatting with one.
 */
import { COUNTRY_CODES, MCC_COUNTRIES } from '../shared/mcc-countries'
import type { Lang } from './i18n'

const LOCALES: Record<Lang, string> = { en: 'en-GB', ru: 'ru-RU' }

function once<F>(make: (locale: string) => F): (lang: Lang) => F {
  const made = new Map<Lang, F>()
  return (lang) => {
    let f = made.get(lang)
    if (!f) made.set(lang, (f = make(LOCALES[lang])))
    return f
  }
}

const dateTime = once((l) => new Intl.DateTimeFormat(l, { dateStyle: 'short', timeStyle: 'short' }))
const dateTimeSeconds = once(
  (l) => new Intl.DateTimeFormat(l, { dateStyle: 'short', timeStyle: 'medium' }),
)
const time = once((l) => new Intl.DateTimeFormat(l, { hour: '2-digit', minute: '2-digit' }))
const timeSeconds = once(
  (l) => new Intl.DateTimeFormat(l, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
)
const number = once((l) => new Intl.NumberFormat(l))
const dayMonth = once(
  (l) => new Intl.DateTimeFormat(l, { day: '2-digit', month: '2-digit', timeZone: 'UTC' }),
)
const fullDay = once(
  (l) =>
    new Intl.DateTimeFormat(l, {
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      timeZone: 'UTC',
    }),
)
const percent = once(
  (l) => new Intl.NumberFormat(l, { style: 'percent', maximumFractionDigits: 1 }),
)
const regions = once((l) => new Intl.DisplayNames([l], { type: 'region', fallback: 'none' }))
const money = once(
  (l) => new Intl.NumberFormat(l, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
)
const price = once(
  (l) => new Intl.NumberFormat(l, { minimumFractionDigits: 2, maximumFractionDigits: 4 }),
)

/** "06/12/2026, 17:04" · "06.12.2026, 17:04" (with seconds: "…, 17:04:05"); "—" for none. */
export function formatDateTime(epochMs: number | null, lang: Lang, seconds = false): string {
  if (epochMs === null) return '—'
  return (seconds ? dateTimeSeconds : dateTime)(lang).format(epochMs)
}

/** "17:04" (with seconds: "17:04:05"). */
export function formatTime(epochMs: number, lang: Lang, seconds = false): string {
  return (seconds ? timeSeconds : time)(lang).format(epochMs)
}

/** Time left, counted down to the second: "14:59" (the same in every language); "0:00" when up. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`
}

/** A calendar day (YYYY-MM-DD) as "06/12" · "06.12". */
export function formatDay(day: string, lang: Lang): string {
  const ms = Date.parse(`${day}T00:00:00Z`)
  return Number.isNaN(ms) ? day : dayMonth(lang).format(ms)
}

/** A calendar day (YYYY-MM-DD) with its year: "06/12/2026" · "06.12.2026". */
export function formatDate(day: string, lang: Lang): string {
  const ms = Date.parse(`${day}T00:00:00Z`)
  return Number.isNaN(ms) ? day : fullDay(lang).format(ms)
}

/** The machine's local day of `epochMs` as a date field's value (YYYY-MM-DD). */
export function toDayInput(epochMs: number): string {
  return toLocalInput(epochMs).slice(0, 10)
}

/** A share (0.954) as "95.4%" · "95,4 %". */
export function formatPercent(share: number, lang: Lang): string {
  return percent(lang).format(share)
}

/** "12,345" · "12 345". */
export function formatNumber(n: number, lang: Lang): string {
  return number(lang).format(n)
}

/** "1,234.50" · "1 234,50"; "—" for none. */
export function formatMoney(amount: number | null, lang: Lang): string {
  return amount === null ? '—' : money(lang).format(amount)
}

/** A price: at least two decimals, up to four. */
export function formatPrice(amount: number, lang: Lang): string {
  return price(lang).format(amount)
}

/**
 * A country an HLR answer names, in the interface's language: by the network's country code
 * (MCC) where there is one, else by the English name the provider gave; as given when neither
 * is known. "Russian Federation" · "Россия".
 */
export function formatCountry(mcc: string | null, named: string | null, lang: Lang): string {
  const code = (mcc && MCC_COUNTRIES[mcc]) || (named && COUNTRY_CODES[named.trim()]) || null
  return (code && regions(lang).of(code)) || named || ''
}

/** A country by its ISO 3166 code, in the interface's language: "Tajikistan" · "Таджикистан". */
export function formatRegion(code: string, lang: Lang): string {
  return regions(lang).of(code) ?? code
}

/** Epoch ms as a datetime-local field's value (the machine's local time, to the minute). */
export function toLocalInput(epochMs: number): string {
  const d = new Date(epochMs - new Date(epochMs).getTimezoneOffset() * 60_000)
  return d.toISOString().slice(0, 16)
}

/** A datetime-local field's value as epoch ms (local time); null when empty or not a time. */
export function fromLocalInput(value: string): number | null {
  if (!value) return null
  const t = new Date(value).getTime()
  return Number.isFinite(t) ? t : null
}
