/**
 * The stores as main uses them: each method a message to the storage worker (./worker.ts),
 * which runs it on its own connection and answers, so no store's SQL, commit or wait for the
 * disk runs on main's loop. Where no worker can start (a build without its script, an
 * in-memory database), the same stores run on main's connection, as they always could.
 *
 * The methods' arguments and results are plain data (structured clone); an error comes back
 * with its name, message, code and phrase, an OutboxError as itself, so callers tell a refusal
 * from a full disk as before.
 */
import { existsSync } from 'node:fs'
import type { PhraseRef } from '../../../shared/domain'
import type { Db } from '../db/database'
import { OutboxError } from '../outbox/outbox'
import { messageIdKeys, normaliseMessageId } from '../providers/smpp/receipt'
import {
  SqliteImportsStore,
  SqliteInboxStore,
  SqliteLookupStores,
  SqliteOutboxStore,
  SqlitePricesStore,
  SqliteProfilesStore,
  SqliteStopList,
  sqliteStores,
} from './sqlite'
import type { SeenNumbers, Stores } from './stores'
import { sourceWorker, startWorker } from '../worker-start'

export interface StoreRequest {
  id: number
  /** A store of `Stores` by name, `imports.stopList`, or `seen:<handle>`. */
  target: string
  method: string
  args: unknown[]
}

export type StoreReply = { id: number; result: unknown } | { id: number; error: SerializedError }

export interface SerializedError {
  name: string
  message: string
  code: string | null
  phrase: PhraseRef | null
}

/** The stores, wherever they run, and how to let them go. */
export type OpenStores = Stores & {
  /** Where the stores' SQL runs, for the log and the tests. */
  readonly where: 'worker' | 'main'
  /** Settles when the worker is up, or when the stores have stayed on main for good. */
  readonly started: Promise<void>
  /** Answers what is still asked, then closes the worker's connection. */
  close(): Promise<void>
}

export interface StoresOptions {
  /** The worker's script: out/main/storage-worker.js in a build; the source under tests. */
  workerScript?: string
  /** better-sqlite3 binary built for this runtime (Electron). */
  nativeBinding?: string
  log: (level: 'info' | 'warn' | 'error', message: string) => void
}

const ID_OPTIONS = { idKeys: messageIdKeys, ownKey: normaliseMessageId }

/**
 * The stores in a worker of their own when one starts, else on `db` (main's connection). Returns
 * at once: until the worker is up, calls run on main's connection (the console's start does not
 * wait for the worker), and every call after goes to the worker.
 */
export function openStores(db: Db, o: StoresOptions): OpenStores {
  const script = o.workerScript ?? sourceWorker(__filename, __dirname)
  if (script && !existsSync(script)) {
    o.log('warn', `the console's writes run on the main thread: no ${script}`)
  } else if (script && db.name !== ':memory:') {
    return workerStores(db, script, o)
  }
  return {
    ...sqliteStores(db, ID_OPTIONS),
    where: 'main',
    started: Promise.resolve(),
    close: async () => {},
  }
}

export function serializeError(err: unknown): SerializedError {
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    name?: unknown
    message?: unknown
    code?: unknown
    phrase?: PhraseRef
  }
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(err),
    code: typeof e.code === 'string' ? e.code : null,
    phrase: e.phrase ?? null,
  }
}

/** The error as the caller would have seen it from a store on its own thread. */
function revive(e: SerializedError): Error {
  if (e.name === 'OutboxError' && e.phrase && (e.code === 'NOT_FOUND' || e.code === 'CONFLICT')) {
    return new OutboxError(e.code, e.phrase)
  }
  const err = new Error(e.message) as Error & { code?: string }
  err.name = e.name
  if (e.code !== null) err.code = e.code
  return err
}

/** Each store's methods, as the SQLite classes that implement them declare them. */
function methodsOf(cls: { prototype: object }): string[] {
  return Object.getOwnPropertyNames(cls.prototype).filter((m) => m !== 'constructor')
}

