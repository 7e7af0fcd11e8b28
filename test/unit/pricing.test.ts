// A batch's cost from its destinations: the sum of what is priced, the parts that are not, and
// where the prices came from; recipients grouped by the operator of their range.
import { describe, expect, it } from 'vitest'
import { batchCost, DestinationTally } from '../../src/main/core/pricing/estimate'
import type { DestinationCost } from '../../src/shared/calls/imports'

const dest = (over: Partial<DestinationCost>): DestinationCost => ({
  code: '992',
  name: 'Tcell',
  recipients: 1,
  parts: 1,
  perPart: null,
  amount: null,
  scope: null,
  sample: 0,
  ...over,
})

describe('batchCost', () => {
  it('adds what is priced and counts the parts that are not', () => {
    const cost = batchCost([
      dest({ parts: 10, perPart: 0.5, amount: 5, scope: 'provider' }),
      dest({ parts: 4, perPart: 2.5, amount: 10, scope: 'provider' }),
      dest({ parts: 3 }),
    ])
    expect(cost).toEqual({
      perPart: 15 / 14,
      amount: 15,
      sample: 0,
      source: 'provider',
      unpricedParts: 3,
    })
  })

  it('says recorded when any price is from reports, with the largest sample', () => {
    expect(
      batchCost([
        dest({ parts: 2, perPart: 1, amount: 2, scope: 'provider' }),
        dest({ parts: 2, perPart: 1, amount: 2, scope: 'destination', sample: 40 }),
        dest({ parts: 2, perPart: 1, amount: 2, scope: 'profile', sample: 200 }),
      ]),
    ).toMatchObject({ source: 'recorded', sample: 200, amount: 6 })
  })

  it('is unknown when nothing is priced', () => {
    expect(batchCost([dest({ parts: 5 })])).toBeNull()
    expect(batchCost([])).toBeNull()
  })
})

/** A profile with no connection and no recorded prices. */
const NO_PRICES = {
  connection: () => null,
  prices: { partPriceFor: async () => null, recentPartPrice: async () => null },
  log: Object.assign(() => {}, { mask: () => {}, file: '' }),
}

describe('DestinationTally', () => {
  it('groups by operator where the range has one, else by the first digits', async () => {
    const tally = new DestinationTally()
    tally.add('992935550001', 1)
    tally.add('992935550002', 2)
    tally.add('79161234567', 1)
    const priced = await tally.priced(NO_PRICES, 'p', '')
    expect(priced.map((d) => [d.code, d.name !== null, d.recipients, d.parts])).toEqual([
      ['992', true, 2, 3],
      ['79161', false, 1, 1],
    ])
    expect(priced.every((d) => d.amount === null && d.scope === null)).toBe(true)
  })

  it('gathers the numbers of very many destinations under one more', async () => {
    const tally = new DestinationTally()
    for (let i = 0; i < 400; i++) tally.add(`7${String(1000 + i)}000000`, 1)
    const priced = await tally.priced(NO_PRICES, 'p', '')
    expect(priced).toHaveLength(301)
    expect(priced.find((d) => d.code === '')?.recipients).toBe(100)
  })
})
