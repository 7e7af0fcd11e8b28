// Main's event loop while the console works hard: an agent browses and searches a History of a
// million messages while a bulk import queues its rows and the sandbox sends them. Prints JSON:
// the loop's delay (max, p99) with History's reads in their worker thread, against the same
// run with those reads on main's own thread (the anchor), and their ratio.
// Run: npx tsx bench/event-loop.ts [historyRows] [importRows]   (default 1,000,000 and 200,000)
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createCore } from '../src/main/core/app'
import type { Core } from '../src/main/core/types'
import type { CallName, CallRequest, CallResponse, Reply } from '../src/shared/contract'
import { seedHistory } from '../test/e2e/seed-history'

const HISTORY_ROWS = Number(process.argv[2] ?? 1_000_000)
const IMPORT_ROWS = Number(process.argv[3] ?? 200_000)

const sandboxOnly = {
  get: () => Promise.resolve(null),
  set: () => Promise.reject(new Error('not used')),
  delete: () => Promise.reject(new Error('not used')),
}

async function call<K extends CallName>(
  core: Core,
  name: K,
  request: CallRequest<K>,
): Promise<CallResponse<K>> {
  const reply = (await core.handle(name, request)) as Reply<CallResponse<K>>
  if (!reply.ok) throw new Error(`${name}: ${reply.error.message}`)
  return reply.result
}

async function run(seeded: string, csv: string, readsOnMain: boolean, maxReads = Infinity) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-loop-'))
  copyFileSync(seeded, join(dataDir, 'console.db'))
  const core = await createCore({
    dataDir,
    mode: 'browser',
    version: 'bench',
    vault: sandboxOnly,
    chooseImportFile: async () => csv,
    // The anchor: a worker script that is not there, so History reads run on main.
    ...(readsOnMain ? { historyWorker: join(dataDir, 'no-worker.js') } : {}),
  })
  try {
    const { analysis } = await call(core, 'import.openFile', { title: 'bench' })
    if (!analysis) throw new Error('no file')
    const mapping = {
      uploadId: analysis.uploadId,
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phoneColumn: 0,
      template: 'Dear #name#, your parcel is ready',
    }
    const delay = monitorEventLoopDelay({ resolution: 5 })
    delay.enable()
    const started = performance.now()
    const batch = await call(core, 'import.start', mapping)
    let reads = 0
    let done = false
    const middle = Math.floor(HISTORY_ROWS / 2)
    while (!done) {
      // What an agent does in History meanwhile: jump, search, filter, count.
      await call(core, 'history.page', { filter: {}, cursor: { position: middle }, limit: 100 })
      await call(core, 'history.count', { filter: { search: 'посылка' } })
      await call(core, 'history.page', { filter: { text: 'код 12' }, limit: 100 })
      await call(core, 'history.count', { filter: { states: ['failed'] } })
      await call(core, 'reports.batches', {})
      reads += 5
      // Calls come from the window one message at a time: others get their turn between them.
      await new Promise((resolve) => setImmediate(resolve))
      done =
        reads >= maxReads ||
        (await call(core, 'batch.get', { batchId: batch.id })).importState !== 'importing'
    }
    const ms = performance.now() - started
    delay.disable()
    return {
      maxMs: Math.round(delay.max / 1e5) / 10,
      p99Ms: Math.round(delay.percentile(99) / 1e5) / 10,
      meanMs: Math.round(delay.mean / 1e5) / 10,
      historyReads: reads,
      ms: Math.round(ms),
    }
  } finally {
    await core.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'bench-loop-seed-'))
  try {
    seedHistory(work, HISTORY_ROWS)
    const csv = join(work, 'clients.csv')
    const lines = ['phone;name']
    for (let i = 0; i < IMPORT_ROWS; i++)
      lines.push(`99293${String(i).padStart(7, '0')};Client ${i}`)
    writeFileSync(csv, lines.join('\r\n') + '\r\n')
    const seeded = join(work, 'console.db')
    const worker = await run(seeded, csv, false)
    // The anchor does the same History reads (it would take far longer to import it all).
    const anchor = await run(seeded, csv, true, worker.historyReads)
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'main event-loop delay: History used during a bulk import',
          historyRows: HISTORY_ROWS,
          importRows: IMPORT_ROWS,
          readsInWorker: worker,
          readsOnMain: anchor,
          maxRatio: Math.round((worker.maxMs / anchor.maxMs) * 100) / 100,
          target: 'readsInWorker.maxMs <= 50, p99Ms <= 10',
        },
        null,
        2,
      )}\n`,
    )
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
