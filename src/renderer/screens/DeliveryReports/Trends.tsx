/**
 * The period's trends: messages sent, delivered and failed per day, and the main failure
 * reasons per day, as charts (each above a table of the same figures); delivery by profile and
 * by mobile operator; all exportable as CSV.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import { reasonText } from '../../../shared/reason-text'
import { CSV_BOM, csvLine } from '../../../shared/csv-write'
import { call, errorText } from '../../api/client'
import { LineChart, type Series } from '../../components/charts/LineChart'
import { downloadBlob } from '../../components/download'
import { exportName } from '../../components/history/exportCsv'
import { ListState } from '../../components/ListState'
import { formatDay, formatNumber, formatPercent } from '../../format'
import { useLang } from '../../stores/lang'
import { useProfileName } from '../../stores/profiles'
import { useReportsT } from './strings'

type Trends = Awaited<ReturnType<typeof read>>

const read = (scope: { profileId?: string; from?: number }) =>
  call('reports.trends', { ...scope, tzOffsetMinutes: new Date().getTimezoneOffset() })

/** How often the trends follow moving messages. */
const TRENDS_EVERY_MS = 10_000
/** Reasons drawn as lines; the rest are in the table. */
const TOP_REASONS = 4
const COLORS = { sent: '#475569', delivered: '#15803d', failed: '#b91c1c' }
const REASON_COLORS = ['#b91c1c', '#c2410c', '#7c3aed', '#0e7490']

