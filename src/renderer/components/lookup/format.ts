/** Small formatting helpers the HLR, numbers and inbox screens share. */
import type { Lang } from '../../i18n'

const LOCALES: Record<Lang, string> = { en: 'en-GB', ru: 'ru-RU' }

export function formatMoney(amount: number | null, lang: Lang): string {
  if (amount === null) return '—'
  return amount.toLocaleString(LOCALES[lang], {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })
}

export function formatDateTime(epochMs: number | null, lang: Lang): string {
  if (epochMs === null) return '—'
  return new Date(epochMs).toLocaleString(LOCALES[lang], {
    dateStyle: 'short',
    timeStyle: 'short',
  })
}
