/**
 * One batch as it sends: queueing progress, its state and live counters (pushed by main as its
 * messages change; read again whenever the connection to main comes back), with pause, resume
 * and cancel.
 */
import { useEffect, useId, useState } from 'react'
import type { BatchView, ImportProgress } from '../../../shared/calls/imports'
import { call, errorText, onEvent } from '../../api/client'
import { ListState } from '../../components/ListState'
import { ProfileWait } from '../../components/ProfileWait'
import { ResendFailedButton } from '../../components/ResendFailed'
import { mainPhrase } from '../../main-phrases'
import { useBulkImport } from '../../stores/bulk-import'
import { useConnection } from '../../stores/connection'
import { useLang } from '../../stores/lang'
import { sourceName, useImportT, type ImportStrings } from './strings'
import { formatNumber, formatTime } from '../../format'

const COUNTERS = ['queued', 'sent', 'delivered', 'failed', 'uncertain', 'cancelled'] as const

/** What an import waiting for the disk says, by what holds it back. */
const WAITING = {
  full: (t: ImportStrings) => t.waitingDisk,
  failing: (t: ImportStrings) => t.waitingFailing,
  busy: (t: ImportStrings) => t.waitingBusy,
} as const

export function BatchPanel({ batchId }: { batchId: number }) {
  const t = useImportT()
  const ids = useId()
  const lang = useLang((s) => s.lang)
  const [batch, setBatch] = useState<BatchView | null>(null)
  const [progress, setProgress] = useState<ImportProgress | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  // Pushes sent while the connection was down are lost: read the batch again once it is back.
  const online = useConnection((s) => s.status === 'open')
  // The recent list shows the batch too: it follows what the panel sees.
  const batchSeen = useBulkImport((s) => s.batchSeen)
  const showBatch = useBulkImport((s) => s.showBatch)
  const loadBatches = useBulkImport((s) => s.loadBatches)

  useEffect(() => {
    if (batch) batchSeen(batch)
  }, [batch, batchSeen])

  useEffect(() => {
    let alive = true
    const load = () =>
      call('batch.get', { batchId })
        .then((b) => {
          if (alive) {
            setBatch(b)
            setError(null)
          }
        })
        .catch((err: unknown) => alive && setError(errorText(err)))
    if (online) void load()
    const offBatch = onEvent('batch.updated', (b) => {
      if (b.id === batchId) setBatch(b)
    })
    const offProgress = onEvent('import.progress', (p) => {
      if (p.batchId === batchId) setProgress(p)
    })
    return () => {
      alive = false
      offBatch()
      offProgress()
    }
  }, [batchId, online])

  const act = async (
    name: 'batch.pause' | 'batch.resume' | 'batch.cancel' | 'batch.resumeImport',
  ) => {
    if (name === 'batch.cancel' && !window.confirm(t.confirmCancel)) return
    setBusy(true)
    try {
      setBatch(await call(name, { batchId }))
      setError(null)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  if (!batch) {
    return (
      <section aria-labelledby={`${ids}-title`} className="import-batch">
        <h3 id={`${ids}-title`}>{t.batch}</h3>
        <ListState error={error && t.error(error)} loading loadingText={t.loading} />
      </section>
    )
  }

  const importing = batch.importState === 'importing'
  const total = progress?.total ?? null
  const done = progress?.current ?? batch.total + batch.rejected
  return (
    <section aria-labelledby={`${ids}-title`} className="import-batch" data-testid="batch-panel">
      <h3 id={`${ids}-title`}>
        {t.batch} #{batch.id}: {batch.name}
      </h3>
      <p>
        <span className={`badge batch-state-${batch.state}`} data-testid="batch-state">
          {t.states[batch.state]}
        </span>{' '}
        <span className="hint">{t.importStates[batch.importState]}</span>
      </p>
      {importing && (
        <div className="import-progress">
          <progress
            aria-label={t.queueProgress}
            max={total ?? undefined}
            value={total ? done : undefined}
          />
          <span>{t.queueing(done, total ? formatNumber(total, lang) : '…')}</span>
        </div>
      )}
      {batch.waiting && (
        <p className="error" role="alert" data-testid="batch-waiting">
          {WAITING[batch.waiting.reason](t)(
            formatNumber(batch.waiting.rows, lang),
            formatTime(batch.waiting.since, lang),
          )}
        </p>
      )}
      {batch.importState === 'interrupted' ? (
        <p className="error">{t.interruptedHint}</p>
      ) : (
        batch.error && <p className="error">{mainPhrase(batch.error, lang)}</p>
      )}
      {batch.skipped > 0 && (
        <p className="hint" data-testid="batch-skipped">
          {t.skipped(formatNumber(batch.skipped, lang))}
        </p>
      )}
      {batch.canary && batch.canary.state !== 'off' && batch.state !== 'cancelled' && (
        <p
          className={batch.canary.state === 'paused' ? 'error' : 'notice'}
          role="status"
          data-testid="batch-canary"
        >
          {batch.canary.state === 'testing'
            ? t.canaryTesting(batch.canary.first)
            : batch.canary.state === 'watching'
              ? t.canaryWatching(
                  batch.canary.failed ?? 0,
                  batch.canary.outcomes ?? 0,
                  batch.canary.failPercent,
                )
              : batch.canary.cause === 'throttling'
                ? t.canaryThrottled(
                    batch.canary.throttled ?? 0,
                    batch.canary.out ?? 0,
                    batch.canary.throttlePercent ?? 0,
                  )
                : t.canaryPaused(
                    batch.canary.failed ?? 0,
                    batch.canary.outcomes ?? 0,
                    batch.canary.failPercent,
                  )}
        </p>
      )}
      {batch.held > 0 && batch.state !== 'cancelled' && (
        <p className="notice" role="status" data-testid="batch-held">
          {t.held(batch.held)}
        </p>
      )}
      {batch.state === 'running' && (
        <ProfileWait profileId={batch.profileId} waiting={batch.counters.queued} />
      )}
      <dl className="batch-counters" aria-live="polite">
        {COUNTERS.map((c) => (
          <div key={c} className={`counter-${c}`}>
            <dt>{t.counters[c]}</dt>
            <dd data-testid={`batch-${c}`}>{formatNumber(batch.counters[c], lang)}</dd>
          </div>
        ))}
      </dl>
      <div className="actions-line">
        {batch.resumable && (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void act('batch.resumeImport')}
          >
            {t.resumeImport}
          </button>
        )}
        {batch.state === 'running' && (
          <button type="button" disabled={busy} onClick={() => void act('batch.pause')}>
            {t.pause}
          </button>
        )}
        {batch.state === 'paused' && (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void act('batch.resume')}
          >
            {t.resume}
          </button>
        )}
        {batch.counters.failed > 0 && !importing && (
          <ResendFailedButton
            batchId={batch.id}
            name={sourceName(batch.name, t)}
            onSent={(again) => {
              // The new batch takes the panel's place, and the list shows it.
              showBatch(again.id)
              void loadBatches()
            }}
          />
        )}
        {(batch.state === 'running' || batch.state === 'paused') && (
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => void act('batch.cancel')}
          >
            {t.cancel}
          </button>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {t.error(error)}
        </p>
      )}
    </section>
  )
}
