// The outbox, dispatcher and SMPP session together against the sandbox SMSC over real
// sockets and real SQLite files: offline queueing, and a SIGKILL in the middle of a send.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src/main/core/db/database'
import { Dispatcher } from '../../src/main/core/dispatcher/dispatcher'
import { Outbox, type NewMessage } from '../../src/main/core/outbox/outbox'
import { SqliteOutboxStore } from '../../src/main/core/stores/sqlite'
import { ProfileStore } from '../../src/main/core/profiles/profiles'
import { messageIdKeys } from '../../src/main/core/providers/smpp/receipt'
import { SmppSession } from '../../src/main/core/providers/smpp/session'
import { SandboxSmsc } from '../../src/main/core/providers/smpp/sim'
import { waitFor } from '../helpers/wait'
import { sandboxProfiles } from '../../src/main/core/profiles/input'

const PASSWORD = 'sandbox-pw'
let dir: string
let smsc: SandboxSmsc
const cleanups: (() => Promise<void> | void)[] = []

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'delivery-'))
  // No server-side limit: the clients below pace themselves.
  smsc = new SandboxSmsc({
    systemId: 'sandbox',
    password: PASSWORD,
    receiptDelayMs: 5,
    ratePerSecond: 0,
  })
  await smsc.start()
})

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
  await smsc.stop()
  rmSync(dir, { recursive: true, force: true })
})

function openOutbox(): { db: Db; outbox: Outbox } {
  const db = openDatabase(join(dir, 'console.db'))
  new ProfileStore(db).ensureSandbox(sandboxProfiles())
  return { db, outbox: new Outbox(db, { idKeys: messageIdKeys }) }
}

/** `count` bulk messages to numbers `<prefix>0000000`…, texts `<word> 0`…. */
function bulk(count: number, prefix: string, word: string): NewMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    profileId: 'sandbox',
    sender: 'InfoDesk',
    phone: `${prefix}${String(i).padStart(11 - prefix.length, '0')}`,
    text: `${word} ${i}`,
    priority: 1 as const,
  }))
}

/** How many times each text reached the SMSC. */
function arrivals(): Map<string, number> {
  const seen = new Map<string, number>()
  for (const s of smsc.submits) seen.set(s.text, (seen.get(s.text) ?? 0) + 1)
  return seen
}

/**
 * Outbox → dispatcher → SMPP session → the sandbox SMSC, torn down after the test. `store`
 * wraps the outbox's store as the dispatcher sees it (to count its calls).
 */
function startSending(o: {
  window: number
  ratePerSecond: number
  store?: (store: SqliteOutboxStore) => SqliteOutboxStore
}) {
  const { db, outbox } = openOutbox()
  const store = new SqliteOutboxStore(outbox)
  const errors: unknown[] = []
  const session = new SmppSession({
    profileId: 'sandbox',
    hosts: [{ host: '127.0.0.1', port: smsc.port }],
    systemId: 'sandbox',
    password: PASSWORD,
    window: o.window,
    ratePerSecond: o.ratePerSecond,
    reconnectInitialMs: 50,
    reconnectMaxMs: 300,
  })
  const dispatcher = new Dispatcher({
    outbox: o.store ? o.store(store) : store,
    connection: session,
    maxInFlight: o.window,
    retryDelayMs: 50,
    onChange: () => {},
    onError: (err) => errors.push(err),
  })
  cleanups.push(async () => {
    await dispatcher.stop()
    await session.stop()
    db.close()
  })
  dispatcher.start()
  session.start()
  return { outbox, session, dispatcher, errors }
}

describe('priority', () => {
  it('a one-off goes ahead of bulk already waiting in the session', async () => {
    const { outbox, session, dispatcher } = startSending({ window: 10, ratePerSecond: 20 })
    await waitFor(() => session.state().status === 'bound', 'bind')
    outbox.enqueueMany(bulk(60, '7701000', 'bulk'))
    dispatcher.wake()
    await waitFor(() => smsc.submits.length >= 3, 'bulk under way')
    const arrivedBefore = smsc.submits.length
    outbox.enqueue({
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phone: '77019999999',
      text: 'urgent',
    })
    dispatcher.wake()
    await waitFor(() => smsc.submits.some((s) => s.text === 'urgent'), 'urgent arrives')
    const position = smsc.submits.findIndex((s) => s.text === 'urgent')
    // It waits for one free slot of the dispatcher, then jumps the ~10 bulk messages the
    // session holds: without the jump it would arrive about ten places later.
    expect(position).toBeLessThan(arrivedBefore + 4)
    expect(smsc.submits.length).toBeLessThan(60)
  })
})

