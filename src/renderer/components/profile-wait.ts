import type { SessionState } from '../../shared/contract'

/** Why a profile's messages wait, from its connection's state; null when nothing holds them. */
export type Wait =
  | { kind: 'connecting' }
  | { kind: 'unreachable'; retryAt: number | null }
  | { kind: 'paused' }
  | { kind: 'stopped' }

export function waitOf(state: SessionState | undefined): Wait | null {
  if (!state) return null
  switch (state.status) {
    case 'bound':
    case 'ready':
      return null
    case 'paused':
      return { kind: 'paused' }
    case 'stopped':
      return { kind: 'stopped' }
    case 'connecting':
      // A first attempt is not yet a failure; a retry after one is.
      return state.detail ? { kind: 'unreachable', retryAt: state.retryAt } : { kind: 'connecting' }
    default:
      return { kind: 'unreachable', retryAt: state.retryAt }
  }
}