function workerStores(db: Db, script: string, o: StoresOptions): OpenStores {
  const workerData = { file: db.name, nativeBinding: o.nativeBinding ?? null, script }
  const worker = startWorker(script, workerData)
  type Waiting = {
    target: string
    method: string
    args: unknown[]
    resolve(v: unknown): void
    reject(e: Error): void
  }
  const waiting = new Map<number, Waiting>()
  let nextId = 1
  let ready = false
  let closing = false
  /** The stores on main's connection: until the worker is up, and for good if it is gone. */
  const onMainConnection = sqliteStores(db, ID_OPTIONS)
  /** The worker is gone: from now on every call runs on main's connection. */
  let local: Stores | null = null
  let closed: (() => void) | null = null
  let started!: () => void
  const startedP = new Promise<void>((done) => (started = done))

  const onMain = (w: Waiting) => {
    const stores = onMainConnection
    let call: Promise<unknown>
    if (w.target.startsWith('seen:')) {
      call = Promise.reject(new Error('the storage worker stopped during an import'))
    } else {
      const store = (w.target === 'imports.stopList'
        ? stores.imports.stopList
        : stores[w.target as keyof Stores]) as unknown as Record<
        string,
        (...a: unknown[]) => Promise<unknown>
      >
      call = store[w.method]!(...w.args)
    }
    call.then(w.resolve, w.reject)
  }
  const fail = (err: Error) => {
    if (local || closing) return
    // Its transactions died with it: what it did not answer is asked again on main.
    o.log(ready ? 'error' : 'warn', `the console's writes run on the main thread: ${err.message}`)
    local = onMainConnection
    started()
    for (const w of waiting.values()) onMain(w)
    waiting.clear()
  }
  worker.once('error', (err) => fail(err))
  worker.once('exit', (code) => {
    closed?.()
    fail(new Error(`the storage worker stopped (exit ${code})`))
  })
  worker.on('message', (msg: StoreReply | 'ready') => {
    if (msg === 'ready') {
      ready = true
      started()
      return
    }
    const w = waiting.get(msg.id)
    if (!w) return
    waiting.delete(msg.id)
    if ('error' in msg) w.reject(revive(msg.error))
    else w.resolve(msg.result)
  })

  const call = (target: string, method: string, args: unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      const w: Waiting = { target, method, args, resolve, reject }
      if (closing) return reject(new Error('the stores are closed'))
      // Before the worker is up, on main's connection: each such call has run its statements
      // by the time it returns, so none overlaps the first call the worker takes.
      if (local || !ready) return onMain(w)
      const id = nextId++
      waiting.set(id, w)
      try {
        worker.postMessage({ id, target, method, args } satisfies StoreRequest)
      } catch (err) {
        // Arguments that cannot be copied to the worker: a mistake of the caller's, named.
        waiting.delete(id)
        reject(new Error(`${target}.${method}: ${(err as Error).message}`))
      }
    })
  const proxy = (target: string, methods: string[]) => {
    const store: Record<string, unknown> = {}
    for (const m of methods) store[m] = (...args: unknown[]) => call(target, m, args)
    return store
  }
  const imports = proxy('imports', methodsOf(SqliteImportsStore))
  imports.stopList = proxy('imports.stopList', methodsOf(SqliteStopList))
  imports.seenNumbers = async (): Promise<SeenNumbers> => {
    // A set made on main's connection stays there (its table is that connection's).
    if (local || !ready) return onMainConnection.imports.seenNumbers()
    const handle = (await call('imports', 'seenNumbers', [])) as number
    return proxy(`seen:${handle}`, ['addMany', 'drop']) as unknown as SeenNumbers
  }
  const stores = {
    outbox: proxy('outbox', methodsOf(SqliteOutboxStore)),
    inbox: proxy('inbox', methodsOf(SqliteInboxStore)),
    lookup: proxy('lookup', methodsOf(SqliteLookupStores)),
    profiles: proxy('profiles', methodsOf(SqliteProfilesStore)),
    prices: proxy('prices', methodsOf(SqlitePricesStore)),
    imports,
  } as unknown as Stores
  return {
    ...stores,
    get where() {
      return local || !ready ? ('main' as const) : ('worker' as const)
    },
    started: startedP,
    async close() {
      if (local || closing) return
      closing = true
      // The worker answers what was asked before it closes its connection: it takes requests
      // in order, and waits for those still running.
      const exited = new Promise<void>((r) => (closed = r))
      worker.postMessage('close')
      await exited
      const gone = new Error('the stores are closed')
      for (const w of waiting.values()) w.reject(gone)
      waiting.clear()
    },
  }
}
