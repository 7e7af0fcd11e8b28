// History and Delivery reports, the same cases against a workstation's SQLite (its reader on
// main, the search indexes filled in the background) and a team server's real PostgreSQL (the
// database's own indexes): pages by keyset both ways and jumps by position across blocks of
// ids, filters alone and together, a number whole or in part, text anywhere in any case (ё as
// е, % and _ taken literally), words by their beginnings, the one search box, counts with the
// newest id, CSV chunks, a message's story (its trail, reports and resends), batches with their
// counts, a batch's chart and spend, and spend and trends by day in the operator's time. HLR
// lookups stored among the messages never show. Every answer is checked against the messages
// as stored, and PostgreSQL's answers against SQLite's, which run first, exactly.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openHistoryReader, type HistoryReader } from '../../src/main/core/history/reader'
import { searchWords } from '../../src/main/core/history/query'
import { Outbox, type NewMessage, type ResultPolicy } from '../../src/main/core/outbox/outbox'
import type { DeliveryReceipt } from '../../src/main/core/providers/types'
import { PgHistory } from '../../src/main/core/stores/postgres/history'
import { PgOutbox } from '../../src/main/core/stores/postgres/outbox'
import { SqliteOutboxStore } from '../../src/main/core/stores/sqlite'
import type { OutboxStore } from '../../src/main/core/stores/stores'
import type { HistoryFilter } from '../../src/shared/calls/history'
import { HLR_TEXT } from '../../src/shared/constants'
import type { MessageState, OutboxMessage } from '../../src/shared/contract'
import { foldText } from '../../src/shared/fold'
import { storeBackends } from '../helpers/store-backends'

interface Backend {
  history: HistoryReader
  outbox: OutboxStore
  /** Plain SQL with $1, $2 … each used once, in order, on either database. */
  sql(query: string, params?: unknown[]): Promise<Record<string, unknown>[]>
}

const BACKENDS = storeBackends<Backend>({
  sqlite: (db, now) => ({
    // No worker script: the reads and the background indexing run on this connection.
    history: openHistoryReader(db, { workerScript: '', log: () => {} }),
    outbox: new SqliteOutboxStore(new Outbox(db, { now })),
    sql: async (query, params = []) => {
      const st = db.prepare(query.replace(/\$\d+/g, '?'))
      return st.reader ? (st.all(...params) as Record<string, unknown>[]) : (st.run(...params), [])
    },
  }),
  postgres: (db, now) => ({
    history: new PgHistory(db),
    outbox: new PgOutbox(db, { now }),
    sql: async (query, params = []) => (await db.pool.query(query, params)).rows,
  }),
})

const POLICY: ResultPolicy = {
  retryDelayMs: 1000,
  retryBackoff: { firstMs: 5000, maxMs: 60_000 },
  maxAttempts: 2,
  pollAfterMs: null,
  polls: { schedule: [10_000], thenEveryMs: 60_000, thenTimes: 1 },
}

/** Bulk messages, one a minute from T0 (ids 1…N), across three blocks of 1024 ids. */
const N = 2500
const T0 = Date.UTC(2024, 0, 1, 20, 0)
/** The flow's messages (profile p3), sent through the outbox's real moves after the bulk. */
const T1 = T0 + (N + 10) * 60_000
/** Their reports: one the same day in UTC and the next in UTC+5, one the same day in both. */
const DELIVERED_AT = Date.UTC(2024, 0, 3, 21, 0)
const FAILED_AT = T1 + 30 * 60_000
const LOOKUPS = new Set([1030, 2049])
const WORDS = [
  'Ваш заказ готов',
  'Код подтверждения',
  'Order shipped',
  'Скидка 10%',
  'reminder_1',
  'Ёлка в продаже',
  'Елка дешевле',
  'e-mail: info@shop.kz',
  'Папка C:\\docs',
]

interface Row {
  id: number
  phone: string
  text: string
  state: MessageState
  profile_id: string
  batch_id: number | null
  created_at: number
  updated_at: number
  error: string | null
  error_code: string | null
}

