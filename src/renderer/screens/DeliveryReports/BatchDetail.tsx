/** One batch in detail: delivery over time, failure reasons, and its messages (virtualised). */
import { useId, useMemo, useState } from 'react'
import type { BatchSummary, RatePoint } from '../../../shared/calls/history'
import type { OutboxMessage } from '../../../shared/contract'
import { ListState } from '../../components/ListState'
import { ProfileWait } from '../../components/ProfileWait'
import { ResendFailedButton } from '../../components/ResendFailed'
import { messageColumns } from '../../components/history/messageColumns'
import { reasonText } from '../../../shared/reason-text'
import type { PagedMessages } from '../../components/history/usePagedMessages'
import { VirtualTable, type Column } from '../../components/history/VirtualTable'
import { useT } from '../../i18n'
import { useLang } from '../../stores/lang'
import { formatPrice } from '../../format'
import { RateChart } from './RateChart'
import { batchName, useReportsT } from './strings'

/** The chart and reasons of one batch in one scope (main's reports.batch). */
export interface Detail {
  /** Which batch and scope these figures are for. */
  key: string
  startedAt: number | null
  total: number
  series: RatePoint[]
  reasons: { error: string; errorCode: string | null; count: number }[]
  spent?: number | null
}

interface Props {
  batch: BatchSummary
  /** Its figures; null while they are read. */
  detail: Detail | null
  list: PagedMessages
}

export function BatchDetail({ batch, detail, list }: Props) {
  const t = useT()
  const s = useReportsT()
  const lang = useLang((st) => st.lang)
  const [sentAgain, setSentAgain] = useState<number | null>(null)
  const id = useId()

  const columns = useMemo<Column<OutboxMessage>[]>(() => {
    const c = messageColumns(s, t, lang)
    return [
      c.id(),
      c.time(),
      c.phone(),
      c.text('minmax(140px, 1fr)'),
      c.status(),
      c.reason('minmax(160px, 2fr)'),
      c.details(),
    ]
  }, [s, t, lang])

  return (
    <section className="reports-detail" aria-labelledby={`${id}-detail`}>
      <h3 id={`${id}-detail`}>{batchName(batch, s)}</h3>
      {detail?.spent !== undefined && detail.spent !== null && (
        <p className="hint" data-testid="batch-spent">
          {s.spent(formatPrice(detail.spent, lang))}
        </p>
      )}
      {batch.profileId && (
        <ProfileWait profileId={batch.profileId} waiting={batch.counts.queued ?? 0} />
      )}
      {batch.id !== null && (batch.counts.failed ?? 0) + (batch.counts.expired ?? 0) > 0 && (
        <p className="actions-line">
          <ResendFailedButton
            batchId={batch.id}
            name={batchName(batch, s)}
            onSent={(again) => setSentAgain(again.id)}
          />
          {sentAgain !== null && (
            <span className="notice" role="status">
              {s.sentAgain(sentAgain)}
            </span>
          )}
        </p>
      )}
      <div className="reports-panels">
        <figure className="reports-chart">
          <figcaption>{s.chart}</figcaption>
          <ListState loading={!detail} loadingText={s.loading}>
            {detail && (
              <RateChart
                series={detail.series}
                total={detail.total}
                label={s.chartLabel}
                axisMinutes={s.minutes}
                deliveredName={s.delivered}
                failedName={s.failedShort}
              />
            )}
          </ListState>
        </figure>
        <section className="reports-reasons" aria-labelledby={`${id}-reasons`}>
          <h4 id={`${id}-reasons`}>{s.reasons}</h4>
          <ListState empty={detail?.reasons.length === 0} emptyText={s.noReasons}>
            <ul>
              {detail?.reasons.map((r) => (
                <li key={r.error}>
                  <span className="count">{s.reasonCount(r.count)}</span>{' '}
                  <span data-testid="failure-reason">{reasonText(r.error, lang, r.errorCode)}</span>
                </li>
              ))}
            </ul>
          </ListState>
        </section>
      </div>
      <h4>{s.messages}</h4>
      <ListState
        error={list.error && s.loadFailed(list.error)}
        empty={list.total === 0}
        emptyText={s.noMessages}
      >
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
      </ListState>
    </section>
  )
}
