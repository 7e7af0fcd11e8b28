/**
 * The provider's own record of what was sent, reconciled with ours: plain values main and the
 * renderer share (the renderer imports these, never calls/reconcile.ts, which builds schemas).
 */

/**
 * Where a reconciliation is: the provider's export job `waiting` or `running`; its file
 * `downloading` and being compared; `compared` (its differences stored); or ended without a
 * comparison — the provider's job `failed` or was `cancelled`, or the console could not finish
 * it (`error`: a malformed file, a job the provider no longer lists).
 */
export const RECONCILE_STATES = [
  'waiting',
  'running',
  'downloading',
  'compared',
  'failed',
  'cancelled',
  'error',
] as const
export type ReconcileState = (typeof RECONCILE_STATES)[number]

/** States the console still follows: it asks the provider again until the job ends. */
export const RECONCILE_OPEN: readonly ReconcileState[] = ['waiting', 'running', 'downloading']

/**
 * The four kinds of difference: a message the provider has and we do not (`theirs`), one of
 * ours (accepted or later) it does not have (`ours`), and a message both have with a different
 * `status` or `price`.
 */
export const DIFFERENCE_KINDS = ['theirs', 'ours', 'status', 'price'] as const
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number]

/** Longest period one reconciliation covers, in days. */
export const MAX_RECONCILE_DAYS = 31
