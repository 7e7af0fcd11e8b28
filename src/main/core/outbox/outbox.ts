/**
 * The durable outbox: one row per recipient message, moved through the state machine in
 * states.ts, whose table gives every state-changing UPDATE its guard. It owns the outgoing
 * messages, their provider ids and their delivery receipts; every method that changes state
 * runs in one transaction and returns the rows it changed (as the UPDATE returned them), so
 * the caller can push them to the renderer after the commit. Groups of answers and receipts
 * are applied by set-based statements (json_each), a few per group whatever its size.
 * Nothing outside this file builds SQL for these tables.
 */
import type { Offsets, QuietHours } from '../../../shared/quiet'
import { randomUUID } from 'node:crypto'
import type { MessageState, OutboxMessage, Encoding } from '../../../shared/contract'
import type { Cascade, MessageType } from '../../../shared/domain'
import type { MessageTypeName } from '../../../shared/message-types'
import { phrase } from '../../../shared/phrases'
import { HLR_TEXT } from '../../../shared/constants'
import { OutboxError } from './errors'
import type { Db } from '../db/database'
import type { RunResult, Statement } from 'better-sqlite3'
import { HlrStore, notLookup, type HlrAdoption, type HlrAnswer } from '../lookup/hlr-store'
import type { DeliveryReceipt, OutgoingSms, StatusQuery, SubmitOutcome } from '../providers/types'
import {
  countOf,
  newMessageRow,
  storedOptions,
  ANSWERED_FROM,
  REPORT_SOURCES,
  answerMove,
  backoffDelay,
  decide,
  inOrder,
  isFinalOutcome,
  moveTuple,
  reportMoveOf,
  type FinalReport,
  type MoveRow,
  type ReportMove,
  type SettleRow,
} from './decisions'
import {
  FINAL_STATES,
  MOVES,
  reportMove,
  RESENDABLE,
  RESENDABLE_OF_BATCH,
  stateGuard,
  stateIn,
  UNSENT_STATES,
  type Move,
} from './states'

export interface NewMessage {
  profileId: string
  sender: string
  /** Already normalised: digits only. */
  phone: string
  text: string
  idempotencyKey?: string
  batchId?: number | null
  /** 0 = urgent one-off (default), 1 = bulk. */
  priority?: 0 | 1
  /** Epoch ms; in the future → `scheduled`. */
  scheduledAt?: number | null
  /** Only for profiles with more channels than SMS. */
  cascade?: Cascade
  /** Its SMSC type (Viber, call, e-mail, …) and that type's fields; absent: an SMS. */
  messageType?: MessageType
  /** The message this one sends again (the operator's Resend). */
  resendOf?: number
  /** The recipient's UTC offsets (a bulk message of a profile with quiet hours). */
  tz?: Offsets | null
}

/**
 * A message claimed for sending: what the dispatcher hands the provider as it is. Its
 * numericKey is unique to this message across reinstalls (see migration 2).
 */
export interface ClaimedMessage extends OutgoingSms {
  profileId: string
  attempts: number
  urgent: boolean
}

/** What a claim took: the messages to send now, and scheduled ones that fell due on the way. */
export interface Claim {
  claimed: ClaimedMessage[]
  promoted: OutboxMessage[]
}

/** A group commit's messages as answered, and the claim made with it, if one was asked for. */
export interface Answered {
  results: OutboxMessage[]
  receipts: OutboxMessage[]
  claim: Claim | null
}

/**
 * How answers move messages: plain data, so it crosses to the storage worker with the answers.
 */
export interface ResultPolicy {
  /** Delay before a message that never left this machine is tried again. */
  retryDelayMs: number
  /** After a `retry` outcome: the wait before sending again with the same key. */
  retryBackoff: Backoff
  /** A `retry` after this many attempts becomes uncertain: a provider that never answers. */
  maxAttempts: number
  /** Providers without push receipts: first status poll this long after acceptance. */
  pollAfterMs: number | null
  /** When to poll again after each poll. */
  polls: PollPlan
}

/** Waits that double with each attempt: `firstMs`, then twice that, … never over `maxMs`. */
export interface Backoff {
  firstMs: number
  maxMs: number
}

/**
 * The waits between status polls of one message: `schedule[n]` after the n-th poll, then
 * `thenEveryMs` for `thenTimes` more polls, then no more.
 */
export interface PollPlan {
  schedule: readonly number[]
  thenEveryMs: number
  thenTimes: number
}

/** The wait after `polls` polls, or null to stop asking. */
export { backoffDelay }

/** The wait after `polls` polls, or null to stop asking. */
export function pollDelay(plan: PollPlan, polls: number): number | null {
  if (polls < plan.schedule.length) return plan.schedule[polls] ?? null
  return polls < plan.schedule.length + plan.thenTimes ? plan.thenEveryMs : null
}

/** A poll every `ms`, without end. */
export function steadyPolls(ms: number): PollPlan {
  return { schedule: [], thenEveryMs: ms, thenTimes: Infinity }
}

/**
 * Often at first, then rarely, then not at all: never closer than 12 s (SMSC allows at most 5
 * status requests per message a minute), every 30 minutes up to about three days, then the
 * provider has nothing more to say.
 */
export const DEFAULT_POLLS: PollPlan = {
  schedule: [12_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000],
  thenEveryMs: 1_800_000,
  thenTimes: 144,
}

export const DEFAULT_RESULT_POLICY: ResultPolicy = {
  retryDelayMs: 1000,
  retryBackoff: { firstMs: 5000, maxMs: 300_000 },
  maxAttempts: 8,
  pollAfterMs: null,
  polls: DEFAULT_POLLS,
}

/** When to ask again about an accepted message, by the default plan. */
export function nextPollDelay(polls: number): number | null {
  return pollDelay(DEFAULT_POLLS, polls)
}

export interface SubmitResult {
  id: number
  outcome: SubmitOutcome
}

/**
 * How a provider's message ids are compared: the first key is the id's own canonical form,
 * the rest are the forms the same id may take on the other side (hex vs decimal).
 */
export type IdKeys = (providerId: string) => string[]

/** A messages row as SQLite returns it; toMessage turns it into what the renderer sees. */
export interface MessageRow {
  id: number
  profile_id: string
  batch_id: number | null
  sender: string
  phone: string
  text: string
  encoding: Encoding
  parts: number
  state: MessageState
  provider_ids: string
  attempts: number
  error: string | null
  error_code: string | null
  created_at: number
  updated_at: number
  /** Its SMSC type; NULL for an SMS (and absent from rows read before migration 29's reads). */
  type?: MessageTypeName | null
}

/** The columns a status question about a message needs. */
interface StatusRow {
  id: number
  idempotency_key: string
  provider_ids: string
  phone: string
  sender: string
}

/**
 * A receipt as the INSERT reads it: provider id key, message id, outcome, stat, err, reason,
 * reason code, channel, price, prices (JSON), raw, received at.
 */
type ReceiptTuple = [
  string,
  number | null,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
  number,
]

/**
 * Receipts are stored in INSERTs of these many rows, largest first (500 in 10 statements):
 * values bound to a prepared statement cost less than the same rows as JSON read by SQL, and
 * seven statements serve every size.
 */
const RECEIPT_CHUNKS = [64, 32, 16, 8, 4, 2, 1]

