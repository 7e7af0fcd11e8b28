/**
 * One CSV row against the operator's mapping: the number, the rendered text, and every reason
 * to leave the row out (bad number, empty text, too many parts, stop-listed, refused by the
 * provider's own check, a duplicate of an earlier row).
 */
import { RejectReasonSchema, type RejectReason } from '../../../shared/calls/imports'
import { MAX_TEXT_LENGTH, type PhraseRef } from '../../../shared/domain'
import type { PhoneReader } from '../../../shared/phone'
import { englishOf, phrase } from '../../../shared/phrases'
import { analyzeSms, MAX_PARTS } from '../../../shared/sms'
import {
  countMessage,
  PING_TEXT,
  TYPE_RULES,
  type MessageTypeName,
} from '../../../shared/message-types'
import type { Objection } from '../providers/types'
import { variableKey, type CompiledTemplate } from '../../../shared/template'
import type { CsvRow } from './csv'

export interface RowRules {
  /** Reads the phone column, by the profile's country (local forms become international). */
  phones: PhoneReader
  columns: readonly string[]
  phoneColumn: number
  template: CompiledTemplate
  /** The template against these columns, made once (rowRenderer); made per row when absent. */
  render?: RowRenderer
  maxParts: number
  /** Every row's SMSC type (absent: SMS): counted, limited and written as that type. */
  type?: MessageTypeName
  /** On the stop-list. */
  isStopped(phone: string): boolean
  /** The provider's own objection to this message, or null. */
  providerCheck(phone: string, text: string): Objection | null
  /** Adds a number to the numbers seen so far; false if it was there already. */
  firstTime(phone: string): boolean
}

export type RowResult =
  | {
      ok: true
      line: number
      phone: string
      text: string
      parts: number
      /** The number as the file wrote it, when it was a local form read by `localOf`. */
      written?: string
      localOf?: string
      /** The numbering plan says it is no mobile number. */
      notMobile?: boolean
    }
  | {
      ok: false
      line: number
      phone: string
      reason: RejectReason
      /** Why, in English; `phrase` the same for the operator's language. */
      detail: string
      phrase: PhraseRef
    }

/**
 * The template's text for a row's cells, its variables looked up by column index once for the
 * whole file (a value is its column's cell, trimmed; the first of two same-named columns wins).
 * `empty`: the template's variables whose column holds nothing on this row.
 */
export type RowRenderer = (cells: readonly string[]) => { text: string; empty: string[] }

export function rowRenderer(columns: readonly string[], template: CompiledTemplate): RowRenderer {
  const columnOf = new Map<string, number>()
  columns.forEach((c, i) => {
    const key = variableKey(c)
    if (key !== '' && !columnOf.has(key)) columnOf.set(key, i)
  })
  // A variable naming no column renders nothing (the whole file is refused for it beforehand).
  const parts = template.parts.map((p) =>
    p.kind === 'text' ? p.text : (columnOf.get(variableKey(p.name)) ?? -1),
  )
  const variables = template.variables
    .map((name) => ({ name, column: columnOf.get(variableKey(name)) ?? -1 }))
    .filter((v) => v.column >= 0)
  return (cells) => {
    let text = ''
    for (const p of parts) {
      if (typeof p === 'string') text += p
      else if (p >= 0) text += (cells[p] ?? '').trim()
    }
    const empty: string[] = []
    for (const v of variables) if ((cells[v.column] ?? '').trim() === '') empty.push(v.name)
    return { text, empty }
  }
}

