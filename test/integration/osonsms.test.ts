// OsonSmsProvider against the OsonSMS simulator over real HTTP on 127.0.0.1: no mocks; timeouts
// are shortened through options and no assertion depends on a duration.
import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { SessionState } from '../../src/shared/contract'
import { ProviderHttpError } from '../../src/main/core/providers/http'
import {
  OsonSmsError,
  OsonSmsProvider,
  type OsonSmsProviderOptions,
} from '../../src/main/core/providers/osonsms/provider'
import type {
  DeliveryReceipt,
  OutgoingSms,
  SubmitOutcome,
} from '../../src/main/core/providers/types'
import {
  OsonSmsSimulator,
  type OsonSmsSimulatorOptions,
} from '../../src/main/core/providers/osonsms/sim'
import { waitFor } from '../helpers/wait'

const LOGIN = 'agent'
const SALT = 'pass-salt-9f2c'
const cleanups: Array<() => Promise<void> | void> = []

afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function startSim(opts: Partial<OsonSmsSimulatorOptions> = {}): Promise<OsonSmsSimulator> {
  const sim = new OsonSmsSimulator({
    accounts: { [LOGIN]: SALT },
    senders: ['OsonSMS', 'Shop'],
    deliveryDelayMs: 30,
    ...opts,
  })
  await sim.start()
  cleanups.push(() => sim.stop())
  return sim
}

function client(
  baseUrl: string,
  opts: Partial<OsonSmsProviderOptions> = {},
): { provider: OsonSmsProvider; states: SessionState[] } {
  const provider = new OsonSmsProvider({
    profileId: 'oson',
    baseUrl,
    login: LOGIN,
    secret: SALT,
    defaultSender: 'OsonSMS',
    currency: 'TJS',
    timeoutMs: 2000,
    retryInitialMs: 10,
    retryMaxMs: 20,
    ...opts,
  })
  const states: SessionState[] = []
  provider.on('state', (s) => states.push(s))
  provider.start()
  cleanups.push(() => provider.stop())
  return { provider, states }
}

let seq = 0
function sms(over: Partial<OutgoingSms> = {}): OutgoingSms {
  seq++
  return {
    id: seq,
    idempotencyKey: `key-${seq}-${Math.random().toString(36).slice(2)}`,
    numericKey: seq,
    sender: 'OsonSMS',
    phone: '992931234567',
    text: 'Салом! Your code is 1234',
    wantReceipt: true,
    ...over,
  }
}

function expectKind<K extends SubmitOutcome['kind']>(
  o: SubmitOutcome,
  kind: K,
): Extract<SubmitOutcome, { kind: K }> {
  expect(o.kind, JSON.stringify(o)).toBe(kind)
  return o as Extract<SubmitOutcome, { kind: K }>
}

/** Polls until a final receipt arrives, collecting every receipt on the way. */
async function pollToFinal(
  provider: OsonSmsProvider,
  m: OutgoingSms,
  providerIds: string[],
): Promise<DeliveryReceipt[]> {
  const seen: DeliveryReceipt[] = []
  const query = {
    id: m.id,
    idempotencyKey: m.idempotencyKey,
    numericKey: m.numericKey,
    providerIds,
    phone: m.phone,
  }
  for (;;) {
    const receipts = await provider.pollStatus([query])
    seen.push(...receipts)
    const last = seen.at(-1)
    if (last && ['delivered', 'failed', 'expired'].includes(last.outcome)) return seen
    if (seen.length > 2000) throw new Error('no final status')
    await new Promise((r) => setTimeout(r, 5))
  }
}

async function closedPortUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  await new Promise<void>((r) => server.close(() => r()))
  return `http://127.0.0.1:${port}/`
}

