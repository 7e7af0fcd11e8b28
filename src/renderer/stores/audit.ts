/**
 * A team server's audit trail as the Team screen reads it: the entries the filters find,
 * newest first, a page at a time ("More" reads the page after the last one shown). A new search
 * starts from the top; an answer to an older search that comes late is dropped.
 */
import { create } from 'zustand'
import type { AuditEntry, AuditFilter } from '../../shared/calls/team'
import { call, errorText } from '../api/client'

/** Entries one page reads. */
export const AUDIT_PAGE = 100

interface AuditState {
  /** The filters of the entries shown (and of an export). */
  filter: AuditFilter
  entries: AuditEntry[]
  more: boolean
  loading: boolean
  loaded: boolean
  error: string | null
  search(filter: AuditFilter): Promise<void>
  /** The next page under the entries shown. */
  loadMore(): Promise<void>
}

let seq = 0

export const useAudit = create<AuditState>((set, get) => ({
  filter: {},
  entries: [],
  more: false,
  loading: false,
  loaded: false,
  error: null,

  async search(filter) {
    const mine = ++seq
    set({ filter, loading: true, error: null })
    try {
      const page = await call('audit.search', { ...filter, limit: AUDIT_PAGE })
      if (mine === seq) set({ entries: page.entries, more: page.more, loaded: true })
    } catch (err) {
      if (mine === seq) set({ error: errorText(err), entries: [], more: false })
    } finally {
      if (mine === seq) set({ loading: false })
    }
  },

  async loadMore() {
    const { filter, entries } = get()
    const last = entries.at(-1)
    if (!last) return
    const mine = ++seq
    set({ loading: true, error: null })
    try {
      const page = await call('audit.search', { ...filter, before: last.id, limit: AUDIT_PAGE })
      if (mine === seq) set({ entries: [...get().entries, ...page.entries], more: page.more })
    } catch (err) {
      if (mine === seq) set({ error: errorText(err) })
    } finally {
      if (mine === seq) set({ loading: false })
    }
  },
}))
