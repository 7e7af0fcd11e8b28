/**
 * The pure half of the history store: a filter turned into SQL fragments with named
 * parameters, the full-text query an agent's words become, and CSV formatting.
 */
import { foldText } from '../../../shared/fold'
import { reasonText } from '../../../shared/reason-text'
import type { HistoryFilter } from '../../../shared/calls/history'
import type { OutboxMessage } from '../../../shared/contract'
import { CSV_BOM, csvCell, csvLine, type CsvValue } from '../../../shared/csv-write'

export interface WhereParts {
  /** AND-ed conditions over `m` (messages) that every row must meet. */
  clauses: string[]
  /**
   * The exact conditions of "contains" (folded case, е as ё): the trigram index answers them
   * for the rows it holds; every other row is checked by these.
   */
  exact: string[]
  params: Record<string, string | number>
  /** The words index's query (messages_fts) when searching, else null. */
  words: string | null
  /** The words searched (the search's and the search box's), as typed; null when none. */
  wordsText: string | null
  /** The trigram index's query narrowing "contains" on text and phone, else null. */
  trigrams: string | null
}

/** A whole international number has at least this many digits: it is matched exactly. */
export const EXACT_PHONE_DIGITS = 11

/** The trigram index can narrow a substring of at least this many characters. */
export const TRIGRAM = 3

/**
 * How History compares text: case folded, and ё read as е, the way agents type. Registered as
 * the SQL function `fold_text` on every connection History reads (see HistoryStore).
 */
export { foldText }

/** The е's of a term that may stand for ё in a message, at most this many (2^4 spellings). */
const YO_POSITIONS = 4

/**
 * Every spelling of a term with its е's (or ё's, any case) as е or ё, in lower case there: the
 * indexes fold case but not ё, so each spelling is looked up (the first YO_POSITIONS of them; a
 * ё further on is rare enough).
 */
export function yoSpellings(term: string): string[] {
  const chars = [...term]
  const at = chars.flatMap((c, i) => (/[еЕёЁ]/.test(c) ? [i] : [])).slice(0, YO_POSITIONS)
  const out: string[] = []
  for (let mask = 0; mask < 1 << at.length; mask++) {
    const spelled = [...chars]
    at.forEach((pos, bit) => {
      spelled[pos] = (mask >> bit) & 1 ? 'ё' : 'е'
    })
    out.push(spelled.join(''))
  }
  return out
}

/** FTS5 alternatives as one expression. */
export function anyOf(alternatives: string[]): string {
  return alternatives.length === 1 ? (alternatives[0] ?? '') : `(${alternatives.join(' OR ')})`
}

/** A trigram query matching the folded term in any spelling (`cols`: a column filter or ''). */
function trigramOf(folded: string, cols: string): string {
  return `${cols}(${yoSpellings(folded).map(quoted).join(' OR ')})`
}

/** Digits, spaces and the signs of a phone number only, with at least one digit. */
const PHONE_ONLY = /^[+\d\s().-]*\d[+\d\s().-]*$/
const DIGITS_ONLY = /^\d+$/

/** Fragments of the one search box, at most this many. */
const MAX_FRAGMENTS = 16

/**
 * The one search box. Only a phone's characters: the whole number exactly (11+ digits), or the
 * digits anywhere in the number or the text. Otherwise its words are searched as words (each
 * the beginning of a word of the text, through the words index), and what is in quotes as a
 * fragment anywhere in the text (digits: or in the number); any case, е and ё alike. Returns
 * the words, for the words index.
 */
