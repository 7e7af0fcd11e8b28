/**
 * A chart of series by day, drawn by uPlot (loaded when a chart first shows: the window's
 * first page does not carry it). The canvas is a picture for the eye; the same figures are in
 * the table each chart stands above, and its label says what it shows.
 */
import { useEffect, useRef } from 'react'
import type uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'

export interface Series {
  label: string
  color: string
  values: readonly number[]
}

interface Props {
  /** What the chart shows, for a screen reader (the table below has the figures). */
  label: string
  /** The x axis: days as YYYY-MM-DD, and its name in the legend. */
  days: readonly string[]
  dayLabel: string
  series: readonly Series[]
  /** Formats a value on the y axis and in the legend. */
  format: (v: number) => string
  /** Formats a day on the x axis and in the legend. */
  formatDay: (day: string) => string
  height?: number
}

const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`) / 1000
const DAY_S = 86_400
/** Days named on the x axis at most: every day of a short period, every n-th of a long one. */
const MAX_DAY_TICKS = 10

export function LineChart(p: Props) {
  const box = useRef<HTMLDivElement>(null)
  const { days, dayLabel, series, format, formatDay, height = 200 } = p
  useEffect(() => {
    const el = box.current
    if (!el || days.length === 0) return
    let chart: uPlot | null = null
    let alive = true
    void import('uplot').then(({ default: UPlot }) => {
      if (!alive) return
      const xs = days.map(dayMs)
      const byX = new Map(xs.map((x, i) => [x, days[i]!]))
      const step = Math.ceil(xs.length / MAX_DAY_TICKS)
      const ticks = xs.filter((_, i) => i % step === 0)
      chart = new UPlot(
        {
          width: Math.max(320, el.clientWidth),
          height,
          // Days, not times: the axis and the legend show the day as the region writes it, the
          // ticks on the days themselves, half a day of room either side (one day is a point).
          scales: {
            x: { time: false, range: (_u, min, max) => [min - DAY_S / 2, max + DAY_S / 2] },
          },
          axes: [
            {
              splits: () => ticks,
              values: (_u, ts) => ts.map((t) => (byX.has(t) ? formatDay(byX.get(t)!) : '')),
            },
            { values: (_u, ticks) => ticks.map(format), size: 60 },
          ],
          series: [
            { label: dayLabel, value: (_u, v) => (v === null ? '' : formatDay(byX.get(v) ?? '')) },
            ...series.map((s) => ({
              label: s.label,
              stroke: s.color,
              width: 2,
              points: { show: days.length < 40 },
              value: (_u: uPlot, v: number | null) => (v === null ? '—' : format(v)),
            })),
          ],
        },
        [xs, ...series.map((s) => [...s.values])],
        el,
      )
      // The legend is uPlot's own table: named as the chart is (the figures are below it).
      chart.root.querySelector('table')?.setAttribute('aria-label', p.label)
    })
    return () => {
      alive = false
      chart?.destroy()
    }
  }, [days, dayLabel, series, format, formatDay, height, p.label])
  return <div ref={box} className="line-chart" role="img" aria-label={p.label} />
}
