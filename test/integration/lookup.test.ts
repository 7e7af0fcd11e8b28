// HLR lookups, dedicated numbers and the inbox through the whole core (createCore → handle),
// against the embedded simulators on real sockets, on a real data folder that survives a restart.
import { steadyPolls } from '../../src/main/core/outbox/outbox'
import { beforeAll, describe, expect, it } from 'vitest'
import type { CallName, CallResponse, Reply } from '../../src/shared/contract'
import type { HlrRow } from '../../src/shared/calls/lookup'
import { phraseText } from '../../src/shared/phrases'
import { testCore } from '../helpers/test-core'
import { waitFor } from '../helpers/wait'

const t = testCore({
  sandbox: {
    smpp: {
      receiptDelayMs: 20,
      // A subscriber abroad: the answer names the network they roam in.
      hlr: (phone) => ({
        imsi: `25002${phone.slice(-10).padStart(10, '0')}`,
        msc: '77010000001',
        mcc: '250',
        mnc: '02',
        cn: 'Russian Federation',
        net: 'MegaFon',
        rcn: phone.endsWith('77') ? 'Kazakhstan' : '',
        rnet: phone.endsWith('77') ? 'Beeline KZ' : '',
      }),
    },
    'smsc-http': { operatorAfterMs: 10, finalAfterMs: 50 },
  },
  inboundPollMs: 50,
  dispatcher: { pollTickMs: 20, policy: { pollAfterMs: 30, polls: steadyPolls(40) } },
})
const { call, latest, pushed } = t

/** The sandbox SMPP session is bound (after the start and after a restart). */
const bound = () =>
  waitFor(
    () => pushed('session.state').some((s) => s.profileId === 'sandbox' && s.status === 'bound'),
    'sandbox bound',
  )
beforeAll(bound)

async function refusal(
  name: CallName,
  request: unknown,
): Promise<{ code: string; message: string }> {
  const reply = (await t.core.handle(name, request)) as Reply<unknown>
  if (reply.ok) throw new Error(`${name} was expected to fail`)
  return reply.error
}

const settled = async (ids: number[]): Promise<HlrRow[]> => {
  let rows: HlrRow[] = []
  const start = Date.now()
  while (Date.now() - start < 20_000) {
    rows = await call('hlr.get', { messageIds: ids })
    if (rows.length === ids.length && rows.every((r) => r.status !== 'pending')) return rows
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`HLR answers did not come: ${JSON.stringify(rows)}`)
}

let smppIds: number[] = []

