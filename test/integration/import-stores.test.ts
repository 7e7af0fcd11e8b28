// Bulk imports' store, the same cases against SQLite and a real PostgreSQL: batches made and
// found again by their file, slices queued with their progress (a key stored before is not
// queued twice; one of another batch counts as skipped), nothing queued into a cancelled batch,
// a cancel taking the unsent messages with it, "send the failed again" in slices that leave out
// numbers stopped since and messages already resent, interrupted imports resumed, and the
// numbers seen in one pass over a file.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ImportStore, type NewBatch } from '../../src/main/core/imports/store'
import { Outbox, type NewMessage } from '../../src/main/core/outbox/outbox'
import { PgImports } from '../../src/main/core/stores/postgres/imports'
import { PgOutbox } from '../../src/main/core/stores/postgres/outbox'
import { SqliteImportsStore, SqliteOutboxStore } from '../../src/main/core/stores/sqlite'
import type { ImportsStore, OutboxStore } from '../../src/main/core/stores/stores'
import { storeBackends } from '../helpers/store-backends'

interface Backend {
  imports: ImportsStore
  outbox: OutboxStore
  sql(query: string, params?: unknown[]): Promise<void>
}

const BACKENDS = storeBackends<Backend>({
  sqlite: (db, now) => {
    const outbox = new Outbox(db, { now })
    return {
      imports: new SqliteImportsStore(new ImportStore(db, now), outbox),
      outbox: new SqliteOutboxStore(outbox),
      sql: async (query, params = []) =>
        void db.prepare(query.replace(/\$\d+/g, '?')).run(...params),
    }
  },
  postgres: (db, now) => {
    const outbox = new PgOutbox(db, { now })
    return {
      imports: new PgImports(db, outbox, now),
      outbox,
      sql: async (query, params = []) => void (await db.pool.query(query, params)),
    }
  },
})

const NO_COUNTS = { queued: 0, parts: 0, rejected: 0, skipped: 0 }

