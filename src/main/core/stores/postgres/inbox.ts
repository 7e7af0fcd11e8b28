/**
 * Customers' replies on PostgreSQL (a team server's): the same results as SQLite's InboxStore
 * and SqliteInboxStore (the same store tests run against both). A reply meaning stop puts its
 * number on the stop-list and queues the office's answer in the transaction that stores it, so
 * every server on the database sees an opt-out take effect the moment it is stored. Where SQLite
 * leaves the order of equal times to its plan (conversations and numbers by the same latest
 * time), the order it gives, by number, is written out here.
 */
import type { PoolClient } from 'pg'
import type {
  Customer,
  InboxItem,
  InboxNumber,
  Thread,
  ThreadEntry,
} from '../../../../shared/calls/inbox'
import { HLR_TEXT, peerOf } from '../../../../shared/constants'
import type { InboundMessage, OutboxMessage } from '../../../../shared/contract'
import { foldText } from '../../../../shared/fold'
import { isOptOut } from '../../../../shared/stop-words'
import type { InboxFilter } from '../../inbox/store'
import type { InboundSms } from '../../providers/types'
import type { InboxStore } from '../stores'
import { pgText, type PgDatabase } from './database'
import {
  cursorKey,
  toInbound,
  toItem,
  toThreadEntry,
  type EntryRow,
  type InboundRow,
} from '../../inbox/store'
import type { PgOutbox } from './outbox'
import type { PgStopList } from './stop-list'
import type { PgVerifications } from './verifications'
import type { Verification } from '../../../../shared/calls/verification'

/** An inbound_messages row. */
type Row = InboundRow

interface ThreadRow {
  peer: string
  name: string | null
  unread: number
  from_addr: string
  to_addr: string
  profile_id: string
  in_text: string
  in_at: number
  out_text: string | null
  out_at: number | null
}

interface CustomerRow {
  received: number
  first_in: number | null
  sent: number
  first_out: number | null
  delivered: number
  failed: number
  hlr_at: number | null
  net: string | null
  cn: string | null
  mcc: string | null
  rnet: string | null
  rcn: string | null
  stop_note: string | null
  stop_at: number | null
  stop_profile: string | null
  contact_name: string | null
  contact_notes: string | null
}

// Keyset paging: an id (or a time) above any real one stands for "from the newest".
const NEWEST = Number.MAX_SAFE_INTEGER

/**
 * Messages in the order given ($1: the profile, $2: the messages as JSON with their peer), so
 * their ids follow that order as SQLite's do.
 */
const INSERT = `INSERT INTO inbound_messages
    (profile_id, from_addr, to_addr, text, received_at, peer, ref)
  SELECT $1, e.value ->> 'from', e.value ->> 'to', e.value ->> 'text',
    (e.value ->> 'receivedAt')::bigint, e.value ->> 'peer', e.value ->> 'ref'
  FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(value, ord)
  ORDER BY e.ord
  ON CONFLICT (profile_id, ref) WHERE ref IS NOT NULL DO NOTHING
  RETURNING *`

const SET_CURSOR = `INSERT INTO meta (key, value) VALUES ($1, $2)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value`

/**
 * Each customer's newest word either way; the outbox's latest to their number by its index.
 * By part of the number ($1, null: none), or of the contact's name ($2, folded as contacts
 * store it). Equal times: by number, as SQLite's grouping leaves them.
 */
const THREADS = `SELECT t.peer, t.unread, i.from_addr, i.to_addr, i.profile_id,
    i.text AS in_text, i.received_at AS in_at, o.text AS out_text, o.created_at AS out_at, c.name
  FROM (SELECT peer, max(id) AS last_in, count(*) - count(read_at) AS unread
    FROM inbound_messages WHERE ($1::text IS NOT NULL AND strpos(peer, $1) > 0)
      OR peer IN (SELECT phone FROM contacts
        WHERE $2::text <> '' AND strpos(name_folded, $2) > 0)
    GROUP BY peer) t
  JOIN inbound_messages i ON i.id = t.last_in
  LEFT JOIN contacts c ON c.phone = t.peer
  LEFT JOIN LATERAL (SELECT text, created_at FROM messages
    WHERE phone = t.peer AND text <> '${HLR_TEXT}' ORDER BY id DESC LIMIT 1) o ON true
  ORDER BY GREATEST(i.received_at, coalesce(o.created_at, 0)) DESC, t.peer COLLATE "C"
  LIMIT $3`

/** One conversation both ways; at the same time an answer before the reply it follows. */
const THREAD = `SELECT * FROM (
    SELECT 'in' AS direction, id, profile_id, from_addr AS a, to_addr AS b, text,
      received_at AS at, read_at, NULL AS state, NULL AS error, NULL AS type
    FROM inbound_messages WHERE peer = $1 AND received_at < $2
    UNION ALL
    SELECT 'out', id, profile_id, sender, phone, text, created_at, NULL, state, error, type
    FROM messages WHERE phone = $1 AND text <> '${HLR_TEXT}' AND created_at < $2) e
  ORDER BY at DESC, direction COLLATE "C" DESC, id DESC LIMIT $3`

