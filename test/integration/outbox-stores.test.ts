// The outbox store, the same cases against a workstation's SQLite and a team server's real
// PostgreSQL: idempotent queueing, claims in order (urgent first, paused batches and future
// schedules left), answers and receipts moving messages by the state table (multi-part reports,
// the worst one deciding, receipts that come before their answer), the operator's moves and
// their refusals, polls, quiet hours, resends and every move in the message's trail. On
// PostgreSQL also: two servers claiming one profile's messages at once never take the same one.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { Outbox, type ResultPolicy } from '../../src/main/core/outbox/outbox'
import { openPgDatabase, type PgDatabase } from '../../src/main/core/stores/postgres/database'
import { PgOutbox } from '../../src/main/core/stores/postgres/outbox'
import { SqliteOutboxStore } from '../../src/main/core/stores/sqlite'
import type { OutboxStore } from '../../src/main/core/stores/stores'
import type { DeliveryReceipt } from '../../src/main/core/providers/types'
import { storeBackends } from '../helpers/store-backends'

interface Backend {
  outbox: OutboxStore
  /** Plain SQL with $1, $2 … in order, on either database (seeding and reading the trail). */
  sql(query: string, params?: unknown[]): Promise<Record<string, unknown>[]>
  pg: PgDatabase | null
}

const BACKENDS = storeBackends<Backend>({
  sqlite: (db, now) => ({
    outbox: new SqliteOutboxStore(new Outbox(db, { now })),
    sql: async (query, params = []) => {
      const st = db.prepare(query.replace(/\$\d+/g, '?'))
      return st.reader ? (st.all(...params) as Record<string, unknown>[]) : (st.run(...params), [])
    },
    pg: null,
  }),
  postgres: (db, now) => ({
    outbox: new PgOutbox(db, { now }),
    sql: async (query, params = []) => (await db.pool.query(query, params)).rows,
    pg: db,
  }),
})

const POLICY: ResultPolicy = {
  retryDelayMs: 1000,
  retryBackoff: { firstMs: 5000, maxMs: 60_000 },
  maxAttempts: 2,
  pollAfterMs: null,
  polls: { schedule: [10_000], thenEveryMs: 60_000, thenTimes: 1 },
}

function receipt(providerId: string, outcome: DeliveryReceipt['outcome'], at: number) {
  const stat = { delivered: 'DELIVRD', failed: 'UNDELIV', expired: 'EXPIRED' }[
    outcome as 'delivered'
  ]
  return {
    providerId,
    outcome,
    stat: stat ?? 'ENROUTE',
    err: outcome === 'failed' ? '001' : null,
    hlr: null,
    raw: `id:${providerId} stat:${stat}`,
    receivedAt: at,
  } satisfies DeliveryReceipt
}

