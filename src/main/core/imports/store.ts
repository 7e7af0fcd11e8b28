/**
 * The bulk import's own tables: batches (what migration 4 added to them) and the stop-list,
 * plus the scratch tables that find duplicate numbers in a file without holding it in memory.
 * Statements are prepared once; nothing outside this file builds SQL for these tables.
 */
import type { BatchView, StopListEntry } from '../../../shared/calls/imports'
import type { Db } from '../db/database'

export type BatchState = BatchView['state']
export type ImportState = BatchView['importState']

export interface BatchRow {
  id: number
  profile_id: string
  name: string
  total: number
  created_at: number
  state: BatchState
  import_state: ImportState
  sender: string | null
  template: string | null
  source: string | null
  scheduled_at: number | null
  queued_rows: number
  rejected: number
  parts: number
  error: string | null
  import_key: string | null
  import_mapping: string | null
  source_path: string | null
  skipped: number
  /** The canary's rule and state (canary.ts), or null. */
  canary: string | null
  /** When its progress or state last moved. */
  updated_at: number | null
}

export interface NewBatch {
  profileId: string
  name: string
  sender: string
  template: string
  source: string
  scheduledAt: number | null
  /** `<file sha256>:<template sha256>:<generation>`: the messages' key prefix. */
  importKey: string
  /** How to read the file again (mapping and format), as JSON. */
  importMapping: string
  /** Where the rows come from, to resume from after an interruption (none for a resend). */
  sourcePath: string | null
  /** The canary's rule and state as JSON (canary.ts); absent: none. */
  canary?: string | null
}

/** How long a bulk clear of the stop-list can be undone. */
export const CLEARED_KEPT_MS = 7 * 24 * 3600_000

interface StopRow {
  phone: string
  profile_id: string
  note: string | null
  added_at: number
}

const entryOf = (r: StopRow): StopListEntry => ({
  phone: r.phone,
  profileId: r.profile_id,
  note: r.note,
  addedAt: r.added_at,
})

