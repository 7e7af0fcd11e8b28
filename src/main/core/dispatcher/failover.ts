/**
 * Failover between profiles: when a profile is paused (login, balance, whitelist) or has been
 * down longer than a grace period, its never-sent messages go to its fallback profile.
 * Moving is the outbox's job (Outbox.reroute): this only decides when.
 */
import type { SessionState } from '../../../shared/contract'

export interface FailoverOptions {
  graceMs: number
  state: (profileId: string) => SessionState | null
  fallbackOf: (profileId: string) => string | null
  move: (from: string, to: string) => void
}

export interface Failover {
  /** A profile's state changed: move now, or look again after the grace period. */
  check(profileId: string): void
  stop(): void
}

export function createFailover(o: FailoverOptions): Failover {
  const downSince = new Map<string, number>()
  const timers = new Map<string, NodeJS.Timeout>()

  const check = (id: string): void => {
    const state = o.state(id)
    const fallback = o.fallbackOf(id)
    if (!state || !fallback || fallback === id) return
    if (state.status === 'bound' || state.status === 'ready' || state.status === 'stopped') {
      downSince.delete(id)
      clearTimeout(timers.get(id))
      timers.delete(id)
      return
    }
    if (state.status === 'paused' || state.status === 'offline') return o.move(id, fallback)
    // connecting / reconnecting: a short outage should not move messages to another provider.
    const since = downSince.get(id) ?? Date.now()
    downSince.set(id, since)
    if (Date.now() - since >= o.graceMs) return o.move(id, fallback)
    if (!timers.has(id)) {
      const timer = setTimeout(
        () => {
          timers.delete(id)
          check(id)
        },
        o.graceMs - (Date.now() - since),
      )
      timer.unref()
      timers.set(id, timer)
    }
  }

  return {
    check,
    stop() {
      for (const t of timers.values()) clearTimeout(t)
      timers.clear()
    },
  }
}