describe('HLR lookup', () => {
  it('looks up a pasted list through SMPP: bad entries reported one by one, the rest answered', async () => {
    const reply = await call('hlr.lookup', {
      profileId: 'sandbox',
      phones: ['+7 916 123-45-67', 'call me', '79161234577', '123', '', '7 (916) 123 45 67'],
    })
    expect(reply.queued.map((q) => q.phone)).toEqual(['79161234567', '79161234577'])
    expect(reply.rejected).toEqual([
      {
        input: 'call me',
        reason: expect.stringMatching(/only digits/),
        phrase: { id: 'phone.badChars', params: {} },
      },
      {
        input: '123',
        reason: expect.stringMatching(/too short/),
        phrase: expect.objectContaining({ id: 'phone.tooShort' }),
      },
      {
        input: '7 (916) 123 45 67',
        reason: '79161234567 is already in this list',
        phrase: { id: 'hlr.repeated', params: { phone: '79161234567' } },
      },
    ])
    // The Russian screen words each reason from its phrase.
    expect(reply.rejected.map((r) => phraseText(r.phrase, 'ru'))).toEqual([
      expect.stringMatching(/^Номер телефона может содержать только цифры/),
      expect.stringMatching(/^Номер 123 слишком короткий/),
      '79161234567 уже есть в этом списке',
    ])
    smppIds = reply.queued.map((q) => q.messageId)
    // Each request is an ordinary outbox message, pushed like any other.
    for (const id of smppIds) expect(latest(id)).toBeDefined()
    const [home, roaming] = await settled(smppIds)
    expect(home).toMatchObject({
      phone: '79161234567',
      profileId: 'sandbox',
      status: 'answered',
      stat: 'DELIVRD',
      imsi: '250029161234567',
      mcc: '250',
      mnc: '02',
      cn: 'Russian Federation',
      net: 'MegaFon',
      rcn: '',
      rnet: '',
    })
    expect(home?.answeredAt).toEqual(expect.any(Number))
    expect(roaming).toMatchObject({ status: 'answered', rcn: 'Kazakhstan', rnet: 'Beeline KZ' })
  })

  it('looks up through SMSC HTTP; a number the network refuses is failed with its reason', async () => {
    const reply = await call('hlr.lookup', {
      profileId: 'sandbox-smsc',
      phones: ['79031234567', '998901234500'],
    })
    expect(reply.rejected).toEqual([])
    const [ok, bad] = await settled(reply.queued.map((q) => q.messageId))
    expect(ok).toMatchObject({
      status: 'answered',
      profileId: 'sandbox-smsc',
      imsi: expect.stringMatching(/^\d+$/),
      mcc: '250',
      net: 'MTS',
      cn: 'Russian Federation',
    })
    expect(bad).toMatchObject({ phone: '998901234500', status: 'failed', state: 'failed' })
    expect(bad?.error).toMatch(/\S/)
  })

  it('the same request key twice queues nothing new', async () => {
    const req = { profileId: 'sandbox', phones: ['79161230001'], requestKey: 'hlr-draft-1' }
    const a = await call('hlr.lookup', req)
    const b = await call('hlr.lookup', req)
    expect(b.queued).toEqual(a.queued)
    expect((await call('hlr.results', { phone: '79161230001' })).total).toBe(1)
  })

  it('refuses a profile without HLR, and a list with nothing in it', async () => {
    expect(
      await refusal('hlr.lookup', { profileId: 'sandbox-osonsms', phones: ['992931234567'] }),
    ).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/HLR/) })
    expect(await refusal('hlr.lookup', { profileId: 'sandbox', phones: ['  '] })).toMatchObject({
      code: 'BAD_REQUEST',
    })
    expect(await refusal('hlr.lookup', { profileId: 'sandbox', phones: [] })).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/at least one number/),
    })
  })

  it('lists the results newest first, filtered and paged in SQL', async () => {
    const all = await call('hlr.results', {})
    expect(all.total).toBe(5)
    expect(all.rows.map((r) => r.messageId)).toEqual(
      [...all.rows.map((r) => r.messageId)].sort((a, b) => b - a),
    )
    // Three through SMPP (two pasted, one by request key), two through SMSC HTTP.
    const viaSmpp = await call('hlr.results', { profileId: 'sandbox' })
    expect(viaSmpp.total).toBe(3)
    expect(viaSmpp.rows.map((r) => r.profileId)).toEqual(['sandbox', 'sandbox', 'sandbox'])
    expect((await call('hlr.results', { status: 'failed' })).rows.map((r) => r.phone)).toEqual([
      '998901234500',
    ])
    expect((await call('hlr.results', { phone: '+7 916 123 45 77' })).rows).toHaveLength(1)
    const page = await call('hlr.results', { limit: 2, offset: 2 })
    expect(page.total).toBe(5)
    expect(page.rows.map((r) => r.messageId)).toEqual(all.rows.slice(2, 4).map((r) => r.messageId))
    // An ordinary message is no HLR request.
    const m = await call('messages.send', {
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phone: '79161234567',
      text: 'hello',
    })
    expect(await call('hlr.get', { messageIds: [m.id] })).toEqual([])
  })
})

