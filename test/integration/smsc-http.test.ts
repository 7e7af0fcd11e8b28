// SmscHttpProvider against the SMSC HTTP simulator over real HTTP on 127.0.0.1. Timers are
// shortened through options; no assertion depends on a duration.
import { afterEach, describe, expect, it } from 'vitest'
import { ProviderHttpError } from '../../src/main/core/providers/http'
import {
  SmscApiError,
  SmscHttpProvider,
  SmscRateLimitError,
  type SmscHttpProviderOptions,
} from '../../src/main/core/providers/smsc-http/provider'
import type {
  DeliveryReceipt,
  OutgoingSms,
  StatusQuery,
  SubmitOutcome,
} from '../../src/main/core/providers/types'
import {
  SmscHttpSimulator,
  type SmscHttpSimulatorOptions,
} from '../../src/main/core/providers/smsc-http/sim'
import { waitFor } from '../helpers/wait'

const LOGIN = 'agent'
const PASSWORD = 'sim-s3cret-pw'
const cleanups: Array<() => Promise<void> | void> = []

afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function startSim(opts: SmscHttpSimulatorOptions = {}): Promise<SmscHttpSimulator> {
  const sim = new SmscHttpSimulator({
    login: LOGIN,
    password: PASSWORD,
    operatorAfterMs: 5,
    finalAfterMs: 30,
    ...opts,
  })
  await sim.start()
  cleanups.push(() => sim.stop())
  return sim
}

function connect(
  sim: { url: string },
  opts: Partial<SmscHttpProviderOptions> = {},
): SmscHttpProvider {
  const provider = new SmscHttpProvider({
    profileId: 'smsc-test',
    baseUrl: sim.url,
    login: LOGIN,
    secret: PASSWORD,
    timeoutMs: 2_000,
    retryInitialMs: 20,
    retryMaxMs: 50,
    ...opts,
  })
  provider.start()
  cleanups.push(() => provider.stop())
  return provider
}

let key = 100
function sms(phone = '79001234567', extra: Partial<OutgoingSms> = {}): OutgoingSms {
  key++
  return {
    id: key,
    idempotencyKey: `msg-${key}`,
    numericKey: key,
    sender: 'SMSC',
    phone,
    text: `Hello ${key}`,
    wantReceipt: true,
    ...extra,
  }
}

function query(m: OutgoingSms, outcome: SubmitOutcome): StatusQuery {
  return {
    id: m.id,
    idempotencyKey: m.idempotencyKey,
    numericKey: m.numericKey,
    providerIds: outcome.kind === 'accepted' ? outcome.providerIds : [],
    phone: m.phone,
  }
}

const FINAL = new Set(['delivered', 'failed', 'expired'])

/** Polls until every query has a final receipt (the limiter may leave some out of a round). */
async function pollFinal(
  provider: SmscHttpProvider,
  queries: StatusQuery[],
): Promise<Map<string, DeliveryReceipt>> {
  const final = new Map<string, DeliveryReceipt>()
  const start = Date.now()
  while (final.size < queries.length) {
    if (Date.now() - start > 20_000) throw new Error('timed out waiting for final receipts')
    const open = queries.filter((q) => !final.has(q.providerIds[0] ?? ''))
    for (const r of await provider.pollStatus(open))
      if (FINAL.has(r.outcome)) final.set(r.providerId, r)
    await new Promise((r) => setTimeout(r, 20))
  }
  return final
}

function requestsTo(sim: SmscHttpSimulator, cmd: string) {
  return sim.sim.requests.filter((r) => r.path === `/sys/${cmd}.php`)
}

async function rawPost(sim: SmscHttpSimulator, cmd: string, form: Record<string, string>) {
  const res = await fetch(`${sim.url}/sys/${cmd}.php`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      login: LOGIN,
      psw: PASSWORD,
      fmt: '3',
      charset: 'utf-8',
      ...form,
    }).toString(),
  })
  return (await res.json()) as Record<string, unknown>
}

