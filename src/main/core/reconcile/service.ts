/**
 * Following reconciliations: each open job's provider export is asked about politely (the first
 * time a few seconds after it was made, then every 25 s, one listing a few seconds old serving
 * every job of a profile; the provider's limit of three identical requests a minute is its
 * limiter's to keep, and a request it refuses waits as long as it says) until the provider is
 * done. Then its file is downloaded and compared with our messages of that profile and period
 * (read from the store in chunks, off main's loop, with main's loop free between them), and
 * the differences stored with the job in one transaction.
 *
 * A question that fails (the network, the provider's error) is asked again a minute later, the
 * job saying why meanwhile; after many in a row the job ends in error. A malformed file ends it
 * at once, saying which line and what is wrong: nothing of it is stored.
 */
import type { ReconcileJob } from '../../../shared/calls/reconcile'
import type { PhraseRef } from '../../../shared/domain'
import { englishOf, phrase, withCause } from '../../../shared/phrases'
import { RECONCILE_OPEN, type ReconcileState } from '../../../shared/reconcile'
import type { Log } from '../log'
import { errorText, phraseOfError } from '../providers/error-phrase'
import type { ExportJob, ProviderConnection } from '../providers/types'
import { Comparison } from './compare'
import type { JobChange, ReconcileStore } from './store'

export interface ReconcileTuning {
  /** The first question about a new job, after this long (default 5 s). */
  firstCheckMs?: number
  /** Between two questions about a running job (default 25 s: under three a minute). */
  checkEveryMs?: number
  /** After a failed question (default 60 s). */
  retryMs?: number
  /** Failed questions in a row before the job ends in error (default 30). */
  maxFailures?: number
  /** How long one listing of a profile's jobs serves every job of it (default 5 s). */
  listKeptMs?: number
  /** How often the open jobs are looked for (another server's, one not followed here). */
  sweepMs?: number
  /** Differences kept per job at most (the counts stay exact). */
  maxKept?: number
}

export interface ReconcileDeps {
  store: ReconcileStore
  connection(profileId: string): ProviderConnection | null
  /** A profile's name, as the agent knows it. */
  profileName(profileId: string): Promise<string>
  /** A job changed: every window hears it. */
  changed(job: ReconcileJob): void
  log: Log
  tuning?: ReconcileTuning
  /** Several servers share the database: a profile runs on one of them only. */
  shared?: boolean
}

/** Our messages read in one chunk. */
const OURS_CHUNK = 5000
/**
 * How far beyond the period ours are read, so that a message queued just before midnight and
 * sent just after still finds its row (it counts as a difference only inside the period).
 */
const MARGIN_MS = 6 * 3_600_000
const DEFAULT_MAX_KEPT = 100_000

/** A question refused as too frequent, and when it may be asked again. */
function retryAfterOf(err: unknown): number | null {
  const ms = (err as { retryAfterMs?: unknown } | null)?.retryAfterMs
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms : null
}

/** A file the console cannot read as the provider's record (downloads.ts: ExportFileError). */
function isFileError(err: unknown): boolean {
  return err instanceof Error && err.name === 'ExportFileError'
}

/** Thrown to `check`'s caller: the job's question failed, said as the provider's error. */
export class ReconcileCheckError extends Error {
  constructor(
    readonly reason: unknown,
    readonly job: ReconcileJob | null,
  ) {
    super(errorText(reason))
    this.name = 'ReconcileCheckError'
  }
}

export class ReconcileService {
  private readonly timers = new Map<number, NodeJS.Timeout>()
  private readonly steps = new Map<number, Promise<ReconcileJob | null>>()
  private readonly failures = new Map<number, number>()
  private readonly listings = new Map<string, { at: number; jobs: Promise<ExportJob[]> }>()
  private sweepTimer: NodeJS.Timeout | null = null
  private closed = false
  private readonly t: Required<ReconcileTuning>

  constructor(private readonly d: ReconcileDeps) {
    const t = d.tuning ?? {}
    this.t = {
      firstCheckMs: t.firstCheckMs ?? 5000,
      checkEveryMs: t.checkEveryMs ?? 25_000,
      retryMs: t.retryMs ?? 60_000,
      maxFailures: t.maxFailures ?? 30,
      listKeptMs: t.listKeptMs ?? 5000,
      sweepMs: t.sweepMs ?? 60_000,
      maxKept: t.maxKept ?? DEFAULT_MAX_KEPT,
    }
  }

  /** Follows every open job again (after a restart), and looks for new ones now and then. */
  async start(): Promise<void> {
    await this.sweep()
    const next = () => {
      this.sweepTimer = setTimeout(() => {
        void this.sweep()
          .catch((err: unknown) => this.d.log('warn', `reconcile: open jobs: ${errorText(err)}`))
          .finally(() => {
            if (!this.closed) next()
          })
      }, this.t.sweepMs)
      this.sweepTimer.unref()
    }
    next()
  }

