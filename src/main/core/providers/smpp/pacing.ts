/**
 * How many submit_sm the session may write now: the window (unanswered submits) and a token
 * bucket filled at the adaptive rate (rate.ts), with the throttling accounting that lowers it.
 * Pure: time comes in as arguments.
 */
import { RateControl, type RateControlOptions } from './rate'

export interface PacingOptions {
  /** Most unanswered submit_sm at once. */
  window: number
  rate: RateControlOptions
}

export class Pacing {
  readonly window: number
  readonly rate: RateControl
  /** submit_sm written and not answered yet. */
  pending = 0
  /** The most `pending` ever was. */
  maxPending = 0
  /** Parts written so far; each part's number among them drives the throttling accounting. */
  sent = 0
  /** Parts refused ESME_RTHROTTLED / ESME_RMSGQFUL. */
  throttled = 0
  /** Times a refusal lowered the rate. */
  rateDecreases = 0
  /** Sends the rate allows now; starts full (a tenth of a second's worth, at least one). */
  private tokens: number
  private lastRefill: number

  constructor(options: PacingOptions, now: number) {
    this.window = options.window
    this.rate = new RateControl(options.rate)
    this.tokens = Math.max(1, this.rate.current / 10)
    this.lastRefill = now
  }

  /** Tokens accrue at the current rate, up to a tenth of a second's worth (at least one). */
  refill(now: number): void {
    const rate = this.rate.current
    this.tokens = Math.min(
      Math.max(1, rate / 10),
      this.tokens + ((now - this.lastRefill) * rate) / 1000,
    )
    this.lastRefill = now
  }

  windowFull(): boolean {
    return this.pending >= this.window
  }

  hasToken(): boolean {
    return this.tokens >= 1
  }

  /** Sends the window and the tokens allow as of the last refill (may be negative). */
  room(): number {
    return Math.min(this.window - this.pending, Math.floor(this.tokens))
  }

  /** Milliseconds until a whole token is there at the current rate. */
  msUntilToken(): number {
    return Math.ceil(((1 - this.tokens) * 1000) / this.rate.current)
  }

  /** A PDU is about to go out; it counts as this many sends against the rate. */
  spend(sends: number): void {
    this.tokens -= sends
  }

  /** A submit_sm went out: it holds a window slot until answered. Returns its number. */
  written(): number {
    this.pending++
    this.sent++
    this.maxPending = Math.max(this.maxPending, this.pending)
    return this.sent
  }

  /** A submit_sm was answered, timed out or lost with its connection: its slot is free. */
  released(): void {
    this.pending--
  }

  /**
   * Send number `sendNo` was refused ESME_RTHROTTLED / ESME_RMSGQFUL. Returns true when that
   * lowered the rate; then the first token is spent waiting, so a retry does not land in the
   * same overshoot.
   */
  refused(sendNo: number, now: number): boolean {
    this.throttled++
    if (!this.rate.refused(sendNo, this.sent, now)) return false
    this.rateDecreases++
    this.tokens = Math.min(this.tokens, 0)
    return true
  }
}
