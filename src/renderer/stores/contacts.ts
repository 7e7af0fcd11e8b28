/** The Contacts screen's lists: the contacts a filter finds (a page), the groups, the tags. */
import { create } from 'zustand'
import type { Contact, ContactFilter, ContactGroup, SavedFilter } from '../../shared/calls/contacts'
import { call, errorText, onEvent } from '../api/client'

export const CONTACTS_PAGE = 100

interface ContactsView {
  query: string
  groupId: number | null
  tag: string
  offset: number
  items: Contact[]
  total: number
  groups: ContactGroup[]
  tags: string[]
  /** Filters saved by name. */
  filters: SavedFilter[]
  loading: boolean
  error: string | null
  setFilter(f: { query?: string; groupId?: number | null; tag?: string }): void
  /** Shows what a saved filter finds. */
  applySaved(f: SavedFilter): void
  setOffset(offset: number): void
  load(): Promise<void>
  /** Reads again whenever contacts change anywhere; returns the unsubscribe. */
  watch(): () => void
}

/** The saved filter that finds exactly what the filter shown finds, if any. */
export function savedShown(v: Pick<ContactsView, 'query' | 'groupId' | 'tag' | 'filters'>) {
  const shown = JSON.stringify(contactFilter(v))
  return v.filters.find((f) => JSON.stringify(contactFilter(asView(f.filter))) === shown) ?? null
}

const asView = (f: ContactFilter) => ({
  query: f.query ?? '',
  groupId: f.groupId ?? null,
  tag: f.tag ?? '',
})

/** The filter as main takes it. */
export function contactFilter(v: Pick<ContactsView, 'query' | 'groupId' | 'tag'>): ContactFilter {
  return {
    ...(v.query.trim() ? { query: v.query.trim() } : {}),
    ...(v.groupId !== null ? { groupId: v.groupId } : {}),
    ...(v.tag ? { tag: v.tag } : {}),
  }
}

let loadSeq = 0

export const useContacts = create<ContactsView>((set, get) => ({
  query: '',
  groupId: null,
  tag: '',
  offset: 0,
  items: [],
  total: 0,
  groups: [],
  tags: [],
  filters: [],
  loading: false,
  error: null,
  setFilter(f) {
    set({ ...f, offset: 0 })
    void get().load()
  },
  applySaved(f) {
    get().setFilter({
      query: f.filter.query ?? '',
      groupId: f.filter.groupId ?? null,
      tag: f.filter.tag ?? '',
    })
  },
  setOffset(offset) {
    set({ offset })
    void get().load()
  },
  async load() {
    const seq = ++loadSeq
    set({ loading: true })
    try {
      const [page, groups, tags, filters] = await Promise.all([
        call('contacts.list', {
          filter: contactFilter(get()),
          offset: get().offset,
          limit: CONTACTS_PAGE,
        }),
        call('groups.list', {}),
        call('contacts.tags', {}),
        call('filters.list', {}),
      ])
      // A slower answer to an older filter must not overwrite a newer one.
      if (seq !== loadSeq) return
      const groupId = groups.some((g) => g.id === get().groupId) ? get().groupId : null
      set({ items: page.items, total: page.total, groups, tags, filters, groupId, error: null })
    } catch (err) {
      if (seq === loadSeq) set({ error: errorText(err) })
    } finally {
      if (seq === loadSeq) set({ loading: false })
    }
  },
  watch() {
    let timer: ReturnType<typeof setTimeout> | null = null
    // Many changes at once (an import) read the list once.
    const later = () => {
      if (timer) return
      timer = setTimeout(() => {
        timer = null
        void get().load()
      }, 150)
    }
    const offChanged = onEvent('contacts.changed', later)
    const offUpdated = onEvent('contact.updated', later)
    return () => {
      offChanged()
      offUpdated()
      if (timer) clearTimeout(timer)
    }
  },
}))