const FINAL_OUTCOMES = `('delivered','failed','expired')`
/** The moves a final report makes. */
const REPORT_MOVES: readonly Move[] = (['delivered', 'failed', 'expired'] as const).map(reportMove)

/** The columns of a MessageRow: what a pushed message is built from. */
const MESSAGE_COLUMNS = `id, profile_id, batch_id, sender, phone, text, encoding, parts, state,
  provider_ids, attempts, error, error_code, created_at, updated_at, type`

/** A messages row as a raw read returns it: MESSAGE_COLUMNS in their order. */
type RawMessage = [
  id: number,
  profileId: string,
  batchId: number | null,
  sender: string,
  phone: string,
  text: string,
  encoding: Encoding,
  parts: number,
  state: MessageState,
  providerIds: string,
  attempts: number,
  error: string | null,
  errorCode: string | null,
  createdAt: number,
  updatedAt: number,
  type: MessageTypeName | null,
]

/** The message a raw row (from `at` on) is, with what a move just changed. */
function movedMessage(
  r: readonly unknown[],
  at: number,
  change: Pick<OutboxMessage, 'state' | 'error' | 'errorCode' | 'updatedAt'> &
    Partial<Pick<OutboxMessage, 'providerIds' | 'parts'>>,
): OutboxMessage {
  return {
    id: r[at] as number,
    profileId: r[at + 1] as string,
    batchId: r[at + 2] as number | null,
    sender: r[at + 3] as string,
    phone: r[at + 4] as string,
    text: r[at + 5] as string,
    encoding: r[at + 6] as Encoding,
    parts: change.parts ?? (r[at + 7] as number),
    state: change.state,
    providerIds: change.providerIds ?? (JSON.parse(r[at + 9] as string) as string[]),
    attempts: r[at + 10] as number,
    error: change.error,
    errorCode: change.errorCode,
    createdAt: r[at + 13] as number,
    updatedAt: change.updatedAt,
    ...typeOf(r[at + 15] as MessageTypeName | null),
  }
}

/**
 * Moves many messages in one statement: each row names its move, and the message moves only
 * from a state that move starts from (the guard is built from MOVES). A row is a JSON array
 * in MoveRow's order (see moveTuple), trailing nulls left off. Returns the rows as they now are.
 */
const MOVE = `UPDATE messages SET
    state = r.to_state, error = r.new_error, error_code = r.new_code, updated_at = @now,
    provider_ids = COALESCE(r.new_ids, provider_ids),
    parts = CASE WHEN r.new_parts IS NULL THEN parts ELSE MAX(parts, r.new_parts) END,
    attempts = MAX(attempts - r.uncount, 0),
    next_attempt_at = COALESCE(r.new_attempt_at, next_attempt_at),
    next_poll_at = CASE WHEN r.set_poll THEN r.new_poll_at
      WHEN ${stateIn(FINAL_STATES, 'r.to_state')} THEN NULL ELSE next_poll_at END
  FROM (SELECT value ->> 0 AS msg_id, value ->> 1 AS move, value ->> 2 AS to_state,
      value ->> 3 AS new_error, value ->> 4 AS new_code, value ->> 5 AS new_ids,
      value ->> 6 AS new_parts, COALESCE(value ->> 7, 0) AS uncount,
      value ->> 8 AS new_attempt_at, COALESCE(value ->> 9, 0) AS set_poll,
      value ->> 10 AS new_poll_at
    FROM jsonb_each(jsonb(@moves))) AS r
  WHERE messages.id = r.msg_id AND (${(Object.keys(MOVES) as Move[])
    .map((m) => `(r.move = '${m}' AND ${stateGuard(m, 'messages.state')})`)
    .join(' OR ')})
  RETURNING ${MESSAGE_COLUMNS}`

/** The local minute of the day at minute `m` (an SQL expression) for the offset column `tz`. */
const QUIET_LOCAL = (m: string, tz: string) => `((((${m}) + ${tz}) % 1440 + 1440) % 1440)`
/** Whether that local minute lies in the window [@from, @to). */
const QUIET_IN = (m: string, tz: string) =>
  `(${QUIET_LOCAL(m, tz)} >= @from AND ${QUIET_LOCAL(m, tz)} < @to)`
/** Minutes to wait until the zone `tz` reaches @from. */
const QUIET_WAIT = (tz: string) =>
  `((@from - ${QUIET_LOCAL('CAST(@now / 60000 AS INTEGER)', tz)} + 1440) % 1440)`
/**
 * When a held message may go (epoch ms): when its latest zone's window opens if its earliest
 * zone's is open then, else when its earliest zone's opens — nextAllowed, as SQL.
 */
const QUIET_NEXT = `(CASE WHEN ${QUIET_IN(`CAST(@now / 60000 AS INTEGER) + ${QUIET_WAIT('tz_max')}`, 'tz_min')}
    THEN (CAST(@now / 60000 AS INTEGER) + ${QUIET_WAIT('tz_max')}) * 60000
    ELSE (CAST(@now / 60000 AS INTEGER) + ${QUIET_WAIT('tz_min')}) * 60000 END)`

export class Outbox {
  private readonly s
  private readonly idKeys: IdKeys
  /** The id's own form alone (idKeys' first), without working out its twins. */
  private readonly ownKey: (providerId: string) => string
  private readonly now: () => number
  private readonly keyBase: number
  /** HLR answers arrive as receipts: their rows are the HLR store's, written in our transaction. */
  private readonly hlr: HlrStore

