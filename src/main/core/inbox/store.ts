/**
 * Inbound messages: stored as they arrive (pushed by the provider, or fetched from where the
 * last fetch left off), and read as the agent reads them: per number messages were sent to,
 * newest first, with unread marks; and as conversations, each customer's messages beside what
 * was sent to their number (read from the outbox's table, never written). Nothing else builds
 * SQL for inbound_messages.
 */
import type { MessageTypeName } from '../../../shared/message-types'
import type {
  Customer,
  InboxItem,
  InboxNumber,
  Thread,
  ThreadEntry,
} from '../../../shared/calls/inbox'
import { HLR_TEXT, peerOf } from '../../../shared/constants'
import type { MessageState } from '../../../shared/contract'
import type { InboundMessage } from '../../../shared/contract'
import type { Db } from '../db/database'
import type { InboundSms } from '../providers/types'
import { foldText } from '../../../shared/fold'

/** An inbound_messages row as either database returns it. */
export interface InboundRow {
  id: number
  profile_id: string
  from_addr: string
  to_addr: string
  text: string
  received_at: number
  read_at: number | null
}

/** A thread's key from an address in SQL: the same as peerOf (and migration 15). */
const PEER = (addr: string) =>
  `replace(replace(replace(replace(replace(${addr}, '+', ''), ' ', ''), '-', ''), '(', ''), ')', '')`

export interface InboxFilter {
  to?: string
  unreadOnly?: boolean
  beforeId?: number
  limit?: number
}

// Keyset paging: an id above any real one stands for "from the newest".
const NEWEST = Number.MAX_SAFE_INTEGER