describe('dedicated numbers', () => {
  let chosen: CallResponse<'numbers.free'>[number]

  it('lists free numbers with type, costs and operator; rents one; the account lists it', async () => {
    const free = await call('numbers.free', { profileId: 'sandbox-smsc' })
    expect(free.length).toBeGreaterThan(1)
    chosen = free[0]!
    expect(chosen).toMatchObject({
      phone: expect.stringMatching(/^\d+$/),
      type: expect.any(Number),
      kind: expect.stringMatching(/virtual|sim-hosting/),
      cost: expect.any(Number),
      currentCost: expect.any(Number),
      info: expect.stringMatching(/\S/),
    })
    expect(await call('numbers.mine', { profileId: 'sandbox-smsc' })).toEqual([])
    const rented = await call('numbers.rent', {
      profileId: 'sandbox-smsc',
      phone: chosen.phone,
      listing: chosen,
    })
    expect(rented).toMatchObject({
      phone: chosen.phone,
      charged: chosen.currentCost,
      monthlyCost: chosen.cost,
      info: chosen.info,
      renew: true,
    })
    expect(await call('numbers.mine', { profileId: 'sandbox-smsc' })).toEqual([rented])
    const after = await call('numbers.free', { profileId: 'sandbox-smsc' })
    expect(after.map((n) => n.phone)).not.toContain(chosen.phone)
  })

  it('a third identical list request within a minute is refused with the reason', async () => {
    expect(await refusal('numbers.free', { profileId: 'sandbox-smsc' })).toEqual({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/twice this minute.*try again in \d+ s/),
      phrase: {
        id: 'provider.tooSoon',
        params: expect.objectContaining({ provider: 'SMSC', call: 'numbers-list' }),
      },
    })
  })

  it('switches renewal, and refuses a third identical switch within a minute', async () => {
    const off = await call('numbers.renewal', {
      profileId: 'sandbox-smsc',
      phone: chosen.phone,
      renew: false,
    })
    expect(off).toMatchObject({ phone: chosen.phone, renew: false })
    expect((await call('numbers.mine', { profileId: 'sandbox-smsc' }))[0]?.renew).toBe(false)
    await call('numbers.renewal', {
      profileId: 'sandbox-smsc',
      phone: chosen.phone,
      renew: false,
    })
    expect(
      await refusal('numbers.renewal', {
        profileId: 'sandbox-smsc',
        phone: chosen.phone,
        renew: false,
      }),
    ).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/twice this minute/),
      phrase: { id: 'provider.tooSoon' },
    })
    // The refused switch changed nothing.
    expect((await call('numbers.mine', { profileId: 'sandbox-smsc' }))[0]?.renew).toBe(false)
    const on = await call('numbers.renewal', {
      profileId: 'sandbox-smsc',
      phone: chosen.phone,
      renew: true,
    })
    expect(on.renew).toBe(true)
  })

  it('shows the provider’s documented errors plainly', async () => {
    // Already rented: the provider no longer offers it.
    expect(
      await refusal('numbers.rent', { profileId: 'sandbox-smsc', phone: chosen.phone }),
    ).toEqual({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/SMSC/),
      // The provider's documented code is worded by its reason code; its own words are kept.
      phrase: {
        id: 'provider.refused',
        params: expect.objectContaining({
          provider: 'SMSC',
          code: 'smsc:send:1',
          said: expect.any(String),
        }),
      },
    })
    expect(
      await refusal('numbers.renewal', {
        profileId: 'sandbox-smsc',
        phone: '79990000000',
        renew: true,
      }),
    ).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/not among the numbers/),
      phrase: { id: 'numbers.notRented', params: { phone: '79990000000' } },
    })
    expect(
      await refusal('numbers.rent', { profileId: 'sandbox-osonsms', phone: '79001234502' }),
    ).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/no dedicated numbers/) })
    expect(await refusal('numbers.mine', { profileId: 'nope' })).toMatchObject({
      code: 'NOT_FOUND',
    })
  })
})

