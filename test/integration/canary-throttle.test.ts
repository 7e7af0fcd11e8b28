// A canary that watches throttling, through the core and the SMPP sandbox refusing every second
// submit with ESME_RTHROTTLED: the session sends each again, slower, and every message is
// delivered — but half of them were throttled first, past the canary's share, so the batch
// pauses itself and says why; without a throttle share the same batch goes on.
import { expect, it } from 'vitest'
import type { BatchView } from '../../src/shared/calls/imports'
import { startWithCanary } from '../helpers/imports'
import { testCore } from '../helpers/test-core'
import { waitFor, waitForValue } from '../helpers/wait'

const t = testCore({ sandbox: { smpp: { receiptDelayMs: 5, throttleEveryNth: 2 } } })

const startWith = (phones: string[], canary: object) => startWithCanary(t.call, phones, canary)

const until = (id: number, done: (b: BatchView) => boolean, what: string) =>
  waitForValue(() => t.call('batch.get', { batchId: id }), done, what, 60_000)

const phones = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `9929300${String(from + i).padStart(5, '0')}`)

it('pauses itself when the provider throttles more than the share', async () => {
  await waitFor(() => t.pushed('session.state').some((s) => s.status === 'bound'), 'bound')
  const batch = await startWith(phones(1, 30), { first: 10, failPercent: 50, throttlePercent: 20 })
  const paused = await until(batch.id, (b) => b.state === 'paused', 'paused by its canary')
  expect(paused.canary).toMatchObject({ state: 'paused', cause: 'throttling', out: 10 })
  expect(paused.canary?.throttled).toBeGreaterThan(2)
  // None of the first failed: it was the throttling.
  expect(paused.canary?.failed).toBe(0)
  expect(paused.counters).toMatchObject({ delivered: 10, failed: 0, queued: 20 })

  // Resume: the agent takes over, the rest go.
  await t.call('batch.resume', { batchId: batch.id })
  const done = await until(batch.id, (b) => b.state === 'done', 'the rest sent')
  expect(done.counters.delivered).toBe(30)
  expect(done.canary?.state).toBe('off')
})

it('without a throttle share, the same throttling lets the rest go', async () => {
  const batch = await startWith(phones(101, 20), { first: 10, failPercent: 50 })
  const done = await until(batch.id, (b) => b.state === 'done', 'all sent')
  expect(done.counters.delivered).toBe(20)
  expect(done.canary).toMatchObject({ state: 'watching', cause: null })
  expect(done.canary?.throttled).toBeGreaterThan(0)
})
