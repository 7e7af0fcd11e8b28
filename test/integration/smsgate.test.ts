// SmsgateProvider against the sandbox smsgate over real HTTP on 127.0.0.1, through all three
// interfaces. Timers are shortened through options; no assertion depends on a duration.
import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { Cascade, SessionState } from '../../src/shared/contract'
import { ProviderHttpError } from '../../src/main/core/providers/http'
import {
  SMSGATE_ERROR_TEXTS as E,
  SmsgateProvider,
  type SmsgateSettings,
} from '../../src/main/core/providers/smsgate/provider'
import { formatZoned } from '../../src/main/core/providers/smsgate/validate'
import type {
  DeliveryReceipt,
  OutgoingSms,
  SubmitOutcome,
} from '../../src/main/core/providers/types'
import {
  SmsgateSimulator,
  type SmsgateSimulatorOptions,
} from '../../src/main/core/providers/smsgate/sim'
import { waitFor } from '../helpers/wait'

const LOGIN = 'agent'
const PASSWORD = 'pa55-w0rd-secret'
const TOKEN = 'tok-0123456789abcdef'
const cleanups: Array<() => Promise<void> | void> = []

afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function startSim(opts: SmsgateSimulatorOptions = {}): Promise<SmsgateSimulator> {
  const sim = new SmsgateSimulator({
    login: LOGIN,
    password: PASSWORD,
    token: TOKEN,
    stepMs: 20,
    readDelayMs: 20,
    minuteMs: 2,
    duplicateWindowMs: 60,
    ...opts,
  })
  await sim.start()
  cleanups.push(() => sim.stop())
  return sim
}

interface Client {
  p: SmsgateProvider
  states: SessionState[]
}

function client(
  url: string,
  settings: Partial<SmsgateSettings> & {
    secret?: string
    timeoutMs?: number
    retryInitialMs?: number
  } = {},
): Client {
  const p = new SmsgateProvider({
    profileId: 'sg',
    baseUrl: url,
    login: LOGIN,
    secret: PASSWORD,
    timeoutMs: 2000,
    retryInitialMs: 20,
    retryMaxMs: 50,
    duplicateWindowMs: 60,
    senders: { viber: 'ShopViber' },
    ...settings,
  })
  const states: SessionState[] = []
  p.on('state', (s) => states.push(s))
  p.start()
  cleanups.push(() => p.stop())
  return { p, states }
}

let seq = 1
function sms(over: Partial<OutgoingSms> = {}): OutgoingSms {
  const n = seq++
  return {
    id: n,
    idempotencyKey: `m-${n}`,
    numericKey: 7000 + n,
    sender: 'Shop',
    phone: '79001234567',
    text: 'Ваш заказ готов',
    wantReceipt: true,
    ...over,
  }
}

const cascade: Cascade = { order: ['viber', 'sms'] }

