/**
 * Contacts, their groups and saved filters on PostgreSQL: the same behaviour as SQLite's (the
 * same store tests run against both). Fields and tags are JSONB; a file's rows are merged a
 * chunk per statement; group and filter names take turns on an advisory lock, so a name is
 * never given twice by two servers saving at once.
 */
import type {
  Contact,
  ContactFilter,
  ContactGroup,
  SavedFilter,
} from '../../../../shared/calls/contacts'
import { foldText } from '../../../../shared/fold'
import {
  changedContact,
  keptFilter,
  type ContactChange,
  type ContactRow,
  type GroupRefusal,
} from '../../contacts/store'
import type { ContactsStore } from '../stores'
import type { PgDatabase } from './database'

/** The advisory lock group saves take turns on ('grps'). */
const GROUP_LOCK = 0x67727073

interface Row {
  phone: string
  name: string
  notes: string
  fields: Record<string, string>
  tags: string[]
  groups: number[]
  updated_at: string
}

const toContact = (r: Row): Contact => ({
  phone: r.phone,
  name: r.name,
  notes: r.notes,
  fields: r.fields,
  tags: r.tags,
  groups: [...r.groups].sort((a, b) => a - b),
  updatedAt: Number(r.updated_at),
})

const SELECT = `SELECT c.phone, c.name, c.notes, c.fields, c.tags, c.updated_at,
  (SELECT coalesce(json_agg(m.group_id), '[]') FROM contact_group_members m
    WHERE m.phone = c.phone) AS groups
  FROM contacts c`

/** A filter's conditions over `c`, its parameters numbered from `$1`. */
function where(f: ContactFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = []
  const params: unknown[] = []
  const param = (v: unknown) => {
    params.push(v)
    return `$${params.length}`
  }
  const query = f.query?.trim() ?? ''
  if (query !== '') {
    const digits = query.replace(/\D/g, '')
    const q = param(foldText(query))
    const byPhone = /^[+\d\s().-]+$/.test(query) && digits !== ''
    clauses.push(
      `(position(${q} in c.name_folded) > 0 OR position(${q} in lower(c.tags::text)) > 0` +
        `${byPhone ? ` OR position(${param(digits)} in c.phone) > 0` : ''})`,
    )
  }
  if (f.groupId !== undefined) {
    clauses.push(`EXISTS (SELECT 1 FROM contact_group_members m
      WHERE m.group_id = ${param(f.groupId)} AND m.phone = c.phone)`)
  }
  if (f.tag !== undefined && f.tag !== '') clauses.push(`c.tags ? ${param(f.tag)}`)
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params }
}

