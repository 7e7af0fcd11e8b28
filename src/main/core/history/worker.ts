/**
 * The History reader's worker thread: a read-only connection of its own to the console's
 * database, answering HistoryStore's questions so that no slow read runs on main's loop; a
 * second connection that checkpoints the write-ahead log now and then, so that main's writes
 * never stop to copy it into the database (main's connection does not checkpoint); and a third
 * that keeps the search indexes, a short transaction at a time (search-index.ts).
 * Started by reader.ts; bundled as out/main/history-worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { openReadOnly } from './connection'
import type { ReadCall, WorkerNote } from './reader'
import { serializeError, type WorkerReply } from '../workers'
import { INDEX_BUSY_MS, INDEX_IDLE_MS, runIndexer, SearchIndexer } from './search-index'
import { HistoryStore } from './store'
import { lowerThisThread } from '../thread-priority'

const { file, nativeBinding, checkpointEveryMs } = workerData as {
  file: string
  nativeBinding: string | null
  checkpointEveryMs: number | null
}
// Main's loop comes first when both want a core: the window and the SMPP socket live there.
lowerThisThread()
const binding = nativeBinding ? { nativeBinding } : {}
const db = openReadOnly(file, nativeBinding)

const indexing = new Database(file, { fileMustExist: true, ...binding })
// Main's writes come first: a step never waits for the lock, it is tried again a moment later.
indexing.pragma('busy_timeout = 0')
// Derived data whose mark commits with it: a chunk lost to a power cut is simply indexed again.
indexing.pragma('synchronous = NORMAL')
const indexer = new SearchIndexer(indexing)
const store = new HistoryStore(db, indexer)

const checkpointer = new Database(file, { fileMustExist: true, ...binding })
// PASSIVE: copies what no reader still needs, never waits for main's writes or reads.
const checkpoint = () => {
  try {
    checkpointer.pragma('wal_checkpoint(PASSIVE)')
  } catch {
    // Busy or the disk refused: the next round tries again; the log keeps every page.
  }
}
if (checkpointEveryMs) setInterval(checkpoint, checkpointEveryMs)

const port = parentPort
if (!port) throw new Error('history worker started outside a worker thread')
port.on('message', ({ id, method, args }: ReadCall & { id: number }) => {
  let reply: WorkerReply
  try {
    const fn = store[method] as (...a: unknown[]) => unknown
    reply = { id, result: fn.apply(store, args) }
  } catch (err) {
    reply = { id, error: serializeError(err) }
  }
  port.postMessage(reply)
})
let warned = ''
runIndexer(indexer, {
  idleMs: INDEX_IDLE_MS,
  busyMs: INDEX_BUSY_MS,
  ready: () => indexing.open,
  checkpoint,
  onError: (err) => {
    const warn = `Search indexing: ${err instanceof Error ? err.message : String(err)}`
    // Said once until it changes (a full disk refuses every round alike).
    if (warn !== warned) port.postMessage({ warn } satisfies WorkerNote)
    warned = warn
  },
})
port.postMessage({ ready: true } satisfies WorkerNote)
