// Reconciliations' store, the same tests against SQLite and a real PostgreSQL: a job kept once per
// request key and moved only from the states it is guarded by; our messages of a period read in
// chunks with their numeric key and latest price; a comparison stored whole, with its counts, only
// from `downloading`; differences paged by kind; adoptable ones found and marked adopted.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Db } from '../../src/main/core/db/database'
import type { NewDifference } from '../../src/main/core/reconcile/compare'
import { SqliteReconcileStore } from '../../src/main/core/reconcile/sqlite-store'
import type { NewReconcileJob, ReconcileStore } from '../../src/main/core/reconcile/store'
import type { PgDatabase } from '../../src/main/core/stores/postgres/database'
import { PgReconcile } from '../../src/main/core/stores/postgres/reconcile'
import type { MessageState } from '../../src/shared/contract'
import { storeBackends } from '../helpers/store-backends'

interface NewMessage {
  profileId?: string
  phone: string
  state: MessageState
  createdAt: number
  providerIds?: string[]
  text?: string
}

/** Profiles, messages and receipts put in with plain INSERTs: only the store is under test. */
interface Seed {
  profile(id: string): Promise<void>
  base(value: number): Promise<void>
  message(m: NewMessage): Promise<number>
  price(messageId: number, price: string | null, receivedAt: number): Promise<void>
}

const MESSAGE_SQL = `INSERT INTO messages (idempotency_key, profile_id, sender, phone, text,
  encoding, parts, state, provider_ids, next_attempt_at, created_at, updated_at)`
const RECEIPT_SQL = `INSERT INTO delivery_receipts (profile_id, provider_id, message_id, outcome,
  stat, raw, received_at, price)`

const values = (m: NewMessage, key: string) => [
  key,
  m.profileId ?? 'smsc',
  m.phone,
  m.text ?? 'Ваш заказ готов',
  m.state,
  JSON.stringify(m.providerIds ?? []),
  m.createdAt,
]

function sqliteSeed(db: Db): Seed {
  let n = 0
  return {
    async profile(id) {
      db.prepare(
        `INSERT INTO profiles (id, name, kind, created_at) VALUES (?, ?, 'smsc-http', 1)`,
      ).run(id, id)
    },
    async base(value) {
      db.prepare(`UPDATE meta SET value = ? WHERE key = 'numeric_key_base'`).run(String(value))
    },
    async message(m) {
      const r = db
        .prepare(`${MESSAGE_SQL} VALUES (?, ?, 'Shop', ?, ?, 'UCS2', 1, ?, ?, 1, ?, ?)`)
        .run(...values(m, `k${++n}`), m.createdAt)
      return Number(r.lastInsertRowid)
    },
    async price(messageId, price, receivedAt) {
      db.prepare(`${RECEIPT_SQL} VALUES ('smsc', 'p', ?, 'delivered', '1', '', ?, ?)`).run(
        messageId,
        receivedAt,
        price,
      )
    },
  }
}

