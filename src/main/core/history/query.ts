/**
 * The pure half of the history store: a filter turned into SQL fragments with named
 * parameters, the full-text query an agent's words become, and CSV formatting.
 */
import type { HistoryFilter } from '../../../shared/calls/history'
import type { OutboxMessage } from '../../../shared/contract'
import { CSV_BOM, csvCell, csvLine } from '../../../shared/csv-write'

export interface WhereParts {
  /** The query must be driven by the full-text index (messages_fts f). */
  fts: boolean
  /** AND-ed conditions over `m` (messages) and, with fts, `f`. */
  clauses: string[]
  params: Record<string, string | number>
}

/** A whole international number has at least this many digits: it is matched exactly. */
export const EXACT_PHONE_DIGITS = 11

export function whereOf(filter: HistoryFilter): WhereParts {
  const clauses: string[] = []
  const params: Record<string, string | number> = {}
  const digits = (filter.phone ?? '').replace(/\D/g, '')
  if (digits.length >= EXACT_PHONE_DIGITS) {
    clauses.push('m.phone = @phone')
    params.phone = digits
  } else if (digits.length > 0) {
    clauses.push("m.phone LIKE @phone ESCAPE '\\'")
    params.phone = `%${digits}%`
  }
  if (filter.text !== undefined && filter.text.trim() !== '') {
    clauses.push("m.text LIKE @text ESCAPE '\\'")
    params.text = `%${escapeLike(filter.text.trim())}%`
  }
  const match = filter.search === undefined ? null : ftsQuery(filter.search)
  if (match !== null) {
    clauses.push('messages_fts MATCH @match')
    params.match = match
  }
  const states = [...new Set(filter.states ?? [])]
  if (states.length > 0) {
    clauses.push(`m.state IN (${states.map((_, i) => `@s${i}`).join(', ')})`)
    states.forEach((s, i) => (params[`s${i}`] = s))
  }
  if (filter.profileId !== undefined) {
    clauses.push('m.profile_id = @profileId')
    params.profileId = filter.profileId
  }
  if (filter.batchId === null) clauses.push('m.batch_id IS NULL')
  else if (filter.batchId !== undefined) {
    clauses.push('m.batch_id = @batchId')
    params.batchId = filter.batchId
  }
  if (filter.from !== undefined) {
    clauses.push('m.created_at >= @from')
    params.from = filter.from
  }
  if (filter.to !== undefined) {
    clauses.push('m.created_at < @to')
    params.to = filter.to
  }
  return { fts: match !== null, clauses, params }
}

/**
 * The agent's words as an FTS5 query: each word quoted (so no word is read as an operator)
 * and matched as a prefix; all must occur. Null when nothing searchable was typed.
 */
export function ftsQuery(search: string): string | null {
  const words = search
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, 16)
  if (words.length === 0) return null
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ')
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** The FROM part: through the full-text index when searching, so it yields rowids in order. */
export function fromOf(parts: WhereParts): string {
  return parts.fts ? 'messages_fts JOIN messages m ON m.id = messages_fts.rowid' : 'messages m'
}

// ─── CSV ─────────────────────────────────────────────────────────────────────

export { CSV_BOM }

const HEADERS = {
  en: [
    'ID',
    'Created',
    'Updated',
    'Profile',
    'Batch',
    'Sender',
    'Phone',
    'Text',
    'Encoding',
    'Parts',
    'Status',
    'Reason',
    'Provider IDs',
  ],
  ru: [
    'ID',
    'Создано',
    'Изменено',
    'Профиль',
    'Рассылка',
    'Отправитель',
    'Телефон',
    'Текст',
    'Кодировка',
    'Частей',
    'Статус',
    'Причина',
    'ID у провайдера',
  ],
} as const

const STATE_NAMES_RU: Record<OutboxMessage['state'], string> = {
  queued: 'В очереди',
  scheduled: 'Запланировано',
  sending: 'Отправляется',
  accepted: 'Принято',
  delivered: 'Доставлено',
  failed: 'Не доставлено',
  expired: 'Истёк срок',
  uncertain: 'Не ясно',
  cancelled: 'Отменено',
}

/** One field, written by the console's one CSV cell writer (shared/csv-write). */
export function csvField(value: string, delimiter: string, guardFormula = false): string {
  return csvCell(value, delimiter, { guard: guardFormula })
}

export function csvHeader(lang: 'en' | 'ru', delimiter: string): string {
  return csvLine(
    HEADERS[lang].map((h) => ({ value: h, guard: false })),
    delimiter,
  )
}

export function csvRow(
  m: OutboxMessage,
  o: { delimiter: string; tzOffsetMinutes: number; lang: 'en' | 'ru'; profileName: string },
): string {
  const fields: [string, boolean][] = [
    [String(m.id), false],
    [localTime(m.createdAt, o.tzOffsetMinutes), false],
    [localTime(m.updatedAt, o.tzOffsetMinutes), false],
    [o.profileName, true],
    [m.batchId === null ? '' : String(m.batchId), false],
    [m.sender, true],
    [m.phone, false],
    [m.text, true],
    [m.encoding === 'GSM7' ? 'GSM-7' : 'UCS-2', false],
    [String(m.parts), false],
    [o.lang === 'ru' ? STATE_NAMES_RU[m.state] : m.state, false],
    [m.error ?? '', true],
    [m.providerIds.join(' '), false],
  ]
  return csvLine(
    fields.map(([value, guard]) => ({ value, guard })),
    o.delimiter,
  )
}

/** `YYYY-MM-DD hh:mm:ss` in the operator's zone: spreadsheets read it as a date and time. */
export function localTime(ms: number, tzOffsetMinutes: number): string {
  const d = new Date(ms - tzOffsetMinutes * 60_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
}
