/**
 * Dates, times and numbers, one way per interface language on every screen: day/month/year and
 * a 24-hour clock in English (en-GB, as offices in the region read them), the Russian way in
 * Russian. Every screen formats through here (test/unit/renderer/format.test.ts checks that no
 * other module formats a date itself).
 */
import type { Lang } from './i18n'

const LOCALES: Record<Lang, string> = { en: 'en-GB', ru: 'ru-RU' }

/** "06/12/2026, 17:04" · "06.12.2026, 17:04" (with seconds: "…, 17:04:05"); "—" for none. */
export function formatDateTime(epochMs: number | null, lang: Lang, seconds = false): string {
  if (epochMs === null) return '—'
  return new Date(epochMs).toLocaleString(LOCALES[lang], {
    dateStyle: 'short',
    timeStyle: seconds ? 'medium' : 'short',
  })
}

/** "17:04" (with seconds: "17:04:05"). */
export function formatTime(epochMs: number, lang: Lang, seconds = false): string {
  return new Date(epochMs).toLocaleTimeString(LOCALES[lang], {
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
  })
}

/** "12,345" · "12 345". */
export function formatNumber(n: number, lang: Lang): string {
  return n.toLocaleString(LOCALES[lang])
}

/** "1,234.50" · "1 234,50"; "—" for none. */
export function formatMoney(amount: number | null, lang: Lang): string {
  if (amount === null) return '—'
  return amount.toLocaleString(LOCALES[lang], {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })
}

/** A price: at least two decimals, up to four. */
export function formatPrice(amount: number, lang: Lang): string {
  return amount.toLocaleString(LOCALES[lang], {
    minimumFractionDigits: 2,
    maximumFractionDigits: 4,
  })
}
