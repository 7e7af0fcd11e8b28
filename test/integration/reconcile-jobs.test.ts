// The provider's own record reconciled with ours, through the real core against SMSC's HTTP
// simulator over real HTTP: messages sent, the simulator's record made to differ (a message sent
// from elsewhere, one it lost, another status, another price, and one of ours uncertain), an export
// job started, followed until done, compared — exactly the expected differences — and the
// provider's status adopted for the uncertain one through the outbox (a trail step, a push).
// A malformed file, a failed and a cancelled job end saying so; nothing stored is touched.
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { steadyPolls } from '../../src/main/core/outbox/outbox'
import { SmscHttpSimulator } from '../../src/main/core/providers/smsc-http/sim'
import type { ReconcileJob } from '../../src/shared/calls/reconcile'
import type { CallRequest, OutboxMessage } from '../../src/shared/contract'
import { startTestCore, type TestCore } from '../helpers/test-core'
import { fixedVault } from '../helpers/vault'
import { waitFor } from '../helpers/wait'

const PASSWORD = 'office-pw'
/** The window of repeated requests, on both sides, shortened from a minute. */
const WINDOW_MS = 1000

let sim: SmscHttpSimulator
let t: TestCore

function profile(): CallRequest<'profiles.save'> {
  return {
    kind: 'smsc-http',
    id: 'office',
    name: 'Office SMSC',
    baseUrl: `${sim.url}/`,
    backupUrl: null,
    senders: ['Office'],
    login: 'office',
    timeoutMs: 10_000,
    concurrency: 2,
  }
}

/** A day of the server's calendar (Moscow), `daysAgo` before today. */
function day(daysAgo = 0): string {
  return new Date(Date.now() + 180 * 60_000 - daysAgo * 86_400_000).toISOString().slice(0, 10)
}

beforeAll(async () => {
  sim = new SmscHttpSimulator({
    login: 'office',
    password: PASSWORD,
    operatorAfterMs: 20,
    finalAfterMs: 60,
    repeatWindowMs: WINDOW_MS,
    exports: { runAfterMs: 100, doneAfterMs: 350 },
  })
  await sim.start()
  t = await startTestCore({
    vault: fixedVault('office', PASSWORD),
    dispatcher: { pollTickMs: 20, policy: { pollAfterMs: 40, polls: steadyPolls(40) } },
    reconcile: { firstCheckMs: 150, checkEveryMs: 250, retryMs: 300, sweepMs: 500 },
    'smsc-http': { limiterWindowMs: WINDOW_MS },
  })
  await t.call('profiles.save', profile())
})

afterAll(async () => {
  await t?.close()
  await sim?.stop()
})

/** The job as last pushed, once `done` holds for it. */
async function pushedJob(id: number, done: (job: ReconcileJob) => boolean, what: string) {
  let found: ReconcileJob | undefined
  await waitFor(() => {
    found = t
      .pushed('reconcile.job')
      .filter((j) => j.id === id)
      .at(-1)
    return found !== undefined && done(found)
  }, what)
  return found as ReconcileJob
}

async function send(phone: string, text: string): Promise<OutboxMessage> {
  return t.call('messages.send', { profileId: 'office', sender: 'Office', phone, text })
}

