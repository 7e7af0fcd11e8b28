/**
 * Contacts by number, with their own fields, tags and groups: nothing else writes the contacts
 * tables (the inbox reads them, to name its conversations and search them by name). A list is
 * read a page at a time (the Contacts screen) or a chunk at a time in order of number (an
 * export, a group's bulk send); a file's rows are merged in by the thousand.
 */
import type {
  Contact,
  ContactFilter,
  ContactGroup,
  SavedFilter,
} from '../../../shared/calls/contacts'
import type { Db } from '../db/database'
import { foldText } from '../../../shared/fold'

interface Row {
  phone: string
  name: string
  notes: string
  fields: string
  tags: string
  groups: string | null
  updated_at: number
}

function parsed<T>(json: string | null, fallback: T): T {
  try {
    return json ? (JSON.parse(json) as T) : fallback
  } catch {
    return fallback
  }
}

const toContact = (r: Row): Contact => ({
  phone: r.phone,
  name: r.name,
  notes: r.notes,
  fields: parsed<Record<string, string>>(r.fields, {}),
  tags: parsed<string[]>(r.tags, []),
  groups: parsed<number[]>(r.groups, []).sort((a, b) => a - b),
  updatedAt: r.updated_at,
})

/** What a contact's save may change; absent: kept as it is. */
export interface ContactChange {
  name: string
  notes: string
  fields?: Record<string, string>
  tags?: string[]
  groups?: number[]
}

/** One row of a file merged into the contacts. */
export interface ContactRow {
  phone: string
  /** '' keeps the name a contact has. */
  name: string
  /** Merged into the contact's fields (a field of the file replaces the same-named one). */
  fields: Record<string, string>
}

/**
 * A contact after a change: what the change leaves out kept from `before`; `empty` when nothing
 * would be left of it (no name, notes, field, tag or group): then it is removed.
 */
export function changedContact(before: Contact | null, change: ContactChange) {
  const fields = change.fields ?? before?.fields ?? {}
  const tags = change.tags ?? before?.tags ?? []
  const groups = change.groups ?? before?.groups ?? []
  const empty =
    change.name === '' &&
    change.notes.trim() === '' &&
    Object.keys(fields).length === 0 &&
    tags.length === 0 &&
    groups.length === 0
  return { fields, tags, empty }
}

/** A filter as it is saved: its blank parts left out. */
export function keptFilter(filter: ContactFilter): ContactFilter {
  return {
    ...(filter.query ? { query: filter.query } : {}),
    ...(filter.groupId !== undefined ? { groupId: filter.groupId } : {}),
    ...(filter.tag ? { tag: filter.tag } : {}),
  }
}

export type GroupRefusal =
  { refused: 'nameTaken'; name: string } | { refused: 'notFound'; id: number }

const SELECT = `SELECT c.phone, c.name, c.notes, c.fields, c.tags, c.updated_at,
  (SELECT json_group_array(m.group_id) FROM contact_group_members m WHERE m.phone = c.phone)
    AS groups
  FROM contacts c`

/** A filter's conditions over `c` (contacts), with their parameters. */
function where(f: ContactFilter): { sql: string; params: Record<string, string | number> } {
  const clauses: string[] = []
  const params: Record<string, string | number> = {}
  const query = f.query?.trim() ?? ''
  if (query !== '') {
    const digits = query.replace(/\D/g, '')
    params.q = foldText(query)
    const byPhone = /^[+\d\s().-]+$/.test(query) && digits !== ''
    if (byPhone) params.digits = digits
    clauses.push(
      `(instr(c.name_folded, @q) > 0 OR instr(lower(c.tags), @q) > 0${byPhone ? ' OR instr(c.phone, @digits) > 0' : ''})`,
    )
  }
  if (f.groupId !== undefined) {
    params.groupId = f.groupId
    clauses.push(
      'EXISTS (SELECT 1 FROM contact_group_members m WHERE m.group_id = @groupId AND m.phone = c.phone)',
    )
  }
  if (f.tag !== undefined && f.tag !== '') {
    params.tag = f.tag
    clauses.push('EXISTS (SELECT 1 FROM json_each(c.tags) t WHERE t.value = @tag)')
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params }
}