/** Message i of the bulk: a lookup, in batch 7 (p1) or 8 (p2), or one-off of p1 or p2. */
function bulk(i: number): NewMessage {
  const phone = `99290${String(i).padStart(7, '0')}`
  if (LOOKUPS.has(i)) return { profileId: 'p1', sender: 'HLR', phone, text: HLR_TEXT }
  const text = `${WORDS[i % WORDS.length]} #${i}`
  const m = { sender: 'SHOP', phone, text, priority: 1 as const }
  if (i % 7 === 0) return { ...m, profileId: 'p1', batchId: 7 }
  if (i % 11 === 0) return { ...m, profileId: 'p2', batchId: 8 }
  return { ...m, profileId: `p${1 + (i % 2)}`, batchId: null }
}

/** The states the dispatcher would have reached (a fixture: one UPDATE on either database). */
const SETTLE = `UPDATE messages SET
    created_at = $1 + id * 60000, updated_at = $2 + id * 60000 + 30000,
    state = CASE id % 6 WHEN 0 THEN 'delivered' WHEN 1 THEN 'delivered' WHEN 2 THEN 'failed'
      WHEN 3 THEN 'accepted' WHEN 4 THEN 'queued' ELSE 'expired' END,
    error = CASE id % 6 WHEN 2 THEN 'Delivery report UNDELIV (error 00' || (id % 3) || ')'
      WHEN 5 THEN 'Expired before delivery' END,
    error_code = CASE id % 6 WHEN 2 THEN 'smpp:stat:UNDELIV' END
  WHERE text <> '${HLR_TEXT}'`

function report(
  providerId: string,
  outcome: 'delivered' | 'failed',
  at: number,
  price: string,
): DeliveryReceipt {
  const stat = outcome === 'delivered' ? 'DELIVRD' : 'UNDELIV'
  return {
    providerId,
    outcome,
    stat,
    err: outcome === 'failed' ? '001' : null,
    reason: outcome === 'failed' ? 'Absent subscriber' : null,
    reasonCode: outcome === 'failed' ? 'smpp:stat:UNDELIV' : null,
    price,
    hlr: null,
    raw: `id:${providerId} stat:${stat}`,
    receivedAt: at,
  }
}

/** Text as a search compares it, split into words as both indexes split it. */
const tokens = (s: string) =>
  foldText(s)
    .split(/[^\p{L}\p{Nd}]+/u)
    .filter(Boolean)

/** Each word searched occurs as the beginning of a word of the text (a word in parts: in a row). */
function hasWords(text: string, search: string): boolean {
  const t = tokens(text)
  return searchWords(search).every((w) => {
    const parts = tokens(w)
    return t.some((_, j) =>
      parts.every((p, k) =>
        k === parts.length - 1 ? (t[j + k] ?? '').startsWith(p) : t[j + k] === p,
      ),
    )
  })
}

const contains = (r: Row, s: string) => foldText(r.text).includes(foldText(s.trim()))

/** The operator's day of a moment (`tz`: getTimezoneOffset minutes). */
const dayOf = (ms: number, tz: number) => new Date(ms - tz * 60_000).toISOString().slice(0, 10)

/** What SQLite answered, by case, for PostgreSQL's answer to be compared with. */
const answered = new Map<string, unknown>()

