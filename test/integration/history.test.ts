// History and delivery reports: the store on a real SQLite file with 100k seeded messages,
// then the calls through the whole core with the sandbox (check status on a real simulator).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src/main/core/db/database'
import { HistoryStore } from '../../src/main/core/history/store'
import { Outbox, steadyPolls, type NewMessage } from '../../src/main/core/outbox/outbox'
import { ProfileStore } from '../../src/main/core/profiles/profiles'
import type { HistoryFilter } from '../../src/shared/calls/history'
import type { MessageState } from '../../src/shared/contract'
import { testCore } from '../helpers/test-core'
import { waitFor } from '../helpers/wait'
import { sandboxProfiles } from '../../src/main/core/profiles/input'

const N = 100_000
const STATES: MessageState[] = ['delivered', 'delivered', 'delivered', 'failed', 'accepted']
const WORDS = ['заказ готов', 'код подтверждения', 'order shipped', 'скидка 10%', 'reminder_1']
const PROFILES = ['sandbox', 'sandbox-osonsms']
const T0 = Date.UTC(2024, 0, 1)

interface Seed {
  id: number
  phone: string
  text: string
  state: MessageState
  profileId: string
  batchId: number | null
  createdAt: number
}

describe('history store over 100k messages', () => {
  let dir: string
  let db: Db
  let store: HistoryStore
  let outbox: Outbox
  const seeds: Seed[] = []

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'history-'))
    db = openDatabase(join(dir, 'console.db'))
    new ProfileStore(db).ensureSandbox(sandboxProfiles())
    let now = T0
    outbox = new Outbox(db, { now: () => now })
    db.prepare(
      `INSERT INTO batches (id, profile_id, name, total, created_at) VALUES (7, 'sandbox', 'January promo', 0, ?)`,
    ).run(T0)
    const batch: NewMessage[] = []
    for (let i = 1; i <= N; i++) {
      const seed: Seed = {
        id: i,
        phone: `99290${String(i).padStart(7, '0')}`,
        text: `${WORDS[i % WORDS.length]} #${i}`,
        state: STATES[i % STATES.length] as MessageState,
        profileId: PROFILES[i % 2] as string,
        batchId: i % 7 === 0 ? 7 : null,
        createdAt: T0 + i * 1000,
      }
      seeds.push(seed)
      batch.push({
        profileId: seed.profileId,
        sender: 'InfoDesk',
        phone: seed.phone,
        text: seed.text,
        batchId: seed.batchId,
        priority: 1,
      })
    }
    now = T0 + (N + 1) * 1000
    outbox.enqueueMany(batch)
    // Test fixture: the states the dispatcher would have reached, one second apart.
    const set = db.prepare('UPDATE messages SET state = ?, error = ?, created_at = ? WHERE id = ?')
    db.transaction(() => {
      for (const s of seeds)
        set.run(
          s.state,
          s.state === 'failed' ? `Delivery report UNDELIV (error 00${s.id % 3})` : null,
          s.createdAt,
          s.id,
        )
    })()
    store = new HistoryStore(db)
  }, 120_000)

  afterAll(() => {
    db?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const expected = (pred: (s: Seed) => boolean) =>
    seeds
      .filter(pred)
      .map((s) => s.id)
      .reverse()

  const walk = (filter: HistoryFilter, limit = 500): number[] => {
    const ids: number[] = []
    let before: number | undefined
    for (;;) {
      const rows = store.page(filter, before === undefined ? undefined : { before }, limit)
      ids.push(...rows.map((r) => r.id))
      if (rows.length < limit) return ids
      before = rows.at(-1)?.id
    }
  }

  it('pages the whole table newest first with no gaps or repeats', () => {
    const first = store.page({}, undefined, 100)
    expect(first.map((r) => r.id)).toEqual(expected(() => true).slice(0, 100))
    expect(first[0]).toMatchObject({
      id: N,
      phone: seeds[N - 1]?.phone,
      state: seeds[N - 1]?.state,
    })
    expect(store.count({})).toEqual({ total: N, newestId: N })
    const all = walk({}, 500)
    expect(all.length).toBe(N)
    expect(new Set(all).size).toBe(N)
    expect(all).toEqual(expected(() => true))
  })

  it('filters by status, profile, batch and date range, alone and together', () => {
    const cases: [HistoryFilter, (s: Seed) => boolean][] = [
      [{ states: ['failed'] }, (s) => s.state === 'failed'],
      [{ states: ['failed', 'accepted'] }, (s) => s.state === 'failed' || s.state === 'accepted'],
      [{ profileId: 'sandbox-osonsms' }, (s) => s.profileId === 'sandbox-osonsms'],
      [{ batchId: 7 }, (s) => s.batchId === 7],
      [
        { batchId: null, states: ['accepted'] },
        (s) => s.batchId === null && s.state === 'accepted',
      ],
      [
        { from: T0 + 50_000_000, to: T0 + 50_010_000 },
        (s) => s.createdAt >= T0 + 50_000_000 && s.createdAt < T0 + 50_010_000,
      ],
      [
        { profileId: 'sandbox', states: ['delivered'], from: T0 + 90_000_000 },
        (s) =>
          s.profileId === 'sandbox' && s.state === 'delivered' && s.createdAt >= T0 + 90_000_000,
      ],
    ]
    for (const [filter, pred] of cases) {
      const want = expected(pred)
      expect(want.length).toBeGreaterThan(0)
      expect(store.count(filter).total, JSON.stringify(filter)).toBe(want.length)
      expect(walk(filter, 499), JSON.stringify(filter)).toEqual(want)
    }
  })

  it('finds a whole phone number exactly and a part of one anywhere in it', () => {
    const phone = seeds[41_999]?.phone as string
    expect(
      store
        .page({ phone: `+${phone.slice(0, 3)} ${phone.slice(3)}` }, undefined, 50)
        .map((r) => r.id),
    ).toEqual([42_000])
    const part = walk({ phone: '0012345' })
    expect(part).toEqual(expected((s) => s.phone.includes('0012345')))
    expect(part.length).toBeGreaterThan(0)
  })

  it('filters by a substring of the text and searches words by their beginnings', () => {
    // Any case, in Cyrillic too.
    expect(walk({ text: 'ВЕРЖДЕНИЯ #9999' })).toEqual(
      expected((s) => s.text.includes('верждения #9999')),
    )
    expect(walk({ text: 'дтверждения #9999' })).toEqual(
      expected((s) => s.text.includes('дтверждения #9999')),
    )
    // % and _ are literal characters in a text filter, not wildcards.
    expect(store.count({ text: '10%' }).total).toBe(expected((s) => s.text.includes('10%')).length)
    expect(store.count({ text: 'r_1' }).total).toBe(expected((s) => s.text.includes('r_1')).length)
    expect(store.count({ text: '%' }).total).toBe(expected((s) => s.text.includes('%')).length)

    const search = expected((s) => s.text.startsWith('заказ готов'))
    expect(store.count({ search: 'ЗАКАЗ' }).total).toBe(search.length)
    expect(walk({ search: 'зак гот' }, 500)).toEqual(search)
    expect(walk({ search: 'order', states: ['failed'] })).toEqual(
      expected((s) => s.text.startsWith('order') && s.state === 'failed'),
    )
    // Operator characters are searched as words, never run as a query.
    expect(store.count({ search: 'order" OR "заказ' }).total).toBe(0)
    expect(store.count({ search: '"' }).total).toBe(N)
  })

  it('keeps pages stable while messages arrive, and pages back up by keyset', () => {
    const filter: HistoryFilter = { states: ['queued', 'delivered'] }
    const page1 = store.page(filter, undefined, 200)
    const page2 = store.page(filter, { before: page1.at(-1)?.id as number }, 200)
    // New messages arrive (queued: they match the filter) while the agent reads.
    outbox.enqueueMany(
      Array.from({ length: 300 }, (_, i) => ({
        profileId: 'sandbox',
        sender: 'InfoDesk',
        phone: `99291${String(i).padStart(7, '0')}`,
        text: `late arrival ${i}`,
      })),
    )
    const page3 = store.page(filter, { before: page2.at(-1)?.id as number }, 200)
    const want = expected((s) => s.state === 'delivered')
    expect([...page1, ...page2, ...page3].map((r) => r.id)).toEqual(want.slice(0, 600))
    // Scrolling up from page 3 gives page 2 again, newest first.
    expect(store.page(filter, { after: page3[0]?.id as number }, 200)).toEqual(page2)
    // A scrollbar jump lands where the same walk would, counting the rows that arrived since.
    expect(store.page(filter, { position: 700 }, 200).map((r) => r.id)).toEqual(
      page3.map((r) => r.id),
    )
    expect(store.count(filter).total).toBe(want.length + 300)
  })

  it('counts batches by state and charts a batch from its receipts', () => {
    const batches = store.batches({})
    const promo = batches.find((b) => b.id === 7)
    const inBatch = seeds.filter((s) => s.batchId === 7)
    expect(promo).toMatchObject({
      name: 'January promo',
      profileId: 'sandbox',
      total: inBatch.length,
    })
    expect(promo?.counts.failed ?? 0).toBeGreaterThan(0)
    expect(promo?.counts.failed).toBe(inBatch.filter((s) => s.state === 'failed').length)
    expect(promo?.counts.delivered).toBe(inBatch.filter((s) => s.state === 'delivered').length)
    const oneOff = batches.find((b) => b.id === null)
    expect(oneOff?.total).toBe(N - inBatch.length + 300)

    const detail = store.batchDetail(7, {})
    expect(detail.total).toBe(inBatch.length)
    expect(detail.startedAt).toBe(T0)
    const sum = (k: 'delivered' | 'failed' | 'expired') =>
      detail.series.reduce((n, p) => n + p[k], 0)
    expect(sum('delivered')).toBe(promo?.counts.delivered)
    expect(sum('failed')).toBe(promo?.counts.failed)
    expect(detail.reasons.reduce((n, r) => n + r.count, 0)).toBe(promo?.counts.failed)
    expect(detail.reasons[0]?.error).toMatch(/^Delivery report UNDELIV/)
  })

  it('exports the filtered set as CSV chunks with a BOM, a header and quoted fields', () => {
    const tricky = outbox.enqueue({
      profileId: 'sandbox',
      sender: 'Shop; Ltd',
      phone: '992935550101',
      text: 'Привет, "друг"\nвторая строка; =1+1',
      idempotencyKey: 'tricky-export-row',
    })
    const plain = outbox.enqueue({
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phone: '992935550102',
      text: '=HYPERLINK("x")',
      idempotencyKey: 'formula-export-row',
    })
    const o = {
      delimiter: ';',
      tzOffsetMinutes: -300,
      lang: 'ru' as const,
      profileNames: { sandbox: 'Песочница' },
    }
    const filter: HistoryFilter = { phone: '2935550' }
    const first = store.exportChunk(filter, undefined, 1, o)
    expect(first.rows).toBe(1)
    expect(first.nextBefore).toBe(plain.id)
    expect(first.csv.startsWith('\uFEFFID;Создано;Изменено;Профиль;')).toBe(true)
    const local = new Date(plain.createdAt + 300 * 60_000)
      .toISOString()
      .replace('T', ' ')
      .slice(0, 19)
    expect(first.csv.split('\r\n')[1]).toBe(
      `${plain.id};${local};${local};Песочница;;InfoDesk;992935550102;"'=HYPERLINK(""x"")";GSM-7;1;В очереди;;`,
    )
    const second = store.exportChunk(filter, first.nextBefore as number, 1, o)
    expect(second.csv.startsWith('\uFEFF')).toBe(false)
    expect(second.csv).toBe(
      `${tricky.id};${local};${local};Песочница;;"Shop; Ltd";992935550101;"Привет, ""друг""\nвторая строка; =1+1";UCS-2;1;В очереди;;\r\n`,
    )
    const third = store.exportChunk(filter, tricky.id, 1, o)
    expect(third).toEqual({ csv: '', rows: 0, nextBefore: null })
    // Comma-separated: the comma now needs quoting, the semicolon does not.
    const comma = store.exportChunk({ phone: '992935550101' }, undefined, 10, {
      ...o,
      delimiter: ',',
      lang: 'en',
    })
    expect(comma.csv).toContain(
      ',Shop; Ltd,992935550101,"Привет, ""друг""\nвторая строка; =1+1",UCS-2,1,queued,,',
    )
    expect(comma.nextBefore).toBeNull()
  })
})

