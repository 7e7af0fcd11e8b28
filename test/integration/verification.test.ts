// Number verification by the customer's call through the whole core (createCore → handle), against
// the embedded SMSC HTTP simulator over real HTTP: the number to call asked of wait_call.php, the
// customer calling in the sandbox, the inbound polling bringing `[waitcall]`, the verification
// verified in the transaction that stores it and pushed; a call after the deadline verifying
// nothing; the identical-request limit kept by the console; SMPP profiles not offering it.
import { describe, expect, it } from 'vitest'
import type { CallName, EventPayload, Reply } from '../../src/shared/contract'
import { VERIFY_CALL_MS, WAITCALL_TEXT } from '../../src/shared/verification'
import { startTestCore, testCore } from '../helpers/test-core'
import { waitFor, waitForValue } from '../helpers/wait'

const t = testCore({ inboundPollMs: 50 })
const { call, pushed } = t
const SMSC = 'sandbox-smsc'

async function refusal(
  name: CallName,
  request: unknown,
): Promise<{ code: string; message: string; phrase?: { id: string } }> {
  const reply = (await t.core.handle(name, request)) as Reply<unknown>
  if (reply.ok) throw new Error(`${name} was expected to fail`)
  return reply.error
}

const updates = (id: number): EventPayload<'verification.updated'>[] =>
  pushed('verification.updated').filter((v) => v.id === id)

/** The SMSC sandbox polls its inbound messages once it is ready. */
const ready = () =>
  waitFor(
    () => pushed('session.state').some((s) => s.profileId === SMSC && s.status === 'ready'),
    'the SMSC sandbox ready',
  )

/** The customer's `[waitcall]` is stored: its conversation shows it. */
const callStored = (peer: string) =>
  waitForValue(
    () => call('inbox.thread', { peer }),
    (thread) => thread.entries.some((e) => e.direction === 'in' && e.text === WAITCALL_TEXT),
    `the call of ${peer} stored`,
  )

describe('verification by call', () => {
  it('the customer calls the number given: the polling brings the call and the number is verified', async () => {
    await ready()
    const profiles = await call('profiles.list', {})
    expect(profiles.find((p) => p.id === SMSC)?.capabilities.verifyByCall).toBe(true)
    // An SMPP profile has no HTTP endpoint to ask: not offered.
    expect(profiles.find((p) => p.id === 'sandbox')?.capabilities.verifyByCall).toBe(false)

    const before = Date.now()
    const started = await call('verification.start', {
      profileId: SMSC,
      phone: '+7 916 123-45-67',
    })
    expect(started).toMatchObject({
      profileId: SMSC,
      phone: '79161234567',
      state: 'waiting',
      verifiedAt: null,
    })
    // One of the country's numbers, all of them listed.
    expect(started.allPhones.length).toBeGreaterThan(1)
    expect(started.allPhones).toContain(started.callPhone)
    expect(started.callPhone).toMatch(/^7\d{10}$/)
    expect(started.expiresAt - started.requestedAt).toBe(VERIFY_CALL_MS)
    expect(started.requestedAt).toBeGreaterThanOrEqual(before)
    expect(updates(started.id)).toEqual([started])
    expect(await call('verification.get', { phone: '+79161234567' })).toEqual(started)

    const { to } = await call('sandbox.customerCalls', { profileId: SMSC, from: '79161234567' })
    expect(to).toBe(started.callPhone)

    await waitFor(
      () => updates(started.id).some((v) => v.state === 'verified'),
      'the verification pushed as verified',
    )
    const verified = updates(started.id).at(-1)
    expect(verified).toMatchObject({ id: started.id, state: 'verified' })
    expect(verified?.verifiedAt).toEqual(expect.any(Number))
    expect(await call('verification.get', { phone: '79161234567' })).toEqual(verified)
    expect(await call('verification.list', { phones: ['79161234567', '79990000000'] })).toEqual([
      verified,
    ])

    // The call is a line of the conversation, already read: no reply waits, none was announced.
    const thread = await callStored('79161234567')
    expect(thread.entries).toEqual([
      expect.objectContaining({ direction: 'in', text: WAITCALL_TEXT, to, read: true }),
    ])
    expect(pushed('inbox.received').filter((m) => m.text === WAITCALL_TEXT)).toEqual([])
    expect(await call('inbox.numbers', {})).toEqual(
      expect.arrayContaining([expect.objectContaining({ to, unread: 0 })]),
    )
  })

  it('asking for a number too often for one customer is refused here, saying when to ask again', async () => {
    await ready()
    const phone = '79160000050'
    for (let i = 0; i < 50; i++) await call('verification.start', { profileId: SMSC, phone })
    const refused = await refusal('verification.start', { profileId: SMSC, phone })
    expect(refused.code).toBe('UNAVAILABLE')
    expect(refused.phrase?.id).toBe('provider.tooSoon')
    expect(refused.message).toMatch(/try again in \d+ s/)
    // Another customer is another request.
    await expect(
      call('verification.start', { profileId: SMSC, phone: '79160000051' }),
    ).resolves.toMatchObject({ state: 'waiting' })
  })

  it('is refused where the profile cannot verify, and for a number that is none', async () => {
    const smpp = await refusal('verification.start', { profileId: 'sandbox', phone: '79161234567' })
    expect(smpp).toMatchObject({ code: 'UNAVAILABLE', phrase: { id: 'verification.unsupported' } })
    const bad = await refusal('verification.start', { profileId: SMSC, phone: '12' })
    expect(bad.code).toBe('BAD_REQUEST')
    // The sandbox gave this customer no number: there is nothing to call.
    const none = await refusal('sandbox.customerCalls', { profileId: SMSC, from: '79169999999' })
    expect(none).toMatchObject({ code: 'NOT_FOUND', phrase: { id: 'sandbox.noNumberToCall' } })
  })

  it('a call after the deadline verifies nothing', async () => {
    // A short window, in a core of its own (with a simulator of its own, which still takes
    // calls for its 15 minutes).
    const short = await startTestCore({ inboundPollMs: 50, verificationTtlMs: 1500 })
    try {
      await waitFor(
        () =>
          short.pushed('session.state').some((s) => s.profileId === SMSC && s.status === 'ready'),
        'the SMSC sandbox ready',
      )
      const phone = '79161112233'
      const started = await short.call('verification.start', { profileId: SMSC, phone })
      await waitForValue(
        () => short.call('verification.get', { phone }),
        (v) => v?.state === 'expired',
        'the verification expired',
      )
      // SMSC dates have whole seconds: the call is placed in the second after the deadline, so
      // that the time recorded for it is after the deadline too.
      await waitFor(
        () => Date.now() >= (Math.floor(started.expiresAt / 1000) + 1) * 1000,
        'the second after the deadline',
      )
      await short.call('sandbox.customerCalls', { profileId: SMSC, from: phone })
      await waitForValue(
        () => short.call('inbox.thread', { peer: phone }),
        (thread) => thread.entries.some((e) => e.direction === 'in' && e.text === WAITCALL_TEXT),
        'the late call stored',
      )
      expect(await short.call('verification.get', { phone })).toMatchObject({
        id: started.id,
        verifiedAt: null,
        state: 'expired',
      })
      const pushedOfIt = short.pushed('verification.updated').filter((v) => v.id === started.id)
      expect(pushedOfIt.map((v) => v.state)).toEqual(['waiting'])
      expect(short.pushed('inbox.received').filter((m) => m.text === WAITCALL_TEXT)).toEqual([])
    } finally {
      await short.close()
    }
  })
})