  close(): void {
    this.closed = true
    if (this.sweepTimer) clearTimeout(this.sweepTimer)
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
  }

  /** When a new job (just stored) is first asked about. */
  get firstCheckMs(): number {
    return this.t.firstCheckMs
  }

  /** A job just stored: followed from now on. */
  follow(job: ReconcileJob): void {
    this.schedule(job)
  }

  /**
   * Asks the provider about an open job now. A question the provider would refuse as too
   * frequent (or one that fails) is thrown as ReconcileCheckError; the job is still followed.
   */
  async check(id: number): Promise<ReconcileJob | null> {
    const running = this.steps.get(id)
    if (running) return running
    const job = await this.d.store.get(id)
    if (!job || !RECONCILE_OPEN.includes(job.state)) return job
    return this.run(job, true)
  }

  private async sweep(): Promise<void> {
    for (const job of await this.d.store.open()) {
      if (this.closed) return
      if (!this.timers.has(job.id) && !this.steps.has(job.id)) this.schedule(job)
    }
  }

  private schedule(job: ReconcileJob, at = job.nextCheckAt ?? Date.now()): void {
    if (this.closed) return
    const old = this.timers.get(job.id)
    if (old) clearTimeout(old)
    const timer = setTimeout(
      () => {
        this.timers.delete(job.id)
        void this.run(job, false).catch((err: unknown) =>
          this.d.log('error', `reconcile ${job.id}: ${errorText(err)}`),
        )
      },
      Math.max(0, at - Date.now()),
    )
    timer.unref()
    this.timers.set(job.id, timer)
  }

  /** One step of a job; only one at a time per job. */
  private run(job: ReconcileJob, asked: boolean): Promise<ReconcileJob | null> {
    const running = this.steps.get(job.id)
    if (running) return running
    const timer = this.timers.get(job.id)
    if (timer) clearTimeout(timer)
    this.timers.delete(job.id)
    const step = this.step(job.id, asked).finally(() => this.steps.delete(job.id))
    this.steps.set(job.id, step)
    return step
  }

  private async step(id: number, asked: boolean): Promise<ReconcileJob | null> {
    const job = await this.d.store.get(id)
    if (!job || !RECONCILE_OPEN.includes(job.state) || this.closed) return job
    const conn = this.d.connection(job.profileId)
    if (!conn?.listExportJobs || !conn.downloadExport) {
      // Not running here: on a team server another server may run it; else it waits.
      if (this.d.shared) {
        this.schedule(job, Date.now() + this.t.retryMs)
        return job
      }
      const name = await this.d.profileName(job.profileId)
      return this.failed(job, phrase('reconcile.notRunning', { name }), asked, null)
    }
    try {
      if (job.state !== 'downloading') {
        const listed = (await this.listed(job, conn, asked)).find((j) => j.id === job.providerJobId)
        const name = job.providerJobId ?? ''
        if (!listed) return await this.end(job, 'error', phrase('reconcile.jobGone', { job: name }))
        if (listed.state === 'failed')
          return await this.end(job, 'failed', phrase('reconcile.jobFailed', { job: name }), listed)
        if (listed.state === 'cancelled')
          return await this.end(
            job,
            'cancelled',
            phrase('reconcile.jobCancelled', { job: name }),
            listed,
          )
        if (listed.state === 'unknown')
          return await this.end(
            job,
            'error',
            phrase('reconcile.jobUnknownStatus', { job: name, status: listed.status }),
            listed,
          )
        if (listed.state !== 'done') {
          this.failures.delete(id)
          return this.moved(
            await this.d.store.update(
              id,
              {
                state: listed.state,
                providerStatus: listed.status,
                nextCheckAt: Date.now() + this.t.checkEveryMs,
                error: null,
                errorPhrase: null,
              },
              RECONCILE_OPEN,
            ),
          )
        }
        const downloading = await this.d.store.update(
          id,
          {
            state: 'downloading',
            providerStatus: listed.status,
            nextCheckAt: null,
            error: null,
            errorPhrase: null,
          },
          RECONCILE_OPEN,
        )
        if (!downloading) return this.d.store.get(id)
        this.d.changed(downloading)
        return await this.compare(downloading, conn, { id: listed.id, file: listed.file })
      }
      return await this.compare(job, conn, { id: job.providerJobId ?? '', file: null })
    } catch (err) {
      if (isFileError(err)) {
        const said = phraseOfError(err) ?? phrase('reconcile.failed', { cause: errorText(err) })
        this.d.log('warn', `reconcile ${id}: ${errorText(err)}`)
        return this.end(job, 'error', said)
      }
      const fresh = (await this.d.store.get(id)) ?? job
      const retry = retryAfterOf(err)
      if (retry !== null) {
        // The provider would refuse it as too frequent: asked again once it would not.
        const at = Date.now() + retry + 250
        const moved = this.moved(await this.d.store.update(id, { nextCheckAt: at }, RECONCILE_OPEN))
        if (asked) throw new ReconcileCheckError(err, moved ?? fresh)
        return moved ?? fresh
      }
      const said = withCause(
        phrase('reconcile.failed', { cause: errorText(err) }),
        phraseOfError(err),
      )
      return this.failed(fresh, said, asked, err)
    }
  }

