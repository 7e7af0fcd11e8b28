/**
 * A campaign's canary: the first `first` recipients (and the agent's test numbers) are sent
 * first while the rest wait (scheduled at CANARY_HOLD); once every one of them has an outcome,
 * the rest go if no more than `failPercent` of them failed — and, with `throttlePercent`, no
 * more than that share of the messages out were refused for the provider's rate first — else
 * the batch pauses by itself and says why. After that, the whole campaign is watched the same
 * way: past the same shares (once enough have an outcome) it pauses again. An agent who
 * resumes a paused batch takes over: the rest go, and nothing pauses it by itself again.
 *
 * Throttled messages are counted as the provider's answers arrive, in memory: after a restart
 * the count starts again from the one kept at the canary's last decision.
 */

/** The far-off time a message waiting for its canary is scheduled at (never falls due). */
export const CANARY_HOLD = Date.UTC(9999, 11, 31)

/** Outcomes needed before the watch over the whole campaign may pause it. */
export const WATCH_MIN_OUTCOMES = 20

export interface CanaryRule {
  first: number
  failPercent: number
  /** Pause when more than this share of the messages out were throttled; absent: never. */
  throttlePercent?: number
  testNumbers?: string[]
}

export interface Canary extends CanaryRule {
  /** testing: the first are out; watching: the rest go, watched; paused: it stopped the
   * batch; off: the agent took over (or nothing was held). */
  state: 'testing' | 'watching' | 'paused' | 'off'
  /** At the last decision: failures among the outcomes counted. */
  failed?: number
  outcomes?: number
  /** At the last decision: messages out, and those of them throttled first. */
  out?: number
  throttled?: number
  /** Why it paused the batch. */
  cause?: 'failures' | 'throttling'
}

export function parseCanary(json: string | null): Canary | null {
  if (!json) return null
  try {
    return JSON.parse(json) as Canary
  } catch {
    return null
  }
}

/** A batch's messages by state, as History counts them. */
export type StateCounts = Partial<Record<string, number>>

/** What a decision counted. */
export interface Tally {
  failed: number
  outcomes: number
  out: number
  throttled: number
}

export type Verdict =
  | { kind: 'wait' }
  | ({ kind: 'release' } & Tally)
  | ({ kind: 'pause'; cause: 'failures' | 'throttling' } & Tally)

/**
 * What the canary says now. `importDone`: every row is queued (the held ones too). The
 * messages out are those queued, being sent or accepted; held ones are scheduled.
 */
export function judge(c: Canary, counts: StateCounts, importDone: boolean, throttled = 0): Verdict {
  const n = (s: string) => counts[s] ?? 0
  const failed = n('failed') + n('expired')
  const outcomes = failed + n('delivered')
  // Handed to the provider: with an outcome, accepted, or of unknown fate.
  const out = outcomes + n('accepted') + n('uncertain')
  const tally = { failed, outcomes, out, throttled: Math.min(throttled, out) }
  const tooMany = outcomes > 0 && failed * 100 > c.failPercent * outcomes
  const tooFast =
    c.throttlePercent !== undefined && out > 0 && tally.throttled * 100 > c.throttlePercent * out
  const cause = tooMany ? ('failures' as const) : tooFast ? ('throttling' as const) : null
  if (c.state === 'testing') {
    const waiting = n('queued') + n('sending') + n('accepted')
    if (!importDone || waiting > 0) return { kind: 'wait' }
    return cause ? { kind: 'pause', cause, ...tally } : { kind: 'release', ...tally }
  }
  if (c.state === 'watching' && cause) {
    // Enough answers to judge the whole campaign by: outcomes for failures, messages out for
    // throttling (known as soon as the provider answers a submit).
    const enough = Math.max(WATCH_MIN_OUTCOMES, c.first)
    if ((cause === 'failures' ? outcomes : out) >= enough) return { kind: 'pause', cause, ...tally }
  }
  return { kind: 'wait' }
}
