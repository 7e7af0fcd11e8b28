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
    out: 10,
    throttled: 0,
  })
  expect(judge(testing, { delivered: 7, failed: 2, expired: 1, scheduled: 90 }, true)).toEqual({
    kind: 'pause',
    cause: 'failures',
    failed: 3,
    outcomes: 10,
    out: 10,
    throttled: 0,
  })
})

it('watches the whole campaign once released, never pausing before enough outcomes', () => {
  const watching: Canary = { ...testing, state: 'watching' }
  expect(judge(watching, { delivered: 2, failed: 8 }, true)).toEqual({ kind: 'wait' })
  expect(judge(watching, { delivered: 10, failed: 15 }, true)).toMatchObject({ kind: 'pause' })
  expect(judge(watching, { delivered: 90, failed: 10 }, true)).toEqual({ kind: 'wait' })
  expect(judge({ ...testing, state: 'off' }, { failed: 100 }, true)).toEqual({ kind: 'wait' })
})

it('pauses when the provider throttles past its share, only when asked to watch for it', () => {
  const strict: Canary = { ...testing, throttlePercent: 30 }
  const counts = { delivered: 10, scheduled: 90 }
  // Without a throttle share, throttling never pauses it.
  expect(judge(testing, counts, true, 8)).toMatchObject({ kind: 'release', throttled: 8 })
  expect(judge(strict, counts, true, 3)).toMatchObject({ kind: 'release', throttled: 3 })
  expect(judge(strict, counts, true, 4)).toEqual({
    kind: 'pause',
    cause: 'throttling',
    failed: 0,
    outcomes: 10,
    out: 10,
    throttled: 4,
  })
  // Failures say more than throttling when both pass.
  expect(judge(strict, { delivered: 5, failed: 5 }, true, 9)).toMatchObject({ cause: 'failures' })
  // Watching: judged by the messages out, accepted ones too, once there are enough of them.
  const watching: Canary = { ...strict, state: 'watching' }
  expect(judge(watching, { accepted: 15 }, true, 10)).toEqual({ kind: 'wait' })
  expect(judge(watching, { accepted: 15, delivered: 5 }, true, 10)).toMatchObject({
    kind: 'pause',
    cause: 'throttling',
    out: 20,
  })
  // A count larger than what is out (after a restart) is taken as all of them.
  expect(judge(strict, counts, true, 50)).toMatchObject({ throttled: 10 })
})