export function TrendsSection(props: {
  scope: { profileId?: string; from?: number }
  tick: number
}) {
  const s = useReportsT()
  const lang = useLang((st) => st.lang)
  const id = useId()
  const profileName = useProfileName()
  const [data, setData] = useState<Trends | null>(null)
  const [error, setError] = useState<string | null>(null)
  const { scope, tick } = props

  // A period's trends are read again at most every TRENDS_EVERY_MS while messages move: a
  // campaign's pushes must not keep History's worker counting a whole period.
  const [readTick, setReadTick] = useState(tick)
  const lastRead = useRef(0)
  useEffect(() => {
    const wait = lastRead.current + TRENDS_EVERY_MS - Date.now()
    if (wait <= 0) {
      setReadTick(tick)
      return
    }
    const timer = setTimeout(() => setReadTick(tick), wait)
    return () => clearTimeout(timer)
  }, [tick])

  useEffect(() => {
    let alive = true
    lastRead.current = Date.now()
    read(scope).then(
      (r) => {
        if (!alive) return
        setData(r)
        setError(null)
      },
      (err: unknown) => alive && setError(s.loadFailed(errorText(err))),
    )
    return () => {
      alive = false
    }
  }, [scope, readTick, s])

  const view = useMemo(() => (data ? shape(data) : null), [data])
  const fmtNumber = useMemo(() => (v: number) => formatNumber(v, lang), [lang])
  const fmtDay = useMemo(() => (d: string) => formatDay(d, lang), [lang])
  const volume: Series[] = useMemo(
    () =>
      view
        ? [
            { label: s.trendSent, color: COLORS.sent, values: view.daily.map((d) => d.sent) },
            {
              label: s.trendDelivered,
              color: COLORS.delivered,
              values: view.daily.map((d) => d.delivered),
            },
            { label: s.trendFailed, color: COLORS.failed, values: view.daily.map((d) => d.failed) },
          ]
        : [],
    [view, s],
  )
  const reasons: Series[] = useMemo(
    () =>
      view
        ? view.topReasons.map((r, i) => ({
            label: reasonText(r.error, lang, r.errorCode),
            color: REASON_COLORS[i % REASON_COLORS.length]!,
            values: view.days.map((d) => view.reasonByDay.get(`${d}\u0000${r.error}`) ?? 0),
          }))
        : [],
    [view, lang],
  )

  const exportDays = () => {
    if (!view) return
    const sep = lang === 'ru' ? ';' : ','
    const lines = [
      csvLine([s.spendDay, s.trendSent, s.trendDelivered, s.trendFailed], sep),
      ...view.daily.map((d) =>
        csvLine(
          [d.day, String(d.sent), String(d.delivered), String(d.failed)].map((value) => ({
            value,
            guard: false,
          })),
          sep,
        ),
      ),
    ]
    downloadBlob(
      new Blob([CSV_BOM, ...lines], { type: 'text/csv;charset=utf-8' }),
      exportName('deliveries-by-day'),
    )
  }

  const rate = (delivered: number, failed: number) =>
    delivered + failed === 0 ? '—' : formatPercent(delivered / (delivered + failed), lang)

  return (
    <section className="reports-trends" aria-labelledby={`${id}-trends`}>
      <h3 id={`${id}-trends`}>{s.trends}</h3>
      <ListState
        error={error}
        loading={data === null && error === null}
        loadingText={s.loading}
        empty={view?.days.length === 0}
        emptyText={s.trendsNone}
      >
        {view && view.days.length > 0 && (
          <>
            <h4>{s.trendVolume}</h4>
            <LineChart
              label={s.trendVolumeLabel(view.days.length)}
              days={view.days}
              dayLabel={s.spendDay}
              series={volume}
              format={fmtNumber}
              formatDay={fmtDay}
            />
            <table aria-label={s.trendVolume} className="reports-trend-table">
              <thead>
                <tr>
                  <th scope="col">{s.spendDay}</th>
                  <th scope="col" className="num">
                    {s.trendSent}
                  </th>
                  <th scope="col" className="num">
                    {s.trendDelivered}
                  </th>
                  <th scope="col" className="num">
                    {s.trendFailed}
                  </th>
                  <th scope="col" className="num">
                    {s.trendRate}
                  </th>
                </tr>
              </thead>
              <tbody>
                {view.daily.map((d) => (
                  <tr key={d.day}>
                    <td>{fmtDay(d.day)}</td>
                    <td className="num">{fmtNumber(d.sent)}</td>
                    <td className="num">{fmtNumber(d.delivered)}</td>
                    <td className="num">{fmtNumber(d.failed)}</td>
                    <td className="num">{rate(d.delivered, d.failed)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="actions-line">
              <button type="button" onClick={exportDays}>
                {s.trendExport}
              </button>
            </div>

            {reasons.length > 0 && (
              <>
                <h4>{s.trendReasons}</h4>
                <LineChart
                  label={s.trendReasonsLabel(reasons.map((r) => r.label))}
                  days={view.days}
                  dayLabel={s.spendDay}
                  series={reasons}
                  format={fmtNumber}
                  formatDay={fmtDay}
                />
              </>
            )}

            <div className="reports-rates">
              <RateTable
                label={s.trendByProfile}
                nameHeader={s.colProfile}
                rows={view.byProfile.map((p) => ({
                  key: p.profileId,
                  name: profileName(p.profileId),
                  ...p,
                }))}
                rate={rate}
                format={fmtNumber}
              />
              <RateTable
                label={s.trendByOperator}
                nameHeader={s.trendOperator}
                rows={data!.operators.map((o) => ({
                  ...o,
                  key: `${o.code}:${o.name}`,
                  name: o.name ? `${o.name} (+${o.code})` : s.trendOperatorUnknown,
                }))}
                rate={rate}
                format={fmtNumber}
              />
            </div>
          </>
        )}
      </ListState>
    </section>
  )
}

/** The rows main gave, by day (profiles summed), by profile, and the main reasons. */
export function shape(t: Trends) {
  const byDay = new Map<string, { day: string; sent: number; delivered: number; failed: number }>()
  const byProfile = new Map<
    string,
    { profileId: string; sent: number; delivered: number; failed: number }
  >()
  for (const r of t.days) {
    const d = byDay.get(r.day) ?? { day: r.day, sent: 0, delivered: 0, failed: 0 }
    d.sent += r.sent
    d.delivered += r.delivered
    d.failed += r.failed
    byDay.set(r.day, d)
    const p = byProfile.get(r.profileId) ?? {
      profileId: r.profileId,
      sent: 0,
      delivered: 0,
      failed: 0,
    }
    p.sent += r.sent
    p.delivered += r.delivered
    p.failed += r.failed
    byProfile.set(r.profileId, p)
  }
  const daily = [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1))
  const totals = new Map<string, { error: string; errorCode: string | null; count: number }>()
  const reasonByDay = new Map<string, number>()
  for (const r of t.reasons) {
    const x = totals.get(r.error) ?? { error: r.error, errorCode: r.errorCode, count: 0 }
    x.count += r.count
    totals.set(r.error, x)
    reasonByDay.set(`${r.day}\u0000${r.error}`, r.count)
  }
  const topReasons = [...totals.values()].sort((a, b) => b.count - a.count).slice(0, TOP_REASONS)
  return {
    days: daily.map((d) => d.day),
    daily,
    byProfile: [...byProfile.values()].sort((a, b) => b.sent - a.sent),
    topReasons,
    reasonByDay,
  }
}

/** Sent and delivered share by profile, operator, …: one row each. */
function RateTable(p: {
  label: string
  nameHeader: string
  rows: { key: string; name: string; sent: number; delivered: number; failed: number }[]
  rate: (delivered: number, failed: number) => string
  format: (n: number) => string
}) {
  const s = useReportsT()
  return (
    <table aria-label={p.label}>
      <caption>{p.label}</caption>
      <thead>
        <tr>
          <th scope="col">{p.nameHeader}</th>
          <th scope="col" className="num">
            {s.trendSent}
          </th>
          <th scope="col" className="num">
            {s.trendRate}
          </th>
        </tr>
      </thead>
      <tbody>
        {p.rows.map((r) => (
          <tr key={r.key}>
            <td>{r.name}</td>
            <td className="num">{p.format(r.sent)}</td>
            <td className="num">{p.rate(r.delivered, r.failed)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
