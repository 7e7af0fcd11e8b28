// The whole core as the adapters see it (createCore → handle/subscribe), on a real data folder,
// with the embedded sandbox SMSC on a real socket.
import { steadyPolls } from '../../src/main/core/outbox/outbox'
import { describe, expect, it } from 'vitest'
import type { InboundMessage } from '../../src/shared/contract'
import { testCore } from '../helpers/test-core'
import { waitFor } from '../helpers/wait'

const t = testCore({
  sandbox: {
    smpp: { receiptDelayMs: 20 },
    osonsms: { deliveryDelayMs: 50 },
    getsms: { sentAfterMs: 10, finalAfterMs: 50 },
    'smsc-http': { operatorAfterMs: 10, finalAfterMs: 50 },
    smsgate: { stepMs: 20, readDelayMs: 20 },
  },
  inboundPollMs: 50,
  dispatcher: { pollTickMs: 20, policy: { pollAfterMs: 30, polls: steadyPolls(40) } },
})
const { call, latest, updatesOf, fromDb } = t

const storedHlr = (id: number) =>
  fromDb((db) =>
    db.prepare('SELECT phone, imsi, mcc, cn, net FROM hlr_results WHERE message_id = ?').get(id),
  )

/** An HLR answer as stored, whichever provider gave it: decoded text, digits where digits. */
const HLR_ROW = {
  phone: '79031234567',
  imsi: expect.stringMatching(/^\d{15}$/),
  mcc: expect.stringMatching(/^\d{3}$/),
  cn: expect.stringMatching(/^[^+%]+$/),
  net: expect.stringMatching(/\S/),
}

describe('a fresh install', () => {
  it('lands on the sandbox profile, labelled as such, and binds to the local SMSC', async () => {
    const profiles = await call('profiles.list', {})
    expect(profiles[0]).toMatchObject({
      id: 'sandbox',
      kind: 'smpp',
      sandbox: true,
      name: expect.stringMatching(/Sandbox/),
    })
    // And a sandbox of every other provider kind, each labelled as such.
    expect(profiles.every((p) => p.sandbox && /Sandbox/.test(p.name))).toBe(true)
    expect(profiles.map((p) => p.kind)).toEqual(
      expect.arrayContaining(['smpp', 'osonsms', 'getsms']),
    )
    await waitFor(
      () =>
        t.events.some(
          (e) => e.name === 'session.state' && (e.payload as { status: string }).status === 'bound',
        ),
      'bound',
    )
    const sessions = await call('sessions.list', {})
    expect(sessions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ profileId: 'sandbox', status: 'bound' }),
        expect.objectContaining({ profileId: 'sandbox-osonsms', status: 'ready' }),
        expect.objectContaining({ profileId: 'sandbox-getsms', status: 'ready' }),
      ]),
    )
  })
})

describe('sending through the sandbox', () => {
  it('moves a message queued → accepted → delivered, pushing each step', async () => {
    const m = await call('messages.send', {
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phone: '+992 90 123 4567',
      text: 'Ваш заказ готов',
    })
    expect(m).toMatchObject({ state: 'queued', phone: '992901234567', encoding: 'UCS2', parts: 1 })
    await waitFor(() => latest(m.id)?.state === 'delivered', 'delivered')
    const states = updatesOf(m.id).map((u) => u.state)
    expect(states).toEqual(['queued', 'accepted', 'delivered'])
  })

  it('shows an undeliverable number as failed with the report', async () => {
    const m = await call('messages.send', {
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phone: '992901234500',
      text: 'x',
    })
    await waitFor(() => latest(m.id)?.state === 'failed', 'failed')
    expect(latest(m.id)?.error).toBe('Delivery report UNDELIV (error 001)')
    expect(latest(m.id)?.errorCode).toBe('smpp:stat:UNDELIV')
  })

  it('sends a long message as one outbox row with its parts counted', async () => {
    const text = 'Lorem ipsum dolor sit amet '.repeat(12)
    const m = await call('messages.send', {
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phone: '77011234567',
      text,
    })
    expect(m.parts).toBe(3)
    await waitFor(() => latest(m.id)?.state === 'delivered', 'long delivered')
  })

  it('stores one message for a repeated idempotency key', async () => {
    const req = {
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phone: '77011234568',
      text: 'once',
      idempotencyKey: 'draft-0001',
    }
    const a = await call('messages.send', req)
    const b = await call('messages.send', req)
    expect(b.id).toBe(a.id)
    const recent = await call('messages.recent', { limit: 50 })
    expect(recent.filter((r) => r.text === 'once')).toHaveLength(1)
  })

  it('an HLR request stores the subscriber’s network data', async () => {
    const m = await call('messages.send', {
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phone: '79031234567',
      text: '__HLR__',
    })
    await waitFor(() => latest(m.id)?.state === 'delivered', 'hlr answered')
    expect(storedHlr(m.id)).toEqual(HLR_ROW)
  })

  it('an inbound SMS, long and Cyrillic, reaches the inbox in one piece', async () => {
    const text = 'Здравствуйте! Подскажите, когда будет доставка заказа номер 12345? Спасибо.'
    const { parts } = await call('sandbox.injectInbound', {
      from: '+992 93 555 0101',
      to: '7781',
      text,
    })
    expect(parts).toBe(2)
    await waitFor(() => t.events.some((e) => e.name === 'inbox.received'), 'inbound pushed')
    const pushed = t.events.find((e) => e.name === 'inbox.received')?.payload as InboundMessage
    expect(pushed).toMatchObject({ from: '992935550101', to: '7781', text, profileId: 'sandbox' })
    expect((await call('inbox.recent', {}))[0]).toEqual(pushed)
  })
})

