/**
 * The outbox on the team server's PostgreSQL: the same moves as SQLite's (every state-changing
 * UPDATE guarded by states.ts, the same decisions from ../outbox/decisions.ts), written for a
 * database several server instances share. Claims lock what they take and skip what another
 * instance has locked (`FOR UPDATE SKIP LOCKED`), so no message is claimed twice; a group's
 * answers lock their messages before deciding on them. Groups of rows travel as one JSON
 * parameter read by `jsonb_to_recordset`: a few statements per group whatever its size.
 */
import { randomUUID } from 'node:crypto'
import type { PoolClient } from 'pg'
import type { QuietHours } from '../../../../shared/quiet'
import type { MessageState, OutboxMessage } from '../../../../shared/contract'
import { HLR_TEXT } from '../../../../shared/constants'
import { phrase } from '../../../../shared/phrases'
import { OutboxError } from '../../outbox/errors'
import {
  newMessageRow,
  storedOptions,
  ANSWERED_FROM,
  REPORT_SOURCES,
  answerMove,
  decide,
  inOrder,
  reportMoveOf,
  type FinalReport,
  type MoveRow,
  type ReportMove,
  type SettleRow,
} from '../../outbox/decisions'
import {
  DEFAULT_POLLS,
  DEFAULT_RESULT_POLICY,
  nextPollDelay,
  pollDelay,
  claimedOptions,
  toMessage,
  type Answered,
  type Claim,
  type ClaimedMessage,
  type IdKeys,
  type MessageRow,
  type NewMessage,
  type PollPlan,
  type ResultPolicy,
  type SubmitResult,
} from '../../outbox/outbox'
import {
  FINAL_STATES,
  MOVES,
  RESENDABLE,
  RESENDABLE_OF_BATCH,
  stateGuard,
  stateIn,
  UNSENT_STATES,
  type Move,
} from '../../outbox/states'
import type { DeliveryReceipt, StatusQuery } from '../../providers/types'
import type { OutboxStore } from '../stores'
import { pgText, type PgDatabase } from './database'

type Row = MessageRow & {
  idempotency_key: string
  options: string | null
  priority: number
  scheduled_at: number | null
  text: string
}

interface StatusRow {
  id: number
  idempotency_key: string
  provider_ids: string
  phone: string
  sender: string
}

/** Batches whose messages wait (a paused bulk import). */
const PAUSED_BATCHES = `SELECT id FROM batches WHERE state = 'paused'`

/**
 * Many moves in one statement: each row names its move and moves only from a state that move
 * starts from (the guards are MOVES'). $1: the rows as JSON, $2: now. Returns the rows moved.
 */
const MOVE = `UPDATE messages m SET
    state = r.to_state, error = r.new_error, error_code = r.new_code, updated_at = $2,
    provider_ids = COALESCE(r.new_ids, m.provider_ids),
    parts = CASE WHEN r.new_parts IS NULL THEN m.parts ELSE GREATEST(m.parts, r.new_parts) END,
    attempts = GREATEST(m.attempts - COALESCE(r.uncount, 0), 0),
    next_attempt_at = COALESCE(r.new_attempt_at, m.next_attempt_at),
    next_poll_at = CASE WHEN COALESCE(r.set_poll, 0) = 1 THEN r.new_poll_at
      WHEN ${stateIn(FINAL_STATES, 'r.to_state')} THEN NULL ELSE m.next_poll_at END
  FROM jsonb_to_recordset($1::jsonb) AS r(id BIGINT, move TEXT, to_state TEXT, new_error TEXT,
    new_code TEXT, new_ids TEXT, new_parts INTEGER, uncount INTEGER, new_attempt_at BIGINT,
    set_poll INTEGER, new_poll_at BIGINT)
  WHERE m.id = r.id AND (${(Object.keys(MOVES) as Move[])
    .map((mv) => `(r.move = '${mv}' AND ${stateGuard(mv, 'm.state')})`)
    .join(' OR ')})
  RETURNING m.*`

function moveRecord(m: MoveRow): Record<string, unknown> {
  return {
    id: m.id,
    move: m.move,
    to_state: MOVES[m.move].to,
    new_error: m.error,
    new_code: m.code,
    new_ids: m.providerIds ?? null,
    new_parts: m.parts ?? null,
    uncount: m.uncount ?? null,
    new_attempt_at: m.nextAttemptAt ?? null,
    set_poll: m.setPoll ?? null,
    new_poll_at: m.nextPollAt ?? null,
  }
}

/** The local minute of the day at minute `m` for the offset column `tz` (quiet hours). */
const QUIET_LOCAL = (m: string, tz: string) => `((((${m}) + ${tz}) % 1440 + 1440) % 1440)`
/** Whether that local minute lies in the window [$3, $4). */
const QUIET_IN = (m: string, tz: string) =>
  `(${QUIET_LOCAL(m, tz)} >= $3 AND ${QUIET_LOCAL(m, tz)} < $4)`
