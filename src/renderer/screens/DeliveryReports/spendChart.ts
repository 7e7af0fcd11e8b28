/**
 * Spend by day as the chart draws it: the days in order, a line per profile (0 on a day it
 * spent nothing) and, when there are several profiles, their total.
 */
import type { Series } from '../../components/charts/LineChart'

export interface SpendRow {
  day: string
  profileId: string
  amount: number
}

/** A colour per profile, in order of what each spent (the most first); the total darker. */
export const SPEND_COLORS = ['#1d4ed8', '#b45309', '#7c3aed', '#0e7490', '#be185d', '#4d7c0f']
export const TOTAL_COLOR = '#1f2937'

export function spendSeries(
  rows: readonly SpendRow[],
  o: { profileName: (id: string) => string; totalLabel: string },
): { days: string[]; series: Series[] } {
  const days = [...new Set(rows.map((r) => r.day))].sort()
  const at = new Map(days.map((d, i) => [d, i]))
  const byProfile = new Map<string, { values: number[]; sum: number }>()
  const total = days.map(() => 0)
  for (const r of rows) {
    const i = at.get(r.day)!
    let p = byProfile.get(r.profileId)
    if (!p) byProfile.set(r.profileId, (p = { values: days.map(() => 0), sum: 0 }))
    p.values[i]! += r.amount
    p.sum += r.amount
    total[i]! += r.amount
  }
  const series: Series[] = [...byProfile]
    .sort(([a, x], [b, y]) => y.sum - x.sum || (a < b ? -1 : 1))
    .map(([id, p], i) => ({
      label: o.profileName(id),
      color: SPEND_COLORS[i % SPEND_COLORS.length]!,
      values: p.values,
    }))
  if (series.length > 1) series.push({ label: o.totalLabel, color: TOTAL_COLOR, values: total })
  return { days, series }
}
