// The countdown of a verification by call, as its dialog shows it: read from the deadline, from
// 15:00 down to 0:00, a second at a time.
import { expect, it } from 'vitest'
import { remainingMs, VERIFY_CALL_MS } from '../../../src/shared/verification'
import { formatCountdown } from '../../../src/renderer/format'

it('counts down from 15:00 to 0:00, never below', () => {
  const t0 = Date.UTC(2026, 5, 12, 9, 0, 0)
  const v = { expiresAt: t0 + VERIFY_CALL_MS }
  expect(formatCountdown(remainingMs(v, t0))).toBe('15:00')
  // A part of a second left counts as that second: 0:00 only once the time is up.
  expect(formatCountdown(remainingMs(v, t0 + 400))).toBe('15:00')
  expect(formatCountdown(remainingMs(v, t0 + 1000))).toBe('14:59')
  expect(formatCountdown(remainingMs(v, t0 + 14 * 60_000 + 55_500))).toBe('0:05')
  expect(formatCountdown(remainingMs(v, t0 + VERIFY_CALL_MS - 1))).toBe('0:01')
  expect(formatCountdown(remainingMs(v, t0 + VERIFY_CALL_MS + 5000))).toBe('0:00')
})