describe('OsonSMS happy path', () => {
  it('sends a signed GET, gets msg_id, polls until delivered, charges the balance', async () => {
    const sim = await startSim({ balance: 10, pricePerPart: 0.25 })
    const { provider } = client(sim.url)
    const m = sms()
    const accepted = expectKind(await provider.submit(m), 'accepted')
    expect(sim.messages).toHaveLength(1)
    const stored = sim.messages[0]!
    expect(accepted).toEqual({ kind: 'accepted', providerIds: [stored.msgId], parts: 1 })
    expect(stored).toMatchObject({
      txnId: m.idempotencyKey,
      login: LOGIN,
      from: 'OsonSMS',
      phone: '992931234567',
      text: m.text,
    })
    const req = sim.sim.requests[0]!
    expect(req.method).toBe('GET')
    expect(req.path).toBe('/sendsms_v1.php')
    expect([...req.query.keys()].sort()).toEqual(
      ['from', 'login', 'msg', 'phone_number', 'str_hash', 'txn_id'].sort(),
    )

    // states move on with time: ENROUTE first, the final state after deliveryDelayMs
    expect(sim.stateOf(stored, stored.submittedAt)).toBe('ENROUTE')
    const receipts = await pollToFinal(provider, m, accepted.providerIds)
    expect(receipts.slice(0, -1).every((r) => r.outcome === 'enroute')).toBe(true)
    expect(receipts.at(-1)).toMatchObject({
      providerId: stored.msgId,
      outcome: 'delivered',
      stat: 'DELIVERED',
      err: null,
    })
    const statusReq = sim.sim.requests.find((r) => r.path === '/query_sm.php')!
    expect(statusReq.query.get('msg_id')).toBe(stored.msgId)
    expect(statusReq.query.get('txn_id')).toBe(m.idempotencyKey)

    expect(await provider.balance()).toEqual({ amount: 9.75, currency: 'TJS' })
    expect(provider.state().status).toBe('ready')
  })

  it('a long message costs per part and reports its parts', async () => {
    const sim = await startSim({ balance: 5, pricePerPart: 0.5 })
    const { provider } = client(sim.url)
    const accepted = expectKind(await provider.submit(sms({ text: 'ж'.repeat(140) })), 'accepted')
    expect(accepted.parts).toBe(3)
    expect(sim.messages[0]?.parts).toBe(3)
    expect(sim.balanceOf(LOGIN)).toBe(3.5)
    expect((await provider.balance()).amount).toBe(3.5)
  })

  it('public status shape: undeliverable and expired numbers, with error codes', async () => {
    const sim = await startSim({ statusShape: 'public' })
    const { provider } = client(sim.url)
    const undeliverable = sms({ phone: '+992 93 123 45 00' })
    const expired = sms({ phone: '992931234599' })
    const a = expectKind(await provider.submit(undeliverable), 'accepted')
    const b = expectKind(await provider.submit(expired), 'accepted')
    expect(sim.messages.map((x) => x.phone)).toEqual(['992931234500', '992931234599'])
    const ra = (await pollToFinal(provider, undeliverable, a.providerIds)).at(-1)
    expect(ra).toMatchObject({ outcome: 'failed', stat: 'UNDELIVERABLE', err: '1' })
    expect(ra?.reason).toMatch(/undeliverable/)
    expect(JSON.parse(ra!.raw)).toMatchObject({ status: 'ok', message_state_code: 5 })
    const rb = (await pollToFinal(provider, expired, b.providerIds)).at(-1)
    expect(rb).toMatchObject({ outcome: 'expired', stat: 'EXPIRED' })
  })

  it('seed status shape: rejected numbers fail', async () => {
    const sim = await startSim()
    const { provider } = client(sim.url)
    const m = sms({ phone: '992931234598' })
    const a = expectKind(await provider.submit(m), 'accepted')
    const r = (await pollToFinal(provider, m, a.providerIds)).at(-1)
    expect(r).toMatchObject({ outcome: 'failed', stat: 'REJECTED' })
    expect(JSON.parse(r!.raw)).toEqual({ status: 'REJECTED', timestamp: expect.any(String) })
  })

  it('a msg_id the server does not know reads as unknown', async () => {
    const sim = await startSim()
    const { provider } = client(sim.url)
    const [r] = await provider.pollStatus([
      { id: 1, idempotencyKey: 'k', numericKey: 1, providerIds: ['12345'], phone: 'x' },
    ])
    expect(r).toMatchObject({ providerId: '12345', outcome: 'unknown', stat: 'UNKNOWN' })
  })

  it('nothing to poll for a message accepted without msg_id', async () => {
    const sim = await startSim()
    const { provider } = client(sim.url)
    const receipts = await provider.pollStatus([
      { id: 1, idempotencyKey: 'k', numericKey: 1, providerIds: [], phone: 'x' },
    ])
    expect(receipts).toEqual([])
    expect(sim.sim.requests).toHaveLength(0)
  })
})

