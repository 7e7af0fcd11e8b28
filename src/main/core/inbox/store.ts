/**
 * The inbox as the agent reads it: per number messages were sent to, newest first, with
 * unread marks. The outbox stores inbound messages; this reads and marks them.
 */
import type { InboxItem, InboxNumber } from '../../../shared/calls/inbox'
import type { Db } from '../db/database'
import { toInbound, type InboundRow } from '../outbox/outbox'

type Row = InboundRow & { read_at: number | null }

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

function toItem(r: Row): InboxItem {
  return { ...toInbound(r), read: r.read_at !== null }
}
