/** Live connection state per provider profile: sessions.list, then session.state pushes. */
import { create } from 'zustand'
import type { SessionState } from '../../shared/contract'
import { call, onEvent } from '../api/client'

interface SessionsState {
  byProfile: Record<string, SessionState>
  load(): Promise<void>
  apply(state: SessionState): void
}

export const useSessions = create<SessionsState>((set) => ({
  byProfile: {},
  async load() {
    try {
      const list = await call('sessions.list', {})
      set({ byProfile: Object.fromEntries(list.map((s) => [s.profileId, s])) })
    } catch {
      // The connection banner already says why; the next reconnect reloads.
    }
  },
  apply(state) {
    set((s) => ({ byProfile: { ...s.byProfile, [state.profileId]: state } }))
  },
}))

onEvent('session.state', (state) => useSessions.getState().apply(state))
