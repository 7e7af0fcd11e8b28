// A damaged database is found at start and never written into, on real SQLite files: a page
// overwritten, an emptied file, a missing one and one replaced by an empty database are refused
// with a plain message and left byte for byte as they were; backups are taken online while
// messages are written, checked and rotated; restoring (a real console process started with
// --restore-backup) brings back the newest good backup's data, sets the refused file aside and
// the console starts on it.
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
  copyFileSync,
  openSync,
  writeSync,
  closeSync,
} from 'node:fs'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core/app'
import { Backups, listGoodBackups } from '../../src/main/core/db/backup'
import { openDatabase } from '../../src/main/core/db/database'
import { DataFolderError, localTime } from '../../src/main/core/db/errors'
import { openDataFolder, type DataFolderOptions } from '../../src/main/core/db/folder'
import { createLog } from '../../src/main/core/log'
import { Outbox, type NewMessage } from '../../src/main/core/outbox/outbox'
import { ProfileStore } from '../../src/main/core/profiles/profiles'
import { phraseText } from '../../src/shared/phrases'
import { startConsole, stopConsole, type ConsoleProcess } from '../helpers/console-process'
import { startTestCore } from '../helpers/test-core'
import { untouchedVault } from '../helpers/vault'
import { waitFor } from '../helpers/wait'
import { sandboxProfiles } from '../../src/main/core/profiles/input'

const DAY = 24 * 60 * 60_000
const dirs: string[] = []
const processes: ConsoleProcess[] = []

afterEach(() => {
  for (const p of processes.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL')
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'console-db-check-'))
  dirs.push(d)
  return d
}

function options(dataDir: string, more: Partial<DataFolderOptions> = {}): DataFolderOptions {
  // No backup unless a test takes one.
  return { dataDir, mode: 'browser', version: 'test', backups: { firstAfterMs: DAY }, ...more }
}

function messages(from: number, count: number): NewMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    profileId: 'sandbox',
    sender: 'SANDBOX',
    phone: `99290${String(from + i).padStart(7, '0')}`,
    text: `message ${from + i}`,
    priority: 1 as const,
  }))
}

/** A data folder whose database holds `delivered` delivered messages and `queued` waiting ones. */
async function folderWith(delivered: number, queued = 0): Promise<string> {
  const dataDir = tempDir()
  const folder = await openDataFolder(options(dataDir))
  new ProfileStore(folder.db).ensureSandbox(sandboxProfiles())
  const outbox = new Outbox(folder.db)
  outbox.enqueueMany(messages(1, delivered))
  folder.db.exec(`UPDATE messages SET state = 'delivered'`)
  if (queued) outbox.enqueueMany(messages(100_000, queued))
  await folder.close()
  return dataDir
}

function hash(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex')
}

/** Overwrites the page in the middle of the file with a byte pattern, as a failing disk might. */
function overwriteMiddlePage(file: string): void {
  const db = new Database(file, { readonly: true })
  const pageSize = db.pragma('page_size', { simple: true }) as number
  db.close()
  const pages = statSync(file).size / pageSize
  expect(pages).toBeGreaterThan(4)
  const fd = openSync(file, 'r+')
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, Math.floor(pages / 2) * pageSize)
  closeSync(fd)
}

function count(file: string, where = '1'): number {
  const db = new Database(file, { readonly: true })
  try {
    return (db.prepare(`SELECT count(*) AS n FROM messages WHERE ${where}`).get() as { n: number })
      .n
  } finally {
    db.close()
  }
}

function quickCheck(file: string): string {
  const db = new Database(file, { readonly: true })
  try {
    return String(db.pragma('quick_check', { simple: true }))
  } finally {
    db.close()
  }
}

/** The database file, its marker and whether SQLite's side files exist. */
function dbState(dataDir: string): Record<string, string | boolean> {
  const f = join(dataDir, 'console.db')
  return {
    db: existsSync(f) ? hash(f) : false,
    marker: existsSync(`${f}.marker`) ? hash(`${f}.marker`) : false,
    wal: existsSync(`${f}-wal`),
    shm: existsSync(`${f}-shm`),
  }
}

/**
 * What createCore itself does with the folder: calls it directly (not through the test core),
 * since the start is what is refused, and nothing may be recorded or cleaned up around it.
 */
