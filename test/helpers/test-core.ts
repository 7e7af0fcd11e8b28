// The whole core on a real data folder, as the adapters see it (createCore → handle/subscribe):
// one fixture for every integration test that needs a running console.
//
//   const t = testCore({ sandbox: { smpp: { receiptDelayMs: 20 } } })   // beforeAll/afterAll
//   it('…', async () => { await t.call('messages.send', …); t.latest(id) … })
//
// or, for a test of its own: `const t = await startTestCore(); … await t.close()`.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll } from 'vitest'
import { createCore, type CoreTestOptions } from '../../src/main/core/app'
import type { Core, CoreOptions } from '../../src/main/core/types'
import type { EventName, EventPayload, OutboxMessage } from '../../src/shared/contract'
import { callerOf } from './core'
import { untouchedVault } from './vault'

export type TestCoreOptions = Partial<CoreOptions> & CoreTestOptions

export interface Pushed {
  name: EventName
  payload: unknown
}

export interface TestCore {
  /** The running core (a new one after `restart`). */
  readonly core: Core
  /** Its data folder, removed by `close`. */
  readonly dir: string
  /** Every event pushed since the core started, in order. */
  readonly events: Pushed[]
  /** A typed call: the result, or an Error naming the refusal. */
  call: ReturnType<typeof callerOf>
  /** Every payload pushed under one event name, in order. */
  pushed<K extends EventName>(name: K): EventPayload<K>[]
  /** Every state a message was pushed in, in order. */
  updatesOf(id: number): OutboxMessage[]
  /** The message as last pushed. */
  latest(id: number): OutboxMessage | undefined
  /** Reads the console's database beside the running core, on a connection of its own. */
  fromDb<T>(read: (db: Database.Database) => T): T
  /** Closes the core and starts a new one on the same folder (options merged over the first). */
  restart(options?: TestCoreOptions): Promise<void>
  /** Closes the core (if it runs) and removes its folder. */
  close(): Promise<void>
}

/** Starts a core on a fresh folder (or `options.dataDir`): sandbox profiles only, by default. */
export async function startTestCore(options: TestCoreOptions = {}): Promise<TestCore> {
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'test-core-'))
  let current: Core | null = null
  let base: TestCoreOptions = options
  const events: Pushed[] = []

  const start = async (o: TestCoreOptions) => {
    events.length = 0
    current = await createCore({
      mode: 'browser',
      version: 'test',
      vault: untouchedVault,
      ...o,
      dataDir: dir,
    })
    current.subscribe((name, payload) => events.push({ name, payload }))
  }
  try {
    await start(base)
  } catch (err) {
    if (!options.dataDir) rmSync(dir, { recursive: true, force: true })
    throw err
  }

  const core = () => {
    if (!current) throw new Error('the test core is closed')
    return current
  }
  const updatesOf = (id: number) =>
    events
      .filter((e) => e.name === 'message.updated' && (e.payload as OutboxMessage).id === id)
      .map((e) => e.payload as OutboxMessage)

  return {
    get core() {
      return core()
    },
    dir,
    events,
    call: callerOf(core),
    pushed: <K extends EventName>(name: K) =>
      events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<K>),
    updatesOf,
    latest: (id) => updatesOf(id).at(-1),
    fromDb(read) {
      const db = new Database(join(dir, 'console.db'), { readonly: true })
      try {
        return read(db)
      } finally {
        db.close()
      }
    },
    async restart(more = {}) {
      await current?.close()
      current = null
      base = { ...base, ...more }
      await start(base)
    },
    async close() {
      await current?.close()
      current = null
      if (!options.dataDir) rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * One core for a whole test file: started before its first test, closed after its last. The
 * handle's members are there once the tests run.
 */
export function testCore(options: TestCoreOptions | (() => TestCoreOptions) = {}): TestCore {
  let t: TestCore | null = null
  beforeAll(async () => {
    t = await startTestCore(typeof options === 'function' ? options() : options)
  })
  afterAll(async () => {
    await t?.close()
    t = null
  })
  const get = (): TestCore => {
    if (!t) throw new Error('the test core runs only inside the file’s tests')
    return t
  }
  return {
    get core() {
      return get().core
    },
    get dir() {
      return get().dir
    },
    get events() {
      return get().events
    },
    call: callerOf(() => get().core),
    pushed: (name) => get().pushed(name),
    updatesOf: (id) => get().updatesOf(id),
    latest: (id) => get().latest(id),
    fromDb: (read) => get().fromDb(read),
    restart: (o) => get().restart(o),
    close: () => get().close(),
  }
}