  constructor(
    private readonly db: Db,
    options: { idKeys?: IdKeys; ownKey?: (providerId: string) => string; now?: () => number } = {},
  ) {
    const idKeys = options.idKeys ?? ((id) => [id.trim().toLowerCase()])
    this.idKeys = idKeys
    this.ownKey = options.ownKey ?? ((id) => idKeys(id)[0] ?? id)
    this.now = options.now ?? Date.now
    this.hlr = new HlrStore(db)
    this.s = {
      insert: db.prepare(`INSERT INTO messages
        (idempotency_key, profile_id, batch_id, sender, phone, text, encoding, parts, state,
         priority, next_attempt_at, scheduled_at, options, type, resend_of, tz_min, tz_max,
         created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(idempotency_key) DO NOTHING`),
      // Search indexes are kept by the History worker in the background (see migration 10).
      byKey: db.prepare('SELECT * FROM messages WHERE idempotency_key = ?'),
      batchOfKey: db.prepare('SELECT batch_id FROM messages WHERE idempotency_key = ?'),
      byId: db.prepare('SELECT * FROM messages WHERE id = ?'),
      uncertainOf: db.prepare(`SELECT id, idempotency_key, provider_ids, phone, sender, error_code
        FROM messages WHERE profile_id = ? AND state = 'uncertain' ORDER BY id LIMIT ?`),
      statusQuery: db.prepare(
        'SELECT id, idempotency_key, provider_ids, phone, sender FROM messages WHERE id = ?',
      ),
      // Compose's list: messages only (an HLR lookup is HLR lookup's, hlr-store.ts).
      recent: db.prepare(`SELECT * FROM messages m WHERE ${notLookup('m')}
        ORDER BY id DESC LIMIT ?`),
      promoteScheduled:
        // By the scheduled rows' own index: the due index would walk every scheduled row.
        db.prepare(`UPDATE messages INDEXED BY messages_scheduled_due
        SET state = '${MOVES.promote.to}', updated_at = @now
        WHERE profile_id = @profileId AND ${stateGuard('promote')} AND scheduled_at <= @now RETURNING *`),
      claim:
        db.prepare(`UPDATE messages SET state = '${MOVES.claim.to}', attempts = attempts + 1, updated_at = @now
        WHERE id IN (SELECT id FROM messages
          WHERE profile_id = @profileId AND ${stateGuard('claim')} AND next_attempt_at <= @now
            AND (batch_id IS NULL OR batch_id NOT IN (${PAUSED_BATCHES}))
          ORDER BY priority, id LIMIT @limit)
        RETURNING id, profile_id, idempotency_key, sender, phone, text, attempts, priority, options`),
      nextDue: db.prepare(`SELECT MIN(t) AS t FROM (
          SELECT MIN(next_attempt_at) AS t FROM messages WHERE profile_id = ? AND state = 'queued'
            AND (batch_id IS NULL OR batch_id NOT IN (${PAUSED_BATCHES}))
          UNION ALL
          SELECT MIN(scheduled_at) FROM messages INDEXED BY messages_scheduled_due
            WHERE profile_id = ? AND state = 'scheduled')`),
      countByState: db.prepare('SELECT state, COUNT(*) AS n FROM messages GROUP BY state'),
      releaseHeld: db.prepare(`UPDATE messages SET state = 'queued', scheduled_at = NULL,
          next_attempt_at = @now, updated_at = @now
        WHERE batch_id = @batchId AND state = 'scheduled' AND scheduled_at = @heldUntil`),
      holdQuiet: db.prepare(`UPDATE messages SET state = 'scheduled', updated_at = @now,
          scheduled_at = ${QUIET_NEXT}, next_attempt_at = ${QUIET_NEXT}
        WHERE profile_id = @profileId AND state = 'queued' AND batch_id IS NOT NULL
          AND tz_min IS NOT NULL AND NOT (${QUIET_IN('CAST(@now / 60000 AS INTEGER)', 'tz_min')}
            AND ${QUIET_IN('CAST(@now / 60000 AS INTEGER)', 'tz_max')})
        RETURNING batch_id`),
      move: db.prepare(MOVE),
      // A group of submit answers: their messages still being sent, as they are (RawMessage).
      sending: db
        .prepare(
          `SELECT ${MESSAGE_COLUMNS} FROM messages
          WHERE id IN (SELECT value FROM json_each(?)) AND ${stateIn(ANSWERED_FROM)}`,
        )
        .raw(true),
      // Accept moves alone (most answers of a bulk send): only the columns they change, and
      // only the ids back, the messages being built from the rows just read. [[id, ids, parts,
      // nextPollAt, error, code], …]
      accept: db
        .prepare(
          `UPDATE messages SET state = '${MOVES.accept.to}', provider_ids = r.new_ids,
            parts = CASE WHEN r.new_parts IS NULL THEN parts ELSE MAX(parts, r.new_parts) END,
            next_poll_at = r.new_poll_at, error = r.new_error, error_code = r.new_code,
            updated_at = @now
          FROM (SELECT value ->> 0 AS msg_id, value ->> 1 AS new_ids, value ->> 2 AS new_parts,
              value ->> 3 AS new_poll_at, value ->> 4 AS new_error, value ->> 5 AS new_code
            FROM json_each(@moves)) AS r
          WHERE messages.id = r.msg_id AND ${stateGuard('accept', '+messages.state')}
          RETURNING id`,
        )
        .pluck(true),
      // Delivered without a word (most reports of a bulk send): one statement over their ids.
      delivered: db
        .prepare(
          `UPDATE messages SET state = '${MOVES.delivered.to}', error = NULL, error_code = NULL,
            next_poll_at = NULL, updated_at = @now
          WHERE id IN (SELECT value FROM json_each(@ids)) AND ${stateGuard('delivered', '+state')}
          RETURNING id`,
        )
        .pluck(true),
      // Report moves alone (a final receipt settling its message): [[id, move, to, error, code], …]
      report: db
        .prepare(
          `UPDATE messages SET state = r.to_state, error = r.new_error, error_code = r.new_code,
            next_poll_at = NULL, updated_at = @now
          FROM (SELECT value ->> 0 AS msg_id, value ->> 1 AS move, value ->> 2 AS to_state,
              value ->> 3 AS new_error, value ->> 4 AS new_code
            FROM json_each(@moves)) AS r
          WHERE messages.id = r.msg_id AND (${REPORT_MOVES.map(
            // `+`: the state index must not drive this join (it would scan every such message).
            (m) => `(r.move = '${m}' AND ${stateGuard(m, '+messages.state')})`,
          ).join(' OR ')})
          RETURNING id`,
        )
        .pluck(true),
      pollDue: db.prepare(`UPDATE messages SET polls = polls + 1, next_poll_at = @leaseUntil
        WHERE id IN (SELECT id FROM messages WHERE profile_id = @profileId AND next_poll_at <= @now
          ORDER BY next_poll_at LIMIT @limit)
        RETURNING id, idempotency_key, provider_ids, phone, sender, polls`),
      pollsOf: db.prepare(`SELECT id, state, polls FROM messages
        WHERE id IN (SELECT value FROM json_each(?))`),
      setNextPolls: db.prepare(`UPDATE messages SET next_poll_at = p.value ->> 1
        FROM json_each(?) AS p
        WHERE messages.id = p.value ->> 0 AND messages.next_poll_at IS NOT NULL`),
      reroute: db.prepare(`UPDATE messages SET profile_id = @to, updated_at = @now,
        error = @note, error_code = 'outbox:rerouted'
        WHERE profile_id = @from AND ${stateIn(UNSENT_STATES)} AND attempts = 0
        RETURNING *`),
      keyBase: db.prepare(`SELECT value FROM meta WHERE key = 'numeric_key_base'`),
      // [[providerId, messageId], …]
      insertKeys:
        db.prepare(`INSERT OR IGNORE INTO message_provider_ids (profile_id, provider_id, message_id)
        SELECT @profileId, value ->> 0, value ->> 1 FROM json_each(@keys)`),
      // The newest message under each of these provider id keys, if any, as it is: enough to
      // settle it on a final receipt for its only provider id, and to push it. [key, …RawMessage]
      messagesOfKeys: db
        .prepare(
          `WITH k AS MATERIALIZED (SELECT value AS key, (SELECT MAX(message_id)
              FROM message_provider_ids WHERE profile_id = @profileId AND provider_id = value) AS id
            FROM json_each(@keys))
          SELECT k.key, ${MESSAGE_COLUMNS.split(',')
            .map((c) => `m.${c.trim()}`)
            .join(', ')} FROM k JOIN messages m ON m.id = k.id`,
        )
        .raw(true),
      anyUnmatched: db.prepare(`SELECT EXISTS(SELECT 1 FROM delivery_receipts
        WHERE profile_id = ? AND message_id IS NULL) AS n`),
      // [{messageId, key, candidate}, …]: each candidate once.
      adoptReceipts: db.prepare(`UPDATE delivery_receipts SET
          message_id = (SELECT a.value ->> 'messageId' FROM json_each(@adoptions) AS a
            WHERE a.value ->> 'candidate' = delivery_receipts.provider_id),
          provider_id = (SELECT a.value ->> 'key' FROM json_each(@adoptions) AS a
            WHERE a.value ->> 'candidate' = delivery_receipts.provider_id)
        WHERE profile_id = @profileId AND message_id IS NULL
          AND provider_id IN (SELECT value ->> 'candidate' FROM json_each(@adoptions))
        RETURNING message_id`),
      // The messages that may settle now, each with its final receipts in the order received.
      settleRows: db.prepare(`SELECT m.id, m.state, m.provider_ids, r.id AS rid, r.provider_id,
          r.outcome, r.stat, r.err, r.reason, r.reason_code
        FROM json_each(?) AS j JOIN messages m ON m.id = j.value
          LEFT JOIN delivery_receipts r ON r.message_id = m.id AND r.outcome IN ${FINAL_OUTCOMES}
        WHERE ${stateIn(REPORT_SOURCES, 'm.state')}
        ORDER BY m.id, r.id`),
      recoverSending:
        db.prepare(`UPDATE messages SET state = '${MOVES.noAnswer.to}', updated_at = @now,
        error_code = 'outbox:interrupted',
        error = 'The console stopped while this message was being sent; it may or may not have reached the provider. Resend it or mark it failed.'
        WHERE ${stateGuard('noAnswer')} AND (@profileId IS NULL OR profile_id = @profileId)
        RETURNING *`),
      cancelBatch: db.prepare(`UPDATE messages SET state = '${MOVES.cancel.to}', updated_at = @now,
        error = 'Cancelled with its batch', error_code = 'outbox:batch-cancelled', next_poll_at = NULL
        WHERE batch_id = @batchId AND ${stateGuard('cancel')}`),
      reschedule: db.prepare(`UPDATE messages SET state = '${MOVES.reschedule.to}',
          scheduled_at = @at, next_attempt_at = @at, updated_at = @now
        WHERE id = @id AND ${stateGuard('reschedule')} RETURNING *`),
      sendNow: db.prepare(`UPDATE messages SET state = '${MOVES.promote.to}',
          scheduled_at = NULL, next_attempt_at = @now, updated_at = @now
        WHERE id = @id AND ${stateGuard('promote')} RETURNING *`),
      // One-off messages waiting for their time, the soonest first (migration 17's index).
      scheduledOneOffs: db.prepare(`SELECT * FROM messages INDEXED BY messages_scheduled_oneoff
        WHERE state = 'scheduled' AND batch_id IS NULL ORDER BY scheduled_at, id LIMIT ?`),
      // A batch's failed and expired messages, a slice at a time, by the batch's own index.
      resendableOfBatch: db
        .prepare(
          `SELECT id FROM messages WHERE batch_id = @from AND id > @after
            AND ${stateIn(RESENDABLE_OF_BATCH)} ORDER BY id LIMIT @limit`,
        )
        .pluck(),
      // Of a slice, those already sent again (by an earlier resend, or one by one).
      resentBefore: db
        .prepare(
          `SELECT COUNT(*) FROM json_each(@ids) j
          WHERE EXISTS (SELECT 1 FROM messages x WHERE x.resend_of = j.value)`,
        )
        .pluck(),
      resendableCount: db
        .prepare(
          `SELECT COUNT(*) FROM messages m WHERE batch_id = ? AND ${stateIn(RESENDABLE_OF_BATCH, 'm.state')}
            AND NOT EXISTS (SELECT 1 FROM messages x WHERE x.resend_of = m.id)
            AND NOT EXISTS (SELECT 1 FROM stop_list s
              WHERE s.phone = m.phone AND s.profile_id IN ('', m.profile_id))`,
        )
        .pluck(),
      // Each sent again into the new batch, but never to a number on the stop-list since.
      resendIntoBatch: db
        .prepare(
          `INSERT INTO messages (idempotency_key, profile_id, batch_id, sender, phone, text,
            encoding, parts, state, priority, next_attempt_at, options, type, resend_of,
            created_at, updated_at)
          SELECT @keyBase || ':' || m.id, m.profile_id, @to, m.sender, m.phone, m.text,
            m.encoding, m.parts, 'queued', 1, @now, m.options, m.type, m.id, @now, @now
          FROM messages m WHERE m.id IN (SELECT value FROM json_each(@ids))
            AND NOT EXISTS (SELECT 1 FROM stop_list s
              WHERE s.phone = m.phone AND s.profile_id IN ('', m.profile_id))
            AND NOT EXISTS (SELECT 1 FROM messages x WHERE x.resend_of = m.id)
          ON CONFLICT(idempotency_key) DO NOTHING
          RETURNING parts`,
        )
        .pluck(),
      unsentCount: db.prepare(`SELECT COUNT(*) AS n FROM messages
        WHERE profile_id = ? AND ${stateIn([...UNSENT_STATES, ...MOVES.accept.from])}`),
      cancelUnsent: db.prepare(`UPDATE messages SET state = '${MOVES.cancel.to}', error = @note,
        error_code = 'outbox:profile-removed', updated_at = @now, next_poll_at = NULL
        WHERE profile_id = @profileId AND ${stateGuard('cancel')} RETURNING *`),
    }
    const base = this.s.keyBase.get() as { value: string } | undefined
    this.keyBase = Number(base?.value ?? 0)
  }

