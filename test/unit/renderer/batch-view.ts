// A batch as the renderer gets it (BatchView), for tests of what it shows about one.
import type { BatchView } from '../../../src/shared/calls/imports'

/** A finished import of 10 rows, running: 8 delivered and 2 failed unless told otherwise. */
export function batchView(
  over: Partial<BatchView> = {},
  counters: Partial<BatchView['counters']> = {},
): BatchView {
  return {
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
    skipped: 0,
    resumable: false,
    held: 0,
    canary: null,
    waiting: null,
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
  }
}
