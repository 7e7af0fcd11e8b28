/**
 * The durable outbox: one row per recipient message, moved through the state machine in
 * states.ts. Every method that changes state runs in one transaction and returns the rows
 * it changed, so the caller can push them to the renderer after the commit.
 * Nothing outside this file builds SQL for these tables.
 */
import { randomUUID } from 'node:crypto'
import type {
  InboundMessage,
  MessageState,
  OutboxMessage,
  Encoding,
} from '../../../shared/contract'
import type { PhraseRef } from '../../../shared/domain'
import { englishOf, phrase } from '../../../shared/phrases'
import { analyzeSms } from '../../../shared/sms'
import type { Db } from '../db/database'
import type { RunResult } from 'better-sqlite3'
import type {
  CascadeOptions,
  DeliveryReceipt,
  InboundSms,
  StatusQuery,
  SubmitOutcome,
} from '../providers/types'
import { canTransition, isFinal, sourcesOf } from './states'

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
  options?: MessageOptions | null
}

/** A message claimed for sending: what the dispatcher hands the provider. */
export interface ClaimedMessage {
  id: number
  profileId: string
  idempotencyKey: string
  /** Positive integer unique to this message across reinstalls (see migration 2). */
  numericKey: number
  sender: string
  phone: string
  text: string
  attempts: number
  urgent: boolean
  options: MessageOptions | null
}

/** Per-message provider options, stored as JSON. */
export interface MessageOptions {
  cascade?: CascadeOptions
}

export interface ResultPolicy {
  /** Delay before a message that never left this machine is tried again. */
  retryDelayMs: number
  /** After a `retry` outcome: how long to wait before sending again with the same key. */
  retryBackoffMs: (attempts: number) => number
  /** A `retry` after this many attempts becomes uncertain: a provider that never answers. */
  maxAttempts: number
  /** Providers without push receipts: first status poll this long after acceptance. */
  pollAfterMs: number | null
  /** Then the next poll after `polls` polls, or null to stop asking. */
  pollDelay: (polls: number) => number | null
}

export const DEFAULT_RESULT_POLICY: ResultPolicy = {
  retryDelayMs: 1000,
  retryBackoffMs: (attempts) => Math.min(300_000, 5000 * 2 ** Math.max(0, attempts - 1)),
  maxAttempts: 8,
  pollAfterMs: null,
  pollDelay: (polls) => nextPollDelay(polls),
}

/** When to ask again about an accepted message: often at first, then rarely, then not at all. */
export function nextPollDelay(polls: number): number | null {
  // Never closer than 12 s: SMSC allows at most 5 status requests per message a minute.
  const schedule = [12_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000]
  if (polls < schedule.length) return schedule[polls] ?? null
  // Every 30 minutes up to about three days, then the provider has nothing more to say.
  return polls < schedule.length + 144 ? 1_800_000 : null
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

export class OutboxError extends Error {
  /** The message as a phrase, for the renderer to word in the operator's language. */
  readonly phrase: PhraseRef

  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT',
    said: PhraseRef,
  ) {
    super(englishOf(said))
    this.name = 'OutboxError'
    this.phrase = said
  }
}

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
}

/** The columns a status question about a message needs. */
interface StatusRow {
  id: number
  idempotency_key: string
  provider_ids: string
  phone: string
  sender: string
}

/** An inbound_messages row as SQLite returns it. */
export interface InboundRow {
  id: number
  profile_id: string
  from_addr: string
  to_addr: string
  text: string
  received_at: number
}

export class Outbox {
  private readonly s
  private readonly idKeys: IdKeys
  private readonly now: () => number
  private readonly keyBase: number

