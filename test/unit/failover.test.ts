import { afterEach, describe, expect, it, vi } from 'vitest'
import { createFailover, type Failover } from '../../src/main/core/dispatcher/failover'
import type { SessionState, SessionStatus } from '../../src/shared/contract'

const states = new Map<string, SessionStatus>()
const moves: [string, string][] = []
let failover: Failover

function setup(graceMs = 30_000) {
  failover = createFailover({
    graceMs,
    state: (id): SessionState | null => {
      const status = states.get(id)
      return status ? { profileId: id, status, host: null, detail: null, retryAt: null } : null
    },
    fallbackOf: (id) => (id === 'main' ? 'backup' : null),
    move: (from, to) => moves.push([from, to]),
  })
}

afterEach(() => {
  failover.stop()
  states.clear()
  moves.length = 0
  vi.useRealTimers()
})

describe('failover', () => {
  it('moves at once when the profile is paused (login, balance) or offline', () => {
    setup()
    states.set('main', 'paused')
    failover.check('main')
    states.set('main', 'offline')
    failover.check('main')
    expect(moves).toEqual([
      ['main', 'backup'],
      ['main', 'backup'],
    ])
  })

  it('waits out the grace period of a reconnect before moving anything', () => {
    vi.useFakeTimers()
    setup(30_000)
    states.set('main', 'reconnecting')
    failover.check('main')
    vi.advanceTimersByTime(29_000)
    expect(moves).toEqual([])
    vi.advanceTimersByTime(1_000)
    expect(moves).toEqual([['main', 'backup']])
  })

  it('a profile back within the grace period keeps its messages', () => {
    vi.useFakeTimers()
    setup(30_000)
    states.set('main', 'reconnecting')
    failover.check('main')
    vi.advanceTimersByTime(10_000)
    states.set('main', 'ready')
    failover.check('main')
    vi.advanceTimersByTime(60_000)
    expect(moves).toEqual([])
  })

  it('does nothing for a profile without a fallback', () => {
    setup()
    states.set('other', 'paused')
    failover.check('other')
    expect(moves).toEqual([])
  })
})
