/**
 * The outbox's decisions, whichever database keeps it: how a provider's answer moves a message,
 * how its final receipts settle it, and the move rows the set-based UPDATEs take. Pure
 * functions over plain rows, so SQLite's outbox and PostgreSQL's decide alike.
 */
import type { MessageState, OutboxMessage } from '../../../shared/contract'
import type { SubmitOutcome } from '../providers/types'
import { randomUUID } from 'node:crypto'
import type { Cascade, MessageType } from '../../../shared/domain'
import { countMessage } from '../../../shared/message-types'
import type { Backoff, NewMessage, ResultPolicy } from './outbox'
import { MOVES, reportMove, type Move } from './states'

/** The states a provider's answer to a submit moves a message from (accept, reject, …). */
export const ANSWERED_FROM = [
  ...new Set((['accept', 'reject', 'requeue', 'noAnswer'] as const).flatMap((m) => MOVES[m].from)),
] as MessageState[]
/** The states a message settles from on its final reports. */
export const REPORT_SOURCES = [
  ...new Set([...MOVES.delivered.from, ...MOVES.reportFailed.from, ...MOVES.expired.from]),
] as MessageState[]

/** The wait before attempt `attempts + 1`: doubling from `firstMs`, never over `maxMs`. */
export function backoffDelay(b: Backoff, attempts: number): number {
  return Math.min(b.maxMs, b.firstMs * 2 ** Math.max(0, attempts - 1))
}

/** A final receipt of a message, as settling reads it. */
export interface FinalReport {
  rid: number
  provider_id: string
  outcome: 'delivered' | 'failed' | 'expired'
  stat: string
  err: string | null
  reason: string | null
  reason_code: string | null
}

/** A message that may settle, with its final receipts (one row each, or one row of nulls). */
export type SettleRow = { id: number; state: MessageState; provider_ids: string } & {
  [K in keyof FinalReport]: FinalReport[K] | null
}

/**
 * One state move of one message, as the set-based move statement takes it (see MOVE). Only
 * `id`, `move`, `error` and `code` are always set; a null leaves its column as it is.
 */
export interface MoveRow {
  id: number
  move: Move
  error: string | null
  code: string | null
  /** JSON array of provider ids. */
  providerIds?: string | null
  parts?: number | null
  /** 1: the attempt did not count (the submit never left this machine). */
  uncount?: 0 | 1
  nextAttemptAt?: number | null
  /** 1: next_poll_at becomes `nextPollAt` (null: never poll). */
  setPoll?: 0 | 1
  nextPollAt?: number | null
}

/** A MoveRow as the MOVE statement reads it: an array, without its trailing nulls. */
export function moveTuple(m: MoveRow): unknown[] {
  const t = [
    m.id,
    m.move,
    MOVES[m.move].to,
    m.error,
    m.code,
    m.providerIds ?? null,
    m.parts ?? null,
    m.uncount ?? null,
    m.nextAttemptAt ?? null,
    m.setPoll ?? null,
    m.nextPollAt ?? null,
  ]
  let n = t.length
  while (n > 5 && t[n - 1] === null) n--
  return t.slice(0, n)
}

/** The move a provider's answer makes of a message being sent. */
export function answerMove(
  id: number,
  outcome: SubmitOutcome,
  attempts: number,
  now: number,
  policy: ResultPolicy,
  ownKey: (providerId: string) => string,
): MoveRow {
  switch (outcome.kind) {
    case 'accepted': {
      const keys = outcome.providerIds.map(ownKey)
      return {
        id,
        move: 'accept',
        providerIds: JSON.stringify(keys),
        parts: outcome.parts,
        setPoll: 1,
        nextPollAt:
          policy.pollAfterMs !== null && keys.length > 0 ? now + policy.pollAfterMs : null,
        // What the agent should know about an accepted message (no report can follow, …).
        error: outcome.note?.reason ?? null,
        code: outcome.note?.reasonCode ?? null,
      }
    }
    case 'rejected':
      return {
        id,
        move: 'reject',
        error: `Rejected by the provider: ${outcome.reason}`,
        code: outcome.reasonCode ?? 'outbox:rejected',
      }
    case 'not-sent':
    case 'paused':
      // Not taken by the provider: the attempt does not count.
      return {
        id,
        move: 'requeue',
        uncount: 1,
        nextAttemptAt: now + policy.retryDelayMs,
        error: outcome.reason,
        code:
          outcome.kind === 'paused' ? (outcome.reasonCode ?? 'outbox:paused') : 'outbox:not-sent',
      }
    case 'retry':
      if (attempts >= policy.maxAttempts) {
        return {
          id,
          move: 'noAnswer',
          error: `No usable answer after ${attempts} attempts (${outcome.reason}). Check its status, resend it or mark it failed.`,
          code: 'outbox:retry-exhausted',
        }
      }
      // The provider dedupes on our key, so the same message goes again, same key.
      return {
        id,
        move: 'requeue',
        nextAttemptAt: now + backoffDelay(policy.retryBackoff, attempts),
        error: outcome.reason,
        code: outcome.reasonCode ?? 'outbox:retry',
      }
    case 'unknown':
      return {
        id,
        move: 'noAnswer',
        error: `No answer from the provider (${outcome.reason}); it may have been sent. Resend it or mark it failed.`,
        code: 'outbox:uncertain',
      }
  }
}