export function checkRow(row: CsvRow, rules: RowRules): RowResult {
  const raw = (row.cells[rules.phoneColumn] ?? '').trim()
  const reject = (reason: RejectReason, said: PhraseRef): RowResult => ({
    ok: false,
    line: row.line,
    phone: raw,
    reason,
    detail: englishOf(said),
    phrase: said,
  })
  if (raw === '') return reject('badPhone', phrase('row.noNumber', { column: columnName(rules) }))
  const checked = rules.phones.read(raw)
  if (!checked.ok) return reject('badPhone', checked.phrase)
  const phone = checked.phone

  const type = rules.type ?? 'sms'
  const rule = TYPE_RULES[type]
  const render = rules.render ?? rowRenderer(rules.columns, rules.template)
  // A ping carries no text: the file's columns past the number are not read.
  const { text, empty } =
    rule.counts === 'none' ? { text: PING_TEXT, empty: [] } : render(row.cells)
  if (text.trim() === '') return reject('emptyText', phrase('row.emptyText'))
  // A text with a hole where a value should be ("Hello , your order…") is not sent either.
  if (empty.length > 0) {
    return reject(
      'missingValue',
      phrase('row.missingValue', { names: empty.map((v) => `#${v}#`).join(', ') }),
    )
  }
  const analysis = analyzeSms(text)
  if (analysis.chargedText.trim() === '') {
    return reject('emptyText', phrase('row.emptyText'))
  }
  const limit = Math.min(rules.maxParts, MAX_PARTS)
  const counted = rule.counts === 'sms' ? analysis : countMessage(text, type)
  if (rule.counts === 'one' && counted.units > rule.maxLength) {
    return reject('tooLong', phrase('message.typeTooLong', { type, max: rule.maxLength }))
  }
  if (rule.counts === 'sms' && (text.length > MAX_TEXT_LENGTH || analysis.parts > limit)) {
    return reject('tooLong', phrase('row.tooManyParts', { parts: analysis.parts, limit }))
  }
  if (rules.isStopped(phone)) return reject('stopListed', phrase('row.stopListed', { phone }))
  const objection = rules.providerCheck(phone, text)
  if (objection) return reject('refused', objection.phrase)
  // Last: a number whose earlier row was rejected for its own reasons is not a duplicate.
  if (!rules.firstTime(phone)) return reject('duplicate', phrase('row.duplicate', { phone }))
  return {
    ok: true,
    line: row.line,
    phone,
    text,
    parts: counted.parts,
    ...(checked.localOf ? { written: raw, localOf: checked.localOf } : {}),
    ...(checked.notMobile ? { notMobile: true } : {}),
  }
}

/**
 * A row's verdict once the stop-list and the numbers seen before are known, for a whole slice
 * of rows at once: `r` is checkRow's verdict with neither (no number stopped, every number
 * new) for a row that reached the stop-list with the number `phone`. `firstTime` is asked
 * only where checkRow would have asked it, so the numbers seen are the same.
 */
export function withLists(
  row: CsvRow,
  rules: Pick<RowRules, 'phoneColumn'>,
  r: RowResult,
  phone: string,
  stopped: boolean,
  firstTime: () => boolean,
): RowResult {
  const raw = (row.cells[rules.phoneColumn] ?? '').trim()
  const reject = (reason: RejectReason, said: PhraseRef): RowResult => ({
    ok: false,
    line: row.line,
    phone: raw,
    reason,
    detail: englishOf(said),
    phrase: said,
  })
  // The stop-list is looked at before the provider's objection and the duplicates.
  if (stopped && (r.ok || r.reason === 'refused')) {
    return reject('stopListed', phrase('row.stopListed', { phone }))
  }
  if (r.ok && !firstTime()) return reject('duplicate', phrase('row.duplicate', { phone }))
  return r
}

function columnName(rules: RowRules): string {
  return rules.columns[rules.phoneColumn] ?? String(rules.phoneColumn + 1)
}

// ─── verdicts ───────────────────────────────────────────────────────────────

/**
 * A row's verdict in one byte, so a check can keep one per row of a million-row file (1 MB)
 * for the queueing that follows it: ACCEPTED, or 1 + the index of its RejectReason.
 */
export const ACCEPTED = 0
const REASONS = RejectReasonSchema.options
export const STOP_LISTED = REASONS.indexOf('stopListed') + 1

/** A check's verdicts on every data row of a file, kept for the queueing that follows it. */
export interface CheckedRows {
  /** The mapping they were made with (everything of it that decides a verdict). */
  mapping: string
  /** The provider connection whose own check the rows passed (null: none was running). */
  connection: object | null
  /** The stop-list version they were made against (ImportStore.stopListVersion). */
  stopListVersion: number
  /** The file as it was read: a file changed since is checked again. */
  size: number
  mtimeMs: number
  /** One verdict per data row, in file order. */
  codes: Uint8Array
}

export function verdictOf(r: RowResult): number {
  return r.ok ? ACCEPTED : REASONS.indexOf(r.reason) + 1
}

/**
 * A row the check accepted (or left out only for the stop-list), as the queue needs it: its
 * number and text, built as checkRow builds them and checked no further.
 */
export function messageOf(
  row: CsvRow,
  rules: Pick<RowRules, 'phones' | 'phoneColumn' | 'columns' | 'template' | 'render'>,
): { phone: string; text: string } {
  // As the check read it (the check found nothing to object to in this cell).
  const raw = row.cells[rules.phoneColumn] ?? ''
  const checked = rules.phones.read(raw)
  const phone = checked.ok ? checked.phone : raw.replace(/\D/g, '')
  const render = rules.render ?? rowRenderer(rules.columns, rules.template)
  return { phone, text: render(row.cells).text }
}
