/**
 * The History reader's worker thread: a read-only connection of its own to the console's
 * database, answering HistoryStore's questions so that no slow read runs on main's loop; and a
 * second connection that checkpoints the write-ahead log now and then, so that main's writes
 * never stop to copy it into the database (main's connection does not checkpoint).
 * Started by reader.ts; bundled as out/main/history-worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { HistoryStore } from './store'
import type { ReadRequest, ReadReply } from './reader'

const { file, nativeBinding, checkpointEveryMs } = workerData as {
  file: string
  nativeBinding: string | null
  checkpointEveryMs: number | null
}
const db = new Database(file, {
  readonly: true,
  fileMustExist: true,
  ...(nativeBinding ? { nativeBinding } : {}),
})
// A writer's checkpoint may hold the file for a moment: wait rather than fail the read.
db.pragma('busy_timeout = 5000')
const store = new HistoryStore(db)

if (checkpointEveryMs) {
  const checkpointer = new Database(file, {
    fileMustExist: true,
    ...(nativeBinding ? { nativeBinding } : {}),
  })
  // PASSIVE: copies what no reader still needs, never waits for main's writes or reads.
  setInterval(() => {
    try {
      checkpointer.pragma('wal_checkpoint(PASSIVE)')
    } catch {
      // Busy or the disk refused: the next round tries again; the log keeps every page.
    }
  }, checkpointEveryMs)
}

const port = parentPort
if (!port) throw new Error('history worker started outside a worker thread')
port.on('message', ({ id, method, args }: ReadRequest) => {
  let reply: ReadReply
  try {
    const fn = store[method] as (...a: unknown[]) => unknown
    reply = { id, result: fn.apply(store, args) }
  } catch (err) {
    const e = err as { message?: unknown; code?: unknown }
    reply = {
      id,
      error: {
        message: String(e?.message ?? err),
        code: typeof e?.code === 'string' ? e.code : null,
      },
    }
  }
  port.postMessage(reply)
})
port.postMessage({ ready: true })
