// SMSC's message types end to end on real sockets: through the core to the sandbox SMSC over
// SMPP (the prefixed texts it reads, each push and list carrying the type, the refusals at their
// fields), an SMPP session under ISO (the special text in ISO-8859-1 like every other text), and
// the HTTP provider against SMSC's HTTP simulator (send.php's flags and fields, each type's
// price reported back in its status).
import { afterEach, describe, expect, it } from 'vitest'
import { parseTypedText } from '../../src/shared/message-types'
import type { OutboxMessage } from '../../src/shared/contract'
import { SmppSession } from '../../src/main/core/providers/smpp/session'
import { SandboxSmsc, type SandboxMessage } from '../../src/main/core/providers/smpp/sim'
import { SmscHttpProvider } from '../../src/main/core/providers/smsc-http/provider'
import { SmscHttpSimulator } from '../../src/main/core/providers/smsc-http/sim'
import type { OutgoingSms, SubmitOutcome } from '../../src/main/core/providers/types'
import { testCore } from '../helpers/test-core'
import { waitFor, waitForValue } from '../helpers/wait'
import { importDone } from '../helpers/imports'

/** Every message the sandbox SMSC took, as it read it. */
const reached: SandboxMessage[] = []
const t = testCore({
  sandbox: {
    smpp: {
      receiptDelayMs: 5,
      outcome: (m) => {
        reached.push(m)
        return { stat: 'DELIVRD', err: '000' }
      },
    },
  },
})

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** The refusal a call gets: its code, phrase and the fields it names. */
async function refusal(request: Parameters<typeof t.core.handle>[1]) {
  const reply = await t.core.handle('messages.send', request)
  if (reply.ok) throw new Error('expected a refusal')
  return reply.error
}

const delivered = (id: number) =>
  waitForValue(
    () => t.latest(id),
    (m): m is OutboxMessage => m?.state === 'delivered',
    `message ${id} delivered`,
  )

