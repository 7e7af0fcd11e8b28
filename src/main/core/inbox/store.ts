/**
 * Inbound messages: stored as they arrive (pushed by the provider, or fetched from where the
 * last fetch left off), and read as the agent reads them: per number messages were sent to,
 * newest first, with unread marks. Nothing else builds SQL for inbound_messages.
 */
import type { InboxItem, InboxNumber } from '../../../shared/calls/inbox'
import type { InboundMessage } from '../../../shared/contract'
import type { Db } from '../db/database'
import type { InboundSms } from '../providers/types'

/** An inbound_messages row as SQLite returns it. */
interface Row {
  id: number
  profile_id: string
  from_addr: string
  to_addr: string
  text: string
  received_at: number
  read_at: number | null
}

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
      insert:
        db.prepare(`INSERT INTO inbound_messages (profile_id, from_addr, to_addr, text, received_at)
        SELECT @profileId, value ->> 'from', value ->> 'to', value ->> 'text', value ->> 'receivedAt'
        FROM json_each(@messages) ORDER BY key RETURNING *`),
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
          : (this.s.insert.all({ profileId, messages: JSON.stringify(messages) }) as Row[])
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
    return (this.s.recent.all(limit) as Row[]).map(toInbound)
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
    ) as Row[]
    return { messages: rows.slice(0, limit).map(toItem), more: rows.length > limit }
  }

  numbers(): InboxNumber[] {
    return (
      this.s.numbers.all() as { to_addr: string; total: number; unread: number; last_at: number }[]
    ).map((r) => ({ to: r.to_addr, total: r.total, unread: r.unread, lastAt: r.last_at }))
  }

  markRead(target: { ids?: readonly number[]; to?: string; all?: boolean }): number {
    const now = this.now()
    if (target.ids) {
      const ids = target.ids
      return this.db.transaction(() =>
        ids.reduce((n, id) => n + this.s.readId.run(now, id).changes, 0),
      )()
    }
    if (target.to) return this.s.readTo.run(now, target.to).changes
    return this.s.readAll.run(now).changes
  }
}

function cursorKey(profileId: string): string {
  return `inbound_cursor:${profileId}`
}

function toInbound(r: Row): InboundMessage {
  return {
    id: r.id,
    profileId: r.profile_id,
    from: r.from_addr,
    to: r.to_addr,
    text: r.text,
    receivedAt: r.received_at,
  }
}

function toItem(r: Row): InboxItem {
  return { ...toInbound(r), read: r.read_at !== null }
}