  /**
   * Failover: hands the queued messages of a profile that is down to its fallback. Only those
   * never handed to the first provider move — one that may have reached it (a `retry` keeps
   * its attempt) stays, so no message can be delivered by both.
   */
  reroute(from: string, to: string, note: string): OutboxMessage[] {
    return this.db.transaction(() =>
      (this.s.reroute.all({ from, to, note, now: this.now() }) as MessageRow[]).map(toMessage),
    )()
  }

  /** Messages of a profile not yet handed to its provider (or being handed over right now). */
  unsentCount(profileId: string): number {
    return (this.s.unsentCount.get(profileId) as { n: number }).n
  }

  /** A profile goes away: its queued and scheduled messages are cancelled, with the reason. */
  cancelUnsent(profileId: string, note: string): OutboxMessage[] {
    return this.db.transaction(() =>
      (this.s.cancelUnsent.all({ profileId, note, now: this.now() }) as MessageRow[]).map(
        toMessage,
      ),
    )()
  }

  /** Messages of a profile whose status is due to be asked; leased so two ticks never ask twice. */
  pollDue(profileId: string, limit: number): StatusQuery[] {
    const now = this.now()
    const rows = this.s.pollDue.all({ profileId, now, limit, leaseUntil: now + 60_000 })
    return (rows as StatusRow[]).map((r) => this.toStatusQuery(r))
  }

  /** What a provider is asked about one message ("Check status"), the way the polls ask. */
  statusQuery(id: number): StatusQuery | null {
    const row = this.s.statusQuery.get(id) as StatusRow | undefined
    return row ? this.toStatusQuery(row) : null
  }

  /** A profile's uncertain messages, oldest first, as a status question plus why they are so. */
  uncertainOf(profileId: string, limit: number): (StatusQuery & { errorCode: string | null })[] {
    const rows = this.s.uncertainOf.all(profileId, limit) as (StatusRow & {
      error_code: string | null
    })[]
    return rows.map((r) => ({ ...this.toStatusQuery(r), errorCode: r.error_code }))
  }

  /**
   * Uncertain messages of a provider that dedupes on our key go out again under the same key:
   * if the first submit reached it, it does not send the message twice.
   */
  sendAgainSameKey(ids: readonly number[], note: string): OutboxMessage[] {
    const now = this.now()
    const moves = [...new Set(ids)].map((id): MoveRow => ({
      id,
      move: 'resend',
      error: note,
      code: 'outbox:resent-same-key',
      nextAttemptAt: now,
    }))
    return this.db.transaction(() => inOrder(ids, this.moveMany(moves, now)))()
  }