describe('through the core, to the sandbox SMSC over SMPP', () => {
  it('offers every type on SMSC profiles and only SMS elsewhere', async () => {
    const profiles = await t.call('profiles.list', {})
    const typesOf = (id: string) => profiles.find((p) => p.id === id)?.capabilities.messageTypes
    expect(typesOf('sandbox')).toEqual([
      'sms',
      'viber',
      'soc',
      'bot',
      'mms',
      'mail',
      'call',
      'ping',
    ])
    expect(typesOf('sandbox-smsc')).toContain('call')
    expect(typesOf('sandbox-smsgate')).toEqual(['sms'])
  })

  it('sends a Viber message with its button as SMSC reads it, the type on every push', async () => {
    const m = await t.call('messages.send', {
      profileId: 'sandbox',
      sender: 'Shop',
      phone: '+992 90 123 45 01',
      text: 'Скидка 20% до пятницы',
      messageType: {
        type: 'viber',
        viberButton: { text: 'Open', url: 'https://shop.example/' },
        // A field another type needs is not kept.
        subject: 'stray',
      },
    })
    expect(m).toMatchObject({ type: 'viber', parts: 1 })
    await delivered(m.id)
    const seen = reached.find((r) => r.dest === '992901234501')
    expect(seen?.text).toBe(
      '__VIBER__: Скидка 20% до пятницы\n<button text="Open" url="https://shop.example/">',
    )
    expect(seen?.dataCoding).toBe(8)
    // Queued, sending, accepted, delivered: each push says what it is.
    const pushes = t.updatesOf(m.id)
    expect(pushes.length).toBeGreaterThanOrEqual(3)
    expect(pushes.every((p) => p.type === 'viber')).toBe(true)
    expect((await t.call('messages.recent', { limit: 5 })).find((x) => x.id === m.id)?.type).toBe(
      'viber',
    )
    // The customer's conversation says it too.
    const thread = await t.call('inbox.thread', { peer: '992901234501' })
    expect(thread.entries.find((e) => e.direction === 'out' && e.id === m.id)).toMatchObject({
      type: 'viber',
    })
    const detail = await t.call('messages.detail', { id: m.id })
    expect(detail.messageType).toEqual({
      type: 'viber',
      viberButton: { text: 'Open', url: 'https://shop.example/' },
    })
  })

  it('sends an e-mail, a call, a bot message and a ping, each with its fields', async () => {
    const sends = [
      {
        phone: '992901234502',
        text: 'Счёт во вложении',
        messageType: { type: 'mail', subject: 'Счёт 17' },
      },
      {
        phone: '992901234503',
        text: 'Ваш код 4 4 1 2',
        messageType: { type: 'call', voice: 'm2' },
      },
      { phone: '992901234504', text: 'Заказ готов', messageType: { type: 'bot', bot: 'shop_bot' } },
      { phone: '992901234505', text: 'ignored', messageType: { type: 'ping' } },
    ] as const
    const ids: number[] = []
    for (const s of sends) {
      const m = await t.call('messages.send', { profileId: 'sandbox', sender: 'Shop', ...s })
      ids.push(m.id)
    }
    for (const id of ids) await delivered(id)
    const textOf = (phone: string) => reached.find((r) => r.dest === phone)?.text
    expect(textOf('992901234502')).toBe('__MAIL__: Счёт во вложении\nsubj:Счёт 17')
    expect(textOf('992901234503')).toBe('__CALL__: Ваш код 4 4 1 2\nvoice:m2')
    expect(textOf('992901234504')).toBe('__BOT__: Заказ готов\nbot:@shop_bot')
    expect(textOf('992901234505')).toBe('__PING__')
    // What the SMSC read is what the agent wrote, type and fields included.
    expect(parseTypedText(textOf('992901234502') ?? '').options).toEqual({
      type: 'mail',
      subject: 'Счёт 17',
    })
    const ping = t.latest(ids[3] as number)
    expect(ping).toMatchObject({ type: 'ping', text: '__PING__', parts: 1 })
    // Each type's price, as the SMSC's receipt states it (its cost TLV).
    const prices = await Promise.all(
      ids.map(async (id) => (await t.call('messages.detail', { id })).receipts.at(-1)?.price),
    )
    expect(prices).toEqual(['0.10', '4.50', '0.50', '0.30'])
  })

  it('refuses at the field: a missing subject, a type the profile lacks, a stray prefix', async () => {
    expect(
      await refusal({
        profileId: 'sandbox',
        sender: 'Shop',
        phone: '992901234510',
        text: 'Hi',
        messageType: { type: 'mms' },
      }),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      phrase: { id: 'message.typeFieldMissing', params: { type: 'mms', field: 'subject' } },
      issues: [{ path: 'messageType.subject' }],
    })
    expect(
      await refusal({
        profileId: 'sandbox-smsgate',
        sender: 'Shop',
        phone: '77011230101',
        text: 'Hi',
        messageType: { type: 'call', voice: 'w' },
      }),
    ).toMatchObject({ issues: [{ path: 'messageType.type' }] })
    // An SMS that SMSC would take as a voice call is never sent as one by accident.
    const stray = await refusal({
      profileId: 'sandbox',
      sender: 'Shop',
      phone: '992901234511',
      text: '__CALL__: this was meant as an SMS',
    })
    expect(stray).toMatchObject({
      phrase: { id: 'message.accidentalType', params: { prefix: '__CALL__', type: 'call' } },
      issues: [{ path: 'text' }],
    })
    expect(
      await refusal({
        profileId: 'sandbox',
        sender: 'Shop',
        phone: '992901234512',
        text: 'x'.repeat(1001),
        messageType: { type: 'viber' },
      }),
    ).toMatchObject({ phrase: { id: 'message.typeTooLong', params: { max: 1000 } } })
    const none = (await t.call('messages.recent', { limit: 50 })).filter((m) =>
      ['992901234510', '77011230101', '992901234511', '992901234512'].includes(m.phone),
    )
    expect(none).toEqual([])
    // Where nothing reads the prefix, the same text is an ordinary SMS.
    const elsewhere = await t.call('messages.send', {
      profileId: 'sandbox-smsgate',
      sender: 'Shop',
      phone: '77011230102',
      text: '__CALL__: plain text here',
      cascade: { order: ['sms'] },
    })
    expect(elsewhere.type).toBeUndefined()
  })

  it('sends a failed typed message again as the same type', async () => {
    const m = await t.call('messages.send', {
      profileId: 'sandbox',
      sender: 'Shop',
      phone: '992901234520',
      text: 'Напоминание',
      messageType: { type: 'soc' },
      scheduledAt: Date.now() + 3_600_000,
    })
    await t.call('messages.cancel', { id: m.id })
    const again = await t.call('messages.resend', { id: m.id })
    expect(again).toMatchObject({ type: 'soc' })
    await delivered(again.id)
    expect(reached.find((r) => r.dest === '992901234520')?.text).toBe('__SOC__: Напоминание')
  })
})

