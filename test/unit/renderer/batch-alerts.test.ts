import { describe, expect, it } from 'vitest'
import { batchAlert } from '../../../src/renderer/components/batch-alert'
import { batchView } from './batch-view'

describe('batch alerts', () => {
  it('tells once every message is settled and some failed', () => {
    expect(batchAlert(batchView())).toBe('failed')
  })

  it('says nothing while messages are still on their way, or when none failed', () => {
    expect(batchAlert(batchView({}, { queued: 3 }))).toBeNull()
    expect(batchAlert(batchView({}, { sent: 1 }))).toBeNull()
    expect(batchAlert(batchView({}, { failed: 0, delivered: 10 }))).toBeNull()
    expect(batchAlert(batchView({ importState: 'importing' }))).toBeNull()
  })

  it('tells when the import itself failed or was interrupted', () => {
    expect(
      batchAlert(batchView({ importState: 'failed', error: 'disk full' }, { failed: 0 })),
    ).toBe('import-failed')
    expect(batchAlert(batchView({ importState: 'interrupted' }, { failed: 0 }))).toBe(
      'import-failed',
    )
  })
})