export class InboxStore {
  private readonly s

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    const unread = '(@unreadOnly = 0 OR read_at IS NULL)'
    this.s = {
      // A message the provider named (`ref`) and already kept is not kept again.
      insert: db.prepare(`INSERT INTO inbound_messages
          (profile_id, from_addr, to_addr, text, received_at, peer, ref)
        SELECT @profileId, value ->> 'from', value ->> 'to', value ->> 'text', value ->> 'receivedAt',
          ${PEER("value ->> 'from'")}, value ->> 'ref'
        FROM json_each(@messages) WHERE true ORDER BY key
        ON CONFLICT (profile_id, ref) WHERE ref IS NOT NULL DO NOTHING RETURNING *`),
      // Each customer's newest word either way; the outbox's latest to their number by its index.
      // By part of the number, or of the contact's name (folded as contacts store it).
      threads: db.prepare(`SELECT t.peer, t.unread, i.from_addr, i.to_addr, i.profile_id,
          i.text AS in_text, i.received_at AS in_at, o.text AS out_text, o.created_at AS out_at,
          c.name
        FROM (SELECT peer, max(id) AS last_in, count(*) - count(read_at) AS unread
          FROM inbound_messages WHERE instr(peer, @search) > 0 OR peer IN (SELECT phone
            FROM contacts WHERE @name <> '' AND instr(name_folded, @name) > 0)
          GROUP BY peer) t
        JOIN inbound_messages i ON i.id = t.last_in
        LEFT JOIN contacts c ON c.phone = t.peer
        LEFT JOIN messages o ON o.id = (SELECT id FROM messages
          WHERE phone = t.peer AND text <> '${HLR_TEXT}' ORDER BY id DESC LIMIT 1)
        ORDER BY max(i.received_at, coalesce(o.created_at, 0)) DESC LIMIT @limit`),
      thread: db.prepare(`SELECT * FROM (
          SELECT 'in' AS direction, id, profile_id, from_addr AS a, to_addr AS b, text,
            received_at AS at, read_at, NULL AS state, NULL AS error, NULL AS type
          FROM inbound_messages WHERE peer = @peer AND received_at < @beforeAt
          UNION ALL
          SELECT 'out', id, profile_id, sender, phone, text, created_at, NULL, state, error, type
          FROM messages WHERE phone = @peer AND text <> '${HLR_TEXT}' AND created_at < @beforeAt)
        ORDER BY at DESC, direction DESC, id DESC LIMIT @limit`),
      // A customer's card: each by its index (messages by phone, inbound by peer, HLR by phone).
      customerIn: db.prepare(`SELECT COUNT(*) AS n, MIN(received_at) AS first
        FROM inbound_messages WHERE peer = ?`),
      customerOut: db.prepare(`SELECT COUNT(*) AS n, MIN(created_at) AS first,
          COALESCE(SUM(state = 'delivered'), 0) AS delivered,
          COALESCE(SUM(state IN ('failed', 'expired')), 0) AS failed
        FROM messages WHERE phone = ? AND text <> '${HLR_TEXT}'`),
      customerHlr: db.prepare(`SELECT received_at AS at, net, cn, mcc, rnet, rcn FROM hlr_results
        WHERE phone = ? ORDER BY id DESC LIMIT 1`),
      // An entry for every account first: it is the one that says most.
      customerStopped: db.prepare(`SELECT note, added_at AS addedAt, profile_id AS profileId
        FROM stop_list WHERE phone = ? ORDER BY profile_id LIMIT 1`),
      customerContact: db.prepare('SELECT name, notes FROM contacts WHERE phone = ?'),
      readPeer: db.prepare(
        'UPDATE inbound_messages SET read_at = ? WHERE peer = ? AND read_at IS NULL',
      ),
      recent: db.prepare('SELECT * FROM inbound_messages ORDER BY id DESC LIMIT ?'),
      getCursor: db.prepare('SELECT value FROM meta WHERE key = ?'),
      setCursor: db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?)
        ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
      all: db.prepare(`SELECT * FROM inbound_messages WHERE id < @beforeId AND ${unread}
        ORDER BY id DESC LIMIT @limit`),
      byTo: db.prepare(`SELECT * FROM inbound_messages
        WHERE to_addr = @to AND id < @beforeId AND ${unread} ORDER BY id DESC LIMIT @limit`),
      numbers: db.prepare(`SELECT to_addr, count(*) AS total, count(*) - count(read_at) AS unread,
        max(received_at) AS last_at FROM inbound_messages GROUP BY to_addr ORDER BY last_at DESC`),
      readId: db.prepare(
        'UPDATE inbound_messages SET read_at = ? WHERE id = ? AND read_at IS NULL',
      ),
      readTo: db.prepare(
        'UPDATE inbound_messages SET read_at = ? WHERE to_addr = ? AND read_at IS NULL',
      ),
      readAll: db.prepare('UPDATE inbound_messages SET read_at = ? WHERE read_at IS NULL'),
      unread: db.prepare('SELECT count(*) AS n FROM inbound_messages WHERE read_at IS NULL'),
    }
  }

  /**
   * Stores messages from a provider and, for one whose inbound endpoint is polled, where to
   * fetch from next, in one transaction: a crash never loses a message nor stores one twice.
   * Returns them as stored, in the order given.
   */
  record(
    profileId: string,
    messages: readonly InboundSms[],
    cursor: string | null = null,
  ): InboundMessage[] {
    return this.db.transaction(() => {
      const stored =
        messages.length === 0
          ? []
          : (this.s.insert.all({ profileId, messages: JSON.stringify(messages) }) as InboundRow[])
      if (cursor !== null) this.s.setCursor.run(cursorKey(profileId), cursor)
      return stored.sort((a, b) => a.id - b.id).map(toInbound)
    })()
  }

  /** Where the next fetch of a polled inbound endpoint starts (null: from the beginning). */
  cursor(profileId: string): string | null {
    const row = this.s.getCursor.get(cursorKey(profileId)) as { value: string } | undefined
    return row?.value ?? null
  }

  /** The latest inbound messages, newest first. */
  recent(limit = 100): InboundMessage[] {
    return (this.s.recent.all(limit) as InboundRow[]).map(toInbound)
  }

  list(filter: InboxFilter): { messages: InboxItem[]; more: boolean } {
    const limit = filter.limit ?? 100
    const params = {
      unreadOnly: filter.unreadOnly ? 1 : 0,
      beforeId: filter.beforeId ?? NEWEST,
      // One more than asked tells whether another page exists.
      limit: limit + 1,
    }
    const rows = (
      filter.to ? this.s.byTo.all({ ...params, to: filter.to }) : this.s.all.all(params)
    ) as InboundRow[]
    return { messages: rows.slice(0, limit).map(toItem), more: rows.length > limit }
  }

  numbers(): InboxNumber[] {
    return (
      this.s.numbers.all() as { to_addr: string; total: number; unread: number; last_at: number }[]
    ).map((r) => ({ to: r.to_addr, total: r.total, unread: r.unread, lastAt: r.last_at }))
  }

  /** Customers' messages waiting unread. */
  unreadCount(): number {
    return (this.s.unread.get() as { n: number }).n
  }

  /** Conversations, the newest first; `search`: part of the customer's number. */
  threads(search = '', limit = 100): Thread[] {
    const number = peerOf(search)
    const rows = this.s.threads.all({
      // A search with letters in it is no part of a number.
      search: /^\d*$/.test(number) ? number : '\u0000',
      name: foldText(search.trim()),
      limit,
    }) as {
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
    }[]
    return rows.map((r) => {
      const out = r.out_at !== null && r.out_at > r.in_at
      return {
        peer: r.peer,
        from: r.from_addr,
        name: r.name || null,
        unread: r.unread,
        lastAt: out ? (r.out_at ?? r.in_at) : r.in_at,
        lastText: out ? (r.out_text ?? '') : r.in_text,
        lastDirection: out ? 'out' : 'in',
        replyProfileId: r.profile_id,
        replyFrom: r.to_addr,
      }
    })
  }

  /** One conversation, the newest first, older than `beforeAt` if given. */
  thread(peer: string, beforeAt?: number, limit = 100): { entries: ThreadEntry[]; more: boolean } {
    const rows = this.s.thread.all({
      peer: peerOf(peer),
      beforeAt: beforeAt ?? Number.MAX_SAFE_INTEGER,
      limit: limit + 1,
    }) as EntryRow[]
    return { entries: rows.slice(0, limit).map(toThreadEntry), more: rows.length > limit }
  }

  /** What is known of a customer (by their number without its signs, as `peer`). */
  customer(address: string): Customer {
    const peer = peerOf(address)
    const inbound = this.s.customerIn.get(peer) as { n: number; first: number | null }
    const out = this.s.customerOut.get(peer) as {
      n: number
      first: number | null
      delivered: number
      failed: number
    }
    const firsts = [inbound.first, out.first].filter((t): t is number => t !== null)
    const nul = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null)
    const hlr = this.s.customerHlr.get(peer) as Record<string, unknown> | undefined
    const stopped = this.s.customerStopped.get(peer) as
      { note: string | null; addedAt: number; profileId: string } | undefined
    return {
      peer,
      firstAt: firsts.length > 0 ? Math.min(...firsts) : null,
      received: inbound.n,
      sent: out.n,
      delivered: out.delivered,
      notDelivered: out.failed,
      lastHlr: hlr
        ? {
            at: hlr.at as number,
            net: nul(hlr.net),
            cn: nul(hlr.cn),
            mcc: nul(hlr.mcc),
            rnet: nul(hlr.rnet),
            rcn: nul(hlr.rcn),
          }
        : null,
      stopped: stopped ?? null,
      contact:
        (this.s.customerContact.get(peer) as { name: string; notes: string } | undefined) ?? null,
    }
  }

  markRead(target: { ids?: readonly number[]; to?: string; peer?: string; all?: boolean }): number {
    const now = this.now()
    if (target.ids) {
      const ids = target.ids
      return this.db.transaction(() =>
        ids.reduce((n, id) => n + this.s.readId.run(now, id).changes, 0),
      )()
    }
    if (target.to) return this.s.readTo.run(now, target.to).changes
    if (target.peer) return this.s.readPeer.run(now, peerOf(target.peer)).changes
    return this.s.readAll.run(now).changes
  }
}

