// The whole core on a real data folder, as the adapters see it (createCore → handle/subscribe),
// recording what it pushes. No test-runner hooks here: a child-process fixture or a Playwright
// spec can start one too. Vitest files use test-core.ts (testCore/startTestCore).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
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
  /** Closes the core, keeping its folder (to look at or change the files it left). */
  stop(): Promise<void>
  /** Closes the core (if it runs) and starts a new one on the same folder (options merged over the first). */
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
      // From the very start: a session may bind before createCore returns.
      onEvent: (name, payload) => events.push({ name, payload }),
    })
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
    async stop() {
      await current?.close()
      current = null
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
