/**
 * Reconciliations as their users see them, whichever database keeps them: each job with what
 * its comparison found, the differences, and the reads of our own messages a comparison needs.
 * SQLite (./sqlite-store.ts, in the storage worker) and PostgreSQL (stores/postgres/reconcile.ts)
 * implement it; both map their rows with the functions here.
 */
import type { Difference, DifferenceCounts, ReconcileJob } from '../../../shared/calls/reconcile'
import type { MessageState, PhraseRef } from '../../../shared/contract'
import type { DifferenceKind, ReconcileState } from '../../../shared/reconcile'
import type { NewDifference, OurRecord } from './compare'

export interface NewReconcileJob {
  profileId: string
  name: string
  from: string
  to: string
  periodFrom: number
  periodTo: number
  /** The provider's job, made before this is stored. */
  providerJobId: string
  providerStatus: number | null
  state: ReconcileState
  nextCheckAt: number | null
  /** The same key again returns the job already stored. */
  requestKey: string | null
}

/** What a step of following a job changes of it (absent: left as it is). */
export interface JobChange {
  state?: ReconcileState
  providerStatus?: number | null
  nextCheckAt?: number | null
  error?: string | null
  errorPhrase?: PhraseRef | null
}

/** What a comparison found, stored with its differences. */
export interface ComparisonSaved {
  counts: DifferenceCounts
  providerRows: number
  ourRows: number
}

/** Where a read of our messages goes on from: after this time and id. */
export interface OursCursor {
  at: number
  id: number
}

export interface ReconcileStore {
  /** Stores a new job, or returns the one stored under the same request key. */
  create(job: NewReconcileJob): Promise<ReconcileJob>
  get(id: number): Promise<ReconcileJob | null>
  byRequestKey(key: string): Promise<ReconcileJob | null>
  /** The newest first: a profile's (or every profile's). */
  list(profileId: string | null, limit: number): Promise<ReconcileJob[]>
  /** Jobs still followed (waiting, running, downloading). */
  open(): Promise<ReconcileJob[]>
  /** Changes a job if it is in one of `from` (any state when absent); null when it was not. */
  update(
    id: number,
    change: JobChange,
    from?: readonly ReconcileState[],
  ): Promise<ReconcileJob | null>
  /**
   * A profile's messages queued in [from, to), in order of time and id after `after`: those
   * that may be at the provider (accepted, delivered, expired, uncertain, and failed ones it
   * answered for), HLR lookups left out, each with its latest stated price.
   */
  ours(
    profileId: string,
    from: number,
    to: number,
    after: OursCursor | null,
    limit: number,
  ): Promise<OurRecord[]>
  /**
   * A comparison's differences and counts, in one transaction, and the job `compared` — only
   * from `downloading` (null otherwise: nothing is written).
   */
  saveComparison(
    id: number,
    differences: readonly NewDifference[],
    saved: ComparisonSaved,
  ): Promise<ReconcileJob | null>
  differences(
    id: number,
    kind: DifferenceKind | null,
    offset: number,
    limit: number,
  ): Promise<{ rows: Difference[]; total: number }>
  /** A job's differences whose status may still be adopted: these ids, or all of them. */
  adoptable(id: number, differenceIds: readonly number[] | null): Promise<Difference[]>
  /** These differences' statuses were adopted. */
  markAdopted(differenceIds: readonly number[], at: number): Promise<void>
}

// ---------------------------------------------------------------------------------------------
// Rows, as both databases give them (PostgreSQL's BIGINT as text)

export interface JobRow {
  id: number | string
  profile_id: string
  name: string
  from_day: string
  to_day: string
  period_from: number | string
  period_to: number | string
  state: string
  provider_job_id: string | null
  provider_status: number | string | null
  created_at: number | string
  updated_at: number | string
  next_check_at: number | string | null
  compared_at: number | string | null
  error: string | null
  error_phrase: string | null
  theirs_count: number | string | null
  ours_count: number | string | null
  status_count: number | string | null
  price_count: number | string | null
  provider_rows: number | string | null
  our_rows: number | string | null
  adoptable: number | string | null
}

export interface DifferenceRow {
  id: number | string
  job_id: number | string
  kind: string
  message_id: number | string | null
  provider_id: string | null
  phone: string
  at: number | string | null
  our_state: string | null
  our_price: number | string | null
  their_status: string | null
  their_err: string | null
  their_outcome: string | null
  their_reason: string | null
  their_reason_code: string | null
  their_price: number | string | null
  text: string | null
  adoptable: number | boolean
  adopted_at: number | string | null
}

