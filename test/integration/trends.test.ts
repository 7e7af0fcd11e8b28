// Delivery trends through the core: messages by day, failures by reason, and delivery by mobile
// operator, the operator named from the numbering plan's data (Tajik ranges: Megafon, Tcell).
import { expect, it } from 'vitest'
import { testCore } from '../helpers/test-core'
import { waitFor, waitForValue } from '../helpers/wait'

const t = testCore({ sandbox: { smpp: { receiptDelayMs: 5 } } })

it('counts a period by day, reason and operator', async () => {
  await waitFor(() => t.pushed('session.state').some((s) => s.status === 'bound'), 'bound')
  // Ending in 00: undeliverable in the sandbox.
  const phones = ['992901230011', '992901230021', '992901230100', '992111230011']
  for (const phone of phones) {
    await t.call('messages.send', { profileId: 'sandbox', sender: 'Shop', phone, text: 'Привет' })
  }
  const tz = new Date().getTimezoneOffset()
  const trends = await waitForValue(
    () => t.call('reports.trends', { tzOffsetMinutes: tz }),
    (r) => r.days.reduce((n, d) => n + d.delivered + d.failed, 0) === 4,
    'every outcome in',
    60_000,
  )
  const today = new Date(Date.now() - tz * 60_000).toISOString().slice(0, 10)
  expect(trends.days).toEqual([
    { day: today, profileId: 'sandbox', sent: 4, delivered: 3, failed: 1 },
  ])
  expect(trends.reasons).toEqual([
    expect.objectContaining({ day: today, count: 1, error: expect.any(String) }),
  ])
  expect(trends.operators).toEqual([
    { code: '992', name: 'Megafon', sent: 3, delivered: 2, failed: 1 },
    { code: '992', name: 'Tcell', sent: 1, delivered: 1, failed: 0 },
  ])
  // Another profile's period is empty.
  expect(
    (await t.call('reports.trends', { tzOffsetMinutes: tz, profileId: 'sandbox-osonsms' })).days,
  ).toEqual([])
})