describe.each(BACKENDS)('History and Delivery reports on $name', (backend) => {
  let clock = T0
  let b: Backend
  let h: HistoryReader
  /** Every message as stored, oldest first, and those History lists. */
  let rows: Row[] = []
  let listed: Row[] = []
  let flow: Record<'delivered' | 'failed' | 'refused' | 'cancelled' | 'resent', OutboxMessage>

  /** Answers as SQLite's for the same case (recorded when SQLite runs, compared after). */
  const same = (label: string, value: unknown) => {
    if (backend.name === 'SQLite') answered.set(label, value)
    else if (answered.has(label))
      expect(value, `${label}: as SQLite answered`).toEqual(answered.get(label))
  }

  const load = async () => {
    rows = (await b.sql(`SELECT id, phone, text, state, profile_id, batch_id, created_at,
      updated_at, error, error_code FROM messages ORDER BY id`)) as unknown as Row[]
    listed = rows.filter((r) => r.text !== HLR_TEXT)
  }
  const expected = (pred: (r: Row) => boolean) =>
    listed
      .filter(pred)
      .map((r) => r.id)
      .reverse()
  const walk = async (filter: HistoryFilter, limit = 97): Promise<number[]> => {
    const ids: number[] = []
    let before: number | undefined
    for (;;) {
      const page = await h.page(filter, before === undefined ? undefined : { before }, limit)
      ids.push(...page.map((m) => m.id))
      if (page.length < limit) return ids
      before = page.at(-1)?.id
    }
  }

  beforeAll(async () => {
    // The server started once for the file (the reader opened with it is not the tests').
    await (await backend.open(() => clock)).history.close()
  }, 120_000)
  beforeEach(async () => {
    clock = T0
    b = await backend.open(() => clock)
    h = b.history
    for (const id of ['p1', 'p2', 'p3']) {
      await b.sql(`INSERT INTO profiles (id, name, kind, created_at) VALUES ($1, $2, 'smpp', 1)`, [
        id,
        id.toUpperCase(),
      ])
    }
    for (const [id, profile, name, at] of [
      [7, 'p1', 'January promo', T0],
      [8, 'p2', 'Spring', T0 + 5000],
      [9, 'p3', 'Flow', T1],
    ] as const) {
      await b.sql(
        `INSERT INTO batches (id, profile_id, name, total, created_at) VALUES ($1, $2, $3, 0, $4)`,
        [id, profile, name, at],
      )
    }
    const stored = await b.outbox.enqueueAll(Array.from({ length: N }, (_, i) => bulk(i + 1)))
    expect(stored.map((m) => m.id)).toEqual(Array.from({ length: N }, (_, i) => i + 1))
    await b.sql(SETTLE, [T0, T0])

    // The flow: delivered with a price, failed by its report (in a batch), refused, cancelled
    // and sent again.
    clock = T1
    const one = (phone: string, text: string, batchId: number | null = null) => ({
      profileId: 'p3',
      sender: 'SHOP',
      phone,
      text,
      batchId,
    })
    const [delivered, failed, refused, cancelled] = await b.outbox.enqueueAll([
      one('992935550001', 'Ваш код 1234'),
      one('992935550002', 'Second notice', 9),
      one('992935550003', 'Refused one'),
      one('992935550004', 'Cancelled one'),
    ])
    clock += 1000
    await b.outbox.claimDue('p3', 3)
    clock += 1000
    await b.outbox.applyAnswers(
      'p3',
      [
        { id: delivered!.id, outcome: { kind: 'accepted', providerIds: ['A1'], parts: 1 } },
        { id: failed!.id, outcome: { kind: 'accepted', providerIds: ['B1'], parts: 1 } },
        { id: refused!.id, outcome: { kind: 'rejected', code: 11, reason: 'Invalid destination' } },
      ],
      [],
      POLICY,
    )
    clock += 1000
    await b.outbox.applyAnswers(
      'p3',
      [],
      [
        report('A1', 'delivered', DELIVERED_AT, '1.25'),
        report('B1', 'failed', FAILED_AT, '0.5 KZT'),
      ],
      POLICY,
    )
    clock += 1000
    await b.outbox.cancel(cancelled!.id)
    clock += 1000
    const resent = await b.outbox.resend(cancelled!.id)
    flow = {
      delivered: delivered!,
      failed: failed!,
      refused: refused!,
      cancelled: cancelled!,
      resent,
    }
    await load()
    // SQLite's indexes catch up (its reads find what they do not hold yet all the same).
    await h.searchIndexed()
  }, 60_000)
  afterEach(() => h.close())
  afterAll(() => backend.close())

  it('pages the whole History newest first, by keyset both ways and by position', async () => {
    const all = expected(() => true)
    expect(all.length).toBe(N - LOOKUPS.size + 5)
    expect(await walk({})).toEqual(all)
    expect(await h.count({})).toEqual({ total: all.length, newestId: flow.resent.id })
    // Scrolling up from a page gives the page above it again, newest first.
    const page2 = await h.page({}, { before: all[99]! }, 100)
    expect(page2.map((m) => m.id)).toEqual(all.slice(100, 200))
    const page3 = await h.page({}, { before: page2.at(-1)!.id }, 100)
    expect(await h.page({}, { after: page3[0]!.id }, 100)).toEqual(page2)
    same('page2', page2)

    // A jump lands where the same walk would, across the blocks of ids (lookups not counted).
    const jumps = async () => {
      const total = all.length
      for (const p of [0, 1, 500, 1021, 1022, 1023, 1024, 1500, 2040, 2045, total - 2, total]) {
        const page = await h.page({}, { position: p }, 3)
        expect(
          page.map((m) => m.id),
          `position ${p}`,
        ).toEqual(all.slice(p, p + 3))
      }
    }
    await jumps()

    // Messages arrive while the agent reads: counted, and jumped over, at once.
    clock = T1 + 60_000
    const late = await b.outbox.enqueueAll(
      Array.from({ length: 30 }, (_, i) => ({
        profileId: 'p1',
        sender: 'SHOP',
        phone: `99291${String(i).padStart(7, '0')}`,
        text: `Late arrival ${i}`,
      })),
    )
    await load()
    all.unshift(...late.map((m) => m.id).reverse())
    await jumps()
    expect(await h.count({})).toEqual({ total: all.length, newestId: late.at(-1)!.id })
    await jumps()
  })

  it('filters by state, profile, batch and period, alone and together', async () => {
    const cases: [HistoryFilter, (r: Row) => boolean][] = [
      [{ states: ['failed'] }, (r) => r.state === 'failed'],
      [{ states: ['failed', 'expired'] }, (r) => r.state === 'failed' || r.state === 'expired'],
      [{ profileId: 'p2' }, (r) => r.profile_id === 'p2'],
      [{ batchId: 7 }, (r) => r.batch_id === 7],
      [
        { batchId: null, states: ['accepted'] },
        (r) => r.batch_id === null && r.state === 'accepted',
      ],
      [
        { from: T0 + 600 * 60_000, to: T0 + 900 * 60_000 },
        (r) => r.created_at >= T0 + 600 * 60_000 && r.created_at < T0 + 900 * 60_000,
      ],
      [
        { profileId: 'p1', states: ['delivered'], from: T0 + 1200 * 60_000 },
        (r) =>
          r.profile_id === 'p1' && r.state === 'delivered' && r.created_at >= T0 + 1200 * 60_000,
      ],
      [{ profileId: 'p3', batchId: null }, (r) => r.profile_id === 'p3' && r.batch_id === null],
    ]
    for (const [filter, pred] of cases) {
      const want = expected(pred)
      const label = JSON.stringify(filter)
      expect(want.length, label).toBeGreaterThan(0)
      expect(await h.count(filter), label).toEqual({ total: want.length, newestId: want[0] })
      expect(await walk(filter, 41), label).toEqual(want)
      const p = Math.floor(want.length / 2)
      expect(
        (await h.page(filter, { position: p }, 5)).map((m) => m.id),
        label,
      ).toEqual(want.slice(p, p + 5))
      expect(await h.page(filter, { position: want.length }, 5), label).toEqual([])
      expect(
        (await h.page(filter, { after: want[p]! }, 3)).map((m) => m.id),
        label,
      ).toEqual(want.slice(Math.max(0, p - 3), p))
    }
  })

  it('finds a number whole or in part, text anywhere in any case, and words by their beginnings', async () => {
    const cases: [HistoryFilter, (r: Row) => boolean][] = [
      // A whole number exactly, however it is written; a part of one anywhere in it.
      [{ phone: '+992 900 001 234' }, (r) => r.phone === '992900001234'],
      [{ phone: '00123' }, (r) => r.phone.includes('00123')],
      // Any case, ё as е, in Cyrillic too; % _ and \ are characters, not wildcards.
      [{ text: 'ВЕРЖДЕНИЯ #12' }, (r) => contains(r, 'верждения #12')],
      [{ text: 'ЁЛКА' }, (r) => contains(r, 'елка')],
      [{ text: ' елка в ' }, (r) => contains(r, 'елка в')],
      [{ text: '10%' }, (r) => contains(r, '10%')],
      [{ text: 'r_1' }, (r) => contains(r, 'r_1')],
      [{ text: '%' }, (r) => contains(r, '%')],
      [{ text: 'C:\\d' }, (r) => contains(r, 'c:\\d')],
      [{ text: '_' }, (r) => contains(r, '_')],
      // Words by their beginnings, all of them; a word in parts as its parts in a row.
      [{ search: 'ЗАКАЗ' }, (r) => hasWords(r.text, 'заказ')],
      [{ search: 'зак гот' }, (r) => hasWords(r.text, 'зак гот')],
      [{ search: 'ёлк' }, (r) => hasWords(r.text, 'елк')],
      [{ search: 'e-mail' }, (r) => hasWords(r.text, 'e-mail')],
      [{ search: 'shop.k' }, (r) => hasWords(r.text, 'shop.k')],
      [
        { search: 'order', states: ['failed'] },
        (r) => hasWords(r.text, 'order') && r.state === 'failed',
      ],
      [
        { search: 'скидка 10', text: '#3' },
        (r) => hasWords(r.text, 'скидка 10') && contains(r, '#3'),
      ],
      // Operator characters are searched as words, never run as a query.
      [{ search: 'order" OR "заказ' }, () => false],
      [{ search: '"' }, () => true],
      // The one search box: a number, digits anywhere, fragments in quotes and words.
      [{ query: '+992 90000 1234' }, (r) => r.phone === '992900001234'],
      [{ query: '1234' }, (r) => r.phone.includes('1234') || r.text.includes('1234')],
      [{ query: '"10%"' }, (r) => contains(r, '10%')],
      [{ query: 'заказ "#12"' }, (r) => hasWords(r.text, 'заказ') && contains(r, '#12')],
      [{ query: '«ГОТОВ»' }, (r) => contains(r, 'готов')],
      [{ query: '"5550"' }, (r) => r.phone.includes('5550') || r.text.includes('5550')],
      [{ query: 'ваш "код' }, (r) => hasWords(r.text, 'ваш код')],
    ]
    for (const [filter, pred] of cases) {
      const want = expected(pred)
      const label = JSON.stringify(filter)
      expect(await h.count(filter), label).toEqual({
        total: want.length,
        newestId: want[0] ?? null,
      })
      expect(await walk(filter, 200), label).toEqual(want)
      if (want.length > 3) {
        expect(
          (await h.page(filter, { position: 3 }, 2)).map((m) => m.id),
          label,
        ).toEqual(want.slice(3, 5))
      }
    }
    // What most cases find is more than nothing.
    expect(expected((r) => hasWords(r.text, 'зак гот')).length).toBeGreaterThan(100)
    expect(expected((r) => contains(r, 'елка')).length).toBeGreaterThan(400)

    // A message stored after the indexes caught up is found at once.
    clock = T1 + 120_000
    const late = await b.outbox.enqueue({
      profileId: 'p2',
      sender: 'SHOP',
      phone: '992937770001',
      text: 'Уникальное ПРЕДЛОЖЕНИЕ ёжика',
    })
    for (const filter of [
      { search: 'уникальн предлож' },
      { search: 'ежик' },
      { text: 'ое пред' },
      { phone: '37770' },
      { query: 'ЕЖИК' },
    ]) {
      expect(
        (await h.page(filter, undefined, 10)).map((m) => m.id),
        JSON.stringify(filter),
      ).toEqual([late.id])
    }
  })

  it('exports the filtered set as CSV chunks: BOM and header first, then rows, then nothing', async () => {
    const o = {
      delimiter: ';',
      tzOffsetMinutes: -300,
      lang: 'ru' as const,
      profileNames: { p3: 'Касса' },
    }
    const filter: HistoryFilter = { phone: '2935550' }
    const want = expected((r) => r.phone.includes('2935550'))
    expect(want.length).toBe(5)
    const first = await h.exportChunk(filter, undefined, 2, o)
    expect(first.rows).toBe(2)
    expect(first.nextBefore).toBe(want[1])
    expect(first.csv.startsWith('\uFEFFID;Создано;Изменено;Профиль;')).toBe(true)
    expect(first.csv.split('\r\n')[1]).toMatch(
      new RegExp(`^${want[0]};.*;Касса;;SHOP;992935550004;`),
    )
    const second = await h.exportChunk(filter, first.nextBefore!, 2, o)
    expect(second.csv.startsWith('\uFEFF')).toBe(false)
    const third = await h.exportChunk(filter, second.nextBefore!, 2, o)
    expect(third.rows).toBe(1)
    expect(third.nextBefore).toBeNull()
    expect(third.csv).toContain('Ваш код 1234')
    const end = await h.exportChunk(filter, want.at(-1)!, 2, o)
    expect(end).toEqual({ csv: '', rows: 0, nextBefore: null })
    same('export', [first, second, third])
  })

  it('tells a message’s story: each state with its time, its reports, what it resends', async () => {
    const delivered = await h.detail(flow.delivered.id)
    expect(delivered).toMatchObject({
      message: { id: flow.delivered.id, state: 'delivered', providerIds: ['a1'], profileId: 'p3' },
      createdState: 'queued',
      scheduledAt: null,
      batch: null,
      resendOf: null,
      resentAs: [],
    })
    expect(delivered?.trail.map((s) => [s.from, s.state, s.at, s.profileId])).toEqual([
      ['queued', 'sending', T1 + 1000, 'p3'],
      ['sending', 'accepted', T1 + 2000, 'p3'],
      ['accepted', 'delivered', T1 + 3000, 'p3'],
    ])
    expect(delivered?.receipts).toEqual([
      {
        receivedAt: DELIVERED_AT,
        providerId: expect.stringMatching(/^a1$/i),
        outcome: 'delivered',
        stat: 'DELIVRD',
        err: null,
        reason: null,
        reasonCode: null,
        channel: null,
        price: '1.25',
        prices: null,
        raw: 'id:A1 stat:DELIVRD',
      },
    ])
    expect(await h.receipts(flow.delivered.id)).toEqual(delivered?.receipts)

    const failed = await h.detail(flow.failed.id)
    expect(failed).toMatchObject({
      batch: { id: 9, name: 'Flow' },
      message: { state: 'failed' },
      receipts: [{ outcome: 'failed', reason: 'Absent subscriber', price: '0.5 KZT' }],
    })
    const refused = await h.detail(flow.refused.id)
    expect(refused?.trail.at(-1)).toMatchObject({
      from: 'sending',
      state: 'failed',
      error: expect.stringMatching(/Invalid destination/),
    })
    expect(refused?.receipts).toEqual([])
    const cancelled = await h.detail(flow.cancelled.id)
    expect(cancelled?.trail.map((s) => [s.from, s.state])).toEqual([['queued', 'cancelled']])
    expect(cancelled?.resentAs).toEqual([flow.resent.id])
    const resent = await h.detail(flow.resent.id)
    expect(resent).toMatchObject({ resendOf: flow.cancelled.id, createdState: 'queued', trail: [] })
    // No such message, and an HLR lookup, have no story in History.
    expect(await h.detail(99_999)).toBeNull()
    expect(await h.detail(1030)).toBeNull()
    expect(await h.receipts(99_999)).toEqual([])
    same('details', [delivered, failed, refused, cancelled, resent])
  })

  it('lists batches with their counts, charts one, and counts what it cost', async () => {
    const counts = (pred: (r: Row) => boolean) => {
      const out: Partial<Record<MessageState, number>> = {}
      for (const r of listed.filter(pred)) out[r.state] = (out[r.state] ?? 0) + 1
      return out
    }
    const oneOff = (pred: (r: Row) => boolean) => {
      const of = listed.filter((r) => r.batch_id === null && pred(r))
      return {
        id: null,
        name: '',
        total: of.length,
        createdAt: Math.min(...of.map((r) => r.created_at)),
        counts: counts((r) => r.batch_id === null && pred(r)),
      }
    }
    const batch = (id: number, profileId: string, name: string, createdAt: number) => {
      const of = listed.filter((r) => r.batch_id === id)
      return {
        id,
        name,
        profileId,
        total: of.length,
        createdAt,
        counts: counts((r) => r.batch_id === id),
      }
    }
    const b7 = batch(7, 'p1', 'January promo', T0)
    const b8 = batch(8, 'p2', 'Spring', T0 + 5000)
    const b9 = batch(9, 'p3', 'Flow', T1)
    const all = await h.batches({})
    expect(all).toEqual([{ ...oneOff(() => true), profileId: null }, b9, b8, b7])
    expect(b7.counts.failed).toBeGreaterThan(0)
    const p2 = await h.batches({ profileId: 'p2' })
    expect(p2).toEqual([{ ...oneOff((r) => r.profile_id === 'p2'), profileId: 'p2' }, b8])
    const since = await h.batches({ from: T1, limit: 1 })
    expect(since).toEqual([{ ...oneOff((r) => r.created_at >= T1), profileId: null }, b9])
    expect(await h.batches({ from: T1 + 3_600_000 })).toEqual([])
    expect(await h.batchCounts(7)).toEqual(b7.counts)
    expect(await h.batchCounts(99)).toEqual({})
    same('batches', [all, p2, since])

    // Batch 7: settled when it was updated (no reports), one a minute since it started.
    const finals = listed.filter(
      (r) => r.batch_id === 7 && ['delivered', 'failed', 'expired'].includes(r.state),
    )
    const chart = await h.batchDetail(7, {})
    expect(chart.startedAt).toBe(T0)
    expect(chart.total).toBe(b7.total)
    expect(chart.series).toEqual(
      finals.map((r) => ({
        minute: Math.floor((r.updated_at - T0) / 60_000),
        delivered: r.state === 'delivered' ? 1 : 0,
        failed: r.state === 'failed' ? 1 : 0,
        expired: r.state === 'expired' ? 1 : 0,
      })),
    )
    const reasons = new Map<string, number>()
    for (const r of finals) if (r.error) reasons.set(r.error, (reasons.get(r.error) ?? 0) + 1)
    expect(chart.reasons.map((r) => [r.error, r.count]).sort()).toEqual([...reasons].sort())
    expect(chart.reasons.map((r) => r.count)).toEqual([...reasons.values()].sort((x, y) => y - x))
    expect(chart.spent).toBeNull()

    // Batch 9: settled by its report, 30 minutes in; what the report charged ("0.5 KZT": 0.5).
    expect(await h.batchDetail(9, {})).toEqual({
      startedAt: T1,
      total: 1,
      series: [{ minute: 30, delivered: 0, failed: 1, expired: 0 }],
      reasons: [
        {
          error: expect.stringMatching(/Absent subscriber|UNDELIV/),
          errorCode: expect.any(String),
          count: 1,
        },
      ],
      spent: 0.5,
    })
    // One-off messages of a period: from the first of them.
    const flowOneOff = await h.batchDetail(null, { from: T1 })
    expect(flowOneOff).toMatchObject({
      startedAt: T1,
      total: 4,
      series: [
        { minute: 0, delivered: 0, failed: 1, expired: 0 },
        { minute: (DELIVERED_AT - T1) / 60_000, delivered: 1, failed: 0, expired: 0 },
      ],
      reasons: [{ error: expect.stringMatching(/Invalid destination/), count: 1 }],
      spent: null,
    })
    expect(await h.batchDetail(99, {})).toEqual({
      startedAt: null,
      total: 0,
      series: [],
      reasons: [],
    })
    same('charts', [chart, await h.batchDetail(9, {}), flowOneOff])
  })

  it('counts spend and trends by day in the operator’s time', async () => {
    expect(await h.spend({ tzOffsetMinutes: 0 })).toEqual([
      { day: '2024-01-03', profileId: 'p3', amount: 1.75, messages: 2 },
    ])
    // In UTC+5 the delivered one's report came the next day.
    expect(await h.spend({ tzOffsetMinutes: -300 })).toEqual([
      { day: '2024-01-04', profileId: 'p3', amount: 1.25, messages: 1 },
      { day: '2024-01-03', profileId: 'p3', amount: 0.5, messages: 1 },
    ])
    expect(await h.spend({ tzOffsetMinutes: -300, from: DELIVERED_AT })).toHaveLength(1)
    expect(await h.spend({ tzOffsetMinutes: 0, profileId: 'p1' })).toEqual([])

    for (const [tz, q] of [
      [0, {}],
      [-300, {}],
      [240, { profileId: 'p2' }],
      [-300, { from: T0 + 1000 * 60_000, to: T1 + 1 }],
    ] as const) {
      const of = listed.filter(
        (r) =>
          (!('profileId' in q) || r.profile_id === q.profileId) &&
          (!('from' in q) || (r.created_at >= q.from && r.created_at < q.to)),
      )
      const days = new Map<
        string,
        { day: string; profileId: string; sent: number; delivered: number; failed: number }
      >()
      const reasons = new Map<
        string,
        { day: string; error: string; errorCode: string | null; count: number }
      >()
      const prefixes = new Map<
        string,
        { prefix: string; sent: number; delivered: number; failed: number }
      >()
      for (const r of of) {
        const day = dayOf(r.created_at, tz)
        const failed = r.state === 'failed' || r.state === 'expired' ? 1 : 0
        const delivered = r.state === 'delivered' ? 1 : 0
        const d = days.get(`${day} ${r.profile_id}`) ?? {
          day,
          profileId: r.profile_id,
          sent: 0,
          delivered: 0,
          failed: 0,
        }
        days.set(`${day} ${r.profile_id}`, {
          ...d,
          sent: d.sent + 1,
          delivered: d.delivered + delivered,
          failed: d.failed + failed,
        })
        const prefix = r.phone.slice(0, 7)
        const p = prefixes.get(prefix) ?? { prefix, sent: 0, delivered: 0, failed: 0 }
        prefixes.set(prefix, {
          ...p,
          sent: p.sent + 1,
          delivered: p.delivered + delivered,
          failed: p.failed + failed,
        })
        if (failed && r.error !== null) {
          const k = `${day} ${r.error}`
          const e = reasons.get(k) ?? { day, error: r.error, errorCode: r.error_code, count: 0 }
          reasons.set(k, { ...e, count: e.count + 1 })
        }
      }
      const byKey = <T>(m: Map<string, T>) =>
        [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v)
      const trends = await h.trends({ tzOffsetMinutes: tz, ...q })
      const label = `trends ${tz} ${JSON.stringify(q)}`
      expect(trends.days, label).toEqual(byKey(days))
      expect(trends.reasons, label).toEqual(byKey(reasons))
      expect(trends.prefixes, label).toEqual([...prefixes.values()].sort((x, y) => y.sent - x.sent))
      expect(trends.days.length, label).toBeGreaterThan(1)
      same(label, trends)
    }
  })

  it('says where its reads run and that its indexes hold every message', async () => {
    expect(h.where).toBe(backend.name === 'SQLite' ? 'main' : 'database')
    const marks = await h.searchIndexed()
    expect(marks).toEqual({ words: N + 5, blocks: N + 5, trigrams: N + 5 })
  })
})