  /**
   * One listing of a profile's jobs serves every job of it for a few seconds — one asked for
   * after the job last moved, so that it says something new of it.
   */
  private listed(
    job: ReconcileJob,
    conn: ProviderConnection,
    asked: boolean,
  ): Promise<ExportJob[]> {
    const kept = this.listings.get(job.profileId)
    const now = Date.now()
    if (kept && !asked && kept.at > job.updatedAt && now - kept.at < this.t.listKeptMs)
      return kept.jobs
    const jobs = (conn.listExportJobs as () => Promise<ExportJob[]>).call(conn)
    const entry = { at: now, jobs }
    this.listings.set(job.profileId, entry)
    jobs.catch(() => {
      if (this.listings.get(job.profileId) === entry) this.listings.delete(job.profileId)
    })
    return jobs
  }

  /** The file downloaded, compared with ours, and the differences stored with the job. */
  private async compare(
    job: ReconcileJob,
    conn: ProviderConnection,
    file: { id: string; file: string | null },
  ): Promise<ReconcileJob | null> {
    const records = await (
      conn.downloadExport as NonNullable<ProviderConnection['downloadExport']>
    ).call(conn, file)
    const comparison = await Comparison.of(records, {
      from: job.periodFrom,
      to: job.periodTo,
      oursUntil: job.createdAt,
      maxKept: this.t.maxKept,
    })
    let after: { at: number; id: number } | null = null
    for (;;) {
      const chunk = await this.d.store.ours(
        job.profileId,
        job.periodFrom - MARGIN_MS,
        job.periodTo + MARGIN_MS,
        after,
        OURS_CHUNK,
      )
      comparison.addOurs(chunk)
      const last = chunk.at(-1)
      if (!last || chunk.length < OURS_CHUNK) break
      after = { at: last.createdAt, id: last.id }
    }
    const result = comparison.finish()
    const saved = await this.d.store.saveComparison(job.id, result.differences, result)
    this.failures.delete(job.id)
    if (!saved) return this.d.store.get(job.id)
    this.d.log(
      'info',
      `reconcile ${job.id} (${job.profileId} ${job.from}..${job.to}): ${result.providerRows} of theirs, ${result.ourRows} of ours; differences ${JSON.stringify(result.counts)}`,
    )
    return this.moved(saved)
  }

  /** A question failed: asked again later, saying why; ended after too many in a row. */
  private async failed(
    job: ReconcileJob,
    said: PhraseRef,
    asked: boolean,
    err: unknown,
  ): Promise<ReconcileJob | null> {
    const n = (this.failures.get(job.id) ?? 0) + 1
    this.failures.set(job.id, n)
    this.d.log('warn', `reconcile ${job.id}: ${englishOf(said)} (try ${n})`)
    if (n >= this.t.maxFailures) {
      this.failures.delete(job.id)
      const ended = await this.end(job, 'error', said)
      if (asked) throw new ReconcileCheckError(err ?? new Error(englishOf(said)), ended)
      return ended
    }
    const at = Date.now() + this.t.retryMs
    const moved = this.moved(
      await this.d.store.update(
        job.id,
        { nextCheckAt: at, error: englishOf(said), errorPhrase: said },
        RECONCILE_OPEN,
      ),
    )
    if (moved) this.schedule(moved, at)
    if (asked) throw new ReconcileCheckError(err ?? new Error(englishOf(said)), moved)
    return moved
  }

  /** The job ends without a comparison. */
  private async end(
    job: ReconcileJob,
    state: Extract<ReconcileState, 'failed' | 'cancelled' | 'error'>,
    said: PhraseRef,
    listed?: ExportJob,
  ): Promise<ReconcileJob | null> {
    this.failures.delete(job.id)
    const change: JobChange = {
      state,
      nextCheckAt: null,
      error: englishOf(said),
      errorPhrase: said,
    }
    if (listed) change.providerStatus = listed.status
    return this.moved(await this.d.store.update(job.id, change, RECONCILE_OPEN))
  }

  /** A job that moved: every window hears it; still open, it is asked about again. */
  private moved(job: ReconcileJob | null): ReconcileJob | null {
    if (!job) return null
    this.d.changed(job)
    if (RECONCILE_OPEN.includes(job.state) && job.nextCheckAt !== null) this.schedule(job)
    return job
  }
}
