// The cost of a message before it is sent, through the core and the SMSC sandbox over real
// HTTP: unknown until the provider has stated prices; then its parts times the price stated
// lately for numbers like this one, else for any number of the profile.
import { expect, it } from 'vitest'
import { testCore } from '../helpers/test-core'
import { waitForValue } from '../helpers/wait'

const t = testCore({ sandbox: { 'smsc-http': { operatorAfterMs: 10, finalAfterMs: 20 } } })

const estimate = (phone: string, text: string) =>
  t.call('messages.estimate', { profileId: 'sandbox-smsc', phone, text })

it('says plainly it cannot be known, then estimates from the prices the provider stated', async () => {
  expect(await estimate('+7 916 555 01 01', 'Hello')).toEqual({
    parts: 1,
    phone: '79165550101',
    price: null,
  })

  // Two messages to Moscow mobile numbers, delivered and priced by the sandbox (2.50 a part).
  for (const phone of ['79165550102', '79165550103']) {
    await t.call('messages.send', {
      profileId: 'sandbox-smsc',
      sender: 'SANDBOX',
      phone,
      text: 'Hi',
    })
  }
  await waitForValue(
    () => t.call('messages.recent', { limit: 10 }),
    (ms) => ms.filter((m) => m.state === 'delivered').length === 2,
    'both delivered',
  )
  const long = 'Ваш заказ готов к выдаче. '.repeat(4) // 104 characters of UCS-2: two parts
  expect(await estimate('8 (916) 555-01-04', long)).toEqual({
    parts: 2,
    phone: '79165550104',
    price: { perPart: 2.5, amount: 5, sample: 2, scope: 'destination' },
  })
  // No price stated yet for this destination: the profile's recent price, said as such.
  expect((await estimate('+992 90 123 45 67', 'Hi')).price).toMatchObject({
    perPart: 2.5,
    scope: 'profile',
  })
  expect(
    await t.core.handle('messages.estimate', { profileId: 'sandbox-smsc', phone: 'x', text: 'Hi' }),
  ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', issues: [{ path: 'phone' }] } })
})

it('adds up what was spent, by day and profile, and per batch', async () => {
  const analysis = await t.call('import.paste', {
    text: 'phone;name\n79165550201;Иван\n79165550202;Ольга\n79165550203;Пётр\n',
  })
  const batch = await t.call('import.start', {
    uploadId: analysis.uploadId,
    profileId: 'sandbox-smsc',
    sender: 'SANDBOX',
    phoneColumn: 0,
    template: 'Hi #name#',
  })
  const detail = await waitForValue(
    () => t.call('reports.batch', { batchId: batch.id }),
    (d) => d.spent === 7.5,
    'the batch delivered and priced',
  )
  expect(detail.spent).toBe(7.5)

  const today = new Date()
  const local = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
  const spend = await t.call('reports.spend', {
    from: Date.now() - 3_600_000,
    tzOffsetMinutes: today.getTimezoneOffset(),
  })
  // The two single messages of the test before, and the batch's three: 2.50 each, today (or,
  // run across midnight, partly yesterday).
  const days = [local(today), local(new Date(today.getTime() - 86_400_000))]
  expect(spend.every((r) => r.profileId === 'sandbox-smsc' && days.includes(r.day))).toBe(true)
  expect(spend.reduce((n, r) => n + r.amount, 0)).toBe(12.5)
  expect(spend.reduce((n, r) => n + r.messages, 0)).toBe(5)
  expect(
    await t.call('reports.spend', {
      profileId: 'sandbox',
      tzOffsetMinutes: today.getTimezoneOffset(),
    }),
  ).toEqual([])
})
