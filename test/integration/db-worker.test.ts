// SQLite jobs off main's thread (db/worker.ts) on real files: the check runs in a worker and
// gives the same verdict on main's thread where no worker can load better-sqlite3; a job's own
// failure is reported as such, never retried on main's thread.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { checkDatabaseFile } from '../../src/main/core/db/integrity'
import { JobError, runSqliteJob } from '../../src/main/core/db/worker'
import { WORKER_NICENESS } from '../../src/main/core/thread-priority'
import Database from 'better-sqlite3'
import { threadsAt } from '../helpers/threads'
import { waitFor } from '../helpers/wait'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function consoleDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'db-worker-'))
  dirs.push(dir)
  const file = join(dir, 'console.db')
  openDatabase(file).close()
  return file
}

/** Set on this thread only: a job that sees it ran here, not in a worker. */
const MARK = '__dbWorkerTestMainThread'
const WHERE = `return globalThis.${MARK} === true ? 'main' : 'worker'`

describe('SQLite jobs', () => {
  ;(globalThis as Record<string, unknown>)[MARK] = true

  it('run in a worker thread', async () => {
    expect(await runSqliteJob<string>(WHERE, {}).result).toBe('worker')
    const check = await checkDatabaseFile(consoleDb())
    expect(check).toMatchObject({ ok: true, hasSchema: true, hasMessages: false })
  })

  it('run on this thread, with the same verdict, where no worker can load better-sqlite3', async () => {
    const nowhere = { module: join(tmpdir(), 'no-such-better-sqlite3') }
    expect(await runSqliteJob<string>(WHERE, {}, nowhere).result).toBe('main')
    const file = consoleDb()
    expect(await checkDatabaseFile(file, nowhere)).toEqual(await checkDatabaseFile(file))
  })

  it.runIf(process.platform === 'linux')(
    "run below main's priority, as the other workers do",
    async () => {
      // A job of an earlier test may still be ending among the threads at this priority.
      const before = threadsAt(WORKER_NICENESS)
      // A job that runs until the test lets it end: a row in a table of its own.
      const file = consoleDb()
      const db = new Database(file)
      db.exec('CREATE TABLE go (x)')
      const job = runSqliteJob<number>(
        `const db = new Database(args.file, { readonly: true })
         while (!db.prepare('SELECT 1 FROM go').get()) await new Promise((r) => setTimeout(r, 5))
         db.close()
         return 1`,
        { file },
      )
      await waitFor(
        () => [...threadsAt(WORKER_NICENESS)].some((tid) => !before.has(tid)),
        'the job thread lowered',
      )
      db.exec('INSERT INTO go VALUES (1)')
      db.close()
      expect(await job.result).toBe(1)
    },
  )

  it("report a job's own failure as the job's", async () => {
    const job = runSqliteJob<null>(`throw new Error('the job said no')`, {})
    await expect(job.result).rejects.toBeInstanceOf(JobError)
    await expect(job.result).rejects.toThrow('the job said no')
  })
})