  /** After a poll: when to ask again about each of these (never again when the schedule ends). */
  schedulePolls(ids: readonly number[], plan: PollPlan = DEFAULT_POLLS): void {
    if (ids.length === 0) return
    const now = this.now()
    this.db.transaction(() => {
      const rows = this.s.pollsOf.all(JSON.stringify(ids)) as {
        id: number
        state: MessageState
        polls: number
      }[]
      const next = rows.map((row) => {
        const delay = row.state === 'accepted' ? pollDelay(plan, row.polls) : null
        return [row.id, delay === null ? null : now + delay]
      })
      this.s.setNextPolls.run(JSON.stringify(next))
    })()
  }

  /** Adds one message; with a known idempotency key, returns the message already stored. */
  enqueue(message: NewMessage): OutboxMessage {
    return this.db.transaction(() => this.insertOne(message, this.now()))()
  }

  /** Adds every message in one transaction (all or none); each as `enqueue` returns it. */
  enqueueAll(messages: readonly NewMessage[]): OutboxMessage[] {
    const now = this.now()
    return this.db.transaction(() => messages.map((m) => this.insertOne(m, now)))()
  }

  /** Adds many messages in one transaction. Returns how many were new. */
  enqueueMany(messages: readonly NewMessage[]): number {
    const now = this.now()
    return this.db.transaction(() => {
      let added = 0
      for (const m of messages) added += this.insertRaw(m, now).changes
      return added
    })()
  }

  /**
   * A bulk import's group of messages, in one transaction. A key already stored is not queued
   * again: `elsewhere` counts those stored by another batch (an earlier import of the file).
   */
  enqueueImport(
    batchId: number,
    messages: readonly NewMessage[],
  ): { added: number; addedParts: number; elsewhere: number } {
    const now = this.now()
    return this.db.transaction(() => {
      let added = 0
      let addedParts = 0
      let elsewhere = 0
      for (const m of messages) {
        const analysis = countOf(m)
        if (this.insertRaw(m, now, analysis).changes > 0) {
          added++
          addedParts += analysis.parts
        } else if (
          m.idempotencyKey !== undefined &&
          this.batchOfKey(m.idempotencyKey) !== batchId
        ) {
          elsewhere++
        }
      }
      return { added, addedParts, elsewhere }
    })()
  }

  /** The batch a message key was queued with (null: a one-off), or undefined if it is not stored. */
  batchOfKey(key: string): number | null | undefined {
    const row = this.s.batchOfKey.get(key) as { batch_id: number | null } | undefined
    return row ? row.batch_id : undefined
  }

  get(id: number): OutboxMessage | null {
    const row = this.s.byId.get(id) as MessageRow | undefined
    return row ? toMessage(row) : null
  }

  recent(limit = 100): OutboxMessage[] {
    return (this.s.recent.all(limit) as MessageRow[]).map(toMessage)
  }

  counts(): Partial<Record<MessageState, number>> {
    const out: Partial<Record<MessageState, number>> = {}
    for (const r of this.s.countByState.all() as { state: MessageState; n: number }[])
      out[r.state] = r.n
    return out
  }

  /**
   * Moves up to `limit` due messages of a profile to `sending`, durably, before any of them
   * is written to the provider. Urgent one-offs come before bulk.
   */
  claimDue(profileId: string, limit: number): Claim {
    const now = this.now()
    return this.db.transaction(() => {
      const promoted = (this.s.promoteScheduled.all({ profileId, now }) as MessageRow[]).map(
        toMessage,
      )
      const rows = this.s.claim.all({ profileId, now, limit }) as {
        id: number
        profile_id: string
        sender: string
        phone: string
        idempotency_key: string
        text: string
        attempts: number
        priority: number
        options: string | null
      }[]
      rows.sort((a, b) => a.id - b.id)
      const claimed = rows.map((r) => ({
        id: r.id,
        profileId: r.profile_id,
        sender: r.sender,
        phone: r.phone,
        text: r.text,
        idempotencyKey: r.idempotency_key,
        numericKey: this.keyBase + r.id,
        attempts: r.attempts,
        urgent: r.priority === 0,
        wantReceipt: true,
        ...claimedOptions(r.options),
      }))
      return { claimed, promoted }
    })()
  }

  /** Epoch ms when the next queued or scheduled message of a profile falls due, if any. */
  nextDueAt(profileId: string): number | null {
    const row = this.s.nextDue.get(profileId, profileId) as { t: number | null }
    return row.t
  }

  /**
   * Records the providers' answers for a group of submits in one transaction, in a few
   * statements whatever the group's size: one read of the messages still being sent (as they
   * are), one guarded UPDATE … FROM json_each for their accepts (only the columns an accept
   * changes, only ids back) and one for any other moves, one INSERT of their provider ids;
   * receipts that came before their answer are adopted and settle their messages. Returns the
   * messages changed, in the order answered: built from the rows read and what the move
   * changed, not read back.
   */
  applyResults(
    profileId: string,
    results: readonly SubmitResult[],
    policy: ResultPolicy = DEFAULT_RESULT_POLICY,
  ): OutboxMessage[] {
    if (results.length === 0) return []
    const now = this.now()
    return this.db.transaction(() => {
      const ids = results.map((r) => r.id)
      const current = new Map(
        (this.s.sending.all(JSON.stringify(ids)) as RawMessage[]).map((r) => [r[0], r]),
      )
      const moves: MoveRow[] = []
      const accepts: { move: MoveRow; row: RawMessage; ids: string[] }[] = []
      const keys: [string, number][] = []
      const adoptions: HlrAdoption[] = []
      const claimedCandidates = new Set<string>()
      // Early receipts are rare: look for them only when some are waiting.
      const early = (this.s.anyUnmatched.get(profileId) as { n: number }).n === 1
      for (const { id, outcome } of results) {
        const row = current.get(id)
        // Not being sent (or answered twice in this group): the first answer counts.
        if (row === undefined) continue
        current.delete(id)
        const move = answerMove(id, outcome, row[10], now, policy, this.ownKey)
        if (outcome.kind !== 'accepted') {
          moves.push(move)
          continue
        }
        const providerIds = JSON.parse(move.providerIds ?? '[]') as string[]
        accepts.push({ move, row, ids: providerIds })
        for (const key of new Set(providerIds)) {
          keys.push([key, id])
          if (!early) continue
          for (const candidate of this.idKeys(key)) {
            // The first message to claim a candidate takes its early receipts.
            if (claimedCandidates.has(candidate)) continue
            claimedCandidates.add(candidate)
            adoptions.push({ messageId: id, key, candidate })
          }
        }
      }
      const changed = this.moveMany(moves, now)
      if (accepts.length > 0) {
        const accepted = new Set(
          this.s.accept.all({
            moves: JSON.stringify(
              accepts.map(({ move: m }) => [
                m.id,
                m.providerIds,
                m.parts ?? null,
                m.nextPollAt ?? null,
                m.error,
                m.code,
              ]),
            ),
            now,
          }) as number[],
        )
        for (const { move: m, row, ids: providerIds } of accepts) {
          if (!accepted.has(m.id)) continue
          changed.set(
            m.id,
            movedMessage(row, 0, {
              state: MOVES.accept.to,
              providerIds,
              parts: m.parts == null ? row[7] : Math.max(row[7], m.parts),
              error: m.error,
              errorCode: m.code,
              updatedAt: now,
            }),
          )
        }
      }
      if (keys.length > 0) this.s.insertKeys.run({ profileId, keys: JSON.stringify(keys) })
      if (adoptions.length > 0) {
        const adopted = this.s.adoptReceipts.all({
          profileId,
          adoptions: JSON.stringify(adoptions),
        }) as { message_id: number }[]
        this.hlr.adopt(profileId, adoptions)
        const settle = new Map(adopted.map((r) => [r.message_id, Number.MAX_SAFE_INTEGER]))
        for (const m of this.settle(settle, now)) changed.set(m.id, m)
      }
      return inOrder(ids, changed)
    })()
  }

