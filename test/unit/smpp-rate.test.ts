// The SMPP rate control on a simulated clock: a sender at the controlled rate against an SMSC
// that refuses what goes over its limit, or refuses every Nth submit whatever the pace.
import { describe, expect, it } from 'vitest'
import { RateControl, type RateControlOptions } from '../../src/main/core/providers/smpp/rate'

interface Run {
  /** Submits the SMSC took, per simulated second, over the whole run. */
  acceptedPerSecond: number
  refusals: number
  /** The rate at the end of every simulated second. */
  rates: number[]
}

/**
 * Sends as the session does (tokens at the current rate, a tenth of a second's burst), one
 * millisecond at a time, for `seconds`; `refuse(now)` says whether the SMSC refuses a submit.
 * Every answer comes at once, as on a fast link.
 */
function simulate(
  options: RateControlOptions,
  refuse: (now: number) => boolean,
  seconds: number,
): Run {
  const control = new RateControl(options)
  let tokens = 1
  let sent = 0
  let accepted = 0
  let refusals = 0
  const rates: number[] = []
  for (let now = 1; now <= seconds * 1000; now++) {
    control.recover(now)
    tokens = Math.min(Math.max(1, control.current / 10), tokens + control.current / 1000)
    while (tokens >= 1) {
      tokens--
      const sendNo = ++sent
      if (!refuse(now)) {
        accepted++
        continue
      }
      refusals++
      if (control.refused(sendNo, sent, now)) tokens = Math.min(tokens, 0)
    }
    if (now % 1000 === 0) rates.push(control.current)
  }
  return { acceptedPerSecond: accepted / seconds, refusals, rates }
}

/** An SMSC limit of `perSecond`: a bucket holding a second's worth, as the sandbox has. */
function rateLimit(perSecond: number): (now: number) => boolean {
  let bucket = perSecond
  let at = 0
  return (now) => {
    bucket = Math.min(perSecond, bucket + ((now - at) * perSecond) / 1000)
    at = now
    if (bucket < 1) return true
    bucket--
    return false
  }
}

/** An SMSC counting submits per calendar second. */
function perSecondWindow(perSecond: number): (now: number) => boolean {
  let second = -1
  let count = 0
  return (now) => {
    const s = Math.floor(now / 1000)
    if (s !== second) {
      second = s
      count = 0
    }
    return ++count > perSecond
  }
}

describe('SMPP rate control', () => {
  it.each([
    ['a bucket', rateLimit],
    ['a per-second count', perSecondWindow],
  ])(
    'against a limit of 30/s counted by %s, it sends near 30/s, never near the floor',
    (_, limit) => {
      // 40 and 100: a profile set a little or well above the account's limit; 300: far above.
      for (const configured of [40, 100, 300]) {
        const run = simulate({ configured, floor: 1 }, limit(30), 120)
        expect(run.acceptedPerSecond).toBeGreaterThan(0.85 * 30)
        // After the first seconds of finding the limit, the rate stays around it.
        const settled = run.rates.slice(10)
        expect(Math.min(...settled)).toBeGreaterThan(30 / 2)
        expect(Math.max(...settled)).toBeLessThan(30 * 2.5)
        // Refusals stay a small share of what was sent.
        if (configured <= 100) expect(run.refusals).toBeLessThan(0.1 * run.acceptedPerSecond * 120)
      }
    },
  )

  it('a burst of refusals costs one step down, not one per refused submit', () => {
    const control = new RateControl({ configured: 100, decreaseFactor: 0.5, quietMs: 1000 })
    // Twenty submits out, then all of them refused at once.
    for (let n = 1; n <= 20; n++) control.refused(n, 20, 5000)
    expect(control.current).toBe(50)
    // A later send refused after half a quiet period: the lower rate is still too fast.
    expect(control.refused(21, 21, 5600)).toBe(true)
    expect(control.current).toBe(25)
  })

  it('climbs back a step per quiet period to the configured rate, never above it', () => {
    const control = new RateControl({ configured: 30, increaseStep: 3, quietMs: 1000 })
    control.refused(1, 1, 0)
    expect(control.current).toBe(21)
    expect(control.nextIncreaseAt()).toBe(1000)
    expect(control.recover(999)).toBe(false)
    expect(control.recover(1000)).toBe(true)
    expect(control.current).toBe(24)
    // A refusal resets the quiet period without a second decrease inside the same half-period.
    control.refused(1, 1, 1200)
    expect(control.current).toBe(24)
    expect(control.recover(2100)).toBe(false)
    expect(control.recover(2200)).toBe(true)
    expect(control.current).toBe(27)
    control.recover(60_000)
    expect(control.current).toBe(30)
    expect(control.nextIncreaseAt()).toBeNull()
  })

  it('every Nth submit refused at any pace: it slows to the floor, not below, and recovers once that stops', () => {
    let n = 0
    let throttling = true
    const everyFourth = (): boolean => throttling && ++n % 4 === 0
    const control = new RateControl({ configured: 200, floor: 20, quietMs: 500 })
    let sent = 0
    for (let now = 0; now < 20_000; now += 10) {
      control.recover(now)
      for (let i = 0; i < control.current / 100; i++) {
        sent++
        if (everyFourth()) control.refused(sent, sent, now)
      }
      if (now === 10_000) {
        expect(control.current).toBe(20)
        throttling = false
      }
    }
    expect(control.current).toBe(200)
  })
})
