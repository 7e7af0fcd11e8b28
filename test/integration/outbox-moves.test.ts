// The outbox's state changes on a real SQLite file: every operation, from every state, moves a
// message exactly as the state table (outbox/states.ts) says; and groups of answers and
// receipts, applied by set-based statements, end as if applied one by one in their order.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src/main/core/db/database'
import { Outbox, type NewMessage } from '../../src/main/core/outbox/outbox'
import { MOVES, type Move } from '../../src/main/core/outbox/states'
import { ProfileStore } from '../../src/main/core/profiles/profiles'
import { messageIdKeys } from '../../src/main/core/providers/smpp/receipt'
import type { DeliveryReceipt } from '../../src/main/core/providers/types'
import { MessageStateSchema, type MessageState } from '../../src/shared/contract'
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
  over: Partial<DeliveryReceipt> = {},
): DeliveryReceipt => ({
  providerId,
  outcome,
  stat: outcome.toUpperCase(),
  err: outcome === 'delivered' ? '000' : '001',
  hlr: null,
  raw: `id:${providerId} stat:${outcome}`,
  receivedAt: 1_700_000_000_000,
  ...over,
})

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outbox-moves-'))
  db = openDatabase(join(dir, 'console.db'))
  new ProfileStore(db).ensureSandbox(sandboxProfiles())
  outbox = new Outbox(db, { idKeys: messageIdKeys })
})

afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

/** A message put straight into `state`, known to its provider as `k<id>`, due now. */
function inState(state: MessageState): number {
  const { id } = outbox.enqueue(msg())
  db.prepare(
    `UPDATE messages SET state = ?, provider_ids = ?, next_attempt_at = 0, scheduled_at = 0
     WHERE id = ?`,
  ).run(state, JSON.stringify([`k${id}`]), id)
  db.prepare(
    `INSERT INTO message_provider_ids (profile_id, provider_id, message_id) VALUES ('sandbox', ?, ?)`,
  ).run(`k${id}`, id)
  return id
}

const stateOf = (id: number) => outbox.get(id)?.state

/** Each operation of the outbox and the move it makes. */
const operations: [string, Move, (id: number) => void][] = [
  ['cancel', 'cancel', (id) => outbox.cancel(id)],
  ['reschedule to later', 'reschedule', (id) => outbox.reschedule(id, Date.now() + 3_600_000)],
  ['reschedule to now', 'promote', (id) => outbox.reschedule(id, 0)],
  ['cancelUnsent', 'cancel', () => outbox.cancelUnsent('sandbox', 'profile removed')],
  ['resolveUncertain resend', 'resend', (id) => outbox.resolveUncertain(id, 'resend')],
  ['resolveUncertain markFailed', 'markFailed', (id) => outbox.resolveUncertain(id, 'markFailed')],
  ['sendAgainSameKey', 'resend', (id) => outbox.sendAgainSameKey([id], 'again')],
  ['confirmUncertain', 'confirm', (id) => outbox.confirmUncertain(id, [`k${id}`])],
  ['recoverInterrupted', 'noAnswer', () => outbox.recoverInterrupted()],
  [
    'submit accepted',
    'accept',
    (id) =>
      outbox.applyResults('sandbox', [
        { id, outcome: { kind: 'accepted', providerIds: [`n${id}`], parts: 1 } },
      ]),
  ],
  [
    'submit rejected',
    'reject',
    (id) =>
      outbox.applyResults('sandbox', [
        { id, outcome: { kind: 'rejected', code: 11, reason: 'bad number' } },
      ]),
  ],
  [
    'submit not sent',
    'requeue',
    (id) =>
      outbox.applyResults('sandbox', [{ id, outcome: { kind: 'not-sent', reason: 'offline' } }]),
  ],
  [
    'submit to retry',
    'requeue',
    (id) => outbox.applyResults('sandbox', [{ id, outcome: { kind: 'retry', reason: 'busy' } }]),
  ],
  [
    'submit unanswered',
    'noAnswer',
    (id) =>
      outbox.applyResults('sandbox', [{ id, outcome: { kind: 'unknown', reason: 'timeout' } }]),
  ],
  [
    'report delivered',
    'delivered',
    (id) => outbox.applyReceipts('sandbox', [receipt(`k${id}`, 'delivered')]),
  ],
  [
    'report failed',
    'reportFailed',
    (id) => outbox.applyReceipts('sandbox', [receipt(`k${id}`, 'failed')]),
  ],
  [
    'report expired',
    'expired',
    (id) => outbox.applyReceipts('sandbox', [receipt(`k${id}`, 'expired')]),
  ],
]

