// History over a large outbox: page, count, filter, search and export times. Prints JSON.
// Run: npx tsx bench/history.ts [rows]   (default 1,000,000; seeding 1M rows takes ~2 minutes)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../src/main/core/db/database'
import { HistoryStore } from '../src/main/core/history/store'
import { Outbox, type NewMessage } from '../src/main/core/outbox/outbox'
import { ProfileStore } from '../src/main/core/profiles/profiles'
import type { HistoryCursor, HistoryFilter } from '../src/shared/calls/history'

const N = Number(process.argv[2] ?? 1_000_000)
const WORDS = ['Ваш заказ готов', 'Код подтверждения', 'Order shipped', 'Скидка 10% до пятницы']

const dir = mkdtempSync(join(tmpdir(), 'bench-history-'))
const db = openDatabase(join(dir, 'console.db'))
new ProfileStore(db).ensureSandbox()
const outbox = new Outbox(db)

const t = performance.now()
const CHUNK = 50_000
for (let i = 0; i < N; i += CHUNK) {
  const batch: NewMessage[] = []
  for (let j = i; j < Math.min(N, i + CHUNK); j++) {
    batch.push({
      profileId: j % 3 === 0 ? 'sandbox-osonsms' : 'sandbox',
      sender: 'InfoDesk',
      phone: `9929${String(j).padStart(8, '0')}`,
      text: `${WORDS[j % WORDS.length]} #${j}`,
      priority: 1,
    })
  }
  outbox.enqueueMany(batch)
}
db.exec(`UPDATE messages SET state = CASE id % 20 WHEN 0 THEN 'failed' WHEN 1 THEN 'uncertain'
  WHEN 2 THEN 'expired' ELSE 'delivered' END, created_at = 1700000000000 + id * 1000`)
db.exec('ANALYZE')
const seedMs = performance.now() - t

const store = new HistoryStore(db)
const time = (fn: () => unknown, runs = 5): number => {
  fn()
  const start = performance.now()
  for (let i = 0; i < runs; i++) fn()
  return Math.round(((performance.now() - start) / runs) * 100) / 100
}
const page = (f: HistoryFilter, c?: HistoryCursor) => () => store.page(f, c, 100)
const mid = Math.floor(N / 2)
const cases: Record<string, () => unknown> = {
  firstPage: page({}),
  keysetPageMiddle: page({}, { before: mid }),
  keysetPageEnd: page({}, { before: 150 }),
  positionJumpMiddle: page({}, { position: mid }),
  countAll: () => store.count({}),
  stateFailedPage: page({ states: ['failed'] }),
  stateFailedDeep: page({ states: ['failed'] }, { before: mid }),
  twoStatesPage: page({ states: ['failed', 'expired'] }),
  stateCount: () => store.count({ states: ['uncertain'] }),
  phoneExact: page({ phone: `9929${String(mid).padStart(8, '0')}` }),
  phonePartial: page({ phone: '12345' }),
  textContains: page({ text: 'пятницы #77' }),
  searchCommon: page({ search: 'заказ' }),
  searchCommonDeep: page({ search: 'заказ' }, { before: mid }),
  searchRare: page({ search: `${mid}` }),
  searchCount: () => store.count({ search: 'код подтверждения' }),
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
for (const [name, fn] of Object.entries(cases)) ms[name] = time(fn)
db.close()
rmSync(dir, { recursive: true, force: true })
process.stdout.write(`${JSON.stringify({ rows: N, seedMs: Math.round(seedMs), ms }, null, 2)}\n`)
