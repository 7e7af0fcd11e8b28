// The canary's verdict from a batch's counts: wait while the first are out or the file is still
// being queued; release, or pause past the share; and the watch over the whole campaign.
import { expect, it } from 'vitest'
import { judge, type Canary } from '../../src/main/core/imports/canary'

const testing: Canary = { first: 10, failPercent: 20, state: 'testing' }

it('waits for every first message, then releases or pauses by the share that failed', () => {
  expect(judge(testing, { delivered: 5, accepted: 5, scheduled: 90 }, true)).toEqual({
    kind: 'wait',
  })
  expect(judge(testing, { delivered: 10, scheduled: 90 }, false)).toEqual({ kind: 'wait' })
  expect(judge(testing, { delivered: 8, failed: 2, scheduled: 90 }, true)).toEqual({
    kind: 'release',
    failed: 2,
    outcomes: 10,
  })
  expect(judge(testing, { delivered: 7, failed: 2, expired: 1, scheduled: 90 }, true)).toEqual({
    kind: 'pause',
    failed: 3,
    outcomes: 10,
  })
})

it('watches the whole campaign once released, never pausing before enough outcomes', () => {
  const watching: Canary = { ...testing, state: 'watching' }
  expect(judge(watching, { delivered: 2, failed: 8 }, true)).toEqual({ kind: 'wait' })
  expect(judge(watching, { delivered: 10, failed: 15 }, true)).toMatchObject({ kind: 'pause' })
  expect(judge(watching, { delivered: 90, failed: 10 }, true)).toEqual({ kind: 'wait' })
  expect(judge({ ...testing, state: 'off' }, { failed: 100 }, true)).toEqual({ kind: 'wait' })
})