describe('offline', () => {
  it('keeps sends queued while the SMSC is down and sends each exactly once after it returns', async () => {
    const { outbox, session, dispatcher, errors } = startSending({ window: 20, ratePerSecond: 500 })
    await waitFor(() => session.state().status === 'bound', 'first bind')

    await smsc.stop()
    await waitFor(() => session.state().status !== 'bound', 'session notices the SMSC is gone')

    for (let i = 0; i < 50; i++) {
      outbox.enqueue({
        profileId: 'sandbox',
        sender: 'InfoDesk',
        phone: `99290100${String(i).padStart(4, '0')}`,
        text: `offline ${i}`,
      })
    }
    dispatcher.wake()
    // While offline nothing may be lost, accepted or made uncertain: all wait in the queue.
    await new Promise((r) => setTimeout(r, 300))
    const offlineCounts = outbox.counts()
    expect(offlineCounts.uncertain ?? 0).toBe(0)
    expect(offlineCounts.accepted ?? 0).toBe(0)
    expect((offlineCounts.queued ?? 0) + (offlineCounts.sending ?? 0)).toBe(50)

    await smsc.start()
    await waitFor(() => outbox.counts().delivered === 50, 'all 50 delivered after reconnect')

    const seen = arrivals()
    expect(seen.size).toBe(50)
    for (let i = 0; i < 50; i++) expect(seen.get(`offline ${i}`), `offline ${i}`).toBe(1)
    expect(errors).toEqual([])
  })
})

describe('restart safety', () => {
  it('after SIGKILL mid-send of 1,000 messages, none is lost and none is submitted twice', async () => {
    const { db, outbox } = openOutbox()
    expect(outbox.enqueueMany(bulk(1000, '7701', 'restart'))).toBe(1000)
    db.close()

    const first = startChild()
    await waitFor(() => smsc.submits.length >= 200, 'first process is half-way', 60_000)
    first.kill('SIGKILL')
    await exited(first)
    const beforeRestart = smsc.submits.length
    expect(beforeRestart).toBeLessThan(1000)
    // What the kill caught mid-send, as the restart will find it.
    const caught = openOutbox()
    const midSend = (
      caught.db.prepare(`SELECT text FROM messages WHERE state = 'sending'`).all() as {
        text: string
      }[]
    ).map((r) => r.text)
    caught.db.close()

    const second = startChild()
    const output = await exited(second)
    expect(output).toMatch(/recovered \d+/)
    expect(output).toContain('done')
    expect(smsc.submits.length).toBeGreaterThan(beforeRestart)

    const after = openOutbox()
    cleanups.push(() => {
      after.db.close()
    })
    const rows = after.db.prepare('SELECT text, state FROM messages').all() as {
      text: string
      state: string
    }[]
    expect(rows).toHaveLength(1000)
    // Exactly those are uncertain now: the restart holds back nothing the first one had not claimed.
    expect(output).toContain(`recovered ${midSend.length}\n`)
    expect(
      rows
        .filter((r) => r.state === 'uncertain')
        .map((r) => r.text)
        .sort(),
    ).toEqual(midSend.sort())
    const seen = arrivals()
    for (const row of rows) {
      const count = seen.get(row.text) ?? 0
      expect(count, `${row.text} submitted ${count} times`).toBeLessThanOrEqual(1)
      if (row.state === 'uncertain') continue
      expect(['accepted', 'delivered'], `${row.text} is ${row.state}`).toContain(row.state)
      expect(count, `${row.text} is ${row.state} but reached the SMSC ${count} times`).toBe(1)
    }
    // Every text the SMSC received belongs to a stored message.
    const texts = new Set(rows.map((r) => r.text))
    for (const t of seen.keys()) expect(texts.has(t)).toBe(true)
  })
})

