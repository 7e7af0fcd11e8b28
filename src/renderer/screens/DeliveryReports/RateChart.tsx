/** Delivered (and failed) share of a batch by minute since it started: a plain SVG line chart. */
import type { RatePoint } from '../../../shared/calls/history'

interface Props {
  series: readonly RatePoint[]
  total: number
  label: (deliveredPct: number, failedPct: number, minutes: number) => string
  axisMinutes: string
  deliveredName: string
  failedName: string
}

const W = 480
const H = 180
const PAD = { l: 36, r: 12, t: 10, b: 28 }

/** Cumulative shares at the end of each minute, from minute 0 to the last one seen. */
export function cumulative(series: readonly RatePoint[], total: number) {
  const last = series.reduce((m, p) => Math.max(m, p.minute), 0)
  const by = new Map(series.map((p) => [p.minute, p]))
  const out: { minute: number; delivered: number; failed: number }[] = []
  let d = 0
  let f = 0
  for (let m = 0; m <= last; m++) {
    const p = by.get(m)
    d += p?.delivered ?? 0
    f += (p?.failed ?? 0) + (p?.expired ?? 0)
    out.push({ minute: m, delivered: total ? d / total : 0, failed: total ? f / total : 0 })
  }
  return out
}

export function RateChart(p: Props) {
  const points = cumulative(p.series, p.total)
  const lastPoint = points.at(-1) ?? { minute: 0, delivered: 0, failed: 0 }
  const span = Math.max(1, lastPoint.minute + 1)
  const x = (m: number) => PAD.l + ((m + 1) / span) * (W - PAD.l - PAD.r)
  const y = (share: number) => PAD.t + (1 - share) * (H - PAD.t - PAD.b)
  const line = (k: 'delivered' | 'failed') =>
    [`${PAD.l},${y(0)}`, ...points.map((pt) => `${x(pt.minute)},${y(pt[k])}`)].join(' ')
  const pct = (v: number) => Math.round(v * 100)
  return (
    <svg
      className="rate-chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={p.label(pct(lastPoint.delivered), pct(lastPoint.failed), span)}
    >
      {[0, 0.5, 1].map((g) => (
        <g key={g}>
          <line x1={PAD.l} x2={W - PAD.r} y1={y(g)} y2={y(g)} className="grid" />
          <text x={PAD.l - 4} y={y(g) + 4} textAnchor="end">
            {pct(g)}%
          </text>
        </g>
      ))}
      <text x={PAD.l} y={H - 8}>
        0
      </text>
      <text x={W - PAD.r} y={H - 8} textAnchor="end">
        {span} {p.axisMinutes}
      </text>
      <polyline points={line('failed')} className="failed" fill="none" />
      <polyline points={line('delivered')} className="delivered" fill="none" />
      <g className="legend">
        <text x={W - PAD.r} y={PAD.t + 12} textAnchor="end" className="delivered-text">
          {p.deliveredName} {pct(lastPoint.delivered)}%
        </text>
        <text x={W - PAD.r} y={PAD.t + 26} textAnchor="end" className="failed-text">
          {p.failedName} {pct(lastPoint.failed)}%
        </text>
      </g>
    </svg>
  )
}
