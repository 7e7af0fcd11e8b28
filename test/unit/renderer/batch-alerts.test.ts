import { describe, expect, it } from 'vitest'
import type { BatchView } from '../../../src/shared/calls/imports'
import { batchAlert } from '../../../src/renderer/components/batch-alert'

const batch = (
  over: Partial<BatchView> = {},
  counters: Partial<BatchView['counters']> = {},
): BatchView => ({
  id: 7,
  name: 'clients.csv',
  profileId: 'sandbox',
  sender: 'Shop',
  state: 'running',
  importState: 'done',
  total: 10,
  rejected: 0,
  parts: 10,
  scheduledAt: null,
  createdAt: 1,
  error: null,
  counters: {
    queued: 0,
    sent: 0,
    delivered: 8,
    failed: 2,
    uncertain: 0,
    cancelled: 0,
    ...counters,
  },
  ...over,
})

describe('batch alerts', () => {
  it('tells once every message is settled and some failed', () => {
    expect(batchAlert(batch())).toBe('failed')
  })

  it('says nothing while messages are still on their way, or when none failed', () => {
    expect(batchAlert(batch({}, { queued: 3 }))).toBeNull()
    expect(batchAlert(batch({}, { sent: 1 }))).toBeNull()
    expect(batchAlert(batch({}, { failed: 0, delivered: 10 }))).toBeNull()
    expect(batchAlert(batch({ importState: 'importing' }))).toBeNull()
  })

  it('tells when the import itself failed or was interrupted', () => {
    expect(batchAlert(batch({ importState: 'failed', error: 'disk full' }, { failed: 0 }))).toBe(
      'import-failed',
    )
    expect(batchAlert(batch({ importState: 'interrupted' }, { failed: 0 }))).toBe('import-failed')
  })
})
