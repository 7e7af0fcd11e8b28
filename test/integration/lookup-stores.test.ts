// What providers told the console, read back the same from SQLite and a real PostgreSQL: HLR
// requests with their latest answer (paged, filtered by profile, digits of the number and
// status, with their total), the numbers rented through the console with their renewal switch,
// and the prices delivery reports stated (per part, for a destination or for the whole profile).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { HlrRow } from '../../src/shared/calls/lookup'
import { HLR_TEXT } from '../../src/shared/constants'
import type { DedicatedNumber, MessageState } from '../../src/shared/contract'
import type { Db } from '../../src/main/core/db/database'
import { HlrStore } from '../../src/main/core/lookup/hlr-store'
import { NumbersStore } from '../../src/main/core/lookup/numbers-store'
import { PriceStore } from '../../src/main/core/outbox/prices'
import type { PgDatabase } from '../../src/main/core/stores/postgres/database'
import { PgLookup } from '../../src/main/core/stores/postgres/lookup'
import { PgPrices } from '../../src/main/core/stores/postgres/prices'
import { SqliteLookupStores, SqlitePricesStore } from '../../src/main/core/stores/sqlite'
import type { LookupStores, PricesStore } from '../../src/main/core/stores/stores'
import { storeBackends } from '../helpers/store-backends'

interface NewMessage {
  profileId: string
  phone: string
  /** HLR_TEXT for a lookup. */
  text?: string
  parts?: number
  state?: MessageState
  error?: string | null
  createdAt?: number
}

interface NewReceipt {
  profileId: string
  messageId: number | null
  outcome: 'accepted' | 'delivered' | 'failed' | 'expired'
  price: string | null
}

/** An HLR answer as the outbox stores it with its receipt. */
interface NewAnswer {
  profileId: string
  messageId: number | null
  phone: string | null
  stat: string
  err?: string | null
  imsi?: string | null
  mcc?: string | null
  mnc?: string | null
  cn?: string | null
  net?: string | null
  rcn?: string | null
  rnet?: string | null
  receivedAt: number
}

/**
 * Profiles, messages, receipts and HLR answers are written by the profiles' store and the
 * outbox; these tests put them in with plain INSERTs, the same columns on each database, so
 * that only the reading stores are under test.
 */
interface Seed {
  profile(id: string): Promise<void>
  message(m: NewMessage): Promise<number>
  receipt(r: NewReceipt): Promise<void>
  answer(a: NewAnswer): Promise<void>
}

const MESSAGE_SQL = `INSERT INTO messages (idempotency_key, profile_id, sender, phone, text,
  encoding, parts, state, error, next_attempt_at, created_at, updated_at)`

const messageValues = (m: NewMessage, key: string) => [
  key,
  m.profileId,
  m.phone,
  m.text ?? 'Ваш заказ готов',
  m.parts ?? 1,
  m.state ?? 'delivered',
  m.error ?? null,
  m.createdAt ?? 1000,
]

const receiptValues = (r: NewReceipt) => [r.profileId, r.messageId, r.outcome, r.price]

const answerValues = (a: NewAnswer) => [
  a.profileId,
  a.messageId,
  a.phone,
  a.stat,
  a.err ?? null,
  a.imsi ?? null,
  a.mcc ?? null,
  a.mnc ?? null,
  a.cn ?? null,
  a.net ?? null,
  a.rcn ?? null,
  a.rnet ?? null,
  a.receivedAt,
]

function sqliteSeed(db: Db): Seed {
  let n = 0
  return {
    async profile(id) {
      db.prepare(`INSERT INTO profiles (id, name, kind, created_at) VALUES (?, ?, 'smpp', 1)`).run(
        id,
        id,
      )
    },
    async message(m) {
      const r = db
        .prepare(`${MESSAGE_SQL} VALUES (?, ?, 'Shop', ?, ?, 'UCS2', ?, ?, ?, 1, ?, ?)`)
        .run(...messageValues(m, `k${++n}`), m.createdAt ?? 1000)
      return Number(r.lastInsertRowid)
    },
    async receipt(r) {
      db.prepare(
        `INSERT INTO delivery_receipts (profile_id, provider_id, message_id, outcome, stat, raw,
          received_at, price) VALUES (?, 'pid', ?, ?, 'DELIVRD', '', 1, ?)`,
      ).run(...receiptValues(r))
    },
    async answer(a) {
      db.prepare(
        `INSERT INTO hlr_results (profile_id, message_id, phone, provider_id, stat, err, imsi,
          mcc, mnc, cn, net, rcn, rnet, msc, raw, received_at)
        VALUES (?, ?, ?, 'pid', ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, '', ?)`,
      ).run(...answerValues(a))
    },
  }
}