function pgSeed(db: PgDatabase): Seed {
  let n = 0
  return {
    async profile(id) {
      await db.pool.query(
        `INSERT INTO profiles (id, name, kind, created_at) VALUES ($1, $1, 'smsc-http', 1)`,
        [id],
      )
    },
    async base(value) {
      await db.pool.query(
        `INSERT INTO meta (key, value) VALUES ('numeric_key_base', $1)
          ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [String(value)],
      )
    },
    async message(m) {
      const r = await db.pool.query<{ id: string }>(
        `${MESSAGE_SQL} VALUES ($1, $2, 'Shop', $3, $4, 'UCS2', 1, $5, $6, 1, $7, $7) RETURNING id`,
        values(m, `k${++n}`),
      )
      return Number(r.rows[0]?.id)
    },
    async price(messageId, price, receivedAt) {
      await db.pool.query(`${RECEIPT_SQL} VALUES ('smsc', 'p', $1, 'delivered', '1', '', $2, $3)`, [
        messageId,
        receivedAt,
        price,
      ])
    },
  }
}

const BACKENDS = storeBackends<{ store: ReconcileStore; seed: Seed }>({
  sqlite: (db, now) => ({ store: new SqliteReconcileStore(db, now), seed: sqliteSeed(db) }),
  postgres: (db, now) => ({ store: new PgReconcile(db, now), seed: pgSeed(db) }),
})

const DAY = Date.UTC(2026, 2, 10) - 180 * 60_000

function newJob(more: Partial<NewReconcileJob> = {}): NewReconcileJob {
  return {
    profileId: 'smsc',
    name: 'SMS 2026-03-10..2026-03-10',
    from: '2026-03-10',
    to: '2026-03-10',
    periodFrom: DAY,
    periodTo: DAY + 86_400_000,
    providerJobId: '101',
    providerStatus: 0,
    state: 'waiting',
    nextCheckAt: 9000,
    requestKey: null,
    ...more,
  }
}

function difference(more: Partial<NewDifference>): NewDifference {
  return {
    kind: 'theirs',
    messageId: null,
    providerId: null,
    phone: '79160000001',
    at: DAY + 1000,
    ourState: null,
    ourPrice: null,
    theirStatus: null,
    theirErr: null,
    theirOutcome: null,
    theirReason: null,
    theirReasonCode: null,
    theirPrice: null,
    text: null,
    adoptable: false,
    ...more,
  }
}

describe.each(BACKENDS)('reconciliations on $name', (backend) => {
  let clock = 5000
  let s: ReconcileStore
  let seed: Seed
  beforeAll(async () => {
    await backend.open(() => clock)
  }, 120_000)
  beforeEach(async () => {
    clock = 5000
    ;({ store: s, seed } = await backend.open(() => clock))
    await seed.profile('smsc')
    await seed.profile('other')
  })
  afterAll(() => backend.close())

  it('keeps a job once per request key, lists it and moves it only from the states given', async () => {
    const job = await s.create(newJob({ requestKey: 'key-00000001' }))
    expect(job).toMatchObject({
      id: expect.any(Number),
      profileId: 'smsc',
      from: '2026-03-10',
      periodFrom: DAY,
      state: 'waiting',
      providerJobId: '101',
      providerStatus: 0,
      createdAt: 5000,
      updatedAt: 5000,
      nextCheckAt: 9000,
      counts: null,
      error: null,
      errorPhrase: null,
      adoptable: 0,
    })
    const again = await s.create(newJob({ requestKey: 'key-00000001', providerJobId: '102' }))
    expect(again.id).toBe(job.id)
    expect(again.providerJobId).toBe('101')
    expect(await s.byRequestKey('key-00000001')).toEqual(job)
    const other = await s.create(newJob({ profileId: 'other' }))
    expect((await s.list(null, 10)).map((j) => j.id)).toEqual([other.id, job.id])
    expect((await s.list('smsc', 10)).map((j) => j.id)).toEqual([job.id])

    clock = 6000
    const said = { id: 'reconcile.failed', params: { cause: 'no answer' } }
    const running = await s.update(
      job.id,
      { state: 'running', providerStatus: 1, error: 'no answer', errorPhrase: said },
      ['waiting', 'running'],
    )
    expect(running).toMatchObject({ state: 'running', providerStatus: 1, updatedAt: 6000 })
    expect(running?.errorPhrase).toEqual(said)
    expect(await s.update(job.id, { state: 'waiting' }, ['compared'])).toBe(null)
    await s.update(other.id, { state: 'error', nextCheckAt: null })
    expect((await s.open()).map((j) => j.id)).toEqual([job.id])
    expect(await s.get(job.id + 1000)).toBe(null)
  })

  it('reads our messages of a period in chunks: numeric key, latest price, only those at the provider', async () => {
    await seed.base(700_000)
    const ids: Record<string, number> = {}
    ids.delivered = await seed.message({
      phone: '79160000001',
      state: 'delivered',
      createdAt: DAY + 10,
      providerIds: ['700001'],
    })
    ids.uncertain = await seed.message({
      phone: '+79160000002',
      state: 'uncertain',
      createdAt: DAY + 20,
    })
    ids.failedThere = await seed.message({
      phone: '79160000003',
      state: 'failed',
      createdAt: DAY + 30,
      providerIds: ['x'],
    })
    // Not at the provider: refused there, never sent, an HLR lookup, another profile, too late.
    await seed.message({ phone: '79160000004', state: 'failed', createdAt: DAY + 40 })
    await seed.message({ phone: '79160000005', state: 'queued', createdAt: DAY + 50 })
    await seed.message({
      phone: '79160000006',
      state: 'delivered',
      createdAt: DAY + 60,
      text: '__HLR__',
    })
    await seed.message({
      profileId: 'other',
      phone: '79160000007',
      state: 'delivered',
      createdAt: DAY + 70,
    })
    await seed.message({ phone: '79160000008', state: 'delivered', createdAt: DAY + 86_400_000 })
    ids.sameTime = await seed.message({
      phone: '79160000009',
      state: 'expired',
      createdAt: DAY + 30,
    })
    await seed.price(ids.delivered, '2.50', 1)
    await seed.price(ids.delivered, '3,10', 2)
    await seed.price(ids.delivered, '', 3)

    const all = await s.ours('smsc', DAY, DAY + 86_400_000, null, 100)
    expect(all.map((m) => m.id)).toEqual([
      ids.delivered,
      ids.uncertain,
      ids.failedThere,
      ids.sameTime,
    ])
    expect(all[0]).toEqual({
      id: ids.delivered,
      keys: ['700001', String(700_000 + ids.delivered)],
      phone: '79160000001',
      state: 'delivered',
      createdAt: DAY + 10,
      price: 3.1,
      text: 'Ваш заказ готов',
    })
    expect(all[1]).toMatchObject({ phone: '79160000002', state: 'uncertain', price: null })
    // In chunks of two: after (time, id), none twice, none missed.
    const first = await s.ours('smsc', DAY, DAY + 86_400_000, null, 2)
    const last = first.at(-1)!
    const rest = await s.ours('smsc', DAY, DAY + 86_400_000, { at: last.createdAt, id: last.id }, 2)
    expect([...first, ...rest].map((m) => m.id)).toEqual(all.map((m) => m.id))
  })

  it('stores a comparison whole, only from downloading, and pages its differences by kind', async () => {
    const job = await s.create(newJob())
    const found = [
      difference({
        kind: 'theirs',
        providerId: '900',
        theirStatus: '1',
        theirOutcome: 'delivered',
        theirPrice: 2.5,
        text: 'С сайта',
      }),
      difference({ kind: 'ours', messageId: 4, ourState: 'delivered', ourPrice: 2.5 }),
      difference({
        kind: 'status',
        messageId: 5,
        ourState: 'uncertain',
        theirStatus: '1',
        theirOutcome: 'delivered',
        theirReasonCode: null,
        adoptable: true,
      }),
      difference({
        kind: 'status',
        messageId: 6,
        ourState: 'uncertain',
        theirStatus: '20',
        theirErr: '6',
        theirOutcome: 'failed',
        theirReason: 'Cannot be delivered',
        theirReasonCode: 'smsc:err:6',
        adoptable: true,
      }),
      difference({
        kind: 'price',
        messageId: 7,
        ourState: 'delivered',
        ourPrice: 2.5,
        theirPrice: 3.1,
      }),
    ]
    const counts = { theirs: 1, ours: 1, status: 2, price: 1 }
    // Not downloading yet: nothing is written.
    expect(await s.saveComparison(job.id, found, { counts, providerRows: 4, ourRows: 4 })).toBe(
      null,
    )
    expect((await s.differences(job.id, null, 0, 10)).total).toBe(0)

    await s.update(job.id, { state: 'downloading', nextCheckAt: null })
    clock = 7000
    const compared = await s.saveComparison(job.id, found, { counts, providerRows: 4, ourRows: 4 })
    expect(compared).toMatchObject({
      state: 'compared',
      comparedAt: 7000,
      nextCheckAt: null,
      counts,
      providerRows: 4,
      ourRows: 4,
      adoptable: 2,
    })
    // Compared: a second comparison is refused.
    expect(await s.saveComparison(job.id, [], { counts, providerRows: 0, ourRows: 0 })).toBe(null)

    const page = await s.differences(job.id, null, 0, 10)
    expect(page.total).toBe(5)
    expect(page.rows.map((d) => d.kind)).toEqual(['theirs', 'ours', 'status', 'status', 'price'])
    expect(page.rows[0]).toEqual({
      id: expect.any(Number),
      jobId: job.id,
      kind: 'theirs',
      messageId: null,
      providerId: '900',
      phone: '79160000001',
      at: DAY + 1000,
      ourState: null,
      ourPrice: null,
      theirStatus: '1',
      theirErr: null,
      theirOutcome: 'delivered',
      theirReason: null,
      theirReasonCode: null,
      theirPrice: 2.5,
      text: 'С сайта',
      adoptable: false,
      adoptedAt: null,
    })
    const statuses = await s.differences(job.id, 'status', 1, 10)
    expect(statuses.total).toBe(2)
    expect(statuses.rows.map((d) => [d.messageId, d.theirReasonCode])).toEqual([[6, 'smsc:err:6']])

    const adoptable = await s.adoptable(job.id, null)
    expect(adoptable.map((d) => d.messageId)).toEqual([5, 6])
    const [five, six] = adoptable
    const priceRow = page.rows[4]!
    expect((await s.adoptable(job.id, [six!.id, priceRow.id])).map((d) => d.id)).toEqual([six!.id])
    await s.markAdopted([five!.id], 8000)
    expect((await s.get(job.id))?.adoptable).toBe(1)
    expect((await s.adoptable(job.id, null)).map((d) => d.id)).toEqual([six!.id])
    expect((await s.differences(job.id, 'status', 0, 1)).rows[0]?.adoptedAt).toBe(8000)
  })
})
