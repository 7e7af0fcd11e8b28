// The answer to an opt-out, through the core on a real data folder: off by default; once set,
// a reply that means stop is answered once, from the number the customer wrote to, through the
// profile it came in on, and the answer is delivered; an ordinary reply gets none.
import { beforeAll, expect, it } from 'vitest'
import { testCore } from '../helpers/test-core'
import { waitFor, waitForValue } from '../helpers/wait'

const t = testCore({ sandbox: { smpp: { receiptDelayMs: 20 } } })
beforeAll(() =>
  waitFor(
    () => t.pushed('session.state').some((s) => s.profileId === 'sandbox' && s.status === 'bound'),
    'sandbox bound',
  ),
)

const answersTo = async (phone: string) =>
  (await t.call('messages.recent', { limit: 50 })).filter((m) => m.phone === phone)

it('answers an opt-out once, from the number written to, when an answer is set', async () => {
  expect(await t.call('stoplist.reply', {})).toEqual({ text: null, perProfile: false })
  await t.call('sandbox.injectInbound', { from: '+992 93 555 0301', to: '7781', text: 'стоп' })
  await waitFor(() => t.pushed('inbox.received').length === 1, 'the first opt-out stored')
  expect(await answersTo('992935550301')).toEqual([])

  const text = 'Вы отписаны от рассылки.'
  expect(await t.call('stoplist.setReply', { text })).toEqual({ text, perProfile: false })
  expect(await t.call('stoplist.reply', {})).toEqual({ text, perProfile: false })
  await t.call('sandbox.injectInbound', { from: '+992 93 555 0302', to: '7781', text: 'STOP' })
  await t.call('sandbox.injectInbound', { from: '+992 93 555 0303', to: '7781', text: 'Спасибо!' })
  await waitFor(() => t.pushed('inbox.received').length === 3, 'both stored')
  await waitForValue(
    () => answersTo('992935550302'),
    (answers) => answers[0]?.state === 'delivered',
    'the answer delivered',
  )
  expect(await answersTo('992935550302')).toMatchObject([
    { profileId: 'sandbox', sender: '7781', text, batchId: null },
  ])
  expect(await answersTo('992935550303')).toEqual([])
  expect((await t.call('stoplist.list', { query: '992935550302' })).total).toBe(1)

  // Off again: nothing more is answered; blank is off too.
  expect(await t.call('stoplist.setReply', { text: null })).toEqual({
    text: null,
    perProfile: false,
  })
  await t.call('sandbox.injectInbound', {
    from: '+992 93 555 0304',
    to: '7781',
    text: 'отписаться',
  })
  await waitFor(() => t.pushed('inbox.received').length === 4, 'the last stored')
  expect(await answersTo('992935550304')).toEqual([])
  expect(await t.call('stoplist.setReply', { text: '   ' })).toEqual({
    text: null,
    perProfile: false,
  })
})

it('stops a number for the profile it came in on only, when the office chose so', async () => {
  expect(await t.call('stoplist.setReply', { text: null, perProfile: true })).toEqual({
    text: null,
    perProfile: true,
  })
  expect(await t.call('stoplist.reply', {})).toEqual({ text: null, perProfile: true })
  const before = t.pushed('inbox.received').length
  await t.call('sandbox.injectInbound', { from: '+992 93 555 0305', to: '7781', text: 'Stop' })
  await waitFor(() => t.pushed('inbox.received').length === before + 1, 'the opt-out stored')
  expect((await t.call('stoplist.list', { query: '992935550305' })).items).toMatchObject([
    { phone: '992935550305', profileId: 'sandbox', note: 'Stop' },
  ])
  expect((await t.call('inbox.customer', { peer: '992935550305' })).stopped).toMatchObject({
    profileId: 'sandbox',
  })
  // Back to every profile: the next opt-out holds for all of them.
  await t.call('stoplist.setReply', { text: null, perProfile: false })
  await t.call('sandbox.injectInbound', { from: '+992 93 555 0306', to: '7781', text: 'стоп' })
  await waitFor(() => t.pushed('inbox.received').length === before + 2, 'the next stored')
  expect((await t.call('stoplist.list', { query: '992935550306' })).items).toMatchObject([
    { phone: '992935550306', profileId: '' },
  ])
})
