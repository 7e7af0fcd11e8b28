/**
 * Long SQLite jobs (checking a whole database, copying it for a backup) off main's thread: each
 * runs in a worker thread of its own, on a connection of its own. A job is the body of an async
 * function of `Database` (better-sqlite3) and `args`, in plain JavaScript so that the same text
 * runs in the worker and, where no worker can load the native module, on main's thread instead.
 */
import { createRequire } from 'node:module'
import { sep } from 'node:path'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { WORKER_NICENESS } from '../thread-priority'

const WORKER = `
  const { parentPort, workerData } = require('node:worker_threads')
  // Below main's priority, as the other workers (thread-priority.ts): a backup's copy of a large
  // database must not take main's core.
  if (process.platform === 'linux') {
    try {
      const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop())
      require('node:os').setPriority(tid, workerData.niceness)
    } catch {}
  }
  const Database = require(workerData.module)
  const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor
  new AsyncFunction('Database', 'args', workerData.body)(Database, workerData.args).then(
    (out) => parentPort.postMessage({ out }),
    (err) => parentPort.postMessage({ failed: String((err && err.message) || err) }),
  )
`

/** The job itself threw: its own failure, not the worker's. */
export class JobError extends Error {}

export interface JobOptions {
  /** better-sqlite3 binary built for this runtime (Electron). */
  nativeBinding?: string
  /** better-sqlite3's entry file for the worker (tests point it elsewhere). */
  module?: string
}

export interface Job<T> {
  result: Promise<T>
  /** Stops the worker (a native step in progress finishes first). */
  cancel(): void
}

type AsyncFn = new (
  ...args: string[]
) => (db: typeof Database, args: Record<string, unknown>) => Promise<unknown>

/**
 * better-sqlite3's entry file, outside the asar archive in a packaged app. Resolved from this
 * file (`__filename`: the bundle is CommonJS, and so are tests' transforms).
 */
export function sqliteModule(): string {
  const resolved = createRequire(__filename).resolve('better-sqlite3')
  return resolved.replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`)
}

/** Runs `body` in a worker; if no worker can start here, on this thread instead. */
export function runSqliteJob<T>(
  body: string,
  args: Record<string, unknown>,
  options: JobOptions = {},
): Job<T> {
  const withBinding = { ...args, nativeBinding: options.nativeBinding ?? null }
  let worker: Worker | null = null
  let cancelled = false
  const inWorker = new Promise<T>((resolve, reject) => {
    let settled = false
    worker = new Worker(WORKER, {
      eval: true,
      workerData: {
        body,
        args: withBinding,
        module: options.module ?? sqliteModule(),
        niceness: WORKER_NICENESS,
      },
    })
    worker.once('message', (msg: { out: T } | { failed: string }) => {
      settled = true
      if ('failed' in msg) reject(new JobError(msg.failed))
      else resolve(msg.out)
      void worker?.terminate()
    })
    worker.once('error', (err) => {
      if (!settled) reject(err)
      settled = true
    })
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`worker exited with ${code}`))
      settled = true
    })
  })
  const result = inWorker.catch((err: unknown) => {
    if (err instanceof JobError || cancelled) throw err
    // The worker could not run the job at all (no native module for workers here): run it on
    // this thread. The verdict is the same; only main's loop waits for it.
    const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as AsyncFn
    const fn = new AsyncFunction('Database', 'args', body)
    return fn(Database, withBinding).then(
      (out) => out as T,
      (e: unknown) => {
        throw new JobError(e instanceof Error ? e.message : String(e))
      },
    )
  })
  return {
    result,
    cancel() {
      cancelled = true
      void (worker as Worker | null)?.terminate()
    },
  }
}
