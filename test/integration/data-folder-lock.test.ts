// One console per data folder, with real processes: a console holds its folder; a second
// console on the same folder names the holder, exits non-zero and leaves every file in the
// folder (database, uploads, logs) byte for byte as it was, in-flight messages included; once
// the holder is killed with SIGKILL, the kernel has let the lock go and a new console starts.
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { startConsole, stopConsole, type ConsoleProcess } from '../helpers/console-process'

const started: ConsoleProcess[] = []
const dirs: string[] = []

afterEach(() => {
  for (const p of started.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill('SIGCONT')
      p.child.kill('SIGKILL')
    }
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function run(dataDir: string, args: string[] = []): ConsoleProcess {
  const p = startConsole(dataDir, args)
  started.push(p)
  return p
}

/** Its exit code, or 'started' if it started on the folder instead of refusing it. */
function outcome(p: ConsoleProcess): Promise<number | null | 'started'> {
  return Promise.race([p.exited, p.ready.then(() => 'started' as const)])
}

/** Every file under `dir` by its path, with its size and SHA-256. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name)
      if (entry.isDirectory()) walk(path)
      else {
        const bytes = readFileSync(path)
        out[relative(dir, path)] =
          `${statSync(path).size}:${createHash('sha256').update(bytes).digest('hex')}`
      }
    }
  }
  walk(dir)
  return out
}

/** 50 messages the SMSC has accepted an instant ago, as a console holds them mid-send. */
function addInFlight(dbFile: string): void {
  const db = new Database(dbFile)
  try {
    db.pragma('busy_timeout = 5000')
    const now = Date.now()
    const insert = db.prepare(`INSERT INTO messages (idempotency_key, profile_id, sender, phone,
      text, encoding, parts, state, next_attempt_at, created_at, updated_at)
      VALUES (?, 'sandbox', 'SANDBOX', ?, ?, 'GSM7', 1, 'sending', ?, ?, ?)`)
    db.transaction(() => {
      for (let i = 0; i < 50; i++) {
        insert.run(`in-flight-${i}`, `9929000${String(i).padStart(5, '0')}`, `m${i}`, now, now, now)
      }
    })()
  } finally {
    db.close()
  }
}

function countState(dbFile: string, state: string): number {
  const db = new Database(dbFile, { readonly: true })
  try {
    return (
      db.prepare('SELECT count(*) AS n FROM messages WHERE state = ?').get(state) as { n: number }
    ).n
  } finally {
    db.close()
  }
}

describe.skipIf(process.platform === 'win32')('one console per data folder', () => {
  it('a second console names the holder, exits non-zero and changes nothing; after SIGKILL a new one starts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'console-lock-'))
    dirs.push(dataDir)
    const dbFile = join(dataDir, 'console.db')

    const first = run(dataDir)
    await first.ready
    // What a second console would wreck: an upload being received and messages mid-send.
    writeFileSync(
      join(dataDir, 'imports', 'upload-in-progress.csv'),
      'phone;text\n992900000001;Hi\n',
    )
    addInFlight(dbFile)

    // SIGSTOP freezes the holder (its lock stays held by the kernel) so nothing it writes on its
    // own (log lines, a checkpoint) can change the folder while the second one runs.
    first.child.kill('SIGSTOP')
    const before = snapshot(dataDir)
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining(['console.db', 'imports/upload-in-progress.csv', 'logs/console.log']),
    )

    const second = run(dataDir)
    const code = await outcome(second)
    expect(code, second.output()).toBe(1)
    expect(second.output()).toMatch(/^refused locked: /m)
    expect(second.output()).toContain(`process ${first.child.pid}`)
    expect(second.output()).toContain(dataDir)
    expect(second.output()).not.toMatch(/^ready/m)

    expect(snapshot(dataDir)).toEqual(before)
    expect(existsSync(join(dataDir, 'imports', 'upload-in-progress.csv'))).toBe(true)
    expect(countState(dbFile, 'sending')).toBe(50)
    expect(countState(dbFile, 'uncertain')).toBe(0)

    // The holder dies without closing anything: the OS releases its lock.
    first.child.kill('SIGKILL')
    first.child.kill('SIGCONT')
    await first.exited

    const third = run(dataDir)
    await third.ready
    // It is the folder's console now: what was mid-send when the holder died is uncertain.
    expect(countState(dbFile, 'uncertain')).toBe(50)
    const holder = JSON.parse(readFileSync(join(dataDir, 'console.lock.json'), 'utf8')) as {
      pid: number
      mode: string
    }
    expect(holder).toMatchObject({ pid: third.child.pid, mode: 'browser' })

    // And while it runs, the folder is refused to the next one in turn, naming it.
    const fourth = run(dataDir)
    expect(await outcome(fourth), fourth.output()).toBe(1)
    expect(fourth.output()).toContain(`process ${third.child.pid}`)

    expect(await stopConsole(third)).toBe(0)
    // A clean close lets the folder go: the holder's note goes with it.
    expect(existsSync(join(dataDir, 'console.lock.json'))).toBe(false)
    const fifth = run(dataDir)
    await fifth.ready
    expect(await stopConsole(fifth)).toBe(0)
  })
})