  constructor(
    private readonly db: Db,
    options: { idKeys?: IdKeys; now?: () => number } = {},
  ) {
    this.idKeys = options.idKeys ?? ((id) => [id.trim().toLowerCase()])
    this.now = options.now ?? Date.now
    this.s = {
      insert: db.prepare(`INSERT INTO messages
        (idempotency_key, profile_id, batch_id, sender, phone, text, encoding, parts, state,
         priority, next_attempt_at, scheduled_at, options, created_at, updated_at)
        VALUES (@key, @profileId, @batchId, @sender, @phone, @text, @encoding, @parts, @state,
         @priority, @nextAttemptAt, @scheduledAt, @options, @now, @now)
        ON CONFLICT(idempotency_key) DO NOTHING`),
      // Search indexes are kept by the History worker in the background (see migration 10).
      byKey: db.prepare('SELECT * FROM messages WHERE idempotency_key = ?'),
      batchOfKey: db.prepare('SELECT batch_id FROM messages WHERE idempotency_key = ?'),
      byId: db.prepare('SELECT * FROM messages WHERE id = ?'),
      uncertainOf: db.prepare(`SELECT id, idempotency_key, provider_ids, phone, sender, error_code
        FROM messages WHERE profile_id = ? AND state = 'uncertain' ORDER BY id LIMIT ?`),
      sendAgain: db.prepare(`UPDATE messages SET state = 'queued', next_attempt_at = @now,
        error = @note, error_code = 'outbox:resent-same-key', updated_at = @now
        WHERE id = @id AND state = 'uncertain'`),
      statusQuery: db.prepare(
        'SELECT id, idempotency_key, provider_ids, phone, sender FROM messages WHERE id = ?',
      ),
      recent: db.prepare('SELECT * FROM messages ORDER BY id DESC LIMIT ?'),
      promoteScheduled: db.prepare(`UPDATE messages SET state = 'queued', updated_at = @now
        WHERE profile_id = @profileId AND state = 'scheduled' AND scheduled_at <= @now RETURNING *`),
      claim:
        db.prepare(`UPDATE messages SET state = 'sending', attempts = attempts + 1, updated_at = @now
        WHERE id IN (SELECT id FROM messages
          WHERE profile_id = @profileId AND state = 'queued' AND next_attempt_at <= @now
            AND (batch_id IS NULL OR batch_id NOT IN (${PAUSED_BATCHES}))
          ORDER BY priority, id LIMIT @limit)
        RETURNING id, profile_id, idempotency_key, sender, phone, text, attempts, priority, options`),
      nextDue: db.prepare(`SELECT MIN(t) AS t FROM (
          SELECT MIN(next_attempt_at) AS t FROM messages WHERE profile_id = ? AND state = 'queued'
            AND (batch_id IS NULL OR batch_id NOT IN (${PAUSED_BATCHES}))
          UNION ALL
          SELECT MIN(scheduled_at) FROM messages WHERE profile_id = ? AND state = 'scheduled')`),
      countByState: db.prepare('SELECT state, COUNT(*) AS n FROM messages GROUP BY state'),
      setState: db.prepare(`UPDATE messages SET state = @to, error = @error,
        error_code = @errorCode, updated_at = @now,
        next_poll_at = CASE WHEN @to IN ('delivered','failed','expired','cancelled') THEN NULL ELSE next_poll_at END
        WHERE id = @id`),
      accept: db.prepare(`UPDATE messages SET state = 'accepted', provider_ids = @providerIds,
        parts = MAX(parts, @parts), error = @note, error_code = @noteCode, updated_at = @now,
        next_poll_at = @nextPollAt
        WHERE id = @id`),
      retryLater:
        db.prepare(`UPDATE messages SET state = 'queued', next_attempt_at = @nextAttemptAt,
        error = @error, error_code = @errorCode, updated_at = @now WHERE id = @id`),
      pollDue: db.prepare(`UPDATE messages SET polls = polls + 1, next_poll_at = @leaseUntil
        WHERE id IN (SELECT id FROM messages WHERE profile_id = @profileId AND next_poll_at <= @now
          ORDER BY next_poll_at LIMIT @limit)
        RETURNING id, idempotency_key, provider_ids, phone, sender, polls`),
      setNextPoll: db.prepare(
        'UPDATE messages SET next_poll_at = @at WHERE id = @id AND next_poll_at IS NOT NULL',
      ),
      reroute: db.prepare(`UPDATE messages SET profile_id = @to, updated_at = @now,
        error = @note, error_code = 'outbox:rerouted' WHERE profile_id = @from AND state IN ('queued','scheduled') AND attempts = 0
        RETURNING *`),
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?)
        ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
      keyBase: db.prepare(`SELECT value FROM meta WHERE key = 'numeric_key_base'`),
      requeue: db.prepare(`UPDATE messages SET state = 'queued', attempts = MAX(attempts - 1, 0),
        next_attempt_at = @nextAttemptAt, error = @error, error_code = @errorCode, updated_at = @now
        WHERE id = @id`),
      resend:
        db.prepare(`UPDATE messages SET state = 'queued', next_attempt_at = @now, error = NULL,
        error_code = NULL, provider_ids = '[]', updated_at = @now WHERE id = @id`),
      insertKey:
        db.prepare(`INSERT OR IGNORE INTO message_provider_ids (profile_id, provider_id, message_id)
        VALUES (?, ?, ?)`),
      findByKey: db.prepare(`SELECT message_id, provider_id FROM message_provider_ids
        WHERE profile_id = ? AND provider_id = ? ORDER BY message_id DESC LIMIT 1`),
      insertReceipt: db.prepare(`INSERT INTO delivery_receipts
        (profile_id, provider_id, message_id, outcome, stat, err, reason, reason_code, channel, price, prices, raw, received_at)
        VALUES (@profileId, @providerId, @messageId, @outcome, @stat, @err, @reason, @reasonCode, @channel, @price, @prices, @raw, @receivedAt)`),
      anyUnmatched: db.prepare(`SELECT EXISTS(SELECT 1 FROM delivery_receipts
        WHERE profile_id = ? AND message_id IS NULL) AS n`),
      unmatchedReceipts:
        db.prepare(`UPDATE delivery_receipts SET message_id = @messageId, provider_id = @key
        WHERE profile_id = @profileId AND provider_id = @candidate AND message_id IS NULL RETURNING id`),
      unmatchedHlr:
        db.prepare(`UPDATE hlr_results SET message_id = @messageId, phone = @phone, provider_id = @key
        WHERE profile_id = @profileId AND provider_id = @candidate AND message_id IS NULL`),
      finalReceipts:
        db.prepare(`SELECT provider_id, outcome, stat, err, reason, reason_code FROM delivery_receipts
        WHERE message_id = ? AND outcome IN ('delivered','failed','expired') ORDER BY id`),
      insertHlr: db.prepare(`INSERT INTO hlr_results
        (profile_id, message_id, phone, provider_id, stat, err, imsi, msc, mcc, mnc, cn, net, rcn, rnet, raw, received_at)
        VALUES (@profileId, @messageId, @phone, @providerId, @stat, @err, @imsi, @msc, @mcc, @mnc, @cn, @net, @rcn, @rnet, @raw, @receivedAt)`),
      recoverSending: db.prepare(`UPDATE messages SET state = 'uncertain', updated_at = @now,
        error_code = 'outbox:interrupted',
        error = 'The console stopped while this message was being sent; it may or may not have reached the provider. Resend it or mark it failed.'
        WHERE state = 'sending' RETURNING *`),
      insertInbound:
        db.prepare(`INSERT INTO inbound_messages (profile_id, from_addr, to_addr, text, received_at)
        VALUES (?, ?, ?, ?, ?) RETURNING *`),
      recentInbound: db.prepare('SELECT * FROM inbound_messages ORDER BY id DESC LIMIT ?'),
      cancelBatch: db.prepare(`UPDATE messages SET state = 'cancelled', updated_at = @now,
        error = 'Cancelled with its batch', error_code = 'outbox:batch-cancelled', next_poll_at = NULL
        WHERE batch_id = @batchId AND state IN ('queued','scheduled')`),
      recentPrices: db.prepare(`SELECT AVG(CAST(price AS REAL) / MAX(parts, 1)) AS perPart,
        COUNT(*) AS n FROM (SELECT r.price, m.parts FROM delivery_receipts r
          JOIN messages m ON m.id = r.message_id
          WHERE r.profile_id = ? AND r.price IS NOT NULL AND r.price != ''
            AND r.outcome IN ('delivered','failed','expired')
          ORDER BY r.id DESC LIMIT 200)`),
      unsentCount: db.prepare(`SELECT COUNT(*) AS n FROM messages
        WHERE profile_id = ? AND state IN ('queued','scheduled','sending')`),
      cancelUnsent: db.prepare(`UPDATE messages SET state = 'cancelled', error = @note,
        error_code = 'outbox:profile-removed', updated_at = @now, next_poll_at = NULL
        WHERE profile_id = @profileId AND state IN ('queued','scheduled') RETURNING *`),
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
    return this.db.transaction(() => {
      const changed: OutboxMessage[] = []
      for (const id of ids) {
        if (this.s.sendAgain.run({ id, note, now }).changes === 0) continue
        const m = this.get(id)
        if (m) changed.push(m)
      }
      return changed
    })()
  }