// ─── through the core ─────────────────────────────────────────────────────────

describe('history and reports calls through the core', () => {
  const t = testCore({
    sandbox: {
      smpp: { receiptDelayMs: 20 },
      'smsc-http': { operatorAfterMs: 10, finalAfterMs: 50 },
    },
    dispatcher: { pollTickMs: 20, policy: { pollAfterMs: 30, polls: steadyPolls(40) } },
  })
  const { call, latest, updatesOf } = t

  it('refuses a bad filter with the field named', async () => {
    const reply = await t.core.handle('history.page', {
      filter: { phone: 'abc', from: 10, to: 5 },
      limit: 10,
    })
    expect(reply.ok).toBe(false)
    if (!reply.ok) {
      expect(reply.error.code).toBe('BAD_REQUEST')
      expect(reply.error.message).toMatch(/filter\.phone/)
    }
    const big = await t.core.handle('history.exportCsv', {
      filter: {},
      limit: 50_000,
      delimiter: ';',
      tzOffsetMinutes: 0,
      lang: 'en',
    })
    expect(big.ok).toBe(false)
  })

  it('lists sent messages, one-offs in reports, and the failure reason of a number ending 00', async () => {
    const ok = await call('messages.send', {
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phone: '992901110001',
      text: 'Добрый день',
    })
    const bad = await call('messages.send', {
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phone: '992901110000',
      text: 'Will fail',
    })
    await waitFor(
      () => latest(ok.id)?.state === 'delivered' && latest(bad.id)?.state === 'failed',
      'settled',
    )
    const page = await call('history.page', { filter: { search: 'добрый' }, limit: 10 })
    expect(page.rows.map((r) => r.id)).toEqual([ok.id])
    const failed = await call('history.page', { filter: { states: ['failed'] }, limit: 10 })
    expect(failed.rows.map((r) => r.id)).toEqual([bad.id])
    expect(failed.rows[0]?.error).toMatch(/UNDELIV/)
    const batches = await call('reports.batches', {})
    expect(batches[0]).toMatchObject({ id: null, total: 2, counts: { delivered: 1, failed: 1 } })
    const detail = await call('reports.batch', { batchId: null })
    expect(detail.series.reduce((n, p) => n + p.delivered + p.failed, 0)).toBe(2)
    expect(detail.series.every((p) => Number.isInteger(p.minute))).toBe(true)
    expect(detail.reasons).toEqual([
      { error: failed.rows[0]?.error, errorCode: 'smpp:stat:UNDELIV', count: 1 },
    ])
  })

  it('checks an uncertain message with an HTTP provider and settles it from the answer', async () => {
    const m = await call('messages.send', {
      profileId: 'sandbox-smsc',
      sender: 'InfoDesk',
      phone: '79031234567',
      text: 'Was it sent?',
    })
    await waitFor(() => latest(m.id)?.state === 'delivered', 'delivered through SMSC')
    // Its answer lost: the row as the outbox leaves it after a submit with no reply.
    const side = new Database(join(t.dir, 'console.db'))
    side
      .prepare(
        `UPDATE messages SET state = 'uncertain', provider_ids = '[]', next_poll_at = NULL WHERE id = ?`,
      )
      .run(m.id)
    side.prepare('DELETE FROM message_provider_ids WHERE message_id = ?').run(m.id)
    side.close()
    const uncertain = await call('history.page', { filter: { states: ['uncertain'] }, limit: 10 })
    expect(uncertain.rows.map((r) => r.id)).toEqual([m.id])

    const pushedBefore = updatesOf(m.id).length
    const checked = await call('reports.checkStatus', { id: m.id })
    expect(checked.outcome).toBe('updated')
    expect(checked.message.state).toBe('delivered')
    expect(checked.message.providerIds.length).toBe(1)
    // The settled row is pushed to every window, as the dispatcher's changes are.
    expect(updatesOf(m.id).slice(pushedBefore)).toEqual([checked.message])

    // Once final there is nothing to ask.
    const again = await t.core.handle('reports.checkStatus', { id: m.id })
    expect(again.ok ? null : again.error.code).toBe('CONFLICT')
  })

  it('asks an SMPP SMSC with query_sm, and says so when a message has no id to ask by', async () => {
    const m = await call('messages.send', {
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phone: '992901110002',
      text: 'SMPP one',
    })
    await waitFor(() => latest(m.id)?.state === 'delivered', 'delivered')
    const lost = await call('messages.send', {
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phone: '992901110003',
      text: 'SMPP two',
    })
    await waitFor(() => latest(lost.id)?.state === 'delivered', 'delivered')
    // As a submit whose answer was lost leaves them: one still knows its SMSC id, one does not.
    const side = new Database(join(t.dir, 'console.db'))
    side.prepare(`UPDATE messages SET state = 'uncertain' WHERE id = ?`).run(m.id)
    side
      .prepare(`UPDATE messages SET state = 'uncertain', provider_ids = '[]' WHERE id = ?`)
      .run(lost.id)
    side.close()
    const checked = await call('reports.checkStatus', { id: m.id })
    expect(checked.message.state).toBe('delivered')
    expect(checked.outcome).toBe('updated')
    const reply = await t.core.handle('reports.checkStatus', { id: lost.id })
    expect(reply.ok).toBe(false)
    if (!reply.ok) {
      expect(reply.error.code).toBe('UNAVAILABLE')
      expect(reply.error.phrase?.id).toBe('check.noId')
    }
    const missing = await t.core.handle('reports.checkStatus', { id: 999_999 })
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND')
  })
})
