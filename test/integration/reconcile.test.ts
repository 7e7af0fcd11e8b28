// Uncertain messages settled by the provider after a restart. A console process is killed with
// SIGKILL while SMSC's HTTP API (its simulator, over real HTTP) holds three of its sends
// unanswered; one more message is left claimed but never sent, as a crash between the claim and
// the request leaves it. On the next start the console asks SMSC about each by our id.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { Outbox, steadyPolls } from '../../src/main/core/outbox/outbox'
import { SmscHttpSimulator } from '../../src/main/core/providers/smsc-http/sim'
import { SandboxSmsc } from '../../src/main/core/providers/smpp/sim'
import type { CallRequest, OutboxMessage } from '../../src/shared/contract'
import { startTestCore, type TestCore } from '../helpers/test-core'
import { fixedVault } from '../helpers/vault'
import { waitFor, waitForValue } from '../helpers/wait'

const FIXTURE = join(__dirname, '../fixtures/send-console.ts')
const PASSWORD = 'office-pw'
// Numbers ending in 00 or 99 fail or expire in the simulator: these end in 10…20.
const FIRST_PHONE = 77010000010

let dir: string
let sim: SmscHttpSimulator
let t: TestCore | null = null
const children: ChildProcess[] = []

// The keychain is not what this is about: the password lives in memory.
const vault = fixedVault('office', PASSWORD)

function profile(): CallRequest<'profiles.save'> {
  return {
    kind: 'smsc-http',
    id: 'office',
    name: 'Office SMSC',
    baseUrl: `${sim.url}/`,
    backupUrl: null,
    senders: ['Office'],
    login: 'office',
    timeoutMs: 60_000,
    concurrency: 4,
  }
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reconcile-'))
  sim = new SmscHttpSimulator({
    login: 'office',
    password: PASSWORD,
    operatorAfterMs: 20,
    finalAfterMs: 50,
  })
  await sim.start()
})

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
  await t?.close()
  t = null
  await sim.stop()
  rmSync(dir, { recursive: true, force: true })
})

/** Messages by state, read from the console's database file while another process runs it. */
function states(): Record<string, number> {
  const db = new Database(join(dir, 'console.db'), { readonly: true, fileMustExist: true })
  try {
    const rows = db.prepare('SELECT state, COUNT(*) AS n FROM messages GROUP BY state').all() as {
      state: string
      n: number
    }[]
    return Object.fromEntries(rows.map((r) => [r.state, r.n]))
  } finally {
    db.close()
  }
}

