// Delivery reports' spend drawn by day: the days in order, a line per profile with nothing on a
// day it spent nothing, and the total when there is more than one profile.
import { describe, expect, it } from 'vitest'
import {
  SPEND_COLORS,
  spendSeries,
  TOTAL_COLOR,
} from '../../../src/renderer/screens/DeliveryReports/spendChart'

const names: Record<string, string> = { smsc: 'SMSC office', oson: 'OsonSMS' }
const o = { profileName: (id: string) => names[id] ?? id, totalLabel: 'Total' }

describe('spend chart series', () => {
  it('a line per profile over every day of the period, the most spent first, and the total', () => {
    // As main gives them: the newest day first.
    const { days, series } = spendSeries(
      [
        { day: '2026-03-03', profileId: 'oson', amount: 1.25 },
        { day: '2026-03-03', profileId: 'smsc', amount: 5 },
        { day: '2026-03-01', profileId: 'smsc', amount: 2.5 },
        { day: '2026-03-02', profileId: 'oson', amount: 0.75 },
      ],
      o,
    )
    expect(days).toEqual(['2026-03-01', '2026-03-02', '2026-03-03'])
    expect(series).toEqual([
      { label: 'SMSC office', color: SPEND_COLORS[0], values: [2.5, 0, 5] },
      { label: 'OsonSMS', color: SPEND_COLORS[1], values: [0, 0.75, 1.25] },
      { label: 'Total', color: TOTAL_COLOR, values: [2.5, 0.75, 6.25] },
    ])
  })

  it('one profile is its own total; a profile gone since is named by its id', () => {
    const { days, series } = spendSeries(
      [
        { day: '2026-03-02', profileId: 'gone', amount: 3 },
        { day: '2026-03-01', profileId: 'gone', amount: 2 },
      ],
      o,
    )
    expect(days).toEqual(['2026-03-01', '2026-03-02'])
    expect(series).toEqual([{ label: 'gone', color: SPEND_COLORS[0], values: [2, 3] }])
  })

  it('nothing spent: no days and no lines', () => {
    expect(spendSeries([], o)).toEqual({ days: [], series: [] })
  })
})