export class ImportStore {
  private readonly s
  private scratchSeq = 0
  /**
   * Counts from a base of its own: a check made while the stores ran on main's connection names
   * a version the storage worker's store never reaches by chance.
   */
  private stopListChanges = Math.floor(Math.random() * 2 ** 40)
  private readonly optOut

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.optOut = {
      get: db.prepare(`SELECT value FROM meta WHERE key = 'optout.reply'`).pluck(),
      set: db.prepare(`INSERT INTO meta (key, value) VALUES ('optout.reply', ?)
        ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
      clear: db.prepare(`DELETE FROM meta WHERE key = 'optout.reply'`),
      getScope: db.prepare(`SELECT value FROM meta WHERE key = 'optout.scope'`).pluck(),
      setScope: db.prepare(`INSERT INTO meta (key, value) VALUES ('optout.scope', 'profile')
        ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
      clearScope: db.prepare(`DELETE FROM meta WHERE key = 'optout.scope'`),
    }
    this.s = {
      insertBatch: db.prepare(`INSERT INTO batches
        (profile_id, name, total, created_at, state, import_state, sender, template, source,
         scheduled_at, updated_at, import_key, import_mapping, source_path, canary)
        VALUES (@profileId, @name, 0, @now, 'running', 'importing', @sender, @template, @source,
         @scheduledAt, @now, @importKey, @importMapping, @sourcePath, @canary) RETURNING *`),
      setCanary: db.prepare(
        'UPDATE batches SET canary = @canary, updated_at = @now WHERE id = @id',
      ),
      // Key prefixes sort together: '<fingerprint>:' up to '<fingerprint>;' is one file's range.
      latestFromFile: db.prepare(`SELECT * FROM batches
        WHERE import_key >= @fp || ':' AND import_key < @fp || ';' ORDER BY id DESC LIMIT 1`),
      firstWithKey: db.prepare('SELECT MIN(id) FROM batches WHERE import_key = ?').pluck(),
      latestKeyed: db.prepare(`SELECT import_key FROM batches
        WHERE import_key >= @base || ':' AND import_key < @base || ';' ORDER BY id DESC LIMIT 1`),
      resumeImport: db.prepare(`UPDATE batches SET import_state = 'importing', error = NULL,
        state = CASE WHEN state = 'done' THEN 'running' ELSE state END,
        source_path = @sourcePath, updated_at = @now
        WHERE id = @id AND import_state = 'interrupted' AND state != 'cancelled'`),
      keptSources: db.prepare(`SELECT source_path FROM batches
        WHERE import_state = 'interrupted' AND state != 'cancelled' AND source_path IS NOT NULL`),
      batch: db.prepare('SELECT * FROM batches WHERE id = ?'),
      recent: db.prepare('SELECT * FROM batches ORDER BY id DESC LIMIT ?'),
      progress: db.prepare(`UPDATE batches SET queued_rows = @queued, total = @queued,
        rejected = @rejected, parts = @parts, skipped = @skipped, updated_at = @now WHERE id = @id`),
      setImportState: db.prepare(`UPDATE batches SET import_state = @importState,
        error = COALESCE(@error, error), updated_at = @now WHERE id = @id`),
      setState: db.prepare(`UPDATE batches SET state = @to, updated_at = @now
        WHERE id = @id AND state IN (SELECT value FROM json_each(@from))`),
      interrupted: db.prepare(`UPDATE batches SET import_state = 'interrupted', updated_at = @now,
        error = 'The console stopped while this file was being queued: the rows queued before it stopped are sending. Resume the import to queue the rest; rows already queued are not queued again.'
        WHERE import_state = 'importing'`),
      // A number is stopped for a profile by an entry for it or for every profile ('').
      stopAmong: db
        .prepare(
          `SELECT DISTINCT s.phone FROM json_each(@phones) j JOIN stop_list s
          ON s.phone = j.value AND s.profile_id IN ('', @profileId)`,
        )
        .pluck(),
      stopFor: db.prepare(`SELECT phone FROM stop_list WHERE profile_id IN ('', ?)`).pluck(),
      stopTotalFor: db
        .prepare(`SELECT COUNT(*) FROM stop_list WHERE profile_id IN ('', ?)`)
        .pluck(),
      stopAdd: db.prepare(`INSERT INTO stop_list (phone, profile_id, note, added_at)
        VALUES (?, ?, ?, ?) ON CONFLICT(phone, profile_id) DO NOTHING`),
      stopRemove: db.prepare('DELETE FROM stop_list WHERE phone = ? AND profile_id = ?'),
      stopRemoveAll: db.prepare('DELETE FROM stop_list WHERE phone = ?'),
      // The list in order of number and profile, a chunk at a time from after the last given;
      // @p (when not NULL) keeps one profile's entries ('': those for every profile).
      stopChunk: db.prepare(`SELECT phone, profile_id, note, added_at FROM stop_list
        WHERE (phone, profile_id) > (@phone, @profileId) AND (@p IS NULL OR profile_id = @p)
        ORDER BY phone, profile_id LIMIT @limit`),
      stopCount: db
        .prepare(
          `SELECT COUNT(*) FROM stop_list
        WHERE (@q IS NULL OR (phone >= @q AND phone < @q || ':'))
          AND (@p IS NULL OR profile_id = @p)`,
        )
        .pluck(),
      stopPage: db.prepare(`SELECT phone, profile_id, note, added_at FROM stop_list
        WHERE (@q IS NULL OR (phone >= @q AND phone < @q || ':'))
          AND (@p IS NULL OR profile_id = @p)
        ORDER BY added_at DESC, phone, profile_id LIMIT @limit OFFSET @offset`),
      // Clearing in bulk: a chunk of the matching entries at a time, kept under the token.
      clearChunk: db.prepare(`SELECT phone, profile_id, note, added_at FROM stop_list
        WHERE (@q IS NULL OR (phone >= @q AND phone < @q || ':'))
          AND (@p IS NULL OR profile_id = @p)
        ORDER BY phone, profile_id LIMIT @limit`),
      keepCleared: db.prepare(`INSERT OR REPLACE INTO stop_list_cleared
        (token, phone, profile_id, note, cleared_at, added_at)
        VALUES (@token, @phone, @profileId, @note, @now, @added)`),
      forgetCleared: db.prepare('DELETE FROM stop_list_cleared WHERE cleared_at < ?'),
      restoreChunk: db.prepare(`SELECT phone, profile_id, note, added_at FROM stop_list_cleared
        WHERE token = @token LIMIT @limit`),
      dropCleared: db.prepare(
        'DELETE FROM stop_list_cleared WHERE token = ? AND phone = ? AND profile_id = ?',
      ),
    }
  }

  /**
   * At start: imports that were running when the console stopped will never finish by
   * themselves. Called once, before any import starts (a store opened later, such as the
   * storage worker's, must not touch an import running meanwhile).
   */
  markInterrupted(): void {
    this.s.interrupted.run({ now: this.now() })
  }

  createBatch(b: NewBatch): BatchRow {
    return this.s.insertBatch.get({ canary: null, ...b, now: this.now() }) as BatchRow
  }