describe('every provider kind through its sandbox', () => {
  it.each([
    ['sandbox-osonsms', '992 93 123 45 67'],
    ['sandbox-getsms', '+998 90 123 45 67'],
    ['sandbox-smsc', '+7 701 123 45 67'],
    ['sandbox-smsgate', '+7 701 123 45 68'],
  ])('%s: queued → accepted → delivered, by status polling', async (profileId, phone) => {
    const m = await call('messages.send', {
      profileId,
      sender: 'InfoDesk',
      phone,
      text: `Hello via ${profileId}`,
    })
    await waitFor(() => latest(m.id)?.state === 'delivered', `${profileId} delivered`)
    const states = updatesOf(m.id).map((u) => u.state)
    expect(states).toEqual(['queued', 'accepted', 'delivered'])
  })

  it('an HLR request through SMSC HTTP stores the network data like the SMPP one', async () => {
    const m = await call('messages.send', {
      profileId: 'sandbox-smsc',
      sender: 'InfoDesk',
      phone: '79031234567',
      text: '__HLR__',
    })
    await waitFor(() => latest(m.id)?.state === 'delivered', 'hlr answered')
    expect(storedHlr(m.id)).toEqual(HLR_ROW)
  })

  it('inbound messages polled from SMSC HTTP reach the inbox once', async () => {
    await call('sandbox.injectInbound', {
      profileId: 'sandbox-smsc',
      from: '+7 701 999 00 11',
      to: '79001234501',
      text: 'Когда доставка?',
    })
    await waitFor(
      () =>
        t.events.some(
          (e) =>
            e.name === 'inbox.received' &&
            (e.payload as InboundMessage).profileId === 'sandbox-smsc',
        ),
      'inbound polled',
    )
    await new Promise((r) => setTimeout(r, 200))
    const inbox = (await call('inbox.recent', {})).filter((m) => m.profileId === 'sandbox-smsc')
    expect(inbox).toEqual([
      expect.objectContaining({ from: '77019990011', to: '79001234501', text: 'Когда доставка?' }),
    ])
  })

  it('lists, rents and renews dedicated numbers where the provider has them', async () => {
    const free = await call('numbers.free', { profileId: 'sandbox-smsc' })
    expect(free.length).toBeGreaterThan(0)
    const pick = free[0]!
    expect(pick).toMatchObject({ phone: expect.stringMatching(/^\d+$/), cost: expect.any(Number) })
    const rented = await call('numbers.rent', { profileId: 'sandbox-smsc', phone: pick.phone })
    expect(rented).toMatchObject({ phone: pick.phone, charged: pick.currentCost, renew: true })
    expect(
      (await call('numbers.free', { profileId: 'sandbox-smsc' })).map((n) => n.phone),
    ).not.toContain(pick.phone)
    expect(
      await call('numbers.renewal', { profileId: 'sandbox-smsc', phone: pick.phone, renew: false }),
    ).toMatchObject({
      phone: pick.phone,
      renew: false,
    })
    expect(await t.core.handle('numbers.free', { profileId: 'sandbox-osonsms' })).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: expect.stringMatching(/has no dedicated numbers/) },
    })
  })

  it('reports the balance where the provider tells it, and says so where it does not', async () => {
    const balance = await call('profiles.balance', { profileId: 'sandbox-osonsms' })
    expect(balance.amount).toBeGreaterThan(0)
    expect(await t.core.handle('profiles.balance', { profileId: 'sandbox-getsms' })).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: expect.stringMatching(/does not report a balance/) },
    })
  })

  it('a message the provider cannot take is refused at once with its reason, nothing queued', async () => {
    const before = (await call('messages.recent', { limit: 500 })).length
    for (const [profileId, phone, reason, id] of [
      ['sandbox-osonsms', '77011234567', /Tajik numbers: 992/, 'osonsms.notTajik'],
      ['sandbox-getsms', '992931234567', /Uzbek numbers: 998/, 'getsms.notUzbek'],
    ] as const) {
      expect(
        await t.core.handle('messages.send', { profileId, sender: 'InfoDesk', phone, text: 'x' }),
      ).toEqual({
        ok: false,
        error: {
          code: 'BAD_REQUEST',
          message: expect.stringMatching(reason),
          phrase: { id, params: { phone } },
          issues: [
            {
              path: 'phone',
              message: expect.stringMatching(reason),
              phrase: { id, params: { phone } },
            },
          ],
        },
      })
    }
    const button = await t.core.handle('messages.send', {
      profileId: 'sandbox-smsgate',
      sender: 'InfoDesk',
      phone: '77011234567',
      text: 'x',
      cascade: { order: ['viber', 'sms'], viberImageUrl: 'https://example.com/a.png' },
    })
    expect(button).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/button/i),
        phrase: { id: 'smsgate.imageNeedsButton' },
        issues: [{ path: 'cascade.viberImageUrl' }],
      },
    })
    expect(
      await t.core.handle('messages.send', {
        profileId: 'sandbox-osonsms',
        sender: 'InfoDesk',
        phone: '992931234567',
        text: 'x',
        cascade: { order: ['viber', 'sms'] },
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/cannot send through viber/),
        issues: [{ path: 'cascade.order' }],
      },
    })
    expect((await call('messages.recent', { limit: 500 })).length).toBe(before)
  })

  it('a cascade goes Viber first and falls through to SMS when Viber fails', async () => {
    const cascade = {
      order: ['viber', 'sms'] as ('viber' | 'sms')[],
      texts: { viber: 'Ваш заказ готов — нажмите, чтобы отследить' },
      viberButton: { text: 'Отследить', url: 'https://example.com/track/4812' },
    }
    const viber = await call('messages.send', {
      profileId: 'sandbox-smsgate',
      sender: 'InfoDesk',
      phone: '77011230001',
      text: 'Заказ готов',
      cascade,
    })
    const fallthrough = await call('messages.send', {
      profileId: 'sandbox-smsgate',
      sender: 'InfoDesk',
      phone: '77011230011',
      text: 'Заказ готов',
      cascade,
    })
    await waitFor(
      () =>
        latest(viber.id)?.state === 'delivered' && latest(fallthrough.id)?.state === 'delivered',
      'both delivered',
    )
    const channel = (id: number) =>
      fromDb((db) =>
        db
          .prepare(
            "SELECT channel FROM delivery_receipts WHERE message_id = ? AND outcome = 'delivered'",
          )
          .get(id),
      )
    expect(channel(viber.id)).toEqual({ channel: 'viber' })
    expect(channel(fallthrough.id)).toEqual({ channel: 'sms' })
  })
})

