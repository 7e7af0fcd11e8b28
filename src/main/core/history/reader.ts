/**
 * History and Delivery reports read the outbox through this: on a read-only connection in a
 * worker thread, so a slow page, count, search or export never stalls main's loop (the window
 * stays live while a million-row History is searched during an import). Where no worker can
 * start, the same reads run on main's own connection.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { Db } from '../db/database'
import { HistoryStore } from './store'

type Reads = Pick<
  HistoryStore,
  'page' | 'count' | 'exportChunk' | 'receipts' | 'batches' | 'batchDetail' | 'batchCounts'
>
export type ReadMethod = keyof Reads

/** The same reads, answered later. */
export type HistoryReader = {
  [K in ReadMethod]: (...args: Parameters<Reads[K]>) => Promise<ReturnType<Reads[K]>>
} & {
  /** Where the reads run, for the log and the tests. */
  readonly where: 'worker' | 'main'
  close(): Promise<void>
}

export interface ReadRequest {
  id: number
  method: ReadMethod
  args: unknown[]
}

export type ReadReply =
  { id: number; result: unknown } | { id: number; error: { message: string; code: string | null } }

export interface ReaderOptions {
  /** The worker's script: out/main/history-worker.js in a build; the source under tests. */
  workerScript?: string
  /** better-sqlite3 binary built for this runtime (Electron). */
  nativeBinding?: string
  log: (level: 'info' | 'warn', message: string) => void
}

/** How often the worker checkpoints the write-ahead log (main's connection then never does). */
const CHECKPOINT_EVERY_MS = 1000
/** SQLite's own default, for main's connection again if the worker is gone. */
const AUTOCHECKPOINT_PAGES = 1000

const METHODS: readonly ReadMethod[] = [
  'page',
  'count',
  'exportChunk',
  'receipts',
  'batches',
  'batchDetail',
  'batchCounts',
]

/** A read that failed in the worker, with SQLite's code (so the disk's errors still say so). */
class ReadError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message)
    this.name = 'ReadError'
  }
}

/** Reads in a worker when one starts; on `db` (main's connection) when none can. */
export async function openHistoryReader(db: Db, o: ReaderOptions): Promise<HistoryReader> {
  const script = o.workerScript ?? sourceWorker()
  if (script && db.name !== ':memory:') {
    try {
      return await workerReader(db, script, o)
    } catch (err) {
      o.log(
        'warn',
        `History reads run on the main thread: ${err instanceof Error ? err.message : err}`,
      )
    }
  }
  return localReader(db)
}

function localReader(db: Db): HistoryReader {
  const store = new HistoryStore(db)
  const reader = { where: 'main' as const, close: async () => {} } as Record<string, unknown>
  for (const m of METHODS) {
    const fn = store[m] as (...a: unknown[]) => unknown
    reader[m] = async (...args: unknown[]) => fn.apply(store, args)
  }
  return reader as unknown as HistoryReader
}

function workerReader(db: Db, script: string, o: ReaderOptions): Promise<HistoryReader> {
  const file = db.name
  const workerData = {
    file,
    nativeBinding: o.nativeBinding ?? null,
    script,
    checkpointEveryMs: CHECKPOINT_EVERY_MS,
  }
  // The TypeScript source (tests, tools) is loaded through tsx; a build's bundle as it is.
  const worker = script.endsWith('.ts')
    ? new Worker(FROM_SOURCE, { eval: true, workerData })
    : new Worker(script, { workerData })
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>()
  let nextId = 1
  let gone: Error | null = null
  const fail = (err: Error) => {
    if (!gone && db.open) {
      // Without the worker, main's connection checkpoints again, as SQLite does by default.
      db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`)
    }
    gone = err
    for (const w of waiting.values()) w.reject(err)
    waiting.clear()
  }
  return new Promise((resolve, reject) => {
    worker.once('error', (err) => {
      reject(err)
      fail(err)
    })
    worker.once('exit', (code) => {
      const err = new Error(`the History worker stopped (exit ${code})`)
      reject(err)
      fail(err)
    })
    worker.on('message', (msg: ReadReply | { ready: true }) => {
      if ('ready' in msg) {
        // The worker checkpoints from now on: main's writes never stop to do it.
        db.pragma('wal_autocheckpoint = 0')
        resolve(reader as unknown as HistoryReader)
        return
      }
      const w = waiting.get(msg.id)
      if (!w) return
      waiting.delete(msg.id)
      if ('error' in msg) w.reject(new ReadError(msg.error.message, msg.error.code))
      else w.resolve(msg.result)
    })
    const reader = { where: 'worker' as const } as Record<string, unknown>
    for (const m of METHODS) {
      reader[m] = (...args: unknown[]) =>
        new Promise((res, rej) => {
          if (gone) return rej(gone)
          const id = nextId++
          waiting.set(id, { resolve: res, reject: rej })
          worker.postMessage({ id, method: m, args } satisfies ReadRequest)
        })
    }
    reader.close = async () => {
      worker.removeAllListeners('exit')
      fail(new Error('the History reader is closed'))
      await worker.terminate()
    }
  })
}

const FROM_SOURCE = `
  require('tsx/cjs/api').register()
  require(require('node:worker_threads').workerData.script)
`

/** The worker's TypeScript source, when this module runs from source (tests, tools). */
function sourceWorker(): string | null {
  if (!__filename.endsWith('.ts')) return null
  const file = join(__dirname, 'worker.ts')
  return existsSync(file) ? file : null
}
