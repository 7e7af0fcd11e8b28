// What a batch's waiting messages wait for, from their profile's connection state.
import { describe, expect, it } from 'vitest'
import { waitOf } from '../../../src/renderer/components/profile-wait'
import type { SessionState } from '../../../src/shared/contract'

const state = (over: Partial<SessionState>): SessionState => ({
  profileId: 'desk',
  status: 'bound',
  host: '127.0.0.1:2775',
  detail: null,
  retryAt: null,
  ...over,
})

describe('waitOf', () => {
  it('nothing holds messages of a connection that is up, or of one not known', () => {
    expect(waitOf(state({ status: 'bound' }))).toBeNull()
    expect(waitOf(state({ status: 'ready' }))).toBeNull()
    expect(waitOf(undefined)).toBeNull()
  })

  it('a connection that failed waits for its next try; a first attempt is only connecting', () => {
    expect(
      waitOf(state({ status: 'reconnecting', detail: 'nothing answers', retryAt: 1_000 })),
    ).toEqual({ kind: 'unreachable', retryAt: 1_000 })
    expect(waitOf(state({ status: 'offline', detail: 'bind refused' }))).toEqual({
      kind: 'unreachable',
      retryAt: null,
    })
    expect(waitOf(state({ status: 'connecting' }))).toEqual({ kind: 'connecting' })
    expect(waitOf(state({ status: 'connecting', detail: 'closed', retryAt: null }))).toEqual({
      kind: 'unreachable',
      retryAt: null,
    })
  })

  it('paused and stopped are said as such (the agent can resume them)', () => {
    expect(waitOf(state({ status: 'paused', detail: 'balance' }))).toEqual({ kind: 'paused' })
    expect(waitOf(state({ status: 'stopped' }))).toEqual({ kind: 'stopped' })
  })
})