const NOW_MINUTE = `($2::bigint / 60000)`
/** Minutes to wait until the zone `tz` reaches the window's start. */
const QUIET_WAIT = (tz: string) => `(($3 - ${QUIET_LOCAL(NOW_MINUTE, tz)} + 1440) % 1440)`
/** When a held message may go: as nextAllowed in shared/quiet.ts, and as SQLite's outbox. */
const QUIET_NEXT = `(CASE WHEN ${QUIET_IN(`${NOW_MINUTE} + ${QUIET_WAIT('tz_max')}`, 'tz_min')}
    THEN (${NOW_MINUTE} + ${QUIET_WAIT('tz_max')}) * 60000
    ELSE (${NOW_MINUTE} + ${QUIET_WAIT('tz_min')}) * 60000 END)`

/** A new message as INSERT_MESSAGES reads it: as SQLite's, its texts as PostgreSQL keeps them. */
function messageRecord(m: NewMessage, now: number) {
  const row = newMessageRow(m, now)
  return { ...row, sender: pgText(row.sender), text: pgText(row.text) }
}

/** New messages ($1: messageRecord rows as JSON, $2: now); a key already stored is left. */
const INSERT_MESSAGES = `INSERT INTO messages (idempotency_key, profile_id, batch_id, sender,
    phone, text, encoding, parts, state, priority, next_attempt_at, scheduled_at, options, type,
    resend_of, tz_min, tz_max, created_at, updated_at)
  SELECT key, "profileId", "batchId", sender, phone, text, encoding, parts, state, priority,
    "nextAttemptAt", "scheduledAt", options, type, "resendOf", "tzMin", "tzMax", $2, $2
  FROM jsonb_to_recordset($1::jsonb) AS r(key TEXT, "profileId" TEXT, "batchId" BIGINT,
    sender TEXT, phone TEXT, text TEXT, encoding TEXT, parts INTEGER, state TEXT,
    priority INTEGER, "nextAttemptAt" BIGINT, "scheduledAt" BIGINT, options TEXT, type TEXT,
    "resendOf" BIGINT, "tzMin" INTEGER, "tzMax" INTEGER)
  ON CONFLICT (idempotency_key) DO NOTHING`

export interface PgOutboxOptions {
  idKeys?: IdKeys
  ownKey?: (providerId: string) => string
  now?: () => number
}

export class PgOutbox implements OutboxStore {
  private readonly idKeys: IdKeys
  private readonly ownKey: (providerId: string) => string
  private readonly now: () => number
  private keyBase: Promise<number> | null = null

  constructor(
    private readonly db: PgDatabase,
    options: PgOutboxOptions = {},
  ) {
    const idKeys = options.idKeys ?? ((id) => [id.trim().toLowerCase()])
    this.idKeys = idKeys
    this.ownKey = options.ownKey ?? ((id) => idKeys(id)[0] ?? id)
    this.now = options.now ?? Date.now
  }

  /**
   * Numeric client keys are this base plus the message id (see SQLite's migration 2): chosen
   * once per database, by whichever server asks first.
   */
  private numericBase(): Promise<number> {
    this.keyBase ??= this.db.pool
      .query<{ value: string }>(
        `WITH made AS (INSERT INTO meta (key, value)
            VALUES ('numeric_key_base', (floor(random() * 1000000000))::bigint::text)
            ON CONFLICT (key) DO NOTHING RETURNING value)
          SELECT value FROM made UNION ALL SELECT value FROM meta WHERE key = 'numeric_key_base'`,
      )
      .then((r) => Number(r.rows[0]?.value ?? 0))
      .catch((err: unknown) => {
        this.keyBase = null
        throw err
      })
    return this.keyBase
  }

  async holdQuiet(profileId: string, q: QuietHours) {
    const r = await this.db.pool.query<{ batch_id: number }>(
      `UPDATE messages SET state = 'scheduled', updated_at = $2,
          scheduled_at = ${QUIET_NEXT}, next_attempt_at = ${QUIET_NEXT}
        WHERE profile_id = $1 AND state = 'queued' AND batch_id IS NOT NULL
          AND tz_min IS NOT NULL AND NOT (${QUIET_IN(NOW_MINUTE, 'tz_min')}
            AND ${QUIET_IN(NOW_MINUTE, 'tz_max')})
        RETURNING batch_id`,
      [profileId, this.now(), q.from, q.to],
    )
    return { held: r.rows.length, batches: [...new Set(r.rows.map((x) => x.batch_id))] }
  }

  async releaseHeld(batchId: number, heldUntil: number) {
    const r = await this.db.pool.query(
      `UPDATE messages SET state = 'queued', scheduled_at = NULL, next_attempt_at = $3,
          updated_at = $3
        WHERE batch_id = $1 AND state = 'scheduled' AND scheduled_at = $2`,
      [batchId, heldUntil, this.now()],
    )
    return r.rowCount ?? 0
  }

  async enqueue(message: NewMessage) {
    const [m] = await this.db.transaction((c) => this.insert(c, [message], this.now()))
    return m as OutboxMessage
  }

  async enqueueAll(messages: readonly NewMessage[]) {
    if (messages.length === 0) return []
    return this.db.transaction((c) => this.insert(c, messages, this.now()))
  }

  async get(id: number) {
    const r = await this.db.pool.query<Row>('SELECT * FROM messages WHERE id = $1', [id])
    return r.rows[0] ? toMessage(r.rows[0]) : null
  }

