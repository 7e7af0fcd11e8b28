/**
 * The header's one-line account of every provider connection: how many work, how many are
 * coming up, how many are down, worst first, so a problem is the first thing read however many
 * profiles there are.
 */
import type { SessionStatus } from '../../shared/contract'

export type Tone = 'ok' | 'warn' | 'bad' | 'unknown'

export function toneOf(status: SessionStatus | 'unknown'): Tone {
  if (status === 'unknown') return 'unknown'
  if (status === 'bound' || status === 'ready') return 'ok'
  if (status === 'connecting' || status === 'reconnecting') return 'warn'
  return 'bad'
}

/** Worst first: what needs the agent leads. */
const WORST_FIRST: readonly Tone[] = ['bad', 'warn', 'unknown', 'ok']

export interface ConnectionSummary {
  /** The tone of the worst connection; null with no profile at all. */
  worst: Tone | null
  /** One group per tone present, worst first. */
  groups: { tone: Tone; count: number }[]
}

export function summarize(statuses: readonly (SessionStatus | 'unknown')[]): ConnectionSummary {
  const counts = new Map<Tone, number>()
  for (const status of statuses) {
    const tone = toneOf(status)
    counts.set(tone, (counts.get(tone) ?? 0) + 1)
  }
  const groups = WORST_FIRST.filter((tone) => counts.has(tone)).map((tone) => ({
    tone,
    count: counts.get(tone) ?? 0,
  }))
  return { worst: groups[0]?.tone ?? null, groups }
}