  /**
   * Stores receipts and moves their messages, all in one transaction and a few statements
   * whatever their number: one read finds each receipt's message (as it is) under the id's own
   * form, a second only for those not found, under its hex/decimal twins; one INSERT … SELECT
   * FROM json_each stores them, HLR answers go to the HLR store. A message settled by its one
   * receipt moves in one guarded UPDATE (over the ids alone when delivered without a word) and
   * is pushed as read plus the move; the rest are judged on their final receipts, read at once.
   */
  applyReceipts(profileId: string, receipts: readonly DeliveryReceipt[]): OutboxMessage[] {
    if (receipts.length === 0) return []
    const now = this.now()
    return this.db.transaction(() => {
      // The message under each key, as it is: [key, …RawMessage].
      const known = new Map<string, unknown[]>()
      const lookUp = (keys: Iterable<string>) => {
        const found = this.s.messagesOfKeys.all({
          profileId,
          keys: JSON.stringify([...keys]),
        }) as unknown[][]
        for (const f of found) known.set(f[0] as string, f)
      }
      // The id's own form first: only if that finds nothing do its hex/decimal twins count.
      const own = receipts.map((r) => this.ownKey(r.providerId))
      lookUp(new Set(own))
      const twinsOf = own.map((key, i) =>
        known.has(key) ? null : this.idKeys((receipts[i] as DeliveryReceipt).providerId).slice(1),
      )
      const twins = new Set(twinsOf.flatMap((t) => t ?? []))
      if (twins.size > 0) lookUp(twins)
      const heads = new Map<number, unknown[]>()
      for (const f of known.values()) heads.set(f[1] as number, f)
      const rows = receipts.map((r, i): ReceiptTuple => {
        const ownKey = own[i] as string
        const key = known.has(ownKey) ? ownKey : twinsOf[i]?.find((k) => known.has(k))
        return [
          key ?? ownKey,
          key === undefined ? null : ((known.get(key) as unknown[])[1] as number),
          r.outcome,
          r.stat,
          r.err,
          r.reason ?? null,
          r.reasonCode ?? null,
          r.channel ?? null,
          r.price ?? null,
          r.prices ? JSON.stringify(r.prices) : null,
          r.raw,
          r.receivedAt,
        ]
      })
      // Stored in the order given, in a few multi-row INSERTs: ids run up to the last one.
      let lastId = 0
      for (let i = 0; i < rows.length;) {
        const n = RECEIPT_CHUNKS.find((size) => size <= rows.length - i) as number
        const values: unknown[] = []
        for (const row of rows.slice(i, i + n)) values.push(profileId, ...row)
        lastId = Number(this.insertReceipts(n).run(values).lastInsertRowid)
        i += n
      }
      const firstId = lastId - rows.length + 1
      const answers: HlrAnswer[] = []
      receipts.forEach((r, i) => {
        const [providerId, messageId] = rows[i] as ReceiptTuple
        if (r.hlr) {
          answers.push({
            messageId,
            providerId,
            stat: r.stat,
            err: r.err,
            hlr: r.hlr,
            raw: r.raw,
            receivedAt: r.receivedAt,
          })
        }
      })
      this.hlr.record(profileId, answers)
      // Each message settles from its first receipt of this group on, as they come. Most have
      // one provider id and that receipt is final for it: settled by it, nothing more to read.
      const seen = new Set<number>()
      const from = new Map<number, number>()
      const settled: (ReportMove & { head: unknown[]; ids: string[] })[] = []
      rows.forEach((row, i) => {
        const [key, messageId, outcome, stat, err, reason, reasonCode] = row
        if (messageId === null || seen.has(messageId)) return
        seen.add(messageId)
        const rid = firstId + i
        const head = heads.get(messageId) as unknown[]
        const providerIds = JSON.parse(head[10] as string) as string[]
        if (
          REPORT_SOURCES.includes(head[9] as MessageState) &&
          providerIds.every((id) => id === key) &&
          providerIds.length > 0 &&
          isFinalOutcome(outcome)
        ) {
          // Built field by field: a spread here cost more than the rest of this loop.
          const move = reportMoveOf(
            messageId,
            { outcome, stat, err, reason, reason_code: reasonCode },
            rid,
          )
          settled.push({
            id: move.id,
            move: move.move,
            error: move.error,
            code: move.code,
            at: move.at,
            head,
            ids: providerIds,
          })
        } else {
          from.set(messageId, rid)
        }
      })
      // Settled by their one receipt: the report statement, the messages built from the rows
      // read above. The rest as settling decides, in the generic move statement.
      const moved = new Map<number, { at: number; message: OutboxMessage }>()
      if (settled.length > 0) {
        const plain = (m: ReportMove) =>
          m.move === 'delivered' && m.error === null && m.code === null
        const delivered = settled.filter(plain)
        const other = settled.filter((m) => !plain(m))
        const ids = new Set([
          ...(delivered.length > 0
            ? (this.s.delivered.all({
                ids: JSON.stringify(delivered.map((m) => m.id)),
                now,
              }) as number[])
            : []),
          ...(other.length > 0
            ? (this.s.report.all({
                moves: JSON.stringify(
                  other.map((m) => [m.id, m.move, MOVES[m.move].to, m.error, m.code]),
                ),
                now,
              }) as number[])
            : []),
        ])
        for (const m of settled) {
          if (!ids.has(m.id)) continue
          const message = movedMessage(m.head, 1, {
            state: MOVES[m.move].to,
            providerIds: m.ids,
            error: m.error,
            errorCode: m.code,
            updatedAt: now,
          })
          moved.set(m.id, { at: m.at, message })
        }
      }
      const rest = this.settleMoves(from)
      if (rest.length > 0) {
        const done = this.moveMany(rest, now)
        for (const m of rest) {
          const message = done.get(m.id)
          if (message) moved.set(m.id, { at: m.at, message })
        }
      }
      // In the order of the receipts that decided them.
      return [...moved.values()].sort((a, b) => a.at - b.at).map((m) => m.message)
    })()
  }

  /**
   * A group commit's submit answers, then its reports, in one transaction: one wait for the
   * disk instead of two. Either both are stored or neither is.
   */
  applyAnswers(
    profileId: string,
    results: readonly SubmitResult[],
    receipts: readonly DeliveryReceipt[],
    policy: ResultPolicy = DEFAULT_RESULT_POLICY,
    claimUpTo = 0,
  ): Answered {
    return this.db.transaction(() => ({
      results: this.applyResults(profileId, results, policy),
      receipts: this.applyReceipts(profileId, receipts),
      // After the answers: the window they freed is what the caller claims for.
      claim: claimUpTo > 0 ? this.claimDue(profileId, claimUpTo) : null,
    }))()
  }

