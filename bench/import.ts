// A 1M-row Windows-1251 CSV (the Excel-in-Russian case) until every row is queued, through the
// console's import (analyse the file, check every row for the summary, queue the batch) against
// the anchor: the same parser and a plain INSERT per row into the same messages table, in big
// transactions, nothing checked. Each runs in a process of its own, so each one's peak RSS is
// its own (the kernel's high-water mark, not a sample). Prints JSON; ratio = anchor's time ÷
// the console's (issue 9's target: ≥ 0.4, the console's peak RSS ≤ 200 MB).
// With --xlsx the same rows come as an Excel workbook (phones stored as numbers, texts as shared
// strings, as Excel writes them); the anchor then reads it with exceljs's streaming reader, row
// by row, and inserts the same way.
//   npx tsx bench/import.ts [rows] [--xlsx]
import { spawnSync } from 'node:child_process'
import ExcelJS from 'exceljs'
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../src/main/core/db/database'
import { checkAndQueue, importContext } from './import-context'
import { CONSOLE_NODE_FLAGS } from './node-flags'
import { ImportService } from '../src/main/core/imports/service'
import { readRows, readSample, sniff } from '../src/main/core/imports/source'
import { ProfileStore } from '../src/main/core/profiles/profiles'
import { encodeCp1251 } from '../src/main/core/providers/smsc-http/sim'
import { analyzeSms } from '../src/shared/sms'
import { sandboxProfiles } from '../src/main/core/profiles/input'

const TEMPLATE = '#Имя#, your balance is {Сумма}'

async function generate(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path)
  const names = ['Иван', 'Ольга', 'Пётр', 'Анна', 'Сергей "Серж"', 'Мария']
  out.write(encodeCp1251('Телефон;Имя;Сумма\r\n'))
  for (let i = 0; i < rows; i += 10_000) {
    let chunk = ''
    for (let j = i; j < Math.min(rows, i + 10_000); j++) {
      const name = names[j % names.length] ?? ''
      const quoted = name.includes('"') ? `"${name.replace(/"/g, '""')}"` : name
      chunk += `+992 9${String(10_000_000 + j).padStart(8, '0')};${quoted};${j % 1000}\r\n`
    }
    if (!out.write(encodeCp1251(chunk)))
      await new Promise<void>((r) => out.once('drain', () => r()))
  }
  await new Promise<void>((r) => out.end(r))
}

async function generateXlsx(path: string, rows: number): Promise<void> {
  const names = ['Иван', 'Ольга', 'Пётр', 'Анна', 'Сергей "Серж"', 'Мария']
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true })
  const sheet = wb.addWorksheet('Клиенты')
  sheet.addRow(['Телефон', 'Имя', 'Сумма']).commit()
  for (let j = 0; j < rows; j++) {
    sheet.addRow([992_910_000_000 + j, names[j % names.length], j % 1000]).commit()
  }
  sheet.commit()
  await wb.commit()
}

/** The anchor's rows of a workbook: exceljs's streaming reader, each cell's value as it is. */
async function* xlsxRows(file: string): AsyncGenerator<{ cells: string[] }[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit' })
  for await (const sheet of reader) {
    let chunk: { cells: string[] }[] = []
    for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
      if (row.number === 1) continue
      const values = row.values as unknown[]
      chunk.push({ cells: values.slice(1).map((v) => String(v ?? '')) })
      if (chunk.length === 1000) {
        yield chunk
        chunk = []
      }
    }
    if (chunk.length > 0) yield chunk
  }
}

/** The anchor: parse and insert, nothing checked. */
async function anchor(file: string, dir: string, rows: number) {
  const db = openDatabase(join(dir, 'anchor.db'))
  new ProfileStore(db).ensureSandbox(sandboxProfiles())
  const insert = db.prepare(`INSERT INTO messages (idempotency_key, profile_id, sender, phone,
    text, encoding, parts, state, priority, next_attempt_at, created_at, updated_at)
    VALUES (?, 'sandbox', 'Bench', ?, ?, ?, ?, 'queued', 1, 0, 0, 0)`)
  const start = performance.now()
  let source: AsyncIterable<{ cells: string[] }[]>
  if (file.endsWith('.xlsx')) {
    source = xlsxRows(file)
  } else {
    const sample = await readSample(file)
    source = readRows(file, sniff(sample.bytes, sample.complete).format)
  }
  let n = 0
  for await (const chunk of source) {
    db.transaction(() => {
      for (const r of chunk) {
        const text = `${r.cells[1] ?? ''}, your balance is ${r.cells[2] ?? ''}`
        const a = analyzeSms(text)
        insert.run(`raw:${n++}`, (r.cells[0] ?? '').replace(/\D/g, ''), text, a.encoding, a.parts)
      }
    })()
  }
  const ms = performance.now() - start
  db.close()
  if (n !== rows) throw new Error(`the anchor inserted ${n} of ${rows}`)
  return { ms }
}

