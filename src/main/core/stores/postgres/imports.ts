/**
 * Bulk imports' batches on PostgreSQL: the same behaviour as SQLite's (the same store tests run
 * against both). A slice of an import and its progress commit together, and never into a
 * cancelled batch: the batch's row is locked for the slice, so a cancel on another server waits
 * for it (or the slice sees the cancel).
 */
import type { PoolClient } from 'pg'
import type { BatchRow, BatchState, ImportState, NewBatch } from '../../imports/store'
import type { NewMessage } from '../../outbox/outbox'
import { progressAfter, type ImportCounts, type ImportsStore, type SeenNumbers } from '../stores'
import type { PgDatabase } from './database'
import type { PgOutbox } from './outbox'
import { PgStopList } from './stop-list'

/** Messages a slice of "send the failed again" takes: one short transaction each. */
const RESEND_SLICE = 2000

export class PgImports implements ImportsStore {
  readonly stopList: PgStopList
  private scratchSeq = 0

  constructor(
    private readonly db: PgDatabase,
    private readonly outbox: PgOutbox,
    private readonly now: () => number = Date.now,
  ) {
    this.stopList = new PgStopList(db, now)
  }

  async createBatch(b: NewBatch) {
    const r = await this.db.pool.query<BatchRow>(
      `INSERT INTO batches (profile_id, name, total, created_at, state, import_state, sender,
          template, source, scheduled_at, updated_at, import_key, import_mapping, source_path,
          canary)
        VALUES ($1, $2, 0, $3, 'running', 'importing', $4, $5, $6, $7, $3, $8, $9, $10, $11)
        RETURNING *`,
      [
        b.profileId,
        b.name,
        this.now(),
        b.sender,
        b.template,
        b.source,
        b.scheduledAt,
        b.importKey,
        b.importMapping,
        b.sourcePath,
        b.canary ?? null,
      ],
    )
    return r.rows[0] as BatchRow
  }

  async setCanary(id: number, canary: string | null) {
    await this.db.pool.query('UPDATE batches SET canary = $2, updated_at = $3 WHERE id = $1', [
      id,
      canary,
      this.now(),
    ])
  }

  async batch(id: number) {
    const r = await this.db.pool.query<BatchRow>('SELECT * FROM batches WHERE id = $1', [id])
    return r.rows[0] ?? null
  }

  async recent(limit: number) {
    const r = await this.db.pool.query<BatchRow>(
      'SELECT * FROM batches ORDER BY id DESC LIMIT $1',
      [limit],
    )
    return r.rows
  }

  /** Key prefixes sort together: '<fingerprint>:' up to '<fingerprint>;' is one file's range. */
  async latestFromFile(fingerprint: string) {
    const r = await this.db.pool.query<BatchRow>(
      `SELECT * FROM batches WHERE import_key >= $1 || ':' AND import_key < $1 || ';'
        ORDER BY id DESC LIMIT 1`,
      [fingerprint],
    )
    return r.rows[0] ?? null
  }

  async latestImportKey(base: string) {
    return (await this.latestFromFile(base))?.import_key ?? null
  }

  async firstBatchWithKey(importKey: string) {
    const r = await this.db.pool.query<{ id: number | null }>(
      'SELECT min(id) AS id FROM batches WHERE import_key = $1',
      [importKey],
    )
    return r.rows[0]?.id ?? null
  }

  async resumeImport(id: number, sourcePath: string) {
    const r = await this.db.pool.query(
      `UPDATE batches SET import_state = 'importing', error = NULL,
          state = CASE WHEN state = 'done' THEN 'running' ELSE state END,
          source_path = $2, updated_at = $3
        WHERE id = $1 AND import_state = 'interrupted' AND state <> 'cancelled'`,
      [id, sourcePath, this.now()],
    )
    return (r.rowCount ?? 0) > 0
  }

  async recoverInterrupted() {
    await this.db.pool.query(
      `UPDATE batches SET import_state = 'interrupted', updated_at = $1,
          error = 'The console stopped while this file was being queued: the rows queued before it stopped are sending. Resume the import to queue the rest; rows already queued are not queued again.'
        WHERE import_state = 'importing'`,
      [this.now()],
    )
  }

  async keptSources() {
    const r = await this.db.pool.query<{ source_path: string }>(
      `SELECT source_path FROM batches WHERE import_state = 'interrupted'
        AND state <> 'cancelled' AND source_path IS NOT NULL`,
    )
    return r.rows.map((x) => x.source_path)
  }

