import { useEffect, useId, useMemo, useRef, useState } from 'react'
import type { BatchSummary, HistoryFilter, RatePoint } from '../../shared/calls/history'
import { MessageStateSchema, type MessageState, type OutboxMessage } from '../../shared/contract'
import { call, errorText, onEvent } from '../api/client'
import { FilterSelect } from '../components/history/FilterSelect'
import { RateChart } from '../components/history/RateChart'
import { reasonText } from '../components/history/reasons'
import { messageColumns } from '../components/history/messageColumns'
import { usePagedMessages } from '../components/history/usePagedMessages'
import { VirtualTable, type Column } from '../components/history/VirtualTable'
import { useT } from '../i18n'
import { useLang } from '../stores/lang'
import { useProfiles } from '../stores/profiles'
import './DeliveryReports.css'
import { reportsStrings } from './DeliveryReports.strings'

type Period = 'hour' | 'day' | 'week' | 'all'
const PERIOD_MS: Record<Period, number | null> = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  all: null,
}
/** Pushes can come thousands a second during a batch: the summaries refresh at most this often. */
const REFRESH_MS = 700
/** New messages of the shown batch join its list at most this often. */
const LIVE_RELOAD_MS = 2000

interface Detail {
  key: string
  startedAt: number | null
  total: number
  series: RatePoint[]
  reasons: { error: string; errorCode: string | null; count: number }[]
}

const sinceOf = (p: Period) => {
  const ms = PERIOD_MS[p]
  return ms === null ? undefined : Date.now() - ms
}