describe('OsonSMS refusals', () => {
  it('a number outside 992XXXXXXXXX is rejected before sending', async () => {
    const sim = await startSim()
    const { provider } = client(sim.url)
    for (const phone of ['79161234567', '99293123456', '+992 93 123 45 678']) {
      const o = expectKind(await provider.submit(sms({ phone })), 'rejected')
      expect(o.code).toBe('invalid-phone')
      expect(o.reason).toContain(phone)
      expect(o.reason).toContain('992XXXXXXXXX')
    }
    expect(sim.sim.requests).toHaveLength(0)
    expect(provider.state().status).toBe('ready')
  })

  it('100: an empty text is refused for this message only, naming the fields', async () => {
    const sim = await startSim()
    const { provider } = client(sim.url)
    const o = expectKind(await provider.submit(sms({ text: '' })), 'rejected')
    expect(o.code).toBe(100)
    expect(o.reason).toContain('from,phone_number,msg,login,str_hash,txn_id')
    expect(o.reason).toContain('msg (text)')
    expect(sim.messages).toHaveLength(0)
    expect(provider.state().status).toBe('ready')
  })

  it('107: a sender not allowed for the account', async () => {
    const sim = await startSim()
    const { provider } = client(sim.url)
    const o = expectKind(await provider.submit(sms({ sender: 'Nope' })), 'rejected')
    expect(o.code).toBe(107)
    expect(o.reason).toContain('"Nope"')
    expect(sim.messages).toHaveLength(0)
    expect(provider.state().status).toBe('ready')
    // the profile's default sender stands in for a message without one
    expectKind(await provider.submit(sms({ sender: '' })), 'accepted')
    expect(sim.messages[0]?.from).toBe('OsonSMS')
  })

  it('106: a wrong pass_salt_hash pauses the profile', async () => {
    const sim = await startSim()
    const { provider, states } = client(sim.url, { secret: 'wrong-salt' })
    const o = expectKind(await provider.submit(sms()), 'paused')
    expect(o.code).toBe(106)
    expect(o.reason).toMatch(/incorrect hash/)
    expect(o.reason).not.toContain('wrong-salt')
    expect(provider.state()).toMatchObject({ status: 'paused', detail: o.reason })
    expect(states.at(-1)?.status).toBe('paused')
    expect(sim.messages).toHaveLength(0)
    // paused: nothing more goes out
    const before = sim.sim.requests.length
    expectKind(await provider.submit(sms()), 'not-sent')
    expect(sim.sim.requests).toHaveLength(before)
  })

  it('105: an unknown login, or an inactive account, pauses the profile', async () => {
    const sim = await startSim()
    const unknown = client(sim.url, { login: 'nobody' })
    expect(expectKind(await unknown.provider.submit(sms()), 'paused').code).toBe(105)
    expect(unknown.provider.state().status).toBe('paused')

    sim.setActive(LOGIN, false)
    const inactive = client(sim.url)
    const o = expectKind(await inactive.provider.submit(sms()), 'paused')
    expect(o.code).toBe(105)
    expect(o.reason).toMatch(/inactive or does not exist/)
    sim.setActive(LOGIN, true)
    inactive.provider.resume()
    expectKind(await inactive.provider.submit(sms()), 'accepted')
  })

  it('119: an exhausted balance pauses the profile and sends nothing', async () => {
    const sim = await startSim({ balance: 0.15, pricePerPart: 0.1 })
    const { provider } = client(sim.url)
    expectKind(await provider.submit(sms()), 'accepted')
    const o = expectKind(await provider.submit(sms()), 'paused')
    expect(o.code).toBe(119)
    expect(o.reason).toMatch(/top up/)
    expect(provider.state().status).toBe('paused')
    expect(sim.messages).toHaveLength(1)
    expect(sim.balanceOf(LOGIN)).toBe(0.05)
    sim.setBalance(LOGIN, 10)
    provider.resume()
    expectKind(await provider.submit(sms()), 'accepted')
  })

  it('114: an IP outside the whitelist pauses the profile', async () => {
    const sim = await startSim()
    sim.setWhitelisted(false)
    const { provider } = client(sim.url)
    const o = expectKind(await provider.submit(sms()), 'paused')
    expect(o.code).toBe(114)
    expect(o.reason).toMatch(/whitelist/)
    expect(provider.state().status).toBe('paused')
  })

  it.each([109, 112, 113])(
    '%i: retry later with the same txn_id, which then goes out once',
    async (code) => {
      const sim = await startSim()
      const { provider } = client(sim.url)
      sim.forceError(code)
      const m = sms()
      const o = expectKind(await provider.submit(m), 'retry')
      expect(o.reason).toContain(`OsonSMS ${code}`)
      expect(sim.messages).toHaveLength(0)
      expect(provider.state().status).toBe('ready')
      expectKind(await provider.submit(m), 'accepted')
      expect(sim.messages).toHaveLength(1)
      expect(sim.messages[0]?.txnId).toBe(m.idempotencyKey)
    },
  )

  it('108: the same txn_id twice is accepted and sent once', async () => {
    const sim = await startSim()
    const { provider } = client(sim.url)
    const m = sms()
    expectKind(await provider.submit(m), 'accepted')
    const again = expectKind(await provider.submit(m), 'accepted')
    // the documented 409 reply has no msg_id, so this copy cannot be polled — and says so
    expect(again.providerIds).toEqual([])
    expect(again.note).toMatchObject({
      reasonCode: 'osonsms:108:no-msg-id',
      reason: expect.stringMatching(/no delivery report can follow/),
    })
    expect(sim.messages).toHaveLength(1)
    expect(sim.sim.requests).toHaveLength(2)
  })

  it('108 with a msg_id in the reply: that id is kept for polling', async () => {
    const sim = await startSim({ duplicateCarriesMsgId: true })
    const { provider } = client(sim.url)
    const m = sms()
    const first = expectKind(await provider.submit(m), 'accepted')
    const again = expectKind(await provider.submit(m), 'accepted')
    expect(again.providerIds).toEqual(first.providerIds)
    expect(again.note ?? null).toBeNull()
    expect(sim.messages).toHaveLength(1)
  })

  it('status and balance with bad credentials pause the profile', async () => {
    const sim = await startSim()
    const { provider } = client(sim.url)
    const m = sms()
    const a = expectKind(await provider.submit(m), 'accepted')

    const bad = client(sim.url, { secret: 'nope' })
    const receipts = await bad.provider.pollStatus([
      { ...m, providerIds: a.providerIds },
      { ...m, providerIds: a.providerIds },
    ])
    expect(receipts).toEqual([])
    expect(bad.provider.state()).toMatchObject({ status: 'paused' })
    expect(bad.provider.state().detail).toMatch(/incorrect hash/)
    expect(sim.sim.requests.filter((r) => r.path === '/query_sm.php')).toHaveLength(1)

    const err = await bad.provider.balance().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OsonSmsError)
    expect(err).toMatchObject({ code: 106, httpStatus: 422, action: 'paused' })

    sim.setWhitelisted(false)
    const blocked = client(sim.url)
    const e2 = await blocked.provider.balance().catch((e: unknown) => e)
    expect(e2).toMatchObject({ code: 114, action: 'paused' })
    expect(blocked.provider.state().status).toBe('paused')
  })
})

