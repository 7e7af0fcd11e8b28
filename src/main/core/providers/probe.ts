/**
 * "Test connection" for providers asked over HTTP: something harmless, and what it proved, in
 * the operator's words. With a balance: the balance; otherwise a status request for a message
 * that does not exist (an answer proves the login).
 */
import { randomInt } from 'node:crypto'
import type { ConnectionTest } from '../../../shared/calls/providers'
import type { SessionState } from '../../../shared/contract'
import type { PhraseRef } from '../../../shared/domain'
import { englishOf, phrase } from '../../../shared/phrases'
import type { ConnectionTestInput } from './descriptor'

/** A result worded by the phrase table: the English summary and the phrase it came from. */
export function found(
  ok: boolean,
  said: PhraseRef,
  balance?: ConnectionTest['balance'],
): ConnectionTest {
  return { ok, summary: englishOf(said), phrase: said, ...(balance ? { balance } : {}) }
}

export async function probeByRequest(input: ConnectionTestInput): Promise<ConnectionTest> {
  const c = input.connection()
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
      id: 0,
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

function stateSummary(s: SessionState): PhraseRef {
  return phrase('test.state', { status: s.status, host: s.host ?? '', detail: s.detail ?? '' })
}
