/**
 * A campaign's canary: the first `first` recipients (and the agent's test numbers) are sent
 * first while the rest wait (scheduled at CANARY_HOLD); once every one of them has an outcome,
 * the rest go if no more than `failPercent` of them failed, else the batch pauses by itself and
 * says why. After that, the whole campaign is watched the same way: past the same share of
 * failures (once enough have an outcome) it pauses again. An agent who resumes a paused batch
 * takes over: the rest go, and nothing pauses it by itself again.
 */

/** The far-off time a message waiting for its canary is scheduled at (never falls due). */
export const CANARY_HOLD = Date.UTC(9999, 11, 31)

/** Outcomes needed before the watch over the whole campaign may pause it. */
export const WATCH_MIN_OUTCOMES = 20

export interface CanaryRule {
  first: number
  failPercent: number
  testNumbers?: string[]
}

export interface Canary extends CanaryRule {
  /** testing: the first are out; watching: the rest go, watched; paused: it stopped the
   * batch; off: the agent took over (or nothing was held). */
  state: 'testing' | 'watching' | 'paused' | 'off'
  /** At the last decision: failures among the outcomes counted. */
  failed?: number
  outcomes?: number
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

export type Verdict =
  | { kind: 'wait' }
  | { kind: 'release'; failed: number; outcomes: number }
  | { kind: 'pause'; failed: number; outcomes: number }

/**
 * What the canary says now. `importDone`: every row is queued (the held ones too). The
 * messages out are those queued, being sent or accepted; held ones are scheduled.
 */
export function judge(c: Canary, counts: StateCounts, importDone: boolean): Verdict {
  const n = (s: string) => counts[s] ?? 0
  const failed = n('failed') + n('expired')
  const outcomes = failed + n('delivered')
  const tooMany = outcomes > 0 && failed * 100 > c.failPercent * outcomes
  if (c.state === 'testing') {
    const out = n('queued') + n('sending') + n('accepted')
    if (!importDone || out > 0) return { kind: 'wait' }
    return tooMany ? { kind: 'pause', failed, outcomes } : { kind: 'release', failed, outcomes }
  }
  if (c.state === 'watching' && outcomes >= Math.max(WATCH_MIN_OUTCOMES, c.first) && tooMany) {
    return { kind: 'pause', failed, outcomes }
  }
  return { kind: 'wait' }
}
