/** The batches sent in the period with their live counters and delivery rate; one is shown below. */
import { useId } from 'react'
import type { BatchSummary } from '../../../shared/calls/history'
import { ListState } from '../../components/ListState'
import { useLang } from '../../stores/lang'
import { useProfileName } from '../../stores/profiles'
import { batchName, useReportsT } from './strings'
import { formatDateTime } from '../../format'

interface Props {
  /** null until read. */
  batches: BatchSummary[] | null
  /** They could not be read: the screen's alert says why. */
  failed: boolean
  chosen: number | null | undefined
  onPick(batchId: number | null): void
}

export function Batches({ batches, failed, chosen, onPick }: Props) {
  const s = useReportsT()
  const lang = useLang((st) => st.lang)
  const id = useId()
  const nameOf = useProfileName()
  const profileName = (pid: string | null) => (pid === null ? '—' : nameOf(pid))
  return (
    <section aria-labelledby={`${id}-batches`}>
      <h3 id={`${id}-batches`}>{s.batches}</h3>
      <ListState
        loading={batches === null && !failed}
        loadingText={s.loading}
        empty={batches?.length === 0}
        emptyText={s.noBatches}
      >
        {batches && (
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
                const failedCount = (c.failed ?? 0) + (c.expired ?? 0)
                const rate = b.total ? Math.round(((c.delivered ?? 0) / b.total) * 100) : 0
                const name = batchName(b, s)
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
                        onClick={() => onPick(b.id)}
                      >
                        {name}
                      </button>
                    </td>
                    <td>{profileName(b.profileId)}</td>
                    <td>{b.createdAt ? formatDateTime(b.createdAt, lang) : ''}</td>
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
                      {failedCount}
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
      </ListState>
    </section>
  )
}