  async recent(limit = 100) {
    const r = await this.db.pool.query<Row>(
      `SELECT * FROM messages WHERE text <> '${HLR_TEXT}' ORDER BY id DESC LIMIT $1`,
      [limit],
    )
    return r.rows.map(toMessage)
  }

  async counts() {
    const r = await this.db.pool.query<{ state: MessageState; n: number }>(
      'SELECT state, count(*)::int AS n FROM messages GROUP BY state',
    )
    const out: Partial<Record<MessageState, number>> = {}
    for (const row of r.rows) out[row.state] = row.n
    return out
  }

  async cancel(id: number) {
    return this.db.transaction(async (c) => {
      const moved = await this.moveOne(c, { id, move: 'cancel', error: null, code: null })
      if (moved) return moved
      throw await this.refusal(c, id, 'message.notCancellable')
    })
  }

  async resend(id: number, idempotencyKey?: string) {
    return this.db.transaction(async (c) => {
      const row = (await c.query<Row>('SELECT * FROM messages WHERE id = $1', [id])).rows[0]
      if (!row || row.text === HLR_TEXT) {
        throw new OutboxError('NOT_FOUND', phrase('message.notFound', { id }))
      }
      if (!RESENDABLE.includes(row.state)) {
        throw new OutboxError('CONFLICT', phrase('message.notResendable', { id, state: row.state }))
      }
      const options = storedOptions(row.options)
      const [m] = await this.insert(
        c,
        [
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
        ],
        this.now(),
      )
      return m as OutboxMessage
    })
  }

  async reschedule(id: number, at: number) {
    const now = this.now()
    return this.db.transaction(async (c) => {
      const row = (await c.query<Row>('SELECT * FROM messages WHERE id = $1 FOR UPDATE', [id]))
        .rows[0]
      if (!row || row.text === HLR_TEXT) {
        throw new OutboxError('NOT_FOUND', phrase('message.notFound', { id }))
      }
      if (at > now) {
        const moved = await c.query<Row>(
          `UPDATE messages SET state = '${MOVES.reschedule.to}', scheduled_at = $2,
              next_attempt_at = $2, updated_at = $3
            WHERE id = $1 AND ${stateGuard('reschedule')} RETURNING *`,
          [id, at, now],
        )
        if (moved.rows[0]) return toMessage(moved.rows[0])
      } else {
        const moved = await c.query<Row>(
          `UPDATE messages SET state = '${MOVES.promote.to}', scheduled_at = NULL,
              next_attempt_at = $2, updated_at = $2
            WHERE id = $1 AND ${stateGuard('promote')} RETURNING *`,
          [id, now],
        )
        if (moved.rows[0]) return toMessage(moved.rows[0])
        // Already queued: it goes as soon as it can.
        if (row.state === 'queued') return toMessage(row)
      }
      throw new OutboxError(
        'CONFLICT',
        phrase('message.notReschedulable', { id, state: row.state }),
      )
    })
  }

  async scheduled(limit: number) {
    const r = await this.db.pool.query<Row & { scheduled_at: number }>(
      `SELECT * FROM messages WHERE state = 'scheduled' AND batch_id IS NULL
        ORDER BY scheduled_at, id LIMIT $1`,
      [limit],
    )
    return r.rows.map((row) => ({ message: toMessage(row), scheduledAt: row.scheduled_at }))
  }

