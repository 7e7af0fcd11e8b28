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
