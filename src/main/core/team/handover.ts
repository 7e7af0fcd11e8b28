/**
 * Sends the agent made while the team server was unreachable: kept in the console's own
 * database (table `handover`, migration 28) until the server has them, then handed over one
 * by one in the order they were made, each under the idempotency key it was kept with. The
 * server stores one message per key, so a handover tried again (its answer lost with the
 * connection) still makes one message: each send goes out once.
 *
 *   waiting ──hand over──▶ sending ──the server took it──▶ handed
 *      ▲                      │ ──the server refused it──▶ failed
 *      └── answer lost, ──────┘
 *          server busy, console restarted
 *   waiting ──the agent dropped it──▶ failed
 */
import type { z } from 'zod'
import type { OutboxMessage, Reply } from '../../../shared/contract'
import type { messagesCalls } from '../../../shared/calls/messages'
import type { Handover, HandoverState } from '../../../shared/calls/team-link'
import { countMessage } from '../../../shared/message-types'
import type { Db } from '../db/database'

/** What is kept of a send: the request as messages.send takes it, its key always set. */
export type HandoverRequest = z.infer<(typeof messagesCalls)['messages.send']['request']> & {
  idempotencyKey: string
}

export type HandoverEvent = 'send' | 'handed' | 'refused' | 'retry' | 'drop' | 'recover'

const MOVES: Record<HandoverState, Partial<Record<HandoverEvent, HandoverState>>> = {
  waiting: { send: 'sending', drop: 'failed', recover: 'waiting' },
  sending: { handed: 'handed', refused: 'failed', retry: 'waiting', recover: 'waiting' },
  handed: {},
  failed: {},
}

/** The state a handover moves to, or null when the event does not apply to it. */
export function handoverMove(state: HandoverState, event: HandoverEvent): HandoverState | null {
  return MOVES[state][event] ?? null
}

/** What a handover's try came to, from the server's reply (null: the answer never came). */
export type Settled =
  | { event: 'handed'; messageId: number | null }
  | { event: 'refused'; error: string }
  /** Not taken, not refused: tried again later. `signedOut`: the session must be renewed first. */
  | { event: 'retry'; signedOut: boolean }

/** Refusals that may pass by themselves: the send waits and is tried again. */
const PASSING = new Set(['UNAVAILABLE', 'INTERNAL', 'UNAUTHORIZED'])

export function settleHandover(reply: Reply<unknown> | null): Settled {
  if (reply === null) return { event: 'retry', signedOut: false }
  if (reply.ok) {
    const id = (reply.result as { id?: unknown } | null)?.id
    return { event: 'handed', messageId: typeof id === 'number' ? id : null }
  }
  if (PASSING.has(reply.error.code)) {
    return { event: 'retry', signedOut: reply.error.code === 'UNAUTHORIZED' }
  }
  return { event: 'refused', error: `${reply.error.code}: ${reply.error.message}` }
}

/**
 * A kept send as a message the screens already know: queued, with the reason "waiting for the
 * team server". Its id is counted down from the largest safe integer, so it never meets the id
 * of a message of the server's.
 */
export function placeholderOf(h: {
  id: number
  request: HandoverRequest
  state: HandoverState
  createdAt: number
  error: string | null
}): OutboxMessage {
  const { encoding, parts } = countMessage(h.request.text, h.request.messageType?.type)
  const failed = h.state === 'failed'
  return {
    id: Number.MAX_SAFE_INTEGER - h.id,
    profileId: h.request.profileId,
    batchId: null,
    sender: h.request.sender,
    phone: h.request.phone.replace(/\D/g, ''),
    text: h.request.text,
    encoding,
    parts,
    state: failed ? 'failed' : 'queued',
    providerIds: [],
    attempts: 0,
    error: failed ? (h.error ?? 'Refused by the team server') : 'Waiting for the team server',
    errorCode: failed ? null : 'team:waiting',
    createdAt: h.createdAt,
    updatedAt: h.createdAt,
  }
}

interface Row {
  id: number
  server_url: string
  idempotency_key: string
  request: string
  state: HandoverState
  attempts: number
  created_at: number
  handed_at: number | null
  server_message_id: number | null
  error: string | null
}

export interface KeptSend {
  id: number
  url: string
  request: HandoverRequest
  state: HandoverState
  attempts: number
  createdAt: number
  handedAt: number | null
  messageId: number | null
  error: string | null
}

