/**
 * One CSV row against the operator's mapping: the number, the rendered text, and every reason
 * to leave the row out (bad number, empty text, too many parts, stop-listed, refused by the
 * provider's own check, a duplicate of an earlier row).
 */
import type { RejectReason } from '../../../shared/calls/imports'
import { MAX_TEXT_LENGTH, type PhraseRef } from '../../../shared/domain'
import { normalisePhone } from '../../../shared/phone'
import { analyzeSms, MAX_PARTS } from '../../../shared/sms'
import type { Objection } from '../providers/types'
import {
  renderTemplate,
  rowValues,
  variableKey,
  type CompiledTemplate,
} from '../../../shared/template'
import type { CsvRow } from './csv'

export interface RowRules {
  columns: readonly string[]
  phoneColumn: number
  template: CompiledTemplate
  maxParts: number
  /** On the stop-list. */
  isStopped(phone: string): boolean
  /** The provider's own objection to this message, or null. */
  providerCheck(phone: string, text: string): Objection | null
  /** Adds a number to the numbers seen so far; false if it was there already. */
  firstTime(phone: string): boolean
}

export type RowResult =
  | { ok: true; line: number; phone: string; text: string; parts: number }
  | {
      ok: false
      line: number
      phone: string
      reason: RejectReason
      detail: string
      /** The provider's objection as a phrase, for the operator's language. */
      phrase?: PhraseRef
    }

export function checkRow(row: CsvRow, rules: RowRules): RowResult {
  const raw = (row.cells[rules.phoneColumn] ?? '').trim()
  const reject = (reason: RejectReason, detail: string, phrase?: PhraseRef): RowResult => ({
    ok: false,
    line: row.line,
    phone: raw,
    reason,
    detail,
    ...(phrase ? { phrase } : {}),
  })
  if (raw === '') return reject('badPhone', `No number in column ${columnName(rules)}`)
  const checked = normalisePhone(raw)
  if (!checked.ok) return reject('badPhone', checked.reason)
  const phone = checked.phone

  const values = rowValues(rules.columns, row.cells)
  const text = renderTemplate(rules.template, values).text
  if (text.trim() === '') return reject('emptyText', 'The message text is empty for this row')
  // A text with a hole where a value should be ("Hello , your order…") is not sent either.
  const empty = rules.template.variables.filter((v) => values.get(variableKey(v)) === '')
  if (empty.length > 0) {
    return reject('missingValue', `No value for ${empty.map((v) => `#${v}#`).join(', ')}`)
  }
  const analysis = analyzeSms(text)
  if (analysis.chargedText.trim() === '') {
    return reject('emptyText', 'The message text is empty for this row')
  }
  const limit = Math.min(rules.maxParts, MAX_PARTS)
  if (text.length > MAX_TEXT_LENGTH || analysis.parts > limit) {
    return reject('tooLong', `${analysis.parts} parts; at most ${limit} allowed`)
  }
  if (rules.isStopped(phone)) return reject('stopListed', `${phone} is on the stop-list`)
  const objection = rules.providerCheck(phone, text)
  if (objection) return reject('refused', objection.reason, objection.phrase)
  // Last: a number whose earlier row was rejected for its own reasons is not a duplicate.
  if (!rules.firstTime(phone)) return reject('duplicate', `${phone} appears earlier in the file`)
  return { ok: true, line: row.line, phone, text, parts: analysis.parts }
}

function columnName(rules: RowRules): string {
  return rules.columns[rules.phoneColumn] ?? String(rules.phoneColumn + 1)
}

export const REASON_TEXT: Record<RejectReason, string> = {
  badPhone: 'Bad phone number',
  emptyText: 'Empty text',
  tooLong: 'Too many parts',
  duplicate: 'Duplicate in the file',
  stopListed: 'On the stop-list',
  refused: 'Refused by the provider check',
  missingValue: 'Missing value',
}
