// History's search indexes, kept in the background on a real SQLite file: what the outbox stores
// is found at once (the rows above each index's mark are read directly) and indexed once when
// the indexer catches up; "contains" through the trigram index answers what LIKE answers; a jump
// to a position lands where OFFSET does, with filters, rows not yet indexed and deleted rows.
import { expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src/main/core/db/database'
import { ftsQuery, whereOf } from '../../src/main/core/history/query'
import { openHistoryReader } from '../../src/main/core/history/reader'
import { SearchIndexer } from '../../src/main/core/history/search-index'
import { HistoryStore } from '../../src/main/core/history/store'
import { Outbox } from '../../src/main/core/outbox/outbox'
import type { HistoryFilter } from '../../src/shared/calls/history'
import { historyDb, historyMessage } from '../helpers/history-db'
import { scratchPerTest } from '../helpers/scratch'

const scratch = scratchPerTest('history-index')

const open = (file?: string, upTo?: number) => historyDb(scratch, file, upTo)
const msg = historyMessage

const TEXTS = [
  'Ваш ЗАКАЗ %d готов',
  'Order %d shipped, 50% off_next',
  'Код подтверждения: %d',
  'Скидка 10% до пятницы "%d"',
  'ёлка %d',
]
const texts = (from: number, n: number) =>
  Array.from({ length: n }, (_, k) => {
    const i = from + k
    return msg(i, (TEXTS[i % TEXTS.length] ?? '').replace('%d', String(i)))
  })

/** FTS5 compares an index with the messages: a row missing, or indexed twice, throws. */
const check = (db: Db, table: 'messages_fts' | 'messages_trigrams') =>
  db.exec(`INSERT INTO ${table}(${table}, rank) VALUES ('integrity-check', 1)`)
const inIndex = (db: Db, word: string) =>
  (
    db
      .prepare('SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid')
      .all(word) as { id: number }[]
  ).map((r) => r.id)

/** The plain-SQL answer: every filter but search as SQL, OFFSET for a position. */
function plain(db: Db, filter: HistoryFilter, position = 0, limit = 1_000_000): number[] {
  const w = whereOf(filter)
  const all = [...w.clauses, ...w.exact]
  const where = all.length ? `WHERE ${all.join(' AND ')}` : ''
  return (
    db
      .prepare(`SELECT m.id FROM messages m ${where} ORDER BY m.id DESC LIMIT ? OFFSET ?`)
      .all({ ...w.params }, limit, position) as { id: number }[]
  ).map((r) => r.id)
}

it('finds what the outbox stores at once, and indexes it once in the background', () => {
  const db = open()
  const outbox = new Outbox(db)
  const one = outbox.enqueue({ ...msg(1, 'Заказ 1 готов'), idempotencyKey: 'k1' })
  // The same key again: nothing new stored, nothing indexed twice.
  outbox.enqueue({ ...msg(1, 'Заказ 1 готов'), idempotencyKey: 'k1' })
  outbox.enqueueMany([
    { ...msg(2, 'Заказ 2 готов'), idempotencyKey: 'k2' },
    { ...msg(3, 'Order 3 is ready'), idempotencyKey: 'k3' },
    { ...msg(1, 'Заказ 1 готов'), idempotencyKey: 'k1' },
  ])
  const store = new HistoryStore(db)
  // Nothing indexed yet: the outbox leaves that to the indexer, and searches still find it all.
  expect(inIndex(db, 'заказ')).toEqual([])
  expect(store.page({ search: 'заказ' }, undefined, 10).map((m) => m.id)).toEqual([
    one.id + 1,
    one.id,
  ])
  expect(store.count({ search: 'read' })).toEqual({ total: 1, newestId: one.id + 2 })
  expect(store.page({ text: 'is rea' }, undefined, 10).map((m) => m.id)).toEqual([one.id + 2])
  expect(store.count({})).toEqual({ total: 3, newestId: one.id + 2 })

  const indexer = new SearchIndexer(db)
  new HistoryStore(db, indexer).searchIndexed()
  expect(indexer.marks()).toEqual({ words: one.id + 2, blocks: one.id + 2, trigrams: one.id + 2 })
  check(db, 'messages_fts')
  check(db, 'messages_trigrams')
  expect(inIndex(db, 'заказ')).toEqual([one.id, one.id + 1])
  expect(store.page({ search: 'заказ' }, undefined, 10).map((m) => m.id)).toEqual([
    one.id + 1,
    one.id,
  ])
  // Caught up: another round finds nothing to do, and indexes nothing twice.
  expect(indexer.step()).toBe('idle')
  check(db, 'messages_fts')
})

it('a database from before keeps its word index and builds the rest in the background', () => {
  const file = 'older.db'
  let db = open(file, 9)
  // As the outbox of that version stored and indexed them.
  const insert = db.prepare(`INSERT INTO messages (idempotency_key, profile_id, sender, phone,
    text, encoding, parts, state, priority, next_attempt_at, created_at, updated_at)
    VALUES (?, 'sandbox', 'Shop', ?, ?, 'UCS2', 1, 'delivered', 1, 0, 0, 0)`)
  for (const m of texts(1, 300)) insert.run(`old-${m.phone}`, m.phone, m.text)
  db.exec('INSERT INTO messages_fts(rowid, text) SELECT id, text FROM messages')
  db.close()

  db = open(file)
  const indexer = new SearchIndexer(db)
  expect(indexer.marks()).toEqual({ words: 300, blocks: 0, trigrams: 0 })
  check(db, 'messages_fts')
  new Outbox(db).enqueueMany(texts(301, 20))
  const store = new HistoryStore(db)
  const before = {
    search: store.page({ search: 'подтверждения' }, undefined, 1000).map((m) => m.id),
    contains: store.page({ text: 'ЗАКАЗ 1' }, undefined, 1000).map((m) => m.id),
    jump: store.page({}, { position: 250 }, 10).map((m) => m.id),
    count: store.count({}),
  }
  expect(before.search).toHaveLength(64)
  expect(before.contains).toEqual(plain(db, { text: 'ЗАКАЗ 1' }))
  expect(before.jump).toEqual(plain(db, {}, 250, 10))
  expect(before.count).toEqual({ total: 320, newestId: 320 })

  new HistoryStore(db, indexer).searchIndexed()
  expect(indexer.marks()).toEqual({ words: 320, blocks: 320, trigrams: 320 })
  check(db, 'messages_fts')
  check(db, 'messages_trigrams')
  expect({
    search: store.page({ search: 'подтверждения' }, undefined, 1000).map((m) => m.id),
    contains: store.page({ text: 'ЗАКАЗ 1' }, undefined, 1000).map((m) => m.id),
    jump: store.page({}, { position: 250 }, 10).map((m) => m.id),
    count: store.count({}),
  }).toEqual(before)
})

it('answers "contains" on text and phone through the trigram index exactly as a scan does', () => {
  const db = open()
  const outbox = new Outbox(db)
  outbox.enqueueMany(texts(1, 400))
  const indexer = new SearchIndexer(db)
  indexer.catchUp()
  // Some rows above the mark too: read directly.
  outbox.enqueueMany(texts(401, 40))
  const store = new HistoryStore(db)
  const filters: HistoryFilter[] = [
    { text: 'заказ' }, // any case: ЗАКАЗ is заказ
    { text: 'ЗАКАЗ 1' },
    { text: 'order 4' },
    { text: '50% off_' },
    { text: '% до' },
    { text: '"1' },
    { text: 'ёлка 4' },
    { text: 'ё' },
    { text: 'er' },
    { phone: '0004' },
    { phone: '12' },
    { phone: '000041', text: 'ship' },
    { text: 'Скидка', states: ['queued'] },
    { text: 'елка 4' }, // е and ё alike
    // The search box: fragments in quotes, a number or part of one.
    { query: '"ЗАКАЗ"' },
    { query: '"Елка" "41"' },
    { query: '"заказ 1"' },
    { query: '0004' }, // in the number or the text
    { query: '+992 900 000 041' }, // a whole number
    { query: '"rder" "41"' },
    { query: '"ПЯТНИЦЫ" "до п"' },
  ]
  // What an agent expects, in plain JavaScript: each term anywhere, any case, е and ё alike.
  const fold = (x: string) => x.toLowerCase().replaceAll('ё', 'е')
  const rows = db.prepare('SELECT id, text, phone FROM messages ORDER BY id DESC').all() as {
    id: number
    text: string
    phone: string
  }[]
  const expectJs = (query: string, want: (r: (typeof rows)[number]) => boolean) => {
    const ids = rows.filter(want).map((r) => r.id)
    expect(ids.length, query).toBeGreaterThan(0)
    expect(plain(db, { query }), query).toEqual(ids)
  }
  expectJs('"ЗАКАЗ"', (r) => fold(r.text).includes('заказ'))
  expectJs(
    '"Елка" "41"',
    (r) => fold(r.text).includes('елка') && (r.text.includes('41') || r.phone.includes('41')),
  )
  expectJs('0004', (r) => r.phone.includes('0004') || r.text.includes('0004'))
  // Words outside quotes: the beginnings of words, through the words index, е and ё alike.
  const yolka = rows.filter((r) => r.text.startsWith('ёлка')).map((r) => r.id)
  expect(store.count({ query: 'Ел' })).toEqual({ total: yolka.length, newestId: yolka[0] })
  expect(store.page({ query: 'ЕЛКА' }, undefined, 1000).map((m) => m.id)).toEqual(yolka)
  expect(store.count({ search: 'ЁЛК' })).toEqual({ total: yolka.length, newestId: yolka[0] })
  expect(store.count({ query: 'лка' }).total).toBe(0) // inside a word: only in quotes
  // Words and fragments together: the words index drives, each fragment checked exactly.
  const mixed = rows
    .filter((r) => r.text.startsWith('ёлка') && (r.text.includes('41') || r.phone.includes('41')))
    .map((r) => r.id)
  expect(mixed.length).toBeGreaterThan(1)
  expect(store.page({ query: 'елка "41"' }, undefined, 1000).map((m) => m.id)).toEqual(mixed)
  expect(store.count({ query: 'елка "41"' })).toEqual({ total: mixed.length, newestId: mixed[0] })
  expectJs('"ПЯТНИЦЫ" "до п"', (r) => fold(r.text).includes('пятницы') && r.text.includes('до п'))
  for (const f of filters) {
    const all = plain(db, f)
    const paged: number[] = []
    let before: number | undefined
    for (;;) {
      const rows = store.page(f, before === undefined ? undefined : { before }, 37)
      paged.push(...rows.map((m) => m.id))
      if (rows.length < 37) break
      before = rows.at(-1)?.id
    }
    expect(paged, JSON.stringify(f)).toEqual(all)
    expect(store.count(f), JSON.stringify(f)).toEqual({
      total: all.length,
      newestId: all[0] ?? null,
    })
    // And upwards from the oldest row, by keyset the other way.
    const oldest = all.at(-1)
    if (oldest !== undefined && all.length > 3) {
      expect(store.page(f, { after: oldest }, 3).map((m) => m.id)).toEqual(all.slice(-4, -1))
    }
  }
})

it('jumps to a position where OFFSET lands, with filters, unindexed rows and deleted ones', () => {
  const db = open()
  const outbox = new Outbox(db)
  outbox.enqueueMany(texts(1, 3000))
  db.exec(`UPDATE messages SET state = CASE id % 5 WHEN 0 THEN 'failed' ELSE 'delivered' END`)
  const indexer = new SearchIndexer(db)
  indexer.catchUp()
  outbox.enqueueMany(texts(3001, 500))
  // Deleted: indexed rows, rows above the marks, a whole block of ids.
  db.exec(`DELETE FROM messages WHERE id IN (5, 1500, 2999, 3002, 3400)
    OR id BETWEEN 1024 AND 2047`)
  const store = new HistoryStore(db)
  const filters: HistoryFilter[] = [
    {},
    { states: ['failed'] },
    { states: ['failed', 'delivered'] },
    { search: 'заказ' },
    { search: 'заказ', states: ['failed'] },
    { text: 'shipped' },
    { phone: '00003' },
  ]
  const ids = (f: HistoryFilter, position: number) =>
    store.page(f, { position }, 5).map((m) => m.id)
  const check = () => {
    for (const f of filters) {
      const all = f.search ? store.page(f, undefined, 100_000).map((m) => m.id) : plain(db, f)
      expect(store.count(f).total, JSON.stringify(f)).toBe(all.length)
      for (const p of [0, 1, 7, 499, 500, 501, 1023, 1024, 1500, all.length - 3, all.length])
        expect(ids(f, p), `${JSON.stringify(f)} at ${p}`).toEqual(all.slice(p, p + 5))
    }
  }
  check()
  // And once everything is indexed (the deletions told the indexes as they happened).
  indexer.catchUp()
  check()
  db.exec('DELETE FROM messages WHERE id IN (7, 3100)')
  check()
})

it('keeps the indexes from its worker: a search finds every message before and after', async () => {
  const db = open()
  const outbox = new Outbox(db)
  const reader = openHistoryReader(db, { log: () => {} })
  scratch.cleanup(() => reader.close())
  await reader.started
  expect(reader.where).toBe('worker')
  outbox.enqueueMany(texts(1, 2000))
  // Asked at once: however far the worker's indexing has come, every match is there.
  expect((await reader.count({ search: 'подтверждения' })).total).toBe(400)
  expect((await reader.count({ text: 'подтверждения: 1' })).total).toBe(222)
  const marks = await reader.searchIndexed()
  expect(marks).toEqual({ words: 2000, blocks: 2000, trigrams: 2000 })
  check(db, 'messages_fts')
  check(db, 'messages_trigrams')
  expect((await reader.count({ search: 'подтверждения' })).total).toBe(400)
  expect((await reader.count({ text: 'подтверждения: 1' })).total).toBe(222)
  expect((await reader.page({}, { position: 1000 }, 1))[0]?.id).toBe(1000)
})

it('merges only while main is quiet, unless segments pile up, and counts them as FTS5 does', () => {
  const db = open()
  const outbox = new Outbox(db)
  outbox.enqueueMany(texts(1, 100))
  const other = openDatabase(db.name)
  scratch.cleanup(() => other.close())
  // Main counts as writing from its first commit seen on: nothing but indexing until told.
  const busy = new SearchIndexer(other, Infinity)
  busy.catchUp()
  busy.othersWriting()
  for (let i = 0; i < 6; i++) {
    outbox.enqueueMany(texts(101 + i * 10, 10))
    expect(busy.othersWriting()).toBe(true)
    // Each commit of the indexer's is one more segment of each index, merged by no one.
    while (busy.caughtUp() === false) expect(busy.step()).toBe('indexed')
    expect(busy.step()).toBe('idle')
  }
  const piled = busy.segments('words')
  expect(piled).toBeGreaterThanOrEqual(6)
  expect(busy.segments('trigrams')).toBeGreaterThanOrEqual(6)
  // Main quiet: the same indexes merged in steps, down to a few segments.
  const quiet = new SearchIndexer(other, 0)
  const steps: string[] = []
  for (let s = quiet.step(); s !== 'idle'; s = quiet.step()) steps.push(s)
  expect(steps).toContain('merged')
  expect(quiet.segments('words')).toBeLessThan(piled)
  expect(quiet.segments('words')).toBeGreaterThan(0)
  // The count read from the structure record is FTS5's: one segment after 'optimize'.
  other.exec(`INSERT INTO messages_fts (messages_fts) VALUES ('optimize')`)
  expect(quiet.segments('words')).toBe(1)
  check(db, 'messages_fts')
  check(db, 'messages_trigrams')
})

it('runs each transaction of main with the write lock from its start, so the indexer never fails it', () => {
  const db = open()
  const outbox = new Outbox(db)
  outbox.enqueueMany(texts(1, 10))
  const indexer = openDatabase(db.name)
  scratch.cleanup(() => indexer.close())
  indexer.pragma('busy_timeout = 0')
  // Main reads, the indexer tries to commit in between, main writes: the indexer is the one
  // told to come back later, and main's transaction commits.
  let refused: unknown = null
  db.transaction(() => {
    db.prepare('SELECT COUNT(*) FROM messages').get()
    try {
      indexer.exec(`UPDATE meta SET value = value WHERE key = 'indexed_words'`)
    } catch (err) {
      refused = err
    }
    outbox.enqueueMany(texts(11, 1))
  })()
  expect((refused as { code?: string } | null)?.code).toBe('SQLITE_BUSY')
  expect(db.prepare('SELECT COUNT(*) AS n FROM messages').get()).toEqual({ n: 11 })
})

it('counts and pages a word search exactly as the plain prefix query, each word exact where it can be', () => {
  const db = open()
  const outbox = new Outbox(db)
  const words = [
    'Код подтверждения %d',
    'кода нет %d',
    'Ёлка и ЕЛКА %d',
    'e-mail отправлен %d',
    'mailbox полон %d',
    'Заказ №%d готов',
  ]
  const rows = (from: number, n: number) =>
    Array.from({ length: n }, (_, k) =>
      msg(from + k, (words[(from + k) % words.length] ?? '').replace('%d', String(from + k))),
    )
  outbox.enqueueMany(rows(1, 600))
  new SearchIndexer(db).catchUp()
  // And some above the mark, read from the temporary index of the tail.
  outbox.enqueueMany(rows(601, 60))
  const store = new HistoryStore(db)
  const plainFts = (search: string) =>
    (
      db
        .prepare(
          'SELECT m.id FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid WHERE messages_fts MATCH ? ORDER BY m.id DESC',
        )
        .all(ftsQuery(search)) as { id: number }[]
    ).map((r) => r.id)
  // Everything above the mark indexed into a copy of the words index for the plain answer.
  db.exec(`INSERT INTO messages_fts (rowid, text) SELECT id, text FROM messages WHERE id > 600`)
  const searches = [
    'код', // "кода" also begins with it: stays a prefix
    'Код подтверждения', // "подтверждения" is the only word beginning so: exact
    'подтвержд', // only "подтверждения" begins so: that word exactly
    'подтверждения',
    'mailbo',
    'елка', // folded and without diacritics, as the index holds it
    'ёлка ЕЛК',
    'e-mail',
    'mail', // "mailbox" too
    'mailbox',
    '№12',
    'готов 33',
    'нет-такого',
  ]
  for (const search of searches) {
    const all = plainFts(search)
    expect(store.count({ search }), search).toEqual({ total: all.length, newestId: all[0] ?? null })
    expect(
      store.page({ search }, undefined, 10_000).map((m) => m.id),
      search,
    ).toEqual(all)
    expect(
      store.page({ search }, { position: 7 }, 3).map((m) => m.id),
      search,
    ).toEqual(all.slice(7, 10))
  }
})
