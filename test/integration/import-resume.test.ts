// A bulk import broken off for real: a console process killed with SIGKILL in the middle of
// queueing a file (a CSV, and an Excel workbook), then started again on the same data folder to resume the import and to
// import the same file once more. The SMSC in this process counts what reaches it.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SandboxSmsc } from '../../src/main/core/providers/smpp/sim'
import type { BatchView, ImportSummary } from '../../src/shared/calls/imports'
import { waitFor } from '../helpers/wait'

const FIXTURE = join(__dirname, '../fixtures/import-console.ts')
const ROWS = 40_000
const PASSWORD = 'office-pw'

let dir: string
let smsc: SandboxSmsc
const children: ChildProcess[] = []

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'import-resume-'))
  smsc = new SandboxSmsc({
    systemId: 'office',
    password: PASSWORD,
    receiptDelayMs: 5,
    ratePerSecond: 0,
    maxRecords: 200_000,
  })
  await smsc.start()
})

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
  await smsc.stop()
  rmSync(dir, { recursive: true, force: true })
})

function phoneOf(i: number): string {
  return `7701${String(i).padStart(7, '0')}`
}

async function writeClients(kind: 'csv' | 'xlsx'): Promise<string> {
  const file = join(dir, `clients.${kind}`)
  if (kind === 'xlsx') {
    // As Excel keeps such a list: the numbers stored as numbers.
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true })
    const sheet = wb.addWorksheet('Clients')
    sheet.addRow(['phone', 'name', 'amount']).commit()
    for (let i = 0; i < ROWS; i++) {
      sheet.addRow([Number(phoneOf(i)), `Client ${i}`, `${i % 997}.00`]).commit()
    }
    sheet.commit()
    await wb.commit()
    return file
  }
  const lines = ['phone;name;amount']
  for (let i = 0; i < ROWS; i++) lines.push(`${phoneOf(i)};Client ${i};${i % 997}.00`)
  writeFileSync(file, lines.join('\r\n') + '\r\n')
  return file
}

interface Run {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
}

function run(action: 'start' | 'resume' | 'again', arg: string): Run {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', FIXTURE, join(dir, 'data'), String(smsc.port), action, arg],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SMSC_PASSWORD: PASSWORD } },
  )
  children.push(child)
  let out = ''
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (out += c))
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (out += c))
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  return { child, output: () => out, exited }
}

function line<T>(output: string, word: string): T {
  const m = new RegExp(`^${word} (.*)$`, 'm').exec(output)
  if (!m?.[1]) throw new Error(`no "${word}" line in:\n${output}`)
  return JSON.parse(m[1]) as T
}

/** The batch's committed progress, read from the console's own database file. */
function committed(batchId: number): { queued: number; importState: string } | null {
  let db: Database.Database | null = null
  try {
    db = new Database(join(dir, 'data', 'console.db'), { readonly: true, fileMustExist: true })
    const row = db
      .prepare('SELECT queued_rows, import_state FROM batches WHERE id = ?')
      .get(batchId) as { queued_rows: number; import_state: string } | undefined
    return row ? { queued: row.queued_rows, importState: row.import_state } : null
  } catch {
    return null
  } finally {
    db?.close()
  }
}

describe('an import broken off by SIGKILL', () => {
  // A workbook resumes from its sheet, read again from the file after the restart.
  it.each(['csv', 'xlsx'] as const)(
    '%s: resumes into its batch, and importing the file again queues nobody twice: each number reaches the SMSC once',
    async (kind) => {
      const file = await writeClients(kind)

      const first = run('start', file)
      await waitFor(() => /^batch \d+$/m.test(first.output()), 'the batch exists', 60_000)
      const batchId = Number(/^batch (\d+)$/m.exec(first.output())?.[1])
      let atKill: ReturnType<typeof committed> = null
      await waitFor(
        () => {
          atKill = committed(batchId)
          return atKill !== null && atKill.queued >= 2000
        },
        '2,000 rows queued',
        60_000,
      )
      first.child.kill('SIGKILL')
      await first.exited
      const killed = committed(batchId)
      // The kill must have caught the import half-way, or this test proves nothing.
      expect(killed?.importState, 'the import was still queueing when killed').toBe('importing')
      expect(killed?.queued ?? ROWS).toBeLessThan(ROWS)

      const second = run('resume', String(batchId))
      expect(await second.exited, second.output()).toBe(0)
      const resumed = line<BatchView>(second.output(), 'done')
      expect(resumed).toMatchObject({ id: batchId, importState: 'done', total: ROWS, skipped: 0 })

      const third = run('again', file)
      expect(await third.exited, third.output()).toBe(0)
      const checked = line<ImportSummary>(third.output(), 'checked')
      expect(checked.alreadyQueued).toBe(ROWS)
      expect(checked.earlier).toMatchObject({ batchId, importState: 'done', queued: ROWS })
      const again = line<BatchView>(third.output(), 'done')
      expect(again).toMatchObject({ importState: 'done', total: 0, skipped: ROWS })

      // None twice at the SMSC, and each queued once. A group the kill caught between its claim
      // and its submit is uncertain: never resent by itself, left to the agent. Every other
      // number reached the SMSC exactly once.
      const reached = new Map<string, number>()
      for (const s of smsc.submits) reached.set(s.dest, (reached.get(s.dest) ?? 0) + 1)
      const twice = [...reached].filter(([, n]) => n > 1).map(([p]) => p)
      expect(twice, 'numbers messaged twice').toEqual([])
      const db = new Database(join(dir, 'data', 'console.db'), { readonly: true })
      const rows = db.prepare('SELECT phone, state FROM messages').all() as {
        phone: string
        state: string
      }[]
      db.close()
      expect(rows).toHaveLength(ROWS)
      expect(new Set(rows.map((r) => r.phone)).size).toBe(ROWS)
      const lost = rows.filter((r) => !reached.has(r.phone) && r.state !== 'uncertain')
      expect(lost, 'queued messages that never reached the SMSC').toEqual([])
      const uncertain = rows.filter((r) => r.state === 'uncertain').length
      expect(reached.size).toBeGreaterThanOrEqual(ROWS - uncertain)
    },
  )
})