  setCanary(id: number, canary: string | null): void {
    this.s.setCanary.run({ id, canary, now: this.now() })
  }

  batch(id: number): BatchRow | null {
    return (this.s.batch.get(id) as BatchRow | undefined) ?? null
  }

  recent(limit: number): BatchRow[] {
    return this.s.recent.all(limit) as BatchRow[]
  }

  recordProgress(
    id: number,
    p: { queued: number; rejected: number; parts: number; skipped: number },
  ): void {
    this.s.progress.run({ id, ...p, now: this.now() })
  }

  /** The latest batch made from a file with this fingerprint, with any template. */
  latestFromFile(fingerprint: string): BatchRow | null {
    return (this.s.latestFromFile.get({ fp: fingerprint }) as BatchRow | undefined) ?? null
  }

  /** The import key of the latest batch of this file and template (`<fp>:<tpl>`), if any. */
  latestImportKey(base: string): string | null {
    const row = this.s.latestKeyed.get({ base }) as { import_key: string } | undefined
    return row?.import_key ?? null
  }

  /** The first batch made with this import key (its messages' keys name it), if any. */
  firstBatchWithKey(importKey: string): number | null {
    return (this.s.firstWithKey.get(importKey) as number | null) ?? null
  }

  /** An interrupted import goes on: false when it is not interrupted (or was cancelled). */
  resumeImport(id: number, sourcePath: string): boolean {
    return this.s.resumeImport.run({ id, sourcePath, now: this.now() }).changes > 0
  }

  /** Files interrupted imports will resume from: kept when the uploads folder is tidied. */
  keptSources(): string[] {
    return (this.s.keptSources.all() as { source_path: string }[]).map((r) => r.source_path)
  }

  setImportState(id: number, importState: ImportState, error: string | null = null): void {
    this.s.setImportState.run({ id, importState, error, now: this.now() })
  }

  /** Moves a batch to `to` if it is in one of `from`; false if it was not. */
  setState(id: number, from: readonly BatchState[], to: BatchState): boolean {
    return this.s.setState.run({ id, to, from: JSON.stringify(from), now: this.now() }).changes > 0
  }

  /** Runs fn in one transaction (a chunk of rows and its progress commit together). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }

  /**
   * Runs fn in one transaction whose commit does not wait for the disk to confirm it
   * (`synchronous = NORMAL` for this commit alone: in WAL mode a killed process loses nothing
   * of it, a power cut can lose it). For a slice of an import's rows: what a power cut takes
   * is queued again when the import resumes (the rows' keys and the batch's progress commit
   * together), and the next ordinary commit — the dispatcher's claim of a message before it
   * is sent, or the import's end — makes everything before it durable.
   */
  relaxedTransaction<T>(fn: () => T): T {
    const before = this.db.pragma('synchronous', { simple: true }) as number
    if (before <= 1) return this.transaction(fn)
    this.db.pragma('synchronous = NORMAL')
    try {
      return this.transaction(fn)
    } finally {
      this.db.pragma(`synchronous = ${before}`)
    }
  }

  // ─── stop-list ────────────────────────────────────────────────────────────

  /**
   * Goes up each time the stop-list changes (this store is its only writer): a check's
   * verdicts name the version they were made against.
   */
  get stopListVersion(): number {
    return this.stopListChanges
  }

  /** Which of these numbers are stopped for the profile, in one statement. */
  stoppedAmong(phones: readonly string[], profileId: string): Set<string> {
    if (phones.length === 0) return new Set()
    return new Set(this.s.stopAmong.all({ phones: JSON.stringify(phones), profileId }) as string[])
  }

  /**
   * The numbers stopped for the profile, in memory, when at most `limit` entries hold for it;
   * null otherwise.
   */
  stopListUpTo(limit: number, profileId: string): Set<string> | null {
    if ((this.s.stopTotalFor.get(profileId) as number) > limit) return null
    return new Set(this.s.stopFor.all(profileId) as string[])
  }

  /** What a customer who opted out is answered, or null: no answer. */
  optOutReply(): string | null {
    return (this.optOut.get.get() as string | undefined) ?? null
  }

  setOptOutReply(text: string | null): void {
    if (text === null) this.optOut.clear.run()
    else this.optOut.set.run(text)
  }

  /** Whether a reply meaning stop stops its number for the profile it came in on only. */
  optOutPerProfile(): boolean {
    return this.optOut.getScope.get() === 'profile'
  }

  setOptOutPerProfile(perProfile: boolean): void {
    if (perProfile) this.optOut.setScope.run()
    else this.optOut.clearScope.run()
  }

