// The outbox on a real SQLite file in a temporary folder.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src/main/core/db/database'
import { migrations } from '../../src/main/core/db/migrations'
import {
  DEFAULT_RESULT_POLICY,
  nextPollDelay,
  Outbox,
  type NewMessage,
} from '../../src/main/core/outbox/outbox'
import { OutboxError } from '../../src/main/core/outbox/errors'
import { ProfileStore } from '../../src/main/core/profiles/profiles'
import { mapGetsmsError } from '../../src/main/core/providers/getsms/provider'
import { sendErrorOutcome as osonErrorOutcome } from '../../src/main/core/providers/osonsms/provider'
import { messageIdKeys } from '../../src/main/core/providers/smpp/receipt'
import type { DeliveryReceipt } from '../../src/main/core/providers/types'
import { sandboxProfiles } from '../../src/main/core/profiles/input'

let dir: string
let db: Db
let outbox: Outbox

const msg = (over: Partial<NewMessage> = {}): NewMessage => ({
  profileId: 'sandbox',
  sender: 'InfoDesk',
  phone: '992901234567',
  text: 'Hello',
  ...over,
})

const receipt = (
  providerId: string,
  outcome: DeliveryReceipt['outcome'],
  stat = 'DELIVRD',
): DeliveryReceipt => ({
  providerId,
  outcome,
  stat,
  err: outcome === 'delivered' ? '000' : '001',
  hlr: null,
  raw: `id:${providerId} stat:${stat}`,
  receivedAt: Date.now(),
})

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outbox-'))
  db = openDatabase(join(dir, 'console.db'))
  new ProfileStore(db).ensureSandbox(sandboxProfiles())
  outbox = new Outbox(db, { idKeys: messageIdKeys })
})

afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('database', () => {
  it('opens in WAL mode with synchronous=FULL and the latest schema version', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(2)
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length)
  })

  it('refuses a database whose applied migration was edited since', () => {
    db.close()
    const edited = migrations.map((m) =>
      m.version === 1 ? { ...m, sql: `${m.sql}\n-- edited` } : m,
    )
    expect(() => openDatabase(join(dir, 'console.db'), { migrations: edited })).toThrow(
      /Migration 1 \(outbox\) was changed/,
    )
    db = openDatabase(join(dir, 'console.db'))
  })

  it('refuses a database from a newer version and leaves it as it was', () => {
    db.pragma('user_version = 99')
    db.close()
    expect(() => openDatabase(join(dir, 'console.db'))).toThrow(/newer version/)
    db = openDatabase(join(dir, 'console.db'), { migrations: [...migrations, ...extra(99)] })
    expect(db.pragma('user_version', { simple: true })).toBe(99)
  })

  it('loads the SQLite binary it is given, as the Electron app does with its own build', () => {
    const nodeBuild = join(
      process.cwd(),
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    )
    const other = openDatabase(join(dir, 'other.db'), { nativeBinding: nodeBuild })
    expect(other.pragma('user_version', { simple: true })).toBe(migrations.length)
    other.close()
    expect(() =>
      openDatabase(join(dir, 'third.db'), { nativeBinding: join(dir, 'missing.node') }),
    ).toThrow()
  })

  it('applies a new migration on top of existing data without losing rows', () => {
    outbox.enqueue(msg())
    db.close()
    const next = [...migrations, noteMigration()]
    db = openDatabase(join(dir, 'console.db'), { migrations: next })
    expect(db.prepare('SELECT COUNT(*) AS n FROM messages').get()).toEqual({ n: 1 })
    expect(db.pragma('user_version', { simple: true })).toBe(next.length)
  })

  it('applies pending migrations all or none: one that fails leaves the schema as it was', () => {
    outbox.enqueue(msg())
    db.close()
    const next = [
      ...migrations,
      noteMigration(),
      { version: migrations.length + 2, name: 'broken', sql: 'ALTER TABLE no_such_table ADD x' },
    ]
    expect(() => openDatabase(join(dir, 'console.db'), { migrations: next })).toThrow(
      /no_such_table/,
    )
    db = openDatabase(join(dir, 'console.db'))
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length)
    const columns = db.prepare(`SELECT name FROM pragma_table_info('messages')`).pluck().all()
    expect(columns).not.toContain('note')
    expect(db.prepare('SELECT COUNT(*) AS n FROM messages').get()).toEqual({ n: 1 })
  })
})

/** The next migration: a column added to messages. */
function noteMigration() {
  return {
    version: migrations.length + 1,
    name: 'note',
    sql: 'ALTER TABLE messages ADD COLUMN note TEXT',
  }
}

