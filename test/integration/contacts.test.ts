// Contacts through the core's calls, on a real data folder: a number written any way is saved
// under its digits, every window hears of it, a wrong number is refused at its field, and the
// card and the conversation list name the customer.
import { beforeAll, expect, it } from 'vitest'
import { testCore } from '../helpers/test-core'
import { waitFor } from '../helpers/wait'

const t = testCore()
beforeAll(() =>
  waitFor(
    () => t.pushed('session.state').some((s) => s.profileId === 'sandbox' && s.status === 'bound'),
    'sandbox bound',
  ),
)

it('saves a contact under the number’s digits, pushes it, and names the conversation', async () => {
  await t.call('sandbox.injectInbound', { from: '+992 93 555 0199', to: '7781', text: 'Салам' })
  await waitFor(() => t.pushed('inbox.received').length === 1, 'the message stored')

  const saved = await t.call('contacts.save', {
    phone: '+992 (93) 555-01-99',
    name: 'Зарина',
    notes: 'VIP',
  })
  expect(saved).toMatchObject({ phone: '992935550199', name: 'Зарина', notes: 'VIP' })
  expect(t.pushed('contact.updated').at(-1)).toEqual({ phone: '992935550199', contact: saved })
  expect((await t.call('inbox.threads', { search: 'зар' })).map((x) => x.name)).toEqual(['Зарина'])
  expect((await t.call('inbox.customer', { peer: '992935550199' })).contact).toEqual({
    name: 'Зарина',
    notes: 'VIP',
  })

  expect(
    await t.core.handle('contacts.save', { phone: 'call me', name: 'X', notes: '' }),
  ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', issues: [{ path: 'phone' }] } })

  // Every list that shows numbers asks their names at once: only named contacts answer.
  await t.call('contacts.save', { phone: '992935550190', name: '', notes: 'no name yet' })
  expect(
    await t.call('contacts.names', {
      phones: ['992935550199', '992935550190', '992000000000', 'junk'],
    }),
  ).toEqual({ '992935550199': 'Зарина' })
  expect(await t.call('contacts.names', { phones: [] })).toEqual({})
})

it('a reply that means stop puts its number on the stop-list, its words as the note', async () => {
  await t.call('sandbox.injectInbound', { from: '+992 93 555 0198', to: '7781', text: 'СТОП!' })
  await t.call('sandbox.injectInbound', {
    from: '+992 93 555 0197',
    to: '7781',
    text: 'Не останавливайте доставку, стоп только для рекламы',
  })
  await waitFor(() => t.pushed('inbox.received').length >= 3, 'both stored')
  expect((await t.call('inbox.customer', { peer: '992935550198' })).stopped).toEqual({
    note: 'СТОП!',
    addedAt: expect.any(Number),
    profileId: '',
  })
  // A sentence that mentions stopping is a conversation, not an opt-out.
  expect((await t.call('inbox.customer', { peer: '992935550197' })).stopped).toBeNull()
  const listed = await t.call('stoplist.list', { query: '992935550198' })
  expect(listed).toMatchObject({ total: 1, items: [{ phone: '992935550198', note: 'СТОП!' }] })
})
