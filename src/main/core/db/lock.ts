/**
 * One console per data folder. The holder keeps an exclusive SQLite lock on `console.lock` for
 * as long as it runs: SQLite locks the file through the OS (fcntl on Linux and macOS, LockFileEx
 * on Windows), so the kernel releases it when the process ends, even by SIGKILL or a crash, and
 * it never goes stale. The lock file holds no data and is never written after it is created.
 *
 * A process that cannot take the lock cannot read the lock file either, so the holder names
 * itself in `console.lock.json` (pid, mode, start time) for the refusal to quote.
 */
import { hostname } from 'node:os'
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { phrase } from '../../../shared/phrases'
import { DataFolderError, localTime } from './errors'

export const LOCK_FILE = 'console.lock'
export const HOLDER_FILE = 'console.lock.json'

export interface FolderHolder {
  pid: number
  mode: 'electron' | 'browser'
  /** Epoch ms. */
  startedAt: number
  version: string
  host: string
}

export interface DataFolderLock {
  readonly dir: string
  /** Lets the folder go (the OS would at exit anyway). Safe to call twice. */
  release(): void
}

export interface LockOptions {
  mode: 'electron' | 'browser'
  version: string
  /** better-sqlite3 binary built for this runtime (Electron). */
  nativeBinding?: string
}

/**
 * Takes the data folder for this process, before anything in it is read or written. Throws a
 * DataFolderError naming the holder when another process has it; then nothing was changed.
 */
export function lockDataFolder(dir: string, options: LockOptions): DataFolderLock {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, LOCK_FILE)
  let db: Database.Database
  try {
    db = takeLock(file, options.nativeBinding)
  } catch (err) {
    if (isBusy(err)) throw lockedError(dir)
    if (!isNotADatabase(err)) throw err
    // Anything but "busy" means nobody holds it (locking comes before reading): a lock file
    // that is no longer an SQLite file (say, overwritten by hand) is made again.
    rmSync(file, { force: true })
    try {
      db = takeLock(file, options.nativeBinding)
    } catch (again) {
      if (isBusy(again)) throw lockedError(dir)
      throw again
    }
  }
  const holder: FolderHolder = {
    pid: process.pid,
    mode: options.mode,
    startedAt: Date.now(),
    version: options.version,
    host: hostname(),
  }
  const holderFile = join(dir, HOLDER_FILE)
  const tmp = `${holderFile}.${process.pid}.tmp`
  try {
    writeFileSync(tmp, `${JSON.stringify(holder, null, 2)}\n`)
    renameSync(tmp, holderFile)
  } catch {
    // A full disk: the lock holds all the same; a second console just cannot name this one.
    rmSync(tmp, { force: true })
    rmSync(holderFile, { force: true })
  }
  let released = false
  return {
    dir,
    release() {
      if (released) return
      released = true
      // The note first: once the lock goes, the next holder writes its own.
      rmSync(holderFile, { force: true })
      db.close()
    },
  }
}

function takeLock(file: string, nativeBinding: string | undefined): Database.Database {
  const db = new Database(file, nativeBinding ? { nativeBinding } : {})
  try {
    // Fail at once when another process holds it: no waiting, no retry.
    db.pragma('busy_timeout = 0')
    // EXCLUSIVE locking mode keeps the lock a transaction took until the connection closes.
    db.pragma('locking_mode = EXCLUSIVE')
    // No journal file beside the lock; there is nothing in it to protect.
    db.pragma('journal_mode = MEMORY')
    db.exec('BEGIN EXCLUSIVE')
    db.exec('COMMIT')
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

function codeOf(err: unknown): string {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : null
  return typeof code === 'string' ? code : ''
}

function isBusy(err: unknown): boolean {
  const code = codeOf(err)
  return code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED'
}

function isNotADatabase(err: unknown): boolean {
  const code = codeOf(err)
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT'
}

/** Who holds the folder, as its note says, if that process is still alive. */
export function readHolder(dir: string): FolderHolder | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(join(dir, HOLDER_FILE), 'utf8'))
  } catch {
    return null
  }
  if (typeof parsed !== 'object' || parsed === null) return null
  const h = parsed as Partial<Record<keyof FolderHolder, unknown>>
  if (
    typeof h.pid !== 'number' ||
    !Number.isInteger(h.pid) ||
    h.pid <= 0 ||
    (h.mode !== 'electron' && h.mode !== 'browser') ||
    typeof h.startedAt !== 'number'
  ) {
    return null
  }
  // A note left by a holder that was killed, read while the new holder is between taking the
  // lock and writing its own: it names a process that is gone.
  if (h.host === hostname() && !isAlive(h.pid)) return null
  return {
    pid: h.pid,
    mode: h.mode,
    startedAt: h.startedAt,
    version: typeof h.version === 'string' ? h.version : '',
    host: typeof h.host === 'string' ? h.host : '',
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return codeOf(err) === 'EPERM'
  }
}

function lockedError(dir: string): DataFolderError {
  const holder = readHolder(dir)
  return new DataFolderError(
    'locked',
    holder
      ? phrase('folder.locked', {
          dir,
          pid: holder.pid,
          mode: holder.mode,
          since: localTime(holder.startedAt),
        })
      : phrase('folder.lockedUnknown', { dir }),
  )
}
