/**
 * "Test connection": asks a profile's provider something harmless and says what it found, in
 * the operator's words. HTTP providers with a balance: the balance; others: a status request
 * for a message that does not exist (an answer proves the login); SMPP: whether it binds.
 */
import { randomInt } from 'node:crypto'
import type { ConnectionTest } from '../../../shared/calls/providers'
import type { SessionState } from '../../../shared/contract'
import type { PhraseRef } from '../../../shared/domain'
import { englishOf, phrase } from '../../../shared/phrases'
import { maskSecrets } from '../mask'
import { errorText, phraseOfError, scrubPhrase } from '../providers/error-phrase'
import type { ProviderConnection } from '../providers/types'

export interface ConnectionTestInput {
  /** The live connection (after a restart, for SMPP sessions that were not bound). */
  connection: () => ProviderConnection | null
  kind: string
  /** Restart the profile so a session that gave up tries to bind now. */
  restart: () => Promise<void>
  /** What to blank out of any text shown (the profile's secret). */
  secret: string | null
  /** How long an SMPP bind may take before we say it did not answer. */
  bindWaitMs?: number
}

export async function testConnection(input: ConnectionTestInput): Promise<ConnectionTest> {
  const scrub = (text: string) => maskSecrets(text, [input.secret], '•••')
  try {
    const result =
      input.kind === 'smpp' ? await testSmpp(input) : await testHttp(input.connection())
    return {
      ...result,
      summary: scrub(result.summary),
      ...(result.phrase ? { phrase: scrubPhrase(result.phrase, scrub) } : {}),
    }
  } catch (err) {
    const said = phraseOfError(err)
    return {
      ok: false,
      summary: scrub(errorText(err)),
      ...(said ? { phrase: scrubPhrase(said, scrub) } : {}),
    }
  }
}

/** A result worded by the phrase table: the English summary and the phrase it came from. */
function found(ok: boolean, said: PhraseRef, balance?: ConnectionTest['balance']): ConnectionTest {
  return { ok, summary: englishOf(said), phrase: said, ...(balance ? { balance } : {}) }
}

async function testHttp(c: ProviderConnection | null): Promise<ConnectionTest> {
  if (!c) return found(false, phrase('test.notRunning'))
  const host = c.state().host ?? ''
  if (c.capabilities.balance && c.balance) {
    const balance = await c.balance()
    const amount = `${balance.amount.toFixed(2)}${balance.currency ? ` ${balance.currency}` : ''}`
    const after = c.state()
    return found(
      true,
      after.status === 'paused'
        ? phrase('test.balancePaused', { host, amount, detail: after.detail ?? '' })
        : phrase('test.balance', { host, amount }),
      balance,
    )
  }
  if (!c.pollStatus) return found(true, stateSummary(c.state()))
  // A made-up id (a fresh one each time: smsgate refuses the same request twice a minute); the
  // provider answers "unknown message" when the login is right (GETSMS's "request not found"
  // comes back from its pollStatus as such an answer).
  const probe = String(randomInt(100_000_000, 999_999_999))
  await c.pollStatus([
    {
      messageId: 0,
      idempotencyKey: `connection-test-${probe}`,
      numericKey: 0,
      providerIds: [`${probe}:1`],
      phone: '',
    },
  ])
  const after = c.state()
  if (after.status === 'paused') {
    return found(false, phrase('test.refused', { host, detail: after.detail ?? '' }))
  }
  return found(true, phrase('test.loginWorks', { host }))
}

async function testSmpp(input: ConnectionTestInput): Promise<ConnectionTest> {
  let c = input.connection()
  if (c?.state().status === 'bound') return bound(c.state())
  // Not bound now: start over so the answer is about the current settings, not an old back-off.
  await input.restart()
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

function stateSummary(s: SessionState): PhraseRef {
  return phrase('test.state', { status: s.status, host: s.host ?? '', detail: s.detail ?? '' })
}