describe.each(BACKENDS)('the outbox on $name', (backend) => {
  let clock = 1_000_000
  let b: Backend
  let o: OutboxStore
  beforeAll(async () => {
    b = await backend.open(() => clock)
  }, 120_000)
  beforeEach(async () => {
    clock = 1_000_000
    b = await backend.open(() => clock)
    o = b.outbox
    for (const id of ['p1', 'p2']) {
      await b.sql(`INSERT INTO profiles (id, name, kind, created_at) VALUES ($1, $2, 'smpp', 1)`, [
        id,
        id.toUpperCase(),
      ])
    }
  })
  afterAll(() => backend.close())

  const msg = (phone: string, extra: Record<string, unknown> = {}) => ({
    profileId: 'p1',
    sender: 'SHOP',
    phone,
    text: `Hello ${phone}`,
    ...extra,
  })
  const batch = async (state: string) => {
    await b.sql(
      `INSERT INTO batches (id, profile_id, name, created_at, state) VALUES ($1, 'p1', 'b', 1, $2)`,
      [state === 'paused' ? 7 : 8, state],
    )
    return state === 'paused' ? 7 : 8
  }

  it('queues once per key, refuses a key reused for another message, counts parts', async () => {
    const a = await o.enqueue(msg('992900000001', { idempotencyKey: 'k1' }))
    const again = await o.enqueue(msg('992900000001', { idempotencyKey: 'k1' }))
    expect(again.id).toBe(a.id)
    expect(a).toMatchObject({ state: 'queued', encoding: 'GSM7', parts: 1, attempts: 0 })
    await expect(
      o.enqueue({ ...msg('992900000001', { idempotencyKey: 'k1' }), text: 'other' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' })
    const long = await o.enqueue({ ...msg('992900000002'), text: 'Салом '.repeat(20) })
    expect(long).toMatchObject({ encoding: 'UCS2', parts: 2 })
    const later = await o.enqueue(msg('992900000003', { scheduledAt: clock + 60_000 }))
    expect(later.state).toBe('scheduled')
    const all = await o.enqueueAll([msg('992900000004'), msg('992900000005')])
    expect(all.map((m) => m.phone)).toEqual(['992900000004', '992900000005'])
    expect(await o.counts()).toEqual({ queued: 4, scheduled: 1 })
    expect(await o.batchesOfKeys(['k1', 'nope'])).toEqual([null, undefined])
  })

  it('keeps a text with a NUL character (PostgreSQL, which refuses one, as U+FFFD)', async () => {
    const m = await o.enqueue({
      ...msg('992900000001', { idempotencyKey: 'nul' }),
      text: 'a\u0000b',
    })
    expect(m.text).toBe(backend.name === 'PostgreSQL' ? 'a\uFFFDb' : 'a\u0000b')
    // The same message again is the same message, not a key reused.
    expect(
      (await o.enqueue({ ...msg('992900000001', { idempotencyKey: 'nul' }), text: 'a\u0000b' })).id,
    ).toBe(m.id)
  })

  it('keeps an SMSC type and its fields through the claim, each move and a resend', async () => {
    const call = { type: 'call' as const, voice: 'm2' as const }
    const m = await o.enqueue({
      ...msg('992900000001'),
      text: 'Ваш код 1234. '.repeat(10),
      messageType: call,
    })
    // A call is one message, however long its text: not the five UCS-2 parts of an SMS.
    expect(m).toMatchObject({ type: 'call', parts: 1 })
    const sms = await o.enqueue(msg('992900000002'))
    expect(sms.type).toBeUndefined()
    const { claimed } = await o.claimDue('p1', 10)
    expect(claimed.find((c) => c.id === m.id)?.messageType).toEqual(call)
    expect(claimed.find((c) => c.id === sms.id)?.messageType).toBeUndefined()
    // What each move pushes carries the type too (the lists show it as it changes).
    const answered = await o.applyAnswers(
      'p1',
      [{ id: m.id, outcome: { kind: 'accepted', providerIds: ['c1'], parts: 1 } }],
      [],
      POLICY,
    )
    expect(answered.results.find((x) => x.id === m.id)).toMatchObject({
      state: 'accepted',
      type: 'call',
    })
    const reported = await o.applyAnswers('p1', [], [receipt('c1', 'failed', clock)], POLICY)
    expect(reported.receipts).toEqual([
      expect.objectContaining({ id: m.id, state: 'failed', type: 'call' }),
    ])
    const copy = await o.resend(m.id, 'again-call')
    expect(copy).toMatchObject({ type: 'call', parts: 1 })
    const { claimed: again } = await o.claimDue('p1', 10)
    expect(again.find((c) => c.id === copy.id)?.messageType).toEqual(call)
  })

  it('claims urgent first, leaves paused batches and the future, promotes what fell due', async () => {
    const paused = await batch('paused')
    const running = await batch('running')
    const bulk = await o.enqueue(msg('992900000001', { priority: 1, batchId: running }))
    await o.enqueue(msg('992900000002', { priority: 1, batchId: paused }))
    const urgent = await o.enqueue(msg('992900000003'))
    const later = await o.enqueue(msg('992900000004', { scheduledAt: clock + 5000 }))
    await o.enqueue({ ...msg('992900000005'), profileId: 'p2' })
    expect(await o.nextDueAt('p1')).toBe(clock)

    const first = await o.claimDue('p1', 1)
    expect(first.claimed.map((m) => m.id)).toEqual([urgent.id])
    expect(first.claimed[0]).toMatchObject({ attempts: 1, urgent: true, wantReceipt: true })
    const query = await o.statusQuery(urgent.id)
    expect(first.claimed[0]?.numericKey).toBe(query?.numericKey)
    const second = await o.claimDue('p1', 10)
    expect(second.claimed.map((m) => m.id)).toEqual([bulk.id])
    expect(second.promoted).toEqual([])
    expect(await o.nextDueAt('p1')).toBe(clock + 5000)

    clock += 5000
    const third = await o.claimDue('p1', 10)
    expect(third.promoted.map((m) => m.id)).toEqual([later.id])
    expect(third.claimed.map((m) => m.id)).toEqual([later.id])
    expect(await o.unsentCount('p1')).toBe(4)
  })

  it('moves by the answers, settles by the worst final report, claims with the commit', async () => {
    const [a, m2, r, t, n] = await o.enqueueAll(
      ['01', '02', '03', '04', '05'].map((x) => msg(`9929000000${x}`)),
    )
    await o.claimDue('p1', 5)
    clock += 100
    const answered = await o.applyAnswers(
      'p1',
      [
        { id: a!.id, outcome: { kind: 'accepted', providerIds: ['A1'], parts: 1 } },
        { id: m2!.id, outcome: { kind: 'accepted', providerIds: ['B1', 'B2'], parts: 2 } },
        { id: r!.id, outcome: { kind: 'rejected', code: 11, reason: 'bad number' } },
        { id: t!.id, outcome: { kind: 'retry', reason: 'throttled' } },
        { id: n!.id, outcome: { kind: 'not-sent', reason: 'socket closed' } },
        { id: a!.id, outcome: { kind: 'rejected', code: 1, reason: 'second answer' } },
      ],
      [],
      POLICY,
    )
    expect(answered.results.map((m) => [m.id, m.state])).toEqual([
      [a!.id, 'accepted'],
      [m2!.id, 'accepted'],
      [r!.id, 'failed'],
      [t!.id, 'queued'],
      [n!.id, 'queued'],
    ])
    expect(answered.results[0]?.providerIds).toEqual(['a1'])
    expect(answered.results[1]).toMatchObject({ parts: 2, providerIds: ['b1', 'b2'] })
    expect(answered.results[2]?.error).toBe('Rejected by the provider: bad number')
    expect(answered.results[4]?.attempts).toBe(0)
    expect((await o.get(t!.id))?.attempts).toBe(1)

    clock += 100
    const reports = await o.applyAnswers(
      'p1',
      [],
      [
        receipt('A1', 'delivered', clock),
        receipt('B1', 'delivered', clock),
        receipt('ZZ', 'delivered', clock),
      ],
      POLICY,
    )
    expect(reports.receipts.map((m) => [m.id, m.state])).toEqual([[a!.id, 'delivered']])
    clock += 100
    const worst = await o.applyAnswers('p1', [], [receipt('b2', 'failed', clock)], POLICY, 10)
    expect(worst.receipts.map((m) => [m.id, m.state, m.errorCode])).toEqual([
      [m2!.id, 'failed', 'outbox:report:failed'],
    ])
    // The not-sent one is due again after retryDelayMs, the retried one after its backoff.
    expect(worst.claim?.claimed.map((m) => m.id)).toEqual([])
    clock += 1000
    const again = await o.applyAnswers('p1', [], [], POLICY, 10)
    expect(again.claim?.claimed.map((m) => m.id)).toEqual([n!.id])

    const trail = await b.sql(
      'SELECT from_state, state FROM message_states WHERE message_id = $1 ORDER BY id',
      [m2!.id],
    )
    expect(trail).toEqual([
      { from_state: 'queued', state: 'sending' },
      { from_state: 'sending', state: 'accepted' },
      { from_state: 'accepted', state: 'failed' },
    ])
  })

  it('a receipt that came before its answer settles the message once it is accepted', async () => {
    const m = await o.enqueue(msg('992900000001'))
    await o.claimDue('p1', 1)
    await o.applyAnswers('p1', [], [receipt('E1', 'delivered', clock)], POLICY)
    expect((await o.get(m.id))?.state).toBe('sending')
    const done = await o.applyAnswers(
      'p1',
      [{ id: m.id, outcome: { kind: 'accepted', providerIds: ['E1'], parts: 1 } }],
      [],
      POLICY,
    )
    expect(done.results.map((x) => x.state)).toEqual(['delivered'])
  })

  it('gives up after the attempts allowed, and the operator decides on the uncertain', async () => {
    const m = await o.enqueue(msg('992900000001'))
    for (let i = 0; i < 2; i++) {
      await o.claimDue('p1', 1)
      await o.applyAnswers(
        'p1',
        [{ id: m.id, outcome: { kind: 'retry', reason: 'x' } }],
        [],
        POLICY,
      )
      clock += 60_000
    }
    const stuck = await o.get(m.id)
    expect(stuck).toMatchObject({ state: 'uncertain', errorCode: 'outbox:retry-exhausted' })
    expect((await o.uncertainOf('p1', 10)).map((q) => q.id)).toEqual([m.id])
    await expect(o.cancel(m.id)).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(o.cancel(999)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const failed = await o.resolveUncertain(m.id, 'markFailed')
    expect(failed).toMatchObject({ state: 'failed', errorCode: 'outbox:operator-failed' })
    await expect(o.resolveUncertain(m.id, 'resend')).rejects.toMatchObject({ code: 'CONFLICT' })
    const copy = await o.resend(m.id, 'again-1')
    expect(copy).toMatchObject({ state: 'queued', phone: m.phone, text: m.text })
    expect(copy.id).not.toBe(m.id)
    expect((await o.resend(m.id, 'again-1')).id).toBe(copy.id)
  })

  it('confirms an uncertain message the provider knows, and polls it by its plan', async () => {
    const m = await o.enqueue(msg('992900000001'))
    await o.claimDue('p1', 1)
    await o.applyAnswers('p1', [{ id: m.id, outcome: { kind: 'unknown', reason: 'timeout' } }], [])
    const query = (await o.statusQuery(m.id))!
    const changed = await o.applyStatus(
      'p1',
      query,
      [{ ...receipt('P9', 'enroute', clock), outcome: 'accepted' }],
      5000,
    )
    expect(changed.map((x) => [x.state, x.providerIds])).toEqual([['accepted', ['p9']]])
    expect(await o.pollDue('p1', 10)).toEqual([])
    clock += 5000
    const due = await o.pollDue('p1', 10)
    expect(due.map((q) => [q.id, q.providerIds])).toEqual([[m.id, ['p9']]])
    // Leased: the next tick does not ask again.
    expect(await o.pollDue('p1', 10)).toEqual([])
    await o.schedulePolls([m.id], { schedule: [1000, 2000], thenEveryMs: 0, thenTimes: 0 })
    clock += 2000
    expect((await o.pollDue('p1', 10)).map((q) => q.id)).toEqual([m.id])
    const settled = await o.applyAnswers('p1', [], [receipt('P9', 'delivered', clock)])
    expect(settled.receipts.map((x) => x.state)).toEqual(['delivered'])
  })

  it('cancels, reschedules, reroutes and recovers only what it may', async () => {
    const a = await o.enqueue(msg('992900000001'))
    const s = await o.enqueue(msg('992900000002', { scheduledAt: clock + 60_000 }))
    const c = await o.enqueue(msg('992900000003'))
    expect((await o.reschedule(s.id, clock + 120_000)).state).toBe('scheduled')
    expect((await o.scheduled(10)).map((x) => [x.message.id, x.scheduledAt])).toEqual([
      [s.id, clock + 120_000],
    ])
    expect((await o.reschedule(s.id, clock)).state).toBe('queued')
    expect((await o.cancel(c.id)).state).toBe('cancelled')
    const claimed = await o.claimDue('p1', 1)
    expect(claimed.claimed.map((m) => m.id)).toEqual([a.id])
    await expect(o.reschedule(a.id, clock + 1000)).rejects.toMatchObject({ code: 'CONFLICT' })
    const moved = await o.reroute('p1', 'p2', 'p1 is down')
    expect(moved.map((m) => [m.id, m.profileId])).toEqual([[s.id, 'p2']])
    const recovered = await o.recoverInterrupted()
    expect(recovered.map((m) => [m.id, m.state])).toEqual([[a.id, 'uncertain']])
    const gone = await o.cancelUnsent('p2', 'profile removed')
    expect(gone.map((m) => [m.id, m.state, m.errorCode])).toEqual([
      [s.id, 'cancelled', 'outbox:profile-removed'],
    ])
    const trail = await b.sql(
      'SELECT from_state, state, profile_id FROM message_states WHERE message_id = $1 ORDER BY id',
      [s.id],
    )
    expect(trail.at(-2)).toEqual({ from_state: 'queued', state: 'queued', profile_id: 'p2' })
  })

  it('holds bulk messages outside quiet hours and lets a held batch go', async () => {
    const running = await batch('running')
    // 1_000_000 ms is 00:16 UTC; the window 09:00–18:00 local.
    const east = await o.enqueue(
      msg('992900000001', { batchId: running, priority: 1, tz: { min: 300, max: 300 } }),
    )
    const west = await o.enqueue(
      msg('992900000002', { batchId: running, priority: 1, tz: { min: -180, max: -180 } }),
    )
    const held = await o.holdQuiet('p1', { from: 540, to: 1080 })
    expect(held).toEqual({ held: 2, batches: [running] })
    // East (UTC+5) opens at 04:00 UTC; west (UTC-3) at 12:00 UTC.
    const rows = await b.sql('SELECT id, scheduled_at FROM messages ORDER BY id')
    expect(rows.map((r) => Number(r.scheduled_at))).toEqual([4 * 3_600_000, 12 * 3_600_000])
    expect(await o.releaseHeld(running, 4 * 3_600_000)).toBe(1)
    expect((await o.get(east.id))?.state).toBe('queued')
    expect((await o.get(west.id))?.state).toBe('scheduled')
  })

  it('counts what a batch resend would send, leaving out stopped and already resent', async () => {
    const running = await batch('running')
    const ms = await o.enqueueAll(
      ['01', '02', '03'].map((x) => msg(`9929000000${x}`, { batchId: running, priority: 1 })),
    )
    await o.claimDue('p1', 3)
    await o.applyAnswers(
      'p1',
      ms.map((m) => ({ id: m.id, outcome: { kind: 'rejected', code: 1, reason: 'no' } })),
      [],
    )
    expect(await o.resendableCount(running)).toBe(3)
    await b.sql(`INSERT INTO stop_list (phone, profile_id, added_at) VALUES ($1, 'p1', 1)`, [
      '992900000002',
    ])
    await o.resend(ms[0]!.id)
    expect(await o.resendableCount(running)).toBe(1)
  })

  it('on PostgreSQL, two servers claiming at once never take the same message', async () => {
    if (!b.pg) return
    const url = b.pg.pool.options.connectionString as string
    const other = await openPgDatabase(url)
    try {
      await o.enqueueAll(
        Array.from({ length: 400 }, (_, i) => msg(`99290${String(i).padStart(7, '0')}`)),
      )
      const a = new PgOutbox(b.pg, { now: () => clock })
      const z = new PgOutbox(other, { now: () => clock })
      const taken: number[] = []
      for (let round = 0; round < 10; round++) {
        const [x, y] = await Promise.all([a.claimDue('p1', 25), z.claimDue('p1', 25)])
        taken.push(...x.claimed.map((m) => m.id), ...y.claimed.map((m) => m.id))
      }
      expect(taken).toHaveLength(400)
      expect(new Set(taken).size).toBe(400)
      expect(await o.counts()).toEqual({ sending: 400 })
    } finally {
      await other.close()
    }
  })
})