  async setImportState(id: number, importState: ImportState, error: string | null = null) {
    await this.db.pool.query(
      `UPDATE batches SET import_state = $2, error = COALESCE($3, error), updated_at = $4
        WHERE id = $1`,
      [id, importState, error, this.now()],
    )
  }

  async setState(id: number, from: readonly BatchState[], to: BatchState) {
    return this.moveBatch(this.db.pool, id, from, to)
  }

  async queueSlice(batchId: number, messages: readonly NewMessage[], before: ImportCounts) {
    return this.db.transaction(async (c) => {
      // Never into a cancelled batch: its messages would go out after the cancel.
      if ((await this.lockBatch(c, batchId)) === 'cancelled') return null
      const r = await this.outbox.insertImport(c, batchId, messages)
      await this.progress(c, batchId, progressAfter(before, r, r.elsewhere))
      return r
    })
  }

  async resendSlice(
    from: number,
    to: number,
    keyBase: string,
    afterId: number,
    before: ImportCounts,
  ) {
    return this.db.transaction(async (c) => {
      if ((await this.lockBatch(c, to)) === 'cancelled') return null
      const r = await this.outbox.resendBatchSlice(c, from, to, keyBase, afterId, RESEND_SLICE)
      // Not sent again: on the stop-list since.
      const counts = progressAfter(before, r, r.stopped)
      await this.progress(c, to, counts)
      return { counts, lastId: r.lastId }
    })
  }

  async finishImport(batchId: number, counts: ImportCounts) {
    await this.db.transaction(async (c) => {
      await this.progress(c, batchId, counts)
      await c.query(`UPDATE batches SET import_state = 'done', updated_at = $2 WHERE id = $1`, [
        batchId,
        this.now(),
      ])
    })
  }

  async cancelBatch(batchId: number) {
    return this.db.transaction(async (c) => {
      if (!(await this.moveBatch(c, batchId, ['running', 'paused'], 'cancelled'))) return null
      return this.outbox.cancelBatchMessages(c, batchId)
    })
  }

  /**
   * Numbers seen in one pass over a file, kept in a temporary table of one connection held for
   * the pass (the database's memory and disk, not the server's): drop() gives it back.
   */
  async seenNumbers(): Promise<SeenNumbers> {
    const c = await this.db.pool.connect()
    const name = `import_seen_${++this.scratchSeq}`
    try {
      await c.query(`CREATE TEMP TABLE ${name} (phone TEXT COLLATE "C" PRIMARY KEY)`)
    } catch (err) {
      c.release()
      throw err
    }
    let dropped = false
    return {
      addMany: async (phones) => {
        if (phones.length === 0) return []
        const r = await c.query<{ phone: string }>(
          `INSERT INTO ${name} (phone) SELECT unnest($1::text[])
            ON CONFLICT DO NOTHING RETURNING phone`,
          [phones],
        )
        // Of a number new to the pass, its first occurrence in this slice is the first seen.
        const fresh = new Set(r.rows.map((x) => x.phone))
        return phones.map((p) => fresh.delete(p))
      },
      drop: async () => {
        if (dropped) return
        dropped = true
        try {
          await c.query(`DROP TABLE IF EXISTS ${name}`)
        } finally {
          c.release()
        }
      },
    }
  }

  private async lockBatch(c: PoolClient, id: number): Promise<BatchState | null> {
    const r = await c.query<{ state: BatchState }>(
      'SELECT state FROM batches WHERE id = $1 FOR UPDATE',
      [id],
    )
    return r.rows[0]?.state ?? null
  }

  private async moveBatch(
    c: Pick<PoolClient, 'query'>,
    id: number,
    from: readonly BatchState[],
    to: BatchState,
  ) {
    const r = await c.query(
      `UPDATE batches SET state = $2, updated_at = $3 WHERE id = $1 AND state = ANY($4::text[])`,
      [id, to, this.now(), from],
    )
    return (r.rowCount ?? 0) > 0
  }

  private async progress(c: PoolClient, id: number, p: ImportCounts) {
    await c.query(
      `UPDATE batches SET queued_rows = $2, total = $2, rejected = $3, parts = $4, skipped = $5,
          updated_at = $6 WHERE id = $1`,
      [id, p.queued, p.rejected, p.parts, p.skipped, this.now()],
    )
  }
}