function kept(r: Row): KeptSend {
  return {
    id: r.id,
    url: r.server_url,
    request: JSON.parse(r.request) as HandoverRequest,
    state: r.state,
    attempts: r.attempts,
    createdAt: r.created_at,
    handedAt: r.handed_at,
    messageId: r.server_message_id,
    error: r.error,
  }
}

export function handoverView(k: KeptSend): Handover {
  return {
    id: k.id,
    url: k.url,
    idempotencyKey: k.request.idempotencyKey,
    profileId: k.request.profileId,
    phone: k.request.phone,
    text: k.request.text,
    state: k.state,
    attempts: k.attempts,
    createdAt: k.createdAt,
    handedAt: k.handedAt,
    messageId: k.messageId,
    error: k.error,
  }
}

/** The kept sends, on the console's database (a few rows, written rarely: on main's connection). */
export class HandoverStore {
  constructor(private readonly db: Db) {}

  /** Keeps a send; the same key twice (a double click) keeps it once and returns that one. */
  add(url: string, request: HandoverRequest, now: number): KeptSend {
    this.db
      .prepare(
        `INSERT INTO handover (server_url, idempotency_key, request, state, created_at)
         VALUES (?, ?, ?, 'waiting', ?) ON CONFLICT (idempotency_key) DO NOTHING`,
      )
      .run(url, request.idempotencyKey, JSON.stringify(request), now)
    const row = this.db
      .prepare<[string], Row>('SELECT * FROM handover WHERE idempotency_key = ?')
      .get(request.idempotencyKey)
    if (!row) throw new Error('the kept send was not stored')
    return kept(row)
  }

  /** The oldest send still to hand over to this server. */
  next(url: string): KeptSend | null {
    const row = this.db
      .prepare<[string], Row>(
        `SELECT * FROM handover WHERE server_url = ? AND state IN ('waiting','sending')
         ORDER BY id LIMIT 1`,
      )
      .get(url)
    return row ? kept(row) : null
  }

  /** Applies an event to one send; false (and nothing changed) when it does not apply. */
  move(
    id: number,
    event: HandoverEvent,
    now: number,
    details: { messageId?: number | null; error?: string } = {},
  ): boolean {
    const row = this.db
      .prepare<[number], Pick<Row, 'state'>>('SELECT state FROM handover WHERE id = ?')
      .get(id)
    const to = row ? handoverMove(row.state, event) : null
    if (!row || !to) return false
    this.db
      .prepare(
        `UPDATE handover SET state = @to,
           attempts = attempts + @tried,
           handed_at = CASE WHEN @to = 'handed' THEN @now ELSE handed_at END,
           server_message_id = COALESCE(@messageId, server_message_id),
           error = COALESCE(@error, error)
         WHERE id = @id AND state = @from`,
      )
      .run({
        id,
        from: row.state,
        to,
        tried: event === 'send' ? 1 : 0,
        now,
        messageId: details.messageId ?? null,
        error: details.error ?? null,
      })
    return true
  }

  /** After a restart: a send whose handover was under way is tried again under its key. */
  recover(): number {
    return this.db.prepare(`UPDATE handover SET state = 'waiting' WHERE state = 'sending'`).run()
      .changes
  }

  /** The agent gave up on a server's waiting sends: failed, with the reason. */
  drop(url: string, reason: string): number {
    return this.db
      .prepare(
        `UPDATE handover SET state = 'failed', error = ? WHERE server_url = ? AND state = 'waiting'`,
      )
      .run(reason, url).changes
  }

  counts(url: string): { waiting: number; failed: number } {
    const r = this.db
      .prepare<[string], { waiting: number; failed: number }>(
        `SELECT COALESCE(SUM(state IN ('waiting','sending')), 0) AS waiting,
                COALESCE(SUM(state = 'failed'), 0) AS failed
         FROM handover WHERE server_url = ?`,
      )
      .get(url)
    return { waiting: r?.waiting ?? 0, failed: r?.failed ?? 0 }
  }

  list(filter: { state?: HandoverState; limit?: number }): KeptSend[] {
    const rows = this.db
      .prepare<[string | null, string | null, number], Row>(
        `SELECT * FROM handover WHERE (? IS NULL OR state = ?) ORDER BY id DESC LIMIT ?`,
      )
      .all(filter.state ?? null, filter.state ?? null, filter.limit ?? 100)
    return rows.map(kept)
  }
}