  async resendableCount(batchId: number) {
    const r = await this.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages m
        WHERE batch_id = $1 AND ${stateIn(RESENDABLE_OF_BATCH, 'm.state')}
          AND NOT EXISTS (SELECT 1 FROM messages x WHERE x.resend_of = m.id)
          AND NOT EXISTS (SELECT 1 FROM stop_list s
            WHERE s.phone = m.phone AND s.profile_id IN ('', m.profile_id))`,
      [batchId],
    )
    return r.rows[0]?.n ?? 0
  }

  async resolveUncertain(id: number, action: 'resend' | 'markFailed') {
    const now = this.now()
    return this.db.transaction(async (c) => {
      const moved = await this.moveOne(
        c,
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
      throw await this.refusal(c, id, 'message.notUncertain')
    })
  }

  async unsentCount(profileId: string) {
    const r = await this.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages
        WHERE profile_id = $1 AND ${stateIn([...UNSENT_STATES, ...MOVES.accept.from])}`,
      [profileId],
    )
    return r.rows[0]?.n ?? 0
  }

  async cancelUnsent(profileId: string, note: string) {
    const r = await this.db.pool.query<Row>(
      `UPDATE messages SET state = '${MOVES.cancel.to}', error = $2,
          error_code = 'outbox:profile-removed', updated_at = $3, next_poll_at = NULL
        WHERE profile_id = $1 AND ${stateGuard('cancel')} RETURNING *`,
      [profileId, note, this.now()],
    )
    return r.rows.map(toMessage)
  }

  /** Only messages never handed to the first provider move: none is delivered by both. */
  async reroute(from: string, to: string, note: string) {
    const r = await this.db.pool.query<Row>(
      `UPDATE messages SET profile_id = $2, updated_at = $4, error = $3,
          error_code = 'outbox:rerouted'
        WHERE profile_id = $1 AND ${stateIn(UNSENT_STATES)} AND attempts = 0
        RETURNING *`,
      [from, to, note, this.now()],
    )
    return r.rows.map(toMessage)
  }

  /** All of them, or one profile's: what a server taking the profile over does. */
  async recoverInterrupted(profileId?: string) {
    const r = await this.db.pool.query<Row>(
      `UPDATE messages SET state = '${MOVES.noAnswer.to}', updated_at = $1,
          error_code = 'outbox:interrupted',
          error = 'The console stopped while this message was being sent; it may or may not have reached the provider. Resend it or mark it failed.'
        WHERE ${stateGuard('noAnswer')} AND ($2::text IS NULL OR profile_id = $2)
        RETURNING *`,
      [this.now(), profileId ?? null],
    )
    return r.rows.map(toMessage)
  }

  async claimDue(profileId: string, limit: number) {
    return this.db.transaction((c) => this.claim(c, profileId, limit, this.now()))
  }

  async nextDueAt(profileId: string) {
    const r = await this.db.pool.query<{ t: number | null }>(
      `SELECT LEAST(
          (SELECT min(next_attempt_at) FROM messages WHERE profile_id = $1 AND state = 'queued'
            AND (batch_id IS NULL OR batch_id NOT IN (${PAUSED_BATCHES}))),
          (SELECT min(scheduled_at) FROM messages
            WHERE profile_id = $1 AND state = 'scheduled')) AS t`,
      [profileId],
    )
    return r.rows[0]?.t ?? null
  }

  async applyAnswers(
    profileId: string,
    results: readonly SubmitResult[],
    receipts: readonly DeliveryReceipt[],
    policy: ResultPolicy = DEFAULT_RESULT_POLICY,
    claimUpTo = 0,
  ): Promise<Answered> {
    const now = this.now()
    return this.db.transaction(async (c) => ({
      results: await this.applyResults(c, profileId, results, policy, now),
      receipts: await this.applyReceipts(c, profileId, receipts, now),
      claim: claimUpTo > 0 ? await this.claim(c, profileId, claimUpTo, now) : null,
    }))
  }

  async pollDue(profileId: string, limit: number) {
    const now = this.now()
    const r = await this.db.pool.query<StatusRow>(
      `WITH picked AS (SELECT id FROM messages WHERE profile_id = $1 AND next_poll_at <= $2
          ORDER BY next_poll_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        UPDATE messages m SET polls = m.polls + 1, next_poll_at = $4
        FROM picked WHERE m.id = picked.id
        RETURNING m.id, m.idempotency_key, m.provider_ids, m.phone, m.sender`,
      [profileId, now, limit, now + 60_000],
    )
    const base = await this.numericBase()
    return r.rows.map((row) => toStatusQuery(row, base))
  }

  async schedulePolls(ids: readonly number[], plan: PollPlan = DEFAULT_POLLS) {
    if (ids.length === 0) return
    const now = this.now()
    await this.db.transaction(async (c) => {
      const rows = await c.query<{ id: number; state: MessageState; polls: number }>(
        'SELECT id, state, polls FROM messages WHERE id = ANY($1::bigint[]) FOR UPDATE',
        [ids],
      )
      const next = rows.rows.map((row) => {
        const delay = row.state === 'accepted' ? pollDelay(plan, row.polls) : null
        return { id: row.id, at: delay === null ? null : now + delay }
      })
      await c.query(
        `UPDATE messages SET next_poll_at = p.at
          FROM jsonb_to_recordset($1::jsonb) AS p(id BIGINT, at BIGINT)
          WHERE messages.id = p.id AND messages.next_poll_at IS NOT NULL`,
        [JSON.stringify(next)],
      )
    })
  }

  async statusQuery(id: number) {
    const r = await this.db.pool.query<StatusRow>(
      'SELECT id, idempotency_key, provider_ids, phone, sender FROM messages WHERE id = $1',
      [id],
    )
    return r.rows[0] ? toStatusQuery(r.rows[0], await this.numericBase()) : null
  }

  async uncertainOf(profileId: string, limit: number) {
    const r = await this.db.pool.query<StatusRow & { error_code: string | null }>(
      `SELECT id, idempotency_key, provider_ids, phone, sender, error_code FROM messages
        WHERE profile_id = $1 AND state = 'uncertain' ORDER BY id LIMIT $2`,
      [profileId, limit],
    )
    const base = await this.numericBase()
    return r.rows.map((row) => ({ ...toStatusQuery(row, base), errorCode: row.error_code }))
  }

  async applyStatus(
    profileId: string,
    query: StatusQuery,
    receipts: readonly DeliveryReceipt[],
    pollAfterMs: number | null = nextPollDelay(0),
  ) {
    const now = this.now()
    return this.db.transaction(async (c) => {
      const changed = new Map<number, OutboxMessage>()
      const known = receipts.filter((r) => r.outcome !== 'unknown' && r.outcome !== 'missing')
      if (known.length > 0) {
        const ids =
          query.providerIds.length > 0 ? query.providerIds : known.map((r) => r.providerId)
        const confirmed = await this.confirmUncertain(c, query.id, ids, pollAfterMs, now)
        if (confirmed) changed.set(confirmed.id, confirmed)
      }
      // Every answer is kept for the record; 'missing' proves nothing was sent.
      for (const m of await this.applyReceipts(c, profileId, receipts, now)) changed.set(m.id, m)
      return [...changed.values()]
    })
  }

  async sendAgainSameKey(ids: readonly number[], note: string) {
    const now = this.now()
    const moves = [...new Set(ids)].map((id): MoveRow => ({
      id,
      move: 'resend',
      error: note,
      code: 'outbox:resent-same-key',
      nextAttemptAt: now,
    }))
    return this.db.transaction(async (c) => inOrder(ids, await this.moveMany(c, moves, now)))
  }

  async batchesOfKeys(keys: readonly string[]) {
    if (keys.length === 0) return []
    const r = await this.db.pool.query<{ idempotency_key: string; batch_id: number | null }>(
      'SELECT idempotency_key, batch_id FROM messages WHERE idempotency_key = ANY($1::text[])',
      [keys],
    )
    const of = new Map(r.rows.map((row) => [row.idempotency_key, row.batch_id]))
    return keys.map((k) => of.get(k))
  }

  // ─── in a caller's transaction ─────────────────────────────────────────────

  /**
   * Inserts messages (a key already stored is kept as it is) and returns each as stored, in
   * the order given; a key reused for another message is refused (the whole group with it).
   */
  async insert(c: PoolClient, messages: readonly NewMessage[], now: number) {
    const rows = messages.map((m) => messageRecord(m, now))
    await c.query(INSERT_MESSAGES, [JSON.stringify(rows), now])
    const stored = await c.query<Row>(
      'SELECT * FROM messages WHERE idempotency_key = ANY($1::text[])',
      [rows.map((r) => r.key)],
    )
    const byKey = new Map(stored.rows.map((r) => [r.idempotency_key, r]))
    return messages.map((m, i) => {
      const row = byKey.get((rows[i] as { key: string }).key) as Row
      if (row.profile_id !== m.profileId || row.phone !== m.phone || row.text !== pgText(m.text)) {
        throw new OutboxError('CONFLICT', phrase('message.keyReused'))
      }
      return toMessage(row)
    })
  }

  /**
   * A bulk import's slice of messages: a key already stored is not queued again; `elsewhere`
   * counts those stored by another batch (an earlier import of the same file).
   */
  async insertImport(c: PoolClient, batchId: number, messages: readonly NewMessage[]) {
    if (messages.length === 0) return { added: 0, addedParts: 0, elsewhere: 0 }
    const now = this.now()
    const keyed = messages.map((m) => ({ ...m, idempotencyKey: m.idempotencyKey ?? randomUUID() }))
    const added = await c.query<{ idempotency_key: string; parts: number }>(
      `${INSERT_MESSAGES} RETURNING idempotency_key, parts`,
      [JSON.stringify(keyed.map((m) => messageRecord(m, now))), now],
    )
    const fresh = new Set(added.rows.map((r) => r.idempotency_key))
    const rest = keyed.map((m) => m.idempotencyKey).filter((k) => !fresh.has(k))
    let elsewhere = 0
    if (rest.length > 0) {
      const r = await c.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM messages WHERE idempotency_key = ANY($1::text[])
          AND batch_id IS DISTINCT FROM $2`,
        [rest, batchId],
      )
      elsewhere = r.rows[0]?.n ?? 0
    }
    return {
      added: added.rows.length,
      addedParts: added.rows.reduce((sum, r) => sum + r.parts, 0),
      elsewhere,
    }
  }

  /**
   * One slice of a batch's failed and expired messages (after `afterId`, in id order) sent
   * again into batch `to`, keyed `<keyBase>:<its id>` and naming the one it repeats: one
   * already sent again is not sent again, a number on the stop-list since is left out
   * (`stopped`). `lastId`: where the next slice starts, null when done.
   */
  async resendBatchSlice(
    c: PoolClient,
    from: number,
    to: number,
    keyBase: string,
    afterId: number,
    limit: number,
  ) {
    const picked = await c.query<{ id: number }>(
      `SELECT id FROM messages WHERE batch_id = $1 AND id > $2
        AND ${stateIn(RESENDABLE_OF_BATCH)} ORDER BY id LIMIT $3`,
      [from, afterId, limit],
    )
    const ids = picked.rows.map((r) => r.id)
    if (ids.length === 0) return { added: 0, addedParts: 0, stopped: 0, lastId: null }
    const before = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM unnest($1::bigint[]) AS j(id)
        WHERE EXISTS (SELECT 1 FROM messages x WHERE x.resend_of = j.id)`,
      [ids],
    )
    const now = this.now()
    const added = await c.query<{ parts: number }>(
      `INSERT INTO messages (idempotency_key, profile_id, batch_id, sender, phone, text,
          encoding, parts, state, priority, next_attempt_at, options, type, resend_of,
          created_at, updated_at)
        SELECT $1 || ':' || m.id, m.profile_id, $2, m.sender, m.phone, m.text, m.encoding,
          m.parts, 'queued', 1, $3, m.options, m.type, m.id, $3, $3
        FROM messages m WHERE m.id = ANY($4::bigint[])
          AND NOT EXISTS (SELECT 1 FROM stop_list s
            WHERE s.phone = m.phone AND s.profile_id IN ('', m.profile_id))
          AND NOT EXISTS (SELECT 1 FROM messages x WHERE x.resend_of = m.id)
        ORDER BY m.id
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING parts`,
      [keyBase, to, now, ids],
    )
    return {
      added: added.rows.length,
      stopped: ids.length - (before.rows[0]?.n ?? 0) - added.rows.length,
      addedParts: added.rows.reduce((sum, r) => sum + r.parts, 0),
      lastId: ids.at(-1) ?? null,
    }
  }

  /** Every message of a batch not yet handed to a provider, cancelled: how many. */
  async cancelBatchMessages(c: PoolClient, batchId: number): Promise<number> {
    const r = await c.query(
      `UPDATE messages SET state = '${MOVES.cancel.to}', updated_at = $2,
          error = 'Cancelled with its batch', error_code = 'outbox:batch-cancelled',
          next_poll_at = NULL
        WHERE batch_id = $1 AND ${stateGuard('cancel')}`,
      [batchId, this.now()],
    )
    return r.rowCount ?? 0
  }

  /** Scheduled messages that fell due are promoted, then due ones claimed, durably. */
  async claim(c: PoolClient, profileId: string, limit: number, now: number): Promise<Claim> {
    const promoted = await c.query<Row>(
      `UPDATE messages SET state = '${MOVES.promote.to}', updated_at = $2
        WHERE profile_id = $1 AND ${stateGuard('promote')} AND scheduled_at <= $2 RETURNING *`,
      [profileId, now],
    )
    const rows = await c.query<Row>(
      // Picked once, in a CTE: a subquery under IN may be scanned again as rows change.
      `WITH picked AS (SELECT id FROM messages
          WHERE profile_id = $1 AND ${stateGuard('claim')} AND next_attempt_at <= $2
            AND (batch_id IS NULL OR batch_id NOT IN (${PAUSED_BATCHES}))
          ORDER BY priority, id LIMIT $3 FOR UPDATE SKIP LOCKED)
        UPDATE messages m SET state = '${MOVES.claim.to}', attempts = m.attempts + 1,
          updated_at = $2
        FROM picked WHERE m.id = picked.id AND ${stateGuard('claim', 'm.state')}
        RETURNING m.id, m.profile_id, m.idempotency_key, m.sender, m.phone, m.text, m.attempts,
          m.priority, m.options`,
      [profileId, now, limit],
    )
    const base = rows.rows.length > 0 ? await this.numericBase() : 0
    const claimed = rows.rows
      .sort((a, b) => a.id - b.id)
      .map((r): ClaimedMessage => ({
        id: r.id,
        profileId: r.profile_id,
        sender: r.sender,
        phone: r.phone,
        text: r.text,
        idempotencyKey: r.idempotency_key,
        numericKey: base + r.id,
        attempts: r.attempts,
        urgent: r.priority === 0,
        wantReceipt: true,
        ...claimedOptions(r.options),
      }))
    return { claimed, promoted: promoted.rows.map(toMessage) }
  }

  private async applyResults(
    c: PoolClient,
    profileId: string,
    results: readonly SubmitResult[],
    policy: ResultPolicy,
    now: number,
  ): Promise<OutboxMessage[]> {
    if (results.length === 0) return []
    const ids = results.map((r) => r.id)
    const sending = await c.query<{ id: number; attempts: number }>(
      `SELECT id, attempts FROM messages WHERE id = ANY($1::bigint[])
        AND ${stateIn(ANSWERED_FROM)} ORDER BY id FOR UPDATE`,
      [ids],
    )
    const current = new Map(sending.rows.map((r) => [r.id, r.attempts]))
    const moves: MoveRow[] = []
    const keys: { key: string; id: number }[] = []
    const adoptions: { messageId: number; key: string; candidate: string }[] = []
    const claimedCandidates = new Set<string>()
    // Early receipts are rare: look for them only when some are waiting.
    const early = (
      await c.query<{ e: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM delivery_receipts
          WHERE profile_id = $1 AND message_id IS NULL) AS e`,
        [profileId],
      )
    ).rows[0]?.e
    for (const { id, outcome } of results) {
      const attempts = current.get(id)
      // Not being sent (or answered twice in this group): the first answer counts.
      if (attempts === undefined) continue
      current.delete(id)
      const move = answerMove(id, outcome, attempts, now, policy, this.ownKey)
      moves.push(move)
      if (outcome.kind !== 'accepted') continue
      for (const key of new Set(JSON.parse(move.providerIds ?? '[]') as string[])) {
        keys.push({ key, id })
        if (!early) continue
        for (const candidate of this.idKeys(key)) {
          // The first message to claim a candidate takes its early receipts.
          if (claimedCandidates.has(candidate)) continue
          claimedCandidates.add(candidate)
          adoptions.push({ messageId: id, key, candidate })
        }
      }
    }
    const changed = await this.moveMany(c, moves, now)
    await this.insertKeys(c, profileId, keys)
    if (adoptions.length > 0) {
      const json = JSON.stringify(adoptions)
      const adopted = await c.query<{ message_id: number }>(
        `UPDATE delivery_receipts d SET message_id = a."messageId", provider_id = a.key
          FROM jsonb_to_recordset($2::jsonb) AS a("messageId" BIGINT, key TEXT, candidate TEXT)
          WHERE d.profile_id = $1 AND d.message_id IS NULL AND d.provider_id = a.candidate
          RETURNING d.message_id`,
        [profileId, json],
      )
      await c.query(
        `UPDATE hlr_results h SET message_id = a."messageId", provider_id = a.key,
            phone = (SELECT phone FROM messages WHERE id = a."messageId")
          FROM jsonb_to_recordset($2::jsonb) AS a("messageId" BIGINT, key TEXT, candidate TEXT)
          WHERE h.profile_id = $1 AND h.message_id IS NULL AND h.provider_id = a.candidate`,
        [profileId, json],
      )
      const from = new Map(adopted.rows.map((r) => [r.message_id, Number.MAX_SAFE_INTEGER]))
      for (const m of await this.settle(c, from, now)) changed.set(m.message.id, m.message)
    }
    return inOrder(ids, changed)
  }

  /**
   * Stores receipts as received (under the key of the message they name, when one is known:
   * the id's own form first, its hex/decimal twins only where that finds nothing), HLR answers
   * beside them, and settles the messages they complete, in the order of the receipts that
   * decided them.
   */
  private async applyReceipts(
    c: PoolClient,
    profileId: string,
    receipts: readonly DeliveryReceipt[],
    now: number,
  ): Promise<OutboxMessage[]> {
    if (receipts.length === 0) return []
    const known = new Map<string, number>()
    const lookUp = async (keys: readonly string[]) => {
      if (keys.length === 0) return
      const r = await c.query<{ key: string; id: number }>(
        `SELECT k.key, x.id FROM unnest($2::text[]) AS k(key)
          CROSS JOIN LATERAL (SELECT max(message_id) AS id FROM message_provider_ids
            WHERE profile_id = $1 AND provider_id = k.key) AS x
          WHERE x.id IS NOT NULL`,
        [profileId, keys],
      )
      for (const row of r.rows) known.set(row.key, row.id)
    }
    const own = receipts.map((r) => this.ownKey(r.providerId))
    await lookUp([...new Set(own)])
    const twinsOf = own.map((key, i) =>
      known.has(key) ? null : this.idKeys((receipts[i] as DeliveryReceipt).providerId).slice(1),
    )
    await lookUp([...new Set(twinsOf.flatMap((t) => t ?? []))])
    // Ids taken first, in order: the receipts keep the order they were received in.
    const ids = await c.query<{ id: number }>(
      `SELECT nextval(pg_get_serial_sequence('delivery_receipts', 'id')) AS id
        FROM generate_series(1, $1)`,
      [receipts.length],
    )
    const rids = ids.rows.map((r) => r.id).sort((a, b) => a - b)
    const rows = receipts.map((r, i) => {
      const ownKey = own[i] as string
      const key = known.has(ownKey) ? ownKey : twinsOf[i]?.find((k) => known.has(k))
      return {
        id: rids[i] as number,
        provider_id: key ?? ownKey,
        message_id: key === undefined ? null : (known.get(key) as number),
        outcome: r.outcome,
        stat: r.stat,
        err: r.err,
        reason: r.reason ?? null,
        reason_code: r.reasonCode ?? null,
        channel: r.channel ?? null,
        price: r.price ?? null,
        prices: r.prices ? JSON.stringify(r.prices) : null,
        raw: r.raw,
        received_at: r.receivedAt,
      }
    })
    await c.query(
      `INSERT INTO delivery_receipts (id, profile_id, provider_id, message_id, outcome, stat, err,
          reason, reason_code, channel, price, prices, raw, received_at)
        SELECT id, $1, provider_id, message_id, outcome, stat, err, reason, reason_code, channel,
          price, prices, raw, received_at
        FROM jsonb_to_recordset($2::jsonb) AS r(id BIGINT, provider_id TEXT, message_id BIGINT,
          outcome TEXT, stat TEXT, err TEXT, reason TEXT, reason_code TEXT, channel TEXT,
          price TEXT, prices TEXT, raw TEXT, received_at BIGINT)`,
      [profileId, JSON.stringify(rows)],
    )
    const answers = receipts.flatMap((r, i) => {
      const row = rows[i] as (typeof rows)[number]
      return r.hlr
        ? [
            {
              message_id: row.message_id,
              provider_id: row.provider_id,
              stat: r.stat,
              err: r.err,
              raw: r.raw,
              received_at: r.receivedAt,
              ...r.hlr,
            },
          ]
        : []
    })
    if (answers.length > 0) {
      await c.query(
        `INSERT INTO hlr_results (profile_id, message_id, phone, provider_id, stat, err, imsi, msc,
            mcc, mnc, cn, net, rcn, rnet, raw, received_at)
          SELECT $1, a.message_id, (SELECT phone FROM messages WHERE id = a.message_id),
            a.provider_id, a.stat, a.err, a.imsi, a.msc, a.mcc, a.mnc, a.cn, a.net, a.rcn,
            a.rnet, a.raw, a.received_at
          FROM jsonb_to_recordset($2::jsonb) AS a(message_id BIGINT,
            provider_id TEXT, stat TEXT, err TEXT, imsi TEXT, msc TEXT, mcc TEXT, mnc TEXT,
            cn TEXT, net TEXT, rcn TEXT, rnet TEXT, raw TEXT, received_at BIGINT)`,
        [profileId, JSON.stringify(answers)],
      )
    }
    // Each message is judged from its first receipt of this group on, as they come.
    const from = new Map<number, number>()
    for (const row of rows) {
      if (row.message_id !== null && !from.has(row.message_id)) from.set(row.message_id, row.id)
    }
    return (await this.settle(c, from, now)).map((m) => m.message)
  }

  private async confirmUncertain(
    c: PoolClient,
    id: number,
    providerIds: readonly string[],
    pollAfterMs: number | null,
    now: number,
  ): Promise<OutboxMessage | null> {
    if (providerIds.length === 0) return null
    const keys = [...new Set(providerIds.map(this.ownKey))]
    const moved = await this.moveOne(c, {
      id,
      move: 'confirm',
      error: null,
      code: null,
      providerIds: JSON.stringify(keys),
      setPoll: 1,
      nextPollAt: pollAfterMs === null ? null : now + pollAfterMs,
    })
    if (!moved) return null
    await this.insertKeys(
      c,
      moved.profileId,
      keys.map((key) => ({ key, id })),
    )
    return moved
  }

  private async insertKeys(
    c: PoolClient,
    profileId: string,
    keys: readonly { key: string; id: number }[],
  ): Promise<void> {
    if (keys.length === 0) return
    await c.query(
      `INSERT INTO message_provider_ids (profile_id, provider_id, message_id)
        SELECT $1, k.key, k.id FROM jsonb_to_recordset($2::jsonb) AS k(key TEXT, id BIGINT)
        ON CONFLICT DO NOTHING`,
      [profileId, JSON.stringify(keys)],
    )
  }

  /**
   * The messages `from` names that their final receipts settle, moved in the order of the
   * receipts that decided them (see decide()).
   */
  private async settle(
    c: PoolClient,
    from: ReadonlyMap<number, number>,
    now: number,
  ): Promise<{ at: number; message: OutboxMessage }[]> {
    if (from.size === 0) return []
    const r = await c.query<SettleRow>(
      `SELECT m.id, m.state, m.provider_ids, d.id AS rid, d.provider_id, d.outcome, d.stat,
          d.err, d.reason, d.reason_code
        FROM messages m
          LEFT JOIN delivery_receipts d ON d.message_id = m.id
            AND d.outcome IN ('delivered','failed','expired')
        WHERE m.id = ANY($1::bigint[]) AND ${stateIn(REPORT_SOURCES, 'm.state')}
        ORDER BY m.id, d.id`,
      [[...from.keys()]],
    )
    const moves: ReportMove[] = []
    for (let i = 0; i < r.rows.length;) {
      const first = r.rows[i] as SettleRow
      const reports: FinalReport[] = []
      for (; i < r.rows.length && (r.rows[i] as SettleRow).id === first.id; i++) {
        const row = r.rows[i] as SettleRow
        if (row.rid !== null) reports.push(row as FinalReport)
      }
      const decided = decide(first, reports, from.get(first.id) ?? 0)
      if (decided) moves.push(reportMoveOf(first.id, decided.worst, decided.at))
    }
    moves.sort((a, b) => a.at - b.at)
    const moved = await this.moveMany(c, moves, now)
    return moves.flatMap((m) => {
      const message = moved.get(m.id)
      return message ? [{ at: m.at, message }] : []
    })
  }

  private async moveMany(
    c: PoolClient,
    moves: readonly MoveRow[],
    now: number,
  ): Promise<Map<number, OutboxMessage>> {
    if (moves.length === 0) return new Map()
    const r = await c.query<Row>(MOVE, [JSON.stringify(moves.map(moveRecord)), now])
    return new Map(r.rows.map((row) => [row.id, toMessage(row)]))
  }

  private async moveOne(c: PoolClient, move: MoveRow): Promise<OutboxMessage | null> {
    return (await this.moveMany(c, [move], this.now())).get(move.id) ?? null
  }

  /** Why a message did not move: it does not exist, or its state does not allow it. */
  private async refusal(
    c: PoolClient,
    id: number,
    refusal: 'message.notCancellable' | 'message.notUncertain',
  ): Promise<OutboxError> {
    const row = (await c.query<Row>('SELECT state FROM messages WHERE id = $1', [id])).rows[0]
    if (!row) return new OutboxError('NOT_FOUND', phrase('message.notFound', { id }))
    return new OutboxError('CONFLICT', phrase(refusal, { id, state: row.state }))
  }
}

function toStatusQuery(r: StatusRow, base: number): StatusQuery {
  return {
    id: r.id,
    idempotencyKey: r.idempotency_key,
    numericKey: base + r.id,
    providerIds: JSON.parse(r.provider_ids) as string[],
    phone: r.phone,
    sender: r.sender,
  }
}
