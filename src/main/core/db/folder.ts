/**
 * The console's data folder, opened in the one safe order: take the folder's lock (nothing in
 * it is read or written before), then the log, then check the database (sound, and still
 * holding what it held) before anything writes into it, restoring the newest good backup only
 * when asked to; then open it and schedule its backups. Both the desktop app and browser mode
 * come through here (createCore).
 *
 * Data folder:
 *   console.lock, console.lock.json   the lock and who holds it (lock.ts)
 *   console.db (-wal, -shm)           the database
 *   console.db.marker                 that this folder's database held data (integrity.ts)
 *   backups/console-<time>.db         rotating checked backups (backup.ts)
 *   console.db.damaged-<time>         a refused database set aside by a restore
 *   logs/, imports/                   the log and uploaded files
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { englishOf, phrase, withCause } from '../../../shared/phrases'
import type { PhraseRef } from '../../../shared/domain'
import { createLog, type Log } from '../log'
import {
  backupDir,
  Backups,
  listGoodBackups,
  removePartialBackups,
  restoreNewestBackup,
  type BackupSchedule,
  type Restored,
} from './backup'
import { openDatabase, type Db } from './database'
import { DataFolderError, localTime } from './errors'
import { inspectDatabase, markClosed, resetMarker, updateMarker, type Verdict } from './integrity'
import { lockDataFolder } from './lock'

export const DB_FILE = 'console.db'

export interface DataFolderOptions {
  dataDir: string
  mode: 'electron' | 'browser'
  version: string
  /** better-sqlite3 binary built for this runtime (Electron). */
  nativeBinding?: string
  /**
   * When the database is refused (damaged, emptied, missing): set it aside and start on the
   * newest backup that passes its check. A sound database is never replaced.
   */
  restoreBackup?: boolean
  /** Write log lines to stderr too. */
  echoLog?: boolean
  /** Backup timing (tests shorten it). */
  backups?: Partial<BackupSchedule>
}

export interface DataFolder {
  db: Db
  log: Log
  backups: Backups
  /** The backup the database was restored from at this start, if it was. */
  restored: Restored | null
  /** Stops the backups, closes the database and lets the folder go. */
  close(): Promise<void>
}

export async function openDataFolder(options: DataFolderOptions): Promise<DataFolder> {
  const { dataDir, nativeBinding } = options
  const lock = lockDataFolder(dataDir, options)
  try {
    const log = createLog(join(dataDir, 'logs'), options.echoLog)
    const dbFile = join(dataDir, DB_FILE)
    // What a start or a backup that was cut short left behind.
    rmSync(`${dbFile}.restoring`, { force: true })
    removePartialBackups(dataDir)

    const heldBefore = listGoodBackups(dataDir).length > 0
    const verdict = await inspectDatabase(dbFile, heldBefore, nativeBinding)
    if (verdict.ok && !verdict.fresh && !verdict.checked) {
      log('info', 'the database is as the console closed it: not checked again at this start')
    }
    /** When a full check passed at this start (the marker keeps it), or null. */
    let checkedAt = verdict.ok && verdict.checked ? Date.now() : null
    let restored: Restored | null = null
    if (!verdict.ok) {
      if (!options.restoreBackup) {
        const refusal = refusalFor(verdict, dbFile, dataDir, options.mode)
        log('error', refusal.message)
        throw refusal
      }
      restored = await restoreNewestBackup(dataDir, dbFile, log, nativeBinding)
      if (!restored) {
        const none = new DataFolderError(
          'noBackup',
          phrase('backup.noneGood', { dir: backupDir(dataDir) }),
        )
        log('error', none.message)
        throw none
      }
      // The marker now speaks for the restored file.
      resetMarker(dbFile)
      const again = await inspectDatabase(dbFile, true, nativeBinding)
      if (!again.ok) throw refusalFor(again, dbFile, dataDir, options.mode)
      checkedAt = again.checked ? Date.now() : null
      const said = restored.asideAs[0]
        ? phrase('backup.restored', {
            time: localTime(restored.backup.takenAt),
            aside: restored.asideAs[0],
          })
        : phrase('backup.restoredNoFile', { time: localTime(restored.backup.takenAt) })
      console.warn(`SMS Operator Console: ${englishOf(said)}`)
    } else if (options.restoreBackup) {
      const said = englishOf(phrase('backup.notNeeded', { file: dbFile }))
      log('info', said)
      console.warn(`SMS Operator Console: ${said}`)
    }

    const db = openDatabase(dbFile, { nativeBinding })
    try {
      if (restored) markRestoredInFlight(db, restored.backup.takenAt, log)
    } catch (err) {
      db.close()
      throw err
    }
    const mark = () => {
      try {
        updateMarker(dbFile, db, checkedAt)
      } catch (err) {
        // A full disk must not stop the console: the marker is written at the next chance.
        log('warn', `could not update ${dbFile}.marker: ${String(err)}`)
      }
    }
    mark()
    const backups = new Backups({
      dataDir,
      dbFile,
      log,
      schedule: options.backups,
      nativeBinding,
      onTaken: mark,
    })
    backups.start()

    let closing: Promise<void> | null = null
    return {
      db,
      log,
      backups,
      restored,
      close() {
        closing ??= (async () => {
          try {
            await backups.stop()
            mark()
            db.close()
            try {
              markClosed(dbFile)
            } catch (err) {
              // Only the next start's check is at stake: it runs in full.
              log('warn', `could not update ${dbFile}.marker: ${String(err)}`)
            }
          } finally {
            lock.release()
          }
        })()
        return closing
      },
    }
  } catch (err) {
    lock.release()
    throw err
  }
}

