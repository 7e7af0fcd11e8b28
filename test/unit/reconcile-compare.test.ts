// The provider's record compared with ours: matched by the id it knows a message by and the
// phone (then by phone and time), each of the four kinds of difference, and what may be adopted.
import { describe, expect, it } from 'vitest'
import {
  Comparison,
  priceDiffers,
  sameStatus,
  type OurRecord,
} from '../../src/main/core/reconcile/compare'
import type { SentRecord } from '../../src/main/core/providers/types'
import { mapStatus } from '../../src/main/core/providers/smsc-http/provider'

const DAY = Date.UTC(2026, 2, 10)
const PERIOD = { from: DAY, to: DAY + 86_400_000 }

function theirs(
  providerId: string | null,
  phone: string,
  status: number,
  price: number | null,
  more: Partial<SentRecord> = {},
): SentRecord {
  const m = mapStatus(status, 0)
  return {
    line: 2,
    providerId,
    phone,
    sender: 'Shop',
    sentAt: DAY + 3_600_000,
    outcome: m.outcome,
    stat: String(status),
    err: '0',
    reason: m.reason,
    reasonCode: m.reasonCode,
    price,
    parts: 1,
    text: '',
    ...more,
  }
}

function ours(
  id: number,
  phone: string,
  state: OurRecord['state'],
  price: number | null,
  more: Partial<OurRecord> = {},
): OurRecord {
  return {
    id,
    keys: [String(500_000 + id)],
    phone,
    state,
    createdAt: DAY + 3_600_000,
    price,
    text: 'Hello',
    ...more,
  }
}

async function compare(t: SentRecord[], o: OurRecord[][], opts = {}) {
  const c = await Comparison.of(t, { ...PERIOD, ...opts })
  for (const chunk of o) c.addOurs(chunk)
  return c.finish()
}

