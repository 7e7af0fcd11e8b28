// History over a large outbox: page, count, filter, search and export times, read as the
// History worker reads (its read-only connection), each the median of several runs. The three
// figures of README's table (jump to the middle, word-search count, text contains) each beside
// its anchor: the plain-SQL way on the same data and connection (OFFSET for the jump, the count
// joined to the messages, a LIKE scan), and their ratio (anchor ÷ console: how many times
// faster). Also how long the background indexing of the seeded rows took. Prints JSON.
// Run: npx tsx bench/history.ts [rows]   (default 1,000,000; seeding 1M rows takes minutes)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../src/main/core/db/database'
import { openReadOnly } from '../src/main/core/history/connection'
import { SearchIndexer } from '../src/main/core/history/search-index'
import { HistoryStore } from '../src/main/core/history/store'
import { Outbox, type NewMessage } from '../src/main/core/outbox/outbox'
import { ProfileStore } from '../src/main/core/profiles/profiles'
import type { HistoryCursor, HistoryFilter } from '../src/shared/calls/history'
import { benchMessage } from './seed-outbox'
import { sandboxProfiles } from '../src/main/core/profiles/input'

const N = Number(process.argv[2] ?? 1_000_000)
const RUNS = 11

const dir = mkdtempSync(join(tmpdir(), 'bench-history-'))
const file = join(dir, 'console.db')
const db = openDatabase(file)
new ProfileStore(db).ensureSandbox(sandboxProfiles())
const outbox = new Outbox(db)

let t = performance.now()
const CHUNK = 50_000
for (let i = 0; i < N; i += CHUNK) {
  const batch: NewMessage[] = []
  for (let j = i; j < Math.min(N, i + CHUNK); j++) {
    batch.push(benchMessage(j))
  }
  outbox.enqueueMany(batch)
}
db.exec(`UPDATE messages SET state = CASE id % 20 WHEN 0 THEN 'failed' WHEN 1 THEN 'uncertain'
  WHEN 2 THEN 'expired' ELSE 'delivered' END, created_at = 1700000000000 + id * 1000`)
const seedMs = performance.now() - t

// What the History worker does in the background after such an import, in its short
// transactions (here one after another, nothing else waiting), as durable as the worker's.
db.pragma('synchronous = NORMAL')
t = performance.now()
const indexer = new SearchIndexer(db)
indexer.catchUp()
const indexMs = performance.now() - t
db.pragma('wal_checkpoint(TRUNCATE)')

const ro = openReadOnly(file)
const store = new HistoryStore(ro)
const median = (fn: () => unknown): number => {
  fn()
  const ms: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    fn()
    ms.push(performance.now() - start)
  }
  ms.sort((a, b) => a - b)
  return Math.round((ms[RUNS >> 1] ?? 0) * 100) / 100
}
const page = (f: HistoryFilter, c?: HistoryCursor) => () => store.page(f, c, 100)
const mid = Math.floor(N / 2)

// The plain-SQL ways, on the same connection: what History did before its indexes.
const anchors = {
  jumpMiddle: ro.prepare('SELECT m.* FROM messages m ORDER BY m.id DESC LIMIT 100 OFFSET ?'),
  searchCount: ro.prepare(`SELECT COUNT(*) AS total, MAX(messages_fts.rowid) AS newestId
    FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
    WHERE messages_fts MATCH ?`),
  textContains: ro.prepare(`SELECT m.* FROM messages m WHERE m.text LIKE ? ESCAPE '\\'
    ORDER BY m.id DESC LIMIT 100`),
}
const SEARCH = 'код подтверждения'
const CONTAINS = 'пятницы #77'
const pair = (consoleMs: number, anchorMs: number, targetMs: number) => ({
  consoleMs,
  anchorMs,
  ratio: Math.round((anchorMs / Math.max(consoleMs, 0.01)) * 10) / 10,
  targetMs,
})
const figures = {
  jumpMiddle: pair(
    median(page({}, { position: mid })),
    median(() => anchors.jumpMiddle.all(mid)),
    10,
  ),
  searchCount: pair(
    median(() => store.count({ search: SEARCH })),
    median(() => anchors.searchCount.get('"код"* "подтверждения"*')),
    20,
  ),
  textContains: pair(
    median(page({ text: CONTAINS })),
    median(() => anchors.textContains.all(`%${CONTAINS}%`)),
    50,
  ),
}

const cases: Record<string, () => unknown> = {
  firstPage: page({}),
  keysetPageMiddle: page({}, { before: mid }),
  keysetPageEnd: page({}, { before: 150 }),
  countAll: () => store.count({}),
  stateFailedPage: page({ states: ['failed'] }),
  stateFailedDeep: page({ states: ['failed'] }, { before: mid }),
  stateFailedJumpMiddle: page({ states: ['failed'] }, { position: Math.floor(N / 40) }),
  stateDeliveredJumpMiddle: page({ states: ['delivered'] }, { position: Math.floor(N * 0.425) }),
  twoStatesPage: page({ states: ['failed', 'expired'] }),
  stateCount: () => store.count({ states: ['uncertain'] }),
  phoneExact: page({ phone: `9929${String(mid).padStart(8, '0')}` }),
  phoneContains: page({ phone: '12345' }),
  phoneContainsCount: () => store.count({ phone: '12345' }),
  textContainsCount: () => store.count({ text: CONTAINS }),
  searchCommon: page({ search: 'заказ' }),
  searchCommonDeep: page({ search: 'заказ' }, { before: mid }),
  searchJumpMiddle: page({ search: 'заказ' }, { position: Math.floor(N / 8) }),
  searchRare: page({ search: `${mid}` }),
  searchRareCount: () => store.count({ search: `${mid}` }),
  // The screen's one search box: words (е and ё alike), a "fragment", part of a number.
  queryCommon: page({ query: 'заказ' }),
  queryCommonCount: () => store.count({ query: 'заказ' }),
  queryTwoWordsCount: () => store.count({ query: SEARCH }),
  queryFragmentCount: () => store.count({ query: '"дтвержд"' }),
  queryNumberPart: page({ query: '12345' }),
  queryNumberPartCount: () => store.count({ query: '12345' }),
  profileAndState: page({ profileId: 'sandbox-osonsms', states: ['failed'] }),
  dateRange: page({ from: 1700000000000 + mid * 1000, to: 1700000000000 + (mid + 3600) * 1000 }),
  exportChunk5000: () =>
    store.exportChunk({ states: ['delivered'] }, undefined, 5000, {
      delimiter: ';',
      tzOffsetMinutes: 0,
      lang: 'ru',
      profileNames: {},
    }),
}
const ms: Record<string, number> = {}
for (const [name, fn] of Object.entries(cases)) ms[name] = median(fn)
ro.close()
db.close()
rmSync(dir, { recursive: true, force: true })
process.stdout.write(
  `${JSON.stringify(
    {
      rows: N,
      seedMs: Math.round(seedMs),
      backgroundIndexMs: Math.round(indexMs),
      // How long its transactions held the write lock (main's writes would wait that long).
      indexLockHolds: indexer.stats(),
      medianOf: RUNS,
      figures,
      ms,
    },
    null,
    2,
  )}\n`,
)