export interface OurRow {
  id: number | string
  provider_ids: string
  numeric_key: number | string | null
  phone: string
  state: string
  created_at: number | string
  text: string
  price: string | null
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v))

function phraseOf(json: string | null): PhraseRef | null {
  if (!json) return null
  try {
    return JSON.parse(json) as PhraseRef
  } catch {
    return null
  }
}

/** The columns a job is read with (`j`: reconcile_jobs), the count of its adoptable ones too. */
export const JOB_COLUMNS = `j.id, j.profile_id, j.name, j.from_day, j.to_day, j.period_from,
  j.period_to, j.state, j.provider_job_id, j.provider_status, j.created_at, j.updated_at,
  j.next_check_at, j.compared_at, j.error, j.error_phrase, j.theirs_count, j.ours_count,
  j.status_count, j.price_count, j.provider_rows, j.our_rows,
  (SELECT count(*) FROM reconcile_differences d
    WHERE d.job_id = j.id AND d.adoptable = 1 AND d.adopted_at IS NULL) AS adoptable`

export const DIFFERENCE_COLUMNS = `id, job_id, kind, message_id, provider_id, phone, at,
  our_state, our_price, their_status, their_err, their_outcome, their_reason, their_reason_code,
  their_price, text, adoptable, adopted_at`

export function jobOf(r: JobRow): ReconcileJob {
  const theirs = num(r.theirs_count)
  return {
    id: Number(r.id),
    profileId: r.profile_id,
    name: r.name,
    from: r.from_day,
    to: r.to_day,
    periodFrom: Number(r.period_from),
    periodTo: Number(r.period_to),
    state: r.state as ReconcileState,
    providerJobId: r.provider_job_id,
    providerStatus: num(r.provider_status),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    nextCheckAt: num(r.next_check_at),
    comparedAt: num(r.compared_at),
    error: r.error,
    errorPhrase: phraseOf(r.error_phrase),
    counts:
      theirs === null
        ? null
        : {
            theirs,
            ours: Number(r.ours_count),
            status: Number(r.status_count),
            price: Number(r.price_count),
          },
    providerRows: num(r.provider_rows),
    ourRows: num(r.our_rows),
    adoptable: Number(r.adoptable ?? 0),
  }
}

export function differenceOf(r: DifferenceRow): Difference {
  return {
    id: Number(r.id),
    jobId: Number(r.job_id),
    kind: r.kind as DifferenceKind,
    messageId: num(r.message_id),
    providerId: r.provider_id,
    phone: r.phone,
    at: num(r.at),
    ourState: r.our_state as MessageState | null,
    ourPrice: num(r.our_price),
    theirStatus: r.their_status,
    theirErr: r.their_err,
    theirOutcome: r.their_outcome,
    theirReason: r.their_reason,
    theirReasonCode: r.their_reason_code,
    theirPrice: num(r.their_price),
    text: r.text,
    adoptable: r.adoptable === 1 || r.adoptable === true,
    adoptedAt: num(r.adopted_at),
  }
}

export function ourOf(r: OurRow): OurRecord {
  const keys = JSON.parse(r.provider_ids) as string[]
  if (r.numeric_key !== null) keys.push(String(r.numeric_key))
  const price = r.price === null ? null : Number.parseFloat(r.price.replace(',', '.'))
  return {
    id: Number(r.id),
    keys,
    phone: r.phone.replace(/\D/g, ''),
    state: r.state as MessageState,
    createdAt: Number(r.created_at),
    price: price !== null && Number.isFinite(price) ? price : null,
    text: r.text,
  }
}

/** A difference as a row's values, in DIFFERENCE_COLUMNS' order after id and job_id. */
export function differenceValues(d: NewDifference): unknown[] {
  return [
    d.kind,
    d.messageId,
    d.providerId,
    d.phone,
    d.at,
    d.ourState,
    d.ourPrice,
    d.theirStatus,
    d.theirErr,
    d.theirOutcome,
    d.theirReason,
    d.theirReasonCode,
    d.theirPrice,
    d.text,
    d.adoptable ? 1 : 0,
  ]
}

/** The states `ours` reads: a message that may be at the provider. */
export const OURS_WHERE = `m.text <> '__HLR__' AND (m.state IN ('accepted','delivered','expired',
  'uncertain') OR (m.state = 'failed' AND m.provider_ids <> '[]'))`
