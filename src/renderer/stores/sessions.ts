/** Live connection state per provider profile: sessions.list, then session.state pushes. */
import { create } from 'zustand'
import type { SessionState } from '../../shared/contract'
import { call, onEvent } from '../api/client'

interface SessionsState {
  byProfile: Record<string, SessionState>
  /** When each profile's connection took its present status, as this window first saw it. */
  since: Record<string, number>
  load(): Promise<void>
  apply(state: SessionState): void
}

/** The times of `next`'s statuses: kept where the status did not change, now where it did. */
function sinceOf(
  before: SessionsState,
  next: readonly SessionState[],
  now: number,
): Record<string, number> {
  const since = { ...before.since }
  for (const s of next) {
    const kept = before.byProfile[s.profileId]?.status === s.status ? since[s.profileId] : undefined
    since[s.profileId] = kept ?? now
  }
  return since
}

export const useSessions = create<SessionsState>((set) => ({
  byProfile: {},
  since: {},
  async load() {
    try {
      const list = await call('sessions.list', {})
      set((s) => ({
        byProfile: Object.fromEntries(list.map((x) => [x.profileId, x])),
        since: sinceOf(s, list, Date.now()),
      }))
    } catch {
      // The connection banner already says why; the next reconnect reloads.
    }
  },
  apply(state) {
    set((s) => ({
      byProfile: { ...s.byProfile, [state.profileId]: state },
      since: sinceOf(s, [state], Date.now()),
    }))
  },
}))

onEvent('session.state', (state) => useSessions.getState().apply(state))
