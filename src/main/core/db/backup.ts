/**
 * Rotating online backups of the console's database in `<data folder>/backups/`, and restoring
 * the newest good one.
 *
 * A backup is taken with better-sqlite3's async `backup()` in a worker thread, from a read-only
 * connection of its own, in one step: one read transaction, so the copy is a consistent snapshot
 * while sends and History go on (WAL lets the console's writes continue meanwhile). Copying on
 * main's own connection instead stalled its loop ~0.4 s at the final commit of a 1M-message copy.
 * The copy is written as `*.partial`, checked with quick_check in another worker, and only then
 * renamed to `console-<time>.db`: a file by that name has passed its check. The newest `keep`
 * are kept.
 *
 * When: the first a minute after a successful start, then whenever the newest good backup is
 * older than `everyMs` (6 hours), so restarting the console does not rotate good backups away.
 */
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { copyFile, mkdir, statfs } from 'node:fs/promises'
import { join } from 'node:path'
import type { Log } from '../log'
import type { BackupFile } from './errors'
import { checkDatabaseFile } from './integrity'
import { runSqliteJob, type Job } from './worker'

export interface BackupSchedule {
  /** The first backup after a successful start, when one is due (default 1 minute). */
  firstAfterMs: number
  /** A backup is due when the newest good one is this old (default 6 hours). */
  everyMs: number
  /** Good backups kept (default 3). */
  keep: number
}

export const DEFAULT_BACKUP_SCHEDULE: BackupSchedule = {
  firstAfterMs: 60_000,
  everyMs: 6 * 60 * 60_000,
  keep: 3,
}

/** The copy, as a job for a worker (worker.ts). */
const BACKUP_BODY = `
  const source = new Database(args.source, Object.assign({ readonly: true, fileMustExist: true },
    args.nativeBinding ? { nativeBinding: args.nativeBinding } : {}))
  try {
    // Every page in one step: one read transaction, never restarted by the console's writes.
    await source.backup(args.dest, { progress: () => 0x7fffffff })
  } finally {
    source.close()
  }
  return null
`

export const BACKUP_DIR = 'backups'
const NAME = /^console-(\d{4})-(\d\d)-(\d\d)T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z\.db$/

export function backupDir(dataDir: string): string {
  return join(dataDir, BACKUP_DIR)
}

/** `console-2025-03-14T09-26-53-120Z.db`: UTC, sortable, valid on every file system. */
export function backupName(takenAt: number): string {
  return `console-${new Date(takenAt).toISOString().replace(/[:.]/g, '-')}.db`
}

/** Backups that passed their check when taken, newest first. */
export function listGoodBackups(dataDir: string): BackupFile[] {
  let names: string[]
  try {
    names = readdirSync(backupDir(dataDir))
  } catch {
    return []
  }
  const out: BackupFile[] = []
  for (const name of names) {
    const m = NAME.exec(name)
    if (!m) continue
    const [, y, mo, d, h, mi, s, ms] = m.map(Number) as number[]
    const takenAt = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, ms!)
    out.push({ path: join(backupDir(dataDir), name), takenAt })
  }
  return out.sort((a, b) => b.takenAt - a.takenAt)
}

/** Copies a backup that was cut short (the console stopped mid-copy) left behind. */
export function removePartialBackups(dataDir: string): void {
  let names: string[]
  try {
    names = readdirSync(backupDir(dataDir))
  } catch {
    return
  }
  for (const name of names) {
    if (/\.partial(-journal|-wal|-shm)?$/.test(name)) {
      rmSync(join(backupDir(dataDir), name), { force: true })
    }
  }
}

export interface BackupsOptions {
  dataDir: string
  /** The database to back up (the console keeps it open; the copy reads it on its own). */
  dbFile: string
  log: Log
  schedule?: Partial<BackupSchedule>
  nativeBinding?: string
  /** Called with each backup that passed its check. */
  onTaken?: (backup: BackupFile) => void
}

export class Backups {
  private readonly schedule: BackupSchedule
  private timer: NodeJS.Timeout | null = null
  private running: Promise<BackupFile | null> | null = null
  private copying: Job<null> | null = null
  private stopped = false

  constructor(private readonly options: BackupsOptions) {
    this.schedule = { ...DEFAULT_BACKUP_SCHEDULE, ...options.schedule }
  }

  /** Schedules the backups: the first after `firstAfterMs` if one is due, then as they fall due. */
  start(): void {
    this.plan(this.schedule.firstAfterMs)
  }

  /**
   * Takes a backup now (or joins the one being taken). Resolves with it once it passed its
   * check, or null when it did not (the copy is then deleted and the failure logged).
   */
  takeNow(): Promise<BackupFile | null> {
    this.running ??= this.take().finally(() => (this.running = null))
    return this.running
  }

