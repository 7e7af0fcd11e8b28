/**
 * Is a database file sound, and does it still hold what it held? `checkDatabaseFile` runs
 * SQLite's `PRAGMA quick_check` on a read-only connection in a worker thread (a million
 * messages take about a second; main's loop keeps turning meanwhile) and never writes into the
 * file: a read-only connection does not checkpoint, and the -wal/-shm files it had to make are
 * removed again. `inspectDatabase` adds what quick_check cannot know: whether a file that once
 * held the console's data (the marker beside it says so) still does.
 *
 * A database the console closed cleanly, untouched since (the same file, size, modification
 * and change times, no write-ahead log left), is not checked again at the next start for a
 * week: nothing can have changed in it, and a start then waits for no check of a large file.
 * Any change since, a crash, or a week brings the full check back; the backups, each checked,
 * meanwhile read every page.
 */
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import type { Db } from './database'
import { runSqliteJob, type JobOptions } from './worker'

export interface FileCheck {
  /** quick_check passed and the file opened as an SQLite database. */
  ok: boolean
  /** What SQLite found wrong (at most a few lines), empty when ok. */
  problems: string[]
  /** The file's header is not SQLite's: its first page is overwritten, or it is another file. */
  notADatabase: boolean
  /** `PRAGMA user_version`: how far the console's migrations have come (0 = none). */
  schemaVersion: number
  /** The console's tables are there. */
  hasSchema: boolean
  /** At least one message is stored. */
  hasMessages: boolean
}

/**
 * The check itself, as a job for a worker (worker.ts). Read-only, and memory-
 * mapped so a cold disk is read ahead in large pieces rather than page by page (a million
 * messages: ~1.3 s cold instead of ~6 s).
 */
const CHECK_BODY = `
  const result = { ok: false, problems: [], notADatabase: false, schemaVersion: 0, hasSchema: false, hasMessages: false }
  let db = null
  try {
    db = new Database(args.file, Object.assign({ readonly: true, fileMustExist: true }, args.nativeBinding ? { nativeBinding: args.nativeBinding } : {}))
    db.pragma('mmap_size = 2147418112')
    const rows = db.pragma('quick_check(5)')
    // One line per finding, without SQLite's "*** in database main ***" heading.
    const said = rows.map((r) =>
      String(Object.values(r)[0])
        .replace(/^\\*\\*\\* in database \\w+ \\*\\*\\*\\s*/, '')
        .replace(/\\s+/g, ' ')
        .trim(),
    )
    if (said.length === 1 && said[0] === 'ok') result.ok = true
    else result.problems = said
    result.schemaVersion = Number(db.pragma('user_version', { simple: true })) || 0
    if (result.ok) {
      result.hasSchema = !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'messages'").get()
      if (result.hasSchema) result.hasMessages = !!db.prepare('SELECT 1 FROM messages LIMIT 1').get()
    }
  } catch (err) {
    result.ok = false
    const code = err && err.code
    result.notADatabase = code === 'SQLITE_NOTADB'
    result.problems = [String((err && err.message) || err)]
  } finally {
    if (db) db.close()
  }
  return result
`

/** Runs quick_check on `file` off main's thread; the file is left exactly as it was. */
export async function checkDatabaseFile(
  file: string,
  options: JobOptions = {},
): Promise<FileCheck> {
  const had = { wal: existsSync(`${file}-wal`), shm: existsSync(`${file}-shm`) }
  try {
    return await runSqliteJob<FileCheck>(CHECK_BODY, { file }, options).result
  } finally {
    // A read-only connection to a WAL database makes an empty -wal and an -shm index when they
    // are missing; they were not there before, so they go.
    if (!had.wal && sizeOf(`${file}-wal`) === 0) rmSync(`${file}-wal`, { force: true })
    if (!had.shm) rmSync(`${file}-shm`, { force: true })
  }
}

/** A write-ahead log with anything in it beside `dbFile`: its last connection did not close cleanly. */
function walHasContent(dbFile: string): boolean {
  return (sizeOf(`${dbFile}-wal`) ?? 0) > 0
}

/** The file's size, or null when there is no such file. */
function sizeOf(path: string): number | null {
  try {
    return statSync(path).size
  } catch {
    return null
  }
}

// ─── the marker: this folder's database held the console's data ─────────────

/** Beside the database, never inside it: it must survive whatever happens to the file. */
export function markerPath(dbFile: string): string {
  return `${dbFile}.marker`
}

export interface Marker {
  /** When the database was first created here (epoch ms). */
  createdAt: number
  /** The schema version it reached. */
  schemaVersion: number
  /** It has held messages. */
  heldMessages: boolean
  /** When its last full check at a start passed (epoch ms), 0 if never. */
  checkedAt: number
  /** The file as the console closed it cleanly; null while open, or after a crash. */
  closed: FileStamp | null
}

/** What tells a file from any changed copy of it: changing its bytes moves its ctime. */
export interface FileStamp {
  ino: number
  size: number
  mtimeMs: number
  ctimeMs: number
}

/** A clean close spares the next start's check for this long. */
const CHECK_AT_LEAST_EVERY_MS = 7 * 86_400_000

function stampOf(file: string): FileStamp {
  const { ino, size, mtimeMs, ctimeMs } = statSync(file)
  return { ino, size, mtimeMs, ctimeMs }
}

function isStamp(v: unknown): v is FileStamp {
  if (typeof v !== 'object' || v === null) return false
  const s = v as Record<string, unknown>
  return ['ino', 'size', 'mtimeMs', 'ctimeMs'].every((k) => typeof s[k] === 'number')
}

