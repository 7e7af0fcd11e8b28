// A campaign's canary through the core, delivered by the sandbox SMSC (a number ending in 00
// fails there): the first recipients and a test number go first while the rest wait; too many
// failures pause the batch by itself, saying why, and Resume sends the rest; a canary that
// passes lets the rest go, and the watch pauses the campaign when failures pass the share later.
import { describe, expect, it } from 'vitest'
import { CANARY_HOLD } from '../../src/main/core/imports/canary'
import type { BatchView } from '../../src/shared/calls/imports'
import { startWithCanary } from '../helpers/imports'
import { testCore } from '../helpers/test-core'
import { waitFor, waitForValue } from '../helpers/wait'

const t = testCore({ sandbox: { smpp: { receiptDelayMs: 5 } } })

const startWith = (phones: string[], canary: object) => startWithCanary(t.call, phones, canary)

const until = (id: number, done: (b: BatchView) => boolean, what: string) =>
  waitForValue(() => t.call('batch.get', { batchId: id }), done, what, 60_000)

const held = (batchId: number) =>
  t.fromDb(
    (db) =>
      (
        db
          .prepare('SELECT COUNT(*) AS n FROM messages WHERE batch_id = ? AND scheduled_at = ?')
          .get(batchId, CANARY_HOLD) as { n: number }
      ).n,
  )

describe('a canary', () => {
  it('too many of the first fail: the batch pauses itself, the rest wait; Resume sends them', async () => {
    await waitFor(() => t.pushed('session.state').some((s) => s.status === 'bound'), 'bound')
    const phones = ['99290150100', '99290150200', '992901502011']
    for (let i = 0; i < 7; i++) phones.push(`9929015030${i}1`)
    const batch = await startWith(phones, { first: 3, failPercent: 50 })
    const paused = await until(batch.id, (b) => b.state === 'paused', 'paused by its canary')
    expect(paused.canary).toMatchObject({
      state: 'paused',
      failed: 2,
      outcomes: 3,
      failPercent: 50,
    })
    expect(paused.counters).toMatchObject({ delivered: 1, failed: 2, queued: 7 })
    expect(held(batch.id)).toBe(7)

    await t.call('batch.resume', { batchId: batch.id })
    const done = await until(batch.id, (b) => b.state === 'done', 'the rest delivered')
    expect(done.counters).toMatchObject({ delivered: 8, failed: 2 })
    expect(done.canary?.state).toBe('off')
  })

  it('few enough fail: the rest go (a test number with the first text), and the watch pauses it later', async () => {
    const phones = ['992901600011', '992901600021', '992901600031']
    for (let i = 0; i < 100; i++)
      phones.push(`99290161${String(i).padStart(3, '0')}${i < 80 ? '00' : '11'}`)
    const batch = await startWith(phones, {
      first: 3,
      failPercent: 50,
      testNumbers: ['+992 90 169 99 91'],
    })
    const watched = await until(batch.id, (b) => b.canary?.state !== 'testing', 'the canary judged')
    expect(watched.canary).toMatchObject({ state: 'watching', failed: 0, outcomes: 4 })
    const test = t.fromDb((db) =>
      db
        .prepare('SELECT batch_id AS batchId, text FROM messages WHERE phone = ?')
        .get('992901699991'),
    )
    expect(test).toMatchObject({ batchId: batch.id, text: 'Скидка до конца недели' })
    // Past 20 outcomes with most failing, the watch pauses the campaign by itself.
    const paused = await until(
      batch.id,
      (b) => b.state === 'paused' || b.state === 'done',
      'the watch',
    )
    expect(paused.state).toBe('paused')
    expect(paused.canary?.state).toBe('paused')
    expect(paused.canary!.failed! * 100).toBeGreaterThan(50 * paused.canary!.outcomes!)
  })
})
