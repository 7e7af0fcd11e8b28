/**
 * Delivery reports: the batches of a period with live counters, one batch's delivery over time,
 * failure reasons and messages, the messages whose fate is uncertain, and the period's trends
 * and spend (exported as a workbook of a sheet each). Any message change refreshes what is
 * shown, at most every REFRESH_MS.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import type { BatchSummary, HistoryFilter } from '../../../shared/calls/history'
import { isHlrLookup, MESSAGE_STATES } from '../../../shared/constants'
import type { MessageState, OutboxMessage } from '../../../shared/contract'
import { call, errorText, onEvent } from '../../api/client'
import { ExportButtons } from '../../components/exports/ExportButtons'
import { FilterSelect } from '../../components/history/FilterSelect'
import { usePagedMessages } from '../../components/history/usePagedMessages'
import { ListState } from '../../components/ListState'
import { ProfileSelect } from '../../components/ProfileSelect'
import { useT } from '../../i18n'
import { useProfiles } from '../../stores/profiles'
import { BatchDetail, type Detail } from './BatchDetail'
import { Batches } from './Batches'
import { useReportsT } from './strings'
import { Spend } from './Spend'
import { TrendsSection } from './Trends'
import { UncertainList } from './Uncertain'
import './styles.css'

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
/** The reports are several tables: a workbook of a sheet each, no CSV. */
const XLSX = ['xlsx'] as const

const sinceOf = (p: Period) => {
  const ms = PERIOD_MS[p]
  return ms === null ? undefined : Date.now() - ms
}

export function DeliveryReports() {
  const t = useT()
  const s = useReportsT()
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
    const off = onEvent('message.updated', (m) => {
      if (isHlrLookup(m)) return
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

  const shownDetail = detail?.key === detailKey ? detail : null

  return (
    <main className="screen reports" aria-labelledby={id}>
      <h2 id={id}>{t.nav.reports}</h2>
      <form className="reports-filters" aria-label={s.filters} onSubmit={(e) => e.preventDefault()}>
        <ProfileSelect
          label={s.profile}
          anyLabel={s.anyProfile}
          profiles={profiles}
          value={profileId}
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
          options={[['', s.anyStatus], ...MESSAGE_STATES.map((st) => [st, t.states[st]] as const)]}
          onChange={setState}
        />
      </form>
      <p className="actions-line reports-export">
        <span className="hint">{s.exportHint}</span>
        <ExportButtons
          name="delivery-reports"
          source={{ list: 'reports', ...scope }}
          kinds={XLSX}
        />
      </p>

      <ListState error={error && s.loadFailed(error)} />
      <Batches batches={batches} failed={error !== null} chosen={chosen} onPick={setPicked} />
      {batch && <BatchDetail batch={batch} detail={shownDetail} list={list} />}

      <UncertainList messages={uncertain} onChanged={() => setTick((n) => n + 1)} />
      <TrendsSection scope={scope} tick={tick} />
      <Spend scope={scope} tick={tick} />
    </main>
  )
}
