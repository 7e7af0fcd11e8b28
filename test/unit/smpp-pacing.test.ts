import { describe, expect, it } from 'vitest'
import { Pacing } from '../../src/main/core/providers/smpp/pacing'

const T0 = 1_000_000

function pacing(window: number, rate: number): Pacing {
  return new Pacing({ window, rate: { configured: rate, quietMs: 1000 } }, T0)
}

describe('pacing', () => {
  it('starts with a tenth of a second of the rate, at least one send', () => {
    const p = pacing(100, 200)
    expect(p.room()).toBe(20)
    const slow = pacing(100, 3)
    expect(slow.room()).toBe(1)
    expect(slow.hasToken()).toBe(true)
  })

  it('refills at the rate, never beyond a tenth of a second of it', () => {
    const p = pacing(100, 100)
    p.spend(10)
    expect(p.hasToken()).toBe(false)
    expect(p.msUntilToken()).toBe(10)
    p.refill(T0 + 50)
    expect(p.room()).toBe(5)
    p.refill(T0 + 10_000)
    expect(p.room()).toBe(10)
  })

  it('is bounded by the free window', () => {
    const p = pacing(3, 1000)
    expect(p.room()).toBe(3)
    expect([p.written(), p.written()]).toEqual([1, 2])
    expect(p.room()).toBe(1)
    expect(p.windowFull()).toBe(false)
    p.written()
    expect(p.windowFull()).toBe(true)
    expect(p.room()).toBe(0)
    p.released()
    expect(p).toMatchObject({ pending: 2, maxPending: 3, sent: 3 })
    expect(p.windowFull()).toBe(false)
  })

  it('a message_payload PDU spends one send per SMS it becomes', () => {
    const p = pacing(100, 100)
    p.spend(4)
    expect(p.room()).toBe(6)
  })

  it('a burst of refusals lowers the rate once and spends the waiting token', () => {
    const p = pacing(100, 100)
    for (let i = 0; i < 10; i++) p.written()
    expect(p.refused(3, T0 + 1)).toBe(true)
    expect(p.rate.current).toBeCloseTo(70)
    expect(p.hasToken()).toBe(false)
    expect(p.msUntilToken()).toBe(Math.ceil(1000 / 70))
    // The rest of the same burst was sent before the decrease: no second step down.
    expect(p.refused(7, T0 + 2)).toBe(false)
    expect(p).toMatchObject({ throttled: 2, rateDecreases: 1 })
    expect(p.rate.current).toBeCloseTo(70)
  })

  it('a refusal of a later send, half a quiet period on, lowers it again', () => {
    const p = pacing(100, 100)
    p.written()
    p.refused(1, T0)
    p.written()
    expect(p.refused(2, T0 + 600)).toBe(true)
    expect(p.rate.current).toBeCloseTo(49)
    expect(p.rateDecreases).toBe(2)
  })

  it('refills at the lowered rate', () => {
    const p = pacing(100, 100)
    p.written()
    p.refused(1, T0)
    p.refill(T0 + 100)
    // 100 ms at 70/s is 7 sends, capped at a tenth of a second's worth (7).
    expect(p.room()).toBe(7)
  })
})