/** Where a profile's polled inbound endpoint is read from next, in meta. */
export function cursorKey(profileId: string): string {
  return `inbound_cursor:${profileId}`
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

export function toItem(r: InboundRow): InboxItem {
  return { ...toInbound(r), read: r.read_at !== null }
}

/** A conversation's row (a message in, or one sent), as both databases' thread queries read it. */
export interface EntryRow {
  direction: 'in' | 'out'
  id: number
  profile_id: string
  a: string
  b: string
  text: string
  at: number
  read_at: number | null
  state: MessageState | null
  error: string | null
  type: MessageTypeName | null
}

export function toThreadEntry(r: EntryRow): ThreadEntry {
  return r.direction === 'in'
    ? {
        direction: 'in',
        id: r.id,
        profileId: r.profile_id,
        from: r.a,
        to: r.b,
        text: r.text,
        at: r.at,
        read: r.read_at !== null,
      }
    : {
        direction: 'out',
        id: r.id,
        profileId: r.profile_id,
        sender: r.a,
        phone: r.b,
        text: r.text,
        at: r.at,
        state: r.state ?? 'queued',
        error: r.error,
        // Its SMSC type, when not an SMS (the conversation shows it like every list).
        ...(r.type && r.type !== 'sms' ? { type: r.type } : {}),
      }
}
