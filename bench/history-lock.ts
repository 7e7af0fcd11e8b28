// How long main's writes wait behind History's background indexing: a database of `rows`
// messages nobody has indexed yet (as after a large import), then main queues `importRows` more
// in slices of 500 (each its own transaction, yielding between them, as the import does) twice:
// once with nothing else writing (the anchor) and once while the History worker indexes the
// backlog and merges its segments. Prints JSON: main's longest and p99 write transaction in each
// run, main's loop delay, and the worker's longest hold of the write lock (its debug counter).
// Run: npx tsx bench/history-lock.ts [rows] [importRows]   (default 1,000,000 and 200,000)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setImmediate as turn } from 'node:timers/promises'
import { openDatabase } from '../src/main/core/db/database'
import { openHistoryReader } from '../src/main/core/history/reader'
import { Outbox, type NewMessage } from '../src/main/core/outbox/outbox'
import { ProfileStore } from '../src/main/core/profiles/profiles'
import { benchMessage } from './seed-outbox'
import { sandboxProfiles } from '../src/main/core/profiles/input'

const N = Number(process.argv[2] ?? 1_000_000)
const IMPORT = Number(process.argv[3] ?? 200_000)
const SLICE = 500

const dir = mkdtempSync(join(tmpdir(), 'bench-history-lock-'))
const file = join(dir, 'console.db')
const db = openDatabase(file)
new ProfileStore(db).ensureSandbox(sandboxProfiles())
const outbox = new Outbox(db)

let next = 0
const rowsOf = (n: number): NewMessage[] => {
  const out: NewMessage[] = []
  for (let i = 0; i < n; i++, next++) {
    out.push(benchMessage(next, { scheduledAt: Date.now() + 86_400_000 }))
  }
  return out
}
for (let i = 0; i < N; i += 50_000) outbox.enqueueMany(rowsOf(Math.min(50_000, N - i)))
db.pragma('wal_checkpoint(TRUNCATE)')
// As the import commits its slices: without waiting for the disk (its end makes them durable).
db.pragma('synchronous = NORMAL')

const round = (ms: number) => Math.round(ms * 100) / 100
/** Queues IMPORT rows in slices, timing each slice's transaction and the loop. */
async function importRun() {
  const ms: number[] = []
  const loop = monitorEventLoopDelay({ resolution: 1 })
  loop.enable()
  for (let i = 0; i < IMPORT; i += SLICE) {
    const rows = rowsOf(SLICE)
    const start = performance.now()
    outbox.enqueueMany(rows)
    ms.push(performance.now() - start)
    await turn()
  }
  loop.disable()
  ms.sort((a, b) => a - b)
  return {
    writes: ms.length,
    longestWriteMs: round(ms.at(-1) ?? 0),
    p99WriteMs: round(ms[Math.floor(ms.length * 0.99)] ?? 0),
    medianWriteMs: round(ms[ms.length >> 1] ?? 0),
    loopMaxMs: round(loop.max / 1e6),
    loopP99Ms: round(loop.percentile(99) / 1e6),
  }
}

async function main() {
  const alone = await importRun()
  const reader = openHistoryReader(db, { log: () => {} })
  await reader.started
  const withWorker = await importRun()
  const duringImport = await reader.indexStats()
  const t = performance.now()
  await reader.searchIndexed()
  const catchUpMs = Math.round(performance.now() - t)
  const overall = await reader.indexStats()
  await reader.close()
  db.close()
  rmSync(dir, { recursive: true, force: true })
  process.stdout.write(
    `${JSON.stringify({ rows: N, importRows: IMPORT, alone, withWorker, worker: { duringImport, overall, catchUpMs } }, null, 2)}\n`,
  )
}
void main()