/**
 * A customer's card in one statement (one connection, one snapshot): each part by its index
 * (inbound by peer, messages by phone, HLR by phone); of the stop-list an entry for every
 * profile first ('' sorts first): it is the one that says most.
 */
const CUSTOMER = `SELECT i.n AS received, i.first AS first_in, o.n AS sent, o.first AS first_out,
    o.delivered, o.failed, h.received_at AS hlr_at, h.net, h.cn, h.mcc, h.rnet, h.rcn,
    s.note AS stop_note, s.added_at AS stop_at, s.profile_id AS stop_profile,
    c.name AS contact_name, c.notes AS contact_notes
  FROM (SELECT count(*) AS n, min(received_at) AS first
    FROM inbound_messages WHERE peer = $1) i
  CROSS JOIN (SELECT count(*) AS n, min(created_at) AS first,
      count(*) FILTER (WHERE state = 'delivered') AS delivered,
      count(*) FILTER (WHERE state IN ('failed', 'expired')) AS failed
    FROM messages WHERE phone = $1 AND text <> '${HLR_TEXT}') o
  LEFT JOIN LATERAL (SELECT received_at, net, cn, mcc, rnet, rcn FROM hlr_results
    WHERE phone = $1 ORDER BY id DESC LIMIT 1) h ON true
  LEFT JOIN LATERAL (SELECT note, added_at, profile_id FROM stop_list
    WHERE phone = $1 ORDER BY profile_id COLLATE "C" LIMIT 1) s ON true
  LEFT JOIN contacts c ON c.phone = $1`

export class PgInbox implements InboxStore {
  constructor(
    private readonly db: PgDatabase,
    private readonly outbox: PgOutbox,
    private readonly stopList: PgStopList,
    private readonly now: () => number = Date.now,
    /** A `[waitcall]` verifies its number in the transaction that stores it. */
    private readonly verifications: PgVerifications | null = null,
  ) {}

  /**
   * Stores the messages (and, for a polled endpoint, where the next fetch starts) in one
   * transaction: a crash never loses a message nor stores one twice. A reply that means stop
   * puts its number on the stop-list in the same transaction (its text as the note), and gets
   * the office's answer when one is set: from the number the customer wrote to, through the
   * profile it came in on, keyed by the reply so it goes once.
   */
  async record(
    profileId: string,
    messages: readonly InboundSms[],
    cursor: string | null = null,
  ): Promise<{ stored: InboundMessage[]; replies: OutboxMessage[]; verified?: Verification[] }> {
    // The office's settings are read before the transaction takes its connection: one waiting
    // for another connection of the same pool could wait forever on a busy server.
    const optOuts = messages.some((m) => isOptOut(m.text))
    const [answer, perProfile] = optOuts
      ? await Promise.all([this.stopList.reply(), this.stopList.perProfileOptOut()])
      : [null, false]
    return this.db.transaction(async (c) => {
      const stored = await this.insert(c, profileId, messages)
      if (cursor !== null) await c.query(SET_CURSOR, [cursorKey(profileId), cursor])
      const verified = (await this.verifications?.confirmIn(c, stored)) ?? []
      const replies: OutboxMessage[] = []
      for (const m of stored.filter((x) => isOptOut(x.text))) {
        const phone = peerOf(m.from)
        await this.stopList.addIn(c, [phone], m.text, perProfile ? m.profileId : '')
        if (answer === null) continue
        const [reply] = await this.outbox.insert(
          c,
          [
            {
              profileId: m.profileId,
              sender: m.to,
              phone,
              text: answer,
              priority: 0,
              idempotencyKey: `optout:${m.id}`,
            },
          ],
          this.now(),
        )
        if (reply) replies.push(reply)
      }
      return verified.length > 0 ? { stored, replies, verified } : { stored, replies }
    })
  }

