/** The inbox view: the numbers messages came to, the chosen number's messages, live arrivals. */
import { create } from 'zustand'
import type { InboxItem, InboxNumber } from '../../shared/calls/inbox'
import { call, errorText, onEvent, transport } from '../api/client'

const PAGE = 50

interface InboxView {
  /** The number messages were sent to, or null for all of them. */
  to: string | null
  unreadOnly: boolean
  messages: InboxItem[]
  more: boolean
  loading: boolean
  loaded: boolean
  error: string | null
  numbers: InboxNumber[]
  setFilter(filter: { to?: string | null; unreadOnly?: boolean }): void
  load(): Promise<void>
  loadMore(): Promise<void>
  loadNumbers(): Promise<void>
  markRead(ids: number[]): Promise<void>
  markAllRead(): Promise<void>
  /** Follows arrivals (and reconnections) while the screen is open; returns the unsubscribe. */
  watch(): () => void
}

let loadSeq = 0

export const useInbox = create<InboxView>((set, get) => ({
  to: null,
  unreadOnly: false,
  messages: [],
  more: false,
  loading: false,
  loaded: false,
  error: null,
  numbers: [],
  setFilter(filter) {
    set(filter)
    void get().load()
  },
  async load() {
    const seq = ++loadSeq
    const { to, unreadOnly } = get()
    set({ loading: true })
    try {
      const page = await call('inbox.list', { to: to ?? undefined, unreadOnly, limit: PAGE })
      if (seq === loadSeq)
        set({ messages: page.messages, more: page.more, error: null, loaded: true })
    } catch (err) {
      if (seq === loadSeq) set({ error: errorText(err) })
    } finally {
      if (seq === loadSeq) set({ loading: false })
    }
    void get().loadNumbers()
  },
  async loadMore() {
    const { to, unreadOnly, messages } = get()
    const last = messages[messages.length - 1]
    if (!last) return
    const seq = loadSeq
    set({ loading: true })
    try {
      const page = await call('inbox.list', {
        to: to ?? undefined,
        unreadOnly,
        beforeId: last.id,
        limit: PAGE,
      })
      if (seq === loadSeq) set({ messages: [...get().messages, ...page.messages], more: page.more })
    } catch (err) {
      if (seq === loadSeq) set({ error: errorText(err) })
    } finally {
      if (seq === loadSeq) set({ loading: false })
    }
  },
  async loadNumbers() {
    try {
      set({ numbers: await call('inbox.numbers', {}) })
    } catch {
      // The list of numbers is a convenience; the messages carry the error, if any.
    }
  },
  async markRead(ids) {
    const unread = ids.filter((id) => get().messages.some((m) => m.id === id && !m.read))
    if (unread.length === 0) return
    await call('inbox.markRead', { ids: unread })
    set({
      messages: get().messages.map((m) => (unread.includes(m.id) ? { ...m, read: true } : m)),
    })
    void get().loadNumbers()
  },
  async markAllRead() {
    const { to } = get()
    await call('inbox.markRead', to ? { to } : { all: true })
    set({ messages: get().messages.map((m) => (m.read ? m : { ...m, read: true })) })
    void get().loadNumbers()
  },
  watch() {
    const offReceived = onEvent('inbox.received', (m) => {
      const { to, messages, numbers } = get()
      const entry = numbers.find((n) => n.to === m.to)
      const counted: InboxNumber = entry
        ? { ...entry, total: entry.total + 1, unread: entry.unread + 1, lastAt: m.receivedAt }
        : { to: m.to, total: 1, unread: 1, lastAt: m.receivedAt }
      set({ numbers: [counted, ...numbers.filter((n) => n.to !== m.to)] })
      if ((to === null || to === m.to) && !messages.some((x) => x.id === m.id)) {
        set({ messages: [{ ...m, read: false }, ...messages] })
      }
    })
    // Arrivals pushed while the connection was down were missed: read the list again.
    const offStatus = transport.onStatus((status) => {
      if (status === 'open') void get().load()
    })
    return () => {
      offReceived()
      offStatus()
    }
  },
}))