export class PgContacts implements ContactsStore {
  constructor(
    private readonly db: PgDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  async get(phone: string): Promise<Contact | null> {
    const r = await this.db.pool.query<Row>(`${SELECT} WHERE c.phone = $1`, [phone])
    return r.rows[0] ? toContact(r.rows[0]) : null
  }

  async save(phone: string, change: ContactChange): Promise<Contact | null> {
    const saved = await this.db.transaction(async (c) => {
      const was = await c.query<Row>(`${SELECT} WHERE c.phone = $1 FOR UPDATE OF c`, [phone])
      const before = was.rows[0] ? toContact(was.rows[0]) : null
      const { fields, tags, empty } = changedContact(before, change)
      if (empty) {
        await c.query('DELETE FROM contacts WHERE phone = $1', [phone])
        await c.query('DELETE FROM contact_group_members WHERE phone = $1', [phone])
        return false
      }
      await c.query(
        `INSERT INTO contacts (phone, name, name_folded, notes, fields, tags, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (phone) DO UPDATE SET name = excluded.name,
          name_folded = excluded.name_folded, notes = excluded.notes, fields = excluded.fields,
          tags = excluded.tags, updated_at = excluded.updated_at`,
        [
          phone,
          change.name,
          foldText(change.name),
          change.notes,
          JSON.stringify(fields),
          JSON.stringify(tags),
          this.now(),
        ],
      )
      if (change.groups) {
        await c.query('DELETE FROM contact_group_members WHERE phone = $1', [phone])
        await c.query(
          `INSERT INTO contact_group_members (group_id, phone)
          SELECT g.id, $2 FROM contact_groups g WHERE g.id = ANY($1::int[])
          ON CONFLICT DO NOTHING`,
          [change.groups, phone],
        )
      }
      return true
    })
    return saved ? this.get(phone) : null
  }

  async remove(phones: readonly string[]): Promise<number> {
    return this.db.transaction(async (c) => {
      const r = await c.query('DELETE FROM contacts WHERE phone = ANY($1::text[])', [phones])
      await c.query('DELETE FROM contact_group_members WHERE phone = ANY($1::text[])', [phones])
      return r.rowCount ?? 0
    })
  }

  async page(
    filter: ContactFilter,
    offset: number,
    limit: number,
  ): Promise<{ total: number; items: Contact[] }> {
    const w = where(filter)
    const n = w.params.length
    const [count, rows] = await Promise.all([
      this.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM contacts c ${w.sql}`,
        w.params,
      ),
      this.db.pool.query<Row>(
        `${SELECT} ${w.sql} ORDER BY c.name_folded, c.phone LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...w.params, limit, offset],
      ),
    ])
    return { total: count.rows[0]?.n ?? 0, items: rows.rows.map(toContact) }
  }

  async chunk(filter: ContactFilter, after: string, limit: number): Promise<Contact[]> {
    const w = where(filter)
    const n = w.params.length
    const r = await this.db.pool.query<Row>(
      `${SELECT} ${w.sql ? `${w.sql} AND` : 'WHERE'} c.phone > $${n + 1}
      ORDER BY c.phone LIMIT $${n + 2}`,
      [...w.params, after, limit],
    )
    return r.rows.map(toContact)
  }

  async fieldNames(filter: ContactFilter): Promise<string[]> {
    const w = where(filter)
    const r = await this.db.pool.query<{ key: string }>(
      `SELECT DISTINCT k COLLATE "C" AS key FROM contacts c, jsonb_object_keys(c.fields) k
      ${w.sql} ORDER BY 1 LIMIT 200`,
      w.params,
    )
    return r.rows.map((x) => x.key)
  }

  async tags(): Promise<string[]> {
    const r = await this.db.pool.query<{ tag: string }>(
      `SELECT DISTINCT t COLLATE "C" AS tag FROM contacts c, jsonb_array_elements_text(c.tags) t
      ORDER BY 1 LIMIT 500`,
    )
    return r.rows.map((x) => x.tag)
  }

  async names(phones: readonly string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {}
    if (phones.length === 0) return out
    const r = await this.db.pool.query<{ phone: string; name: string }>(
      `SELECT phone, name FROM contacts WHERE phone = ANY($1::text[]) AND name <> ''`,
      [phones],
    )
    for (const x of r.rows) out[x.phone] = x.name
    return out
  }

  /**
   * A file's rows merged in one transaction: a statement per round of distinct numbers (a
   * number written twice in the file is merged twice, in order, as SQLite's row by row does).
   */
  async merge(
    rows: readonly ContactRow[],
    groupId: number | null,
    tag: string | null,
  ): Promise<{ added: number; updated: number }> {
    const rounds: ContactRow[][] = []
    const seen = new Map<string, number>()
    for (const r of rows) {
      const round = seen.get(r.phone) ?? 0
      seen.set(r.phone, round + 1)
      ;(rounds[round] ??= []).push(r)
    }
    return this.db.transaction(async (c) => {
      let added = 0
      const now = this.now()
      for (const round of rounds) {
        const r = await c.query<{ added: number }>(
          `WITH up AS (
            INSERT INTO contacts (phone, name, name_folded, notes, fields, tags, updated_at)
            SELECT i.phone, i.name, i.folded, '', i.fields,
              CASE WHEN $5::text IS NULL THEN '[]'::jsonb ELSE jsonb_build_array($5::text) END, $6
            FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])
              AS i(phone, name, folded, fields)
            ON CONFLICT (phone) DO UPDATE SET
              name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE contacts.name END,
              name_folded = CASE WHEN excluded.name <> '' THEN excluded.name_folded
                ELSE contacts.name_folded END,
              fields = contacts.fields || excluded.fields,
              tags = CASE WHEN $5::text IS NULL OR contacts.tags ? $5::text THEN contacts.tags
                ELSE contacts.tags || jsonb_build_array($5::text) END,
              updated_at = excluded.updated_at
            RETURNING (xmax = 0) AS inserted)
          SELECT count(*) FILTER (WHERE inserted)::int AS added FROM up`,
          [
            round.map((x) => x.phone),
            round.map((x) => x.name),
            round.map((x) => foldText(x.name)),
            round.map((x) => JSON.stringify(x.fields)),
            tag,
            now,
          ],
        )
        added += r.rows[0]?.added ?? 0
        if (groupId !== null) {
          await c.query(
            `INSERT INTO contact_group_members (group_id, phone)
            SELECT $1, p FROM unnest($2::text[]) AS p ON CONFLICT DO NOTHING`,
            [groupId, round.map((x) => x.phone)],
          )
        }
      }
      return { added, updated: rows.length - added }
    })
  }

  async groups(): Promise<ContactGroup[]> {
    const r = await this.db.pool.query<ContactGroup>(
      `SELECT g.id, g.name,
        (SELECT count(*)::int FROM contact_group_members m WHERE m.group_id = g.id) AS size
      FROM contact_groups g ORDER BY g.name_folded`,
    )
    return r.rows
  }

  async saveGroup(input: { id?: number; name: string }): Promise<ContactGroup | GroupRefusal> {
    const name = input.name.trim()
    const folded = foldText(name)
    const id = await this.db.transaction(async (c): Promise<number | GroupRefusal> => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [GROUP_LOCK])
      const same = await c.query<{ id: number }>(
        'SELECT id FROM contact_groups WHERE name_folded = $1',
        [folded],
      )
      const other = same.rows[0]
      if (other && other.id !== input.id) return { refused: 'nameTaken', name: input.name }
      if (input.id === undefined) {
        const r = await c.query<{ id: number }>(
          `INSERT INTO contact_groups (name, name_folded, created_at) VALUES ($1, $2, $3)
          RETURNING id`,
          [name, folded, this.now()],
        )
        return r.rows[0]?.id as number
      }
      const r = await c.query(
        'UPDATE contact_groups SET name = $1, name_folded = $2 WHERE id = $3',
        [name, folded, input.id],
      )
      return r.rowCount ? input.id : { refused: 'notFound', id: input.id }
    })
    if (typeof id !== 'number') return id
    return (await this.groups()).find((g) => g.id === id) as ContactGroup
  }

  async deleteGroup(id: number): Promise<boolean> {
    const r = await this.db.pool.query('DELETE FROM contact_groups WHERE id = $1', [id])
    return (r.rowCount ?? 0) > 0
  }

  async hasGroup(id: number): Promise<boolean> {
    const r = await this.db.pool.query('SELECT 1 FROM contact_groups WHERE id = $1', [id])
    return (r.rowCount ?? 0) > 0
  }

  async filters(): Promise<SavedFilter[]> {
    const r = await this.db.pool.query<SavedFilter>(
      'SELECT id, name, filter FROM contact_filters ORDER BY name_folded',
    )
    return r.rows
  }

  async saveFilter(name: string, filter: ContactFilter): Promise<SavedFilter> {
    const kept = keptFilter(filter)
    const r = await this.db.pool.query<{ id: number }>(
      `INSERT INTO contact_filters (name, name_folded, filter, created_at)
      VALUES ($1, $2, $3, $4)
      ON CONFLICT (name_folded) DO UPDATE SET name = excluded.name, filter = excluded.filter
      RETURNING id`,
      [name, foldText(name), JSON.stringify(kept), this.now()],
    )
    return { id: r.rows[0]?.id as number, name, filter: kept }
  }

  async deleteFilter(id: number): Promise<boolean> {
    const r = await this.db.pool.query('DELETE FROM contact_filters WHERE id = $1', [id])
    return (r.rowCount ?? 0) > 0
  }
}