describe('every operation moves a message as the state table says', () => {
  for (const [name, move, run] of operations) {
    it(`${name}: ${MOVES[move].from.join(', ')} → ${MOVES[move].to}; any other state stays`, () => {
      for (const from of MessageStateSchema.options) {
        const id = inState(from)
        try {
          run(id)
        } catch {
          // Refused (cancel, resolveUncertain): the state below says it stayed.
        }
        const allowed = (MOVES[move].from as readonly MessageState[]).includes(from)
        expect({ from, to: stateOf(id) }).toEqual({ from, to: allowed ? MOVES[move].to : from })
        // One message at a time: the next state's message must not meet this one.
        db.prepare(`UPDATE messages SET state = 'delivered' WHERE id = ?`).run(id)
      }
    })
  }

  it('claiming promotes a due scheduled message and claims only queued ones', () => {
    const results = MessageStateSchema.options.map((from) => [from, inState(from)] as const)
    const { claimed, promoted } = outbox.claimDue('sandbox', 100)
    expect(promoted.map((m) => m.id)).toEqual([results.find(([s]) => s === 'scheduled')?.[1]])
    expect(claimed.map((c) => c.id).sort((a, b) => a - b)).toEqual(
      results
        .filter(([s]) => s === 'queued' || s === 'scheduled')
        .map(([, id]) => id)
        .sort((a, b) => a - b),
    )
    for (const [from, id] of results) {
      const moved = from === 'queued' || from === 'scheduled'
      expect(stateOf(id)).toBe(moved ? 'sending' : from)
    }
  })
})

describe('a group of receipts ends as if applied one by one, in order', () => {
  const accepted = (providerIds: string[], text = 'Hello') => {
    const { id } = outbox.enqueue(msg({ text }))
    outbox.claimDue('sandbox', 100)
    outbox.applyResults('sandbox', [
      { id, outcome: { kind: 'accepted', providerIds, parts: providerIds.length } },
    ])
    return id
  }

  it('the first final receipt of a message settles it; a later one in the group changes nothing', () => {
    const id = accepted(['a1'])
    const changed = outbox.applyReceipts('sandbox', [
      receipt('a1', 'enroute'),
      receipt('a1', 'delivered'),
      receipt('a1', 'failed'),
    ])
    expect(changed.map((m) => [m.id, m.state])).toEqual([[id, 'delivered']])
    expect(
      db.prepare('SELECT COUNT(*) AS n FROM delivery_receipts WHERE message_id = ?').get(id),
    ).toEqual({ n: 3 })
  })

  it('a message of several parts settles at the receipt that completes it, the worst winning', () => {
    const id = accepted(['b1', 'b2'], 'x'.repeat(200))
    outbox.applyReceipts('sandbox', [receipt('b1', 'expired')])
    const changed = outbox.applyReceipts('sandbox', [
      receipt('b2', 'enroute'),
      receipt('b1', 'delivered'),
      receipt('b2', 'delivered'),
      receipt('b2', 'failed'),
    ])
    // At the third receipt b1's latest report is delivered, b2's delivered: delivered.
    expect(changed.map((m) => [m.id, m.state])).toEqual([[id, 'delivered']])
  })

  it('returns the messages settled in the order of the receipts that settled them', () => {
    const ids = ['c1', 'c2', 'c3'].map((pid) => accepted([pid]))
    const changed = outbox.applyReceipts('sandbox', [
      receipt('c3', 'failed', { reason: 'no such subscriber', reasonCode: 'smpp:stat:UNDELIV' }),
      receipt('c1', 'enroute'),
      receipt('nobody', 'delivered'),
      receipt('c2', 'delivered'),
      receipt('c1', 'expired'),
    ])
    expect(changed.map((m) => [m.id, m.state, m.errorCode])).toEqual([
      [ids[2], 'failed', 'smpp:stat:UNDELIV'],
      [ids[1], 'delivered', null],
      [ids[0], 'expired', 'outbox:report:expired'],
    ])
    expect(changed[0]?.error).toBe('Delivery report: no such subscriber — FAILED (error 001)')
    // What was pushed is what is stored.
    for (const m of changed) expect(outbox.get(m.id)).toEqual(m)
  })

  it('a receipt finds its message by the id’s own form before its hex/decimal twin', () => {
    // "10" (decimal ten) and "a" (hex ten) name different messages.
    const ten = accepted(['10'])
    const hexTen = accepted(['a'])
    outbox.applyReceipts('sandbox', [receipt('10', 'delivered')])
    expect([stateOf(ten), stateOf(hexTen)]).toEqual(['delivered', 'accepted'])
    // An id only known under its twin form still finds its message.
    const twin = accepted(['1f'])
    outbox.applyReceipts('sandbox', [receipt('31', 'delivered')])
    expect(stateOf(twin)).toBe('delivered')
  })
})