describe('marked sending only as it goes out', () => {
  it('after SIGKILL at a low rate, every message left uncertain had reached the SMSC', async () => {
    const { db, outbox } = openOutbox()
    expect(outbox.enqueueMany(bulk(300, '7702', 'slow'))).toBe(300)
    db.close()

    // 20 a second with a window of 50: the rate, not the window, holds messages back.
    const first = startChild(20)
    await waitFor(() => smsc.submits.length >= 40, 'forty messages out', 60_000)
    first.kill('SIGKILL')
    await exited(first)
    // Whatever the child wrote before it died is read once the SMSC sees its connection close.
    await waitFor(() => smsc.boundCount() === 0, 'the SMSC sees the connection close')
    const reached = new Set(arrivals().keys())

    const caught = openOutbox()
    cleanups.push(() => {
      caught.db.close()
    })
    const midSend = (
      caught.db.prepare(`SELECT text FROM messages WHERE state = 'sending' ORDER BY id`).all() as {
        text: string
      }[]
    ).map((r) => r.text)
    const notReached = midSend.filter((t) => !reached.has(t))
    // A claim is committed before its submits are written (so nothing goes out unrecorded): a
    // kill between the two, e.g. while the commit waits for the disk, leaves that one claim
    // marked sending. A claim is only what the session writes at once — at 20 a second, at
    // most 2 — never the messages waiting for the rate; and it is the newest.
    expect(
      notReached.length,
      `marked sending but never written: ${notReached.join(', ')}`,
    ).toBeLessThanOrEqual(2)
    expect(notReached, 'only the newest claim may be unwritten').toEqual(
      midSend.slice(midSend.length - notReached.length),
    )
    const queued = caught.outbox.counts().queued ?? 0
    // Most of the file was still waiting, unclaimed, for its turn.
    expect(queued).toBeGreaterThan(200)
  })
})

function startChild(rate = 400): ChildProcess & { output: string } {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(__dirname, '../fixtures/send-outbox.ts'),
      join(dir, 'console.db'),
      String(smsc.port),
      PASSWORD,
      String(rate),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  ) as ChildProcess & { output: string }
  child.output = ''
  child.stdout?.on('data', (d: Buffer) => (child.output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (child.output += d.toString()))
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
  })
  return child
}

function exited(child: ChildProcess & { output: string }): Promise<string> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.output)
    else child.once('exit', () => resolve(child.output))
  })
}

describe('group commits', () => {
  it('claim what is due next with the answers that freed the window: one durable commit for both', async () => {
    const N = 3000
    // The real store, counted: claims on their own, and claims made along with answers.
    const counted = { alone: 0, along: 0 }
    const counting = (store: SqliteOutboxStore) => {
      const claimDue = store.claimDue.bind(store)
      store.claimDue = async (profileId, limit) => {
        const claim = await claimDue(profileId, limit)
        counted.alone += claim.claimed.length
        return claim
      }
      const applyAnswers = store.applyAnswers.bind(store)
      store.applyAnswers = async (profileId, results, receipts, policy, claimUpTo) => {
        const answered = await applyAnswers(profileId, results, receipts, policy, claimUpTo)
        counted.along += answered.claim?.claimed.length ?? 0
        return answered
      }
      return store
    }
    const { outbox, dispatcher, errors } = startSending({
      window: 200,
      ratePerSecond: 100_000,
      store: counting,
    })
    outbox.enqueueMany(bulk(N, '7701', 'Along'))
    dispatcher.wake()
    await waitFor(() => outbox.counts().delivered === N, 'every message delivered', 60_000).catch(
      (err: unknown) => {
        throw new Error(`${String(err)}: ${JSON.stringify({ ...outbox.counts(), ...counted })}`)
      },
    )

    expect(errors).toEqual([])
    expect(counted.alone + counted.along).toBe(N)
    // Most of the send went out with a group commit's claim (only the first claims, and those
    // made while no answer waited, go alone).
    expect(counted.along).toBeGreaterThan(N / 2)
    expect([...arrivals().values()].every((n) => n === 1)).toBe(true)
    expect(arrivals().size).toBe(N)
  })
})
