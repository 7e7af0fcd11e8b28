/**
 * One CSV row against the operator's mapping: the number, the rendered text, and every reason
 * to leave the row out (bad number, empty text, too many parts, stop-listed, refused by the
 * provider's own check, a duplicate of an earlier row).
 */
import type { RejectReason } from '../../../shared/calls/imports'
import { MAX_TEXT_LENGTH, type PhraseRef } from '../../../shared/domain'
import { normalisePhone } from '../../../shared/phone'
import { englishOf, phrase } from '../../../shared/phrases'
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
      /** Why, in English; `phrase` the same for the operator's language. */
      detail: string
      phrase: PhraseRef
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
  const checked = normalisePhone(raw)
  if (!checked.ok) return reject('badPhone', checked.phrase)
  const phone = checked.phone

  const values = rowValues(rules.columns, row.cells)
  const text = renderTemplate(rules.template, values).text
  if (text.trim() === '') return reject('emptyText', phrase('row.emptyText'))
  // A text with a hole where a value should be ("Hello , your order…") is not sent either.
  const empty = rules.template.variables.filter((v) => values.get(variableKey(v)) === '')
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
  if (text.length > MAX_TEXT_LENGTH || analysis.parts > limit) {
    return reject('tooLong', phrase('row.tooManyParts', { parts: analysis.parts, limit }))
  }
  if (rules.isStopped(phone)) return reject('stopListed', phrase('row.stopListed', { phone }))
  const objection = rules.providerCheck(phone, text)
  if (objection) return reject('refused', objection.phrase)
  // Last: a number whose earlier row was rejected for its own reasons is not a duplicate.
  if (!rules.firstTime(phone)) return reject('duplicate', phrase('row.duplicate', { phone }))
  return { ok: true, line: row.line, phone, text, parts: analysis.parts }
}

function columnName(rules: RowRules): string {
  return rules.columns[rules.phoneColumn] ?? String(rules.phoneColumn + 1)
}