describe('refusals', () => {
  it('a refusal past the schema names the field it is about by its path', async () => {
    const pathOf = async (reply: Promise<unknown>) => {
      const r = (await reply) as {
        ok: boolean
        error?: { code: string; issues?: { path: string }[] }
      }
      expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
      return r.error?.issues?.map((i) => i.path)
    }
    const smsgate = { profileId: 'sandbox-smsgate', sender: 'InfoDesk', phone: '77011234567' }
    expect(
      await pathOf(
        t.core.handle('messages.send', {
          ...smsgate,
          text: 'x',
          cascade: { order: ['viber', 'sms'], viberButton: { text: 'Open', url: '' } },
        }),
      ),
    ).toEqual(['cascade.viberButton.url'])
    expect(
      await pathOf(
        t.core.handle('messages.send', {
          ...smsgate,
          text: 'x',
          cascade: { order: ['viber', 'sms'], texts: { viber: 'я'.repeat(1001) } },
        }),
      ),
    ).toEqual(['cascade.texts.viber'])
    expect(
      await pathOf(
        t.core.handle('messages.send', { ...smsgate, text: ' ', cascade: { order: ['sms'] } }),
      ),
    ).toEqual(['text'])
    expect(await pathOf(t.core.handle('stoplist.add', { phones: ['992931234567', '12'] }))).toEqual(
      ['phones.1'],
    )
    expect(
      await pathOf(t.core.handle('sandbox.injectInbound', { from: '12', to: '7781', text: 'x' })),
    ).toEqual(['from'])
    expect(
      await pathOf(t.core.handle('hlr.lookup', { profileId: 'sandbox', phones: [' '] })),
    ).toEqual(['phones'])
  })

  it('a wrong phone, an unknown profile and a misuse each get a specific error', async () => {
    expect(
      await t.core.handle('messages.send', {
        profileId: 'sandbox',
        sender: 'A',
        phone: '12345',
        text: 'x',
      }),
    ).toEqual({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/too short/),
        phrase: { id: 'phone.tooShort', params: { phone: '12345', example: '992901234567' } },
        issues: [
          {
            path: 'phone',
            message: expect.stringMatching(/too short/),
            phrase: { id: 'phone.tooShort', params: { phone: '12345', example: '992901234567' } },
          },
        ],
      },
    })
    expect(
      await t.core.handle('messages.send', {
        profileId: 'nope',
        sender: 'A',
        phone: '77011234567',
        text: 'x',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    expect(
      await t.core.handle('credentials.set', { profileId: 'sandbox', password: 'x' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    })
    expect(await t.core.handle('messages.cancel', { id: 999999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
  })
})
