/**
 * The stores as main uses them: each method a message to the storage worker (./worker.ts),
 * which runs it on its own connection and answers, so no store's SQL, commit or wait for the
 * disk runs on main's loop. Where no worker can start (a build without its script, an
 * in-memory database), the same stores run on main's connection, as they always could.
 *
 * The methods' arguments and results are plain data (structured clone); errors come back as
 * their callers know them (../workers.ts).
 */
import { existsSync } from 'node:fs'
import type { Db } from '../db/database'
import { messageIdKeys, normaliseMessageId } from '../providers/smpp/receipt'
import {
  SqliteImportsStore,
  SqliteContactsStore,
  SqliteTemplatesStore,
  SqliteInboxStore,
  SqliteLookupStores,
  SqliteOutboxStore,
  SqlitePricesStore,
  SqliteProfilesStore,
  SqliteStopList,
  sqliteStores,
} from './sqlite'
import type { SeenNumbers, Stores } from './stores'
import { SqliteReconcileStore } from '../reconcile/sqlite-store'
import { SqliteVerificationsStore } from '../verification/store'
import { sourceWorker, startWorker, WorkerCalls } from '../workers'

/** One store method asked of the worker. */
export interface StoreCall {
  /** A store of `Stores` by name, `imports.stopList`, or `seen:<handle>`. */
  target: string
  method: string
  args: unknown[]
}

/** The method `target.method` of these stores (`imports.stopList` for the stop-list). */
export function storeMethod(
  stores: Stores,
  target: string,
  method: string,
): ((...args: unknown[]) => Promise<unknown>) | null {
  const store = (target === 'imports.stopList'
    ? stores.imports.stopList
    : stores[target as keyof Stores]) as unknown as Record<string, unknown> | undefined
  const fn = store?.[method]
  return typeof fn === 'function'
    ? (fn.bind(store) as (...args: unknown[]) => Promise<unknown>)
    : null
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

/** Each store's methods, as the SQLite classes that implement them declare them. */
function methodsOf(cls: { prototype: object }): string[] {
  return Object.getOwnPropertyNames(cls.prototype).filter((m) => m !== 'constructor')
}

function workerStores(db: Db, script: string, o: StoresOptions): OpenStores {
  const worker = startWorker(script, { file: db.name, nativeBinding: o.nativeBinding ?? null })
  let ready = false
  let closing = false
  /** The worker is gone: from now on every call runs on main's connection. */
  let gone = false
  /** The stores on main's connection: until the worker is up, and for good if it is gone. */
  const onMainConnection = sqliteStores(db, ID_OPTIONS)
  const onMain = () => gone || !ready
  let closed: (() => void) | null = null
  let started!: () => void
  const startedP = new Promise<void>((done) => (started = done))
  const calls = new WorkerCalls<StoreCall>(
    worker,
    (note) => {
      if (note !== 'ready') return
      ready = true
      started()
    },
    (c) => `${c.target}.${c.method}`,
  )

  const runOnMain = ({ target, method, args }: StoreCall): Promise<unknown> => {
    if (target.startsWith('seen:')) {
      return Promise.reject(new Error('the storage worker stopped during an import'))
    }
    const fn = storeMethod(onMainConnection, target, method)
    return fn ? fn(...args) : Promise.reject(new Error(`no store method ${target}.${method}`))
  }
  const fail = (err: Error) => {
    if (gone || closing) return
    // Its transactions died with it: what it did not answer is asked again on main.
    o.log(ready ? 'error' : 'warn', `the console's writes run on the main thread: ${err.message}`)
    gone = true
    started()
    for (const w of calls.takeWaiting()) runOnMain(w).then(w.resolve, w.reject)
  }
  worker.once('error', (err) => fail(err))
  worker.once('exit', (code) => {
    closed?.()
    fail(new Error(`the storage worker stopped (exit ${code})`))
  })

  const call = (target: string, method: string, args: unknown[]): Promise<unknown> => {
    if (closing) return Promise.reject(new Error('the stores are closed'))
    // Before the worker is up, on main's connection: each such call has run its statements
    // by the time it returns, so none overlaps the first call the worker takes.
    if (onMain()) return runOnMain({ target, method, args })
    return calls.call({ target, method, args })
  }
  const proxy = (target: string, methods: string[]) => {
    const store: Record<string, unknown> = {}
    for (const m of methods) store[m] = (...args: unknown[]) => call(target, m, args)
    return store
  }
  const imports = proxy('imports', methodsOf(SqliteImportsStore))
  imports.stopList = proxy('imports.stopList', methodsOf(SqliteStopList))
  imports.seenNumbers = async (): Promise<SeenNumbers> => {
    // A set made on main's connection stays there (its table is that connection's).
    if (onMain()) return onMainConnection.imports.seenNumbers()
    const handle = (await call('imports', 'seenNumbers', [])) as number
    return proxy(`seen:${handle}`, ['addMany', 'drop']) as unknown as SeenNumbers
  }
  const stores = {
    outbox: proxy('outbox', methodsOf(SqliteOutboxStore)),
    inbox: proxy('inbox', methodsOf(SqliteInboxStore)),
    contacts: proxy('contacts', methodsOf(SqliteContactsStore)),
    templates: proxy('templates', methodsOf(SqliteTemplatesStore)),
    lookup: proxy('lookup', methodsOf(SqliteLookupStores)),
    verifications: proxy('verifications', methodsOf(SqliteVerificationsStore)),
    profiles: proxy('profiles', methodsOf(SqliteProfilesStore)),
    prices: proxy('prices', methodsOf(SqlitePricesStore)),
    imports,
    reconcile: proxy('reconcile', methodsOf(SqliteReconcileStore)),
  } as unknown as Stores
  return {
    ...stores,
    get where() {
      return onMain() ? ('main' as const) : ('worker' as const)
    },
    started: startedP,
    async close() {
      if (gone || closing) return
      closing = true
      // The worker answers what was asked before it closes its connection: it takes requests
      // in order, and waits for those still running.
      const exited = new Promise<void>((r) => (closed = r))
      worker.postMessage('close')
      await exited
      const refused = new Error('the stores are closed')
      for (const w of calls.takeWaiting()) w.reject(refused)
    },
  }
}