describe('inbox', () => {
  it('keeps messages per number they were sent to, newest first, live and with unread marks', async () => {
    await call('sandbox.injectInbound', { from: '+992 93 555 0101', to: '7781', text: 'first' })
    await call('sandbox.injectInbound', { from: '+992 93 555 0102', to: '7781', text: 'second' })
    await call('sandbox.injectInbound', {
      profileId: 'sandbox-smsc',
      from: '+7 701 999 00 11',
      to: '79001234501',
      text: 'Когда доставка?',
    })
    await waitFor(() => pushed('inbox.received').length === 3, 'three inbound pushed')
    const numbers = await call('inbox.numbers', {})
    expect(numbers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ to: '7781', total: 2, unread: 2 }),
        expect.objectContaining({ to: '79001234501', total: 1, unread: 1 }),
      ]),
    )
    const short = await call('inbox.list', { to: '7781' })
    expect(short.messages.map((m) => m.text)).toEqual(['second', 'first'])
    expect(short.messages.every((m) => !m.read && m.profileId === 'sandbox')).toBe(true)
    expect(short.more).toBe(false)
    const smsc = await call('inbox.list', { to: '79001234501' })
    expect(smsc.messages).toEqual([
      expect.objectContaining({ from: '77019990011', profileId: 'sandbox-smsc', read: false }),
    ])
  })

  it('pages by id and marks read per message and per number', async () => {
    const first = await call('inbox.list', { limit: 2 })
    expect(first.messages).toHaveLength(2)
    expect(first.more).toBe(true)
    const next = await call('inbox.list', { limit: 2, beforeId: first.messages[1]!.id })
    expect(next.messages).toHaveLength(1)
    expect(next.more).toBe(false)

    const [newest] = (await call('inbox.list', { to: '7781' })).messages
    expect(await call('inbox.markRead', { ids: [newest!.id] })).toEqual({ marked: 1 })
    expect(await call('inbox.markRead', { ids: [newest!.id] })).toEqual({ marked: 0 })
    const unread = await call('inbox.list', { to: '7781', unreadOnly: true })
    expect(unread.messages.map((m) => m.text)).toEqual(['first'])
    expect(await call('inbox.markRead', { to: '7781' })).toEqual({ marked: 1 })
    expect((await call('inbox.numbers', {})).find((n) => n.to === '7781')?.unread).toBe(0)
    expect(await refusal('inbox.markRead', { ids: [1], to: '7781' })).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/exactly one/),
    })
  })

  it('a reply goes back through the profile the message came in on, to its sender', async () => {
    const [inbound] = (await call('inbox.list', { to: '79001234501' })).messages
    // What the Reply button hands Compose: the profile and the sender's number.
    const reply = await call('messages.send', {
      profileId: inbound!.profileId,
      sender: 'InfoDesk',
      phone: inbound!.from,
      text: 'Завтра до 18:00',
    })
    expect(reply).toMatchObject({ profileId: 'sandbox-smsc', phone: '77019990011' })
    await waitFor(() => latest(reply.id)?.state === 'delivered', 'reply delivered')
  })

  it('conversations: each customer both ways, the newest first, replied from the number written to', async () => {
    const threads = await call('inbox.threads', {})
    expect(threads.map((x) => x.peer)).toEqual(['77019990011', '992935550102', '992935550101'])
    // The agent's reply is the newest word of its conversation; a reply goes out by default
    // from the number the customer wrote to, through the profile it came in on.
    expect(threads[0]).toMatchObject({
      lastDirection: 'out',
      lastText: 'Завтра до 18:00',
      replyProfileId: 'sandbox-smsc',
      replyFrom: '79001234501',
      unread: 1,
    })
    expect(threads[1]).toMatchObject({
      from: '992935550102',
      lastDirection: 'in',
      lastText: 'second',
      replyProfileId: 'sandbox',
      replyFrom: '7781',
    })
    const thread = await call('inbox.thread', { peer: '+7 701 999-00-11' })
    expect(thread.more).toBe(false)
    expect(thread.entries).toEqual([
      expect.objectContaining({
        direction: 'out',
        text: 'Завтра до 18:00',
        state: 'delivered',
        profileId: 'sandbox-smsc',
      }),
      expect.objectContaining({ direction: 'in', text: 'Когда доставка?', read: false }),
    ])
    // Older ones by keyset, one page at a time.
    const page = await call('inbox.thread', { peer: '77019990011', limit: 1 })
    expect(page.more).toBe(true)
    const older = await call('inbox.thread', {
      peer: '77019990011',
      beforeAt: page.entries[0]!.at,
      limit: 1,
    })
    expect(older.entries.map((e) => e.text)).toEqual(['Когда доставка?'])
    // By part of the number; opening a conversation marks its customer's messages read.
    expect(
      (await call('inbox.threads', { search: '+992 93 555 0102' })).map((x) => x.peer),
    ).toEqual(['992935550102'])
    expect((await call('inbox.threads', { search: '5550177' })).map((x) => x.peer)).toEqual([])
    expect(await call('inbox.markRead', { peer: '77019990011' })).toEqual({ marked: 1 })
    expect((await call('inbox.threads', {}))[0]?.unread).toBe(0)
  })
})

describe('after a restart', () => {
  it('keeps HLR results, rented numbers and read marks', async () => {
    const before = await call('hlr.results', {})
    const mine = await call('numbers.mine', { profileId: 'sandbox-smsc' })
    const inbox = await call('inbox.list', {})
    await t.restart()
    await bound()
    const after = await call('hlr.results', {})
    expect(after.rows.filter((r) => r.status !== 'pending')).toEqual(
      before.rows.filter((r) => r.status !== 'pending'),
    )
    expect(after.rows.find((r) => r.phone === '79161234577')).toMatchObject({
      net: 'MegaFon',
      rnet: 'Beeline KZ',
    })
    expect(await call('numbers.mine', { profileId: 'sandbox-smsc' })).toEqual(mine)
    expect(await call('inbox.list', {})).toEqual(inbox)
    // A new arrival is unread and comes first.
    await call('sandbox.injectInbound', { from: '992935550199', to: '7781', text: 'third' })
    await waitFor(() => pushed('inbox.received').length > 0, 'pushed after restart')
    const [arrived] = pushed('inbox.received')
    expect((await call('inbox.list', { to: '7781' })).messages[0]).toEqual({
      ...arrived,
      read: false,
    })
  })
})
