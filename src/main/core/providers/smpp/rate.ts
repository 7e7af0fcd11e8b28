/**
 * How fast an SMPP session sends: additive increase, multiplicative decrease. SMSC throttles
 * per account (30 SMS/s by default) and answers ESME_RTHROTTLED above it; its document asks the
 * client to send the refused message again while lowering its overall rate. So a refusal lowers
 * the rate once per burst (never below a floor), every quiet period without a refusal raises it
 * by a step, and it never goes above the profile's configured rate. Nothing here pauses sending:
 * a refused part goes out again at the new, lower rate. Pure: time comes in as arguments.
 */

export interface RateControlOptions {
  /** The profile's rate (parts per second): the ceiling. */
  configured: number
  /** Never slower than this (default 1). */
  floor?: number
  /** The rate is multiplied by this on a throttle (default 0.7). */
  decreaseFactor?: number
  /** Added per quiet period (default a tenth of the configured rate, at least 1). */
  increaseStep?: number
  /** A period this long without a refusal earns one step up (default 1 s). */
  quietMs?: number
}

export class RateControl {
  readonly configured: number
  readonly floor: number
  private readonly factor: number
  private readonly step: number
  private readonly quietMs: number
  private rate: number
  private lastRefusalAt = Number.NEGATIVE_INFINITY
  private lastChangeAt = Number.NEGATIVE_INFINITY
  private lastDecreaseAt = Number.NEGATIVE_INFINITY
  /** Sends numbered up to this had gone out when the rate last went down. */
  private decreasedAfter = 0

  constructor(o: RateControlOptions) {
    this.configured = Math.max(Number.MIN_VALUE, o.configured)
    this.floor = Math.min(this.configured, Math.max(Number.MIN_VALUE, o.floor ?? 1))
    this.factor = Math.min(0.99, Math.max(0.1, o.decreaseFactor ?? 0.7))
    this.step = Math.max(Number.MIN_VALUE, o.increaseStep ?? Math.max(1, this.configured / 10))
    this.quietMs = Math.max(1, o.quietMs ?? 1000)
    this.rate = this.configured
  }

  get current(): number {
    return this.rate
  }

  /**
   * Send number `sendNo` (sends are numbered from 1) was refused; `sent` sends have gone out by
   * now. One overshoot brings a run of refusals: only a refusal of a send made after the last
   * decrease, and at least half a quiet period after it, lowers the rate again, so one burst
   * costs one step down, not one per refused PDU. Returns true when the rate changed.
   */
  refused(sendNo: number, sent: number, now: number): boolean {
    this.lastRefusalAt = now
    if (sendNo <= this.decreasedAfter || now - this.lastDecreaseAt < this.quietMs / 2) return false
    this.decreasedAfter = sent
    this.lastDecreaseAt = now
    const next = Math.max(this.floor, this.rate * this.factor)
    if (next === this.rate) return false
    this.rate = next
    this.lastChangeAt = now
    return true
  }

  /** Applies the steps up earned by `now`. Returns true when the rate changed. */
  recover(now: number): boolean {
    if (this.rate >= this.configured) return false
    const since = Math.max(this.lastRefusalAt, this.lastChangeAt)
    if (now - since < this.quietMs) return false
    const steps = Math.floor((now - since) / this.quietMs)
    this.rate = Math.min(this.configured, this.rate + steps * this.step)
    this.lastChangeAt = since + steps * this.quietMs
    return true
  }

  /** When the next step up falls due (epoch ms), or null at the configured rate. */
  nextIncreaseAt(): number | null {
    if (this.rate >= this.configured) return null
    return Math.max(this.lastRefusalAt, this.lastChangeAt) + this.quietMs
  }
}
