/**
 * The audit trail on PostgreSQL, one table for every server of the office. The table refuses a
 * change or removal of an entry by itself (a trigger of migration 5), so no code path, and no
 * one with the server's database login, rewrites what happened.
 */
import { foldText } from '../../../../shared/fold'
import { foldUserName } from '../../team/accounts'
import {
  MAX_AUDIT_PAGE,
  type AuditEntry,
  type AuditQuery,
  type AuditRecord,
  type AuditStore,
  type Json,
} from '../../team/audit'
import { isRole } from '../../team/roles'
import type { PgDatabase } from './database'

/** An entry's details beyond this (as JSON) are a mistake of the caller, not something to keep. */
const MAX_DETAILS_BYTES = 64 * 1024

interface Row {
  id: number
  at: number
  user_name: string | null
  role: string | null
  from_addr: string | null
  action: string
  target: string | null
  details: { [key: string]: Json }
}

const COLUMNS = 'id, at, user_name, role, from_addr, action, target, details'

const toEntry = (r: Row): AuditEntry => ({
  id: r.id,
  at: r.at,
  user: r.user_name,
  role: isRole(r.role) ? r.role : null,
  from: r.from_addr,
  action: r.action,
  target: r.target,
  details: r.details,
})

/** The words of the details a search looks in: every key and every value, however nested. */
function detailWords(value: Json, out: string[]): void {
  if (value === null) return
  if (Array.isArray(value)) {
    for (const v of value) detailWords(v, out)
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k)
      detailWords(v, out)
    }
  } else {
    out.push(String(value))
  }
}

/** A LIKE pattern matching `s` literally (LIKE's escape is the backslash). */
const literal = (s: string): string => s.replace(/[\\%_]/g, (m) => `\\${m}`)

const pageSize = (limit: number): number =>
  Math.min(MAX_AUDIT_PAGE, Math.max(1, Math.floor(limit) || 1))

export class PgAudit implements AuditStore {
  constructor(private readonly db: PgDatabase) {}

  async record(entry: AuditRecord): Promise<number> {
    const action = entry.action.trim()
    if (!action || action.length > 100) throw new Error('an audit entry needs an action name')
    const details = JSON.stringify(entry.details)
    if (Buffer.byteLength(details) > MAX_DETAILS_BYTES) {
      throw new Error(`an audit entry's details are larger than ${MAX_DETAILS_BYTES} bytes`)
    }
    const words = [entry.user ?? '', action, entry.target ?? '']
    detailWords(entry.details, words)
    const r = await this.db.pool.query<{ id: number }>(
      `INSERT INTO audit_log (at, user_name, user_folded, role, from_addr, action, target,
        details, search_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        entry.at,
        entry.user,
        entry.user === null ? null : foldUserName(entry.user),
        entry.role,
        entry.from,
        action,
        entry.target,
        details,
        foldText(words.join('\n').normalize('NFC')),
      ],
    )
    return (r.rows[0] as { id: number }).id
  }

  async search(query: AuditQuery): Promise<{ entries: AuditEntry[]; more: boolean }> {
    const where: string[] = []
    const params: unknown[] = []
    const param = (v: unknown): string => {
      params.push(v)
      return `$${params.length}`
    }
    if (query.user !== undefined) where.push(`user_folded = ${param(foldUserName(query.user))}`)
    if (query.action !== undefined) {
      const action = query.action.trim()
      if (action.endsWith('.')) {
        // Every action under it, as a range of the index ('stoplist.' ≤ action < 'stoplist/').
        where.push(`action >= ${param(action)} AND action < ${param(`${action.slice(0, -1)}/`)}`)
      } else {
        where.push(`action = ${param(action)}`)
      }
    }
    for (const word of foldText((query.text ?? '').normalize('NFC')).split(/\s+/)) {
      if (word) where.push(`search_text LIKE ${param(`%${literal(word)}%`)}`)
    }
    if (query.from !== undefined) where.push(`at >= ${param(query.from)}`)
    if (query.to !== undefined) where.push(`at < ${param(query.to)}`)
    if (query.before !== undefined) where.push(`id < ${param(query.before)}`)
    const limit = pageSize(query.limit)
    const r = await this.db.pool.query<Row>(
      `SELECT ${COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY id DESC LIMIT ${param(limit + 1)}`,
      params,
    )
    return { entries: r.rows.slice(0, limit).map(toEntry), more: r.rows.length > limit }
  }

  async chunk(afterId: number, limit: number): Promise<AuditEntry[]> {
    const r = await this.db.pool.query<Row>(
      `SELECT ${COLUMNS} FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`,
      [afterId, pageSize(limit)],
    )
    return r.rows.map(toEntry)
  }
}
