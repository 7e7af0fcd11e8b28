/**
 * The audit trail of a team server: who sent, imported, cancelled, resent, changed the stop-list,
 * a profile or a user, when and from where. Entries are only ever added — the database itself
 * refuses to change or remove one (stores/postgres/audit.ts) — and are searched newest first or
 * read oldest first in chunks for an export.
 */
import type { Role } from './roles'

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

export interface AuditRecord {
  /** When it happened (epoch ms). */
  at: number
  /** The user's name as it was then; null for the server's own doings (a scheduled send). */
  user: string | null
  role: Role | null
  /** The address the call came from; null for the server's own doings. */
  from: string | null
  /** What was done: a call's name (`messages.send`) or an event of accounts (`login.failed`). */
  action: string
  /** What it was done to: a message's id, a number, a profile, a user's name. */
  target: string | null
  /** The rest worth knowing (never a password, a token or a provider's secret). */
  details: { [key: string]: Json }
}

export interface AuditEntry extends AuditRecord {
  /** The entries' order of recording: later entries have greater ids. */
  id: number
}

export interface AuditQuery {
  /** One user, by name in any case. */
  user?: string
  /** One action; ending in a dot, every action under it (`stoplist.`). */
  action?: string
  /** Words anywhere in the user, action, target or details, in any case (ё as е). */
  text?: string
  /** At or after (epoch ms). */
  from?: number
  /** Before (epoch ms). */
  to?: number
  /** Keyset paging: entries recorded before this id (the last id of the previous page). */
  before?: number
  limit: number
}

/** Most entries one search or chunk returns. */
export const MAX_AUDIT_PAGE = 1000

export interface AuditStore {
  /** Adds one entry; its id. */
  record(entry: AuditRecord): Promise<number>
  /** Entries matching every given filter, newest first; `more` when a next page exists. */
  search(query: AuditQuery): Promise<{ entries: AuditEntry[]; more: boolean }>
  /** Entries recorded after this id, oldest first: an export reads the trail chunk by chunk. */
  chunk(afterId: number, limit: number): Promise<AuditEntry[]>
}
