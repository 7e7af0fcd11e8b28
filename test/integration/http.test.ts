// The HTTP plumbing every provider shares, against a real local server.
import { createServer as createHttpServer, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { httpRequest, parseJsonReply, ProviderHttpError } from '../../src/main/core/providers/http'
import { HttpProvider } from '../../src/main/core/providers/http-provider'
import type {
  OutgoingSms,
  ProviderCapabilities,
  SubmitOutcome,
} from '../../src/main/core/providers/types'
import { HttpSimulator, json } from '../../src/main/core/sandbox/http-sim'

const sims: HttpSimulator[] = []
afterEach(async () => {
  for (const s of sims.splice(0)) await s.stop()
})

async function sim(
  handler: ConstructorParameters<typeof HttpSimulator>[0],
): Promise<HttpSimulator> {
  const s = new HttpSimulator(handler)
  await s.start()
  sims.push(s)
  return s
}

const call = (url: string, extra: Partial<Parameters<typeof httpRequest>[0]> = {}) =>
  httpRequest({
    provider: 'Acme',
    call: 'send',
    method: 'POST',
    url,
    form: { login: 'agent', psw: 'S3cret!' },
    timeoutMs: 2000,
    secrets: ['S3cret!'],
    ...extra,
  })

describe('httpRequest', () => {
  it('decodes a windows-1251 answer by its content type', async () => {
    const s = await sim(() => ({
      status: 200,
      body: Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]),
      contentType: 'text/plain; charset=windows-1251',
    }))
    expect((await call(s.url)).text).toBe('Привет')
  })

  it('sends the form and reads JSON', async () => {
    const s = await sim((req) => json(200, { got: req.params.get('login') }))
    const reply = await call(`${s.url}/send.php`)
    expect(parseJsonReply({ provider: 'Acme', call: 'send' }, reply)).toEqual({ got: 'agent' })
  })

  it('an HTML error page is a malformed answer naming the provider, the call and what came back', async () => {
    const s = await sim(() => ({
      status: 502,
      body: '<html><body>Bad Gateway S3cret!</body></html>',
      contentType: 'text/html',
    }))
    const reply = await call(s.url)
    let error: unknown
    try {
      parseJsonReply({ provider: 'Acme', call: 'send', secrets: ['S3cret!'] }, reply)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ProviderHttpError)
    const e = error as ProviderHttpError
    expect(e.failure).toBe('malformed')
    expect(e.message).toMatch(/^Acme send: .*HTTP 502 text\/html: <html><body>Bad Gateway \*\*\*/)
    expect(e.message).not.toContain('S3cret!')
  })

  it('truncated JSON is malformed too, and the password never shows', async () => {
    // A server that echoes the form it was sent, its answer cut short.
    const s = await sim((req) => ({
      status: 200,
      body: `{"login": "${req.params.get('login')}", "psw": "${req.params.get('psw')}", "cnt"`,
      contentType: 'application/json',
    }))
    const reply = await call(s.url)
    expect(reply).toMatchObject({ status: 200, text: expect.stringContaining('"psw": "S3cret!"') })
    let error: unknown
    try {
      parseJsonReply({ provider: 'Acme', call: 'send', secrets: ['S3cret!'] }, reply)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ProviderHttpError)
    const e = error as ProviderHttpError
    expect(e.failure).toBe('malformed')
    expect(e.message).toMatch(/^Acme send: .*expected JSON.*"psw": "\*\*\*", "cnt"/)
    expect(e.message).not.toContain('S3cret!')
  })

  it('no answer in time is a timeout: the request may have been processed', async () => {
    const s = await sim(() => json(200, {}))
    s.fault({ kind: 'slow', ms: 1500 })
    const err = await call(s.url, { timeoutMs: 200 }).catch((e: unknown) => e)
    expect(err).toMatchObject({ failure: 'timeout', maybeDelivered: true })
    expect(s.requests).toHaveLength(1)
  })

  it('a refused connection is unreachable: nothing reached the provider', async () => {
    const port = await freePort()
    const err = await call(`http://127.0.0.1:${port}/`).catch((e: unknown) => e)
    expect(err).toMatchObject({ failure: 'unreachable', maybeDelivered: false })
    expect((err as Error).message).toMatch(/^Acme send: the provider could not be reached/)
  })

  it('a redirect is not followed (the credentials would go along): the answer is malformed', async () => {
    let requests = 0
    const url = await rawServer((_req, res) => {
      requests++
      res.writeHead(302, { Location: 'http://example.invalid/steal' }).end()
    })
    const err = await call(url).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ProviderHttpError)
    expect(err).toMatchObject({ failure: 'malformed', status: 302, maybeDelivered: true })
    expect((err as Error).message).toMatch(
      /HTTP 302: redirected to http:\/\/example\.invalid\/steal/,
    )
    expect(requests).toBe(1)
  })

  it('an answer cut short is a reset: maybe delivered', async () => {
    const url = await rawServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' })
      res.write('{"status":')
      // The connection drops before the promised hundred bytes.
      setImmediate(() => res.socket?.destroy())
    })
    const err = await call(url).catch((e: unknown) => e)
    expect(err).toMatchObject({ failure: 'reset', maybeDelivered: true })
    expect((err as Error).message).not.toContain('S3cret!')
  })

  it('a connection reset after processing is a reset: maybe delivered', async () => {
    const s = await sim(() => json(200, {}))
    s.fault({ kind: 'reset', handled: true })
    const err = await call(s.url).catch((e: unknown) => e)
    expect(err).toMatchObject({ failure: 'reset', maybeDelivered: true })
    expect((err as Error).message).not.toContain('S3cret!')
  })
})