  /** INSERTs of n receipts (a size of RECEIPT_CHUNKS), prepared once each. */
  private readonly receiptInserts = new Map<number, Statement>()
  private insertReceipts(n: number): Statement {
    let insert = this.receiptInserts.get(n)
    if (!insert) {
      // Values bound in ReceiptTuple's order, each row after its profile id.
      insert = this.db.prepare(`INSERT INTO delivery_receipts (profile_id, provider_id,
          message_id, outcome, stat, err, reason, reason_code, channel, price, prices, raw, received_at)
        VALUES ${Array.from({ length: n }, () => `(${'?, '.repeat(12)}?)`).join(', ')}`)
      this.receiptInserts.set(n, insert)
    }
    return insert
  }

  /** After a restart: whatever was mid-send may or may not have reached the provider. */
  recoverInterrupted(profileId: string | null = null): OutboxMessage[] {
    const rows = this.s.recoverSending.all({ now: this.now(), profileId }) as MessageRow[]
    return rows.map(toMessage)
  }

  cancel(id: number): OutboxMessage {
    return this.db.transaction(() => {
      const moved = this.moveOne({ id, move: 'cancel', error: null, code: null })
      if (moved) return moved
      throw this.refusal(id, 'message.notCancellable')
    })()
  }

  /**
   * Sends a failed, expired or cancelled message again: a new message (with its own key) of the
   * same profile, sender, number, text and channels, naming the one it repeats. Never an HLR
   * lookup: that is looked up again on its own screen.
   */
  resend(id: number, idempotencyKey?: string): OutboxMessage {
    return this.db.transaction(() => {
      const row = this.s.byId.get(id) as (MessageRow & { options: string | null }) | undefined
      if (!row || row.text === HLR_TEXT) {
        throw new OutboxError('NOT_FOUND', phrase('message.notFound', { id }))
      }
      if (!RESENDABLE.includes(row.state)) {
        throw new OutboxError('CONFLICT', phrase('message.notResendable', { id, state: row.state }))
      }
      const options = storedOptions(row.options)
      return this.insertOne(
        {
          profileId: row.profile_id,
          sender: row.sender,
          phone: row.phone,
          text: row.text,
          idempotencyKey,
          cascade: options.cascade,
          messageType: options.messageType,
          resendOf: row.id,
        },
        this.now(),
      )
    })()
  }

  /**
   * One slice of a batch's failed and expired messages (those after `afterId`, in id order)
   * sent again into batch `to`, each naming the one it repeats (and keyed `<keyBase>:<its id>`):
   * one already sent again — by this resend before a restart, an earlier one, or by itself — is
   * not sent again, so no message goes out twice however often the batch is resent. A number on
   * the stop-list is left out (`stopped` counts those). `lastId`: where the next slice starts,
   * null when done.
   */
  resendBatchSlice(
    from: number,
    to: number,
    keyBase: string,
    afterId: number,
    limit: number,
  ): { added: number; addedParts: number; stopped: number; lastId: number | null } {
    const ids = this.s.resendableOfBatch.all({ from, after: afterId, limit }) as number[]
    if (ids.length === 0) return { added: 0, addedParts: 0, stopped: 0, lastId: null }
    const json = JSON.stringify(ids)
    const before = this.s.resentBefore.get({ ids: json }) as number
    const parts = this.s.resendIntoBatch.all({
      keyBase,
      to,
      now: this.now(),
      ids: json,
    }) as number[]
    return {
      added: parts.length,
      stopped: ids.length - before - parts.length,
      addedParts: parts.reduce((a, b) => a + b, 0),
      lastId: ids.at(-1) ?? null,
    }
  }

  /**
   * Another time for a message not handed over yet: a later one schedules it (again), one now
   * or past sends it at once. Refused for a message already on its way or done.
   */
  reschedule(id: number, at: number): OutboxMessage {
    const now = this.now()
    return this.db.transaction(() => {
      const row = this.s.byId.get(id) as MessageRow | undefined
      if (!row || row.text === HLR_TEXT) {
        throw new OutboxError('NOT_FOUND', phrase('message.notFound', { id }))
      }
      if (at > now) {
        const moved = this.s.reschedule.get({ id, at, now }) as MessageRow | undefined
        if (moved) return toMessage(moved)
      } else {
        const moved = this.s.sendNow.get({ id, now }) as MessageRow | undefined
        if (moved) return toMessage(moved)
        // Already queued: it goes as soon as it can.
        if (row.state === 'queued') return toMessage(row)
      }
      throw new OutboxError(
        'CONFLICT',
        phrase('message.notReschedulable', { id, state: row.state }),
      )
    })()
  }

  /** One-off messages waiting for their time, the soonest first, with that time. */
  scheduled(limit: number): { message: OutboxMessage; scheduledAt: number }[] {
    return (this.s.scheduledOneOffs.all(limit) as (MessageRow & { scheduled_at: number })[]).map(
      (r) => ({ message: toMessage(r), scheduledAt: r.scheduled_at }),
    )
  }

  /**
   * A batch's failed and expired messages not sent again yet, to numbers not on the stop-list:
   * what a resend would send.
   */
  resendableCount(batchId: number): number {
    return this.s.resendableCount.get(batchId) as number
  }

  /** The operator's decision on an `uncertain` message. */
  resolveUncertain(id: number, action: 'resend' | 'markFailed'): OutboxMessage {
    const now = this.now()
    return this.db.transaction(() => {
      const moved = this.moveOne(
        action === 'resend'
          ? { id, move: 'resend', error: null, code: null, providerIds: '[]', nextAttemptAt: now }
          : {
              id,
              move: 'markFailed',
              error: 'Marked failed by the operator',
              code: 'outbox:operator-failed',
            },
      )
      if (moved) return moved
      throw this.refusal(id, 'message.notUncertain')
    })()
  }

  /**
   * Asked about an `uncertain` message, the provider knows it under these ids: it did reach
   * the provider, so it is accepted, polled on, and its receipts can find it from now on.
   */
  confirmUncertain(
    id: number,
    providerIds: readonly string[],
    pollAfterMs: number | null = nextPollDelay(0),
  ): OutboxMessage | null {
    if (providerIds.length === 0) return null
    const keys = [...new Set(providerIds.map(this.ownKey))]
    const now = this.now()
    return this.db.transaction(() => {
      const moved = this.moveOne({
        id,
        move: 'confirm',
        error: null,
        code: null,
        providerIds: JSON.stringify(keys),
        setPoll: 1,
        nextPollAt: pollAfterMs === null ? null : now + pollAfterMs,
      })
      if (!moved) return null
      this.s.insertKeys.run({
        profileId: moved.profileId,
        keys: JSON.stringify(keys.map((key) => [key, id])),
      })
      return moved
    })()
  }

