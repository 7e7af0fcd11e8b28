/**
 * The stop-list on PostgreSQL (a team server's): the same behaviour as SQLite's (the same store
 * tests run against both), shared by every server on the database — its version is a sequence
 * any of them moves, so a check made on one server sees a change made on another.
 */
import type { StopListEntry } from '../../../../shared/calls/imports'
import { CLEARED_KEPT_MS } from '../../imports/store'
import type { StopList } from '../stores'
import type { PoolClient } from 'pg'
import type { PgDatabase } from './database'

interface Row {
  phone: string
  profile_id: string
  note: string | null
  added_at: string
}

const entryOf = (r: Row): StopListEntry => ({
  phone: r.phone,
  profileId: r.profile_id,
  note: r.note,
  addedAt: Number(r.added_at),
})

/** `n` entries changed in this transaction: when any did, the list's version moves on. */
async function changed(c: PoolClient, n: number): Promise<number> {
  if (n > 0) await c.query(`SELECT nextval('stop_list_version')`)
  return n
}

/** A number prefix of digits, or null: every number. */
const prefixOf = (query: string | null) => (query ? query.replace(/\D/g, '') || null : null)

// `$n::text IS NULL OR …`: one statement whether or not the filter is given.
const MATCHING = `($1::text IS NULL OR (phone >= $1 AND phone < $1 || ':'))
  AND ($2::text IS NULL OR profile_id = $2)`

