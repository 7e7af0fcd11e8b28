/**
 * What the providers charged in the period shown: drawn by day (a line per profile, and their
 * total), above a table by day and profile with the total.
 */
import { useEffect, useId, useMemo, useState } from 'react'
import { call, errorText } from '../../api/client'
import { LineChart } from '../../components/charts/LineChart'
import { ListState } from '../../components/ListState'
import { formatDay, formatNumber, formatPrice } from '../../format'
import { useLang } from '../../stores/lang'
import { useProfileName } from '../../stores/profiles'
import { spendSeries } from './spendChart'
import { useReportsT } from './strings'

type Row = Awaited<ReturnType<typeof read>>[number]

const read = (scope: { profileId?: string; from?: number }) =>
  call('reports.spend', { ...scope, tzOffsetMinutes: new Date().getTimezoneOffset() })

export function Spend(props: { scope: { profileId?: string; from?: number }; tick: number }) {
  const s = useReportsT()
  const lang = useLang((st) => st.lang)
  const id = useId()
  const profileName = useProfileName()
  const [rows, setRows] = useState<Row[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const { scope, tick } = props

  useEffect(() => {
    let alive = true
    read(scope).then(
      (r) => {
        if (!alive) return
        setRows(r)
        setError(null)
      },
      (err: unknown) => alive && setError(s.loadFailed(errorText(err))),
    )
    return () => {
      alive = false
    }
  }, [scope, tick, s])

  const total = rows?.reduce((sum, r) => sum + r.amount, 0) ?? 0
  const chart = useMemo(
    () => (rows ? spendSeries(rows, { profileName, totalLabel: s.spendTotal }) : null),
    [rows, profileName, s],
  )
  const fmtPrice = useMemo(() => (v: number) => formatPrice(v, lang), [lang])
  const fmtDay = useMemo(() => (d: string) => formatDay(d, lang), [lang])
  return (
    <section className="reports-spend" aria-labelledby={`${id}-spend`}>
      <h3 id={`${id}-spend`}>{s.spend}</h3>
      <p className="hint">{s.spendHint}</p>
      <ListState
        error={error}
        loading={rows === null && error === null}
        loadingText={s.loading}
        empty={rows?.length === 0}
        emptyText={s.spendNone}
      >
        {chart && chart.days.length > 0 && (
          <LineChart
            label={s.spendChartLabel(chart.days.length)}
            days={chart.days}
            dayLabel={s.spendDay}
            series={chart.series}
            format={fmtPrice}
            formatDay={fmtDay}
          />
        )}
        {rows && (
          <table aria-labelledby={`${id}-spend`}>
            <thead>
              <tr>
                <th scope="col">{s.spendDay}</th>
                <th scope="col">{s.colProfile}</th>
                <th scope="col" className="num">
                  {s.spendMessages}
                </th>
                <th scope="col" className="num">
                  {s.spendAmount}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.day}:${r.profileId}`}>
                  <td>{fmtDay(r.day)}</td>
                  <td>{profileName(r.profileId)}</td>
                  <td className="num">{formatNumber(r.messages, lang)}</td>
                  <td className="num">{formatPrice(r.amount, lang)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  {s.spendTotal}
                </th>
                <td className="num" data-testid="spend-total">
                  {formatPrice(total, lang)}
                </td>
              </tr>
            </tfoot>
          </table>
        )}
      </ListState>
    </section>
  )
}