describe('reconciling with the provider’s own record', () => {
  it('finds each kind of difference, and adopts the provider’s status for an uncertain message', async () => {
    const same = await send('77010000011', 'Ваш заказ готов')
    const dearer = await send('77010000012', 'Ваш заказ в пути')
    const failedThere = await send('77010000013', 'Код 4821')
    const uncertain = await send('77010000014', 'Напоминание о записи')
    const lost = await send('77010000015', 'Спасибо за покупку')
    const all = [same, dearer, failedThere, uncertain, lost]
    await waitFor(
      () => all.every((m) => t.latest(m.id)?.state === 'delivered'),
      'all five delivered',
    )
    // SMSC knows each by our numeric client id (send.php's id=).
    const idOf = (m: OutboxMessage) => Number(t.latest(m.id)?.providerIds[0])
    expect(sim.messages.map((m) => m.id).sort()).toEqual(all.map(idOf).sort())

    // The provider's record differs from ours.
    sim.exports.alter(dearer.phone, idOf(dearer), { cost: 3.1 })
    sim.exports.alter(failedThere.phone, idOf(failedThere), { status: 20, err: 6 })
    sim.exports.lose(lost.phone, idOf(lost))
    sim.exports.sentElsewhere({ phone: '77010000077', text: 'Акция: −10% (с сайта)', cost: 4 })
    // One of ours left uncertain, as a submit whose answer never came leaves it.
    const side = new Database(join(t.dir, 'console.db'))
    side
      .prepare(
        `UPDATE messages SET state = 'uncertain', error_code = 'outbox:uncertain',
          provider_ids = '[]', next_poll_at = NULL WHERE id = ?`,
      )
      .run(uncertain.id)
    side.prepare('DELETE FROM message_provider_ids WHERE message_id = ?').run(uncertain.id)
    side.prepare('DELETE FROM delivery_receipts WHERE message_id = ?').run(uncertain.id)
    side.close()

    const today = day()
    const request = { profileId: 'office', from: today, to: today, requestKey: 'reconcile-key-1' }
    const started = await t.call('reconcile.start', request)
    expect(started).toMatchObject({
      profileId: 'office',
      from: today,
      to: today,
      state: 'waiting',
      providerJobId: String(sim.exports.list()[0]?.id),
      counts: null,
    })
    // The same key again starts nothing new.
    expect((await t.call('reconcile.start', request)).id).toBe(started.id)
    expect(sim.exports.list()).toHaveLength(1)

    const compared = await pushedJob(started.id, (j) => j.state === 'compared', 'compared')
    // Its status moved as the provider's did, each change pushed.
    const states = t
      .pushed('reconcile.job')
      .filter((j) => j.id === started.id)
      .map((j) => j.state)
    expect(states[0]).toBe('waiting')
    expect(states.at(-2)).toBe('downloading')
    expect(compared).toMatchObject({
      counts: { theirs: 1, ours: 1, status: 2, price: 1 },
      providerRows: 5,
      ourRows: 5,
      adoptable: 1,
      error: null,
    })
    expect(await t.call('reconcile.job', { id: started.id })).toEqual(compared)
    expect((await t.call('reconcile.jobs', { profileId: 'office' }))[0]).toEqual(compared)

    const diff = async (kind: 'theirs' | 'ours' | 'status' | 'price') =>
      (await t.call('reconcile.differences', { id: started.id, kind })).rows
    expect(await diff('theirs')).toEqual([
      expect.objectContaining({
        messageId: null,
        phone: '77010000077',
        theirStatus: '1',
        theirOutcome: 'delivered',
        theirPrice: 4,
        text: 'Акция: −10% (с сайта)',
        adoptable: false,
      }),
    ])
    expect(await diff('ours')).toEqual([
      expect.objectContaining({
        messageId: lost.id,
        phone: lost.phone,
        ourState: 'delivered',
        ourPrice: 2.5,
        theirStatus: null,
      }),
    ])
    const statuses = await diff('status')
    expect(statuses.map((d) => [d.messageId, d.ourState, d.theirOutcome, d.adoptable])).toEqual([
      [failedThere.id, 'delivered', 'failed', false],
      [uncertain.id, 'uncertain', 'delivered', true],
    ])
    expect(statuses[0]?.theirReasonCode).toBe('smsc:err:6')
    expect(await diff('price')).toEqual([
      expect.objectContaining({ messageId: dearer.id, ourPrice: 2.5, theirPrice: 3.1 }),
    ])

    // Adopting is refused for a message that is not uncertain: it stays as it is.
    const refused = await t.call('reconcile.adopt', {
      id: started.id,
      differenceIds: [statuses[0]!.id],
    })
    expect(refused.adopted).toBe(0)
    expect(refused.skipped).toEqual([
      expect.objectContaining({
        differenceId: statuses[0]!.id,
        phrase: expect.objectContaining({ id: 'reconcile.notAdoptable' }),
      }),
    ])
    expect((await t.call('messages.detail', { id: failedThere.id })).message.state).toBe(
      'delivered',
    )

    // The uncertain one takes the provider's status through the outbox's own moves.
    const pushedBefore = t.updatesOf(uncertain.id).length
    const adopted = await t.call('reconcile.adopt', { id: started.id })
    expect(adopted).toMatchObject({ adopted: 1, skipped: [], job: { adoptable: 0 } })
    const detail = await t.call('messages.detail', { id: uncertain.id })
    expect(detail.message.state).toBe('delivered')
    expect(detail.message.providerIds).toEqual([String(idOf(same) - same.id + uncertain.id)])
    expect(detail.trail.map((s) => [s.from, s.state]).slice(-2)).toEqual([
      ['uncertain', 'accepted'],
      ['accepted', 'delivered'],
    ])
    expect(detail.receipts.at(-1)).toMatchObject({ stat: '1', price: '2.50' })
    // Pushed to every window as it moved.
    expect(t.updatesOf(uncertain.id).slice(pushedBefore).at(-1)?.state).toBe('delivered')
    expect(t.pushed('reconcile.job').at(-1)).toMatchObject({ id: started.id, adoptable: 0 })
    // Nothing is left to adopt; the difference says when it was adopted.
    expect((await t.call('reconcile.adopt', { id: started.id })).adopted).toBe(0)
    expect((await diff('status'))[1]?.adoptedAt).toEqual(expect.any(Number))
  })

  it('a malformed file ends the job saying which line and what is wrong; nothing stored is touched', async () => {
    const before = (await t.call('reconcile.jobs', {}))[0] as ReconcileJob
    const beforeRows = await t.call('reconcile.differences', { id: before.id })
    const recent = await t.call('messages.recent', { limit: 50 })

    const started = await t.call('reconcile.start', {
      profileId: 'office',
      from: day(1),
      to: day(0),
    })
    sim.exports.serveInstead(
      Number(started.providerJobId),
      'id;phone;status;cost\n1;77010000011;1;2.50\n2;77010000012;delivered;2.50\n',
    )
    const ended = await pushedJob(started.id, (j) => j.state === 'error', 'ended in error')
    expect(ended.errorPhrase).toEqual({
      id: 'providerFile.badValue',
      params: { line: 3, column: 'status', value: 'delivered', want: 'status' },
    })
    expect(ended.error).toBe(
      "The provider's file is malformed: on line 3, the status “delivered” is not a status code",
    )
    expect(ended.counts).toBe(null)
    expect((await t.call('reconcile.differences', { id: started.id })).total).toBe(0)
    expect(await t.call('reconcile.differences', { id: before.id })).toEqual(beforeRows)
    expect(await t.call('messages.recent', { limit: 50 })).toEqual(recent)
    // An ended job is not asked about again.
    const again = await t.core.handle('reconcile.check', { id: started.id })
    expect(again.ok ? null : again.error.phrase?.id).toBe('reconcile.closed')
  })

  it('a job the provider fails or cancels ends saying so', async () => {
    const failing = await t.call('reconcile.start', {
      profileId: 'office',
      from: day(2),
      to: day(2),
    })
    sim.exports.failJob(Number(failing.providerJobId))
    const failed = await pushedJob(failing.id, (j) => j.state === 'failed', 'failed')
    expect(failed).toMatchObject({ providerStatus: 4, nextCheckAt: null })
    expect(failed.errorPhrase).toEqual({
      id: 'reconcile.jobFailed',
      params: { job: failing.providerJobId },
    })

    const cancelling = await t.call('reconcile.start', {
      profileId: 'office',
      from: day(3),
      to: day(3),
    })
    sim.exports.cancelJob(Number(cancelling.providerJobId))
    const cancelled = await pushedJob(cancelling.id, (j) => j.state === 'cancelled', 'cancelled')
    expect(cancelled.providerStatus).toBe(3)
    expect(cancelled.errorPhrase?.id).toBe('reconcile.jobCancelled')
  })

  it('asking about a job too often is refused locally, saying when; the server never refuses one', async () => {
    const job = await t.call('reconcile.start', { profileId: 'office', from: day(4), to: day(4) })
    const replies = []
    for (let i = 0; i < 4; i++) replies.push(await t.core.handle('reconcile.check', { id: job.id }))
    const refused = replies.filter((r) => !r.ok)
    expect(refused.length).toBeGreaterThan(0)
    for (const r of refused) {
      if (r.ok) continue
      expect(r.error.code).toBe('UNAVAILABLE')
      expect(r.error.phrase).toMatchObject({
        id: 'provider.tooSoon',
        params: { call: 'export-list', seconds: 1 },
      })
    }
    // It is still followed, and ends compared.
    await pushedJob(job.id, (j) => j.state === 'compared', 'compared after all')
    // No more than three listings reached the server within any window.
    const lists = sim.sim.requests
      .filter((r) => r.path === '/sys/downloads.php' && r.params.size > 0)
      .filter((r) => !r.params.has('add') && !r.params.has('id') && !r.params.has('file'))
      .map((r) => r.at)
    for (let i = 3; i < lists.length; i++) {
      expect((lists[i] as number) - (lists[i - 3] as number)).toBeGreaterThanOrEqual(WINDOW_MS)
    }
  })

  it('a job open when the console stops is followed again once it starts', async () => {
    const job = await t.call('reconcile.start', { profileId: 'office', from: day(5), to: day(5) })
    await t.stop()
    // Done at the provider meanwhile.
    await waitFor(
      () =>
        sim.exports
          .list()
          .some((j) => String(j.id) === job.providerJobId && j.createdAt + 350 <= Date.now()),
      'done at the provider',
    )
    await t.restart()
    const compared = await pushedJob(
      job.id,
      (j) => j.state === 'compared',
      'compared after a restart',
    )
    expect(compared.counts).toEqual({ theirs: 0, ours: 0, status: 0, price: 0 })
  })

  it('is refused for a profile whose provider keeps no such record', async () => {
    const reply = await t.core.handle('reconcile.start', {
      profileId: 'sandbox',
      from: day(),
      to: day(),
    })
    expect(reply.ok ? null : [reply.error.code, reply.error.phrase?.id]).toEqual([
      'UNAVAILABLE',
      'reconcile.unsupported',
    ])
    const backwards = await t.core.handle('reconcile.start', {
      profileId: 'office',
      from: day(),
      to: day(1),
    })
    expect(backwards.ok ? null : backwards.error.phrase?.id).toBe('reconcile.badPeriod')
  })
})
