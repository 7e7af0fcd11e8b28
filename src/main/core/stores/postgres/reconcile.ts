/**
 * Reconciliations on a team server's PostgreSQL (its migration 12), as SQLite keeps them on a
 * workstation (reconcile/sqlite-store.ts): the same rows, mapped by the same functions.
 */
import type { Difference, ReconcileJob } from '../../../../shared/calls/reconcile'
import type { DifferenceKind, ReconcileState } from '../../../../shared/reconcile'
import type { NewDifference, OurRecord } from '../../reconcile/compare'
import {
  DIFFERENCE_COLUMNS,
  differenceOf,
  differenceValues,
  JOB_COLUMNS,
  jobOf,
  ourOf,
  OURS_WHERE,
  type ComparisonSaved,
  type DifferenceRow,
  type JobChange,
  type JobRow,
  type NewReconcileJob,
  type OurRow,
  type OursCursor,
  type ReconcileStore,
} from '../../reconcile/store'
import type { PgDatabase } from './database'

/** Differences written by one statement (16 values each, well under PostgreSQL's 65535). */
const INSERT_ROWS = 1000

export class PgReconcile implements ReconcileStore {
  constructor(
    private readonly db: PgDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  private async one(sql: string, params: unknown[]): Promise<ReconcileJob | null> {
    const r = await this.db.pool.query<JobRow>(sql, params)
    const row = r.rows[0]
    return row ? jobOf(row) : null
  }

  async create(job: NewReconcileJob): Promise<ReconcileJob> {
    const now = this.now()
    const made = await this.db.pool.query<{ id: string }>(
      `INSERT INTO reconcile_jobs (profile_id, name, from_day, to_day, period_from, period_to,
          request_key, state, provider_job_id, provider_status, created_at, updated_at,
          next_check_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12)
        ON CONFLICT (request_key) DO NOTHING RETURNING id`,
      [
        job.profileId,
        job.name,
        job.from,
        job.to,
        job.periodFrom,
        job.periodTo,
        job.requestKey,
        job.state,
        job.providerJobId,
        job.providerStatus,
        now,
        job.nextCheckAt,
      ],
    )
    const id = made.rows[0]?.id
    const stored =
      id !== undefined
        ? await this.get(Number(id))
        : await this.byRequestKey(job.requestKey as string)
    if (!stored) throw new Error('the reconciliation just stored cannot be read back')
    return stored
  }

  get(id: number): Promise<ReconcileJob | null> {
    return this.one(`SELECT ${JOB_COLUMNS} FROM reconcile_jobs j WHERE j.id = $1`, [id])
  }

  byRequestKey(key: string): Promise<ReconcileJob | null> {
    return this.one(`SELECT ${JOB_COLUMNS} FROM reconcile_jobs j WHERE j.request_key = $1`, [key])
  }

  async list(profileId: string | null, limit: number): Promise<ReconcileJob[]> {
    const r = await this.db.pool.query<JobRow>(
      `SELECT ${JOB_COLUMNS} FROM reconcile_jobs j
        WHERE $1::text IS NULL OR j.profile_id = $1 ORDER BY j.id DESC LIMIT $2`,
      [profileId, limit],
    )
    return r.rows.map(jobOf)
  }

  async open(): Promise<ReconcileJob[]> {
    const r = await this.db.pool.query<JobRow>(
      `SELECT ${JOB_COLUMNS} FROM reconcile_jobs j
        WHERE j.state IN ('waiting','running','downloading') ORDER BY j.id`,
    )
    return r.rows.map(jobOf)
  }

  async update(
    id: number,
    change: JobChange,
    from?: readonly ReconcileState[],
  ): Promise<ReconcileJob | null> {
    const params: unknown[] = [id, this.now()]
    const sets = ['updated_at = $2']
    const put = (column: string, value: unknown) => {
      params.push(value)
      sets.push(`${column} = $${params.length}`)
    }
    if (change.state !== undefined) put('state', change.state)
    if (change.providerStatus !== undefined) put('provider_status', change.providerStatus)
    if (change.nextCheckAt !== undefined) put('next_check_at', change.nextCheckAt)
    if (change.error !== undefined) put('error', change.error)
    if (change.errorPhrase !== undefined)
      put('error_phrase', change.errorPhrase && JSON.stringify(change.errorPhrase))
    let guard = ''
    if (from) {
      params.push([...from])
      guard = ` AND state = ANY($${params.length}::text[])`
    }
    const r = await this.db.pool.query<{ id: string }>(
      `UPDATE reconcile_jobs SET ${sets.join(', ')} WHERE id = $1${guard} RETURNING id`,
      params,
    )
    return r.rows.length === 0 ? null : this.get(id)
  }

  async ours(
    profileId: string,
    from: number,
    to: number,
    after: OursCursor | null,
    limit: number,
  ): Promise<OurRecord[]> {
    const r = await this.db.pool.query<OurRow>(
      `SELECT m.id, m.provider_ids, m.phone, m.state, m.created_at, m.text,
          (SELECT value::bigint FROM meta WHERE key = 'numeric_key_base') + m.id AS numeric_key,
          (SELECT r.price FROM delivery_receipts r WHERE r.message_id = m.id
            AND r.price IS NOT NULL AND r.price <> '' ORDER BY r.id DESC LIMIT 1) AS price
        FROM messages m
        WHERE m.profile_id = $1 AND m.created_at >= $2 AND m.created_at < $3
          AND (m.created_at, m.id) > ($4::bigint, $5::bigint) AND ${OURS_WHERE}
        ORDER BY m.created_at, m.id LIMIT $6`,
      [profileId, from, to, after?.at ?? -1, after?.id ?? 0, limit],
    )
    return r.rows.map(ourOf)
  }

  async saveComparison(
    id: number,
    differences: readonly NewDifference[],
    saved: ComparisonSaved,
  ): Promise<ReconcileJob | null> {
    const done = await this.db.transaction(async (c) => {
      const job = await c.query<{ state: string }>(
        'SELECT state FROM reconcile_jobs WHERE id = $1 FOR UPDATE',
        [id],
      )
      if (job.rows[0]?.state !== 'downloading') return false
      await c.query('DELETE FROM reconcile_differences WHERE job_id = $1', [id])
      for (let i = 0; i < differences.length; i += INSERT_ROWS) {
        const chunk = differences.slice(i, i + INSERT_ROWS)
        const params: unknown[] = []
        const rows = chunk.map((d) => {
          const values = [id, ...differenceValues(d)]
          const at = params.length
          params.push(...values)
          return `(${values.map((_, k) => `$${at + k + 1}`).join(', ')})`
        })
        await c.query(
          `INSERT INTO reconcile_differences (job_id, kind, message_id, provider_id, phone, at,
              our_state, our_price, their_status, their_err, their_outcome, their_reason,
              their_reason_code, their_price, text, adoptable)
            VALUES ${rows.join(', ')}`,
          params,
        )
      }
      const now = this.now()
      await c.query(
        `UPDATE reconcile_jobs SET state = 'compared', updated_at = $2, compared_at = $2,
            next_check_at = NULL, error = NULL, error_phrase = NULL, theirs_count = $3,
            ours_count = $4, status_count = $5, price_count = $6, provider_rows = $7,
            our_rows = $8
          WHERE id = $1`,
        [
          id,
          now,
          saved.counts.theirs,
          saved.counts.ours,
          saved.counts.status,
          saved.counts.price,
          saved.providerRows,
          saved.ourRows,
        ],
      )
      return true
    })
    return done ? this.get(id) : null
  }

  async differences(
    id: number,
    kind: DifferenceKind | null,
    offset: number,
    limit: number,
  ): Promise<{ rows: Difference[]; total: number }> {
    const where = 'job_id = $1 AND ($2::text IS NULL OR kind = $2)'
    const [count, page] = await Promise.all([
      this.db.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM reconcile_differences WHERE ${where}`,
        [id, kind],
      ),
      this.db.pool.query<DifferenceRow>(
        `SELECT ${DIFFERENCE_COLUMNS} FROM reconcile_differences WHERE ${where}
          ORDER BY id LIMIT $3 OFFSET $4`,
        [id, kind, limit, offset],
      ),
    ])
    return { rows: page.rows.map(differenceOf), total: Number(count.rows[0]?.n ?? 0) }
  }

  async adoptable(id: number, differenceIds: readonly number[] | null): Promise<Difference[]> {
    const r = await this.db.pool.query<DifferenceRow>(
      `SELECT ${DIFFERENCE_COLUMNS} FROM reconcile_differences
        WHERE job_id = $1 AND adoptable = 1 AND adopted_at IS NULL
          AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[]))
        ORDER BY id`,
      [id, differenceIds === null ? null : [...differenceIds]],
    )
    return r.rows.map(differenceOf)
  }

  async markAdopted(differenceIds: readonly number[], at: number): Promise<void> {
    if (differenceIds.length === 0) return
    await this.db.pool.query(
      `UPDATE reconcile_differences SET adopted_at = $2
        WHERE id = ANY($1::bigint[]) AND adopted_at IS NULL`,
      [[...differenceIds], at],
    )
  }
}