describe('SMSC HTTP: sending and receipts', () => {
  it('sends with our id, then polls until delivered', async () => {
    const sim = await startSim()
    const provider = connect(sim)
    const m = sms()
    const outcome = await provider.submit(m)
    expect(outcome).toEqual({ kind: 'accepted', providerIds: [String(m.numericKey)], parts: 1 })

    const [sent] = requestsTo(sim, 'send')
    expect(sent?.method).toBe('POST')
    expect(Object.fromEntries(sent?.params ?? [])).toMatchObject({
      login: LOGIN,
      psw: PASSWORD,
      fmt: '3',
      charset: 'utf-8',
      phones: m.phone,
      mes: m.text,
      sender: 'SMSC',
      id: String(m.numericKey),
    })
    expect(sim.messages).toHaveLength(1)

    const receipts = await pollFinal(provider, [query(m, outcome)])
    expect(receipts.get(String(m.numericKey))).toMatchObject({
      outcome: 'delivered',
      stat: '1',
      err: '0',
      reason: null,
      price: '2.50',
      channel: 'sms',
      hlr: null,
    })
    expect(sim.balance).toBe(997.5)
  })

  it('charges a long Cyrillic text per part', async () => {
    const sim = await startSim({ pricePerPart: 3 })
    const provider = connect(sim)
    const outcome = await provider.submit(sms('79001234567', { text: 'Привет! '.repeat(10) }))
    expect(outcome).toMatchObject({ kind: 'accepted', parts: 2 })
    expect(sim.balance).toBe(994)
  })

  it('asks about several messages in one request and maps undelivered and expired', async () => {
    const sim = await startSim()
    const provider = connect(sim)
    const sent = [sms('79001234567'), sms('79001234500'), sms('79001234599'), sms('79001234598')]
    const queries: StatusQuery[] = []
    for (const m of sent) queries.push(query(m, await provider.submit(m)))
    await new Promise((r) => setTimeout(r, 40))
    const before = requestsTo(sim, 'status').length
    const receipts = await provider.pollStatus(queries)
    expect(requestsTo(sim, 'status').length).toBe(before + 1)
    const last = requestsTo(sim, 'status').at(-1)
    expect(last?.params.get('phone')).toBe('79001234567,79001234500,79001234599,79001234598,')
    expect(last?.params.get('all')).toBe('1')
    const byId = new Map(receipts.map((r) => [r.providerId, r]))
    expect(byId.get(String(sent[0]!.numericKey))?.outcome).toBe('delivered')
    expect(byId.get(String(sent[1]!.numericKey))).toMatchObject({
      outcome: 'failed',
      stat: '20',
      err: '1',
      reason: 'Cannot be delivered: The subscriber does not exist (err 1)',
    })
    expect(byId.get(String(sent[2]!.numericKey))?.outcome).toBe('expired')
    expect(byId.get(String(sent[3]!.numericKey))?.reason).toMatch(/spam filter \(err 253\)/)
  })

  it('shows progress before the final state; a message SMSC does not hold is missing', async () => {
    const sim = await startSim({ operatorAfterMs: 60_000, finalAfterMs: 120_000 })
    const provider = connect(sim)
    const m = sms()
    const outcome = await provider.submit(m)
    const [waiting] = await provider.pollStatus([query(m, outcome)])
    expect(waiting).toMatchObject({ outcome: 'accepted', stat: '-1', reason: null })
    // Asked alone, SMSC answers error 3 (message not found) …
    const alone = { ...query(m, outcome), providerIds: ['777'], phone: '79001230000' }
    const [missing] = await provider.pollStatus([alone])
    expect(missing).toMatchObject({
      providerId: '777',
      outcome: 'missing',
      stat: '-3',
      reasonCode: 'smsc:status:-3',
    })
    expect(missing?.raw).toMatch(/"error_code":3/)
    // … and in a list, status -3 for that one while the other is reported as it is.
    const listed = await provider.pollStatus([
      query(m, outcome),
      { ...alone, providerIds: ['778'], numericKey: 778 },
    ])
    expect(listed).toMatchObject([
      { providerId: String(m.numericKey), outcome: 'accepted' },
      { providerId: '778', outcome: 'missing', stat: '-3' },
    ])
  })

  it('settles a send whose answer was lost: missing if it never arrived, its status if it did', async () => {
    const sim = await startSim({ operatorAfterMs: 60_000, finalAfterMs: 120_000 })
    const provider = connect(sim, { timeoutMs: 300 })
    // The connection breaks before SMSC handles the request: nothing was stored.
    const lost = sms()
    sim.sim.fault({ kind: 'reset', handled: false, path: '/sys/send.php' })
    expect((await provider.submit(lost)).kind).toBe('retry')
    await waitFor(() => provider.state().status === 'ready', 'back-off over')
    // SMSC stores the request, but its answer never arrives.
    const late = sms()
    sim.sim.fault({ kind: 'slow', ms: 1500, path: '/sys/send.php' })
    expect((await provider.submit(late)).kind).toBe('retry')
    await waitFor(() => sim.messages.length === 1, 'the slow send stored')
    await waitFor(() => provider.state().status === 'ready', 'back-off over')
    // Our id is known before the answer, so each can be asked about by (phone, id).
    const receipts = await provider.pollStatus([query(lost, { kind: 'retry', reason: '' })])
    expect(receipts).toMatchObject([{ providerId: String(lost.numericKey), outcome: 'missing' }])
    const [stored] = await provider.pollStatus([query(late, { kind: 'retry', reason: '' })])
    expect(stored).toMatchObject({ providerId: String(late.numericKey), outcome: 'accepted' })
  })

  it('a status answer that does not say whose it is is refused: each message is asked alone', async () => {
    const sim = await startSim({ operatorAfterMs: 60_000, finalAfterMs: 120_000 })
    const provider = connect(sim)
    const first = sms('79001234567')
    const second = sms('79001234500')
    const queries = [
      query(first, await provider.submit(first)),
      query(second, await provider.submit(second)),
    ]
    // One object for two messages — a delivered one, whoever's it is.
    sim.sim.fault({
      kind: 'malformed',
      path: '/sys/status.php',
      body: JSON.stringify({ status: 1, last_date: '01.01.2025 10:00:00', last_timestamp: 1 }),
    })
    const before = requestsTo(sim, 'status').length
    const receipts = await provider.pollStatus(queries)
    // The list, then each message on its own.
    const asked = requestsTo(sim, 'status').slice(before)
    expect(asked.map((r) => r.params.get('id'))).toEqual([
      `${first.numericKey},${second.numericKey},`,
      String(first.numericKey),
      String(second.numericKey),
    ])
    // Neither is delivered: each got its own status, nobody the stray one.
    expect(receipts).toMatchObject([
      { providerId: String(first.numericKey), outcome: 'accepted', stat: '-1' },
      { providerId: String(second.numericKey), outcome: 'accepted', stat: '-1' },
    ])
  })

  it('a list with fewer entries than asked and no ids is refused the same way', async () => {
    const sim = await startSim({ operatorAfterMs: 60_000, finalAfterMs: 120_000 })
    const provider = connect(sim)
    const a = sms('79001234567')
    const b = sms('79001234568')
    const queries = [query(a, await provider.submit(a)), query(b, await provider.submit(b))]
    sim.sim.fault({
      kind: 'malformed',
      path: '/sys/status.php',
      body: JSON.stringify([{ status: 1, last_date: '01.01.2025 10:00:00', last_timestamp: 1 }]),
    })
    const receipts = await provider.pollStatus(queries)
    expect(receipts.map((r) => [r.providerId, r.outcome])).toEqual([
      [String(a.numericKey), 'accepted'],
      [String(b.numericKey), 'accepted'],
    ])
  })

  it('keeps to five status requests per message a minute, as the server demands', async () => {
    const sim = await startSim({ operatorAfterMs: 60_000, finalAfterMs: 120_000 })
    const provider = connect(sim)
    const m = sms()
    const q = query(m, await provider.submit(m))
    for (let i = 0; i < 5; i++) expect(await provider.pollStatus([q])).toHaveLength(1)
    expect(await provider.pollStatus([q])).toEqual([])
    expect(requestsTo(sim, 'status')).toHaveLength(5)
    // The server itself refuses a sixth.
    const raw = await rawPost(sim, 'status', { phone: m.phone, id: String(m.numericKey) })
    expect(raw.error_code).toBe(9)
  })
})

