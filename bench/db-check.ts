// What the database's checks and backups cost on a large outbox: the start-up check
// (quick_check in a worker), a full start of the data folder, and an online backup with the
// longest stall of main's event loop while it copies and checks. Prints JSON.
// Run: npx tsx bench/db-check.ts [messages]   (default 1,000,000; seeding takes ~30 s)
// The check's cold-cache figure needs the page cache dropped first (root: echo 3 >
// /proc/sys/vm/drop_caches) and `--cold` to skip the warm-up run.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { openDataFolder } from '../src/main/core/db/folder'
import { checkDatabaseFile } from '../src/main/core/db/integrity'
import { seedHistory } from '../test/e2e/seed-history'

const N = Number(process.argv[2] ?? 1_000_000)
const cold = process.argv.includes('--cold')
const dir = process.env.BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'bench-db-check-'))
const dbFile = join(dir, 'console.db')

const ms = (start: number) => Math.round(performance.now() - start)

async function main(): Promise<void> {
  let seedMs = 0
  try {
    statSync(dbFile)
  } catch {
    const t = performance.now()
    seedHistory(dir, N)
    seedMs = ms(t)
  }
  if (!cold) await checkDatabaseFile(dbFile)

  let t = performance.now()
  const check = await checkDatabaseFile(dbFile)
  const quickCheckMs = ms(t)

  t = performance.now()
  const folder = await openDataFolder({
    dataDir: dir,
    mode: 'browser',
    version: 'bench',
    backups: { firstAfterMs: 24 * 60 * 60_000 },
  })
  const startMs = ms(t)

  const loop = monitorEventLoopDelay({ resolution: 1 })
  loop.enable()
  t = performance.now()
  const backup = await folder.backups.takeNow()
  const backupMs = ms(t)
  loop.disable()
  await folder.close()

  process.stdout.write(
    `${JSON.stringify(
      {
        messages: N,
        fileMB: Math.round(statSync(dbFile).size / 1e6),
        seedMs,
        cache: cold ? 'cold' : 'warm',
        quickCheck: { ok: check.ok, ms: quickCheckMs },
        folderStartMs: startMs,
        backup: {
          ok: backup !== null,
          ms: backupMs,
          loopDelayMaxMs: Math.round(loop.max / 1e6),
          loopDelayP99Ms: Math.round(loop.percentile(99) / 1e6),
        },
      },
      null,
      2,
    )}\n`,
  )
  if (!process.env.BENCH_DIR) rmSync(dir, { recursive: true, force: true })
}

void main()
