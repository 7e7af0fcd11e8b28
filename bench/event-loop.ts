// Main's event loop while the console works hard, as the scenario has it: 100,000
// messages go out over SMPP (to the sandbox SMSC in a process of its own, window 1000) while a
// 1,000,000-row file is imported (scheduled for tomorrow, so it only queues) and an agent
// browses and searches a History of a million messages. Prints JSON: the loop's delay (max,
// p99, mean, from perf_hooks.monitorEventLoopDelay) with the stores' SQL in the storage worker and
// History's reads in theirs, against the same run with all of it on main's own thread (the
// anchor), and their ratio.
// The histogram records the time between the ticks of its own timer, one every RESOLUTION_MS:
// an idle loop shows 5 ms, not 0. The delay is how much later than that a tick came, so
// RESOLUTION_MS is taken off each figure (the raw figures are printed beside them).
// Run: npx tsx bench/event-loop.ts [historyRows] [importRows] [sends]
//      (default 1,000,000, 1,000,000 and 100,000)

import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createCore } from '../src/main/core/app'
import type { Core } from '../src/main/core/types'
import type { CallName, CallRequest, CallResponse, Reply } from '../src/shared/contract'
import { seedHistory } from '../test/e2e/seed-history'
import { startSmscProcess } from './smsc'

const HISTORY_ROWS = Number(process.argv[2] ?? 1_000_000)
const IMPORT_ROWS = Number(process.argv[3] ?? 1_000_000)
const SENDS = Number(process.argv[4] ?? 100_000)
const WINDOW = 1000
/** How often the histogram's timer ticks. */
const RESOLUTION_MS = 5
const PROFILE = 'bench-smpp'
const PASSWORD = 'bench'

/** The SMPP profile's password, and nothing else: the keychain is not what is measured. */
const vault = {
  get: (id: string) => Promise.resolve(id === PROFILE ? PASSWORD : null),
  set: () => Promise.resolve(),
  delete: () => Promise.resolve(true),
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

async function run(
  seeded: string,
  files: { sends: string; bulk: string },
  smscPort: number,
  sqlOnMain: boolean,
  maxReads = Infinity,
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-loop-'))
  copyFileSync(seeded, join(dataDir, 'console.db'))
  let next = files.sends
  const core = await createCore({
    dataDir,
    mode: 'browser',
    version: 'bench',
    vault,
    chooseImportFile: async () => next,
    // The anchor: worker scripts that are not there, so the stores and History run on main.
    ...(sqlOnMain
      ? {
          historyWorker: join(dataDir, 'no-worker.js'),
          storageWorker: join(dataDir, 'no-worker.js'),
        }
      : {}),
  })
  try {
    await call(core, 'profiles.save', {
      kind: 'smpp',
      id: PROFILE,
      name: 'Bench SMSC',
      senders: ['InfoDesk'],
      hosts: [{ host: '127.0.0.1', port: smscPort }],
      tls: false,
      systemId: 'bench',
      systemType: [],
      window: WINDOW,
      ratePerSecond: 10000,
      longMessageMode: 'udh',
    })
    await call(core, 'credentials.set', { profileId: PROFILE, password: PASSWORD })
    const open = async (file: string) => {
      next = file
      const { analysis } = await call(core, 'import.openFile', { title: 'bench' })
      if (!analysis) throw new Error('no file')
      return analysis.uploadId
    }
    const sendsUpload = await open(files.sends)
    const bulkUpload = await open(files.bulk)
    const mapping = (uploadId: string) => ({
      uploadId,
      profileId: PROFILE,
      sender: 'InfoDesk',
      phoneColumn: 0,
      template: 'Dear #name#, your parcel is ready',
    })

    const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
    delay.enable()
    const started = performance.now()
    const sends = await call(core, 'import.start', mapping(sendsUpload))
    const bulk = await call(core, 'import.start', {
      ...mapping(bulkUpload),
      scheduledAt: Date.now() + 86_400_000,
    })
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
      const [s, b] = await Promise.all([
        call(core, 'batch.get', { batchId: sends.id }),
        call(core, 'batch.get', { batchId: bulk.id }),
      ])
      const unsent = s.counters.queued
      done =
        reads >= maxReads ||
        (b.importState !== 'importing' && s.importState !== 'importing' && unsent === 0)
    }
    const ms = performance.now() - started
    delay.disable()
    const ms1 = (ns: number) => Math.round(ns / 1e5) / 10
    const late = (ns: number) => ms1(Math.max(0, ns - RESOLUTION_MS * 1e6))
    return {
      maxMs: late(delay.max),
      p99Ms: late(delay.percentile(99)),
      meanMs: late(delay.mean),
      ticks: {
        everyMs: RESOLUTION_MS,
        maxMs: ms1(delay.max),
        p99Ms: ms1(delay.percentile(99)),
        meanMs: ms1(delay.mean),
      },
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
  const smsc = await startSmscProcess(PASSWORD)
  try {
    seedHistory(work, HISTORY_ROWS)
    const csv = (name: string, rows: number, prefix: string) => {
      const file = join(work, name)
      const lines = ['phone;name']
      for (let i = 0; i < rows; i++)
        lines.push(`${prefix}${String(i).padStart(7, '0')};Client ${i}`)
      writeFileSync(file, lines.join('\r\n') + '\r\n')
      return file
    }
    const files = {
      sends: csv('sends.csv', SENDS, '99293'),
      bulk: csv('bulk.csv', IMPORT_ROWS, '99294'),
    }
    const seeded = join(work, 'console.db')
    const worker = await run(seeded, files, smsc.port, false)
    // The anchor does the same History reads (it would take far longer to finish it all).
    const anchor = await run(seeded, files, smsc.port, true, worker.historyReads)
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark:
            'main event-loop delay: an SMPP send, a bulk import and History used at the same time',
          historyRows: HISTORY_ROWS,
          importRows: IMPORT_ROWS,
          sends: SENDS,
          sqlInWorkers: worker,
          sqlOnMain: anchor,
          maxRatio: Math.round((worker.maxMs / anchor.maxMs) * 100) / 100,
          target: 'sqlInWorkers.maxMs <= 50, p99Ms <= 10',
        },
        null,
        2,
      )}\n`,
    )
  } finally {
    smsc.child.kill()
    rmSync(work, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