describe('a group of submit answers ends as if applied one by one, in order', () => {
  it('a message answered twice in one group takes the first answer', () => {
    const { id } = outbox.enqueue(msg())
    outbox.claimDue('sandbox', 1)
    const changed = outbox.applyResults('sandbox', [
      { id, outcome: { kind: 'accepted', providerIds: ['d1'], parts: 1 } },
      { id, outcome: { kind: 'rejected', code: 1, reason: 'late' } },
    ])
    expect(changed.map((m) => [m.id, m.state, m.providerIds])).toEqual([[id, 'accepted', ['d1']]])
  })

  it('early receipts go to the first message of the group that claims their id', () => {
    const a = outbox.enqueue(msg({ text: 'first' })).id
    const b = outbox.enqueue(msg({ text: 'second', phone: '992907654321' })).id
    outbox.claimDue('sandbox', 10)
    outbox.applyReceipts('sandbox', [
      receipt('e1', 'delivered', {
        hlr: {
          imsi: '250020000000001',
          msc: '79020000000',
          mcc: '250',
          mnc: '02',
          cn: 'Russia',
          net: 'MegaFon',
          rcn: '',
          rnet: '',
        },
      }),
    ])
    const changed = outbox.applyResults('sandbox', [
      { id: b, outcome: { kind: 'unknown', reason: 'timeout' } },
      { id: a, outcome: { kind: 'accepted', providerIds: ['E1'], parts: 1 } },
      { id: b + 1000, outcome: { kind: 'accepted', providerIds: ['E1'], parts: 1 } },
    ])
    expect(changed.map((m) => [m.id, m.state])).toEqual([
      [b, 'uncertain'],
      [a, 'delivered'],
    ])
    expect(db.prepare('SELECT message_id, phone, provider_id FROM hlr_results').all()).toEqual([
      { message_id: a, phone: '992901234567', provider_id: 'e1' },
    ])
    for (const m of changed) expect(outbox.get(m.id)).toEqual(m)
  })

  it('each answer moves its message the way it says, in one group', () => {
    const ids = [0, 1, 2, 3, 4].map((i) => outbox.enqueue(msg({ text: `m${i}` })).id)
    outbox.claimDue('sandbox', 10)
    const changed = outbox.applyResults('sandbox', [
      { id: ids[4]!, outcome: { kind: 'paused', code: 119, reason: 'no balance' } },
      { id: ids[0]!, outcome: { kind: 'accepted', providerIds: ['f1', 'f2'], parts: 2 } },
      { id: ids[1]!, outcome: { kind: 'rejected', code: 7, reason: 'bad', reasonCode: 'x:7' } },
      { id: ids[2]!, outcome: { kind: 'retry', reason: 'busy' } },
      { id: ids[3]!, outcome: { kind: 'unknown', reason: 'timeout' } },
    ])
    expect(changed.map((m) => [m.id, m.state, m.attempts, m.errorCode])).toEqual([
      [ids[4], 'queued', 0, 'outbox:paused'],
      [ids[0], 'accepted', 1, null],
      [ids[1], 'failed', 1, 'x:7'],
      [ids[2], 'queued', 1, 'outbox:retry'],
      [ids[3], 'uncertain', 1, 'outbox:uncertain'],
    ])
    expect(changed[1]).toMatchObject({ providerIds: ['f1', 'f2'], parts: 2 })
    for (const m of changed) expect(outbox.get(m.id)).toEqual(m)
  })
})
