// Numbers written the local way, read by the profile's country: the provider's usual one
// (SMSC: Russia, OsonSMS: Tajikistan), one the agent chose, or none; kept and shown again by
// profiles.get; refused at its field when it is no country code.
import { expect, it } from 'vitest'
import { testCore } from '../helpers/test-core'

const t = testCore()

const send = (profileId: string, phone: string) =>
  t.call('messages.send', { profileId, sender: '7781', phone, text: 'Ваш заказ готов' })

it('reads a local number by the provider’s usual country', async () => {
  expect((await send('sandbox', '8 (912) 345-67-89')).phone).toBe('79123456789')
  expect((await send('sandbox-osonsms', '90 123 45 67')).phone).toBe('992901234567')
  // Written with its code, a number stays as written whatever the country, and the provider's
  // own rule still applies on top: OsonSMS sends to Tajik numbers only.
  expect((await send('sandbox', '+992 90 123 45 67')).phone).toBe('992901234567')
  expect(
    await t.core.handle('messages.send', {
      profileId: 'sandbox-osonsms',
      sender: '7781',
      phone: '+7 912 345 67 89',
      text: 'Ваш заказ готов',
    }),
  ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', issues: [{ path: 'phone' }] } })
})

it('reads it by the country the profile chose, or by none, and keeps the choice', async () => {
  const profile = (defaultCountry: string | null | undefined) => ({
    kind: 'smsc-http' as const,
    id: 'office',
    name: 'Office SMSC',
    baseUrl: 'https://smsc.kz/',
    login: 'office',
    senders: ['Office'],
    ...(defaultCountry !== undefined ? { defaultCountry } : {}),
  })
  await t.call('profiles.save', profile('UZ'))
  expect((await t.call('profiles.get', { profileId: 'office' })).input).toMatchObject({
    defaultCountry: 'UZ',
  })
  expect((await send('office', '90 123 45 67')).phone).toBe('998901234567')

  // None: every number as written.
  await t.call('profiles.save', profile(null))
  expect((await t.call('profiles.get', { profileId: 'office' })).input).toMatchObject({
    defaultCountry: null,
  })
  expect((await send('office', '8 701 123 45 67')).phone).toBe('87011234567')

  // Not chosen: SMSC's usual, Kazakhstan at smsc.kz.
  await t.call('profiles.save', profile(undefined))
  expect((await t.call('profiles.get', { profileId: 'office' })).input).not.toHaveProperty(
    'defaultCountry',
  )
  expect((await send('office', '8 701 123 45 67')).phone).toBe('77011234567')

  expect(
    await t.core.handle('profiles.save', { ...profile(undefined), defaultCountry: 'Russia' }),
  ).toMatchObject({
    ok: false,
    error: { code: 'BAD_REQUEST', issues: [{ path: 'defaultCountry' }] },
  })
})
