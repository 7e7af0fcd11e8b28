// HLR lookups travel through the outbox as messages whose text is `__HLR__` (so each goes out
// exactly once), but they are HLR lookup's alone: on real SQLite files, no History page, count,
// jump, search or export, no Delivery reports count or chart, no Compose list and no price
// estimate includes them, whether the search indexes have caught up or not; and a database whose
// indexes held them before (migration 14) loses them from those indexes without damage.
import { expect, it } from 'vitest'
import type { Db } from '../../src/main/core/db/database'
import { whereOf } from '../../src/main/core/history/query'
import { SearchIndexer } from '../../src/main/core/history/search-index'
import { HistoryStore } from '../../src/main/core/history/store'
import { Outbox } from '../../src/main/core/outbox/outbox'
import { PriceStore } from '../../src/main/core/outbox/prices'
import type { HistoryFilter } from '../../src/shared/calls/history'
import { HLR_TEXT, isHlrLookup } from '../../src/shared/constants'
import { historyDb, historyMessage, storeAsOlderVersion } from '../helpers/history-db'
import { scratchPerTest } from '../helpers/scratch'

const scratch = scratchPerTest('lookups-not-messages')

const open = (file?: string, upTo?: number) => historyDb(scratch, file, upTo)
const msg = historyMessage
const texts = (from: number, n: number) =>
  Array.from({ length: n }, (_, k) =>
    msg(from + k, k % 3 === 0 ? `Ваш заказ ${from + k} готов` : `Code ${from + k}: HL R`),
  )
const lookups = (from: number, n: number) =>
  Array.from({ length: n }, (_, k) => msg(from + k, HLR_TEXT))

/**
 * An index is sound (FTS5's own check of its structure) and holds exactly the messages up to
 * its mark that are not lookups (its rows as its vocabulary lists them: for an index over
 * external content, a plain SELECT would read the messages table instead).
 */
