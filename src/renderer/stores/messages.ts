/** Recent outbox messages, newest first: messages.recent, then message.updated pushes. */
import { create } from 'zustand'
import type { MessageState, OutboxMessage } from '../../shared/contract'
import { isHlrLookup } from '../../shared/constants'
import { call, errorText, onEvent } from '../api/client'

/** The recent list is capped until the history screen pages through SQL. */
export const RECENT_LIMIT = 200

// Breaks ties between two updates stamped the same millisecond: the later state wins.
const RANK: Record<MessageState, number> = {
  queued: 0,
  scheduled: 0,
  sending: 1,
  accepted: 2,
  uncertain: 2,
  delivered: 3,
  failed: 3,
  expired: 3,
  cancelled: 3,
}

/** Whether `next` is at least as new as `current` (an event and a reply can cross). */
export function isNewer(next: OutboxMessage, current: OutboxMessage): boolean {
  if (next.updatedAt !== current.updatedAt) return next.updatedAt > current.updatedAt
  return RANK[next.state] >= RANK[current.state]
}

interface MessagesState {
  messages: OutboxMessage[]
  error: string | null
  load(): Promise<void>
  upsert(message: OutboxMessage): void
}

export const useMessages = create<MessagesState>((set) => ({
  messages: [],
  error: null,
  async load() {
    try {
      const list = await call('messages.recent', { limit: RECENT_LIMIT })
      set({ messages: [...list].sort((a, b) => b.id - a.id), error: null })
    } catch (err) {
      set({ error: errorText(err) })
    }
  },
  upsert(message) {
    set((s) => {
      const at = s.messages.findIndex((m) => m.id === message.id)
      if (at >= 0) {
        const current = s.messages[at]
        if (current && !isNewer(message, current)) return s
        const messages = s.messages.slice()
        messages[at] = message
        return { messages }
      }
      const messages = [message, ...s.messages].sort((a, b) => b.id - a.id)
      return { messages: messages.slice(0, RECENT_LIMIT) }
    })
  },
}))

// HLR lookups travel as messages, but they are HLR lookup's alone.
onEvent('message.updated', (message) => {
  if (!isHlrLookup(message)) useMessages.getState().upsert(message)
})