describe('an SMPP session under ISO', () => {
  it('writes the special text in ISO-8859-1 like every other text', async () => {
    const smsc = new SandboxSmsc({ systemId: 'agent', password: 'pw', receiptDelayMs: 5 })
    await smsc.start()
    cleanups.push(() => smsc.stop())
    const session = new SmppSession({
      profileId: 'iso',
      hosts: [{ host: '127.0.0.1', port: smsc.port }],
      systemId: 'agent',
      password: 'pw',
      systemType: ['ISO'],
      ratePerSecond: 100,
      reconnectInitialMs: 20,
      reconnectMaxMs: 100,
    })
    session.start()
    cleanups.push(() => session.stop())
    await waitFor(() => session.state().status === 'bound', 'bind')
    const out = await session.submit({
      id: 1,
      idempotencyKey: 'iso-1',
      numericKey: 1,
      sender: 'Shop',
      phone: '79161234567',
      text: 'Your order',
      wantReceipt: true,
      messageType: { type: 'mail', subject: 'Café' },
    })
    expect(out).toMatchObject({ kind: 'accepted', parts: 1 })
    // data_coding 3: '_' went as 0x5F (GSM-7's 0x11 would not read back as '_').
    expect(smsc.partRecords.map((p) => [p.text, p.dataCoding])).toEqual([
      ['__MAIL__: Your order\nsubj:Café', 3],
    ])
  })
})

describe('the HTTP provider against the SMSC HTTP simulator', () => {
  it("sends each type by send.php's flag and fields, and reports its own price", async () => {
    const sim = new SmscHttpSimulator({
      login: 'agent',
      password: 'pw',
      operatorAfterMs: 5,
      finalAfterMs: 10,
    })
    await sim.start()
    cleanups.push(() => sim.stop())
    const provider = new SmscHttpProvider({
      profileId: 'http',
      baseUrl: sim.url,
      login: 'agent',
      secret: 'pw',
      timeoutMs: 2_000,
      retryInitialMs: 20,
      retryMaxMs: 50,
    })
    provider.start()
    cleanups.push(() => provider.stop())
    let key = 500
    const send = (phone: string, text: string, messageType: OutgoingSms['messageType']) =>
      provider.submit({
        id: ++key,
        idempotencyKey: `k-${key}`,
        numericKey: key,
        sender: 'Shop',
        phone,
        text,
        wantReceipt: true,
        messageType,
      })
    const outcomes: SubmitOutcome[] = [
      await send('79160000001', 'Ваш код 1 2 3 4', { type: 'call', voice: 'w2' }),
      await send('79160000002', 'Long letter '.repeat(30), { type: 'mail', subject: 'Hello' }),
      await send('79160000003', 'unused', { type: 'ping' }),
      await send('79160000004', 'Hi', { type: 'bot', bot: '@shop_bot' }),
      await send('79160000005', 'A plain SMS', undefined),
    ]
    expect(outcomes.map((o) => o.kind)).toEqual(Array(5).fill('accepted'))
    const byPhone = new Map(sim.messages.map((m) => [m.phone, m]))
    expect(byPhone.get('79160000001')).toMatchObject({
      type: 'call',
      voice: 'w2',
      text: 'Ваш код 1 2 3 4',
      parts: 1,
      cost: 4.5,
    })
    expect(byPhone.get('79160000002')).toMatchObject({ type: 'mail', subject: 'Hello', parts: 1 })
    expect(byPhone.get('79160000003')).toMatchObject({ type: 'ping', text: '', cost: 0.3 })
    expect(byPhone.get('79160000004')).toMatchObject({ type: 'bot', bot: '@shop_bot' })
    expect(byPhone.get('79160000005')).toMatchObject({ type: 'sms', cost: 2.5 })
    // Each type's status and price, as the status poll reports them.
    const receipts = await waitForValue(
      () =>
        provider.pollStatus(
          outcomes.map((o, i) => ({
            id: 501 + i,
            idempotencyKey: `k-${501 + i}`,
            numericKey: 501 + i,
            providerIds: o.kind === 'accepted' ? o.providerIds : [],
            phone: `7916000000${i + 1}`,
          })),
        ),
      (rs) => rs.length === 5 && rs.every((r) => r.outcome === 'delivered'),
      'every type delivered',
    )
    expect(receipts.map((r) => r.price)).toEqual(['4.50', '0.10', '0.30', '0.50', '2.50'])
  })
})

