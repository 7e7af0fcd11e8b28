// History's reads in their worker thread, on a real database file: the same answers as on
// main's own connection, a write seen by the next read, and main's connection as the fallback
// when no worker can start.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { openHistoryReader } from '../../src/main/core/history/reader'
import { HistoryStore } from '../../src/main/core/history/store'
import { Outbox } from '../../src/main/core/outbox/outbox'
import { ProfileStore } from '../../src/main/core/profiles/profiles'
import { scratchPerTest } from '../helpers/scratch'
import { waitFor } from '../helpers/wait'
import { sandboxProfiles } from '../../src/main/core/profiles/input'

const scratch = scratchPerTest('history-reader')

function seeded(count: number) {
  const db = openDatabase(join(scratch.dir, 'console.db'))
  scratch.cleanup(() => db.close())
  new ProfileStore(db).ensureSandbox(sandboxProfiles())
  const outbox = new Outbox(db)
  outbox.enqueueMany(
    Array.from({ length: count }, (_, i) => ({
      profileId: 'sandbox',
      sender: 'Shop',
      phone: `99290${String(i).padStart(7, '0')}`,
      text: i % 2 ? `Ваш заказ ${i} готов` : `Order ${i} shipped`,
      priority: 1 as const,
    })),
  )
  return { db, outbox }
}

it('answers in a worker thread what main’s own connection answers', async () => {
  const { db, outbox } = seeded(500)
  const warnings: string[] = []
  const reader = openHistoryReader(db, { log: (_, m) => warnings.push(m) })
  scratch.cleanup(() => reader.close())
  // Asked before the worker is up: the read waits for it rather than running on main.
  const early = reader.count({})
  await reader.started
  expect(reader.where).toBe('worker')
  expect((await early).total).toBe(500)
  expect(warnings).toEqual([])
  const local = new HistoryStore(db)

  expect(await reader.page({ search: 'заказ' }, undefined, 50)).toEqual(
    local.page({ search: 'заказ' }, undefined, 50),
  )
  expect(await reader.count({ phone: '992900000' })).toEqual(local.count({ phone: '992900000' }))
  expect(await reader.batches({})).toEqual(local.batches({}))
  const csv = await reader.exportChunk({}, undefined, 10, {
    delimiter: ';',
    tzOffsetMinutes: 0,
    lang: 'en',
    profileNames: { sandbox: 'Front desk' },
  })
  expect(csv.csv).toContain(';Front desk;')

  // A message written on main is in the worker's next read.
  const added = outbox.enqueue({
    profileId: 'sandbox',
    sender: 'Shop',
    phone: '992901234567',
    text: 'Late one',
  })
  expect((await reader.page({}, undefined, 1))[0]?.id).toBe(added.id)

  await reader.close()
  await expect(reader.count({})).rejects.toThrow('closed')
})

it('boots its worker at the first read, or once its delay has passed, never before', async () => {
  const { db } = seeded(30)
  const reader = openHistoryReader(db, { log: () => {}, startAfterMs: 3_600_000 })
  scratch.cleanup(() => reader.close())
  // No thread yet: main's connection still checkpoints, as SQLite does by default.
  expect(reader.where).toBe('not started')
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
  expect((await reader.count({})).total).toBe(30)
  await reader.started
  expect(reader.where).toBe('worker')
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
  await reader.close()

  // With no read at all, the delay starts it.
  const timed = openHistoryReader(db, { log: () => {}, startAfterMs: 1 })
  scratch.cleanup(() => timed.close())
  await timed.started
  expect(timed.where).toBe('worker')
  await timed.close()

  // Closed before it started: nothing waits for it, and a read says it is closed.
  const never = openHistoryReader(db, { log: () => {}, startAfterMs: 3_600_000 })
  await never.close()
  await never.started
  expect(never.where).toBe('not started')
  await expect(never.count({})).rejects.toThrow('closed')
})

it('reads on main’s connection, saying so, when its worker cannot start', async () => {
  const { db } = seeded(20)
  const warnings: string[] = []
  const reader = openHistoryReader(db, {
    workerScript: join(scratch.dir, 'no-such-worker.js'),
    log: (_, m) => warnings.push(m),
  })
  // A read asked while the worker was still starting is answered on main all the same.
  expect((await reader.count({})).total).toBe(20)
  await reader.started
  expect(reader.where).toBe('main')
  expect(warnings.join('\n')).toMatch(/History reads run on the main thread/)
  expect((await reader.count({})).total).toBe(20)
})

it('checkpoints the write-ahead log from its worker; main’s connection never does, until it is gone', async () => {
  const { db, outbox } = seeded(10)
  const reader = openHistoryReader(db, { log: () => {} })
  scratch.cleanup(() => reader.close())
  await reader.started
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
  const file = join(scratch.dir, 'console.db')
  const before = statSync(file).size
  outbox.enqueueMany(
    Array.from({ length: 3000 }, (_, i) => ({
      profileId: 'sandbox',
      sender: 'Shop',
      phone: `99291${String(i).padStart(7, '0')}`,
      text: `Reminder ${i}`,
    })),
  )
  // Main wrote only to the log; the pages reach the database file when the worker copies them.
  await waitFor(() => statSync(file).size > before, 'the worker checkpoints the log')
  await reader.close()
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
})
