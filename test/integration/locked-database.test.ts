// Another connection holds the database's write lock past the writers' wait for it (as History's
// indexing thread can, kept off the CPU while it holds the lock on a busy machine) just as a
// send's answers come in: nothing may be dropped. The answers wait in memory, the console says
// so, and every message ends as the SMSC answered once the lock is free. A real SQLite file
// with the stores in their worker thread, the dispatcher and the SMPP session against the
// sandbox SMSC over a real socket.
import { join } from 'node:path'
import { expect, it } from 'vitest'
import type { StorageState } from '../../src/shared/calls/storage'
import { openDatabase } from '../../src/main/core/db/database'
import { Dispatcher } from '../../src/main/core/dispatcher/dispatcher'
import { sandboxProfiles } from '../../src/main/core/profiles/input'
import { SmppSession } from '../../src/main/core/providers/smpp/session'
import { SandboxSmsc } from '../../src/main/core/providers/smpp/sim'
import { StorageHealth } from '../../src/main/core/storage/health'
import { openStores } from '../../src/main/core/stores/remote'
import { scratchPerTest } from '../helpers/scratch'
import { waitFor, waitForValue } from '../helpers/wait'

const PASSWORD = 'sandbox-pw'
const MESSAGES = 20
const scratch = scratchPerTest('locked-database')

it('answers that meet a locked database wait in memory and are stored once it is free', async () => {
  const db = openDatabase(join(scratch.dir, 'console.db'))
  scratch.cleanup(() => db.close())
  const stores = openStores(db, { log: () => undefined })
  scratch.cleanup(() => stores.close())
  await stores.profiles.ensureSandbox(sandboxProfiles())
  await stores.started
  expect(stores.where).toBe('worker')

  // Answers come a moment after each submit: the lock is taken while they are on their way.
  const smsc = new SandboxSmsc({
    systemId: 'sandbox',
    password: PASSWORD,
    receiptDelayMs: 5,
    ratePerSecond: 0,
    submitResponseDelayMs: 300,
  })
  await smsc.start()
  scratch.cleanup(() => smsc.stop())
  const session = new SmppSession({
    profileId: 'sandbox',
    hosts: [{ host: '127.0.0.1', port: smsc.port }],
    systemId: 'sandbox',
    password: PASSWORD,
    window: MESSAGES,
    ratePerSecond: 1000,
    reconnectInitialMs: 50,
    reconnectMaxMs: 300,
  })
  const states: StorageState[] = []
  const errors: unknown[] = []
  const dispatcher = new Dispatcher({
    outbox: stores.outbox,
    connection: session,
    maxInFlight: MESSAGES,
    onChange: () => undefined,
    onError: (err) => errors.push(err),
    storage: new StorageHealth((s) => states.push(s)),
  })
  scratch.cleanup(async () => {
    await dispatcher.stop()
    await session.stop()
  })
  session.start()
  dispatcher.start()
  await waitFor(() => session.state().status === 'bound', 'bind')

  for (let i = 0; i < MESSAGES; i++) {
    await stores.outbox.enqueue({
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phone: `7701${String(i).padStart(7, '0')}`,
      text: `Reminder ${i}`,
    })
  }
  dispatcher.wake()
  await waitFor(() => smsc.submits.length === MESSAGES, 'every submit at the SMSC')

  // Main's connection takes the write lock and keeps it past the worker's wait for it.
  db.exec('BEGIN IMMEDIATE')
  try {
    await waitFor(
      () => states.some((s) => s.status === 'busy' && s.waiting > 0),
      'the console saying answers wait for the database',
      60_000,
    )
  } finally {
    db.exec('ROLLBACK')
  }
  await waitFor(() => states.at(-1)?.status === 'ok', 'the trouble clearing by itself', 60_000)

  // Every message ends as the SMSC answered: none is left `sending` (uncertain at next start).
  const read = () => db.prepare('SELECT state FROM messages').pluck().all() as string[]
  const final = await waitForValue(
    read,
    (list) => list.length === MESSAGES && list.every((s) => s === 'delivered'),
    'every message delivered',
    60_000,
  ).catch(() => read())
  expect(final).toEqual(Array.from({ length: MESSAGES }, () => 'delivered'))
  expect(smsc.submits).toHaveLength(MESSAGES)
  // What went wrong meanwhile was the lock, and only the lock.
  for (const err of errors) expect(String(err)).toMatch(/database is locked/)
})
