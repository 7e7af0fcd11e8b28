// GetsmsProvider against the GETSMS simulator over real HTTP on 127.0.0.1: sends, batches,
// per-item and whole-request errors, status polling per request id, and the transport failures.
// Timeouts are shortened through options; no assertion depends on a duration.
import { afterEach, describe, expect, it } from 'vitest'
import {
  GetsmsApiError,
  GetsmsProvider,
  sendOutcomes,
  type GetsmsProviderOptions,
} from '../../src/main/core/providers/getsms/provider'
import { httpRequest } from '../../src/main/core/providers/http'
import type {
  DeliveryReceipt,
  OutgoingSms,
  StatusQuery,
  SubmitOutcome,
} from '../../src/main/core/providers/types'
import {
  GetsmsSimulator,
  type GetsmsSimulatorOptions,
} from '../../src/main/core/providers/getsms/sim'
import { waitFor } from '../helpers/wait'

const LOGIN = 'agent'
const PASSWORD = 'gs-s3cret'
const cleanups: Array<() => Promise<void> | void> = []

afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function startSim(opts: GetsmsSimulatorOptions = {}): Promise<GetsmsSimulator> {
  const sim = new GetsmsSimulator({
    login: LOGIN,
    password: PASSWORD,
    nicknames: ['SHOP', 'Promo'],
    sentAfterMs: 20,
    finalAfterMs: 60,
    ...opts,
  })
  await sim.start()
  cleanups.push(() => sim.stop())
  return sim
}

function provider(url: string, opts: Partial<GetsmsProviderOptions> = {}): GetsmsProvider {
  const p = new GetsmsProvider({
    profileId: 'gs',
    baseUrl: url,
    timeoutMs: 2_000,
    retryInitialMs: 20,
    retryMaxMs: 50,
    login: LOGIN,
    nickname: 'SHOP',
    shortNumber: '3700',
    secret: PASSWORD,
    ...opts,
  })
  p.start()
  cleanups.push(() => p.stop())
  return p
}

let seq = 0
function sms(phone: string, extra: Partial<OutgoingSms> = {}): OutgoingSms {
  seq++
  return {
    id: seq,
    idempotencyKey: `k-${seq}`,
    numericKey: seq,
    sender: '',
    phone,
    text: `Message ${seq}`,
    wantReceipt: true,
    ...extra,
  }
}

const phone = (n: number): string => `99890${String(n).padStart(7, '0')}`