function accepted(o: SubmitOutcome): string {
  if (o.kind !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(o)}`)
  const id = o.providerIds[0]
  if (!id) throw new Error('no provider id')
  return id
}

/** Polls like the dispatcher would, until a final receipt for this id arrives. */
async function pollUntilFinal(
  p: SmsgateProvider,
  id: string,
  seen: DeliveryReceipt[] = [],
): Promise<DeliveryReceipt> {
  let final: DeliveryReceipt | null = null
  const query = { id: 1, idempotencyKey: 'x', numericKey: 1, providerIds: [id], phone: '' }
  const deadline = Date.now() + 20_000
  while (!final && Date.now() < deadline) {
    for (const r of await p.pollStatus([query])) {
      seen.push(r)
      if (['delivered', 'failed', 'expired'].includes(r.outcome)) final = r
    }
    if (!final) await sleep(25)
  }
  if (!final) throw new Error(`no final receipt for ${id}: ${JSON.stringify(seen)}`)
  return final
}

async function closedPort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()))
  const port = (srv.address() as { port: number }).port
  await new Promise<void>((r) => srv.close(() => r()))
  return port
}

describe.each(['json', 'xml', 'get'] as const)('smsgate over the %s interface', (iface) => {
  it('sends a Viber → SMS cascade and polls it to delivered', async () => {
    const sim = await startSim()
    const { p } = client(sim.url, { interface: iface })
    const out = await p.submit(
      sms({
        cascade: {
          ...cascade,
          viberButton: { text: 'Открыть', url: 'https://shop.example/o/1' },
          viberImageUrl: 'https://shop.example/i.png',
          validityMinutes: 30,
          texts: { sms: 'Заказ готов\nЗаберите его' },
        },
      }),
    )
    const id = accepted(out)
    expect(sim.messages).toHaveLength(1)
    const m = sim.messages[0]!
    expect(m.idMessage).toBe(id)
    expect(m.via).toBe(iface)
    expect(m.channels.map((c) => [c.channel, c.order, c.sender])).toEqual([
      ['viber', 1, 'ShopViber'],
      ['sms', 2, 'Shop'],
    ])
    expect(m.channels[1]?.text).toBe('Заказ готов\nЗаберите его')
    expect(m.fields).toMatchObject({
      send_whatsapp: '0',
      send_vk: '0',
      button_text: 'Открыть',
      button_url: 'https://shop.example/o/1',
      image_url: 'https://shop.example/i.png',
      validity_period_viber: '30',
      finale_viber_read: '0',
    })
    // Only JSON and XML carry our key.
    expect(m.clientId).toBe(iface === 'get' ? null : String(7000 + seq - 1))
    const r = await pollUntilFinal(p, id)
    expect(r).toMatchObject({ providerId: id, outcome: 'delivered', stat: 'deliver' })
    if (iface === 'get') {
      // The GET state is a bare word: no channels, no prices.
      expect(r.channel).toBeNull()
      expect(r.raw).toBe('deliver')
    } else {
      expect(r.channel).toBe('viber')
      expect(r.price).toBe('0.90')
      expect(r.reason).toMatch(/Delivered via Viber/)
    }
  })

  it('sends a plain SMS with the message sender and text', async () => {
    const sim = await startSim()
    const { p } = client(sim.url, { interface: iface })
    accepted(await p.submit(sms({ text: 'Hello' })))
    const m = sim.messages[0]!
    expect(m.channels).toMatchObject([{ channel: 'sms', order: 1, sender: 'Shop', text: 'Hello' }])
    expect(m.fields).toMatchObject({ send_viber: '0', send_sms: '1' })
  })

  it('a bad password pauses the profile', async () => {
    const sim = await startSim()
    const { p, states } = client(sim.url, { interface: iface, secret: 'wrong-password' })
    const out = await p.submit(sms())
    expect(out).toMatchObject({ kind: 'paused', code: 'auth' })
    expect(out.kind === 'paused' && out.reason).toContain(E.badLogin)
    expect(p.state().status).toBe('paused')
    expect(states.at(-1)?.detail).toMatch(/login or password/)
    expect(sim.messages).toHaveLength(0)
    // Paused: nothing more goes out until the operator resumes.
    const requests = sim.sim.requests.length
    expect((await p.submit(sms())).kind).toBe('not-sent')
    expect(sim.sim.requests.length).toBe(requests)
  })

  it('a timeout followed by a resend', async () => {
    const sim = await startSim()
    const { p } = client(sim.url, { interface: iface, timeoutMs: 400 })
    const msg = sms()
    sim.sim.fault({ kind: 'slow', ms: 1500 })
    const first = await p.submit(msg)
    // JSON/XML carry client_id_message: a resend is safe. GET carries no key.
    expect(first.kind).toBe(iface === 'get' ? 'unknown' : 'retry')
    await waitFor(() => sim.messages.length === 1, 'the slow request processed')
    await waitFor(() => p.state().status === 'ready', 'back-off over')
    if (iface === 'get') return
    await sleep(80) // past both identical-request windows
    // The repeat is "already sent with this client_id_message": the first send was accepted.
    const again = await p.submit(msg)
    expect(again).toMatchObject({
      kind: 'accepted',
      providerIds: [],
      note: { reasonCode: 'smsgate:duplicate-client-id' },
    })
    expect(sim.messages).toHaveLength(1)
  })

  it('malformed answers become typed errors, never a crash', async () => {
    const sim = await startSim()
    const { p } = client(sim.url, { interface: iface })
    const expected = iface === 'get' ? 'unknown' : 'retry'
    // Distinct texts: GET requests carry no key, so equal texts would be identical requests.
    let n = 0
    const next = () => sms({ text: `Malformed test ${n++}` })
    sim.sim.fault({
      kind: 'status',
      status: 502,
      body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    })
    const a = await p.submit(next())
    expect(a.kind).toBe(expected)
    expect('reason' in a && a.reason).toMatch(/smsgate send: the provider sent an answer/)
    sim.sim.fault({ kind: 'malformed', body: '{"message":[[{"id_mess', contentType: 'text/html' })
    expect((await p.submit(next())).kind).toBe(expected)
    sim.sim.fault({ kind: 'malformed', body: '<?xml version="1.0"?><response><message>' })
    expect((await p.submit(next())).kind).toBe(expected)
    sim.sim.fault({ kind: 'malformed', body: '' })
    expect((await p.submit(next())).kind).toBe(expected)
    // A status poll with a garbled answer throws a typed error naming the call.
    const id = accepted(await p.submit(next()))
    sim.sim.fault({ kind: 'malformed', body: '<html>oops</html>', contentType: 'text/html' })
    const err = await p
      .pollStatus([{ id: 1, idempotencyKey: 'k', numericKey: 1, providerIds: [id], phone: '' }])
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ProviderHttpError)
    expect(err).toMatchObject({ failure: 'malformed', call: 'status', provider: 'smsgate' })
    expect(String((err as Error).message)).not.toContain(PASSWORD)
    expect(p.state().status).toBe('ready')
  })
})

describe('smsgate cascade outcomes', () => {
  it('Viber fails, SMS delivers: channel sms, price is what both channels cost', async () => {
    const sim = await startSim()
    const { p } = client(sim.url)
    const id = accepted(await p.submit(sms({ phone: '79001234511', cascade })))
    const r = await pollUntilFinal(p, id)
    expect(r).toMatchObject({
      outcome: 'delivered',
      channel: 'sms',
      price: '3.40',
      prices: { viber: '0.90', sms: '2.50' },
    })
    expect(r.reason).toMatch(/Delivered via SMS \(Viber not delivered, SMS delivered\)/)
    expect(JSON.parse(r.raw)).toMatchObject({
      state: 'deliver',
      state_viber: 'not_deliver',
      state_sms: 'deliver',
      num_parts_sms: '1',
    })
  })

  it('undelivered on every channel (…00) and expired (…99)', async () => {
    const sim = await startSim()
    const { p } = client(sim.url)
    const a = accepted(await p.submit(sms({ phone: '79001234500', cascade })))
    const ra = await pollUntilFinal(p, a)
    expect(ra).toMatchObject({ outcome: 'failed', stat: 'not_deliver', channel: 'sms', err: null })
    expect(ra.reason).toMatch(
      /Not delivered on any channel \(Viber not delivered, SMS not delivered\)/,
    )
    const b = accepted(
      await p.submit(sms({ phone: '79001234599', cascade: { ...cascade, validityMinutes: 5 } })),
    )
    const rb = await pollUntilFinal(p, b)
    expect(rb).toMatchObject({ outcome: 'expired', stat: 'expired', channel: 'sms' })
    expect(rb.reason).toMatch(/^Expired/)
  })

  it('finalOnRead: delivered-but-unread Viber falls through to SMS', async () => {
    const sim = await startSim()
    const { p } = client(sim.url, { interface: 'xml' })
    const id = accepted(
      await p.submit(
        sms({
          phone: '79001234522',
          cascade: { ...cascade, finalOnRead: true, validityMinutes: 500 },
        }),
      ),
    )
    expect(sim.messages[0]?.fields.finale_viber_read).toBe('1')
    const seen: DeliveryReceipt[] = []
    const r = await pollUntilFinal(p, id, seen)
    expect(seen.some((s) => s.outcome === 'enroute' && /not read yet/.test(s.reason ?? ''))).toBe(
      true,
    )
    expect(r).toMatchObject({ outcome: 'delivered', channel: 'sms', price: '3.40' })
    // Without it, delivered on Viber counts at once.
    const id2 = accepted(await p.submit(sms({ phone: '79001234522', cascade })))
    expect(await pollUntilFinal(p, id2)).toMatchObject({ outcome: 'delivered', channel: 'viber' })
  })

  it('partly_deliver (…33) is final: not delivered, with a hint to ask support', async () => {
    const sim = await startSim()
    const { p } = client(sim.url)
    const id = accepted(await p.submit(sms({ phone: '79001234533' })))
    const r = await pollUntilFinal(p, id)
    expect(r).toMatchObject({
      outcome: 'failed',
      stat: 'partly_deliver',
      channel: 'sms',
      reasonCode: 'smsgate:state:partly_deliver',
      prices: { sms: '2.50' },
    })
    expect(r.reason).toMatch(/ask smsgate support/)
  })

  it('an unchanged in-progress state is reported once; an id smsgate never took is missing', async () => {
    const sim = await startSim({ stepMs: 60_000 })
    const { p } = client(sim.url, { duplicateWindowMs: 0 })
    const id = accepted(await p.submit(sms()))
    const q = (ids: string[]) => [
      { id: 1, idempotencyKey: 'k', numericKey: 1, providerIds: ids, phone: '' },
    ]
    const first = await p.pollStatus(q([id]))
    expect(first).toMatchObject([{ providerId: id, outcome: 'enroute', stat: 'send' }])
    await sleep(80) // past the simulator's identical-request window
    expect(await p.pollStatus(q([id]))).toEqual([])
    // smsgate holds no message under that id: missing, every time it is asked.
    const unknown = await p.pollStatus(q(['999999']))
    expect(unknown).toMatchObject([{ providerId: '999999', outcome: 'missing', err: 'not-found' }])
    expect(unknown[0]?.reason).toContain(E.notAccepted)
  })

  it.each(['json', 'xml', 'get'] as const)(
    '%s: an id smsgate never took is reported missing each time it is asked',
    async (iface) => {
      const sim = await startSim({ duplicateWindowMs: 0 })
      const { p } = client(sim.url, { interface: iface, duplicateWindowMs: 0 })
      const q = [{ id: 1, idempotencyKey: 'k', numericKey: 1, providerIds: ['424242'], phone: '' }]
      for (let i = 0; i < 2; i++)
        expect(await p.pollStatus(q)).toMatchObject([
          { providerId: '424242', outcome: 'missing', reasonCode: 'smsgate:not-found' },
        ])
    },
  )

  it('VK goes as a template; the balance goes down per channel tried', async () => {
    const sim = await startSim({ balance: 10 })
    const { p } = client(sim.url, { vkTemplateId: 100, vkTemplateData: { Name: 'Иван' } })
    const id = accepted(
      await p.submit(sms({ phone: '79001234511', cascade: { order: ['vk', 'sms'] } })),
    )
    expect(sim.messages[0]).toMatchObject({
      fields: { send_vk: '1', send_sms: '2', templateId: '100' },
      templateData: { Name: 'Иван' },
    })
    expect(await pollUntilFinal(p, id)).toMatchObject({ channel: 'sms', price: '3.20' })
    expect(sim.balance).toBe(6.8)
  })
})

describe('smsgate errors and refusals', () => {
  it('rejects a message that breaks the document rules before sending anything', async () => {
    const sim = await startSim()
    const { p } = client(sim.url)
    const cases: Array<[Partial<OutgoingSms>, string]> = [
      [{ cascade: { order: ['viber'], texts: { viber: 'x'.repeat(1001) } } }, 'text_viber'],
      [
        {
          cascade: { order: ['viber'], viberButton: { text: 'x'.repeat(20), url: 'https://a.b' } },
        },
        'button_text',
      ],
      [{ cascade: { order: ['viber'], viberButton: { text: 'Go', url: '' } } }, 'button_url'],
      [{ cascade: { order: ['viber'], viberImageUrl: 'https://a.b/i.png' } }, 'image_url'],
      [{ cascade: { order: ['viber'], validityMinutes: 0 } }, 'validity_period_viber'],
      [{ cascade: { order: ['vk'] } }, 'templateId'],
      [{ sender: '' }, 'sender_sms'],
      [{ phone: '12345' }, 'phone'],
    ]
    for (const [over, code] of cases) {
      const out = await p.submit(sms(over))
      expect(out, code).toMatchObject({ kind: 'rejected', code })
    }
    expect(sim.sim.requests).toHaveLength(0)
    expect(p.state().status).toBe('ready')
  })

  it("maps the provider's error texts to outcomes", async () => {
    const sim = await startSim({ vkEnabled: false, allowedSenders: { sms: ['Shop'] } })
    const { p } = client(sim.url, { vkTemplateId: 7 })
    const vk = await p.submit(sms({ cascade: { order: ['vk', 'sms'] } }))
    expect(vk).toMatchObject({ kind: 'rejected', code: 'vk-disabled' })
    const sender = await p.submit(sms({ sender: 'Unknown' }))
    expect(sender).toMatchObject({ kind: 'rejected', code: 'sender' })
    expect(sender.kind === 'rejected' && sender.reason).toContain(E.senderNotAllowed)
    sim.failNext(E.temporary)
    expect(await p.submit(sms())).toMatchObject({ kind: 'retry' })
    // About the whole request of one message: that message, accepted earlier.
    sim.failNext(E.duplicateClientId)
    expect(await p.submit(sms())).toMatchObject({ kind: 'accepted', providerIds: [] })
    expect(p.state().status).toBe('ready')
    expect(sim.messages).toHaveLength(0)
  })

  it.each([
    ['balance', (s: SmsgateSimulator) => s.setBalance(0), 'balance'],
    ['blocked account', (s: SmsgateSimulator) => s.setBlocked(true), 'blocked'],
    ['IP not allowed', (s: SmsgateSimulator) => s.failNext(E.ip), 'ip'],
  ])('%s pauses the profile; resume sends again', async (_name, drive, code) => {
    const sim = await startSim()
    const { p } = client(sim.url)
    drive(sim)
    const out = await p.submit(sms())
    expect(out).toMatchObject({ kind: 'paused', code })
    expect(p.state().status).toBe('paused')
    sim.setBalance(100)
    sim.setBlocked(false)
    p.resume()
    accepted(await p.submit(sms()))
  })

  it('token auth sends Authorization: Bearer and no credentials; a bad token pauses', async () => {
    const sim = await startSim()
    const { p } = client(sim.url, { auth: 'token', secret: TOKEN })
    accepted(await p.submit(sms()))
    const req = sim.sim.requests[0]!
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(req.json).not.toHaveProperty('login')
    expect(req.json).not.toHaveProperty('password')
    const bad = client(sim.url, { auth: 'token', secret: 'tok-wrong-123', interface: 'xml' })
    expect(await bad.p.submit(sms())).toMatchObject({ kind: 'paused', code: 'token' })
    expect(bad.p.state().status).toBe('paused')
  })

  it.each(['json', 'xml'] as const)(
    '%s: the same client_id_message is never sent twice; "already sent" means accepted, with no report to follow',
    async (iface) => {
      const sim = await startSim({ duplicateWindowMs: 0 })
      const { p } = client(sim.url, { interface: iface, duplicateWindowMs: 0 })
      const msg = sms()
      accepted(await p.submit(msg))
      const again = await p.submit(msg)
      expect(again).toMatchObject({
        kind: 'accepted',
        providerIds: [],
        parts: 1,
        note: {
          reasonCode: 'smsgate:duplicate-client-id',
          reason: expect.stringMatching(
            new RegExp(`no delivery report can follow \\(smsgate: «${E.duplicateClientId}»\\)$`),
          ),
        },
      })
      expect(sim.messages).toHaveLength(1)
    },
  )

  it('a server that answers a repeat with the first answer: the same id', async () => {
    const sim = await startSim({ duplicateWindowMs: 0, repeatAnswer: 'first-answer' })
    const { p } = client(sim.url, { interface: 'xml', duplicateWindowMs: 0 })
    const msg = sms()
    const a = accepted(await p.submit(msg))
    const b = await p.submit(msg)
    expect(b).toMatchObject({ kind: 'accepted', providerIds: [a] })
    expect(b.kind === 'accepted' && b.note).toBeFalsy()
    expect(sim.messages).toHaveLength(1)
  })

  it('an identical request within a minute: the client holds it back; the provider refuses it', async () => {
    const sim = await startSim({ duplicateWindowMs: 60_000 })
    // With the client's guard: the resend does not leave this computer.
    const guarded = client(sim.url, { duplicateWindowMs: 60_000 })
    const msg = sms()
    const id = accepted(await guarded.p.submit(msg))
    const count = sim.sim.requests.length
    const held = await guarded.p.submit(msg)
    expect(held).toMatchObject({ kind: 'not-sent' })
    expect(held.kind === 'not-sent' && held.reason).toMatch(/identical request within a minute/)
    const q = [{ id: 1, idempotencyKey: 'k', numericKey: 1, providerIds: [id], phone: '' }]
    await guarded.p.pollStatus(q)
    expect(await guarded.p.pollStatus(q)).toEqual([])
    expect(sim.sim.requests.length).toBe(count + 1)
    // Without it the provider answers with its documented error; it is mapped, not a crash.
    const bare = client(sim.url, { duplicateWindowMs: 0 })
    const repeat = await bare.p.submit(msg)
    expect(repeat).toMatchObject({ kind: 'retry' })
    expect(repeat.kind === 'retry' && repeat.reason).toContain(E.duplicateRequest)
    expect(await bare.p.pollStatus(q)).toEqual([])
    expect(sim.messages).toHaveLength(1)
    expect(bare.p.state().status).toBe('ready')
  })

  it('GET: a repeated request within a minute is "unknown" — it was sent and has no key', async () => {
    const sim = await startSim({ duplicateWindowMs: 60_000 })
    const { p } = client(sim.url, { interface: 'get', duplicateWindowMs: 0 })
    const msg = sms()
    accepted(await p.submit(msg))
    expect(await p.submit(msg)).toMatchObject({ kind: 'unknown' })
    expect(sim.messages).toHaveLength(1)
  })

  it('connection refused: not-sent and reconnecting', async () => {
    const port = await closedPort()
    const { p, states } = client(`http://127.0.0.1:${port}/`, { retryInitialMs: 5_000 })
    const out = await p.submit(sms())
    expect(out.kind).toBe('not-sent')
    expect(p.state().status).toBe('reconnecting')
    expect(states.some((s) => s.status === 'reconnecting' && s.retryAt !== null)).toBe(true)
  })

  it('schedules with time_send in JSON; GET refuses to schedule', async () => {
    const sim = await startSim()
    const { p } = client(sim.url, { interface: 'json' })
    const at = Date.now() + 3 * 3600_000
    const id = accepted(await p.submit(sms({ sendAt: at })))
    expect(sim.messages[0]?.fields.time_send).toBe(formatZoned(at, 'Europe/Moscow', false))
    expect(sim.stateOf(id)?.state).toBe('send')
    const get = client(sim.url, { interface: 'get' })
    expect(await get.p.submit(sms({ sendAt: at }))).toMatchObject({
      kind: 'rejected',
      code: 'time_send',
    })
  })

  it('several messages in one JSON request: outcomes in order', async () => {
    const sim = await startSim({ allowedSenders: { sms: ['Shop'] } })
    const { p } = client(sim.url, { batchSize: 10 })
    expect(p.capabilities).toMatchObject({ batchSize: 10, idempotencyKey: true, receipts: 'poll' })
    const out = await p.submitBatch([
      sms(),
      sms({ cascade: { order: ['viber'], texts: { viber: '' } } }),
      sms({ sender: 'Other' }),
      sms({ phone: '79001234511', cascade }),
    ])
    expect(out.map((o) => o.kind)).toEqual(['accepted', 'rejected', 'rejected', 'accepted'])
    expect(out[2]).toMatchObject({ code: 'sender' })
    expect(sim.sim.requests).toHaveLength(1)
    expect(sim.messages.map((m) => m.phone)).toEqual(['79001234567', '79001234511'])
  })
})
