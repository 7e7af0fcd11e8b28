/**
 * The inbox: conversations with the customers who wrote in (the newest first, by part of the
 * number), the open one's messages both ways, kept live, and how many replies wait unread.
 */
import { create } from 'zustand'
import type { Thread, ThreadEntry } from '../../shared/calls/inbox'
import { peerOf } from '../../shared/constants'
import type { InboundMessage, OutboxMessage } from '../../shared/contract'
import { call, errorText, onEvent, transport } from '../api/client'

const THREADS = 200
const PAGE = 100

interface InboxView {
  search: string
  threads: Thread[]
  loading: boolean
  loaded: boolean
  error: string | null
  /** The open conversation's customer, or null. */
  peer: string | null
  /** Its messages, the newest first. */
  entries: ThreadEntry[]
  more: boolean
  threadLoading: boolean
  threadError: string | null
  /** Replies waiting unread, over every conversation: the tab's and the title's count. */
  unread: number
  setSearch(search: string): void
  load(): Promise<void>
  open(peer: string | null): Promise<void>
  loadOlder(): Promise<void>
  countUnread(): Promise<void>
  /** The agent sent a message in the open conversation. */
  sent(message: OutboxMessage): void
  /** Follows arrivals and state changes for as long as the console runs. */
  watch(): () => void
}

let threadsSeq = 0
let threadSeq = 0

/** A sent message as an entry of its conversation. */
function outEntry(m: OutboxMessage): ThreadEntry {
  return {
    direction: 'out',
    id: m.id,
    profileId: m.profileId,
    sender: m.sender,
    phone: m.phone,
    text: m.text,
    at: m.createdAt,
    state: m.state,
    error: m.error,
  }
}

/** A customer's message as an entry of its conversation. */
function inEntry(m: InboundMessage, read: boolean): ThreadEntry {
  return {
    direction: 'in',
    id: m.id,
    profileId: m.profileId,
    from: m.from,
    to: m.to,
    text: m.text,
    at: m.receivedAt,
    read,
  }
}

/** A conversation after a customer's new message. */
function withArrival(thread: Thread | undefined, m: InboundMessage, read: boolean): Thread {
  return {
    peer: peerOf(m.from),
    from: m.from,
    name: thread?.name ?? null,
    unread: (thread?.unread ?? 0) + (read ? 0 : 1),
    lastAt: m.receivedAt,
    lastText: m.text,
    lastDirection: 'in',
    replyProfileId: m.profileId,
    replyFrom: m.to,
  }
}

export const useInbox = create<InboxView>((set, get) => ({
  search: '',
  threads: [],
  loading: false,
  loaded: false,
  error: null,
  peer: null,
  entries: [],
  more: false,
  threadLoading: false,
  threadError: null,
  unread: 0,

  setSearch(search) {
    set({ search })
    void get().load()
  },

  async load() {
    const seq = ++threadsSeq
    set({ loading: true })
    try {
      const search = get().search.trim()
      const threads = await call('inbox.threads', {
        ...(search ? { search } : {}),
        limit: THREADS,
      })
      if (seq === threadsSeq) set({ threads, error: null, loaded: true })
    } catch (err) {
      if (seq === threadsSeq) set({ error: errorText(err) })
    } finally {
      if (seq === threadsSeq) set({ loading: false })
    }
  },

  async open(peer) {
    const seq = ++threadSeq
    set({ peer, entries: [], more: false, threadError: null, threadLoading: peer !== null })
    if (peer === null) return
    try {
      const page = await call('inbox.thread', { peer, limit: PAGE })
      if (seq !== threadSeq) return
      set({ entries: page.entries, more: page.more })
      // Opening a conversation reads it.
      if (page.entries.some((e) => e.direction === 'in' && !e.read)) {
        await call('inbox.markRead', { peer })
        set((s) => ({
          entries: s.entries.map((e) => (e.direction === 'in' ? { ...e, read: true } : e)),
          threads: s.threads.map((x) => (x.peer === peer ? { ...x, unread: 0 } : x)),
        }))
      }
    } catch (err) {
      if (seq === threadSeq) set({ threadError: errorText(err) })
    } finally {
      if (seq === threadSeq) set({ threadLoading: false })
    }
  },

  async loadOlder() {
    const { peer, entries } = get()
    const oldest = entries.at(-1)
    if (!peer || !oldest) return
    const seq = threadSeq
    set({ threadLoading: true })
    try {
      const page = await call('inbox.thread', { peer, beforeAt: oldest.at, limit: PAGE })
      if (seq === threadSeq) set({ entries: [...get().entries, ...page.entries], more: page.more })
    } catch (err) {
      if (seq === threadSeq) set({ threadError: errorText(err) })
    } finally {
      if (seq === threadSeq) set({ threadLoading: false })
    }
  },

  async countUnread() {
    try {
      const numbers = await call('inbox.numbers', {})
      set({ unread: numbers.reduce((n, x) => n + x.unread, 0) })
    } catch {
      // The count follows at the next arrival or reconnection.
    }
  },

  sent(message) {
    const peer = peerOf(message.phone)
    set((s) => ({
      entries: s.peer === peer ? [outEntry(message), ...s.entries] : s.entries,
      threads: s.threads.map((x) =>
        x.peer === peer
          ? { ...x, lastAt: message.createdAt, lastText: message.text, lastDirection: 'out' }
          : x,
      ),
    }))
  },

  watch() {
    const offReceived = onEvent('inbox.received', (m) => {
      const peer = peerOf(m.from)
      const { threads, entries } = get()
      const open = get().peer === peer
      // A message into the conversation on screen is read as it arrives.
      const read = open && document.visibilityState === 'visible'
      const before = threads.find((x) => x.peer === peer)
      set({ threads: [withArrival(before, m, read), ...threads.filter((x) => x !== before)] })
      if (open && !entries.some((e) => e.direction === 'in' && e.id === m.id)) {
        set({ entries: [inEntry(m, read), ...get().entries] })
        if (read) void call('inbox.markRead', { ids: [m.id] }).catch(() => undefined)
      }
    })
    // The core's count after every arrival and every mark: each window shows the same.
    const offUnread = onEvent('inbox.unread', ({ count }) => set({ unread: count }))
    // A contact named or renamed (here or in another window): its conversation shows it.
    const offContact = onEvent('contact.updated', ({ phone, contact }) =>
      set((s) => ({
        threads: s.threads.map((x) =>
          x.peer === phone ? { ...x, name: contact?.name || null } : x,
        ),
      })),
    )
    const offUpdated = onEvent('message.updated', (m) => {
      if (get().peer !== peerOf(m.phone)) return
      set((s) => ({
        entries: s.entries.map((e) =>
          e.direction === 'out' && e.id === m.id ? { ...e, state: m.state, error: m.error } : e,
        ),
      }))
    })
    // A customer's verifying call is recorded as a message no one announces (it is no reply):
    // its conversation, open or listed, is read again to show its line.
    const offVerified = onEvent('verification.updated', (v) => {
      if (v.state !== 'verified') return
      void get().load()
      if (get().peer === v.phone) void get().open(v.phone)
    })
    // Arrivals pushed while the connection was down were missed: read everything again.
    const offStatus = transport.onStatus((status) => {
      if (status !== 'open') return
      void get().countUnread()
      void get().load()
      const { peer } = get()
      if (peer) void get().open(peer)
    })
    return () => {
      offReceived()
      offUnread()
      offContact()
      offUpdated()
      offVerified()
      offStatus()
    }
  },
}))
