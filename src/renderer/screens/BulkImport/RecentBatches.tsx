/** The last ten batches with their state and deliveries; Show opens one's panel. */
import { useId } from 'react'
import { ListState } from '../../components/ListState'
import { useBulkImport } from '../../stores/bulk-import'
import { useLang } from '../../stores/lang'
import { sourceName, useImportT } from './strings'
import { formatNumber } from '../../format'

export function RecentBatches() {
  const t = useImportT()
  const lang = useLang((s) => s.lang)
  const ids = useId()
  const batches = useBulkImport((s) => s.batches)
  const error = useBulkImport((s) => s.batchesError)
  const showBatch = useBulkImport((s) => s.showBatch)
  return (
    <section aria-labelledby={`${ids}-recent`}>
      <h3 id={`${ids}-recent`}>{t.recent}</h3>
      <ListState
        error={error && t.error(error)}
        loading={batches === null}
        loadingText={t.loading}
        empty={batches?.length === 0}
        emptyText={t.noBatches}
      >
        {batches && (
          <table aria-label={t.recent}>
            <thead>
              <tr>
                <th>{t.colId}</th>
                <th>{t.batch}</th>
                <th>{t.stateCol}</th>
                <th>{t.recipients}</th>
                <th>{t.counters.delivered}</th>
                <th>
                  <span className="visually-hidden">{t.show('')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.id}>
                  <td className="num">{b.id}</td>
                  <td>{sourceName(b.name, t)}</td>
                  <td>{t.states[b.state]}</td>
                  <td className="num">{formatNumber(b.total, lang)}</td>
                  <td className="num">{formatNumber(b.counters.delivered, lang)}</td>
                  <td className="actions">
                    <button
                      type="button"
                      aria-label={t.show(`#${b.id}`)}
                      onClick={() => showBatch(b.id)}
                    >
                      {t.show('')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ListState>
    </section>
  )
}