describe.each(BACKENDS)('bulk imports on $name', (backend) => {
  let clock = 5_000_000
  let b: Backend
  beforeAll(async () => {
    b = await backend.open(() => clock)
  }, 120_000)
  beforeEach(async () => {
    clock = 5_000_000
    b = await backend.open(() => clock)
    await b.sql(`INSERT INTO profiles (id, name, kind, created_at) VALUES ('p1', 'P1', 'smpp', 1)`)
  })
  afterAll(() => backend.close())

  const newBatch = (importKey: string, extra: Partial<NewBatch> = {}): NewBatch => ({
    profileId: 'p1',
    name: 'March debtors',
    sender: 'SHOP',
    template: 'Hello {name}',
    source: 'debtors.csv',
    scheduledAt: null,
    importKey,
    importMapping: '{"phone":0}',
    sourcePath: '/uploads/debtors.csv',
    ...extra,
  })
  const rows = (batchId: number, key: string, phones: string[]): NewMessage[] =>
    phones.map((phone) => ({
      profileId: 'p1',
      sender: 'SHOP',
      phone,
      text: `Hello ${phone}`,
      batchId,
      priority: 1,
      idempotencyKey: `${key}:${phone}`,
    }))

  it('makes batches and finds them again by their file and key', async () => {
    const first = await b.imports.createBatch(newBatch('fp1:tpl1:1'))
    expect(first).toMatchObject({
      profile_id: 'p1',
      state: 'running',
      import_state: 'importing',
      total: 0,
      canary: null,
      created_at: clock,
    })
    clock += 10
    const second = await b.imports.createBatch(newBatch('fp1:tpl2:1', { canary: '{"x":1}' }))
    await b.imports.createBatch(newBatch('fp2:tpl1:1'))
    expect((await b.imports.latestFromFile('fp1'))?.id).toBe(second.id)
    expect(await b.imports.latestImportKey('fp1:tpl1')).toBe('fp1:tpl1:1')
    expect(await b.imports.latestImportKey('fp3')).toBe(null)
    expect(await b.imports.latestImportKey('fp1')).toBe('fp1:tpl2:1')
    expect(await b.imports.firstBatchWithKey('fp1:tpl1:1')).toBe(first.id)
    expect(await b.imports.firstBatchWithKey('nope')).toBe(null)
    expect((await b.imports.recent(2)).map((x) => x.id)).toEqual([second.id + 1, second.id])
    await b.imports.setCanary(first.id, '{"paused":true}')
    expect((await b.imports.batch(first.id))?.canary).toBe('{"paused":true}')
    expect(await b.imports.batch(999)).toBe(null)
  })

  it('queues slices with their progress, once per key, never into a cancelled batch', async () => {
    const a = await b.imports.createBatch(newBatch('fp:t:1'))
    const one = await b.imports.queueSlice(a.id, rows(a.id, 'fp:t', ['01', '02']), NO_COUNTS)
    expect(one).toEqual({ added: 2, addedParts: 2, elsewhere: 0 })
    // The same rows again (an import resumed): nothing new, nothing skipped.
    const again = await b.imports.queueSlice(a.id, rows(a.id, 'fp:t', ['02', '03']), {
      queued: 2,
      parts: 2,
      rejected: 1,
      skipped: 0,
    })
    expect(again).toEqual({ added: 1, addedParts: 1, elsewhere: 0 })
    expect(await b.imports.batch(a.id)).toMatchObject({
      queued_rows: 3,
      total: 3,
      parts: 3,
      rejected: 1,
      skipped: 0,
    })
    // Another batch of the same file: its keys are stored already, by the first.
    const z = await b.imports.createBatch(newBatch('fp:t:2'))
    const other = await b.imports.queueSlice(z.id, rows(z.id, 'fp:t', ['01', '04']), NO_COUNTS)
    expect(other).toEqual({ added: 1, addedParts: 1, elsewhere: 1 })
    await b.imports.finishImport(z.id, { queued: 1, parts: 1, rejected: 0, skipped: 1 })
    expect(await b.imports.batch(z.id)).toMatchObject({ import_state: 'done', skipped: 1 })

    expect(await b.imports.cancelBatch(a.id)).toBe(3)
    expect(await b.imports.cancelBatch(a.id)).toBe(null)
    expect(await b.imports.queueSlice(a.id, rows(a.id, 'fp:t', ['09']), NO_COUNTS)).toBe(null)
    expect(await b.outbox.counts()).toEqual({ cancelled: 3, queued: 1 })
    expect(await b.imports.setState(z.id, ['paused'], 'running')).toBe(false)
    expect(await b.imports.setState(z.id, ['running'], 'paused')).toBe(true)
    expect((await b.imports.batch(z.id))?.state).toBe('paused')
  })

  it('sends the failed again in slices, leaving out numbers stopped since and resends', async () => {
    const a = await b.imports.createBatch(newBatch('fp:t:1'))
    await b.imports.queueSlice(a.id, rows(a.id, 'fp:t', ['01', '02', '03', '04']), NO_COUNTS)
    const claim = await b.outbox.claimDue('p1', 10)
    await b.outbox.applyAnswers(
      'p1',
      claim.claimed.map((m, i) => ({
        id: m.id,
        outcome:
          i === 3
            ? { kind: 'accepted' as const, providerIds: ['x'], parts: 1 }
            : { kind: 'rejected' as const, code: 1, reason: 'no route' },
      })),
      [],
    )
    await b.imports.stopList.add(['02'], 'asked to stop', 'p1')
    const first = claim.claimed[0]!
    await b.outbox.resend(first.id)
    const to = await b.imports.createBatch(newBatch('resend:1', { sourcePath: null }))
    const slice = await b.imports.resendSlice(a.id, to.id, 'resend:1', 0, NO_COUNTS)
    expect(slice).toEqual({
      counts: { queued: 1, parts: 1, rejected: 0, skipped: 1 },
      lastId: claim.claimed[2]!.id,
    })
    expect(
      await b.imports.resendSlice(a.id, to.id, 'resend:1', slice!.lastId!, slice!.counts),
    ).toEqual({ counts: slice!.counts, lastId: null })
    // Resent again from the start: each already sent again stays so.
    const twice = await b.imports.resendSlice(a.id, to.id, 'resend:1', 0, NO_COUNTS)
    expect(twice?.counts.queued).toBe(0)
    expect(await b.imports.batch(to.id)).toMatchObject({ queued_rows: 0, skipped: 1 })
    expect(await b.imports.cancelBatch(to.id)).toBe(1)
    expect(await b.imports.resendSlice(a.id, to.id, 'resend:1', 0, NO_COUNTS)).toBe(null)
  })

  it('marks running imports interrupted, keeps their files, resumes them', async () => {
    const a = await b.imports.createBatch(newBatch('fp:t:1'))
    const c = await b.imports.createBatch(newBatch('fp:t:2', { sourcePath: '/uploads/c.csv' }))
    await b.imports.recoverInterrupted()
    expect(await b.imports.batch(a.id)).toMatchObject({ import_state: 'interrupted' })
    expect((await b.imports.batch(a.id))?.error).toMatch(/Resume the import/)
    await b.imports.cancelBatch(c.id)
    expect(await b.imports.keptSources()).toEqual(['/uploads/debtors.csv'])
    expect(await b.imports.resumeImport(c.id, '/uploads/c.csv')).toBe(false)
    expect(await b.imports.resumeImport(a.id, '/uploads/again.csv')).toBe(true)
    expect(await b.imports.batch(a.id)).toMatchObject({
      import_state: 'importing',
      error: null,
      source_path: '/uploads/again.csv',
    })
    expect(await b.imports.resumeImport(a.id, '/uploads/again.csv')).toBe(false)
    await b.imports.setImportState(a.id, 'failed', 'the file is damaged')
    expect(await b.imports.batch(a.id)).toMatchObject({
      import_state: 'failed',
      error: 'the file is damaged',
    })
  })

  it('tells the first occurrence of each number in one pass, slice after slice', async () => {
    const seen = await b.imports.seenNumbers()
    const other = await b.imports.seenNumbers()
    expect(await seen.addMany(['1', '2', '1', '3'])).toEqual([true, true, false, true])
    expect(await seen.addMany(['3', '4', '4'])).toEqual([false, true, false])
    expect(await other.addMany(['1'])).toEqual([true])
    expect(await seen.addMany([])).toEqual([])
    await seen.drop()
    await other.drop()
    const fresh = await b.imports.seenNumbers()
    expect(await fresh.addMany(['1'])).toEqual([true])
    await fresh.drop()
  })
})