async function refusal(dataDir: string): Promise<DataFolderError> {
  const err = await createCore({ ...options(dataDir), vault: untouchedVault }).then(
    async (core) => {
      await core.close()
      return new Error('the console started')
    },
    (e: unknown) => e,
  )
  if (!(err instanceof DataFolderError)) throw err
  return err
}

describe('the database is checked when it opens', () => {
  it('a database with a page overwritten is refused with a plain message and left untouched', async () => {
    const dataDir = await folderWith(3000)
    const dbFile = join(dataDir, 'console.db')
    overwriteMiddlePage(dbFile)
    const before = dbState(dataDir)

    const err = await refusal(dataDir)
    expect(err.kind).toBe('damaged')
    expect(err.message).toContain(`The database ${dbFile} is damaged`)
    expect(err.message).toContain('wrote nothing into it')
    expect(err.message).toContain(`There is no good backup in ${join(dataDir, 'backups')}`)
    expect(err.backup).toBeNull()
    // Said in the operator's language too: the phrase is the message, and reads in Russian.
    expect(phraseText(err.phrase, 'en')).toBe(err.message)
    expect(phraseText(err.phrase, 'ru')).toContain(`База данных ${dbFile} повреждена`)
    expect(phraseText(err.phrase, 'ru')).toContain('нет проверенной резервной копии')
    expect(dbState(dataDir)).toEqual(before)

    // Nothing was mended on the way: the next start refuses it again.
    expect((await refusal(dataDir)).kind).toBe('damaged')
    expect(dbState(dataDir)).toEqual(before)
  })

  it('a file whose first page is overwritten is refused as no longer an SQLite file', async () => {
    const dataDir = await folderWith(100)
    const dbFile = join(dataDir, 'console.db')
    const fd = openSync(dbFile, 'r+')
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, 0)
    closeSync(fd)
    const before = dbState(dataDir)
    const err = await refusal(dataDir)
    expect(err.kind).toBe('damaged')
    expect(err.message).toContain('is no longer an SQLite file')
    expect(dbState(dataDir)).toEqual(before)
  })

  it('an emptied database is refused, not started as a fresh install', async () => {
    const dataDir = await folderWith(100)
    const dbFile = join(dataDir, 'console.db')
    truncateSync(dbFile, 0)
    const before = dbState(dataDir)

    const err = await refusal(dataDir)
    expect(err.kind).toBe('emptied')
    expect(err.message).toContain(`The database ${dbFile} is empty`)
    expect(err.message).toContain('did not create a new database in its place')
    expect(statSync(dbFile).size).toBe(0)
    expect(dbState(dataDir)).toEqual(before)
  })

  it('a missing database is refused where the folder held one', async () => {
    const dataDir = await folderWith(100)
    const dbFile = join(dataDir, 'console.db')
    rmSync(dbFile)
    const err = await refusal(dataDir)
    expect(err.kind).toBe('missing')
    expect(err.message).toContain(`The database ${dbFile} is missing`)
    expect(existsSync(dbFile)).toBe(false)
  })

  it('a database that no longer holds the messages it held is refused', async () => {
    const dataDir = await folderWith(100)
    const dbFile = join(dataDir, 'console.db')
    // Swapped for a sound console database that never held a message.
    const other = tempDir()
    const fresh = await openDataFolder(options(other))
    await fresh.close()
    copyFileSync(join(other, 'console.db'), dbFile)
    const before = dbState(dataDir)

    const err = await refusal(dataDir)
    expect(err.kind).toBe('emptied')
    expect(err.message).toContain('no longer holds the console')
    expect(dbState(dataDir)).toEqual(before)
  })

  it('a first start on an empty folder creates the database and its marker', async () => {
    const dataDir = tempDir()
    const t = await startTestCore({ dataDir, backups: { firstAfterMs: DAY } })
    await t.close()
    expect(quickCheck(join(dataDir, 'console.db'))).toBe('ok')
    const marker = JSON.parse(readFileSync(join(dataDir, 'console.db.marker'), 'utf8')) as {
      schemaVersion: number
      heldMessages: boolean
    }
    expect(marker.schemaVersion).toBeGreaterThan(0)
    expect(marker.heldMessages).toBe(false)
  })
})

