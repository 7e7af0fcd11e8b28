// The disk under the data folder fills up for real (a tmpfs of a few megabytes filled to the
// last byte) in the middle of a send and in the middle of an import. Nothing may be lost or
// acknowledged before it is stored, the console must keep running and say what waits, and
// everything must go on by itself once space returns. Any unhandled rejection fails the run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SandboxSmsc } from '../../src/main/core/providers/smpp/sim'
import type { OutboxMessage, Reply } from '../../src/shared/contract'
import { startTestCore, type TestCore } from '../helpers/test-core'
import { fixedVault } from '../helpers/vault'
import { mountTmpfs, tmpfsUnavailable, type Tmpfs } from '../helpers/tmpfs'
import { waitFor, waitForValue } from '../helpers/wait'

const PASSWORD = 'office-pw'
// The keychain is not what this is about: the password lives in memory.
const vault = fixedVault('office', PASSWORD)

const suite = tmpfsUnavailable ? describe.skip : describe
const title = tmpfsUnavailable ? `a full disk (skipped: ${tmpfsUnavailable})` : 'a full disk'

let disk: Tmpfs
let outside: string
let smsc: SandboxSmsc
let t: TestCore | null = null
const storage = () => t?.pushed('storage.state') ?? []
const batches = () => t?.pushed('batch.updated') ?? []

beforeEach(async () => {
  // Room for everything these tests write: only the filler makes the disk full.
  disk = mountTmpfs(128)
  outside = mkdtempSync(join(tmpdir(), 'full-disk-'))
  smsc = new SandboxSmsc({
    systemId: 'office',
    password: PASSWORD,
    receiptDelayMs: 5,
    ratePerSecond: 0,
  })
  await smsc.start()
})

afterEach(async () => {
  disk.free()
  await t?.close()
  t = null
  await smsc.stop()
  disk.unmount()
  rmSync(outside, { recursive: true, force: true })
})

async function start(chooseImportFile?: () => Promise<string>) {
  t = await startTestCore({
    dataDir: join(disk.dir, 'data'),
    mode: 'electron',
    vault,
    smpp: { reconnectInitialMs: 50, reconnectMaxMs: 200 },
    ...(chooseImportFile ? { chooseImportFile } : {}),
  })
  const { call } = t
  await call('profiles.save', {
    kind: 'smpp',
    id: 'office',
    name: 'Office SMPP',
    hosts: [{ host: '127.0.0.1', port: smsc.port }],
    tls: false,
    systemId: 'office',
    systemType: [],
    window: 20,
    ratePerSecond: 200,
    longMessageMode: 'udh',
    senders: ['Office'],
  })
  return call
}

const phone = (i: number) => `7701${String(i).padStart(7, '0')}`