describe('uncertain messages after a restart', () => {
  it('are asked about by our id: those SMSC holds settle, the one it never got goes out once under the same id', async () => {
    // SMSC takes three sends and holds their answers: the console is killed waiting for them.
    for (let i = 0; i < 3; i++) sim.sim.fault({ kind: 'slow', ms: 300_000, path: '/sys/send.php' })
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', FIXTURE, dir, '10', String(FIRST_PHONE)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, PROFILE: JSON.stringify(profile()), PROFILE_PASSWORD: PASSWORD },
      },
    )
    children.push(child)
    let out = ''
    child.stdout?.setEncoding('utf8').on('data', (c: string) => (out += c))
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (out += c))
    await waitFor(() => sim.messages.length === 10, 'SMSC has taken all ten sends', 60_000)
    await waitFor(
      () => {
        try {
          const s = states()
          return s.accepted === 7 && s.sending === 3
        } catch {
          return false
        }
      },
      'seven answered, three waiting for their answer',
      60_000,
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${out}`)
    })
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited

    // A crash between the claim and the request: claimed, never sent.
    const db = openDatabase(join(dir, 'console.db'))
    const outbox = new Outbox(db)
    const lost = outbox.enqueue({
      profileId: 'office',
      sender: 'Office',
      phone: String(FIRST_PHONE + 10),
      text: 'Your code is 1010',
    })
    expect(outbox.claimDue('office', 10).claimed.map((m) => m.id)).toEqual([lost.id])
    db.close()
    // What the next start finds: four messages that may or may not have reached SMSC.
    expect(states()).toEqual({ accepted: 7, sending: 4 })

    t = await startTestCore({
      dataDir: dir,
      vault,
      dispatcher: { pollTickMs: 20, policy: { pollAfterMs: 50, polls: steadyPolls(50) } },
    })
    const { call } = t
    await call('profiles.save', profile())

    const messages = await waitForValue(
      () => call('messages.recent', { limit: 50 }),
      (list) => list.every((m) => ['delivered', 'failed', 'expired'].includes(m.state)),
      'all eleven settled',
      60_000,
    )
    expect(messages).toHaveLength(11)
    expect(messages.filter((m) => m.state !== 'delivered')).toEqual([])
    // The one SMSC never got went out again; the three it held were settled by asking.
    const resent = t
      .pushed('message.updated')
      .filter((m) => m.errorCode === 'outbox:resent-same-key')
    expect(resent.map((m) => m.id)).toEqual([lost.id])

    // Each number reached SMSC exactly once.
    const sends = new Map<string, number>()
    for (const m of sim.messages) sends.set(m.phone, (sends.get(m.phone) ?? 0) + 1)
    expect(sends.size).toBe(11)
    for (const [phone, n] of sends) expect(n, phone).toBe(1)
  })
})

describe('uncertain SMPP messages after a restart', () => {
  it('one with an SMSC id is settled by query_sm; one without stays for the agent', async () => {
    const smsc = new SandboxSmsc({
      systemId: 'office',
      password: PASSWORD,
      receiptDelayMs: 5,
      ratePerSecond: 0,
    })
    await smsc.start()
    const smpp: CallRequest<'profiles.save'> = {
      kind: 'smpp',
      id: 'office',
      name: 'Office SMPP',
      hosts: [{ host: '127.0.0.1', port: smsc.port }],
      tls: false,
      systemId: 'office',
      systemType: [],
      window: 10,
      ratePerSecond: 100,
      longMessageMode: 'udh',
      senders: ['Office'],
    }
    try {
      t = await startTestCore({ dataDir: dir, vault })
      const { call } = t
      await call('profiles.save', smpp)
      const sent: OutboxMessage[] = []
      for (const phone of ['77010000011', '77010000012']) {
        sent.push(
          await call('messages.send', { profileId: 'office', sender: 'Office', phone, text: 'Hi' }),
        )
      }
      await waitForValue(
        () => call('messages.recent', { limit: 10 }),
        (list) => list.filter((m) => m.state === 'delivered').length === 2,
        'both delivered',
      )
      await t.stop()
      const [known, lost] = sent as [OutboxMessage, OutboxMessage]
      // As a submit whose answer came for one part only, and one whose answer never came, leave them.
      const db = new Database(join(dir, 'console.db'))
      db.prepare(
        `UPDATE messages SET state = 'uncertain', error_code = 'outbox:uncertain' WHERE id IN (?, ?)`,
      ).run(known.id, lost.id)
      db.prepare(`UPDATE messages SET provider_ids = '[]' WHERE id = ?`).run(lost.id)
      db.close()

      await t.restart()
      await waitFor(() => smsc.stats.querySmReceived >= 1, 'the SMSC is asked with query_sm')
      const after = await waitForValue(
        () => call('messages.recent', { limit: 10 }),
        (list) => list.find((m) => m.id === known.id)?.state === 'delivered',
        'the one with an id settled',
      )
      expect(after.find((m) => m.id === lost.id)?.state).toBe('uncertain')
      // Nothing was sent again: SMPP cannot dedupe, so only the agent may resend.
      expect(smsc.submits).toHaveLength(2)
    } finally {
      await t?.close()
      t = null
      await smsc.stop()
    }
  })
})