/** A plain node:http server for answers the simulator does not give; closed after the test. */
async function rawServer(handler: RequestListener): Promise<string> {
  const server = createHttpServer(handler)
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  closers.push(
    () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  )
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
}
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

class Echo extends HttpProvider {
  readonly capabilities: ProviderCapabilities = {
    batchSize: 1,
    receipts: 'poll',
    idempotencyKey: true,
    balance: false,
    hlr: false,
    dedicatedNumbers: false,
    inbound: 'none',
    channels: ['sms'],
    verifyByCall: false,
    exportJobs: false,
  }
  protected readonly providerName = 'Echo'
  protected secrets(): readonly string[] {
    return []
  }
  protected async sendRequest(batch: readonly OutgoingSms[]): Promise<SubmitOutcome[]> {
    const reply = await httpRequest({
      provider: 'Echo',
      call: 'send',
      method: 'GET',
      url: this.endpoint('send'),
      timeoutMs: this.timeoutMs,
    })
    parseJsonReply({ provider: 'Echo', call: 'send' }, reply)
    return batch.map((m) => ({ kind: 'accepted', providerIds: [String(m.id)], parts: 1 }))
  }
}

const sms = (i: number): OutgoingSms => ({
  id: i,
  idempotencyKey: `k${i}`,
  numericKey: i,
  sender: 'A',
  phone: '77011234567',
  text: 'x',
  wantReceipt: true,
})

describe('HttpProvider', () => {
  it('spaces requests at the profile rate', async () => {
    const s = await sim(() => json(200, {}))
    const p = new Echo({ profileId: 'echo', baseUrl: s.url, requestsPerSecond: 10 })
    p.start()
    // The first request takes the slot: the next one has to wait, and the connection says when.
    expect(p.capacity()).toBe(1)
    const capacity = new Promise<void>((resolve) => p.on('capacity', resolve))
    const asked = Date.now()
    const sent = Promise.all([1, 2, 3, 4].map((i) => p.submit(sms(i))))
    expect(p.capacity()).toBe(0)
    await capacity
    await sent
    expect(s.requests).toHaveLength(4)
    // 10 a second: the nth request goes no sooner than its slot, n × 100 ms after they were
    // asked for. A busy machine only makes a request later; the bound spares timer rounding.
    const after = s.requests.map((r) => r.at - asked)
    after.forEach((ms, n) => expect(ms).toBeGreaterThanOrEqual(n * 100 - 50))
  })

  it('after a timeout a provider with a key says retry; an unreachable one backs off', async () => {
    const s = await sim(() => json(200, {}))
    const p = new Echo({ profileId: 'echo', baseUrl: s.url, timeoutMs: 200, retryInitialMs: 50 })
    p.start()
    s.fault({ kind: 'slow', ms: 1000 })
    const ready = new Promise<void>((resolve) =>
      p.on('state', (state) => {
        if (state.status === 'ready') resolve()
      }),
    )
    expect((await p.submit(sms(1))).kind).toBe('retry')
    expect(p.state().status).toBe('reconnecting')
    await s.stop()
    // After its pause the provider is tried again: now unreachable, so nothing is sent.
    await ready
    expect((await p.submit(sms(2))).kind).toBe('not-sent')
    expect(p.state().status).toBe('reconnecting')
    expect((await p.submit(sms(3))).kind).toBe('not-sent')
  })
})

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port
      srv.close(() => resolve(port))
    })
  })
}
