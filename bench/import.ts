// Bulk import of a generated Windows-1251 CSV (the Excel-in-Russian case) through the import
// engine (analyse, check every row, queue as one batch) vs the raw floor: the same parser, a
// plain INSERT per row in big transactions and one statement per chunk indexing it for search,
// as the outbox does. Prints JSON. Run: npx tsx bench/import.ts [rows]
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CoreContext } from '../src/main/core/context'
import { openDatabase } from '../src/main/core/db/database'
import { openHistoryReader } from '../src/main/core/history/reader'
import { ImportService } from '../src/main/core/imports/service'
import { readRows, readSample, sniff } from '../src/main/core/imports/source'
import { Outbox } from '../src/main/core/outbox/outbox'
import { StorageHealth } from '../src/main/core/storage/health'
import { ProfileStore } from '../src/main/core/profiles/profiles'
import { encodeCp1251 } from '../src/main/core/providers/smsc-http/sim'
import { analyzeSms } from '../src/shared/sms'

const ROWS = Number(process.argv[2] ?? 1_000_000)

let peakRss = 0
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10)

async function generate(path: string): Promise<void> {
  const out = createWriteStream(path)
  const names = ['Иван', 'Ольга', 'Пётр', 'Анна', 'Сергей "Серж"', 'Мария']
  out.write(encodeCp1251('Телефон;Имя;Сумма\r\n'))
  for (let i = 0; i < ROWS; i += 10_000) {
    let chunk = ''
    for (let j = i; j < Math.min(ROWS, i + 10_000); j++) {
      const name = names[j % names.length] ?? ''
      const quoted = name.includes('"') ? `"${name.replace(/"/g, '""')}"` : name
      chunk += `+992 9${String(10_000_000 + j).padStart(8, '0')};${quoted};${j % 1000}\r\n`
    }
    if (!out.write(encodeCp1251(chunk)))
      await new Promise<void>((r) => out.once('drain', () => r()))
  }
  await new Promise<void>((r) => out.end(r))
}

async function context(dir: string): Promise<CoreContext> {
  const db = openDatabase(join(dir, 'console.db'))
  const profiles = new ProfileStore(db)
  const sandbox = profiles.ensureSandbox()
  const stub = () => {
    throw new Error('not used by the benchmark')
  }
  return {
    options: { dataDir: dir, mode: 'browser', version: 'bench' },
    db,
    outbox: new Outbox(db),
    profiles,
    vault: { get: stub, set: stub, delete: stub },
    sandbox: undefined as never,
    log: Object.assign(() => {}, { mask: () => {} }) as unknown as CoreContext['log'],
    emit: () => {},
    emitMessages: () => {},
    requireProfile: (id) => {
      if (id !== sandbox.id) throw new Error(`no profile ${id}`)
      return sandbox
    },
    connection: () => null,
    wake: () => {},
    restartProfile: async () => {},
    profileView: stub,
    profilesChanged: () => {},
    storage: new StorageHealth(() => {}),
    runtimes: undefined as never,
    history: openHistoryReader(db, { log: () => {} }),
  }
}

/** The floor: parse and insert, nothing checked, nothing rendered. */
async function raw(file: string, dir: string): Promise<number> {
  const db = openDatabase(join(dir, 'raw.db'))
  new ProfileStore(db).ensureSandbox()
  const insert = db.prepare(`INSERT INTO messages (idempotency_key, profile_id, sender, phone,
    text, encoding, parts, state, priority, next_attempt_at, created_at, updated_at)
    VALUES (?, 'sandbox', 'Bench', ?, ?, ?, ?, 'queued', 1, 0, 0, 0)`)
  const index = db.prepare(
    'INSERT INTO messages_fts(rowid, text) SELECT id, text FROM messages WHERE id > ?',
  )
  const sample = await readSample(file)
  const { format } = sniff(sample.bytes, sample.complete)
  const start = performance.now()
  let n = 0
  for await (const rows of readRows(file, format)) {
    db.transaction(() => {
      const before = n
      for (const r of rows) {
        const text = `${r.cells[1] ?? ''}, your balance is ${r.cells[2] ?? ''}`
        const a = analyzeSms(text)
        insert.run(`raw:${n++}`, (r.cells[0] ?? '').replace(/\D/g, ''), text, a.encoding, a.parts)
      }
      // Searchable, as the outbox makes them: one statement indexes the chunk (this table is
      // fresh, so the chunk's ids are the ones above the rows inserted before it).
      index.run(before)
    })()
  }
  const ms = performance.now() - start
  db.close()
  if (n !== ROWS) throw new Error(`raw inserted ${n} of ${ROWS}`)
  return ms
}

async function engine(file: string, dir: string) {
  const ctx = await context(dir)
  const service = new ImportService(ctx)
  const start = performance.now()
  const analysis = await service.importFromFile(file)
  const analysed = performance.now()
  const mapping = {
    uploadId: analysis.uploadId,
    profileId: 'sandbox',
    sender: 'Bench',
    phoneColumn: analysis.phoneColumn,
    template: '#Имя#, your balance is {Сумма}',
  }
  const summary = await service.validate(mapping)
  const validated = performance.now()
  const batch = await service.start(mapping)
  // Waits on the batch's row alone: counting a growing batch's messages every few
  // milliseconds would measure the counting, not the import.
  for (;;) {
    const row = service.store.batch(batch.id)
    if (row && row.import_state !== 'importing') {
      if (row.total !== ROWS) throw new Error(`queued ${row.total} of ${ROWS}: ${row.error}`)
      break
    }
    await new Promise((r) => setTimeout(r, 20))
  }
  const queued = performance.now()
  await ctx.history.close()
  ctx.db.close()
  return {
    recipients: summary.recipients,
    analyseMs: analysed - start,
    validateMs: validated - analysed,
    queueMs: queued - validated,
    totalMs: queued - start,
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'))
  try {
    const file = join(dir, 'clients.csv')
    await generate(file)
    const bytes = statSync(file).size
    peakRss = 0
    const baseRss = process.memoryUsage().rss
    const rawMs = await raw(file, dir)
    const rawPeak = peakRss
    peakRss = 0
    const e = await engine(file, dir)
    clearInterval(sampler)
    process.stdout.write(
      `${JSON.stringify(
        {
          rows: ROWS,
          fileBytes: bytes,
          raw: { ms: Math.round(rawMs), rowsPerSec: Math.round(ROWS / (rawMs / 1000)) },
          import: {
            analyseMs: Math.round(e.analyseMs),
            validateMs: Math.round(e.validateMs),
            queueMs: Math.round(e.queueMs),
            totalMs: Math.round(e.totalMs),
            queueRowsPerSec: Math.round(ROWS / (e.queueMs / 1000)),
            totalRowsPerSec: Math.round(ROWS / (e.totalMs / 1000)),
          },
          queueVsRaw: Number((e.queueMs / rawMs).toFixed(2)),
          totalVsRaw: Number((e.totalMs / rawMs).toFixed(2)),
          rssMb: {
            before: Math.round(baseRss / 2 ** 20),
            peakRaw: Math.round(rawPeak / 2 ** 20),
            peakImport: Math.round(peakRss / 2 ** 20),
          },
        },
        null,
        2,
      )}\n`,
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