function check(db: Db, table: 'messages_fts' | 'messages_trigrams'): void {
  db.exec(`INSERT INTO ${table}(${table}, rank) VALUES ('integrity-check', 0)`)
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${table}_rows
    USING fts5vocab(main, ${table}, 'instance')`)
  const key = table === 'messages_fts' ? 'indexed_words' : 'indexed_trigrams'
  const held = db.prepare(`SELECT DISTINCT doc FROM temp.${table}_rows ORDER BY doc`).pluck().all()
  const wanted = db
    .prepare(
      `SELECT id FROM messages WHERE text <> ?
        AND id <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?) ORDER BY id`,
    )
    .pluck()
    .all(HLR_TEXT, key)
  expect(held, table).toEqual(wanted)
}

/** The plain-SQL answer: every filter but search as SQL over the messages that are not lookups. */
function plain(db: Db, filter: HistoryFilter): number[] {
  const w = whereOf(filter)
  const where = ['m.text <> ?', ...w.clauses, ...w.exact].join(' AND ')
  return (
    db
      .prepare(`SELECT m.id FROM messages m WHERE ${where} ORDER BY m.id DESC`)
      .all(HLR_TEXT, w.params) as { id: number }[]
  ).map((r) => r.id)
}

const lookupIds = (db: Db) =>
  new Set(
    (db.prepare('SELECT id FROM messages WHERE text = ?').all(HLR_TEXT) as { id: number }[]).map(
      (r) => r.id,
    ),
  )

/** Lookups among messages: scattered singles, a run (a pasted column), and some newest of all. */
function fill(outbox: Outbox, from: number): void {
  outbox.enqueueMany([...texts(from, 300), ...lookups(from + 10_000, 1)])
  outbox.enqueueMany([...texts(from + 300, 400), ...lookups(from + 20_000, 60)])
  outbox.enqueueMany([...texts(from + 700, 500), ...lookups(from + 30_000, 2)])
}

const FILTERS: HistoryFilter[] = [
  {},
  { states: ['failed'] },
  { states: ['failed', 'delivered'] },
  { profileId: 'sandbox' },
  { batchId: null },
  { phone: '99290' },
  { phone: '0002' },
  { text: 'HL' },
  { text: '__' },
  { text: 'заказ' },
  { query: '"code" "HL"' },
  { query: '"ЗАКАЗ 1"' },
  { query: '0002' },
]

function expectNoLookups(db: Db, store: HistoryStore): void {
  const hidden = lookupIds(db)
  expect(hidden.size).toBeGreaterThan(60)
  for (const f of FILTERS) {
    const all = plain(db, f)
    const name = JSON.stringify(f)
    expect(store.count(f), name).toEqual({ total: all.length, newestId: all[0] ?? null })
    const paged: number[] = []
    let before: number | undefined
    for (;;) {
      const rows = store.page(f, before === undefined ? undefined : { before }, 97)
      paged.push(...rows.map((m) => m.id))
      if (rows.length < 97) break
      before = rows.at(-1)?.id
    }
    expect(paged, name).toEqual(all)
    for (const p of [0, 1, 299, 300, 301, 700, 1023, 1024, all.length - 2, all.length]) {
      expect(
        store.page(f, { position: p }, 4).map((m) => m.id),
        `${name} at ${p}`,
      ).toEqual(all.slice(p, p + 4))
    }
    const csv = store.exportChunk(f, undefined, 100_000, {
      delimiter: ';',
      tzOffsetMinutes: 0,
      lang: 'en',
      profileNames: {},
    })
    expect(csv.rows, name).toBe(all.length)
    expect(csv.csv, name).not.toContain(HLR_TEXT)
  }
  // Words: the lookups' text would be the word "hlr".
  expect(store.count({ search: 'HLR' })).toEqual({ total: 0, newestId: null })
  expect(store.page({ search: 'HLR' }, undefined, 10)).toEqual([])
  const found = store.page({ search: 'заказ' }, undefined, 100_000)
  expect(found.length).toBe(store.count({ search: 'заказ' }).total)
  expect(found.length).toBe(plain(db, { text: 'заказ' }).length)
  expect(found.some((m) => hidden.has(m.id))).toBe(false)
}

it('History lists, counts, jumps to, searches and exports messages only, indexed or not', () => {
  const db = open()
  const outbox = new Outbox(db)
  fill(outbox, 1)
  db.exec(`UPDATE messages SET state = CASE id % 5 WHEN 0 THEN 'failed' ELSE 'delivered' END`)
  const store = new HistoryStore(db)
  // Nothing indexed yet: every row is read directly.
  expectNoLookups(db, store)
  const indexer = new SearchIndexer(db)
  indexer.catchUp()
  check(db, 'messages_fts')
  check(db, 'messages_trigrams')
  expectNoLookups(db, store)
  // More above the marks, and deletions of indexed lookups and messages alike.
  fill(outbox, 5_000)
  db.exec(`DELETE FROM messages WHERE id IN (3, 301, 330, 1261, 1262)`)
  expectNoLookups(db, store)
  indexer.catchUp()
  check(db, 'messages_fts')
  check(db, 'messages_trigrams')
  expectNoLookups(db, store)
})

it('Delivery reports, Compose and the price estimate leave the lookups out', () => {
  const db = open()
  const outbox = new Outbox(db)
  outbox.enqueueMany([...texts(1, 9), ...lookups(100, 6)])
  const store = new HistoryStore(db)
  const oneOff = store.batches({}).find((b) => b.id === null)
  expect(oneOff?.total).toBe(9)
  expect(oneOff?.counts).toEqual({ queued: 9 })
  expect(store.batchDetail(null, {}).total).toBe(9)
  const recent = outbox.recent(100)
  expect(recent).toHaveLength(9)
  expect(recent.some(isHlrLookup)).toBe(false)

  // A lookup's report states the lookup's price, not a message part's.
  const receipt = db.prepare(`INSERT INTO delivery_receipts (profile_id, provider_id, message_id,
    outcome, stat, raw, received_at, price) VALUES ('sandbox', ?, ?, 'delivered', 'DELIVRD', '', 0, ?)`)
  for (const m of db.prepare('SELECT id, text FROM messages').all() as {
    id: number
    text: string
  }[]) {
    receipt.run(`p${m.id}`, m.id, m.text === HLR_TEXT ? '5.00' : '0.50')
  }
  expect(new PriceStore(db).recentPartPrice('sandbox')).toEqual({ perPart: 0.5, sample: 9 })
})

it('a database whose indexes held lookups loses them from every index, undamaged', () => {
  const file = 'older.db'
  let db = open(file, 13)
  storeAsOlderVersion(db, [...texts(1, 500), ...lookups(1_000, 30), ...texts(501, 100)])
  // As that version's indexer left it: every row in every index, its marks at the newest.
  db.exec(`INSERT INTO messages_fts (rowid, text) SELECT id, text FROM messages;
    INSERT INTO messages_trigrams (rowid, text, phone) SELECT id, text, phone FROM messages;
    INSERT INTO message_blocks (block, n) SELECT id >> 10, COUNT(*) FROM messages GROUP BY 1;
    UPDATE meta SET value = (SELECT MAX(id) FROM messages)
      WHERE key IN ('indexed_words', 'indexed_trigrams', 'indexed_blocks');`)
  db.close()

  db = open(file)
  check(db, 'messages_fts')
  check(db, 'messages_trigrams')
  const blocks = db.prepare('SELECT SUM(n) AS n FROM message_blocks').get() as { n: number }
  expect(blocks.n).toBe(600)
  const store = new HistoryStore(db)
  expect(store.count({})).toEqual({ total: 600, newestId: plain(db, {})[0] })
  expect(store.count({ search: 'HLR' }).total).toBe(0)
  expect(store.count({ text: '__HLR' }).total).toBe(0)
  // The triggers now leave the indexes alone for a lookup, and keep them for a message.
  db.exec(`DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE text = '${HLR_TEXT}'
    LIMIT 5) OR id IN (7, 8)`)
  check(db, 'messages_fts')
  check(db, 'messages_trigrams')
  expect(store.count({}).total).toBe(598)
  expect(store.page({}, { position: 597 }, 5).map((m) => m.id)).toEqual(plain(db, {}).slice(597))
})