function pgSeed(db: PgDatabase): Seed {
  let n = 0
  return {
    async profile(id) {
      await db.pool.query(
        `INSERT INTO profiles (id, name, kind, created_at) VALUES ($1, $1, 'smpp', 1)`,
        [id],
      )
    },
    async message(m) {
      const r = await db.pool.query<{ id: number }>(
        `${MESSAGE_SQL} VALUES ($1, $2, 'Shop', $3, $4, 'UCS2', $5, $6, $7, 1, $8, $8) RETURNING id`,
        messageValues(m, `k${++n}`),
      )
      return r.rows[0]!.id
    },
    async receipt(r) {
      await db.pool.query(
        `INSERT INTO delivery_receipts (profile_id, provider_id, message_id, outcome, stat, raw,
          received_at, price) VALUES ($1, 'pid', $2, $3, 'DELIVRD', '', 1, $4)`,
        receiptValues(r),
      )
    },
    async answer(a) {
      await db.pool.query(
        `INSERT INTO hlr_results (profile_id, message_id, phone, provider_id, stat, err, imsi,
          mcc, mnc, cn, net, rcn, rnet, msc, raw, received_at)
        VALUES ($1, $2, $3, 'pid', $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, '', $13)`,
        answerValues(a),
      )
    },
  }
}

interface Fixture {
  lookup: LookupStores
  prices: PricesStore
  seed: Seed
}

const BACKENDS = storeBackends<Fixture>({
  sqlite: (db, now) => ({
    lookup: new SqliteLookupStores(new HlrStore(db), new NumbersStore(db, now)),
    prices: new SqlitePricesStore(new PriceStore(db)),
    seed: sqliteSeed(db),
  }),
  postgres: (db, now) => ({
    lookup: new PgLookup(db, now),
    prices: new PgPrices(db),
    seed: pgSeed(db),
  }),
})

/** A request's row before any answer: what the view shows while it waits. */
const unanswered = {
  error: null,
  stat: null,
  err: null,
  imsi: null,
  msc: null,
  mcc: null,
  mnc: null,
  cn: null,
  net: null,
  rcn: null,
  rnet: null,
  answeredAt: null,
}