export class PgStopList implements StopList {
  constructor(
    private readonly db: PgDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  async version(): Promise<number> {
    const r = await this.db.pool.query<{ v: string }>(
      'SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS v FROM stop_list_version',
    )
    return Number(r.rows[0]?.v ?? 0)
  }

  async stoppedAmong(phones: readonly string[], profileId: string): Promise<Set<string>> {
    if (phones.length === 0) return new Set()
    const r = await this.db.pool.query<{ phone: string }>(
      `SELECT DISTINCT phone FROM stop_list
      WHERE phone = ANY($1::text[]) AND profile_id IN ('', $2)`,
      [phones, profileId],
    )
    return new Set(r.rows.map((x) => x.phone))
  }

  async upTo(limit: number, profileId: string): Promise<Set<string> | null> {
    const n = await this.db.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM stop_list WHERE profile_id IN ('', $1)`,
      [profileId],
    )
    if (Number(n.rows[0]?.n ?? 0) > limit) return null
    const r = await this.db.pool.query<{ phone: string }>(
      `SELECT phone FROM stop_list WHERE profile_id IN ('', $1)`,
      [profileId],
    )
    return new Set(r.rows.map((x) => x.phone))
  }

  async add(phones: readonly string[], note: string | null, profileId = ''): Promise<number> {
    if (phones.length === 0) return 0
    return this.db.transaction((c) => this.addIn(c, phones, note, profileId))
  }

  /**
   * `add` inside the caller's transaction: a reply meaning stop puts its number on the list in
   * the transaction that stores the reply, so no opt-out is stored without taking effect.
   */
  async addIn(
    c: PoolClient,
    phones: readonly string[],
    note: string | null,
    profileId = '',
  ): Promise<number> {
    if (phones.length === 0) return 0
    const r = await c.query(
      `INSERT INTO stop_list (phone, profile_id, note, added_at)
      SELECT p, $2, $3, $4 FROM unnest($1::text[]) AS p
      ON CONFLICT (phone, profile_id) DO NOTHING`,
      [phones, profileId, note, this.now()],
    )
    return changed(c, r.rowCount ?? 0)
  }

  async remove(phones: readonly string[], profileId: string | null = null): Promise<number> {
    if (phones.length === 0) return 0
    return this.db.transaction(async (c) => {
      const r = await c.query(
        `DELETE FROM stop_list
        WHERE phone = ANY($1::text[]) AND ($2::text IS NULL OR profile_id = $2)`,
        [phones, profileId],
      )
      const removed = r.rowCount ?? 0
      return changed(c, removed)
    })
  }

  async clearChunk(
    query: string | null,
    profileId: string | null,
    token: string,
    limit: number,
  ): Promise<number> {
    const now = this.now()
    return this.db.transaction(async (c) => {
      await c.query('DELETE FROM stop_list_cleared WHERE cleared_at < $1', [now - CLEARED_KEPT_MS])
      const r = await c.query<{ n: string }>(
        `WITH gone AS (
          DELETE FROM stop_list WHERE (phone, profile_id) IN (
            SELECT phone, profile_id FROM stop_list WHERE ${MATCHING}
            ORDER BY phone, profile_id LIMIT $3)
          RETURNING phone, profile_id, note, added_at),
        kept AS (
          INSERT INTO stop_list_cleared (token, phone, profile_id, note, added_at, cleared_at)
          SELECT $4, phone, profile_id, note, added_at, $5 FROM gone
          ON CONFLICT (token, phone, profile_id) DO UPDATE
            SET note = excluded.note, added_at = excluded.added_at,
              cleared_at = excluded.cleared_at
          RETURNING 1)
        SELECT count(*) AS n FROM kept`,
        [prefixOf(query), profileId, limit, token, now],
      )
      const cleared = Number(r.rows[0]?.n ?? 0)
      return changed(c, cleared)
    })
  }

  async undoChunk(token: string, limit: number): Promise<{ moved: number; restored: number }> {
    return this.db.transaction(async (c) => {
      const r = await c.query<{ moved: string; restored: string }>(
        `WITH moved AS (
          DELETE FROM stop_list_cleared WHERE (token, phone, profile_id) IN (
            SELECT token, phone, profile_id FROM stop_list_cleared WHERE token = $1 LIMIT $2)
          RETURNING phone, profile_id, note, added_at),
        restored AS (
          -- A number added again since keeps its newer entry.
          INSERT INTO stop_list (phone, profile_id, note, added_at)
          SELECT phone, profile_id, note, added_at FROM moved
          ON CONFLICT (phone, profile_id) DO NOTHING
          RETURNING 1)
        SELECT (SELECT count(*) FROM moved) AS moved, (SELECT count(*) FROM restored) AS restored`,
        [token, limit],
      )
      const moved = Number(r.rows[0]?.moved ?? 0)
      const restored = Number(r.rows[0]?.restored ?? 0)
      return { moved, restored: await changed(c, restored) }
    })
  }

  async reply(): Promise<string | null> {
    return this.meta('optout.reply')
  }

  async setReply(text: string | null): Promise<void> {
    await this.setMeta('optout.reply', text)
  }

  async perProfileOptOut(): Promise<boolean> {
    return (await this.meta('optout.scope')) === 'profile'
  }

  async setPerProfileOptOut(perProfile: boolean): Promise<void> {
    await this.setMeta('optout.scope', perProfile ? 'profile' : null)
  }

  async chunk(
    after: { phone: string; profileId: string } | null,
    limit: number,
    profileId: string | null,
  ): Promise<StopListEntry[]> {
    const r = await this.db.pool.query<Row>(
      `SELECT phone, profile_id, note, added_at FROM stop_list
      WHERE (phone, profile_id) > ($1::text COLLATE "C", $2::text COLLATE "C")
        AND ($3::text IS NULL OR profile_id = $3)
      ORDER BY phone, profile_id LIMIT $4`,
      [after?.phone ?? '', after?.profileId ?? '', profileId, limit],
    )
    return r.rows.map(entryOf)
  }

  async page(
    query: string | null,
    offset: number,
    limit: number,
    profileId: string | null,
  ): Promise<{ total: number; items: StopListEntry[] }> {
    const q = prefixOf(query)
    const [count, rows] = await Promise.all([
      this.db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM stop_list WHERE ${MATCHING}`, [
        q,
        profileId,
      ]),
      this.db.pool.query<Row>(
        `SELECT phone, profile_id, note, added_at FROM stop_list WHERE ${MATCHING}
        ORDER BY added_at DESC, phone, profile_id LIMIT $3 OFFSET $4`,
        [q, profileId, limit, offset],
      ),
    ])
    return { total: Number(count.rows[0]?.n ?? 0), items: rows.rows.map(entryOf) }
  }

  private async meta(key: string): Promise<string | null> {
    const r = await this.db.pool.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [
      key,
    ])
    return r.rows[0]?.value ?? null
  }

  private async setMeta(key: string, value: string | null): Promise<void> {
    if (value === null) await this.db.pool.query('DELETE FROM meta WHERE key = $1', [key])
    else {
      await this.db.pool.query(
        `INSERT INTO meta (key, value) VALUES ($1, $2)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [key, value],
      )
    }
  }
}