/** A report move, with the receipt that decided it. */
export type ReportMove = MoveRow & { at: number }

export function isFinalOutcome(outcome: string): outcome is FinalReport['outcome'] {
  return outcome === 'delivered' || outcome === 'failed' || outcome === 'expired'
}

/** The move a message's worst final report makes of it. */
export function reportMoveOf(
  id: number,
  worst: Omit<FinalReport, 'rid' | 'provider_id'>,
  at: number,
): ReportMove {
  const failed = worst.outcome !== 'delivered'
  return {
    id,
    move: reportMove(worst.outcome),
    error: failed ? reportText(worst) : null,
    code: failed ? (worst.reason_code ?? `outbox:report:${worst.outcome}`) : null,
    at,
  }
}

/**
 * Whether a message's final reports settle it, judged first with those up to receipt `from`,
 * then again as each later one arrives: the worst report of each provider id's latest, and
 * the receipt at which it was decided.
 */
export function decide(
  message: { provider_ids: string },
  reports: readonly FinalReport[],
  from: number,
): { worst: FinalReport; at: number } | null {
  const ids = [...new Set(JSON.parse(message.provider_ids) as string[])]
  if (ids.length === 0) return null
  const latest = new Map<string, FinalReport>()
  const complete = (): FinalReport[] | null => {
    const each = ids.map((pid) => latest.get(pid))
    return each.every((r) => r !== undefined) ? (each as FinalReport[]) : null
  }
  let i = 0
  for (; i < reports.length && (reports[i] as FinalReport).rid <= from; i++) {
    const r = reports[i] as FinalReport
    latest.set(r.provider_id, r)
  }
  let at = from
  let each = complete()
  for (; each === null && i < reports.length; i++) {
    const r = reports[i] as FinalReport
    latest.set(r.provider_id, r)
    at = r.rid
    each = complete()
  }
  if (each === null) return null
  const worst =
    each.find((r) => r.outcome === 'failed') ??
    each.find((r) => r.outcome === 'expired') ??
    (each[0] as FinalReport)
  return { worst, at }
}

/** The changed messages of the given ids, in the order of their first mention. */
export function inOrder(
  ids: readonly number[],
  changed: ReadonlyMap<number, OutboxMessage>,
): OutboxMessage[] {
  const out: OutboxMessage[] = []
  for (const id of new Set(ids)) {
    const m = changed.get(id)
    if (m) out.push(m)
  }
  return out
}

/** "Delivery report UNDELIV (error 001)", with the provider's reason when it gave one. */
export function reportText(r: { stat: string; err: string | null; reason: string | null }): string {
  const code = `${r.stat}${r.err ? ` (error ${r.err})` : ''}`
  return r.reason ? `Delivery report: ${r.reason} — ${code}` : `Delivery report ${code}`
}

/** A message's per-provider options, as its options column holds them (JSON). */
export interface StoredOptions {
  cascade?: Cascade
  /** Its SMSC type and that type's fields (absent: an SMS). */
  messageType?: MessageType
}

/** A message's stored options as JSON, or null when it has none (a plain SMS). */
export function optionsJson(m: Pick<NewMessage, 'cascade' | 'messageType'>): string | null {
  const typed = m.messageType && m.messageType.type !== 'sms' ? m.messageType : undefined
  if (!m.cascade && !typed) return null
  return JSON.stringify({ cascade: m.cascade, messageType: typed } satisfies StoredOptions)
}

/** A message's options back from its row's JSON. */
export function storedOptions(json: string | null): StoredOptions {
  return json ? (JSON.parse(json) as StoredOptions) : {}
}

/** A message's encoding and parts, as its type counts them (an SMS by GSM-7/UCS-2 parts). */
export function countOf(m: Pick<NewMessage, 'text' | 'messageType'>): {
  encoding: 'GSM7' | 'UCS2'
  parts: number
} {
  return countMessage(m.text, m.messageType?.type)
}

/**
 * A new message's row, as both databases insert it: its key (a new one when none is given),
 * its parts and encoding counted once, scheduled when its time is to come. One object per row,
 * read as it is: a copy spread with one more key (SQLite's insert did so for its time) took a
 * 1M-row import's peak RSS from 196 to 281 MB.
 */
export function newMessageRow(m: NewMessage, now: number, analysis = countOf(m)) {
  const scheduled = m.scheduledAt != null && m.scheduledAt > now
  return {
    key: m.idempotencyKey ?? randomUUID(),
    profileId: m.profileId,
    batchId: m.batchId ?? null,
    sender: m.sender,
    phone: m.phone,
    text: m.text,
    encoding: analysis.encoding,
    parts: analysis.parts,
    state: scheduled ? ('scheduled' as const) : ('queued' as const),
    priority: m.priority ?? 0,
    nextAttemptAt: scheduled ? (m.scheduledAt as number) : now,
    scheduledAt: m.scheduledAt ?? null,
    options: optionsJson(m),
    type: m.messageType && m.messageType.type !== 'sms' ? m.messageType.type : null,
    resendOf: m.resendOf ?? null,
    tzMin: m.tz?.min ?? null,
    tzMax: m.tz?.max ?? null,
  }
}
