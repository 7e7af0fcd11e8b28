// The stores in their worker thread, on a real database file: a write runs on the worker's own
// connection while main's loop goes on, errors come back as the callers know them, and main's
// connection is the fallback when no worker can start.
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { OutboxError } from '../../src/main/core/outbox/errors'
import { openStores } from '../../src/main/core/stores/remote'
import { WORKER_NICENESS } from '../../src/main/core/thread-priority'
import { scratchPerTest } from '../helpers/scratch'
import { mainNiceness, threadsAt } from '../helpers/threads'
import { sandboxProfiles } from '../../src/main/core/profiles/input'

const scratch = scratchPerTest('storage-worker')

function opened(workerScript?: string) {
  const db = openDatabase(join(scratch.dir, 'console.db'))
  scratch.cleanup(() => db.close())
  const warnings: string[] = []
  const stores = openStores(db, { workerScript, log: (_, m) => warnings.push(m) })
  scratch.cleanup(() => stores.close())
  return { db, stores, warnings }
}

const message = (phone: string) => ({
  profileId: 'sandbox',
  sender: 'Shop',
  phone,
  text: 'Your order is ready',
})

it('writes on main’s connection until its worker is up, then on the worker’s while main’s loop goes on', async () => {
  const { db, stores, warnings } = opened()
  // The console's start does not wait for the worker: its first calls run on main.
  expect(stores.where).toBe('main')
  await stores.profiles.ensureSandbox(sandboxProfiles())
  await stores.started
  expect(stores.where).toBe('worker')
  // Main's connection holds the write lock: the worker's write waits for it, main does not.
  db.exec('BEGIN IMMEDIATE')
  const write = stores.outbox.enqueue(message('992901234567'))
  const first = await Promise.race([
    write.then(() => 'written'),
    new Promise((resolve) => setImmediate(() => resolve('main went on'))),
  ])
  expect(first).toBe('main went on')
  db.exec('COMMIT')
  const stored = await write
  // Committed before it resolved: main's own connection reads it.
  const row = db.prepare('SELECT phone, state FROM messages WHERE id = ?').get(stored.id)
  expect(row).toEqual({ phone: '992901234567', state: 'queued' })
  expect(warnings).toEqual([])
})

it('starts while another connection holds the write lock: opening an up-to-date database only reads', async () => {
  const db = openDatabase(join(scratch.dir, 'console.db'))
  scratch.cleanup(() => db.close())
  db.exec('BEGIN IMMEDIATE')
  const warnings: string[] = []
  const stores = openStores(db, { log: (_, m) => warnings.push(m) })
  scratch.cleanup(() => stores.close())
  // Held for longer than any wait for the lock: a worker that wrote at its start would die.
  await stores.started
  expect(stores.where).toBe('worker')
  expect(warnings).toEqual([])
  db.exec('COMMIT')
})

it('gives back errors as the callers know them: a refusal as itself, SQLite’s code kept', async () => {
  const { stores } = opened()
  await stores.profiles.ensureSandbox(sandboxProfiles())
  await stores.started
  expect(stores.where).toBe('worker')
  const refused = await stores.outbox.cancel(424242).catch((err: unknown) => err)
  expect(refused).toBeInstanceOf(OutboxError)
  expect((refused as OutboxError).code).toBe('NOT_FOUND')
  expect((refused as OutboxError).phrase.id).toBe('message.notFound')
  const failed = await stores.outbox
    .enqueue({ ...message('992901234567'), profileId: 'no-such-profile' })
    .catch((err: unknown) => err)
  expect((failed as { code?: string }).code).toBe('SQLITE_CONSTRAINT_FOREIGNKEY')
})

it('keeps an import’s set of seen numbers in the worker, by handle', async () => {
  const { stores } = opened()
  await stores.started
  const seen = await stores.imports.seenNumbers()
  expect(await seen.addMany(['992900000001', '992900000002', '992900000001'])).toEqual([
    true,
    true,
    false,
  ])
  expect(await seen.addMany(['992900000002', '992900000003'])).toEqual([false, true])
  await seen.drop()
  await expect(seen.addMany(['992900000004'])).rejects.toThrow(/no set of seen numbers/)
})

it('answers what was asked before it closes, and nothing after', async () => {
  const { stores } = opened()
  await stores.profiles.ensureSandbox(sandboxProfiles())
  await stores.started
  const asked = stores.outbox.enqueueAll(
    Array.from({ length: 200 }, (_, i) => message(`99290${String(i).padStart(7, '0')}`)),
  )
  const closed = stores.close()
  expect(await asked).toHaveLength(200)
  await closed
  await expect(stores.outbox.counts()).rejects.toThrow('closed')
})

it('runs on main’s connection, saying so, when its worker script is missing', async () => {
  const { stores, warnings } = opened(join(scratch.dir, 'no-such-worker.js'))
  expect(stores.where).toBe('main')
  expect(warnings.join('\n')).toMatch(/writes run on the main thread/)
  await stores.profiles.ensureSandbox(sandboxProfiles())
  const m = await stores.outbox.enqueue(message('992901234567'))
  expect(await stores.outbox.get(m.id)).toMatchObject({ phone: '992901234567' })
})

it.runIf(process.platform === 'linux')(
  'runs its thread below main’s priority, so main’s loop gets a core first',
  async () => {
    // A worker of an earlier test may still be ending among the threads at this priority.
    const before = threadsAt(WORKER_NICENESS)
    const { stores } = opened()
    await stores.started
    const lowered = [...threadsAt(WORKER_NICENESS)].filter((tid) => !before.has(tid))
    expect(lowered).toHaveLength(1)
    // Main's own thread keeps its place.
    expect(mainNiceness()).toBe(0)
  },
)