function addQuery(
  query: string,
  out: { clauses: string[]; exact: string[]; trigrams: string[] },
  params: Record<string, string | number>,
): string {
  // Typographic quotes (a Russian text's «…», „…“) quote as " does.
  const q = query.trim().replace(/[«»“”„]/g, '"')
  if (PHONE_ONLY.test(q)) {
    const digits = q.replace(/\D/g, '')
    if (digits.length >= EXACT_PHONE_DIGITS) {
      out.clauses.push('m.phone = @qPhone')
      params.qPhone = digits
      return ''
    }
    params.qDigits = digits
    out.exact.push('(instr(m.phone, @qDigits) > 0 OR instr(m.text, @qDigits) > 0)')
    if (digits.length >= TRIGRAM) out.trigrams.push(quoted(digits))
    return ''
  }
  const fragments = [...q.matchAll(/"([^"]*)"/g)]
    .map((m) => foldText((m[1] ?? '').trim()))
    .filter((f) => f !== '')
    .slice(0, MAX_FRAGMENTS)
  fragments.forEach((f, i) => {
    params[`q${i}`] = f
    const digits = DIGITS_ONLY.test(f)
    const check = digits
      ? `(instr(fold_text(m.text), @q${i}) > 0 OR instr(m.phone, @q${i}) > 0)`
      : `instr(fold_text(m.text), @q${i}) > 0`
    if ([...f].length >= TRIGRAM) {
      // The trigram index answers it for the rows it holds.
      out.exact.push(check)
      out.trigrams.push(trigramOf(f, digits ? '' : 'text : '))
    } else out.clauses.push(check)
  })
  // The words: what is left outside the quotes (an unpaired quote is no more than a space).
  return q.replace(/"[^"]*"/g, ' ').replace(/"/g, ' ')
}

export function whereOf(filter: HistoryFilter): WhereParts {
  const clauses: string[] = []
  const exact: string[] = []
  const params: Record<string, string | number> = {}
  const trigrams: string[] = []
  const digits = (filter.phone ?? '').replace(/\D/g, '')
  if (digits.length >= EXACT_PHONE_DIGITS) {
    clauses.push('m.phone = @phone')
    params.phone = digits
  } else if (digits.length > 0) {
    clauses.push("m.phone LIKE @phone ESCAPE '\\'")
    params.phone = `%${digits}%`
    if (digits.length >= TRIGRAM) trigrams.push(`phone : ${quoted(digits)}`)
  }
  const text = foldText(filter.text?.trim() ?? '')
  if (text !== '') {
    exact.push('instr(fold_text(m.text), @text) > 0')
    params.text = text
    if ([...text].length >= TRIGRAM) trigrams.push(trigramOf(text, 'text : '))
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
  const queryWords =
    filter.query === undefined ? '' : addQuery(filter.query, { clauses, exact, trigrams }, params)
  const typed = `${filter.search ?? ''} ${queryWords}`
  const words = ftsQuery(typed)
  return {
    clauses,
    exact,
    params,
    words,
    wordsText: words === null ? null : typed,
    trigrams: trigrams.length > 0 ? trigrams.join(' AND ') : null,
  }
}

/**
 * The agent's words as an FTS5 query: each word quoted (so no word is read as an operator)
 * and matched as a prefix, in every spelling of its е's; all must occur. Null when nothing
 * searchable was typed.
 */
export function ftsQuery(search: string): string | null {
  const words = searchWords(search)
  if (words.length === 0) return null
  return words.map((w) => anyOf(yoSpellings(w).map((v) => `${quoted(v)}*`))).join(' AND ')
}

/** The words of a search that ftsQuery quotes, in order. */
export function searchWords(search: string): string[] {
  return search
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, 16)
}

/** An FTS5 string: taken as it is, never as an operator. */
function quoted(s: string): string {
  return `"${s.replace(/"/g, '""')}"`
}

/** The temporary words index of the messages above the words mark (see HistoryStore). */
export const WORDS_TAIL = 'words_tail'

/**
 * One range of ids of a filtered set, read its own way: below an index's mark through the
 * index, above it directly. Ranges never overlap, so their rows simply follow each other.
 */
export interface Part {
  /** FROM, with `m` the messages. */
  from: string
  /** The id column to order and seek on (the index's rowid when it drives the query). */
  id: string
  clauses: string[]
  /** With nothing but the index's own conditions, the index alone answers counts and seeks. */
  indexOnly: { from: string; clauses: string[] } | null
}