/**
 * A restored backup does not know what happened after it was taken: a message it holds as
 * waiting or being sent may have gone out since. Like a submit that got no answer, each
 * becomes uncertain for the operator to resend or mark failed; none goes out again by itself.
 * Scheduled messages whose time has not come yet cannot have gone out and stay scheduled.
 */
function markRestoredInFlight(db: Db, takenAt: number, log: Log): void {
  const now = Date.now()
  const changed = db
    .prepare(
      `UPDATE messages SET state = 'uncertain', error_code = 'outbox:restored', updated_at = @now,
         error = @error
       WHERE state IN ('queued', 'sending')
          OR (state = 'scheduled' AND COALESCE(scheduled_at, next_attempt_at) <= @now)`,
    )
    .run({
      now,
      error:
        `Restored from the backup of ${new Date(takenAt).toISOString()}: it may have been sent ` +
        'after that backup. Resend it or mark it failed.',
    }).changes
  if (changed) {
    log('warn', `${changed} message(s) waiting or being sent in the restored backup: uncertain`)
  }
}

function refusalFor(
  verdict: Exclude<Verdict, { ok: true }>,
  dbFile: string,
  dataDir: string,
  mode: 'electron' | 'browser',
): DataFolderError {
  const backup = listGoodBackups(dataDir)[0] ?? null
  const hint: PhraseRef = backup
    ? phrase(mode === 'browser' ? 'db.restoreWithFlag' : 'db.restoreOffered', {
        time: localTime(backup.takenAt),
      })
    : phrase('db.noBackup', { dir: backupDir(dataDir) })
  const cause = englishOf(hint)
  let said: PhraseRef
  switch (verdict.kind) {
    case 'damaged':
      said = verdict.notADatabase
        ? phrase('db.notDatabase', { file: dbFile, cause })
        : phrase('db.damaged', { file: dbFile, problem: verdict.problem, cause })
      break
    case 'emptied':
      said = phrase('db.emptied', { file: dbFile, cause })
      break
    case 'noData':
      said = phrase('db.noData', { file: dbFile, cause })
      break
    case 'missing':
      said = phrase('db.missing', { file: dbFile, cause })
      break
  }
  const kind = verdict.kind === 'noData' ? 'emptied' : verdict.kind
  return new DataFolderError(kind, withCause(said, hint), backup)
}