/**
 * A real tmpfs of `mb` megabytes for a disk that fills up for real (mounting needs root, as CI
 * runs; elsewhere the test skips). Returns its folder and a function that fills it to the byte.
 */
function tmpfs(mb: number): { dir: string; fill(): void; free(): void; unmount(): void } | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null
  const dir = tempDir()
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${mb}m`, 'tmpfs', dir]).status !== 0)
    return null
  const filler = join(dir, 'filler')
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a')
      try {
        for (const size of [1 << 20, 1 << 12, 1]) {
          const piece = Buffer.alloc(size)
          for (;;) {
            try {
              writeSync(fd, piece)
            } catch {
              break
            }
          }
        }
      } finally {
        closeSync(fd)
      }
    },
    free: () => rmSync(filler, { force: true }),
    unmount: () => void spawnSync('umount', ['-l', dir]),
  }
}
const canMount = ((t) => (t ? (t.unmount(), true) : false))(tmpfs(1))

describe('backups', () => {
  it('are taken online while messages are written, checked, and rotated', async () => {
    const dataDir = await folderWith(2000)
    const folder = await openDataFolder(
      options(dataDir, { backups: { firstAfterMs: DAY, keep: 3 } }),
    )
    try {
      const outbox = new Outbox(folder.db)
      const taken: string[] = []
      for (let round = 0; round < 4; round++) {
        const atStart = count(join(dataDir, 'console.db'))
        const backup = folder.backups.takeNow()
        // Sends go on while it copies: each turn of the loop writes another message.
        let written = 0
        let done = false
        void backup.finally(() => (done = true))
        while (!done) {
          outbox.enqueue(messages(10_000 + round * 1000 + written, 1)[0]!)
          written++
          await new Promise((r) => setImmediate(r))
        }
        const file = await backup
        expect(file).not.toBeNull()
        taken.push(file!.path)
        expect(quickCheck(file!.path)).toBe('ok')
        expect(count(file!.path)).toBeGreaterThanOrEqual(atStart)
      }
      const kept = listGoodBackups(dataDir)
      expect(kept.map((b) => b.path)).toEqual(taken.slice(1).reverse())
      expect(existsSync(taken[0]!)).toBe(false)
      // Nothing else is left in the folder: no partial copy, no older backup.
      const dbs = readdirSync(join(dataDir, 'backups')).filter((n) => !/-(wal|shm)$/.test(n))
      expect(dbs.sort()).toEqual(kept.map((b) => basename(b.path)).sort())
      for (const b of kept) expect(quickCheck(b.path)).toBe('ok')
    } finally {
      await folder.close()
    }
  })

  it('the first comes by itself after a successful start', async () => {
    const dataDir = await folderWith(100)
    const folder = await openDataFolder(options(dataDir, { backups: { firstAfterMs: 0 } }))
    try {
      await waitFor(() => listGoodBackups(dataDir).length === 1, 'the first backup')
      expect(count(listGoodBackups(dataDir)[0]!.path)).toBe(100)
    } finally {
      await folder.close()
    }
  })

  it.skipIf(!canMount)(
    'one that would fill the disk under the database is skipped, saying so; with room, taken',
    async () => {
      const disk = tmpfs(24)!
      try {
        const dataDir = join(disk.dir, 'data')
        const folder = await openDataFolder(options(dataDir))
        new ProfileStore(folder.db).ensureSandbox(sandboxProfiles())
        new Outbox(folder.db).enqueueMany(messages(1, 3000))
        folder.db.pragma('wal_checkpoint(TRUNCATE)')
        // The log file cannot take a line on a full disk: these lines are kept in memory.
        const lines: string[] = []
        const log = Object.assign((level: string, line: string) => lines.push(`${level} ${line}`), {
          mask: () => {},
          file: '',
        })
        const backups = new Backups({ dataDir, dbFile: join(dataDir, 'console.db'), log })
        disk.fill()
        expect(await backups.takeNow()).toBeNull()
        expect(lines.join('\n')).toMatch(
          /^warn backup skipped: \d+ MB free in .*, a backup of the \d+ MB database needs/m,
        )
        expect(existsSync(join(dataDir, 'backups'))).toBe(false)
        disk.free()
        const backup = await backups.takeNow()
        expect(backup).not.toBeNull()
        expect(count(backup!.path)).toBe(3000)
        await backups.stop()
        await folder.close()
      } finally {
        disk.free()
        disk.unmount()
      }
    },
  )

  it('a copy of a damaged database fails its check and is not kept', async () => {
    const dataDir = await folderWith(3000)
    const dbFile = join(dataDir, 'console.db')
    overwriteMiddlePage(dbFile)
    // Opened without the check, as a console that ran on while its file went bad.
    const db = openDatabase(dbFile)
    const log = createLog(join(dataDir, 'logs'))
    const backups = new Backups({ dataDir, dbFile, log })
    try {
      expect(await backups.takeNow()).toBeNull()
    } finally {
      await backups.stop()
      db.close()
    }
    expect(listGoodBackups(dataDir)).toEqual([])
    expect(readdirSync(join(dataDir, 'backups'))).toEqual([])
    expect(readFileSync(log.file, 'utf8')).toMatch(/failed its check .*not kept/)
  })
})

describe('restoring the newest good backup', () => {
  function run(dataDir: string, args: string[] = []): ConsoleProcess {
    const p = startConsole(dataDir, args)
    processes.push(p)
    return p
  }

  it('brings back its data, keeps the refused file aside, and the console starts on it', async () => {
    // 200 delivered and 5 waiting at the time of the backup; 100 more written after it.
    const dataDir = await folderWith(200, 5)
    const dbFile = join(dataDir, 'console.db')
    const folder = await openDataFolder(options(dataDir))
    const older = await folder.backups.takeNow()
    new Outbox(folder.db).enqueueMany(messages(1000, 20))
    const newest = await folder.backups.takeNow()
    new Outbox(folder.db).enqueueMany(messages(2000, 100))
    await folder.close()
    expect(older).not.toBeNull()
    expect(newest).not.toBeNull()
    overwriteMiddlePage(dbFile)
    const damaged = hash(dbFile)
    const before = dbState(dataDir)

    // Refused, and told how to get out of it.
    const refused = run(dataDir)
    expect(await refused.exited).toBe(1)
    expect(refused.output()).toMatch(/^refused damaged: /m)
    expect(refused.output()).toContain('--restore-backup')
    expect(refused.output()).toContain(localTime(newest!.takenAt))
    expect(dbState(dataDir)).toEqual(before)

    const restoring = run(dataDir, ['--restore-backup'])
    await restoring.ready
    expect(restoring.output()).toContain(`Restored the backup of ${localTime(newest!.takenAt)}`)
    expect(await stopConsole(restoring)).toBe(0)

    // The refused file is set aside, not deleted.
    const aside = readdirSync(dataDir).filter((n) => /^console\.db\.damaged-[^-]/.test(n))
    expect(aside).toHaveLength(1)
    expect(hash(join(dataDir, aside[0]!))).toBe(damaged)
    // The newest backup's data: 225 messages, not the 325 of the lost file nor the older 205.
    expect(quickCheck(dbFile)).toBe('ok')
    expect(count(dbFile)).toBe(225)
    // Waiting at the time of the backup, they may have gone out since: uncertain, not resent.
    expect(count(dbFile, `state = 'queued'`)).toBe(0)
    expect(count(dbFile, `state = 'uncertain' AND error_code = 'outbox:restored'`)).toBe(25)
    expect(count(dbFile, `state = 'delivered'`)).toBe(200)

    // The next start takes the restored database as its own.
    const next = run(dataDir)
    await next.ready
    expect(await stopConsole(next)).toBe(0)
  })

  it('keeps a sound database: nothing is restored over it', async () => {
    const dataDir = await folderWith(50)
    const first = await openDataFolder(options(dataDir))
    await first.backups.takeNow()
    new Outbox(first.db).enqueueMany(messages(500, 10))
    await first.close()

    const folder = await openDataFolder(options(dataDir, { restoreBackup: true }))
    try {
      expect(folder.restored).toBeNull()
      expect(count(join(dataDir, 'console.db'))).toBe(60)
    } finally {
      await folder.close()
    }
    expect(readdirSync(dataDir).filter((n) => n.includes('damaged'))).toEqual([])
  })

  it('with no good backup, refuses and changes nothing', async () => {
    const dataDir = await folderWith(3000)
    overwriteMiddlePage(join(dataDir, 'console.db'))
    // A "backup" that does not pass its check is no way out.
    const bad = join(dataDir, 'backups', 'console-2025-01-01T00-00-00-000Z.db')
    mkdirSync(join(dataDir, 'backups'), { recursive: true })
    writeFileSync(bad, 'not a database')
    const before = dbState(dataDir)

    const err = await openDataFolder(options(dataDir, { restoreBackup: true })).then(
      () => new Error('it opened'),
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(DataFolderError)
    expect((err as DataFolderError).kind).toBe('noBackup')
    expect((err as DataFolderError).message).toContain('nothing was restored')
    expect(dbState(dataDir)).toEqual(before)
    expect(readFileSync(bad, 'utf8')).toBe('not a database')
  })
})

describe('a start after a clean close', () => {
  const NOT_CHECKED = 'the database is as the console closed it: not checked again at this start'
  const logOf = (dataDir: string) => {
    const file = join(dataDir, 'logs', 'console.log')
    return existsSync(file) ? readFileSync(file, 'utf8') : ''
  }
  /** Opens and closes the folder; what the start logged. */
  const start = async (dataDir: string): Promise<string> => {
    const before = logOf(dataDir).length
    const folder = await openDataFolder(options(dataDir))
    await folder.close()
    return logOf(dataDir).slice(before)
  }

  it('does not check again a database unchanged since, and checks after a change, a crash or a week', async () => {
    const dataDir = await folderWith(100)
    const dbFile = join(dataDir, 'console.db')
    // Created at the last start (nothing to check then): this start checks it in full.
    expect(await start(dataDir)).not.toContain(NOT_CHECKED)
    expect(await start(dataDir)).toContain(NOT_CHECKED)

    // Another program wrote into it: the next start checks it again, the one after does not.
    const other = new Database(dbFile)
    other.exec(`UPDATE messages SET text = text || '.' WHERE id = 1`)
    other.close()
    expect(await start(dataDir)).not.toContain(NOT_CHECKED)
    expect(await start(dataDir)).toContain(NOT_CHECKED)

    // A process killed while writing leaves its write-ahead log: checked again.
    const crash = spawnSync(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(${JSON.stringify(dbFile)})
         db.exec("UPDATE messages SET text = text || '!' WHERE id = 2")
         process.kill(process.pid, 'SIGKILL')`,
      ],
      { cwd: process.cwd() },
    )
    expect(crash.signal).toBe('SIGKILL')
    expect(statSync(`${dbFile}-wal`).size).toBeGreaterThan(0)
    expect(await start(dataDir)).not.toContain(NOT_CHECKED)
    expect(count(dbFile, `text = 'message 2!'`)).toBe(1)
    expect(await start(dataDir)).toContain(NOT_CHECKED)

    // A week after its last full check, it is checked again however it was closed.
    const markerFile = `${dbFile}.marker`
    const marker = JSON.parse(readFileSync(markerFile, 'utf8')) as { checkedAt: number }
    writeFileSync(markerFile, JSON.stringify({ ...marker, checkedAt: marker.checkedAt - 8 * DAY }))
    expect(await start(dataDir)).not.toContain(NOT_CHECKED)
    expect(await start(dataDir)).toContain(NOT_CHECKED)

    // A last check dated in the future (the clock was put back since) proves nothing: checked.
    const later = JSON.parse(readFileSync(markerFile, 'utf8')) as { checkedAt: number }
    writeFileSync(markerFile, JSON.stringify({ ...later, checkedAt: later.checkedAt + DAY }))
    expect(await start(dataDir)).not.toContain(NOT_CHECKED)
    expect(await start(dataDir)).toContain(NOT_CHECKED)
  })

  it('refuses a page overwritten since, even with its modification time put back', async () => {
    const dataDir = await folderWith(3000)
    const dbFile = join(dataDir, 'console.db')
    await start(dataDir)
    const { atimeMs, mtimeMs } = statSync(dbFile)
    overwriteMiddlePage(dbFile)
    // As a copy tool may: the modification time as it was (its change time cannot be set).
    utimesSync(dbFile, atimeMs / 1000, mtimeMs / 1000)
    expect(Math.abs(statSync(dbFile).mtimeMs - mtimeMs)).toBeLessThan(1)
    expect((await refusal(dataDir)).kind).toBe('damaged')
  })
})
