/** "Test connection" for SMPP: whether the session binds, with the current settings. */
import type { ConnectionTest } from '../../../../shared/calls/providers'
import type { SessionState } from '../../../../shared/contract'
import { phrase, withCause } from '../../../../shared/phrases'
import type { ConnectionTestInput } from '../descriptor'
import { found } from '../probe'

export async function probeByBinding(input: ConnectionTestInput): Promise<ConnectionTest> {
  let c = input.connection()
  if (c?.state().status === 'bound') return bound(c.state())
  // Not bound now: start over so the answer is about the current settings, not an old back-off.
  if (!input.fresh) await input.restart()
  c = input.connection()
  if (!c) return found(false, phrase('test.notRunning'))
  const session = c
  const waitMs = input.bindWaitMs ?? 8000
  const settled = await new Promise<SessionState>((resolve) => {
    const done = (s: SessionState) => {
      clearTimeout(timer)
      session.off('state', onState)
      resolve(s)
    }
    const onState = (s: SessionState) => {
      if (s.status === 'bound') done(s)
      else if (s.status === 'offline' || s.status === 'paused' || s.status === 'stopped') done(s)
      // A failed attempt on the last host: the session now waits to retry.
      else if (s.status === 'reconnecting' && s.detail) done(s)
    }
    const timer = setTimeout(() => done(session.state()), waitMs)
    session.on('state', onState)
    onState(session.state())
  })
  if (settled.status === 'bound') return bound(settled)
  if (settled.status === 'connecting') {
    return found(
      false,
      phrase('test.noBindAnswer', {
        host: settled.host ?? '',
        seconds: Math.round(waitMs / 1000),
      }),
    )
  }
  if (settled.detailPhrase && settled.detail) {
    // Why, in the agent's words: nothing answers there, that port speaks HTTP, …
    const said = phrase('test.couldNotConnect', { host: settled.host ?? '', cause: settled.detail })
    return found(false, withCause(said, settled.detailPhrase))
  }
  return found(
    false,
    phrase('test.couldNotBind', {
      status: settled.status,
      host: settled.host ?? '',
      detail: settled.detail ?? '',
    }),
  )
}

function bound(s: SessionState): ConnectionTest {
  return found(true, phrase('test.bound', { host: s.host ?? '' }))
}