describe('a bulk import of one type', () => {
  it('queues every row as a Viber message, refusing rows too long for Viber', async () => {
    const analysis = await t.call('import.paste', {
      text: [
        'phone;name',
        '992901234701;Аня',
        '992901234702;Борис',
        `992901234703;${'я'.repeat(1000)}`,
      ].join('\n'),
    })
    const mapping = {
      uploadId: analysis.uploadId,
      profileId: 'sandbox',
      sender: 'Shop',
      phoneColumn: 0,
      template: '#name#, скидка 20% для вас',
      messageType: { type: 'viber' as const },
    }
    const summary = await t.call('import.validate', mapping)
    expect(summary).toMatchObject({
      recipients: 2,
      rejected: 1,
      totalParts: 2,
      byReason: { tooLong: 1 },
    })
    // SMS prices say nothing of Viber's: not estimated.
    expect(summary.cost).toBeNull()
    const batch = await t.call('import.start', mapping)
    const done = await importDone(t.call, batch.id)
    expect(done).toMatchObject({ total: 2 })
    await waitFor(
      () => ['992901234701', '992901234702'].every((p) => reached.some((r) => r.dest === p)),
      'both reached the SMSC',
    )
    expect(reached.find((r) => r.dest === '992901234701')?.text).toBe(
      '__VIBER__: Аня, скидка 20% для вас',
    )
    // History's rows (read by its worker thread) say what each one is.
    const page = await waitForValue(
      () => t.call('history.page', { filter: { batchId: batch.id }, limit: 10 }),
      (p) => p.rows.length === 2,
      'both rows in History',
    )
    expect(page.rows.map((r) => r.type)).toEqual(['viber', 'viber'])
  })

  it('refuses an SMS row that SMSC would read as another type, and a type without its field', async () => {
    const analysis = await t.call('import.paste', {
      text: ['phone;text', '992901234711;Hello', '992901234712;__HLR__ please'].join('\n'),
    })
    const base = {
      uploadId: analysis.uploadId,
      profileId: 'sandbox',
      sender: 'Shop',
      phoneColumn: 0,
      template: '#text#',
    }
    const summary = await t.call('import.validate', base)
    expect(summary).toMatchObject({ recipients: 1, rejected: 1, byReason: { refused: 1 } })
    expect(summary.rejectedPreview[0]?.phrase).toMatchObject({
      id: 'message.accidentalType',
      params: { prefix: '__HLR__', type: 'hlr' },
    })
    const reply = await t.core.handle('import.validate', { ...base, messageType: { type: 'bot' } })
    expect(reply).toMatchObject({ ok: false, error: { issues: [{ path: 'messageType.bot' }] } })
  })
})
