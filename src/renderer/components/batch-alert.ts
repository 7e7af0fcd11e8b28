import type { BatchView } from '../../shared/calls/imports'

/** What, if anything, to tell the agent about this batch now. */
export function batchAlert(b: BatchView): 'import-failed' | 'failed' | null {
  if (b.importState === 'failed' || b.importState === 'interrupted') return 'import-failed'
  const c = b.counters
  const settled = b.importState === 'done' && c.queued === 0 && c.sent === 0
  return settled && c.failed > 0 ? 'failed' : null
}