describe('SMSC HTTP: documented errors', () => {
  it('authenticates with an API key instead of login and password', async () => {
    const sim = await startSim({ apiKey: 'key-0123456789' })
    const provider = connect(sim, { auth: 'apikey', secret: 'key-0123456789', login: '' })
    expect(await provider.submit(sms())).toMatchObject({ kind: 'accepted' })
    const [sent] = requestsTo(sim, 'send')
    expect(sent?.params.get('apikey')).toBe('key-0123456789')
    expect(sent?.params.has('psw')).toBe(false)
    const wrong = connect(sim, { auth: 'apikey', secret: 'key-wrong', login: '' })
    expect(await wrong.submit(sms())).toMatchObject({ kind: 'paused', code: 2 })
  })

  it('a wrong password pauses the profile (error 2)', async () => {
    const sim = await startSim()
    const provider = connect(sim, { secret: 'wrong-password' })
    const outcome = await provider.submit(sms())
    expect(outcome).toMatchObject({ kind: 'paused', code: 2 })
    expect(provider.state()).toMatchObject({ status: 'paused' })
    expect(provider.state().detail).toMatch(/login or password/)
    expect(await provider.submit(sms())).toMatchObject({ kind: 'not-sent' })
    expect(requestsTo(sim, 'send')).toHaveLength(1)
    expect(sim.messages).toHaveLength(0)
  })

  it('a blocked IP pauses the profile (error 4), whatever the call', async () => {
    const sim = await startSim()
    sim.blockIp(true)
    const provider = connect(sim)
    expect(await provider.submit(sms())).toMatchObject({ kind: 'paused', code: 4 })
    provider.resume()
    const err = await provider.balance().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SmscApiError)
    expect(err).toMatchObject({ code: 4, call: 'balance' })
    expect(provider.state().status).toBe('paused')
  })

  it('insufficient funds pauses the profile (error 3)', async () => {
    const sim = await startSim({ balance: 1 })
    const provider = connect(sim)
    const outcome = await provider.submit(sms())
    expect(outcome).toMatchObject({ kind: 'paused', code: 3 })
    expect('reason' in outcome && outcome.reason).toMatch(/not enough money/)
    expect(provider.state().status).toBe('paused')
    expect(sim.messages).toHaveLength(0)
  })

  it('message-level refusals are final rejections with their reason', async () => {
    const sim = await startSim()
    const provider = connect(sim)
    const cases: Array<[OutgoingSms, number, RegExp]> = [
      [sms('79001x'), 7, /phone number format/],
      [sms('79001234567', { text: 'A forbidden offer' }), 6, /text or sender/],
      [sms('79001234567', { sender: 'BANNED' }), 6, /text or sender/],
      [sms('99912345678'), 8, /cannot be delivered/],
      [sms('79001234567', { text: '' }), 1, /parameters/],
    ]
    for (const [m, code, reason] of cases) {
      const outcome = await provider.submit(m)
      expect(outcome).toMatchObject({ kind: 'rejected', code })
      expect('reason' in outcome && outcome.reason).toMatch(reason)
    }
    expect(provider.state().status).toBe('ready')
    expect(sim.messages).toHaveLength(0)
    expect(sim.balance).toBe(1000)
  })

  it('a duplicate id is refused by the simulator with error 9 and not sent twice', async () => {
    const sim = await startSim()
    const form = { phones: '79001234567', mes: 'Twice', id: '4242' }
    expect(await rawPost(sim, 'send', form)).toEqual({ id: 4242, cnt: 1 })
    expect(await rawPost(sim, 'send', { ...form, mes: 'Other text' })).toMatchObject({
      error_code: 9,
      id: 4242,
    })
    // Identical requests without an id within a minute: also error 9.
    const noId = { phones: '79001234568', mes: 'Same' }
    expect(await rawPost(sim, 'send', noId)).toMatchObject({ cnt: 1 })
    expect(await rawPost(sim, 'send', noId)).toMatchObject({ error_code: 9 })
    expect(await rawPost(sim, 'send', { ...noId, id: '5', time: 'soon' })).toMatchObject({
      error_code: 5,
    })
    expect(sim.messages).toHaveLength(2)
  })

  it('error 9 for a message the server does not have is a retry, not an acceptance', async () => {
    const sim = await startSim()
    const provider = connect(sim)
    sim.sim.fault({
      kind: 'status',
      status: 200,
      path: '/sys/send.php',
      contentType: 'application/json',
      body: '{"error":"duplicate request, wait a minute","error_code":9}',
    })
    const m = sms()
    expect(await provider.submit(m)).toMatchObject({ kind: 'retry' })
    expect(sim.messages).toHaveLength(0)
    expect(await provider.submit(m)).toMatchObject({ kind: 'accepted' })
    expect(sim.messages).toHaveLength(1)
  })
})