  /** After a poll: when to ask again about each of these (never again when the schedule ends). */
  schedulePolls(
    ids: readonly number[],
    pollDelay: ResultPolicy['pollDelay'] = nextPollDelay,
  ): void {
    const now = this.now()
    this.db.transaction(() => {
      for (const id of ids) {
        const row = this.s.byId.get(id) as (MessageRow & { polls: number }) | undefined
        if (!row) continue
        const delay = row.state === 'accepted' ? pollDelay(row.polls) : null
        this.s.setNextPoll.run({ id, at: delay === null ? null : now + delay })
      }
    })()
  }

  /** Adds one message; with a known idempotency key, returns the message already stored. */
  enqueue(message: NewMessage): OutboxMessage {
    return this.db.transaction(() => this.insertOne(message, this.now()))()
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
        const analysis = analyzeSms(m.text)
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
  claimDue(
    profileId: string,
    limit: number,
  ): { claimed: ClaimedMessage[]; promoted: OutboxMessage[] } {
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
        options: r.options ? (JSON.parse(r.options) as MessageOptions) : null,
      }))
      return { claimed, promoted }
    })()
  }

  /** Epoch ms when the next queued or scheduled message of a profile falls due, if any. */
  nextDueAt(profileId: string): number | null {
    const row = this.s.nextDue.get(profileId, profileId) as { t: number | null }
    return row.t
  }

  /** Records the providers' answers for a group of submits in one transaction. */
  applyResults(
    profileId: string,
    results: readonly SubmitResult[],
    policy: ResultPolicy = DEFAULT_RESULT_POLICY,
  ): OutboxMessage[] {
    const now = this.now()
    return this.db.transaction(() => {
      const touched = new Set<number>()
      // Early receipts are rare: look for them only when some are waiting.
      const early = (this.s.anyUnmatched.get(profileId) as { n: number }).n === 1
      for (const { id, outcome } of results) {
        const current = this.s.byId.get(id) as MessageRow | undefined
        if (!current || current.state !== 'sending') continue
        switch (outcome.kind) {
          case 'accepted': {
            const keys = outcome.providerIds.map((pid) => this.idKeys(pid)[0] ?? pid)
            const nextPollAt =
              policy.pollAfterMs !== null && keys.length > 0 ? now + policy.pollAfterMs : null
            this.s.accept.run({
              id,
              providerIds: JSON.stringify(keys),
              parts: outcome.parts,
              nextPollAt,
              // What the agent should know about an accepted message (no report can follow, …).
              note: outcome.note?.reason ?? null,
              noteCode: outcome.note?.reasonCode ?? null,
              now,
            })
            let adopted = 0
            for (const key of new Set(keys)) {
              this.s.insertKey.run(profileId, key, id)
              if (early) adopted += this.adoptEarlyReceipts(profileId, id, current.phone, key)
            }
            if (adopted > 0) this.settleFromReceipts(id, now)
            break
          }
          case 'rejected':
            this.s.setState.run({
              id,
              to: 'failed',
              error: `Rejected by the provider: ${outcome.reason}`,
              errorCode: outcome.reasonCode ?? 'outbox:rejected',
              now,
            })
            break
          case 'not-sent':
          case 'paused':
            // Not taken by the provider: the attempt does not count.
            this.s.requeue.run({
              id,
              nextAttemptAt: now + policy.retryDelayMs,
              error: outcome.reason,
              errorCode:
                outcome.kind === 'paused'
                  ? (outcome.reasonCode ?? 'outbox:paused')
                  : 'outbox:not-sent',
              now,
            })
            break
          case 'retry':
            if (current.attempts >= policy.maxAttempts) {
              this.s.setState.run({
                id,
                to: 'uncertain',
                error: `No usable answer after ${current.attempts} attempts (${outcome.reason}). Check its status, resend it or mark it failed.`,
                errorCode: 'outbox:retry-exhausted',
                now,
              })
            } else {
              // The provider dedupes on our key, so the same message goes again, same key.
              this.s.retryLater.run({
                id,
                nextAttemptAt: now + policy.retryBackoffMs(current.attempts),
                error: outcome.reason,
                errorCode: outcome.reasonCode ?? 'outbox:retry',
                now,
              })
            }
            break
          case 'unknown':
            this.s.setState.run({
              id,
              to: 'uncertain',
              error: `No answer from the provider (${outcome.reason}); it may have been sent. Resend it or mark it failed.`,
              errorCode: 'outbox:uncertain',
              now,
            })
            break
        }
        touched.add(id)
      }
      return [...touched].map((id) => this.get(id)).filter((m): m is OutboxMessage => m !== null)
    })()
  }

  /** Stores receipts and moves their messages, all in one transaction. */
  applyReceipts(profileId: string, receipts: readonly DeliveryReceipt[]): OutboxMessage[] {
    const now = this.now()
    return this.db.transaction(() => {
      const touched = new Set<number>()
      for (const r of receipts) {
        const match = this.findMessage(profileId, r.providerId)
        const messageId = match?.messageId ?? null
        const key = match?.key ?? this.idKeys(r.providerId)[0] ?? r.providerId
        this.s.insertReceipt.run({
          profileId,
          providerId: key,
          messageId,
          outcome: r.outcome,
          stat: r.stat,
          err: r.err,
          reason: r.reason ?? null,
          reasonCode: r.reasonCode ?? null,
          channel: r.channel ?? null,
          price: r.price ?? null,
          prices: r.prices ? JSON.stringify(r.prices) : null,
          raw: r.raw,
          receivedAt: r.receivedAt,
        })
        if (r.hlr) {
          const phone = messageId ? (this.s.byId.get(messageId) as MessageRow).phone : null
          this.s.insertHlr.run({
            profileId,
            messageId,
            phone,
            providerId: key,
            stat: r.stat,
            err: r.err,
            ...r.hlr,
            raw: r.raw,
            receivedAt: r.receivedAt,
          })
        }
        if (messageId !== null && this.settleFromReceipts(messageId, now)) touched.add(messageId)
      }
      return [...touched].map((id) => this.get(id)).filter((m): m is OutboxMessage => m !== null)
    })()
  }

  /** After a restart: whatever was mid-send may or may not have reached the provider. */
  recoverInterrupted(): OutboxMessage[] {
    return (this.s.recoverSending.all({ now: this.now() }) as MessageRow[]).map(toMessage)
  }

  cancel(id: number): OutboxMessage {
    return this.move(id, 'cancelled', null, 'message.notCancellable')
  }

  /** The operator's decision on an `uncertain` message. */
  resolveUncertain(id: number, action: 'resend' | 'markFailed'): OutboxMessage {
    return this.db.transaction(() => {
      const row = this.s.byId.get(id) as MessageRow | undefined
      if (!row) throw new OutboxError('NOT_FOUND', phrase('message.notFound', { id }))
      if (row.state !== 'uncertain') {
        throw new OutboxError('CONFLICT', phrase('message.notUncertain', { id, state: row.state }))
      }
      if (action === 'resend') this.s.resend.run({ id, now: this.now() })
      else
        this.s.setState.run({
          id,
          to: 'failed',
          error: 'Marked failed by the operator',
          errorCode: 'outbox:operator-failed',
          now: this.now(),
        })
      return this.get(id) as OutboxMessage
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
    return this.db.transaction(() => {
      const row = this.s.byId.get(id) as MessageRow | undefined
      if (!row || row.state !== 'uncertain' || providerIds.length === 0) return null
      const keys = [...new Set(providerIds.map((pid) => this.idKeys(pid)[0] ?? pid))]
      const now = this.now()
      this.s.accept.run({
        id,
        providerIds: JSON.stringify(keys),
        parts: row.parts,
        nextPollAt: pollAfterMs === null ? null : now + pollAfterMs,
        note: null,
        noteCode: null,
        now,
      })
      for (const key of keys) this.s.insertKey.run(row.profile_id, key, id)
      return this.get(id)
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
        const confirmed = this.confirmUncertain(query.messageId, ids, pollAfterMs)
        if (confirmed) changed.set(confirmed.id, confirmed)
      }
      // Every answer is kept for the record; 'missing' proves nothing was sent.
      for (const m of this.applyReceipts(profileId, receipts)) changed.set(m.id, m)
      return [...changed.values()]
    })()
  }

  recordInbound(profileId: string, sms: InboundSms): InboundMessage {
    return toInbound(
      this.s.insertInbound.get(profileId, sms.from, sms.to, sms.text, sms.receivedAt) as InboundRow,
    )
  }

  /**
   * Stores messages fetched from a provider's inbound endpoint and where to fetch from next,
   * in one transaction: a crash never loses a message nor stores one twice.
   */
  recordInboundBatch(
    profileId: string,
    messages: readonly InboundSms[],
    cursor: string | null,
  ): InboundMessage[] {
    return this.db.transaction(() => {
      const stored = messages.map((sms) => this.recordInbound(profileId, sms))
      if (cursor !== null) this.s.setMeta.run(`inbound_cursor:${profileId}`, cursor)
      return stored
    })()
  }

  inboundCursor(profileId: string): string | null {
    const row = this.s.getMeta.get(`inbound_cursor:${profileId}`) as { value: string } | undefined
    return row?.value ?? null
  }

  recentInbound(limit = 100): InboundMessage[] {
    return (this.s.recentInbound.all(limit) as InboundRow[]).map(toInbound)
  }

  /**
   * Cancels every message of a batch not yet handed to a provider, in one transaction.
   * Returns how many; those mid-send finish as they will.
   */
  cancelBatch(batchId: number): number {
    return this.db.transaction(() => this.s.cancelBatch.run({ batchId, now: this.now() }).changes)()
  }

  /** What the provider charged per part lately, from the prices its receipts stated. */
  recentPartPrice(profileId: string): { perPart: number; sample: number } | null {
    const row = this.s.recentPrices.get(profileId) as { perPart: number | null; n: number }
    return row.n > 0 && row.perPart !== null ? { perPart: row.perPart, sample: row.n } : null
  }

  // ─── internals ───────────────────────────────────────────────────────────

  private toStatusQuery(r: StatusRow): StatusQuery {
    return {
      messageId: r.id,
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

  private insertRaw(m: NewMessage, now: number, analysis = analyzeSms(m.text)): RunResult {
    const scheduled = m.scheduledAt != null && m.scheduledAt > now
    return this.s.insert.run({
      key: m.idempotencyKey ?? randomUUID(),
      profileId: m.profileId,
      batchId: m.batchId ?? null,
      sender: m.sender,
      phone: m.phone,
      text: m.text,
      encoding: analysis.encoding,
      parts: analysis.parts,
      state: scheduled ? 'scheduled' : 'queued',
      priority: m.priority ?? 0,
      nextAttemptAt: scheduled ? (m.scheduledAt as number) : now,
      scheduledAt: m.scheduledAt ?? null,
      options: m.options ? JSON.stringify(m.options) : null,
      now,
    })
  }

  private move(
    id: number,
    to: MessageState,
    error: string | null,
    refusal: 'message.notCancellable',
  ): OutboxMessage {
    return this.db.transaction(() => {
      const row = this.s.byId.get(id) as MessageRow | undefined
      if (!row) throw new OutboxError('NOT_FOUND', phrase('message.notFound', { id }))
      if (!canTransition(row.state, to)) {
        throw new OutboxError('CONFLICT', phrase(refusal, { id, state: row.state }))
      }
      this.s.setState.run({ id, to, error, errorCode: null, now: this.now() })
      return this.get(id) as OutboxMessage
    })()
  }

  private findMessage(
    profileId: string,
    providerId: string,
  ): { messageId: number; key: string } | null {
    // The id's own form first: only if that finds nothing do the hex/decimal twins count.
    for (const candidate of this.idKeys(providerId)) {
      const hit = this.s.findByKey.get(profileId, candidate) as
        { message_id: number; provider_id: string } | undefined
      if (hit) return { messageId: hit.message_id, key: hit.provider_id }
    }
    return null
  }

  /** A receipt may arrive before its submit_sm_resp: it waits, unmatched, for this moment. */
  private adoptEarlyReceipts(
    profileId: string,
    messageId: number,
    phone: string,
    key: string,
  ): number {
    let adopted = 0
    for (const candidate of this.idKeys(key)) {
      adopted += this.s.unmatchedReceipts.all({ profileId, messageId, key, candidate }).length
      this.s.unmatchedHlr.run({ profileId, messageId, phone, key, candidate })
    }
    return adopted
  }

  /**
   * Final state from the receipts so far: every distinct provider id of the message (one per
   * part in SINGLE mode, one for all parts otherwise) needs a final receipt; the worst wins.
   */
  private settleFromReceipts(id: number, now: number): boolean {
    const row = this.s.byId.get(id) as MessageRow
    if (isFinal(row.state) || (row.state !== 'accepted' && row.state !== 'uncertain')) return false
    const ids = new Set(JSON.parse(row.provider_ids) as string[])
    if (ids.size === 0) return false
    type Final = {
      outcome: string
      stat: string
      err: string | null
      reason: string | null
      reason_code: string | null
    }
    const finals = new Map<string, Final>()
    for (const r of this.s.finalReceipts.all(id) as (Final & { provider_id: string })[]) {
      finals.set(r.provider_id, r)
    }
    const reports = [...ids].map((pid) => finals.get(pid))
    if (reports.some((r) => r === undefined)) return false
    const worst =
      reports.find((r) => r?.outcome === 'failed') ??
      reports.find((r) => r?.outcome === 'expired') ??
      reports[0]
    const to = worst?.outcome as MessageState
    if (!sourcesOf(to).includes(row.state)) return false
    const failed = to !== 'delivered' && worst !== undefined
    const error = failed ? reportText(worst) : null
    const errorCode = failed ? (worst.reason_code ?? `outbox:report:${to}`) : null
    this.s.setState.run({ id, to, error, errorCode, now })
    return true
  }
}

/** Batches whose messages wait (bulk import's pause); a partial index finds them. */
const PAUSED_BATCHES = `SELECT id FROM batches WHERE state = 'paused'`

/** "Delivery report UNDELIV (error 001)", with the provider's reason when it gave one. */
function reportText(r: { stat: string; err: string | null; reason: string | null }): string {
  const code = `${r.stat}${r.err ? ` (error ${r.err})` : ''}`
  return r.reason ? `Delivery report: ${r.reason} — ${code}` : `Delivery report ${code}`
}

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
  }
}

export function toInbound(r: InboundRow): InboundMessage {
  return {
    id: r.id,
    profileId: r.profile_id,
    from: r.from_addr,
    to: r.to_addr,
    text: r.text,
    receivedAt: r.received_at,
  }
}