  /** Stops the schedule and cuts a backup in progress short (its partial copy is removed). */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.copying?.cancel()
    await this.running?.catch(() => null)
  }

  private plan(delayMs: number): void {
    if (this.stopped) return
    this.timer = setTimeout(
      () =>
        void this.tick().catch((err: unknown) =>
          this.options.log('error', `backup failed: ${err instanceof Error ? err.message : err}`),
        ),
      Math.max(0, delayMs),
    )
    // A pending backup never keeps the process alive.
    this.timer.unref()
  }

  private async tick(): Promise<void> {
    this.timer = null
    const newest = listGoodBackups(this.options.dataDir)[0]
    const dueIn = newest ? newest.takenAt + this.schedule.everyMs - Date.now() : 0
    if (dueIn > 0) return this.plan(dueIn)
    let taken: BackupFile | null = null
    try {
      taken = await this.takeNow()
    } catch (err) {
      this.options.log('error', `backup failed: ${err instanceof Error ? err.message : err}`)
    }
    // Due again after `everyMs`; after a failure, tried again within the hour.
    this.plan(taken ? this.schedule.everyMs : Math.min(this.schedule.everyMs, 60 * 60_000))
  }

  private async take(): Promise<BackupFile | null> {
    const { dataDir, log } = this.options
    const dir = backupDir(dataDir)
    if (this.stopped) return null
    // A backup must not be what fills the disk under the live database: it needs room for the
    // copy and as much again to spare.
    const size = fileSize(this.options.dbFile) + fileSize(`${this.options.dbFile}-wal`)
    const free = await freeBytes(dataDir)
    if (free !== null && free < 2 * size) {
      log(
        'warn',
        `backup skipped: ${Math.round(free / 1e6)} MB free in ${dataDir}, a backup of the ` +
          `${Math.round(size / 1e6)} MB database needs ${Math.round((2 * size) / 1e6)} MB`,
      )
      return null
    }
    await mkdir(dir, { recursive: true })
    // Names are by the millisecond: a second backup within the same one takes the next.
    let takenAt = Date.now()
    while (existsSync(join(dir, backupName(takenAt)))) takenAt++
    const name = backupName(takenAt)
    const partial = join(dir, `${name}.partial`)
    this.copying = runSqliteJob<null>(
      BACKUP_BODY,
      { source: this.options.dbFile, dest: partial },
      { nativeBinding: this.options.nativeBinding },
    )
    try {
      await this.copying.result
    } catch (err) {
      removeCopy(partial)
      if (this.stopped) return null
      throw err
    } finally {
      this.copying = null
    }
    const check = await checkDatabaseFile(partial, { nativeBinding: this.options.nativeBinding })
    if (!check.ok || !check.hasSchema) {
      removeCopy(partial)
      log(
        'error',
        `backup ${name} failed its check (${check.problems.join('; ') || 'no console tables'}): ` +
          'it was not kept. The database itself may be damaged; restart the console to check it.',
      )
      return null
    }
    const final = join(dir, name)
    renameSync(partial, final)
    const backup: BackupFile = { path: final, takenAt }
    for (const old of listGoodBackups(dataDir).slice(this.schedule.keep)) {
      rmSync(old.path, { force: true })
    }
    log('info', `backup ${name} taken and checked`)
    this.options.onTaken?.(backup)
    return backup
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size
  } catch {
    return 0
  }
}

/** Bytes free for this process under `dir`, or null where the system cannot say. */
async function freeBytes(dir: string): Promise<number | null> {
  try {
    const fs = await statfs(dir)
    return fs.bavail * fs.bsize
  } catch {
    return null
  }
}

function removeCopy(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
}

export interface Restored {
  backup: BackupFile
  /** Where the files it replaced were set aside (renamed, never deleted). */
  asideAs: string[]
}

/**
 * Puts the newest backup that passes its check in place of `dbFile`. The database there (and
 * its -wal/-shm) is renamed aside first, never deleted. Returns null when no backup passes.
 * The caller holds the data folder's lock.
 */
export async function restoreNewestBackup(
  dataDir: string,
  dbFile: string,
  log: Log,
  nativeBinding?: string,
): Promise<Restored | null> {
  let chosen: BackupFile | null = null
  for (const b of listGoodBackups(dataDir)) {
    const check = await checkDatabaseFile(b.path, { nativeBinding })
    if (check.ok && check.hasSchema) {
      chosen = b
      break
    }
    log('warn', `backup ${b.path} no longer passes its check; skipped`)
  }
  if (!chosen) return null
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const asideAs: string[] = []
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    const from = `${dbFile}${suffix}`
    if (!existsSync(from)) continue
    const to = `${dbFile}.damaged-${stamp}${suffix}`
    renameSync(from, to)
    asideAs.push(to)
  }
  // Copied, not moved: the backup stays a backup. Renamed into place only once complete.
  const incoming = `${dbFile}.restoring`
  await copyFile(chosen.path, incoming)
  renameSync(incoming, dbFile)
  log(
    'warn',
    `restored the backup of ${new Date(chosen.takenAt).toISOString()}` +
      (asideAs.length ? `; the previous database was kept as ${asideAs.join(', ')}` : ''),
  )
  return { backup: chosen, asideAs }
}