/** The console: the file analysed, checked for its summary, and queued as one batch. */
async function consoleImport(file: string, dir: string, rows: number) {
  const { ctx, db } = await importContext(dir)
  const service = new ImportService(ctx)
  const start = performance.now()
  const analysis = await service.importFromFile(file)
  const analysed = performance.now()
  const { checkedAt: checked } = await checkAndQueue(service, analysis, TEMPLATE, rows)
  const queued = performance.now()
  service.close()
  await ctx.history.close()
  db.close()
  return {
    ms: queued - start,
    analyseMs: analysed - start,
    checkMs: checked - analysed,
    queueMs: queued - checked,
  }
}

/** Runs one side in a process of its own; its figures and its peak RSS come back. */
function side(which: 'anchor' | 'console', file: string, rows: number) {
  const dir = mkdtempSync(join(tmpdir(), `bench-import-${which}-`))
  try {
    const r = spawnSync(
      process.execPath,
      // With the console's V8 flags, as every benchmark process (the console's young
      // generation decides how much of each chunk's garbage reaches the old one).
      [...CONSOLE_NODE_FLAGS, '--import', 'tsx', __filename, `--${which}`, file, dir, String(rows)],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    )
    if (r.status !== 0) throw new Error(`the ${which} run failed (${r.status ?? r.signal})`)
    return JSON.parse(r.stdout) as Record<string, number>
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const round = (n: number) => Math.round(n)
const mb = (kb: number) => Math.round(kb / 1024)

async function main() {
  const [flag, file, dir, count] = process.argv.slice(2)
  if (flag === '--anchor' || flag === '--console') {
    const rows = Number(count)
    const figures =
      flag === '--anchor'
        ? await anchor(file as string, dir as string, rows)
        : await consoleImport(file as string, dir as string, rows)
    const cpu = process.cpuUsage()
    const out = {
      ...figures,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssKb: process.resourceUsage().maxRSS,
    }
    process.stdout.write(JSON.stringify(out))
    return
  }
  const rows = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000)
  const xlsx = process.argv.includes('--xlsx')
  const dirOfFile = mkdtempSync(join(tmpdir(), 'bench-import-'))
  try {
    const csv = join(dirOfFile, xlsx ? 'clients.xlsx' : 'clients.csv')
    await (xlsx ? generateXlsx(csv, rows) : generate(csv, rows))
    const a = side('anchor', csv, rows)
    const c = side('console', csv, rows)
    const ratio = (a.ms ?? 0) / (c.ms ?? 1)
    process.stdout.write(
      `${JSON.stringify(
        {
          rows,
          file: xlsx ? 'xlsx' : 'csv',
          fileBytes: statSync(csv).size,
          console: {
            ms: round(c.ms ?? 0),
            rowsPerSec: round(rows / ((c.ms ?? 1) / 1000)),
            analyseMs: round(c.analyseMs ?? 0),
            checkMs: round(c.checkMs ?? 0),
            queueMs: round(c.queueMs ?? 0),
            cpuMs: round(c.cpuMs ?? 0),
            peakRssMb: mb(c.peakRssKb ?? 0),
          },
          anchor: {
            ms: round(a.ms ?? 0),
            rowsPerSec: round(rows / ((a.ms ?? 1) / 1000)),
            cpuMs: round(a.cpuMs ?? 0),
            peakRssMb: mb(a.peakRssKb ?? 0),
          },
          // The anchor's time ÷ the console's: 1 would be as fast as parse-and-insert.
          ratio: Math.round(ratio * 100) / 100,
          peakRssMb: mb(c.peakRssKb ?? 0),
        },
        null,
        2,
      )}\n`,
    )
  } finally {
    rmSync(dirOfFile, { recursive: true, force: true })
  }
}

void main()
