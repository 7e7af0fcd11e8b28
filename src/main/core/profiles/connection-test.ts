/**
 * "Test connection": asks a profile's provider something harmless and says what it found, in
 * the operator's words. HTTP providers with a balance: the balance; others: a status request
 * for a message that does not exist (an answer proves the login); SMPP: whether it binds.
 */
import { randomInt } from 'node:crypto'
import type { ConnectionTest } from '../../../shared/calls/providers'
import type { SessionState } from '../../../shared/contract'
import { GetsmsApiError } from '../providers/getsms'
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
  const scrub = (text: string) =>
    input.secret && input.secret.length >= 3 ? text.split(input.secret).join('•••') : text
  try {
    const result =
      input.kind === 'smpp' ? await testSmpp(input) : await testHttp(input.connection())
    return { ...result, summary: scrub(result.summary) }
  } catch (err) {
    return { ok: false, summary: scrub(errorText(err)) }
  }
}

async function testHttp(c: ProviderConnection | null): Promise<ConnectionTest> {
  if (!c) return { ok: false, summary: NOT_RUNNING }
  const before = c.state()
  const where = before.host ? ` at ${before.host}` : ''
  const pausedNote = (s: SessionState) =>
    s.status === 'paused'
      ? ` The profile is paused (${s.detail ?? 'no reason given'}): press Resume to send again.`
      : ''
  if (c.capabilities.balance && c.balance) {
    const balance = await c.balance()
    const amount = `${balance.amount.toFixed(2)}${balance.currency ? ` ${balance.currency}` : ''}`
    return {
      ok: true,
      summary: `The provider answered${where}: balance ${amount}.${pausedNote(c.state())}`,
      balance,
    }
  }
  if (!c.pollStatus) return { ok: true, summary: stateSummary(c.state()) }
  // A made-up id (a fresh one each time: smsgate refuses the same request twice a minute); the
  // provider answers "unknown message" when the login is right.
  const probe = String(randomInt(100_000_000, 999_999_999))
  try {
    await c.pollStatus([
      {
        messageId: 0,
        idempotencyKey: `connection-test-${probe}`,
        numericKey: 0,
        providerIds: [`${probe}:1`],
        phone: '',
      },
    ])
  } catch (err) {
    // GETSMS: "request not found" (400) is an answer about the message, so the login is good.
    if (!(err instanceof GetsmsApiError && err.code === 400)) throw err
  }
  const after = c.state()
  if (after.status === 'paused') {
    return { ok: false, summary: `The provider refused${where}: ${after.detail ?? 'paused'}` }
  }
  return { ok: true, summary: `The provider answered a status request${where}: the login works.` }
}

async function testSmpp(input: ConnectionTestInput): Promise<ConnectionTest> {
  let c = input.connection()
  if (c?.state().status === 'bound') return bound(c.state())
  // Not bound now: start over so the answer is about the current settings, not an old back-off.
  await input.restart()
  c = input.connection()
  if (!c) return { ok: false, summary: NOT_RUNNING }
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
    return {
      ok: false,
      summary: `No bind answer from ${settled.host ?? 'the SMSC'} within ${Math.round(waitMs / 1000)} s.`,
    }
  }
  return { ok: false, summary: `Could not bind: ${stateSummary(settled)}` }
}

const NOT_RUNNING = 'The profile is not running: its settings could not be used (see the log).'

function bound(s: SessionState): ConnectionTest {
  return { ok: true, summary: `Bound to ${s.host ?? 'the SMSC'}.` }
}

function stateSummary(s: SessionState): string {
  const where = s.host ? ` (${s.host})` : ''
  return `${s.status}${where}${s.detail ? `: ${s.detail}` : ''}`
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