describe('SMSC HTTP: transport failures', () => {
  it('a timeout is a retry, and the resend with the same id does not send twice', async () => {
    const sim = await startSim()
    const provider = connect(sim, { timeoutMs: 400 })
    sim.sim.fault({ kind: 'slow', ms: 2000, path: '/sys/send.php' })
    const m = sms()
    const first = await provider.submit(m)
    expect(first).toMatchObject({ kind: 'retry' })
    expect('reason' in first && first.reason).toMatch(/no answer in time/)
    expect(provider.state().status).toBe('reconnecting')
    await waitFor(() => provider.state().status === 'ready', 'back to ready')
    await waitFor(() => sim.messages.length === 1, 'the slow request processed')
    const second = await provider.submit(m)
    expect(second).toEqual({ kind: 'accepted', providerIds: [String(m.numericKey)], parts: 1 })
    expect(sim.messages).toHaveLength(1)
    expect(sim.balance).toBe(997.5)
  })

  it('connection refused is not-sent and the profile reconnects', async () => {
    const sim = await startSim()
    const url = sim.url
    await sim.stop()
    const provider = connect({ url })
    const outcome = await provider.submit(sms())
    expect(outcome.kind).toBe('not-sent')
    expect('reason' in outcome && outcome.reason).toMatch(/could not be reached/)
    expect(provider.state().status).toBe('reconnecting')
    await sim.start()
    await waitFor(() => provider.state().status === 'ready', 'ready again')
    expect(await provider.submit(sms())).toMatchObject({ kind: 'accepted' })
  })

  it('an HTML page, truncated JSON, a 5xx and a wrong content type are typed errors', async () => {
    const sim = await startSim()
    const provider = connect(sim)

    sim.sim.fault({
      kind: 'status',
      status: 200,
      path: '/sys/send.php',
      contentType: 'text/html',
      body: '<html><body><h1>Maintenance</h1></body></html>',
    })
    const html = await provider.submit(sms())
    expect(html.kind).toBe('retry')
    expect('reason' in html && html.reason).toMatch(/SMSC send: .*could not be read.*Maintenance/)
    expect('reason' in html && html.reason).not.toContain(PASSWORD)

    // Processed, answer cut short: the resend is recognised, not sent twice.
    sim.sim.fault({ kind: 'malformed', path: '/sys/send.php', body: '{"id":12' })
    const m = sms()
    expect(await provider.submit(m)).toMatchObject({ kind: 'retry' })
    expect(await provider.submit(m)).toMatchObject({ kind: 'accepted' })
    expect(sim.messages.filter((x) => x.id === m.numericKey)).toHaveLength(1)

    sim.sim.fault({ kind: 'status', status: 502, path: '/sys/balance.php', body: 'Bad Gateway' })
    const bad = await provider.balance().catch((e: unknown) => e)
    expect(bad).toBeInstanceOf(ProviderHttpError)
    expect(bad).toMatchObject({ failure: 'malformed', status: 502 })

    sim.sim.fault({
      kind: 'malformed',
      path: '/sys/balance.php',
      contentType: 'application/xml',
      body: '<balance>12</balance>',
    })
    const xml = await provider.balance().catch((e: unknown) => e)
    expect(xml).toBeInstanceOf(ProviderHttpError)
    expect((xml as Error).message).toMatch(/expected JSON.*application\/xml/)

    sim.sim.fault({ kind: 'malformed', path: '/sys/status.php', body: '{"status":"fine"}' })
    const status = await provider
      .pollStatus([query(m, { kind: 'accepted', providerIds: [String(m.numericKey)], parts: 1 })])
      .catch((e: unknown) => e)
    expect(status).toBeInstanceOf(ProviderHttpError)
    expect((status as Error).message).toMatch(/SMSC status.*expected \{"status"/)

    expect(provider.state().status).toBe('ready')
  })

  it('reads windows-1251 answers when the charset was not honoured', async () => {
    const sim = await startSim()
    sim.setIgnoreCharset(true)
    sim.injectInbound({ phone: '79001112233', message: 'Ответ: да, Ёж №5', toPhone: '79001234501' })
    const provider = connect(sim)
    const { messages } = await provider.fetchInbound(null)
    expect(messages[0]?.text).toBe('Ответ: да, Ёж №5')
    expect(requestsTo(sim, 'get')[0]?.params.get('charset')).toBe('utf-8')
  })
})

describe('SMSC HTTP: backup host', () => {
  it('goes to the backup while the main host is down, and back to main later', async () => {
    const main = await startSim()
    const backup = new SmscHttpSimulator({ platformOf: main })
    await backup.start()
    cleanups.push(() => backup.stop())
    const provider = connect(main, { backupBaseUrl: backup.url, failbackMs: 100 })

    await main.stop()
    const m = sms()
    const outcome = await provider.submit(m)
    expect(outcome).toMatchObject({ kind: 'accepted' })
    expect(requestsTo(backup, 'send')).toHaveLength(1)
    expect(main.messages).toHaveLength(1)
    expect(provider.activeBaseUrl()).toBe(backup.url)

    const receipts = await pollFinal(provider, [query(m, outcome)])
    expect(receipts.get(String(m.numericKey))?.outcome).toBe('delivered')
    expect(requestsTo(backup, 'status').length).toBeGreaterThan(0)

    await main.start()
    await waitFor(() => provider.activeBaseUrl() === main.url, 'failback to main')
    const before = requestsTo(main, 'balance').length
    await provider.balance()
    expect(requestsTo(main, 'balance')).toHaveLength(before + 1)
  })

  it('after a timeout on the main host the resend goes to the backup and is recognised', async () => {
    const main = await startSim()
    const backup = new SmscHttpSimulator({ platformOf: main })
    await backup.start()
    cleanups.push(() => backup.stop())
    const provider = connect(main, { backupBaseUrl: backup.url, timeoutMs: 400 })
    main.sim.fault({ kind: 'slow', ms: 2000, path: '/sys/send.php' })
    const m = sms()
    expect(await provider.submit(m)).toMatchObject({ kind: 'retry' })
    await waitFor(() => provider.state().status === 'ready', 'ready again')
    await waitFor(() => main.messages.length === 1, 'the slow request processed')
    expect(await provider.submit(m)).toMatchObject({ kind: 'accepted' })
    expect(requestsTo(backup, 'send')).toHaveLength(1)
    expect(main.messages).toHaveLength(1)
  })
})

describe('SMSC HTTP: HLR, balance and inbound', () => {
  it('an HLR lookup answers with the network data as plain strings', async () => {
    const sim = await startSim()
    const provider = connect(sim)
    const outcome = await provider.lookupHlr('79001234567', 9001)
    expect(outcome).toEqual({ kind: 'accepted', providerIds: ['9001'], parts: 1 })
    expect(requestsTo(sim, 'send')[0]?.params.get('hlr')).toBe('1')
    // The simulator answers after finalAfterMs (30 ms); five polls is the per-minute budget.
    let receipt: DeliveryReceipt | null = null
    for (let i = 0; i < 5 && receipt?.outcome !== 'delivered'; i++) {
      await new Promise((r) => setTimeout(r, 40))
      receipt = await provider.hlrStatus('79001234567', '9001')
    }
    expect(receipt).toMatchObject({ outcome: 'delivered' })
    expect(receipt?.hlr).toMatchObject({
      mcc: '250',
      mnc: '01',
      cn: 'Russian Federation',
      net: 'MTS',
      rcn: '',
    })

    expect(await provider.lookupHlr('79001234500', 9002)).toMatchObject({ kind: 'accepted' })
    await new Promise((r) => setTimeout(r, 40))
    const absent = await provider.hlrStatus('79001234500', '9002')
    expect(absent).toMatchObject({ outcome: 'failed', err: '1', hlr: null })
    expect(absent?.reason).toMatch(/does not exist/)
  })

  it('balance with currency, and no more than ten requests a minute', async () => {
    const sim = await startSim()
    const provider = connect(sim)
    expect(await provider.balance()).toEqual({ amount: 1000, currency: 'RUB' })
    await provider.submit(sms())
    expect(await provider.balance()).toEqual({ amount: 997.5, currency: 'RUB' })
    for (let i = 0; i < 8; i++) await provider.balance()
    const refused = await provider.balance().catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(SmscRateLimitError)
    expect((refused as SmscRateLimitError).retryAfterMs).toBeGreaterThan(0)
    expect(requestsTo(sim, 'balance')).toHaveLength(10)
  })

  it('inbound messages arrive once each, oldest first, with increasing ids', async () => {
    const sim = await startSim()
    const provider = connect(sim)
    expect(await provider.fetchInbound(null)).toEqual({ messages: [], lastId: null })
    sim.injectInbound({ phone: '79001112233', message: 'First', toPhone: '79001234501' })
    sim.injectInbound({ phone: '79001112244', message: 'Второе', toPhone: '79001234501' })
    const first = await provider.fetchInbound(null)
    expect(first.messages.map((m) => [m.from, m.to, m.text])).toEqual([
      ['79001112233', '79001234501', 'First'],
      ['79001112244', '79001234501', 'Второе'],
    ])
    expect(Math.abs((first.messages[0]?.receivedAt ?? 0) - Date.now())).toBeLessThan(60_000)
    expect(first.lastId).toBe(first.messages[1]?.id)
    expect(await provider.fetchInbound(first.lastId)).toEqual({
      messages: [],
      lastId: first.lastId,
    })
    sim.injectInbound({ phone: '79001112255', message: 'Third', toPhone: '79001234502' })
    const next = await provider.fetchInbound(first.lastId)
    expect(next.messages.map((m) => m.text)).toEqual(['Third'])
    expect(Number(next.lastId)).toBeGreaterThan(Number(first.lastId))
    expect(requestsTo(sim, 'get').at(-1)?.params.get('after_id')).toBe(first.lastId)
  })
})

describe('SMSC HTTP: dedicated numbers', () => {
  it('lists free numbers, rents one (charged current_cost) and switches its renewal', async () => {
    const sim = await startSim()
    const provider = connect(sim)
    const free = await provider.listFreeNumbers()
    expect(free.map((n) => [n.phone, n.kind, n.currentCost])).toEqual([
      ['79001234501', 'virtual', 150],
      ['79001234502', 'virtual', 150],
      ['79001234503', 'sim-hosting', 250],
    ])
    expect(await provider.rentNumber('79001234501')).toEqual({ phone: '79001234501', cost: 150 })
    expect(sim.balance).toBe(850)
    expect(sim.freeNumbers.map((n) => n.phone)).not.toContain('79001234501')
    expect(sim.rentedNumbers).toMatchObject([{ phone: '79001234501', renew: true }])

    expect(await provider.setRenewal('79001234501', false)).toEqual({
      phone: '79001234501',
      renew: false,
    })
    expect(sim.rentedNumbers[0]?.renew).toBe(false)
    expect(requestsTo(sim, 'receive_phones').at(-1)?.params.get('noprolong')).toBe('1')

    const again = await provider.rentNumber('79001234501').catch((e: unknown) => e)
    expect(again).toBeInstanceOf(SmscApiError)
    expect(again).toMatchObject({ call: 'numbers-rent', code: 1 })
    expect(provider.state().status).toBe('ready')
  })

  it('refuses a third identical request a minute locally, as the server would', async () => {
    const sim = await startSim()
    const provider = connect(sim)
    await provider.listFreeNumbers()
    await provider.listFreeNumbers()
    const third = await provider.listFreeNumbers().catch((e: unknown) => e)
    expect(third).toBeInstanceOf(SmscRateLimitError)
    expect((third as Error).message).toMatch(/SMSC numbers-list: not sent/)
    expect(requestsTo(sim, 'receive_phones')).toHaveLength(2)
    // And the server does refuse it.
    expect(await rawPost(sim, 'receive_phones', { get: '1' })).toMatchObject({ error_code: 9 })
  })

  it('reads the plain-text list and text errors; rent without money is error 3', async () => {
    const sim = await startSim({ numbersReply: 'text', balance: 100 })
    const provider = connect(sim)
    const free = await provider.listFreeNumbers()
    expect(free[2]).toEqual({
      phone: '79001234503',
      type: 2,
      kind: 'sim-hosting',
      cost: 500,
      currentCost: 250,
      info: 'MegaFon, sms, call',
    })
    const poor = await provider.rentNumber('79001234503').catch((e: unknown) => e)
    expect(poor).toBeInstanceOf(SmscApiError)
    expect(poor).toMatchObject({ code: 3 })
    expect((poor as Error).message).toMatch(/rent this number/)
    expect(provider.state().status).toBe('ready')
    sim.setBalance(1000)
    expect(await provider.rentNumber('79001234502')).toEqual({ phone: '79001234502', cost: 150 })
  })

  it('a wrong password on a numbers call pauses the profile', async () => {
    const sim = await startSim()
    const provider = connect(sim, { secret: 'nope-wrong' })
    const err = await provider.listFreeNumbers().catch((e: unknown) => e)
    expect(err).toMatchObject({ name: 'SmscApiError', code: 2 })
    expect(provider.state().status).toBe('paused')
  })
})