function extra(upTo: number) {
  return Array.from({ length: upTo - migrations.length }, (_, i) => ({
    version: migrations.length + i + 1,
    name: `noop${i}`,
    sql: 'SELECT 1',
  }))
}

describe('outbox', () => {
  it('stores a message as queued with its encoding and part count', () => {
    const m = outbox.enqueue(msg({ text: 'Привет' }))
    expect(m).toMatchObject({ state: 'queued', encoding: 'UCS2', parts: 1, attempts: 0 })
    const long = outbox.enqueue(msg({ text: 'a'.repeat(161) }))
    expect(long).toMatchObject({ encoding: 'GSM7', parts: 2 })
  })

  it('the same idempotency key gives back the same message, never a second one', () => {
    const a = outbox.enqueue(msg({ idempotencyKey: 'k1' }))
    const b = outbox.enqueue(msg({ idempotencyKey: 'k1' }))
    expect(b.id).toBe(a.id)
    expect(outbox.recent()).toHaveLength(1)
    expect(() => outbox.enqueue(msg({ idempotencyKey: 'k1', text: 'other' }))).toThrow(OutboxError)
  })

  it('claims urgent one-offs before bulk, marks them sending and counts the attempt', () => {
    outbox.enqueueMany([msg({ priority: 1, text: 'bulk1' }), msg({ priority: 1, text: 'bulk2' })])
    const urgent = outbox.enqueue(msg({ text: 'urgent' }))
    const { claimed } = outbox.claimDue('sandbox', 2)
    expect(claimed.map((c) => c.text).sort()).toEqual(['bulk1', 'urgent'])
    expect(outbox.get(urgent.id)).toMatchObject({ state: 'sending', attempts: 1 })
    expect(outbox.claimDue('sandbox', 10).claimed.map((c) => c.text)).toEqual(['bulk2'])
    expect(outbox.claimDue('sandbox', 10).claimed).toEqual([])
  })

  it('keeps a scheduled message back until its time, then queues it', () => {
    let now = 1_000_000
    const clocked = new Outbox(db, { idKeys: messageIdKeys, now: () => now })
    const m = clocked.enqueue(msg({ scheduledAt: now + 60_000 }))
    expect(m.state).toBe('scheduled')
    expect(clocked.claimDue('sandbox', 10).claimed).toEqual([])
    expect(clocked.nextDueAt('sandbox')).toBe(now + 60_000)
    now += 60_000
    const { claimed, promoted } = clocked.claimDue('sandbox', 10)
    expect(promoted.map((p) => p.id)).toEqual([m.id])
    expect(claimed.map((c) => c.id)).toEqual([m.id])
  })

  it('stores the reason code of a per-message rejection and of a failed report', () => {
    const ids = ['a', 'b', 'c', 'd'].map((t) => outbox.enqueue(msg({ text: t })).id)
    outbox.claimDue('sandbox', 10)
    outbox.applyResults('sandbox', [
      {
        id: ids[0]!,
        outcome: osonErrorOutcome(
          422,
          { code: 107, msg: 'Incorrect sender', timestamp: null, msgId: null },
          { from: 'Bad', text: 'a' },
        ),
      },
      { id: ids[1]!, outcome: mapGetsmsError(300, null, { scope: 'item' }) },
      { id: ids[2]!, outcome: { kind: 'accepted', providerIds: ['7'], parts: 1 } },
      { id: ids[3]!, outcome: { kind: 'unknown', reason: 'no answer' } },
    ])
    expect(outbox.get(ids[0]!)).toMatchObject({ state: 'failed', errorCode: 'osonsms:107' })
    expect(outbox.get(ids[1]!)).toMatchObject({ state: 'failed', errorCode: 'getsms:300' })
    expect(outbox.get(ids[3]!)).toMatchObject({ state: 'uncertain', errorCode: 'outbox:uncertain' })
    outbox.applyReceipts('sandbox', [
      { ...receipt('7', 'failed', 'UNDELIV'), reasonCode: 'smpp:stat:UNDELIV' },
    ])
    expect(outbox.get(ids[2]!)).toMatchObject({ state: 'failed', errorCode: 'smpp:stat:UNDELIV' })
    expect(outbox.resolveUncertain(ids[3]!, 'markFailed').errorCode).toBe('outbox:operator-failed')
  })

  it('records each kind of answer in one transaction', () => {
    const ids = ['a', 'b', 'c', 'd'].map((t) => outbox.enqueue(msg({ text: t })).id)
    outbox.claimDue('sandbox', 10)
    const changed = outbox.applyResults('sandbox', [
      { id: ids[0]!, outcome: { kind: 'accepted', providerIds: ['1A'], parts: 1 } },
      { id: ids[1]!, outcome: { kind: 'rejected', code: 11, reason: 'invalid destination' } },
      { id: ids[2]!, outcome: { kind: 'not-sent', reason: 'not bound' } },
      { id: ids[3]!, outcome: { kind: 'unknown', reason: 'no submit_sm_resp within 30 s' } },
    ])
    expect(changed.map((m) => m.state)).toEqual(['accepted', 'failed', 'queued', 'uncertain'])
    expect(outbox.get(ids[0]!)?.providerIds).toEqual(['1a'])
    expect(outbox.get(ids[1]!)?.error).toMatch(/invalid destination/)
    expect(outbox.get(ids[2]!)?.attempts).toBe(0)
    expect(outbox.get(ids[3]!)?.error).toMatch(/may have been sent/)
  })

  it('stores a large group of receipts in order, each with its fields and its message', () => {
    // 203 receipts: stored by several multi-row INSERTs (64 + 64 + 64 + 8 + 2 + 1 rows).
    const ids = Array.from({ length: 101 }, (_, i) => outbox.enqueue(msg({ text: `m${i}` })).id)
    outbox.claimDue('sandbox', 200)
    outbox.applyResults(
      'sandbox',
      ids.map((id, i) => ({
        id,
        outcome: { kind: 'accepted' as const, providerIds: [`a${i}`, `b${i}`], parts: 2 },
      })),
    )
    const group: DeliveryReceipt[] = ids.flatMap((_, i) => [
      { ...receipt(`a${i}`, 'delivered'), channel: 'sms' as const, price: `${i}.5` },
      i % 2 === 0
        ? receipt(`b${i}`, 'delivered')
        : { ...receipt(`b${i}`, 'failed', 'UNDELIV'), reason: `absent ${i}`, reasonCode: 'x:1' },
    ])
    group.push(receipt('nobody', 'delivered'))
    const changed = outbox.applyReceipts('sandbox', group)
    expect(changed).toHaveLength(101)

    const stored = db
      .prepare(
        `SELECT id, provider_id, message_id, outcome, stat, reason, reason_code, channel, price, raw
        FROM delivery_receipts ORDER BY id`,
      )
      .all() as Record<string, unknown>[]
    expect(stored.map((r) => r.provider_id)).toEqual(group.map((r) => r.providerId))
    expect(stored.map((r) => r.id)).toEqual(stored.map((_, i) => (stored[0]!.id as number) + i))
    stored.forEach((row, k) => {
      const r = group[k]!
      const i = Math.floor(k / 2)
      expect(row).toMatchObject({
        message_id: r.providerId === 'nobody' ? null : ids[i],
        outcome: r.outcome,
        stat: r.stat,
        reason: r.reason ?? null,
        reason_code: r.reasonCode ?? null,
        channel: r.channel ?? null,
        price: r.price ?? null,
        raw: r.raw,
      })
    })
    ids.forEach((id, i) => {
      expect(outbox.get(id)?.state).toBe(i % 2 === 0 ? 'delivered' : 'failed')
    })
  })

  it('moves an accepted message to delivered on its receipt, matching hex to decimal', () => {
    const id = outbox.enqueue(msg()).id
    outbox.claimDue('sandbox', 1)
    outbox.applyResults('sandbox', [
      { id, outcome: { kind: 'accepted', providerIds: ['1A2B'], parts: 1 } },
    ])
    const changed = outbox.applyReceipts('sandbox', [receipt('6699', 'delivered')])
    expect(changed.map((m) => [m.id, m.state])).toEqual([[id, 'delivered']])
    const stored = db.prepare('SELECT message_id, raw FROM delivery_receipts').all()
    expect(stored).toEqual([{ message_id: id, raw: 'id:6699 stat:DELIVRD' }])
  })

  it('keeps a receipt that arrives before its submit answer and applies it when the answer comes', () => {
    const id = outbox.enqueue(msg()).id
    outbox.claimDue('sandbox', 1)
    expect(outbox.applyReceipts('sandbox', [receipt('777', 'delivered')])).toEqual([])
    const changed = outbox.applyResults('sandbox', [
      { id, outcome: { kind: 'accepted', providerIds: ['777'], parts: 1 } },
    ])
    expect(changed[0]?.state).toBe('delivered')
  })

  it('with a receipt per part, waits for every part and the worst outcome wins', () => {
    const id = outbox.enqueue(msg({ text: 'x'.repeat(400) })).id
    outbox.claimDue('sandbox', 1)
    outbox.applyResults('sandbox', [
      { id, outcome: { kind: 'accepted', providerIds: ['11', '12', '13'], parts: 3 } },
    ])
    outbox.applyReceipts('sandbox', [
      receipt('11', 'delivered'),
      receipt('12', 'failed', 'UNDELIV'),
    ])
    expect(outbox.get(id)?.state).toBe('accepted')
    outbox.applyReceipts('sandbox', [receipt('13', 'delivered')])
    expect(outbox.get(id)).toMatchObject({
      state: 'failed',
      error: 'Delivery report UNDELIV (error 001)',
    })
  })

  it('an intermediate receipt leaves the message accepted', () => {
    const id = outbox.enqueue(msg()).id
    outbox.claimDue('sandbox', 1)
    outbox.applyResults('sandbox', [
      { id, outcome: { kind: 'accepted', providerIds: ['5'], parts: 1 } },
    ])
    outbox.applyReceipts('sandbox', [receipt('5', 'enroute', 'ENROUTE')])
    expect(outbox.get(id)?.state).toBe('accepted')
  })

  it('stores HLR fields with the phone of the request', () => {
    const id = outbox.enqueue(msg({ text: '__HLR__' })).id
    outbox.claimDue('sandbox', 1)
    outbox.applyResults('sandbox', [
      { id, outcome: { kind: 'accepted', providerIds: ['900'], parts: 1 } },
    ])
    outbox.applyReceipts('sandbox', [
      {
        ...receipt('900', 'delivered'),
        hlr: {
          imsi: '250023012345678',
          msc: '79023000000',
          mcc: '250',
          mnc: '02',
          cn: 'Russian Federation',
          net: 'MegaFon',
          rcn: '',
          rnet: '',
        },
      },
    ])
    expect(db.prepare('SELECT phone, imsi, cn, message_id FROM hlr_results').get()).toEqual({
      phone: '992901234567',
      imsi: '250023012345678',
      cn: 'Russian Federation',
      message_id: id,
    })
  })

  it('after a crash, messages caught mid-send become uncertain and are never claimed again', () => {
    const id = outbox.enqueue(msg()).id
    outbox.claimDue('sandbox', 1)
    const recovered = outbox.recoverInterrupted()
    expect(recovered.map((m) => [m.id, m.state])).toEqual([[id, 'uncertain']])
    expect(outbox.claimDue('sandbox', 10).claimed).toEqual([])
    expect(outbox.resolveUncertain(id, 'resend').state).toBe('queued')
    expect(outbox.claimDue('sandbox', 10).claimed.map((c) => c.id)).toEqual([id])
  })

  it('refuses to cancel a message already sent, and says why', () => {
    const id = outbox.enqueue(msg()).id
    outbox.claimDue('sandbox', 1)
    expect(() => outbox.cancel(id)).toThrow(
      /Only a queued or scheduled message can be cancelled; message \d+ is sending/,
    )
    expect(() => outbox.cancel(9999)).toThrow(/does not exist/)
    const queued = outbox.enqueue(msg({ text: 'later' }))
    expect(outbox.cancel(queued.id).state).toBe('cancelled')
    expect(() => outbox.resolveUncertain(queued.id, 'resend')).toThrow(/not uncertain/)
  })

  it('gives every message a numeric key that is unique and above a per-database random base', () => {
    const a = outbox.enqueue(msg({ text: 'one' }))
    const b = outbox.enqueue(msg({ text: 'two' }))
    const keys = outbox.claimDue('sandbox', 10).claimed.map((c) => c.numericKey)
    const base = Number(
      (
        db.prepare("SELECT value FROM meta WHERE key = 'numeric_key_base'").get() as {
          value: string
        }
      ).value,
    )
    expect(keys).toEqual([base + a.id, base + b.id])
    expect(keys.every((k) => Number.isInteger(k) && k > 0 && k < 2 ** 31)).toBe(true)
  })

  it('a retry keeps the key and waits; after too many attempts the message becomes uncertain', () => {
    let now = 5_000_000
    const clocked = new Outbox(db, { idKeys: messageIdKeys, now: () => now })
    const m = clocked.enqueue(msg())
    const policy = {
      ...DEFAULT_RESULT_POLICY,
      retryBackoff: { firstMs: 10_000, maxMs: 10_000 },
      maxAttempts: 2,
    }
    const first = clocked.claimDue('sandbox', 1).claimed[0]
    clocked.applyResults(
      'sandbox',
      [{ id: m.id, outcome: { kind: 'retry', reason: 'timeout' } }],
      policy,
    )
    expect(clocked.get(m.id)).toMatchObject({ state: 'queued', attempts: 1, error: 'timeout' })
    expect(clocked.claimDue('sandbox', 1).claimed).toEqual([])
    now += 10_000
    const second = clocked.claimDue('sandbox', 1).claimed[0]
    expect(second?.idempotencyKey).toBe(first?.idempotencyKey)
    expect(second?.numericKey).toBe(first?.numericKey)
    clocked.applyResults(
      'sandbox',
      [{ id: m.id, outcome: { kind: 'retry', reason: 'timeout again' } }],
      policy,
    )
    expect(clocked.get(m.id)).toMatchObject({ state: 'uncertain', attempts: 2 })
    expect(clocked.get(m.id)?.error).toMatch(/No usable answer after 2 attempts/)
  })

  it('a paused profile keeps its messages queued, the attempt not counted', () => {
    const m = outbox.enqueue(msg())
    outbox.claimDue('sandbox', 1)
    outbox.applyResults('sandbox', [
      { id: m.id, outcome: { kind: 'paused', code: 119, reason: 'balance overdraft' } },
    ])
    expect(outbox.get(m.id)).toMatchObject({
      state: 'queued',
      attempts: 0,
      error: 'balance overdraft',
    })
  })

  it('polls accepted messages on a schedule, leased so no poll is asked twice, until final', () => {
    let now = 9_000_000
    const clocked = new Outbox(db, { idKeys: messageIdKeys, now: () => now })
    const m = clocked.enqueue(msg())
    clocked.claimDue('sandbox', 1)
    const policy = { ...DEFAULT_RESULT_POLICY, pollAfterMs: 5000 }
    clocked.applyResults(
      'sandbox',
      [{ id: m.id, outcome: { kind: 'accepted', providerIds: ['r1:m1'], parts: 1 } }],
      policy,
    )
    expect(clocked.pollDue('sandbox', 10)).toEqual([])
    now += 5000
    const due = clocked.pollDue('sandbox', 10)
    expect(due).toEqual([
      expect.objectContaining({ id: m.id, providerIds: ['r1:m1'], phone: '992901234567' }),
    ])
    expect(clocked.pollDue('sandbox', 10)).toEqual([])
    clocked.schedulePolls([m.id])
    now += nextPollDelay(1) ?? 0
    expect(clocked.pollDue('sandbox', 10)).toHaveLength(1)
    clocked.applyReceipts('sandbox', [receipt('r1:m1', 'delivered')])
    now += 10_000_000
    clocked.schedulePolls([m.id])
    expect(clocked.pollDue('sandbox', 10)).toEqual([])
    expect(clocked.get(m.id)?.state).toBe('delivered')
  })

  it('a failure report carries the provider’s reason', () => {
    const m = outbox.enqueue(msg())
    outbox.claimDue('sandbox', 1)
    outbox.applyResults('sandbox', [
      { id: m.id, outcome: { kind: 'accepted', providerIds: ['42'], parts: 1 } },
    ])
    outbox.applyReceipts('sandbox', [
      { ...receipt('42', 'failed', '20'), err: '1', reason: 'the subscriber does not exist' },
    ])
    expect(outbox.get(m.id)?.error).toBe(
      'Delivery report: the subscriber does not exist — 20 (error 1)',
    )
  })

  it('fails over only the messages that never reached the first provider', () => {
    const profiles = new ProfileStore(db)
    profiles.save({
      ...profiles.ensureSandbox(sandboxProfiles()),
      id: 'backup',
      name: 'Backup',
      sandbox: false,
    })
    const fresh = outbox.enqueue(msg({ text: 'fresh' }))
    const retried = outbox.enqueue(msg({ text: 'retried' }))
    const sent = outbox.enqueue(msg({ text: 'sent' }))
    outbox.claimDue('sandbox', 10)
    outbox.applyResults('sandbox', [
      { id: fresh.id, outcome: { kind: 'paused', code: 119, reason: 'no balance' } },
      { id: retried.id, outcome: { kind: 'retry', reason: 'timeout' } },
      { id: sent.id, outcome: { kind: 'accepted', providerIds: ['9'], parts: 1 } },
    ])
    const moved = outbox.reroute(
      'sandbox',
      'backup',
      'Sent through Backup: Sandbox is out of balance',
    )
    expect(moved.map((m) => m.id)).toEqual([fresh.id])
    expect(outbox.get(fresh.id)).toMatchObject({ profileId: 'backup', state: 'queued' })
    expect(outbox.get(retried.id)?.profileId).toBe('sandbox')
    expect(outbox.get(sent.id)?.profileId).toBe('sandbox')
  })
})