/**
 * The parts of a filtered set, newest range first, given the marks up to which each index
 * holds every message (`@mark` is bound to the driving index's mark).
 *
 * - search: the words index up to its mark, the temporary index of the rest above it;
 * - "contains" (3+ characters of text or digits of phone): the trigram index up to its mark
 *   (its match is exact: every spelling of the folded text, consecutive trigrams), the exact
 *   conditions over the rows above the mark;
 * - anything else: the messages table and its indexes.
 */
export function partsOf(w: WhereParts, marks: { words: number; trigrams: number }): Part[] {
  if (w.words !== null) {
    // The words index drives; any "contains" is checked exactly on each row it finds.
    const all = [...w.clauses, ...w.exact]
    const parts: Part[] = [
      {
        from: `temp.${WORDS_TAIL} JOIN messages m ON m.id = ${WORDS_TAIL}.rowid`,
        id: `${WORDS_TAIL}.rowid`,
        clauses: [`${WORDS_TAIL} MATCH @words`, `${WORDS_TAIL}.rowid > @mark`, ...all],
        // Rows deleted since they were copied: only the join leaves them out.
        indexOnly: null,
      },
    ]
    if (marks.words > 0) {
      // The same words, each exact where no other indexed word begins with it (see HistoryStore).
      const own = ['messages_fts MATCH @indexedWords', 'messages_fts.rowid <= @mark']
      parts.push({
        from: 'messages_fts JOIN messages m ON m.id = messages_fts.rowid',
        id: 'messages_fts.rowid',
        clauses: [...own, ...all],
        indexOnly: all.length === 0 ? { from: 'messages_fts', clauses: own } : null,
      })
    }
    return parts
  }
  if (w.trigrams !== null) {
    const parts: Part[] = [
      {
        from: 'messages m',
        id: 'm.id',
        clauses: ['m.id > @mark', ...w.clauses, ...w.exact],
        indexOnly: null,
      },
    ]
    if (marks.trigrams > 0) {
      parts.push({
        from: 'messages_trigrams JOIN messages m ON m.id = messages_trigrams.rowid',
        id: 'messages_trigrams.rowid',
        clauses: [
          'messages_trigrams MATCH @trigrams',
          'messages_trigrams.rowid <= @mark',
          ...w.clauses,
        ],
        indexOnly: null,
      })
    }
    return parts
  }
  return [{ from: 'messages m', id: 'm.id', clauses: [...w.clauses, ...w.exact], indexOnly: null }]
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

/** The header's words of History's export, in the operator's language. */
export function historyHeader(lang: 'en' | 'ru'): readonly string[] {
  return HEADERS[lang]
}

/** Which of History's exported columns hold counts and ids (numbers in a workbook). */
export const HISTORY_NUMBER_COLUMNS: ReadonlySet<number> = new Set([0, 4, 9])
/** The exported column holding the phone (text in a workbook, every digit kept). */
export const HISTORY_PHONE_COLUMN = 6

export function csvRow(
  m: OutboxMessage,
  o: { delimiter: string; tzOffsetMinutes: number; lang: 'en' | 'ru'; profileName: string },
): string {
  return csvLine(historyFields(m, o), o.delimiter)
}

/** One message as History's export writes it (CSV and workbook alike). */
export function historyFields(
  m: OutboxMessage,
  o: { tzOffsetMinutes: number; lang: 'en' | 'ru'; profileName: string },
): CsvValue[] {
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
    // The reason in the operator's language, as the screens word it.
    [m.error || m.errorCode ? reasonText(m.error ?? '', o.lang, m.errorCode) : '', true],
    [m.providerIds.join(' '), false],
  ]
  return fields.map(([value, guard]) => ({ value, guard }))
}

/** `YYYY-MM-DD hh:mm:ss` in the operator's zone: spreadsheets read it as a date and time. */
export function localTime(ms: number, tzOffsetMinutes: number): string {
  const d = new Date(ms - tzOffsetMinutes * 60_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
}
