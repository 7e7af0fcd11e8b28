/**
 * Reconciliations on the console's embedded SQLite database (migration 31). Its methods run in
 * the storage worker like every other store's (stores/remote.ts), so reading a period's
 * messages and writing a comparison's differences stay off main's loop.
 */
import type { Difference, ReconcileJob } from '../../../shared/calls/reconcile'
import type { DifferenceKind, ReconcileState } from '../../../shared/reconcile'
import type { Db } from '../db/database'
import type { NewDifference, OurRecord } from './compare'
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
} from './store'

/** Differences written by one statement. */
const INSERT_ROWS = 200

export class SqliteReconcileStore implements ReconcileStore {
  private readonly s
  private readonly inserts = new Map<number, ReturnType<Db['prepare']>>()

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.s = {
      byId: db.prepare(`SELECT ${JOB_COLUMNS} FROM reconcile_jobs j WHERE j.id = ?`),
      byKey: db.prepare(`SELECT ${JOB_COLUMNS} FROM reconcile_jobs j WHERE j.request_key = ?`),
      insert: db.prepare(`INSERT INTO reconcile_jobs (profile_id, name, from_day, to_day,
          period_from, period_to, request_key, state, provider_job_id, provider_status,
          created_at, updated_at, next_check_at)
        VALUES (@profileId, @name, @from, @to, @periodFrom, @periodTo, @requestKey, @state,
          @providerJobId, @providerStatus, @now, @now, @nextCheckAt)
        ON CONFLICT (request_key) DO NOTHING RETURNING id`),
      list: db.prepare(`SELECT ${JOB_COLUMNS} FROM reconcile_jobs j
        WHERE @profileId IS NULL OR j.profile_id = @profileId ORDER BY j.id DESC LIMIT @limit`),
      open: db.prepare(`SELECT ${JOB_COLUMNS} FROM reconcile_jobs j
        WHERE j.state IN ('waiting','running','downloading') ORDER BY j.id`),
      ours: db.prepare(`SELECT m.id, m.provider_ids, m.phone, m.state, m.created_at, m.text,
          (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'numeric_key_base') + m.id
            AS numeric_key,
          (SELECT r.price FROM delivery_receipts r WHERE r.message_id = m.id
            AND r.price IS NOT NULL AND r.price <> '' ORDER BY r.id DESC LIMIT 1) AS price
        FROM messages m
        WHERE m.profile_id = @profileId AND m.created_at >= @from AND m.created_at < @to
          AND (m.created_at, m.id) > (@afterAt, @afterId) AND ${OURS_WHERE}
        ORDER BY m.created_at, m.id LIMIT @limit`),
      clear: db.prepare('DELETE FROM reconcile_differences WHERE job_id = ?'),
      compared: db.prepare(`UPDATE reconcile_jobs SET state = 'compared', updated_at = @now,
          compared_at = @now, next_check_at = NULL, error = NULL, error_phrase = NULL,
          theirs_count = @theirs, ours_count = @ours, status_count = @status,
          price_count = @price, provider_rows = @providerRows, our_rows = @ourRows
        WHERE id = @id AND state = 'downloading'`),
      count: db
        .prepare(
          `SELECT count(*) FROM reconcile_differences
        WHERE job_id = @id AND (@kind IS NULL OR kind = @kind)`,
        )
        .pluck(),
      page: db.prepare(`SELECT ${DIFFERENCE_COLUMNS} FROM reconcile_differences
        WHERE job_id = @id AND (@kind IS NULL OR kind = @kind) ORDER BY id LIMIT @limit OFFSET @offset`),
      adoptableAll: db.prepare(`SELECT ${DIFFERENCE_COLUMNS} FROM reconcile_differences
        WHERE job_id = ? AND adoptable = 1 AND adopted_at IS NULL ORDER BY id`),
      adoptableOf: db.prepare(`SELECT ${DIFFERENCE_COLUMNS} FROM reconcile_differences
        WHERE job_id = @id AND adoptable = 1 AND adopted_at IS NULL
          AND id IN (SELECT value FROM json_each(@ids)) ORDER BY id`),
      adopted: db.prepare(`UPDATE reconcile_differences SET adopted_at = @at
        WHERE id IN (SELECT value FROM json_each(@ids)) AND adopted_at IS NULL`),
    }
  }

  async create(job: NewReconcileJob): Promise<ReconcileJob> {
    return this.db.transaction(() => {
      const made = this.s.insert.get({ ...job, now: this.now() }) as { id: number } | undefined
      const row = made ? this.s.byId.get(made.id) : this.s.byKey.get(job.requestKey as string)
      return jobOf(row as JobRow)
    })()
  }

  async get(id: number): Promise<ReconcileJob | null> {
    const row = this.s.byId.get(id) as JobRow | undefined
    return row ? jobOf(row) : null
  }

  async byRequestKey(key: string): Promise<ReconcileJob | null> {
    const row = this.s.byKey.get(key) as JobRow | undefined
    return row ? jobOf(row) : null
  }

  async list(profileId: string | null, limit: number): Promise<ReconcileJob[]> {
    return (this.s.list.all({ profileId, limit }) as JobRow[]).map(jobOf)
  }

  async open(): Promise<ReconcileJob[]> {
    return (this.s.open.all() as JobRow[]).map(jobOf)
  }

  async update(
    id: number,
    change: JobChange,
    from?: readonly ReconcileState[],
  ): Promise<ReconcileJob | null> {
    const sets: string[] = ['updated_at = @now']
    const values: Record<string, unknown> = { id, now: this.now() }
    const put = (column: string, key: string, value: unknown) => {
      sets.push(`${column} = @${key}`)
      values[key] = value
    }
    if (change.state !== undefined) put('state', 'state', change.state)
    if (change.providerStatus !== undefined)
      put('provider_status', 'providerStatus', change.providerStatus)
    if (change.nextCheckAt !== undefined) put('next_check_at', 'nextCheckAt', change.nextCheckAt)
    if (change.error !== undefined) put('error', 'error', change.error)
    if (change.errorPhrase !== undefined)
      put('error_phrase', 'errorPhrase', change.errorPhrase && JSON.stringify(change.errorPhrase))
    const guard = from ? ` AND state IN (SELECT value FROM json_each(@from))` : ''
    if (from) values.from = JSON.stringify(from)
    return this.db.transaction(() => {
      const done = this.db
        .prepare(`UPDATE reconcile_jobs SET ${sets.join(', ')} WHERE id = @id${guard}`)
        .run(values)
      if (done.changes === 0) return null
      return jobOf(this.s.byId.get(id) as JobRow)
    })()
  }

  async ours(
    profileId: string,
    from: number,
    to: number,
    after: OursCursor | null,
    limit: number,
  ): Promise<OurRecord[]> {
    const rows = this.s.ours.all({
      profileId,
      from,
      to,
      afterAt: after?.at ?? -1,
      afterId: after?.id ?? 0,
      limit,
    }) as OurRow[]
    return rows.map(ourOf)
  }

  async saveComparison(
    id: number,
    differences: readonly NewDifference[],
    saved: ComparisonSaved,
  ): Promise<ReconcileJob | null> {
    return this.db.transaction(() => {
      const job = this.s.byId.get(id) as JobRow | undefined
      if (!job || job.state !== 'downloading') return null
      this.s.clear.run(id)
      for (let i = 0; i < differences.length; i += INSERT_ROWS) {
        const chunk = differences.slice(i, i + INSERT_ROWS)
        const values: unknown[] = []
        for (const d of chunk) values.push(id, ...differenceValues(d))
        this.insertOf(chunk.length).run(values)
      }
      this.s.compared.run({
        id,
        now: this.now(),
        theirs: saved.counts.theirs,
        ours: saved.counts.ours,
        status: saved.counts.status,
        price: saved.counts.price,
        providerRows: saved.providerRows,
        ourRows: saved.ourRows,
      })
      return jobOf(this.s.byId.get(id) as JobRow)
    })()
  }

  async differences(
    id: number,
    kind: DifferenceKind | null,
    offset: number,
    limit: number,
  ): Promise<{ rows: Difference[]; total: number }> {
    const total = this.s.count.get({ id, kind }) as number
    const rows = (this.s.page.all({ id, kind, offset, limit }) as DifferenceRow[]).map(differenceOf)
    return { rows, total }
  }

  async adoptable(id: number, differenceIds: readonly number[] | null): Promise<Difference[]> {
    const rows =
      differenceIds === null
        ? this.s.adoptableAll.all(id)
        : this.s.adoptableOf.all({ id, ids: JSON.stringify(differenceIds) })
    return (rows as DifferenceRow[]).map(differenceOf)
  }

  async markAdopted(differenceIds: readonly number[], at: number): Promise<void> {
    if (differenceIds.length === 0) return
    this.s.adopted.run({ ids: JSON.stringify(differenceIds), at })
  }

  /** The INSERT of `n` differences at once, made once per size. */
  private insertOf(n: number): ReturnType<Db['prepare']> {
    let s = this.inserts.get(n)
    if (!s) {
      const one = `(${Array.from({ length: 16 }, () => '?').join(', ')})`
      s = this.db.prepare(`INSERT INTO reconcile_differences (job_id, kind, message_id,
          provider_id, phone, at, our_state, our_price, their_status, their_err, their_outcome,
          their_reason, their_reason_code, their_price, text, adoptable)
        VALUES ${Array.from({ length: n }, () => one).join(', ')}`)
      this.inserts.set(n, s)
    }
    return s
  }
}
