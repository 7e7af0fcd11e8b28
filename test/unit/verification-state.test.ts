// A verification's state, worked out from its times (never stored): waiting until its deadline,
// expired after it, verified once the call is recorded; which recorded call verifies it. (The
// countdown the dialog shows of it: test/unit/renderer/verify-countdown.test.ts.)
import { describe, expect, it } from 'vitest'
import {
  CALL_CLOCK_SLACK_MS,
  callVerifies,
  isWaitCall,
  remainingMs,
  VERIFY_CALL_MS,
  verificationState,
  WAITCALL_TEXT,
} from '../../src/shared/verification'
import { toVerification, verifiedBy } from '../../src/main/core/verification/store'

const T0 = Date.UTC(2026, 5, 12, 9, 0, 0)
const asked = { requestedAt: T0, expiresAt: T0 + VERIFY_CALL_MS, verifiedAt: null }

describe('verificationState', () => {
  it('waits until its deadline, and is expired from the deadline on', () => {
    expect(verificationState(asked, T0)).toBe('waiting')
    expect(verificationState(asked, T0 + VERIFY_CALL_MS - 1)).toBe('waiting')
    expect(verificationState(asked, T0 + VERIFY_CALL_MS)).toBe('expired')
    expect(verificationState(asked, T0 + 2 * VERIFY_CALL_MS)).toBe('expired')
  })

  it('is verified once the call is recorded, however late it is read', () => {
    const called = { ...asked, verifiedAt: T0 + 60_000 }
    expect(verificationState(called, T0 + 60_000)).toBe('verified')
    expect(verificationState(called, T0 + 10 * VERIFY_CALL_MS)).toBe('verified')
  })

  it('leaves the time to its deadline, never below zero', () => {
    expect(VERIFY_CALL_MS).toBe(15 * 60_000)
    expect(remainingMs(asked, T0)).toBe(VERIFY_CALL_MS)
    expect(remainingMs(asked, T0 + 1000)).toBe(VERIFY_CALL_MS - 1000)
    expect(remainingMs(asked, T0 + VERIFY_CALL_MS + 5000)).toBe(0)
  })
})

describe('which call verifies', () => {
  it('a call in the window, by the provider’s time of it, not when it was fetched', () => {
    expect(callVerifies(asked, T0 + 5 * 60_000)).toBe(true)
    expect(callVerifies(asked, T0 + VERIFY_CALL_MS)).toBe(true)
  })

  it('not a late call, nor one from well before it was asked for, nor a second one', () => {
    expect(callVerifies(asked, T0 + VERIFY_CALL_MS + 1)).toBe(false)
    expect(callVerifies(asked, T0 - CALL_CLOCK_SLACK_MS - 1)).toBe(false)
    // A clock a little behind the console's still counts.
    expect(callVerifies(asked, T0 - 1000)).toBe(true)
    expect(callVerifies({ ...asked, verifiedAt: T0 + 1000 }, T0 + 2000)).toBe(false)
  })

  it('the newest of the customer’s verifications the call falls in', () => {
    const row = (id: number, requestedAt: number) => ({
      id,
      profile_id: 'p',
      phone: '79161234567',
      call_phone: '74950000101',
      all_phones: '["74950000101"]',
      requested_at: requestedAt,
      expires_at: requestedAt + VERIFY_CALL_MS,
      verified_at: null,
      inbound_id: null,
    })
    // Newest first, as the stores read them.
    const waiting = [row(3, T0 + 20 * 60_000), row(2, T0 + 60_000), row(1, T0)]
    expect(verifiedBy(waiting, T0 + 2 * 60_000)?.id).toBe(2)
    expect(verifiedBy(waiting, T0 + 21 * 60_000)?.id).toBe(3)
    expect(verifiedBy(waiting, T0 + 60 * 60_000)).toBeUndefined()
    // Its state as either database's row reads, all_phones as JSON text or as a list.
    expect(toVerification(row(1, T0), T0 + VERIFY_CALL_MS)).toMatchObject({
      id: 1,
      allPhones: ['74950000101'],
      state: 'expired',
    })
    expect(toVerification({ ...row(1, T0), all_phones: ['74950000101'] }, T0).allPhones).toEqual([
      '74950000101',
    ])
  })
})

it('only exactly the recorded call’s text is a call', () => {
  expect(isWaitCall(WAITCALL_TEXT)).toBe(true)
  expect(isWaitCall(' [waitcall]\n')).toBe(true)
  expect(isWaitCall('[waitcall] please call me')).toBe(false)
  expect(isWaitCall('waitcall')).toBe(false)
})