export class ContactStore {
  private readonly s

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.s = {
      get: db.prepare(`${SELECT} WHERE c.phone = ?`),
      save: db.prepare(`INSERT INTO contacts (phone, name, name_folded, notes, fields, tags,
          updated_at)
        VALUES (@phone, @name, @folded, @notes, @fields, @tags, @now)
        ON CONFLICT(phone) DO UPDATE SET name = excluded.name,
          name_folded = excluded.name_folded, notes = excluded.notes,
          fields = excluded.fields, tags = excluded.tags, updated_at = excluded.updated_at`),
      remove: db.prepare('DELETE FROM contacts WHERE phone = ?'),
      leaveAll: db.prepare('DELETE FROM contact_group_members WHERE phone = ?'),
      join: db.prepare(
        'INSERT OR IGNORE INTO contact_group_members (group_id, phone) VALUES (?, ?)',
      ),
      merge: db.prepare(`INSERT INTO contacts (phone, name, name_folded, notes, fields, tags,
          updated_at)
        VALUES (@phone, @name, @folded, '', @fields, @tags, @now)
        ON CONFLICT(phone) DO UPDATE SET
          name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE contacts.name END,
          name_folded = CASE WHEN excluded.name <> '' THEN excluded.name_folded
            ELSE contacts.name_folded END,
          fields = json_patch(contacts.fields, excluded.fields),
          tags = CASE WHEN @tag IS NULL OR EXISTS (SELECT 1 FROM json_each(contacts.tags) t
              WHERE t.value = @tag) THEN contacts.tags
            ELSE json_insert(contacts.tags, '$[#]', @tag) END,
          updated_at = excluded.updated_at`),
      exists: db.prepare('SELECT 1 FROM contacts WHERE phone = ?'),
      groups: db.prepare(`SELECT g.id, g.name,
          (SELECT count(*) FROM contact_group_members m WHERE m.group_id = g.id) AS size
        FROM contact_groups g ORDER BY g.name_folded`),
      groupById: db.prepare('SELECT id FROM contact_groups WHERE id = ?'),
      groupByName: db.prepare('SELECT id FROM contact_groups WHERE name_folded = ?'),
      addGroup: db.prepare(
        'INSERT INTO contact_groups (name, name_folded, created_at) VALUES (?, ?, ?) RETURNING id',
      ),
      renameGroup: db.prepare('UPDATE contact_groups SET name = ?, name_folded = ? WHERE id = ?'),
      dropMembers: db.prepare('DELETE FROM contact_group_members WHERE group_id = ?'),
      dropGroup: db.prepare('DELETE FROM contact_groups WHERE id = ?'),
      tags: db.prepare(`SELECT DISTINCT t.value AS tag FROM contacts c, json_each(c.tags) t
        ORDER BY 1 LIMIT 500`),
      filters: db.prepare('SELECT id, name, filter FROM contact_filters ORDER BY name_folded'),
      saveFilter: db.prepare(`INSERT INTO contact_filters (name, name_folded, filter, created_at)
        VALUES (@name, @folded, @filter, @now)
        ON CONFLICT(name_folded) DO UPDATE SET name = excluded.name, filter = excluded.filter
        RETURNING id`),
      dropFilter: db.prepare('DELETE FROM contact_filters WHERE id = ?'),
      names: db.prepare(`SELECT c.phone, c.name FROM json_each(?) j
        JOIN contacts c ON c.phone = j.value WHERE c.name <> ''`),
    }
  }

  get(phone: string): Contact | null {
    const row = this.s.get.get(phone) as Row | undefined
    return row ? toContact(row) : null
  }

  /**
   * Saves a number's contact; what the change leaves out is kept. A contact left with no name,
   * notes, fields, tags or group is removed (null).
   */
  save(phone: string, change: ContactChange): Contact | null {
    return this.db.transaction(() => {
      const { fields, tags, empty } = changedContact(this.get(phone), change)
      if (empty) {
        this.s.remove.run(phone)
        this.s.leaveAll.run(phone)
        return null
      }
      this.s.save.run({
        phone,
        name: change.name,
        folded: foldText(change.name),
        notes: change.notes,
        fields: JSON.stringify(fields),
        tags: JSON.stringify(tags),
        now: this.now(),
      })
      if (change.groups) {
        this.s.leaveAll.run(phone)
        for (const g of change.groups) if (this.s.groupById.get(g)) this.s.join.run(g, phone)
      }
      return this.get(phone)
    })()
  }

  /** Removes contacts (they leave every group); how many there were. */
  remove(phones: readonly string[]): number {
    return this.db.transaction(() => {
      let n = 0
      for (const p of phones) {
        n += this.s.remove.run(p).changes
        this.s.leaveAll.run(p)
      }
      return n
    })()
  }

  /** A page of the contacts a filter finds, by name then number, and how many it finds. */
  page(filter: ContactFilter, offset: number, limit: number): { total: number; items: Contact[] } {
    const w = where(filter)
    const total = (
      this.db.prepare(`SELECT count(*) AS n FROM contacts c ${w.sql}`).get(w.params) as {
        n: number
      }
    ).n
    const rows = this.db
      .prepare(`${SELECT} ${w.sql} ORDER BY c.name_folded, c.phone LIMIT @limit OFFSET @offset`)
      .all({ ...w.params, limit, offset }) as Row[]
    return { total, items: rows.map(toContact) }
  }

  /** The contacts a filter finds after number `after`, in order of number (exports, sends). */
  chunk(filter: ContactFilter, after: string, limit: number): Contact[] {
    const w = where(filter)
    const sql = `${SELECT} ${w.sql ? `${w.sql} AND` : 'WHERE'} c.phone > @after
      ORDER BY c.phone LIMIT @limit`
    return (this.db.prepare(sql).all({ ...w.params, after, limit }) as Row[]).map(toContact)
  }

  /** The names of the fields the contacts a filter finds have, in order of name. */
  fieldNames(filter: ContactFilter): string[] {
    const w = where(filter)
    const rows = this.db
      .prepare(
        `SELECT DISTINCT f.key AS key FROM contacts c, json_each(c.fields) f ${w.sql}
         ORDER BY 1 LIMIT 200`,
      )
      .all(w.params) as { key: string }[]
    return rows.map((r) => r.key)
  }

  /** The names of those of these numbers that are contacts with one, in one statement. */
  names(phones: readonly string[]): Record<string, string> {
    const out: Record<string, string> = {}
    if (phones.length === 0) return out
    for (const r of this.s.names.all(JSON.stringify(phones)) as { phone: string; name: string }[])
      out[r.phone] = r.name
    return out
  }

  /** The filters saved by name, in order of name. */
  filters(): SavedFilter[] {
    const rows = this.s.filters.all() as { id: number; name: string; filter: string }[]
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      filter: JSON.parse(r.filter) as ContactFilter,
    }))
  }

  /** Saves a filter under a name (the same name again: that one, changed). */
  saveFilter(name: string, filter: ContactFilter): SavedFilter {
    const kept = keptFilter(filter)
    const id = this.s.saveFilter.pluck().get({
      name,
      folded: foldText(name),
      filter: JSON.stringify(kept),
      now: this.now(),
    }) as number
    return { id, name, filter: kept }
  }

  deleteFilter(id: number): boolean {
    return this.s.dropFilter.run(id).changes > 0
  }

  /** Every tag in use (the first 500, in order). */
  tags(): string[] {
    return (this.s.tags.all() as { tag: string }[]).map((r) => r.tag)
  }

  /**
   * A file's rows merged into the contacts in one transaction, each joining `groupId` and
   * tagged `tag` when given: how many were new, and how many were there already.
   */
  merge(
    rows: readonly ContactRow[],
    groupId: number | null,
    tag: string | null,
  ): { added: number; updated: number } {
    return this.db.transaction(() => {
      let added = 0
      const now = this.now()
      for (const r of rows) {
        if (!this.s.exists.get(r.phone)) added++
        this.s.merge.run({
          phone: r.phone,
          name: r.name,
          folded: foldText(r.name),
          fields: JSON.stringify(r.fields),
          tags: JSON.stringify(tag === null ? [] : [tag]),
          tag,
          now,
        })
        if (groupId !== null) this.s.join.run(groupId, r.phone)
      }
      return { added, updated: rows.length - added }
    })()
  }

  groups(): ContactGroup[] {
    return this.s.groups.all() as ContactGroup[]
  }

  /** A new group (no id) or a group renamed; a name another group has is refused. */
  saveGroup(input: { id?: number; name: string }): ContactGroup | GroupRefusal {
    return this.db.transaction((): ContactGroup | GroupRefusal => {
      const folded = foldText(input.name.trim())
      const same = this.s.groupByName.get(folded) as { id: number } | undefined
      if (same && same.id !== input.id) return { refused: 'nameTaken', name: input.name }
      let id = input.id
      if (id === undefined) {
        id = (this.s.addGroup.get(input.name.trim(), folded, this.now()) as { id: number }).id
      } else if (this.s.renameGroup.run(input.name.trim(), folded, id).changes === 0) {
        return { refused: 'notFound', id }
      }
      return this.groups().find((g) => g.id === id)!
    })()
  }

  /** Removes a group; its contacts stay. */
  deleteGroup(id: number): boolean {
    return this.db.transaction(() => {
      this.s.dropMembers.run(id)
      return this.s.dropGroup.run(id).changes > 0
    })()
  }

  hasGroup(id: number): boolean {
    return this.s.groupById.get(id) !== undefined
  }
}
