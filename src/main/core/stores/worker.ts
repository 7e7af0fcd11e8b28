/**
 * The storage worker: the console's writes, on a connection of their own in a worker thread.
 * Each request is one store method (stores.ts), run in arrival order on the SQLite stores
 * (sqlite.ts), so a method's transaction is what it always was; only its commit, and the wait
 * for the disk a durable commit makes, no longer happen on main's loop. Started by remote.ts;
 * bundled as out/main/storage-worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openDatabase } from '../db/database'
import { messageIdKeys, normaliseMessageId } from '../providers/smpp/receipt'
import { serializeError, type WorkerReply } from '../workers'
import { storeMethod, type StoreCall } from './remote'
import { sqliteStores } from './sqlite'
import { lowerThisThread } from '../thread-priority'
import type { SeenNumbers } from './stores'

const { file, nativeBinding } = workerData as { file: string; nativeBinding: string | null }
// Main's loop comes first when both want a core: the window and the SMPP socket live there.
lowerThisThread()
const port = parentPort
if (!port) throw new Error('storage worker started outside a worker thread')

// Main opened and migrated the file already: this only checks that it is the same schema.
const db = openDatabase(file, nativeBinding ? { nativeBinding } : {})
const stores = sqliteStores(db, { idKeys: messageIdKeys, ownKey: normaliseMessageId })
/** Sets of numbers seen by an import's pass over its file, by handle. */
const seen = new Map<number, SeenNumbers>()
let nextSeen = 1

async function run({ target, method, args }: StoreCall): Promise<unknown> {
  if (target === 'imports' && method === 'seenNumbers') {
    const handle = nextSeen++
    seen.set(handle, await stores.imports.seenNumbers())
    return handle
  }
  if (target.startsWith('seen:')) {
    const handle = Number(target.slice(5))
    const set = seen.get(handle)
    if (!set) throw new Error(`no set of seen numbers ${handle}`)
    if (method === 'drop') seen.delete(handle)
    return (set[method as keyof SeenNumbers] as (...a: unknown[]) => Promise<unknown>)(...args)
  }
  const fn = storeMethod(stores, target, method)
  if (!fn) throw new Error(`no store method ${target}.${method}`)
  return fn(...args)
}

/** Requests still running (a store method may await, e.g. a set of seen numbers). */
const running = new Set<Promise<void>>()

function reply(req: StoreCall, r: WorkerReply): void {
  try {
    port?.postMessage(r)
  } catch (err) {
    // A result that cannot be copied to main: say so instead of leaving the caller waiting.
    const e = serializeError(err)
    const error = { ...e, message: `${req.target}.${req.method}: ${e.message}` }
    port?.postMessage({ id: r.id, error } satisfies WorkerReply)
  }
}

port.on('message', (req: (StoreCall & { id: number }) | 'close') => {
  if (req === 'close') {
    void Promise.allSettled(running).then(() => {
      db.close()
      port.close()
    })
    return
  }
  // Every store method runs its statements before it first awaits: requests keep their order.
  const done = run(req).then(
    (result) => reply(req, { id: req.id, result }),
    (err: unknown) => reply(req, { id: req.id, error: serializeError(err) }),
  )
  running.add(done)
  void done.finally(() => running.delete(done))
})
port.postMessage('ready')