/** `dbFile` is byte for byte as the console closed it, and its full check is recent. */
function unchangedSinceClose(dbFile: string, marker: Marker, now: number): boolean {
  const closed = marker.closed
  // A check from the future: the clock moved back, so its age says nothing.
  const age = now - marker.checkedAt
  if (!closed || age < 0 || age > CHECK_AT_LEAST_EVERY_MS) return false
  // A write-ahead log with anything in it: the last run did not close cleanly.
  if (walHasContent(dbFile)) return false
  const file = stampOf(dbFile)
  return (
    file.ino === closed.ino &&
    file.size === closed.size &&
    file.mtimeMs === closed.mtimeMs &&
    file.ctimeMs === closed.ctimeMs
  )
}

export function readMarker(dbFile: string): Marker | null {
  let raw: string
  try {
    raw = readFileSync(markerPath(dbFile), 'utf8')
  } catch {
    return null
  }
  // A marker that cannot be read still says that a database was here.
  const fallback: Marker = {
    createdAt: 0,
    schemaVersion: 1,
    heldMessages: false,
    checkedAt: 0,
    closed: null,
  }
  try {
    const m = JSON.parse(raw) as Partial<Record<keyof Marker, unknown>>
    return {
      createdAt: typeof m.createdAt === 'number' ? m.createdAt : 0,
      schemaVersion: typeof m.schemaVersion === 'number' ? m.schemaVersion : 1,
      heldMessages: m.heldMessages === true,
      checkedAt: typeof m.checkedAt === 'number' ? m.checkedAt : 0,
      closed: isStamp(m.closed) ? m.closed : null,
    }
  } catch {
    return fallback
  }
}

/**
 * Records what the open database holds; `heldMessages` only ever goes from false to true.
 * `checked`: its full check at this start passed. An open database is not closed: any stamp
 * of a clean close goes. Written beside the file by rename, so a crash leaves the old marker
 * or the new one.
 */
export function updateMarker(dbFile: string, db: Db, checkedAt: number | null = null): Marker {
  const before = readMarker(dbFile)
  const schemaVersion = Number(db.pragma('user_version', { simple: true })) || 0
  const hasMessages = !!db.prepare('SELECT 1 FROM messages LIMIT 1').get()
  const next: Marker = {
    createdAt: before?.createdAt || Date.now(),
    schemaVersion: Math.max(schemaVersion, before?.schemaVersion ?? 0),
    heldMessages: (before?.heldMessages ?? false) || hasMessages,
    checkedAt: checkedAt ?? before?.checkedAt ?? 0,
    closed: null,
  }
  if (
    before &&
    before.createdAt === next.createdAt &&
    before.schemaVersion === next.schemaVersion &&
    before.heldMessages === next.heldMessages &&
    before.checkedAt === next.checkedAt &&
    before.closed === null
  ) {
    return before
  }
  writeMarker(dbFile, next)
  return next
}

/**
 * After the database closed cleanly (its write-ahead log folded in and gone): records the file
 * as it is now, which spares the next start its check while nothing changes it.
 */
export function markClosed(dbFile: string): void {
  const before = readMarker(dbFile)
  if (!before || walHasContent(dbFile)) return
  writeMarker(dbFile, { ...before, closed: stampOf(dbFile) })
}

function writeMarker(dbFile: string, marker: Marker): void {
  const file = markerPath(dbFile)
  const tmp = `${file}.tmp`
  writeFileSync(tmp, `${JSON.stringify(marker, null, 2)}\n`)
  renameSync(tmp, file)
}

/** Replaces the marker with what a restored database holds. */
export function resetMarker(dbFile: string): void {
  rmSync(markerPath(dbFile), { force: true })
}

// ─── the verdict at start ────────────────────────────────────────────────────

export type Verdict =
  /** `checked`: quick_check ran (a fresh database, or one unchanged since closed, needs none). */
  | { ok: true; fresh: boolean; checked: boolean }
  | { ok: false; kind: 'damaged'; notADatabase: boolean; problem: string }
  | { ok: false; kind: 'emptied' | 'missing' | 'noData' }

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1')

/**
 * Whether the console may open `dbFile`: sound, and holding what the folder held before.
 * `heldBefore` is true when the folder shows it had a database (the marker, or backups of it).
 */
export async function inspectDatabase(
  dbFile: string,
  heldBefore: boolean,
  nativeBinding?: string,
): Promise<Verdict> {
  const marker = readMarker(dbFile)
  const held = heldBefore || marker !== null
  let size: number
  try {
    size = statSync(dbFile).size
  } catch {
    return held ? { ok: false, kind: 'missing' } : { ok: true, fresh: true, checked: false }
  }
  if (size === 0)
    return held ? { ok: false, kind: 'emptied' } : { ok: true, fresh: true, checked: false }
  if (!hasSqliteHeader(dbFile)) {
    return { ok: false, kind: 'damaged', notADatabase: true, problem: 'not an SQLite header' }
  }
  if (marker && unchangedSinceClose(dbFile, marker, Date.now())) {
    return { ok: true, fresh: false, checked: false }
  }
  const check = await checkDatabaseFile(dbFile, { nativeBinding })
  if (!check.ok) {
    return {
      ok: false,
      kind: 'damaged',
      notADatabase: check.notADatabase,
      problem: check.problems.join('; ') || 'quick_check failed',
    }
  }
  if (!check.hasSchema) {
    return held ? { ok: false, kind: 'noData' } : { ok: true, fresh: true, checked: true }
  }
  if (marker?.heldMessages && !check.hasMessages) return { ok: false, kind: 'noData' }
  return { ok: true, fresh: false, checked: true }
}

function hasSqliteHeader(file: string): boolean {
  const fd = openSync(file, 'r')
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length)
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_HEADER)
  } finally {
    closeSync(fd)
  }
}