describe.each(BACKENDS)('HLR answers, rented numbers and prices on $name', (backend) => {
  let clock = 1_000
  let s: Fixture
  // The first open of PostgreSQL starts its cluster: more than a test's usual time.
  beforeAll(async () => {
    s = await backend.open(() => clock)
  }, 120_000)
  beforeEach(async () => {
    clock = 1_000
    s = await backend.open(() => clock)
  })
  afterAll(() => backend.close())

  describe('HLR requests', () => {
    /** Ids of the seeded requests, in the order they were made. */
    let ids: {
      answered: number
      pending: number
      failed: number
      other: number
      queued: number
      message: number
    }

    beforeEach(async () => {
      const { seed } = s
      await seed.profile('p1')
      await seed.profile('p2')
      const hlr = (profileId: string, phone: string, state: MessageState, createdAt: number) =>
        seed.message({ profileId, phone, text: HLR_TEXT, state, createdAt })
      const answered = await hlr('p1', '992900000001', 'delivered', 1001)
      const pending = await hlr('p1', '992900000002', 'accepted', 1002)
      const failed = await seed.message({
        profileId: 'p1',
        phone: '992911111113',
        text: HLR_TEXT,
        state: 'failed',
        error: 'no route',
        createdAt: 1003,
      })
      const other = await hlr('p2', '992900000004', 'accepted', 1004)
      const queued = await hlr('p1', '992900000005', 'queued', 1005)
      // A message, not a lookup: never listed.
      const message = await seed.message({ profileId: 'p1', phone: '992900000009' })
      ids = { answered, pending, failed, other, queued, message }

      // The provider reported twice: the latest answer is the one shown.
      await seed.answer({
        profileId: 'p1',
        messageId: answered,
        phone: '992900000001',
        stat: 'ENROUTE',
        receivedAt: 2000,
      })
      await seed.answer({
        profileId: 'p1',
        messageId: answered,
        phone: '992900000001',
        stat: 'DELIVRD',
        err: '0',
        imsi: '436010000000001',
        mcc: '436',
        mnc: '01',
        cn: 'Tajikistan',
        net: 'Tcell',
        rcn: '',
        rnet: '',
        receivedAt: 3000,
      })
      // An answer to a request still accepted makes it answered.
      await seed.answer({
        profileId: 'p2',
        messageId: other,
        phone: '992900000004',
        stat: 'DELIVRD',
        receivedAt: 2500,
      })
      // An answer whose request is not known yet is nobody's row.
      await seed.answer({ profileId: 'p1', messageId: null, phone: null, stat: 'X', receivedAt: 1 })
    })

    const idsOf = (rows: HlrRow[]) => rows.map((r) => r.messageId)

    it('lists the requests newest first with their latest answer, in pages, with the total', async () => {
      const { lookup } = s
      const all = await lookup.hlrPage({})
      expect(all.total).toBe(5)
      expect(idsOf(all.rows)).toEqual([
        ids.queued,
        ids.other,
        ids.failed,
        ids.pending,
        ids.answered,
      ])
      expect(all.rows.find((r) => r.messageId === ids.answered)).toEqual({
        ...unanswered,
        messageId: ids.answered,
        profileId: 'p1',
        phone: '992900000001',
        status: 'answered',
        state: 'delivered',
        stat: 'DELIVRD',
        err: '0',
        imsi: '436010000000001',
        mcc: '436',
        mnc: '01',
        cn: 'Tajikistan',
        net: 'Tcell',
        rcn: '',
        rnet: '',
        requestedAt: 1001,
        answeredAt: 3000,
      })
      expect(all.rows.find((r) => r.messageId === ids.failed)).toEqual({
        ...unanswered,
        messageId: ids.failed,
        profileId: 'p1',
        phone: '992911111113',
        status: 'failed',
        state: 'failed',
        error: 'no route',
        requestedAt: 1003,
      })
      expect(all.rows.find((r) => r.messageId === ids.queued)).toEqual({
        ...unanswered,
        messageId: ids.queued,
        profileId: 'p1',
        phone: '992900000005',
        status: 'pending',
        state: 'queued',
        requestedAt: 1005,
      })

      const first = await lookup.hlrPage({ limit: 2 })
      expect(first).toEqual({ total: 5, rows: all.rows.slice(0, 2) })
      const second = await lookup.hlrPage({ limit: 2, offset: 2 })
      expect(idsOf(second.rows)).toEqual([ids.failed, ids.pending])
      expect(second.total).toBe(5)
      expect(idsOf((await lookup.hlrPage({ limit: 2, offset: 4 })).rows)).toEqual([ids.answered])
      expect(await lookup.hlrPage({ offset: 10 })).toEqual({ rows: [], total: 5 })
    })

    it('filters by profile, digits anywhere in the number and status', async () => {
      const { lookup } = s
      const page = async (f: Parameters<LookupStores['hlrPage']>[0]) => {
        const r = await lookup.hlrPage(f)
        return { ids: idsOf(r.rows), total: r.total }
      }
      expect(await page({ profileId: 'p2' })).toEqual({ ids: [ids.other], total: 1 })
      expect(await page({ profileId: 'p1' })).toEqual({
        ids: [ids.queued, ids.failed, ids.pending, ids.answered],
        total: 4,
      })
      expect(await page({ profileId: 'nobody' })).toEqual({ ids: [], total: 0 })
      // The number as typed: only its digits are looked for.
      expect(await page({ phone: '+992 (911)' })).toEqual({ ids: [ids.failed], total: 1 })
      expect(await page({ phone: '0000' })).toEqual({
        ids: [ids.queued, ids.other, ids.pending, ids.answered],
        total: 4,
      })
      // No digits at all: no filter.
      expect((await page({ phone: '()' })).total).toBe(5)
      expect(await page({ status: 'answered' })).toEqual({
        ids: [ids.other, ids.answered],
        total: 2,
      })
      expect(await page({ status: 'pending' })).toEqual({
        ids: [ids.queued, ids.pending],
        total: 2,
      })
      expect(await page({ status: 'failed' })).toEqual({ ids: [ids.failed], total: 1 })
      expect(
        await page({ profileId: 'p1', phone: '0000', status: 'pending', limit: 1, offset: 1 }),
      ).toEqual({ ids: [ids.pending], total: 2 })
    })

    it('reads the asked requests in the order asked, skipping what is not a lookup', async () => {
      const { lookup } = s
      const rows = await lookup.hlrGet([ids.failed, ids.message, ids.answered, 999_999])
      expect(idsOf(rows)).toEqual([ids.failed, ids.answered])
      expect(rows[1]).toMatchObject({ status: 'answered', stat: 'DELIVRD', answeredAt: 3000 })
      expect(rows[0]).toMatchObject({ status: 'failed', error: 'no route' })
      expect(await lookup.hlrGet([])).toEqual([])
    })
  })

  describe('rented numbers', () => {
    const listing: DedicatedNumber = {
      phone: '79001234567',
      type: 4,
      kind: 'virtual',
      cost: 300,
      currentCost: 150.5,
      info: 'MTS, SMS',
    }

    it('records a rental, switches its renewal, and starts afresh when rented again', async () => {
      const { lookup } = s
      expect(await lookup.rentedNumber('p1', '79001234567', 150.5, listing)).toEqual({
        profileId: 'p1',
        phone: '79001234567',
        type: 4,
        kind: 'virtual',
        monthlyCost: 300,
        charged: 150.5,
        info: 'MTS, SMS',
        renew: true,
        rentedAt: 1000,
        updatedAt: 1000,
      })

      clock = 2000
      const off = await lookup.setRenew('p1', '79001234567', false)
      expect(off).toMatchObject({ renew: false, rentedAt: 1000, updatedAt: 2000 })
      expect(await lookup.number('p1', '79001234567')).toEqual(off)
      // Another profile's, or a number never rented: nothing.
      expect(await lookup.number('p2', '79001234567')).toBeNull()
      expect(await lookup.setRenew('p2', '79001234567', true)).toBeNull()
      expect(await lookup.setRenew('p1', '79000000000', true)).toBeNull()

      clock = 3000
      // Without the listing it was rented from: only what renting charged is known.
      const bare = await lookup.rentedNumber('p1', '79007654321', 0, null)
      expect(bare).toEqual({
        profileId: 'p1',
        phone: '79007654321',
        type: null,
        kind: null,
        monthlyCost: null,
        charged: 0,
        info: '',
        renew: true,
        rentedAt: 3000,
        updatedAt: 3000,
      })
      expect((await lookup.numbers('p1')).map((n) => n.phone)).toEqual([
        '79007654321',
        '79001234567',
      ])
      expect(await lookup.numbers('p2')).toEqual([])

      clock = 4000
      // It lapsed and is rented again: a fresh record, renewing, the latest rented first.
      const again = await lookup.rentedNumber('p1', '79001234567', 160, {
        ...listing,
        cost: 320,
        kind: 'sim-hosting',
        type: 2,
        info: 'Beeline',
      })
      expect(again).toEqual({
        profileId: 'p1',
        phone: '79001234567',
        type: 2,
        kind: 'sim-hosting',
        monthlyCost: 320,
        charged: 160,
        info: 'Beeline',
        renew: true,
        rentedAt: 4000,
        updatedAt: 4000,
      })
      expect(await lookup.numbers('p1')).toEqual([again, bare])
    })
  })

  describe('prices the providers reported', () => {
    beforeEach(async () => {
      const { seed } = s
      for (const id of ['p1', 'p2', 'p3', 'p4']) await seed.profile(id)
      const priced = async (
        profileId: string,
        phone: string,
        parts: number,
        price: string | null,
        outcome: NewReceipt['outcome'] = 'delivered',
        text?: string,
      ) => {
        const messageId = await seed.message({ profileId, phone, parts, text })
        await seed.receipt({ profileId, messageId, outcome, price })
      }
      // p1: two reports to 99290… (0.5 and 1.5 for two parts: 0.625 a part), one to 79001….
      await priced('p1', '992901110001', 1, '0.5')
      await priced('p1', '992902220002', 2, '1.5')
      await priced('p1', '79001234567', 1, '2', 'failed')
      // Not counted: not final yet, no price, an HLR lookup's price, a report without message.
      await priced('p1', '992903330003', 1, '100', 'accepted')
      await priced('p1', '992904440004', 1, '')
      await priced('p1', '992905550005', 1, null)
      await priced('p1', '992906660006', 1, '9', 'delivered', HLR_TEXT)
      await s.seed.receipt({ profileId: 'p1', messageId: null, outcome: 'delivered', price: '50' })
      // p2: a price written with its currency counts by its number; no parts count as one.
      await priced('p2', '992900000001', 1, '0.25 TJS', 'expired')
      await priced('p2', '992900000002', 0, '0.75')
      // p3: reports, none priced.
      await priced('p3', '992900000001', 1, null)
    })

    it('gives the recent price per part of a profile, or none', async () => {
      const { prices } = s
      const p1 = await prices.recentPartPrice('p1')
      expect(p1?.sample).toBe(3)
      expect(p1?.perPart).toBeCloseTo((0.5 + 0.75 + 2) / 3, 10)
      expect(await prices.recentPartPrice('p2')).toEqual({ perPart: 0.5, sample: 2 })
      expect(await prices.recentPartPrice('p3')).toBeNull()
      expect(await prices.recentPartPrice('p4')).toBeNull()
      expect(await prices.recentPartPrice('nobody')).toBeNull()
    })

    it('prices a number by its destination, else by the profile, else not at all', async () => {
      const { prices } = s
      expect(await prices.partPriceFor('p1', '992909998877')).toEqual({
        perPart: 0.625,
        sample: 2,
        scope: 'destination',
      })
      expect(await prices.partPriceFor('p1', '79001112233')).toEqual({
        perPart: 2,
        sample: 1,
        scope: 'destination',
      })
      // No report to 44770…: the profile's price for any number.
      const elsewhere = await prices.partPriceFor('p1', '447700900123')
      expect(elsewhere).toMatchObject({ sample: 3, scope: 'profile' })
      expect(elsewhere?.perPart).toBeCloseTo((0.5 + 0.75 + 2) / 3, 10)
      expect(await prices.partPriceFor('p2', '992900000003')).toEqual({
        perPart: 0.5,
        sample: 2,
        scope: 'destination',
      })
      expect(await prices.partPriceFor('p3', '992900000001')).toBeNull()
      expect(await prices.partPriceFor('p4', '992900000001')).toBeNull()
    })

    it('counts only the latest reports of a profile', async () => {
      const { prices, seed } = s
      // 200 reports at 1 after one at 101: the old one is out of the sample.
      const first = await seed.message({ profileId: 'p4', phone: '992900000001' })
      await seed.receipt({ profileId: 'p4', messageId: first, outcome: 'delivered', price: '101' })
      for (let i = 0; i < 200; i++) {
        const id = await seed.message({ profileId: 'p4', phone: '992900000002' })
        await seed.receipt({ profileId: 'p4', messageId: id, outcome: 'delivered', price: '1' })
      }
      expect(await prices.recentPartPrice('p4')).toEqual({ perPart: 1, sample: 200 })
      expect(await prices.partPriceFor('p4', '992900000001')).toEqual({
        perPart: 1,
        sample: 200,
        scope: 'destination',
      })
    }, 60_000)
  })
})