describe('OsonSMS transport trouble', () => {
  it('a timed-out send is a retry; the resend with the same txn_id is not sent twice', async () => {
    const sim = await startSim()
    const { provider, states } = client(sim.url, { timeoutMs: 400 })
    sim.sim.fault({ kind: 'slow', ms: 1500, path: '/sendsms_v1.php' })
    const m = sms()
    const o = expectKind(await provider.submit(m), 'retry')
    expect(o.reason).toMatch(/OsonSMS send: no answer in time/)
    expect(states.some((s) => s.status === 'reconnecting')).toBe(true)
    await waitFor(() => sim.messages.length === 1, 'the slow send to be processed')
    await waitFor(() => provider.state().status === 'ready', 'the back-off to end')
    const again = expectKind(await provider.submit(m), 'accepted')
    expect(again.providerIds).toEqual([])
    expect(sim.messages).toHaveLength(1)
    expect(sim.messages[0]?.txnId).toBe(m.idempotencyKey)
  })

  it('a connection reset after processing is a retry, and the resend sends nothing new', async () => {
    const sim = await startSim()
    const { provider } = client(sim.url)
    sim.sim.fault({ kind: 'reset', handled: true })
    const m = sms()
    expectKind(await provider.submit(m), 'retry')
    await waitFor(() => provider.state().status === 'ready', 'the back-off to end')
    expectKind(await provider.submit(m), 'accepted')
    expect(sim.messages).toHaveLength(1)
  })

  it('connection refused: not-sent and reconnecting', async () => {
    const { provider } = client(await closedPortUrl())
    const o = expectKind(await provider.submit(sms()), 'not-sent')
    expect(o.reason).toMatch(/OsonSMS send: the provider could not be reached/)
    expect(provider.state().status).toBe('reconnecting')
  })

  it('an HTML error page is a typed malformed reply (retry with the key), never a crash', async () => {
    const sim = await startSim()
    const { provider } = client(sim.url)
    sim.sim.fault({
      kind: 'malformed',
      body: `<html><body><h1>502 Bad Gateway</h1><!-- ${SALT} --></body></html>`,
      contentType: 'text/html',
    })
    const m = sms()
    const o = expectKind(await provider.submit(m), 'retry')
    expect(o.reason).toMatch(/OsonSMS send: the provider sent an answer that could not be read/)
    expect(o.reason).toContain('502 Bad Gateway')
    expect(o.reason).not.toContain(SALT)
    // the garbled answer hid a processed send: the resend is deduped
    expectKind(await provider.submit(m), 'accepted')
    expect(sim.messages).toHaveLength(1)
  })

  it('truncated JSON, a 5xx page and a reply without msg_id are malformed', async () => {
    const sim = await startSim()
    const { provider } = client(sim.url)
    sim.sim.fault({ kind: 'malformed', body: '{"status":"ok","msg_id":12' })
    expect(expectKind(await provider.submit(sms()), 'retry').reason).toMatch(/expected JSON/)
    sim.sim.fault({ kind: 'status', status: 503, body: 'Service Unavailable' })
    expect(expectKind(await provider.submit(sms()), 'retry').reason).toMatch(/HTTP 503/)
    sim.sim.fault({ kind: 'malformed', body: '{"status":"ok"}' })
    expect(expectKind(await provider.submit(sms()), 'retry').reason).toMatch(/msg_id/)
    sim.sim.fault({ kind: 'malformed', body: '[]' })
    expectKind(await provider.submit(sms()), 'retry')
    expect(provider.state().status).toBe('ready')
  })

  it('a JSON reply with the wrong content type is still read', async () => {
    const sim = await startSim()
    const { provider } = client(sim.url)
    sim.sim.fault({
      kind: 'malformed',
      body: '{"status":"ok","txn_id":"t","msg_id":555,"smsc_msg_parts":1,"timestamp":"x"}',
      contentType: 'text/html; charset=UTF-8',
    })
    // the txn_id in that canned body is not ours: refused as someone else's reply
    expect(expectKind(await provider.submit(sms()), 'retry').reason).toMatch(/not ours/)
    const m = sms({ idempotencyKey: 'fixed-key' })
    sim.sim.fault({
      kind: 'malformed',
      body: '{"status":"ok","txn_id":"fixed-key","msg_id":555,"smsc_msg_parts":1}',
      contentType: 'text/html',
    })
    expect(expectKind(await provider.submit(m), 'accepted').providerIds).toEqual(['555'])
  })

  it('garbled status and balance replies throw typed errors', async () => {
    const sim = await startSim()
    const { provider } = client(sim.url)
    sim.sim.fault({ kind: 'malformed', body: '<html>oops</html>', path: '/query_sm.php' })
    const e1 = await provider
      .pollStatus([{ id: 1, idempotencyKey: 'k', numericKey: 1, providerIds: ['1'], phone: '' }])
      .catch((e: unknown) => e)
    expect(e1).toBeInstanceOf(ProviderHttpError)
    expect(e1).toMatchObject({ failure: 'malformed', call: 'status' })
    sim.sim.fault({ kind: 'malformed', body: '{"timestamp":"x"}', path: '/query_sm.php' })
    const e2 = await provider
      .pollStatus([{ id: 1, idempotencyKey: 'k', numericKey: 1, providerIds: ['1'], phone: '' }])
      .catch((e: unknown) => e)
    expect(e2).toMatchObject({ failure: 'malformed' })
    sim.sim.fault({ kind: 'malformed', body: '{"balance":"much"}', path: '/check_balance.php' })
    const e3 = await provider.balance().catch((e: unknown) => e)
    expect(e3).toBeInstanceOf(ProviderHttpError)
    expect((e3 as Error).message).toMatch(/OsonSMS balance: .*expected \{balance, timestamp\}/)
  })
})