describe('comparing the provider’s record with ours', () => {
  it('finds nothing when both say the same', async () => {
    const r = await compare(
      [theirs('500001', '79160000001', 1, 2.5), theirs('500002', '79160000002', 0, 2.5)],
      [[ours(1, '79160000001', 'delivered', 2.5)], [ours(2, '79160000002', 'accepted', 2.5)]],
    )
    expect(r.counts).toEqual({ theirs: 0, ours: 0, status: 0, price: 0 })
    expect(r.differences).toEqual([])
    expect(r).toMatchObject({ providerRows: 2, ourRows: 2 })
  })

  it('a message only the provider has, and one only we have', async () => {
    const r = await compare(
      [
        theirs('500001', '79160000001', 1, 2.5),
        theirs('900000001', '79169999999', 1, 3, { text: 'Sent from the web page' }),
      ],
      [[ours(1, '79160000001', 'delivered', 2.5), ours(2, '79160000002', 'delivered', 2.5)]],
    )
    expect(r.counts).toEqual({ theirs: 1, ours: 1, status: 0, price: 0 })
    expect(r.differences).toEqual([
      expect.objectContaining({
        kind: 'theirs',
        messageId: null,
        providerId: '900000001',
        phone: '79169999999',
        theirOutcome: 'delivered',
        theirPrice: 3,
        text: 'Sent from the web page',
        adoptable: false,
      }),
      expect.objectContaining({
        kind: 'ours',
        messageId: 2,
        providerId: null,
        ourState: 'delivered',
        theirStatus: null,
      }),
    ])
  })

  it('a status difference; an uncertain one of ours may adopt the provider’s status', async () => {
    const r = await compare(
      [
        theirs('500001', '79160000001', 20, 2.5),
        theirs('500002', '79160000002', 1, 2.5),
        theirs('500003', '79160000003', -3, null),
      ],
      [
        [
          ours(1, '79160000001', 'delivered', 2.5),
          ours(2, '79160000002', 'uncertain', null),
          ours(3, '79160000003', 'uncertain', null),
        ],
      ],
    )
    expect(r.counts).toEqual({ theirs: 0, ours: 0, status: 3, price: 0 })
    expect(
      r.differences.map((d) => [d.messageId, d.ourState, d.theirOutcome, d.adoptable]),
    ).toEqual([
      [1, 'delivered', 'failed', false],
      [2, 'uncertain', 'delivered', true],
      // The provider holds nothing under that id: no status to adopt.
      [3, 'uncertain', 'missing', false],
    ])
  })

  it('a price difference, and none within rounding', async () => {
    const r = await compare(
      [
        theirs('500001', '79160000001', 1, 3.1),
        theirs('500002', '79160000002', 1, 2.504),
        theirs('500003', '79160000003', 1, 2.5),
      ],
      [
        [
          ours(1, '79160000001', 'delivered', 2.5),
          ours(2, '79160000002', 'delivered', 2.5),
          // Settled, yet no price of ours: the provider's is a difference.
          ours(3, '79160000003', 'delivered', null),
        ],
      ],
    )
    expect(r.counts).toEqual({ theirs: 0, ours: 0, status: 0, price: 2 })
    expect(r.differences.map((d) => [d.kind, d.messageId, d.ourPrice, d.theirPrice])).toEqual([
      ['price', 1, 2.5, 3.1],
      ['price', 3, null, 2.5],
    ])
  })

  it('matches by provider id only with the same phone; then by phone and a close time', async () => {
    const r = await compare(
      [
        // Our id, another number: not ours.
        theirs('500001', '79170000000', 1, 2.5),
        // No id it knows: the same number within minutes, the same text.
        theirs('123', '79160000002', 1, 2.5, { sentAt: DAY + 3_600_000 + 60_000, text: 'Hello' }),
      ],
      [[ours(1, '79160000001', 'delivered', 2.5), ours(2, '79160000002', 'delivered', 2.5)]],
    )
    expect(r.counts).toEqual({ theirs: 1, ours: 1, status: 0, price: 0 })
    expect(r.differences.map((d) => [d.kind, d.phone])).toEqual([
      ['theirs', '79170000000'],
      ['ours', '79160000001'],
    ])
  })

  it('matches under our provider ids as stored (leading zeros, case)', async () => {
    const r = await compare(
      [theirs('0000ABC', '79160000001', 1, 2.5)],
      [[ours(1, '79160000001', 'delivered', 2.5, { keys: ['abc'] })]],
    )
    expect(r.counts).toEqual({ theirs: 0, ours: 0, status: 0, price: 0 })
  })

  it('ours outside the period, or queued after the export was asked for, are no difference', async () => {
    const r = await compare(
      [],
      [
        [
          ours(1, '79160000001', 'delivered', 2.5, { createdAt: DAY - 60_000 }),
          ours(2, '79160000002', 'delivered', 2.5, { createdAt: DAY + 7_200_000 }),
          ours(3, '79160000003', 'delivered', 2.5, { createdAt: DAY + 600_000 }),
        ],
      ],
      { oursUntil: DAY + 3_600_000 },
    )
    expect(r.counts).toEqual({ theirs: 0, ours: 1, status: 0, price: 0 })
    expect(r.differences[0]?.messageId).toBe(3)
    expect(r.ourRows).toBe(2)
  })

  it('keeps at most maxKept differences, counting every one', async () => {
    const many = Array.from({ length: 50 }, (_, i) => theirs(String(i), `7916000${1000 + i}`, 1, 1))
    const r = await compare(many, [], { maxKept: 10 })
    expect(r.counts.theirs).toBe(50)
    expect(r.differences).toHaveLength(10)
  })

  it('says which states mean the same, and when prices differ', () => {
    expect(sameStatus('accepted', 'enroute')).toBe(true)
    expect(sameStatus('accepted', 'delivered')).toBe(false)
    expect(sameStatus('expired', 'expired')).toBe(true)
    expect(sameStatus('uncertain', 'delivered')).toBe(false)
    expect(priceDiffers('accepted', null, 2.5)).toBe(false)
    expect(priceDiffers('failed', null, 0)).toBe(false)
    expect(priceDiffers('delivered', 2.5, null)).toBe(false)
  })
})