  /** Where the next fetch of a polled inbound endpoint starts (null: from the beginning). */
  async cursor(profileId: string): Promise<string | null> {
    const r = await this.db.pool.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [
      cursorKey(profileId),
    ])
    return r.rows[0]?.value ?? null
  }

  /** The latest inbound messages, newest first. */
  async recent(limit = 100): Promise<InboundMessage[]> {
    const r = await this.db.pool.query<Row>(
      'SELECT * FROM inbound_messages ORDER BY id DESC LIMIT $1',
      [limit],
    )
    return r.rows.map(toInbound)
  }

  async list(filter: InboxFilter): Promise<{ messages: InboxItem[]; more: boolean }> {
    const limit = filter.limit ?? 100
    const r = await this.db.pool.query<Row>(
      `SELECT * FROM inbound_messages
      WHERE ($1::text IS NULL OR to_addr = $1) AND id < $2 AND (NOT $3 OR read_at IS NULL)
      ORDER BY id DESC LIMIT $4`,
      [
        // As SQLite's: an empty number is no filter.
        filter.to || null,
        filter.beforeId ?? NEWEST,
        filter.unreadOnly === true,
        // One more than asked tells whether another page exists.
        limit + 1,
      ],
    )
    return { messages: r.rows.slice(0, limit).map(toItem), more: r.rows.length > limit }
  }

  /** The numbers customers wrote to; equal latest times by number, as SQLite's grouping. */
  async numbers(): Promise<InboxNumber[]> {
    const r = await this.db.pool.query<{
      to_addr: string
      total: number
      unread: number
      last_at: number
    }>(
      `SELECT to_addr, count(*) AS total, count(*) - count(read_at) AS unread,
        max(received_at) AS last_at FROM inbound_messages
      GROUP BY to_addr ORDER BY last_at DESC, to_addr COLLATE "C"`,
    )
    return r.rows.map((x) => ({
      to: x.to_addr,
      total: x.total,
      unread: x.unread,
      lastAt: x.last_at,
    }))
  }

  /** Customers' messages waiting unread. */
  async unreadCount(): Promise<number> {
    const r = await this.db.pool.query<{ n: number }>(
      'SELECT count(*) AS n FROM inbound_messages WHERE read_at IS NULL',
    )
    return r.rows[0]?.n ?? 0
  }

  /** Conversations, the newest first; `search`: part of the customer's number or name. */
  async threads(search = '', limit = 100): Promise<Thread[]> {
    const number = peerOf(search)
    const r = await this.db.pool.query<ThreadRow>(THREADS, [
      // A search with letters in it is no part of a number.
      /^\d*$/.test(number) ? number : null,
      foldText(search.trim()),
      limit,
    ])
    return r.rows.map((x) => {
      const out = x.out_at !== null && x.out_at > x.in_at
      return {
        peer: x.peer,
        from: x.from_addr,
        name: x.name || null,
        unread: x.unread,
        lastAt: out ? (x.out_at ?? x.in_at) : x.in_at,
        lastText: out ? (x.out_text ?? '') : x.in_text,
        lastDirection: out ? 'out' : 'in',
        replyProfileId: x.profile_id,
        replyFrom: x.to_addr,
      }
    })
  }

  /** One conversation, the newest first, older than `beforeAt` if given. */
  async thread(
    peer: string,
    beforeAt?: number,
    limit = 100,
  ): Promise<{ entries: ThreadEntry[]; more: boolean }> {
    const r = await this.db.pool.query<EntryRow>(THREAD, [
      peerOf(peer),
      beforeAt ?? NEWEST,
      limit + 1,
    ])
    return { entries: r.rows.slice(0, limit).map(toThreadEntry), more: r.rows.length > limit }
  }

  /** What is known of a customer (by their number without its signs, as `peer`). */
  async customer(address: string): Promise<Customer> {
    const peer = peerOf(address)
    const r = await this.db.pool.query<CustomerRow>(CUSTOMER, [peer])
    const x = r.rows[0] as CustomerRow
    const firsts = [x.first_in, x.first_out].filter((t): t is number => t !== null)
    const nul = (v: string | null) => (v !== null && v !== '' ? v : null)
    return {
      peer,
      firstAt: firsts.length > 0 ? Math.min(...firsts) : null,
      received: x.received,
      sent: x.sent,
      delivered: x.delivered,
      notDelivered: x.failed,
      lastHlr:
        x.hlr_at !== null
          ? {
              at: x.hlr_at,
              net: nul(x.net),
              cn: nul(x.cn),
              mcc: nul(x.mcc),
              rnet: nul(x.rnet),
              rcn: nul(x.rcn),
            }
          : null,
      stopped:
        x.stop_at !== null
          ? { note: x.stop_note, addedAt: x.stop_at, profileId: x.stop_profile ?? '' }
          : null,
      contact:
        x.contact_name !== null ? { name: x.contact_name, notes: x.contact_notes ?? '' } : null,
    }
  }

  /** Marks read: these ids, everything sent to a number, from a customer, or everything. */
  async markRead(target: {
    ids?: readonly number[]
    to?: string
    peer?: string
    all?: boolean
  }): Promise<number> {
    const now = this.now()
    const update = async (where: string, params: unknown[]) => {
      const r = await this.db.pool.query(
        `UPDATE inbound_messages SET read_at = $1 WHERE ${where} AND read_at IS NULL`,
        [now, ...params],
      )
      return r.rowCount ?? 0
    }
    // The same precedence as SQLite's: ids, then a number, then a customer, else everything.
    if (target.ids) {
      return target.ids.length === 0 ? 0 : update('id = ANY($2::bigint[])', [[...target.ids]])
    }
    if (target.to) return update('to_addr = $2', [target.to])
    if (target.peer) return update('peer = $2', [peerOf(target.peer)])
    return update('true', [])
  }

  private async insert(
    c: PoolClient,
    profileId: string,
    messages: readonly InboundSms[],
  ): Promise<InboundMessage[]> {
    if (messages.length === 0) return []
    const rows = messages.map((m) => ({
      from: pgText(m.from),
      to: pgText(m.to),
      text: pgText(m.text),
      receivedAt: m.receivedAt,
      peer: peerOf(m.from),
      ref: m.ref ?? null,
    }))
    const r = await c.query<Row>(INSERT, [profileId, JSON.stringify(rows)])
    return r.rows.sort((a, b) => a.id - b.id).map(toInbound)
  }
}
