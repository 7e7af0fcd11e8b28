/**
 * History and Delivery reports read the outbox through this: on a read-only connection in a
 * worker thread, so a slow page, count, search or export never stalls main's loop (the window
 * stays live while a million-row History is searched during an import). Where no worker can
 * start, the same reads run on main's own connection.
 */
import type { Db } from '../db/database'
import { INDEX_BUSY_MS, INDEX_IDLE_MS, runIndexer, SearchIndexer } from './search-index'
import { HistoryStore } from './store'
import { sourceWorker, startWorker, WorkerCalls } from '../workers'

type Reads = Pick<
  HistoryStore,
  | 'page'
  | 'count'
  | 'exportChunk'
  | 'receipts'
  | 'detail'
  | 'batches'
  | 'batchDetail'
  | 'spend'
  | 'trends'
  | 'batchCounts'
  | 'searchIndexed'
  | 'indexStats'
>
export type ReadMethod = keyof Reads

/** The same reads, answered later. */
export type HistoryReader = {
  [K in ReadMethod]: (...args: Parameters<Reads[K]>) => Promise<ReturnType<Reads[K]>>
} & {
  /**
   * Where the reads run (nowhere yet while a deferred worker waits; in the database itself on a
   * team server's PostgreSQL), for the log and the tests.
   */
  readonly where: 'worker' | 'main' | 'not started' | 'database'
  /** Settles when the worker is up, or when its reads have moved to main for good. */
  readonly started: Promise<void>
  close(): Promise<void>
}

/** One read asked of the worker. */
export interface ReadCall {
  method: ReadMethod
  args: unknown[]
}

/** What the worker says on its own: up, or a warning for the log. */
export type WorkerNote = { ready: true } | { warn: string }

export interface ReaderOptions {
  /** The worker's script: out/main/history-worker.js in a build; the source under tests. */
  workerScript?: string
  /** better-sqlite3 binary built for this runtime (Electron). */
  nativeBinding?: string
  log: (level: 'info' | 'warn', message: string) => void
  /**
   * Start the worker this long after opening, or at the first read if that comes sooner; at
   * once when not given. Booting a thread costs a core a few hundred milliseconds, which the
   * window's first load should not share.
   */
  startAfterMs?: number
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
  'detail',
  'batches',
  'batchDetail',
  'spend',
  'trends',
  'batchCounts',
  'searchIndexed',
  'indexStats',
]

/**
 * Reads in a worker when one starts; on `db` (main's connection) when none can. Returns at
 * once: the worker starts beside the rest of the core, and reads asked before it is up wait
 * in its port (or run on main if it never comes up), so the console's start never waits on it.
 */
export function openHistoryReader(db: Db, o: ReaderOptions): HistoryReader {
  const script = o.workerScript ?? sourceWorker(__filename, __dirname)
  if (!script || db.name === ':memory:') return localReader(db, o)
  if (o.startAfterMs === undefined) return workerReader(db, script, o)
  return deferredReader(() => workerReader(db, script, o), o.startAfterMs)
}

/** A reader that opens (`open`) at its first read, or once `afterMs` have passed. */
function deferredReader(open: () => HistoryReader, afterMs: number): HistoryReader {
  let inner: HistoryReader | null = null
  let closed = false
  let started!: () => void
  const startedP = new Promise<void>((done) => (started = done))
  const begin = (): HistoryReader => {
    if (!inner) {
      clearTimeout(timer)
      inner = open()
      void inner.started.then(started)
    }
    return inner
  }
  const timer = setTimeout(begin, afterMs)
  timer.unref()
  const reader: Record<string, unknown> = {
    get where() {
      return inner?.where ?? 'not started'
    },
    started: startedP,
    close: async () => {
      clearTimeout(timer)
      if (!closed && !inner) started()
      closed = true
      await inner?.close()
    },
  }
  for (const method of METHODS) {
    reader[method] = (...args: unknown[]) => {
      if (closed && !inner) return Promise.reject(new Error('the History reader is closed'))
      const r = begin() as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>
      return r[method]!(...args)
    }
  }
  return reader as unknown as HistoryReader
}

function localReader(db: Db, o: ReaderOptions): HistoryReader {
  // No worker: the search indexes are kept on main's connection, a short step at a time.
  const indexer = new SearchIndexer(db)
  const store = new HistoryStore(db, indexer)
  const indexing = runIndexer(indexer, {
    idleMs: INDEX_IDLE_MS,
    busyMs: INDEX_BUSY_MS,
    ready: () => db.open,
    onError: (err) => o.log('warn', `Search indexing: ${err instanceof Error ? err.message : err}`),
  })
  const reader = {
    where: 'main' as const,
    started: Promise.resolve(),
    close: async () => indexing.stop(),
  } as Record<string, unknown>
  for (const m of METHODS) {
    const fn = store[m] as (...a: unknown[]) => unknown
    reader[m] = async (...args: unknown[]) => fn.apply(store, args)
  }
  return reader as unknown as HistoryReader
}

function workerReader(db: Db, script: string, o: ReaderOptions): HistoryReader {
  const worker = startWorker(script, {
    file: db.name,
    nativeBinding: o.nativeBinding ?? null,
    checkpointEveryMs: CHECKPOINT_EVERY_MS,
  })
  let ready = false
  let closed = false
  let gone: Error | null = null
  let started!: () => void
  const startedP = new Promise<void>((done) => (started = done))
  // Set when the worker never came up: every read runs on main's connection instead.
  let fallback: HistoryReader | null = null
  const onMain = ({ method, args }: ReadCall): Promise<unknown> =>
    (fallback as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!(...args)
  const calls = new WorkerCalls<ReadCall>(
    worker,
    (note) => {
      const n = note as WorkerNote
      if ('warn' in n) return o.log('warn', n.warn)
      ready = true
      // The worker checkpoints from now on: main's writes never stop to do it.
      db.pragma('wal_autocheckpoint = 0')
      started()
    },
    (c) => `history.${c.method}`,
  )
  const fail = (err: Error) => {
    if (gone || fallback) return
    started()
    if (!ready && !closed) {
      // It never started: say so once, and answer what waited (and all later reads) on main.
      o.log('warn', `History reads run on the main thread: ${err.message}`)
      fallback = localReader(db, o)
      for (const w of calls.takeWaiting()) onMain(w).then(w.resolve, w.reject)
      return
    }
    if (ready && db.open) {
      // Without the worker, main's connection checkpoints again, as SQLite does by default.
      db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`)
    }
    gone = err
    for (const w of calls.takeWaiting()) w.reject(err)
  }
  worker.once('error', (err) => fail(err))
  worker.once('exit', (code) => fail(new Error(`the History worker stopped (exit ${code})`)))
  const reader: Record<string, unknown> = {
    get where() {
      return fallback ? 'main' : 'worker'
    },
    started: startedP,
  }
  for (const method of METHODS) {
    reader[method] = (...args: unknown[]) => {
      if (fallback) return onMain({ method, args })
      if (gone) return Promise.reject(gone)
      // Sent before the worker is up, it waits in the worker's port until it listens.
      return calls.call({ method, args })
    }
  }
  reader.close = async () => {
    worker.removeAllListeners('exit')
    worker.removeAllListeners('error')
    worker.on('error', () => {})
    closed = true
    fail(new Error('the History reader is closed'))
    await fallback?.close()
    await worker.terminate()
  }
  return reader as unknown as HistoryReader
}