describe('OsonSMS simulator, raw requests', () => {
  const get = async (url: string) => {
    const res = await fetch(url)
    return {
      status: res.status,
      body: (await res.json()) as { error?: { code: number; msg: string } },
    }
  }

  it('answers missing fields, unknown login and bad hash as documented', async () => {
    const sim = await startSim()
    const status = await get(`${sim.url}/query_sm.php?login=${LOGIN}&str_hash=x`)
    expect(status).toMatchObject({
      status: 422,
      body: {
        error: {
          code: 100,
          msg: 'One of the mandatory variables (login,str_hash,msg_id) not set.',
        },
      },
    })
    const balance = await get(`${sim.url}/check_balance.php?login=${LOGIN}&str_hash=x`)
    expect(balance).toMatchObject({
      status: 422,
      body: {
        error: {
          code: 100,
          msg: 'One of the mandatory variables (login,str_hash,txn_id) not set.',
        },
      },
    })
    const unknown = await get(`${sim.url}/check_balance.php?login=ghost&str_hash=x&txn_id=1`)
    expect(unknown).toMatchObject({ status: 401, body: { error: { code: 105 } } })
    const hash = await get(`${sim.url}/check_balance.php?login=${LOGIN}&str_hash=x&txn_id=1`)
    expect(hash).toMatchObject({
      status: 422,
      body: { error: { code: 106, msg: 'Incorrect hash' } },
    })
    expect(JSON.stringify(hash.body)).toMatch(/"timestamp":"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"/)
  })
})
