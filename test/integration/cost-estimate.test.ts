// The cost of a message before it is sent, through the core and the sandboxes over real HTTP:
// SMSC names its price for the number without sending anything (cost=1); a provider that names
// none in advance (smsgate) is unknown until it has stated prices, then its parts times the
// price stated lately for numbers like this one, else for any number of the profile.
import { expect, it } from 'vitest'
import { testCore } from '../helpers/test-core'
import { waitForValue } from '../helpers/wait'

const t = testCore({
  sandbox: {
    'smsc-http': { operatorAfterMs: 10, finalAfterMs: 20, pricesByPrefix: { '99290': 0.8 } },
    smsgate: { prices: { sms: 0.4 } },
  },
})

const estimate = (profileId: string, phone: string, text: string) =>
  t.call('messages.estimate', { profileId, phone, text })

it('asks SMSC its price for the number, without sending anything', async () => {
  const balance = await t.call('profiles.balance', { profileId: 'sandbox-smsc' })
  const long = 'Ваш заказ готов к выдаче. '.repeat(4) // 104 characters of UCS-2: two parts
  expect(await estimate('sandbox-smsc', '8 (916) 555-01-01', long)).toEqual({
    parts: 2,
    phone: '79165550101',
    price: { perPart: 2.5, amount: 5, sample: 0, scope: 'provider' },
  })
  expect((await estimate('sandbox-smsc', '+992 90 123 45 67', 'Hi')).price).toEqual({
    perPart: 0.8,
    amount: 0.8,
    sample: 0,
    scope: 'provider',
  })
  // Asked again (the agent typing on): the price named a moment ago, not a refused repeat.
  expect((await estimate('sandbox-smsc', '+992 90 123 45 67', 'Hi again')).price).toMatchObject({
    perPart: 0.8,
    scope: 'provider',
  })
  expect(await t.call('profiles.balance', { profileId: 'sandbox-smsc' })).toEqual(balance)
  expect(await t.call('messages.recent', { limit: 10 })).toEqual([])
})

it('says plainly it cannot be known, then estimates from the prices the provider stated', async () => {
  expect(await estimate('sandbox-smsgate', '+7 701 123 01 01', 'Hello')).toEqual({
    parts: 1,
    phone: '77011230101',
    price: null,
  })
  // Two messages to one network, delivered and priced by the sandbox (0.40 an SMS part).
  for (const phone of ['77011230102', '77011230103']) {
    await t.call('messages.send', {
      profileId: 'sandbox-smsgate',
      sender: 'SANDBOX',
      phone,
      text: 'Hi',
      cascade: { order: ['sms'] },
    })
  }
  await waitForValue(
    () => t.call('messages.recent', { limit: 10 }),
    (ms) => ms.filter((m) => m.state === 'delivered').length === 2,
    'both delivered',
  )
  const long = 'Ваш заказ готов к выдаче. '.repeat(4)
  expect(await estimate('sandbox-smsgate', '+7 701 123 01 04', long)).toEqual({
    parts: 2,
    phone: '77011230104',
    price: { perPart: 0.4, amount: 0.8, sample: 2, scope: 'destination' },
  })
  // No price stated yet for this destination: the profile's recent price, said as such.
  expect((await estimate('sandbox-smsgate', '+7 747 123 45 67', 'Hi')).price).toMatchObject({
    perPart: 0.4,
    scope: 'profile',
  })
  // A number SMSC will not price (it cannot deliver there): the recorded prices answer, and
  // SMSC has stated none yet.
  expect((await estimate('sandbox-smsc', '+999 123 4567', 'Hi')).price).toBeNull()
  expect(
    await t.core.handle('messages.estimate', { profileId: 'sandbox-smsc', phone: 'x', text: 'Hi' }),
  ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', issues: [{ path: 'phone' }] } })
})

it('prices a batch by destination before it is sent', async () => {
  const rows = ['79165550301', '79165550302', '992901000301', '992935550301']
  const analysis = await t.call('import.paste', { text: ['phone', ...rows].join('\n') })
  const summary = await t.call('import.validate', {
    uploadId: analysis.uploadId,
    profileId: 'sandbox-smsc',
    sender: 'SANDBOX',
    phoneColumn: 0,
    template: 'Скидка до конца недели',
  })
  const byCode = Object.fromEntries(
    summary.destinations.map((d) => [`${d.code} ${d.name ?? ''}`.trim(), d]),
  )
  // Russia's mobile ranges have no operator in the data: by the numbers' first digits.
  expect(byCode['79165']).toMatchObject({ recipients: 2, parts: 2, perPart: 2.5, amount: 5 })
  expect(Object.values(byCode).every((d) => d.scope === 'provider')).toBe(true)
  const tajik = summary.destinations.filter((d) => d.code === '992')
  expect(tajik.map((d) => d.recipients).sort()).toEqual([1, 1])
  expect(tajik.every((d) => d.name !== null)).toBe(true)
  expect(tajik.find((d) => d.perPart === 0.8)).toBeDefined()
  expect(summary.cost).toMatchObject({ source: 'provider', unpricedParts: 0 })
  expect(summary.cost?.amount).toBeCloseTo(
    5 + 0.8 + (tajik.find((d) => d.perPart !== 0.8)?.perPart ?? NaN),
  )
  await t.call('import.discard', { uploadId: analysis.uploadId })

  // Through a provider that names no prices in advance: the recorded ones, per destination
  // (the profile's where the destination has none).
  const other = await t.call('import.paste', {
    text: ['phone', '77011230401', '77011230402', '77471230401'].join('\n'),
  })
  const recorded = await t.call('import.validate', {
    uploadId: other.uploadId,
    profileId: 'sandbox-smsgate',
    sender: 'SANDBOX',
    phoneColumn: 0,
    template: 'Скидка до конца недели',
  })
  expect(recorded.cost).toMatchObject({ source: 'recorded', unpricedParts: 0 })
  expect(recorded.cost?.perPart).toBeCloseTo(0.4)
  expect(recorded.destinations.map((d) => d.scope).sort()).toEqual(['destination', 'profile'])
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
  // The batch's three at 2.50 each through SMSC, the two single messages before at 0.40
  // through smsgate: today (or, run across midnight, partly yesterday).
  const days = [local(today), local(new Date(today.getTime() - 86_400_000))]
  expect(spend.every((r) => days.includes(r.day))).toBe(true)
  const of = (profileId: string) => spend.filter((r) => r.profileId === profileId)
  expect(of('sandbox-smsc').reduce((n, r) => n + r.amount, 0)).toBe(7.5)
  expect(of('sandbox-smsc').reduce((n, r) => n + r.messages, 0)).toBe(3)
  expect(of('sandbox-smsgate').reduce((n, r) => n + r.amount, 0)).toBeCloseTo(0.8)
  expect(
    await t.call('reports.spend', {
      profileId: 'sandbox',
      tzOffsetMinutes: today.getTimezoneOffset(),
    }),
  ).toEqual([])
})