export function DeliveryReports() {
  const t = useT()
  const lang = useLang((s) => s.lang)
  const s = reportsStrings[lang]
  const id = useId()
  const profiles = useProfiles((st) => st.profiles)
  const [profileId, setProfileId] = useState('')
  const [period, setPeriod] = useState<Period>('day')
  const [from, setFrom] = useState<number | undefined>(() => sinceOf('day'))
  const [state, setState] = useState<MessageState | ''>('')
  const [picked, setPicked] = useState<number | null | undefined>(undefined)
  const [batches, setBatches] = useState<BatchSummary[] | null>(null)
  const [detail, setDetail] = useState<Detail | null>(null)
  const [uncertain, setUncertain] = useState<OutboxMessage[]>([])
  const [error, setError] = useState<string | null>(null)
  const [tick, setTick] = useState(0)

  // Live: any message change refreshes the counters, chart and uncertain list (throttled).
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(() => {
    const off = onEvent('message.updated', () => {
      timer.current ??= setTimeout(() => {
        timer.current = null
        setTick((n) => n + 1)
      }, REFRESH_MS)
    })
    return () => {
      off()
      if (timer.current) clearTimeout(timer.current)
      timer.current = null
    }
  }, [])

  const scope = useMemo(
    () => ({ ...(profileId ? { profileId } : {}), ...(from !== undefined ? { from } : {}) }),
    [profileId, from],
  )

  useEffect(() => {
    let alive = true
    Promise.all([
      call('reports.batches', scope),
      call('history.page', {
        filter: { ...scope, from: undefined, states: ['uncertain'] },
        limit: 200,
      }),
    ])
      .then(([b, u]) => {
        if (!alive) return
        setBatches(b)
        setUncertain(u.rows)
        setError(null)
      })
      .catch((err: unknown) => alive && setError(errorText(err)))
    return () => {
      alive = false
    }
  }, [scope, tick])

  const chosen =
    picked !== undefined && batches?.some((b) => b.id === picked) ? picked : batches?.[0]?.id
  const batch = batches?.find((b) => b.id === chosen)
  const detailKey = `${String(chosen)}:${JSON.stringify(scope)}`

  useEffect(() => {
    if (chosen === undefined) return
    let alive = true
    call('reports.batch', { batchId: chosen, ...scope })
      .then((d) => alive && setDetail({ key: detailKey, ...d }))
      .catch((err: unknown) => alive && setError(errorText(err)))
    return () => {
      alive = false
    }
  }, [chosen, scope, detailKey, tick])

  const messageFilter = useMemo<HistoryFilter>(
    () => ({
      ...(chosen === null ? scope : {}),
      batchId: chosen ?? null,
      ...(state ? { states: [state] } : {}),
    }),
    [chosen, scope, state],
  )
  const list = usePagedMessages(messageFilter)
  // Reports follow sends live: messages that arrived since the list was read join it at the
  // next refresh, instead of waiting for a reload as History's stable pages do.
  // At most every few seconds: a big batch sending must not re-count its list all the time.
  const lastReload = useRef(0)
  const { reload } = list
  const hasArrived = list.arrived > 0
  useEffect(() => {
    if (!hasArrived) return
    const wait = lastReload.current + LIVE_RELOAD_MS - Date.now()
    const timer = setTimeout(
      () => {
        lastReload.current = Date.now()
        reload()
      },
      Math.max(0, wait),
    )
    return () => clearTimeout(timer)
  }, [tick, hasArrived, reload])

  const profileName = (pid: string | null) =>
    pid === null ? '—' : (profiles.find((p) => p.id === pid)?.name ?? pid)
  const batchName = (b: BatchSummary) => (b.id === null ? s.oneOff : b.name || `#${b.id}`)
  const shownDetail = detail?.key === detailKey ? detail : null

  const columns = useMemo<Column<OutboxMessage>[]>(() => {
    const c = messageColumns(s, t, lang)
    return [
      c.id(),
      c.time(),
      c.phone(),
      c.text('minmax(140px, 1fr)'),
      c.status(),
      c.reason('minmax(160px, 2fr)'),
    ]
  }, [s, t, lang])

  return (
    <main className="screen reports" aria-labelledby={id}>
      <h2 id={id}>{t.nav.reports}</h2>
      <form className="reports-filters" aria-label={s.filters} onSubmit={(e) => e.preventDefault()}>
        <FilterSelect
          label={s.profile}
          value={profileId}
          options={[['', s.anyProfile], ...profiles.map((p) => [p.id, p.name] as const)]}
          onChange={setProfileId}
        />
        <FilterSelect
          label={s.period}
          value={period}
          options={(Object.keys(PERIOD_MS) as Period[]).map((p) => [p, s.periods[p]] as const)}
          onChange={(p) => {
            setPeriod(p)
            setFrom(sinceOf(p))
          }}
        />
        <FilterSelect<MessageState | ''>
          label={s.status}
          value={state}
          options={[
            ['', s.anyStatus],
            ...MessageStateSchema.options.map((st) => [st, t.states[st]] as const),
          ]}
          onChange={setState}
        />
      </form>

      {error && (
        <p className="error" role="alert">
          {s.loadFailed(error)}
        </p>
      )}

      <section aria-labelledby={`${id}-batches`}>
        <h3 id={`${id}-batches`}>{s.batches}</h3>
        {batches === null ? (
          // Still waiting, unless they could not be read (the alert above says why).
          error === null && <p className="empty">{s.loading}</p>
        ) : batches.length === 0 ? (
          <p className="empty">{s.noBatches}</p>
        ) : (
          <table className="reports-batches" aria-labelledby={`${id}-batches`}>
            <thead>
              <tr>
                <th scope="col">{s.colName}</th>
                <th scope="col">{s.colProfile}</th>
                <th scope="col">{s.colStarted}</th>
                <th scope="col">{s.colTotal}</th>
                <th scope="col">{s.colQueued}</th>
                <th scope="col">{s.colAccepted}</th>
                <th scope="col">{s.colDelivered}</th>
                <th scope="col">{s.colFailed}</th>
                <th scope="col">{s.colUncertain}</th>
                <th scope="col">{s.colRate}</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => {
                const c = b.counts
                const waiting = (c.queued ?? 0) + (c.scheduled ?? 0) + (c.sending ?? 0)
                const failed = (c.failed ?? 0) + (c.expired ?? 0)
                const rate = b.total ? Math.round(((c.delivered ?? 0) / b.total) * 100) : 0
                const name = batchName(b)
                return (
                  <tr
                    key={String(b.id)}
                    aria-selected={b.id === chosen}
                    className={b.id === chosen ? 'selected' : undefined}
                    data-batch-id={String(b.id)}
                  >
                    <td>
                      <button
                        type="button"
                        className="link"
                        aria-label={s.show(name)}
                        onClick={() => setPicked(b.id)}
                      >
                        {name}
                      </button>
                    </td>
                    <td>{profileName(b.profileId)}</td>
                    <td>{b.createdAt ? new Date(b.createdAt).toLocaleString(lang) : ''}</td>
                    <td className="num">{b.total}</td>
                    <td className="num" data-testid="count-waiting">
                      {waiting}
                    </td>
                    <td className="num" data-testid="count-accepted">
                      {c.accepted ?? 0}
                    </td>
                    <td className="num" data-testid="count-delivered">
                      {c.delivered ?? 0}
                    </td>
                    <td className="num" data-testid="count-failed">
                      {failed}
                    </td>
                    <td className="num" data-testid="count-uncertain">
                      {c.uncertain ?? 0}
                    </td>
                    <td className="num">
                      <meter min={0} max={100} value={rate} aria-label={`${s.colRate} ${name}`} />{' '}
                      {rate}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        )}
      </section>

      {batch && (
        <section className="reports-detail" aria-labelledby={`${id}-detail`}>
          <h3 id={`${id}-detail`}>{batchName(batch)}</h3>
          <div className="reports-panels">
            <figure className="reports-chart">
              <figcaption>{s.chart}</figcaption>
              {shownDetail ? (
                <RateChart
                  series={shownDetail.series}
                  total={shownDetail.total}
                  label={s.chartLabel}
                  axisMinutes={s.minutes}
                  deliveredName={s.delivered}
                  failedName={s.failedShort}
                />
              ) : (
                <p className="empty">{s.loading}</p>
              )}
            </figure>
            <section className="reports-reasons" aria-labelledby={`${id}-reasons`}>
              <h4 id={`${id}-reasons`}>{s.reasons}</h4>
              {shownDetail && shownDetail.reasons.length === 0 && (
                <p className="empty">{s.noReasons}</p>
              )}
              <ul>
                {shownDetail?.reasons.map((r) => (
                  <li key={r.error}>
                    <span className="count">{s.reasonCount(r.count)}</span>{' '}
                    <span data-testid="failure-reason">
                      {reasonText(r.error, lang, r.errorCode)}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          </div>
          <h4>{s.messages}</h4>
          {list.error && (
            <p className="error" role="alert">
              {s.loadFailed(list.error)}
            </p>
          )}
          {list.total === 0 ? (
            <p className="empty">{s.noMessages}</p>
          ) : (
            <VirtualTable
              label={s.messages}
              columns={columns}
              total={list.total ?? 0}
              rowAt={list.rowAt}
              ensure={list.ensure}
              rowKey={(m) => m.id}
              rowAttrs={(m) => ({ 'data-message-id': m.id, 'data-state': m.state })}
              loadingText={s.loading}
              height={320}
            />
          )}
        </section>
      )}

      <UncertainList messages={uncertain} onChanged={() => setTick((n) => n + 1)} />
    </main>
  )
}

function UncertainList({
  messages,
  onChanged,
}: {
  messages: OutboxMessage[]
  onChanged: () => void
}) {
  const lang = useLang((st) => st.lang)
  const s = reportsStrings[lang]
  const id = useId()
  return (
    <section className="reports-uncertain" aria-labelledby={id}>
      <h3 id={id}>{s.uncertain}</h3>
      <p className="hint">{s.uncertainHint}</p>
      {messages.length === 0 ? (
        <p className="empty">{s.noUncertain}</p>
      ) : (
        <table aria-labelledby={id}>
          <thead>
            <tr>
              <th scope="col">{s.colId}</th>
              <th scope="col">{s.colTime}</th>
              <th scope="col">{s.colPhone}</th>
              <th scope="col">{s.colText}</th>
              <th scope="col">{s.colReason}</th>
              <th scope="col">{s.colActions}</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <UncertainRow key={m.id} message={m} onChanged={onChanged} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

function UncertainRow({
  message: m,
  onChanged,
}: {
  message: OutboxMessage
  onChanged: () => void
}) {
  const lang = useLang((st) => st.lang)
  const s = reportsStrings[lang]
  const [busy, setBusy] = useState(false)
  const [note, setNote] = useState<{ text: string; bad: boolean } | null>(null)
  const act = async (fn: () => Promise<string | null>) => {
    setBusy(true)
    setNote(null)
    try {
      const text = await fn()
      if (text) setNote({ text, bad: false })
      onChanged()
    } catch (err) {
      setNote({ text: errorText(err), bad: true })
    } finally {
      setBusy(false)
    }
  }
  const check = () =>
    act(async () => {
      const r = await call('reports.checkStatus', { id: m.id })
      return s.checked(
        m.id,
        r.outcome === 'updated' ? (r.detail ?? '') : `${s.unchanged}: ${r.detail ?? ''}`,
      )
    })
  const resolve = (action: 'resend' | 'markFailed') =>
    act(async () => {
      await call('messages.resolveUncertain', { id: m.id, action })
      return null
    })
  return (
    <tr data-message-id={m.id}>
      <td className="num">{m.id}</td>
      <td>{new Date(m.createdAt).toLocaleString(lang)}</td>
      <td>{m.phone}</td>
      <td className="text" title={m.text}>
        {m.text}
      </td>
      <td className="reason">{m.error ? reasonText(m.error, lang, m.errorCode) : ''}</td>
      <td className="actions">
        <button
          type="button"
          aria-label={s.checkLabel(m.id)}
          disabled={busy}
          onClick={() => void check()}
        >
          {s.checkStatus}
        </button>
        <button
          type="button"
          aria-label={s.resendLabel(m.id)}
          disabled={busy}
          onClick={() => void resolve('resend')}
        >
          {s.resend}
        </button>
        <button
          type="button"
          className="danger"
          aria-label={s.markFailedLabel(m.id)}
          disabled={busy}
          onClick={() => void resolve('markFailed')}
        >
          {s.markFailed}
        </button>
        {note && (
          <span className={note.bad ? 'error' : 'note'} role={note.bad ? 'alert' : 'status'}>
            {note.text}
          </span>
        )}
      </td>
    </tr>
  )
}
