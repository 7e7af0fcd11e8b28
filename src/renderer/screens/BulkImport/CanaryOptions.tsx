/**
 * A canary before the send: the first recipients (and the agent's test numbers) go first, the
 * rest only if few enough of them failed (and, if asked, few enough were throttled by the
 * provider); else the batch pauses by itself.
 */
import { useId } from 'react'
import { useBulkImport } from '../../stores/bulk-import'
import { useImportT } from './strings'

export function CanaryOptions() {
  const t = useImportT()
  const ids = useId()
  const canary = useBulkImport((s) => s.canary)
  const setCanary = useBulkImport((s) => s.setCanary)
  const sentBatch = useBulkImport((s) => s.sentBatch)
  return (
    <fieldset className="import-canary" disabled={sentBatch !== null}>
      <legend>
        <label className="check">
          <input
            type="checkbox"
            checked={canary.on}
            onChange={(e) => setCanary({ on: e.target.checked })}
          />{' '}
          {t.canaryOn}
        </label>
      </legend>
      {canary.on && (
        <>
          <div className="row">
            <div className="field">
              <label htmlFor={`${ids}-first`}>{t.canaryFirst}</label>
              <input
                id={`${ids}-first`}
                type="number"
                min={1}
                max={10000}
                value={canary.first}
                onChange={(e) => setCanary({ first: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${ids}-fail`}>{t.canaryFail}</label>
              <input
                id={`${ids}-fail`}
                type="number"
                min={0}
                max={100}
                value={canary.failPercent}
                onChange={(e) => setCanary({ failPercent: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${ids}-throttle`}>{t.canaryThrottle}</label>
              <input
                id={`${ids}-throttle`}
                type="number"
                min={0}
                max={100}
                value={canary.throttlePercent}
                onChange={(e) => setCanary({ throttlePercent: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${ids}-tests`}>{t.canaryTests}</label>
              <textarea
                id={`${ids}-tests`}
                rows={2}
                value={canary.testNumbers}
                onChange={(e) => setCanary({ testNumbers: e.target.value })}
              />
            </div>
          </div>
          <p className="hint">{t.canaryHint}</p>
        </>
      )}
    </fieldset>
  )
}