  /** Adds the numbers for one profile, or for every profile (''); how many were new there. */
  addStopped(phones: readonly string[], note: string | null, profileId = ''): number {
    const now = this.now()
    const added = this.transaction(() => {
      let n = 0
      for (const p of phones) n += this.s.stopAdd.run(p, profileId, note, now).changes
      return n
    })
    if (added > 0) this.stopListChanges++
    return added
  }

  /**
   * Takes the numbers' entries for one profile (or those for every profile: '') off the list;
   * with null, every entry of theirs: they can be messaged again through any profile.
   */
  removeStopped(phones: readonly string[], profileId: string | null = null): number {
    const removed = this.transaction(() => {
      let n = 0
      for (const p of phones) {
        n += (
          profileId === null ? this.s.stopRemoveAll.run(p) : this.s.stopRemove.run(p, profileId)
        ).changes
      }
      return n
    })
    if (removed > 0) this.stopListChanges++
    return removed
  }

  /**
   * Clears up to `limit` entries matching the number prefix `query` (all: null) and the
   * profile `profileId` (any: null; '' those for every profile) in one transaction, keeping
   * them under `token` for undoStopChunk; returns how many (0: done). Clears older than a week
   * are forgotten.
   */
  clearStopChunk(
    query: string | null,
    profileId: string | null,
    token: string,
    limit: number,
  ): number {
    const q = query ? query.replace(/\D/g, '') || null : null
    const now = this.now()
    const cleared = this.transaction(() => {
      this.s.forgetCleared.run(now - CLEARED_KEPT_MS)
      const rows = this.s.clearChunk.all({ q, p: profileId, limit }) as StopRow[]
      for (const r of rows) {
        this.s.keepCleared.run({
          token,
          phone: r.phone,
          profileId: r.profile_id,
          note: r.note,
          added: r.added_at,
          now,
        })
        this.s.stopRemove.run(r.phone, r.profile_id)
      }
      return rows.length
    })
    if (cleared > 0) this.stopListChanges++
    return cleared
  }

  /**
   * Puts up to `limit` entries of the clear `token` back: `moved` of its entries taken (0:
   * done), `restored` of them back on the list (a number added again since keeps its entry).
   */
  undoStopChunk(token: string, limit: number): { moved: number; restored: number } {
    let restored = 0
    const moved = this.transaction(() => {
      const rows = this.s.restoreChunk.all({ token, limit }) as StopRow[]
      for (const r of rows) {
        restored += this.s.stopAdd.run(r.phone, r.profile_id, r.note, r.added_at).changes
        this.s.dropCleared.run(token, r.phone, r.profile_id)
      }
      return rows.length
    })
    if (restored > 0) this.stopListChanges++
    return { moved, restored }
  }

  /**
   * Up to `limit` entries after `after` (none: from the start), in order of number and
   * profile, of one profile's entries or any (null): an export's chunk.
   */
  stopListChunk(
    after: { phone: string; profileId: string } | null,
    limit: number,
    profileId: string | null = null,
  ): StopListEntry[] {
    const rows = this.s.stopChunk.all({
      phone: after?.phone ?? '',
      profileId: after?.profileId ?? '',
      p: profileId,
      limit,
    }) as StopRow[]
    return rows.map(entryOf)
  }

  /** A page of the list, newest first: a number prefix and a profile (null: any) narrow it. */
  stopList(query: string | null, offset: number, limit: number, profileId: string | null = null) {
    // Numbers are digits only: a prefix is the range [q, q + ':') (':' follows '9'), by index.
    const q = query ? query.replace(/\D/g, '') || null : null
    const total = this.s.stopCount.get({ q, p: profileId }) as number
    const rows = this.s.stopPage.all({ q, p: profileId, offset, limit }) as StopRow[]
    return { total, items: rows.map(entryOf) }
  }

  // ─── duplicates ───────────────────────────────────────────────────────────

  /**
   * A set of numbers on disk (a TEMP table: SQLite's temp store, not the console's file), so
   * finding duplicates in a million-row file costs no memory. Drop it when done.
   */
  scratchSet(): { add(phone: string): boolean; drop(): void } {
    const name = `import_seen_${++this.scratchSeq}`
    this.db.exec(`CREATE TEMP TABLE ${name} (phone TEXT PRIMARY KEY) WITHOUT ROWID`)
    const insert = this.db.prepare(`INSERT OR IGNORE INTO temp.${name} (phone) VALUES (?)`)
    return {
      add: (phone) => insert.run(phone).changes > 0,
      drop: () => this.db.exec(`DROP TABLE IF EXISTS temp.${name}`),
    }
  }
}