suite(title, () => {
  it('mid-send: answers and reports wait in memory, reports are acknowledged only once stored, and all goes on when space returns', async () => {
    const call = await start()
    const sent: OutboxMessage[] = []
    for (let i = 0; i < 300; i++) {
      sent.push(
        await call('messages.send', {
          profileId: 'office',
          sender: 'Office',
          phone: phone(i),
          text: `Reminder ${i}`,
        }),
      )
    }
    // The disk fills up while messages are on their way: their answers and reports are due.
    // The SMSC keeps its answers from here on, so some are sure to come after the disk is full.
    await waitFor(() => smsc.submits.length >= 30, 'sending under way')
    smsc.holdResponses = true
    await waitFor(() => smsc.responsesHeld >= 5, 'messages out, their answers not given yet')
    expect(disk.fill()).toBeGreaterThan(0)
    // The log the database writes through is reused once copied, so the first answers may still
    // fit: they come one by one until one cannot be stored.
    const answersWait = () => storage().some((s) => s.status === 'full' && s.waiting > 0)
    while (!answersWait()) {
      expect(smsc.responsesHeld, 'answers stored on a full disk').toBeGreaterThan(0)
      const updates = t?.pushed('message.updated').length ?? 0
      smsc.releaseResponses(1)
      await waitFor(
        () => answersWait() || (t?.pushed('message.updated').length ?? 0) > updates,
        'the answer stored, or held for the disk',
        60_000,
      )
    }
    // The console says the disk is full and what waits; the other answers join what waits.
    smsc.holdResponses = false
    smsc.releaseResponses()
    // Reports it could not store are not answered: the SMSC keeps them to deliver again.
    await waitFor(
      () => smsc.stats.deliverSmSent > smsc.stats.deliverSmAnswered,
      'delivery reports left unanswered while they cannot be stored',
      60_000,
    )
    // The console still answers, and a refused call says why instead of failing obscurely.
    expect((await call('storage.state', {})).status).toBe('full')
    const reply = (await t?.core.handle('messages.send', {
      profileId: 'office',
      sender: 'Office',
      phone: phone(999),
      text: 'During the outage',
    })) as Reply<OutboxMessage>
    if (!reply.ok) expect(reply.error.phrase?.id).toBe('storage.full')
    const expected = reply.ok ? 301 : 300

    disk.free()
    await waitFor(
      () => storage().at(-1)?.status === 'ok',
      'the storage problem clears by itself',
      60_000,
    )
    await waitFor(
      () => smsc.stats.deliverSmAnswered === smsc.stats.deliverSmSent,
      'every report answered once stored',
      60_000,
    )
    // Every message ends delivered, or the first one that does not fails the test here.
    const messages = await waitForValue(
      () => call('messages.recent', { limit: 500 }),
      (list) =>
        list.every((m) => m.state === 'delivered') ||
        list.some((m) => ['uncertain', 'failed', 'expired'].includes(m.state)),
      'every message delivered',
      60_000,
    )
    expect(messages.map((m) => m.state).filter((s) => s !== 'delivered')).toEqual([])
    expect(messages).toHaveLength(expected)
    const reached = new Map<string, number>()
    for (const s of smsc.submits) reached.set(s.dest, (reached.get(s.dest) ?? 0) + 1)
    for (const m of sent) expect(reached.get(m.phone), m.phone).toBe(1)
  })

  it('mid-import: the import waits, saying how many rows wait, and finishes by itself when space returns', async () => {
    const rows = 60_000
    const file = join(outside, 'clients.csv')
    const lines = ['phone;name']
    for (let i = 0; i < rows; i++) lines.push(`${phone(i)};Client ${i}`)
    writeFileSync(file, lines.join('\r\n') + '\r\n')
    // Nothing is sent meanwhile: the SMSC is away, the messages stay queued.
    await smsc.stop()
    const call = await start(async () => file)

    const opened = await call('import.openFile', { title: 'Open' })
    const analysis = opened.analysis
    if (!analysis) throw new Error('no analysis')
    const mapping = {
      uploadId: analysis.uploadId,
      profileId: 'office',
      sender: 'Office',
      phoneColumn: 0,
      template: 'Dear #name#, your order is ready',
    }
    // As the screen does it: checked first, then queued from the check's verdicts.
    expect((await call('import.validate', mapping)).recipients).toBe(rows)
    const batch = await call('import.start', mapping)
    await waitForValue(
      () => call('batch.get', { batchId: batch.id }),
      (b) => b.total >= 2000,
      '2,000 rows queued',
      60_000,
    )
    // Synchronous: the import, on this same event loop, cannot move on while the disk fills.
    disk.fill()

    await waitFor(
      () => batches().some((b) => b.id === batch.id && b.waiting !== null),
      'the batch says it waits for the disk',
      60_000,
    )
    const waiting = batches()
      .filter((b) => b.id === batch.id && b.waiting)
      .at(-1)
    expect(waiting?.waiting).toMatchObject({ reason: 'full' })
    expect(waiting?.waiting?.rows).toBeGreaterThan(0)
    expect(waiting?.waiting?.rows).toBeLessThanOrEqual(rows)
    expect(waiting?.importState).toBe('importing')
    await waitFor(
      () => storage().some((s) => s.status === 'full' && s.waiting > 0),
      'the header hears about it',
    )

    disk.free()
    await waitFor(
      () => batches().some((b) => b.id === batch.id && b.importState === 'done'),
      'the import finishes once space returns',
      120_000,
    )
    const done = await call('batch.get', { batchId: batch.id })
    expect(done).toMatchObject({ importState: 'done', total: rows, rejected: 0, waiting: null })
    expect(done.counters.queued).toBe(rows)
    await waitFor(() => storage().at(-1)?.status === 'ok', 'the storage problem clears')
  })
})