function query(m: OutgoingSms, o: SubmitOutcome): StatusQuery {
  if (o.kind !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(o)}`)
  return {
    id: m.id,
    idempotencyKey: m.idempotencyKey,
    numericKey: m.numericKey,
    providerIds: o.providerIds,
    phone: m.phone,
  }
}

/** Polls until every query has a final receipt; returns the last receipt per provider id. */
async function pollFinal(
  p: GetsmsProvider,
  queries: StatusQuery[],
): Promise<Map<string, DeliveryReceipt>> {
  const last = new Map<string, DeliveryReceipt>()
  const isFinal = (r: DeliveryReceipt | undefined) =>
    r !== undefined && ['delivered', 'failed', 'expired'].includes(r.outcome)
  for (let i = 0; i < 500; i++) {
    for (const r of await p.pollStatus(queries)) last.set(r.providerId, r)
    if (queries.every((q) => isFinal(last.get(q.providerIds[0] ?? '')))) return last
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error('messages never reached a final state')
}

describe('GETSMS send and status', () => {
  it('sends one, gets request:message ids, polls until delivered', async () => {
    const sim = await startSim()
    const p = provider(sim.url)
    const m = sms(phone(1234567))
    const o = await p.submit(m)
    expect(o).toEqual({
      kind: 'accepted',
      providerIds: [`${sim.messages[0]?.requestId}:${sim.messages[0]?.messageId}`],
      parts: 1,
    })
    expect(sim.messages).toHaveLength(1)
    expect(sim.messages[0]).toMatchObject({ phone: m.phone, text: m.text, nickname: 'SHOP' })
    const form = sim.sendRequests[0]?.params
    expect(form?.get('login')).toBe(LOGIN)
    expect(form?.get('password')).toBe(PASSWORD)
    expect(JSON.parse(form?.get('data') ?? '')).toEqual([{ phone: m.phone, text: m.text }])

    const receipts = await pollFinal(p, [query(m, o)])
    const r = receipts.get(o.kind === 'accepted' ? (o.providerIds[0] ?? '') : '')
    expect(r).toMatchObject({ outcome: 'delivered', stat: 'delivered', err: null })
    const asked = JSON.parse(sim.statusRequests[0]?.params.get('data') ?? '') as unknown
    expect(asked).toEqual([{ request_id: String(sim.messages[0]?.requestId) }])
  })

  it('reports in-progress states before the final one', async () => {
    const sim = await startSim({ sentAfterMs: 60_000, finalAfterMs: 120_000 })
    const p = provider(sim.url)
    const m = sms(phone(2000001))
    const o = await p.submit(m)
    const [r] = await p.pollStatus([query(m, o)])
    expect(r).toMatchObject({ outcome: 'accepted', stat: 'pending' })
  })

  it('undelivered and expired numbers end failed / expired with a reason', async () => {
    const sim = await startSim()
    const p = provider(sim.url)
    const batch = [sms('998901234500'), sms('998901234599'), sms('998901234598')]
    const out = await p.submitBatch(batch)
    const queries = batch.map((m, i) => query(m, out[i]!))
    const last = await pollFinal(p, queries)
    const got = queries.map((q) => last.get(q.providerIds[0] ?? ''))
    expect(got.map((r) => r?.outcome)).toEqual(['failed', 'expired', 'failed'])
    expect(got[0]?.reason).toContain('undelivered')
    expect(got[1]?.stat).toBe('expired')
    expect(got[2]?.stat).toBe('rejected')
    // One request, so one status call per poll.
    expect(new Set(sim.messages.map((m) => m.requestId)).size).toBe(1)
  })

  it('250 messages go as 3 requests (100/100/50); status is asked once per request id', async () => {
    const sim = await startSim()
    const p = provider(sim.url)
    const batch = Array.from({ length: 250 }, (_, i) => sms(phone(3_000_000 + i)))
    const out = await p.submitBatch(batch)
    expect(out.map((o) => o.kind)).toEqual(batch.map(() => 'accepted'))
    const sizes = sim.sendRequests.map(
      (r) => (JSON.parse(r.params.get('data') ?? '[]') as []).length,
    )
    expect(sizes).toEqual([100, 100, 50])
    expect(sim.messages).toHaveLength(250)
    const requestIds = new Set(sim.messages.map((m) => m.requestId))
    expect(requestIds.size).toBe(3)
    // Outcomes in order: each names its own message.
    out.forEach((o, i) => {
      const m = sim.messages[i]!
      expect(o).toMatchObject({ providerIds: [`${m.requestId}:${m.messageId}`] })
      expect(m.phone).toBe(batch[i]?.phone)
    })

    const queries = batch.map((m, i) => query(m, out[i]!))
    const before = sim.statusRequests.length
    const receipts = await p.pollStatus(queries)
    expect(sim.statusRequests.length - before).toBe(3)
    expect(receipts).toHaveLength(250)
    expect(new Set(receipts.map((r) => r.providerId))).toEqual(
      new Set(queries.map((q) => q.providerIds[0])),
    )
  })

  it('two bad numbers among good ones: those rejected with a reason, the rest accepted', async () => {
    const sim = await startSim()
    const p = provider(sim.url)
    const batch = [
      sms(phone(4000001)),
      sms('99890123'),
      sms(phone(4000002)),
      sms('+7 912 345 67 89'),
      sms('+998 (90) 400-00-03'),
    ]
    const out = await p.submitBatch(batch)
    expect(out.map((o) => o.kind)).toEqual([
      'accepted',
      'rejected',
      'accepted',
      'rejected',
      'accepted',
    ])
    expect(out[1]).toMatchObject({ code: 300 })
    expect(out[1]?.kind === 'rejected' && out[1].reason).toContain('99890123')
    expect(out[3]?.kind === 'rejected' && out[3].reason).toMatch(/not an Uzbek mobile number/)
    // The bad ones never went out; the good ones did, in one request.
    expect(sim.messages.map((m) => m.phone)).toEqual([
      phone(4000001),
      phone(4000002),
      '998904000003',
    ])
    expect(sim.sendRequests).toHaveLength(1)
  })

  it('a number GETSMS itself refuses (300) is rejected while the rest is accepted', async () => {
    const sim = await startSim({ notPhones: ['998111111111'] })
    const p = provider(sim.url)
    const out = await p.submitBatch([sms(phone(5000001)), sms('998111111111'), sms(phone(5000002))])
    expect(out.map((o) => o.kind)).toEqual(['accepted', 'rejected', 'accepted'])
    expect(out[1]).toMatchObject({ kind: 'rejected', code: 300 })
    expect(out[1]?.kind === 'rejected' && out[1].reason).toContain('not a phone number')
    expect(sim.messages).toHaveLength(2)
    expect(p.state().status).toBe('ready')
  })

  it('messages with different senders go as separate requests, each with its nickname', async () => {
    const sim = await startSim()
    const p = provider(sim.url)
    const out = await p.submitBatch([
      sms(phone(6000001)),
      sms(phone(6000002), { sender: 'Promo' }),
      sms(phone(6000003), { sender: '3700' }),
      sms(phone(6000004)),
    ])
    expect(out.map((o) => o.kind)).toEqual(['accepted', 'accepted', 'accepted', 'accepted'])
    expect(sim.messages.map((m) => [m.phone, m.nickname])).toEqual([
      [phone(6000001), 'SHOP'],
      [phone(6000004), 'SHOP'],
      [phone(6000002), 'Promo'],
      [phone(6000003), null],
    ])
    expect(sim.sendRequests.map((r) => r.params.get('nickname'))).toEqual(['SHOP', 'Promo', null])
  })
})

describe('GETSMS errors', () => {
  it('wrong password (101) pauses the profile; nothing more goes out', async () => {
    const sim = await startSim()
    const p = provider(sim.url, { secret: 'wrong-password' })
    const out = await p.submitBatch([sms(phone(7000001)), sms(phone(7000002))])
    expect(out.map((o) => o.kind)).toEqual(['paused', 'paused'])
    expect(out[0]).toMatchObject({ code: 101 })
    expect(out[0]?.kind === 'paused' && out[0].reason).toMatch(/login or password/)
    expect(p.state()).toMatchObject({ status: 'paused' })
    expect(p.state().detail).not.toContain('wrong-password')
    const again = await p.submit(sms(phone(7000003)))
    expect(again.kind).toBe('not-sent')
    expect(sim.sendRequests).toHaveLength(1)
    expect(sim.messages).toHaveLength(0)
  })

  it('blocked account (102) pauses; resume after unblocking sends', async () => {
    const sim = await startSim({ blocked: true })
    const p = provider(sim.url)
    const o = await p.submit(sms(phone(7100001)))
    expect(o).toMatchObject({ kind: 'paused', code: 102 })
    expect(o.kind === 'paused' && o.reason).toMatch(/blocked/)
    expect(p.state().status).toBe('paused')
    sim.setBlocked(false)
    p.resume()
    expect((await p.submit(sms(phone(7100002)))).kind).toBe('accepted')
  })

  it('limit over (103) pauses the profile and sends nothing of the request', async () => {
    const sim = await startSim({ limit: 2 })
    const p = provider(sim.url)
    const out = await p.submitBatch([sms(phone(7200001)), sms(phone(7200002)), sms(phone(7200003))])
    expect(out.map((o) => o.kind)).toEqual(['paused', 'paused', 'paused'])
    expect(out[0]).toMatchObject({ code: 103 })
    expect(out[0]?.kind === 'paused' && out[0].reason).toMatch(/limit/)
    expect(sim.messages).toHaveLength(0)
    expect(p.state().status).toBe('paused')
  })

  it("an unregistered sender of the message's own (203) rejects only those messages", async () => {
    const sim = await startSim()
    const p = provider(sim.url)
    const out = await p.submitBatch([
      sms(phone(7300001), { sender: 'Unknown' }),
      sms(phone(7300002)),
    ])
    expect(out[0]).toMatchObject({ kind: 'rejected', code: 203 })
    expect(out[0]?.kind === 'rejected' && out[0].reason).toContain('"Unknown"')
    expect(out[1]?.kind).toBe('accepted')
    expect(p.state().status).toBe('ready')
  })

  it("the profile's own unregistered nickname (203) pauses the profile", async () => {
    const sim = await startSim()
    const p = provider(sim.url, { nickname: 'NOTREG' })
    const o = await p.submit(sms(phone(7400001)))
    expect(o).toMatchObject({ kind: 'paused', code: 203 })
    expect(p.state().status).toBe('paused')
    expect(sim.messages).toHaveLength(0)
  })

  it('an account without sender names (202): own sender rejected, profile default pauses', async () => {
    const sim = await startSim({ nicknames: [] })
    const p = provider(sim.url, { nickname: null })
    const own = await p.submit(sms(phone(7500001), { sender: 'Promo' }))
    expect(own).toMatchObject({ kind: 'rejected', code: 202 })
    // From the short number (no nickname), it goes.
    expect((await p.submit(sms(phone(7500002)))).kind).toBe('accepted')
    const q = provider(sim.url, { nickname: 'SHOP' })
    expect(await q.submit(sms(phone(7500003)))).toMatchObject({ kind: 'paused', code: 202 })
    expect(q.state().status).toBe('paused')
  })

  it('a profile without password pauses before any request', async () => {
    const sim = await startSim()
    const p = provider(sim.url, { secret: '' })
    expect(await p.submit(sms(phone(7600001)))).toMatchObject({ kind: 'paused', code: 100 })
    expect(p.state().status).toBe('paused')
    expect(sim.sim.requests).toHaveLength(0)
  })

  it('the simulator answers 100, 200 and 201 as documented; the client maps them', async () => {
    const sim = await startSim()
    const post = (form: Record<string, string>) =>
      httpRequest({
        provider: 'GETSMS',
        call: 'send',
        method: 'POST',
        url: `${sim.url}/smsgateway/`,
        form,
        timeoutMs: 2_000,
      })
    const sent = [{ phone: phone(7700001), text: 'x' }]
    const nick = { nickname: null, fromMessage: false }
    const cases: Array<[Record<string, string>, number, 'rejected' | 'paused']> = [
      [{ login: LOGIN, data: '[]' }, 100, 'rejected'],
      [{ login: LOGIN, password: PASSWORD, data: '[{"phone":' }, 200, 'rejected'],
      [{ login: LOGIN, password: PASSWORD, data: '{"phone":"998900000001"}' }, 201, 'rejected'],
      [{ login: LOGIN, password: PASSWORD, data: '[{"phone":"998900000001"}]' }, 201, 'rejected'],
      [
        {
          login: LOGIN,
          password: PASSWORD,
          data: JSON.stringify(Array.from({ length: 101 }, () => sent[0])),
        },
        201,
        'rejected',
      ],
    ]
    for (const [form, code, kind] of cases) {
      const [o] = sendOutcomes(await post(form), sent, nick)
      expect(o, JSON.stringify(form).slice(0, 80)).toMatchObject({ kind, code })
    }
    expect(sim.messages).toHaveLength(0)
  })

  it('status for a request id GETSMS does not know (400) gives an unknown receipt', async () => {
    const sim = await startSim()
    const p = provider(sim.url)
    const [r] = await p.pollStatus([
      { id: 1, idempotencyKey: 'k', numericKey: 1, providerIds: ['1:2'], phone: phone(1) },
    ])
    expect(r).toMatchObject({ providerId: '1:2', outcome: 'unknown', err: '400' })
    expect(r?.reason).toContain('request id')
    expect(p.state().status).toBe('ready')
  })

  it('status with a wrong password throws a typed error and pauses', async () => {
    const sim = await startSim()
    const good = provider(sim.url)
    const m = sms(phone(7800001))
    const o = await good.submit(m)
    const bad = provider(sim.url, { secret: 'nope-nope' })
    const err = await bad.pollStatus([query(m, o)]).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(GetsmsApiError)
    expect((err as GetsmsApiError).code).toBe(101)
    expect(bad.state().status).toBe('paused')
  })

  it('status asks one request id per call, as the simulator insists', async () => {
    const sim = await startSim()
    const r = await httpRequest({
      provider: 'GETSMS',
      call: 'status',
      method: 'POST',
      url: `${sim.url}/smsgateway/status/`,
      form: {
        login: LOGIN,
        password: PASSWORD,
        data: '[{"request_id":"1"},{"request_id":"2"}]',
      },
      timeoutMs: 2_000,
    })
    expect(JSON.parse(r.text)).toEqual([
      { error: 1, error_text: 'Array is invalid', error_no: 201 },
    ])
  })
})

describe('GETSMS transport failures', () => {
  it('a timeout makes every message of the batch unknown — and they did arrive', async () => {
    const sim = await startSim()
    const p = provider(sim.url, { timeoutMs: 400 })
    sim.sim.fault({ kind: 'slow', ms: 1500, path: '/smsgateway/' })
    const batch = [sms(phone(8000001)), sms(phone(8000002)), sms(phone(8000003))]
    const out = await p.submitBatch(batch)
    expect(out.map((o) => o.kind)).toEqual(['unknown', 'unknown', 'unknown'])
    expect(out[0]?.kind === 'unknown' && out[0].reason).toMatch(/no answer in time/)
    expect(out[0]?.kind === 'unknown' && out[0].reason).not.toContain(PASSWORD)
    // The provider processed the request although its answer was lost.
    expect(sim.messages.map((m) => m.phone)).toEqual(batch.map((m) => m.phone))

    // Why the client must not resend: GETSMS has no key, so the same messages go out twice.
    await waitFor(() => p.state().status === 'ready', 'ready again after back-off')
    const again = await p.submitBatch(batch)
    expect(again.map((o) => o.kind)).toEqual(['accepted', 'accepted', 'accepted'])
    expect(sim.messages).toHaveLength(6)
    expect(sim.messages.filter((m) => m.phone === batch[0]?.phone)).toHaveLength(2)
  })

  it('a timeout on the first request of 150: its 100 unknown, the other 50 never sent', async () => {
    const sim = await startSim()
    const p = provider(sim.url, { timeoutMs: 400 })
    sim.sim.fault({ kind: 'slow', ms: 1500, path: '/smsgateway/' })
    const batch = Array.from({ length: 150 }, (_, i) => sms(phone(8100000 + i)))
    const out = await p.submitBatch(batch)
    // The later request of the same batch never went: safe to send again.
    expect(out.map((o) => o.kind)).toEqual([
      ...Array<string>(100).fill('unknown'),
      ...Array<string>(50).fill('not-sent'),
    ])
    expect(sim.sendRequests).toHaveLength(1)
    await waitFor(() => sim.messages.length === 100, 'the slow request processed')
    expect(sim.messages.map((m) => m.phone)).toEqual(batch.slice(0, 100).map((m) => m.phone))
  })

  it('connection refused: not-sent and reconnecting', async () => {
    const sim = await startSim()
    const url = sim.url
    await sim.stop()
    const p = provider(url)
    const out = await p.submitBatch([sms(phone(8300001)), sms(phone(8300002))])
    expect(out.map((o) => o.kind)).toEqual(['not-sent', 'not-sent'])
    expect(p.state().status).toBe('reconnecting')
    expect(p.state().retryAt).not.toBeNull()
  })

  it('a reset after processing: unknown', async () => {
    const sim = await startSim()
    const p = provider(sim.url)
    sim.sim.fault({ kind: 'reset', handled: true })
    const o = await p.submit(sms(phone(8400001)))
    expect(o.kind).toBe('unknown')
    expect(sim.messages).toHaveLength(1)
  })

  it('an HTML error page with 5xx: unknown, quoting what came', async () => {
    const sim = await startSim()
    const p = provider(sim.url)
    sim.sim.fault({
      kind: 'status',
      status: 502,
      body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    })
    const o = await p.submit(sms(phone(8500001)))
    expect(o.kind).toBe('unknown')
    expect(o.kind === 'unknown' && o.reason).toContain('502 Bad Gateway')
    expect(o.kind === 'unknown' && o.reason).toContain('GETSMS send')
    expect(p.state().status).toBe('ready')
  })

  it('an empty 500: unknown', async () => {
    const sim = await startSim()
    const p = provider(sim.url)
    sim.sim.fault({ kind: 'status', status: 500, body: '' })
    const o = await p.submit(sms(phone(8500002)))
    expect(o.kind).toBe('unknown')
    expect(o.kind === 'unknown' && o.reason).toContain('(empty body)')
  })

  it('truncated JSON after processing: unknown, and the message did arrive', async () => {
    const sim = await startSim()
    const p = provider(sim.url)
    sim.sim.fault({ kind: 'malformed', body: '[{"recipient":998906000001,"text":"Mes' })
    const o = await p.submit(sms(phone(8600001)))
    expect(o.kind).toBe('unknown')
    expect(o.kind === 'unknown' && o.reason).toMatch(/could not be read/)
    expect(sim.messages).toHaveLength(1)
  })

  it('JSON under a wrong content type is still read', async () => {
    const sim = await startSim()
    const p = provider(sim.url)
    const m = sms(phone(8700001))
    sim.sim.fault({
      kind: 'malformed',
      contentType: 'text/html; charset=UTF-8',
      body: JSON.stringify([
        { recipient: Number(m.phone), text: m.text, message_id: 11, request_id: 22 },
      ]),
    })
    expect(await p.submit(m)).toEqual({ kind: 'accepted', providerIds: ['22:11'], parts: 1 })
  })

  it('a garbled status answer is a malformed error, not a crash', async () => {
    const sim = await startSim()
    const p = provider(sim.url)
    const m = sms(phone(8800001))
    const o = await p.submit(m)
    sim.sim.fault({ kind: 'malformed', body: '<html>oops</html>', path: '/smsgateway/status/' })
    const err = await p.pollStatus([query(m, o)]).catch((e: unknown) => e)
    expect(err).toMatchObject({ name: 'ProviderHttpError', failure: 'malformed' })
    expect(String((err as Error).message)).toContain('oops')
    // The next poll works.
    expect(await p.pollStatus([query(m, o)])).toHaveLength(1)
  })
})