  /**
   * What a provider said when asked about one message (Check status, or settling uncertain
   * messages after a reconnect). If it knows an uncertain message, the message did reach it:
   * accepted under the ids it gave, and its receipts settle it from there.
   */
  applyStatus(
    profileId: string,
    query: StatusQuery,
    receipts: readonly DeliveryReceipt[],
    pollAfterMs: number | null = nextPollDelay(0),
  ): OutboxMessage[] {
    return this.db.transaction(() => {
      const changed = new Map<number, OutboxMessage>()
      const known = receipts.filter((r) => r.outcome !== 'unknown' && r.outcome !== 'missing')
      if (known.length > 0) {
        const ids =
          query.providerIds.length > 0 ? query.providerIds : known.map((r) => r.providerId)
        const confirmed = this.confirmUncertain(query.id, ids, pollAfterMs)
        if (confirmed) changed.set(confirmed.id, confirmed)
      }
      // Every answer is kept for the record; 'missing' proves nothing was sent.
      for (const m of this.applyReceipts(profileId, receipts)) changed.set(m.id, m)
      return [...changed.values()]
    })()
  }

  /**
   * Cancels every message of a batch not yet handed to a provider, in one transaction.
   * Returns how many; those mid-send finish as they will.
   */
  cancelBatch(batchId: number): number {
    return this.db.transaction(() => this.s.cancelBatch.run({ batchId, now: this.now() }).changes)()
  }

  // ─── internals ───────────────────────────────────────────────────────────

  private toStatusQuery(r: StatusRow): StatusQuery {
    return {
      id: r.id,
      idempotencyKey: r.idempotency_key,
      // The numeric key providers know our messages by (see migration 2).
      numericKey: this.keyBase + r.id,
      providerIds: JSON.parse(r.provider_ids) as string[],
      phone: r.phone,
      sender: r.sender,
    }
  }

  private insertOne(message: NewMessage, now: number): OutboxMessage {
    const key = message.idempotencyKey ?? randomUUID()
    this.insertRaw({ ...message, idempotencyKey: key }, now)
    const row = this.s.byKey.get(key) as MessageRow
    if (
      row.profile_id !== message.profileId ||
      row.phone !== message.phone ||
      row.text !== message.text
    ) {
      throw new OutboxError('CONFLICT', phrase('message.keyReused'))
    }
    return toMessage(row)
  }

  private insertRaw(m: NewMessage, now: number, analysis = countOf(m)): RunResult {
    const r = newMessageRow(m, now, analysis)
    // Bound by position, in the statement's order: a bulk import's million rows each bind
    // nineteen values, and a named bind looks each one up (~15% of the insert's time).
    return this.s.insert.run(
      r.key,
      r.profileId,
      r.batchId,
      r.sender,
      r.phone,
      r.text,
      r.encoding,
      r.parts,
      r.state,
      r.priority,
      r.nextAttemptAt,
      r.scheduledAt,
      r.options,
      r.type,
      r.resendOf,
      r.tzMin,
      r.tzMax,
      now,
      now,
    )
  }

  /**
   * Quiet hours: a profile's queued bulk messages whose recipients' local time is outside the
   * window wait, scheduled for when it opens for them (nextAllowed in shared/quiet.ts, in SQL).
   * Messages of unknown zone go as they are. Returns the batches whose messages were held.
   */
  /** A batch's messages waiting for its canary go: queued now (quiet hours may hold them). */
  releaseHeld(batchId: number, heldUntil: number): number {
    return this.s.releaseHeld.run({ batchId, heldUntil, now: this.now() }).changes
  }

  holdQuiet(profileId: string, q: QuietHours): { held: number; batches: number[] } {
    const rows = this.s.holdQuiet.all({
      profileId,
      from: q.from,
      to: q.to,
      now: this.now(),
    }) as { batch_id: number }[]
    return { held: rows.length, batches: [...new Set(rows.map((r) => r.batch_id))] }
  }

  /** Runs the guarded move statement; the rows moved, by id, as they now are. */
  private moveMany(moves: readonly MoveRow[], now: number): Map<number, OutboxMessage> {
    if (moves.length === 0) return new Map()
    const moved = this.s.move.all({
      moves: JSON.stringify(moves.map(moveTuple)),
      now,
    }) as MessageRow[]
    return new Map(moved.map((r) => [r.id, toMessage(r)]))
  }

  private moveOne(move: MoveRow): OutboxMessage | null {
    return this.moveMany([move], this.now()).get(move.id) ?? null
  }

  /** Why a message did not move: it does not exist, or its state does not allow it. */
  private refusal(
    id: number,
    refusal: 'message.notCancellable' | 'message.notUncertain',
  ): OutboxError {
    const row = this.s.byId.get(id) as MessageRow | undefined
    if (!row) return new OutboxError('NOT_FOUND', phrase('message.notFound', { id }))
    return new OutboxError('CONFLICT', phrase(refusal, { id, state: row.state }))
  }

  /**
   * Final states from the receipts so far: every distinct provider id of a message (one per
   * part in SINGLE mode, one for all parts otherwise) needs a final receipt; the worst wins.
   * `from` gives, per message, the receipt from which on it is judged: as each later final
   * receipt of it arrives, until one completes it (a receipt after that changes nothing).
   * One read for all the messages, one guarded UPDATE for those that settle.
   */
  private settle(from: ReadonlyMap<number, number>, now: number): OutboxMessage[] {
    return this.applyReports(this.settleMoves(from), now)
  }

  /** The report moves of the messages `from` names that settle (see settle). */
  private settleMoves(from: ReadonlyMap<number, number>): ReportMove[] {
    if (from.size === 0) return []
    const rows = this.s.settleRows.all(JSON.stringify([...from.keys()])) as SettleRow[]
    const moves: ReportMove[] = []
    let i = 0
    while (i < rows.length) {
      const first = rows[i] as SettleRow
      const reports: FinalReport[] = []
      for (; i < rows.length && (rows[i] as SettleRow).id === first.id; i++) {
        const r = rows[i] as SettleRow
        if (r.rid !== null) reports.push(r as FinalReport)
      }
      const decided = decide(first, reports, from.get(first.id) ?? 0)
      if (decided) moves.push(reportMoveOf(first.id, decided.worst, decided.at))
    }
    return moves
  }

  /** Runs report moves in the order the receipts that decided them came; the messages moved. */
  private applyReports(moves: ReportMove[], now: number): OutboxMessage[] {
    moves.sort((a, b) => a.at - b.at)
    const moved = this.moveMany(moves, now)
    return moves.map((m) => moved.get(m.id)).filter((m): m is OutboxMessage => m !== undefined)
  }
}

/** Batches whose messages wait (bulk import's pause); a partial index finds them. */
const PAUSED_BATCHES = `SELECT id FROM batches WHERE state = 'paused'`

export function toMessage(r: MessageRow): OutboxMessage {
  return {
    id: r.id,
    profileId: r.profile_id,
    batchId: r.batch_id,
    sender: r.sender,
    phone: r.phone,
    text: r.text,
    encoding: r.encoding,
    parts: r.parts,
    state: r.state,
    providerIds: JSON.parse(r.provider_ids) as string[],
    attempts: r.attempts,
    error: r.error,
    errorCode: r.error_code,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    ...typeOf(r.type ?? null),
  }
}

/** A message's `type` field: present only for a type other than SMS. */
function typeOf(type: MessageTypeName | null): { type?: MessageTypeName } {
  return type && type !== 'sms' ? { type } : {}
}

/** What a claimed message carries of its stored options (a cascade, an SMSC type). */
export function claimedOptions(
  json: string | null,
): Pick<ClaimedMessage, 'cascade' | 'messageType'> {
  if (!json) return {}
  const o = storedOptions(json)
  return { cascade: o.cascade, messageType: o.messageType }
}
