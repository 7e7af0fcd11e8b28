// SMSC's number verification by call (wait_call.php) through SmscHttpProvider, against the SMSC
// HTTP simulator (and a server answering garbage) over real HTTP on 127.0.0.1: the request as the
// document has it, both shapes of all_phones, the server's fifty identical requests a minute and
// the client's own limit under it, a garbled reply, and the call coming back as `[waitcall]`.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { ProviderHttpError } from '../../src/main/core/providers/http'
import {
  SmscApiError,
  SmscHttpProvider,
  SmscRateLimitError,
} from '../../src/main/core/providers/smsc-http/provider'
import {
  SmscHttpSimulator,
  type SmscHttpSimulatorOptions,
} from '../../src/main/core/providers/smsc-http/sim'
import { WAIT_CALL_LIMIT } from '../../src/main/core/providers/smsc-http/wait-call'

const LOGIN = 'agent'
const PASSWORD = 'sim-s3cret-pw'
const CUSTOMER = '79161234567'
const cleanups: Array<() => Promise<void> | void> = []

afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function startSim(opts: SmscHttpSimulatorOptions = {}): Promise<SmscHttpSimulator> {
  const sim = new SmscHttpSimulator({ login: LOGIN, password: PASSWORD, ...opts })
  await sim.start()
  cleanups.push(() => sim.stop())
  return sim
}

function connect(baseUrl: string): SmscHttpProvider {
  const provider = new SmscHttpProvider({
    profileId: 'smsc-test',
    baseUrl,
    login: LOGIN,
    secret: PASSWORD,
    timeoutMs: 2_000,
    retryInitialMs: 20,
    retryMaxMs: 50,
    backupBaseUrl: null,
  })
  provider.start()
  cleanups.push(() => provider.stop())
  return provider
}

describe('SMSC HTTP: verification by call', () => {
  it('asks wait_call.php for the customer’s number and reads the number to call', async () => {
    const sim = await startSim()
    const provider = connect(sim.url)
    expect(provider.capabilities.verifyByCall).toBe(true)
    const numbers = await provider.waitCall(CUSTOMER)
    expect(numbers.allPhones.length).toBeGreaterThan(1)
    expect(numbers.allPhones).toContain(numbers.phone)
    const [asked] = sim.sim.requests.filter((r) => r.path === '/sys/wait_call.php')
    expect(asked?.method).toBe('POST')
    expect(Object.fromEntries(asked?.params ?? [])).toEqual({
      login: LOGIN,
      psw: PASSWORD,
      fmt: '3',
      charset: 'utf-8',
      phone: CUSTOMER,
    })
    // The same customer asking again is given the same number; another country, its own pool.
    expect((await provider.waitCall(CUSTOMER)).phone).toBe(numbers.phone)
    const tajik = await provider.waitCall('992935550101')
    expect(tajik.allPhones.every((n) => n.startsWith('992'))).toBe(true)
  })

  it('takes all_phones as a comma-separated string', async () => {
    const sim = await startSim({ waitCallReply: 'string', callPools: { '': ['79000000001'] } })
    const wire = await (
      await fetch(`${sim.url}/sys/wait_call.php`, {
        method: 'POST',
        body: new URLSearchParams({ login: LOGIN, psw: PASSWORD, fmt: '3', phone: '79160000001' }),
      })
    ).text()
    expect(JSON.parse(wire)).toEqual({ phone: '79000000001', all_phones: '79000000001' })
    const sim2 = await startSim({
      waitCallReply: 'string',
      callPools: { '7': ['79000000001', '79000000002'] },
    })
    const numbers = await connect(sim2.url).waitCall(CUSTOMER)
    expect(numbers.allPhones).toEqual(['79000000001', '79000000002'])
  })

  it('keeps under the server’s fifty identical requests a minute, and says when to ask again', async () => {
    const sim = await startSim()
    const first = connect(sim.url)
    for (let i = 0; i < WAIT_CALL_LIMIT; i++) await first.waitCall(CUSTOMER)
    const refused = await first.waitCall(CUSTOMER).catch((e: unknown) => e)
    // Refused here: nothing more went to the server.
    expect(refused).toBeInstanceOf(SmscRateLimitError)
    expect((refused as Error).message).toMatch(/try again in \d+ s/)
    expect(sim.sim.requests.filter((r) => r.path === '/sys/wait_call.php')).toHaveLength(
      WAIT_CALL_LIMIT,
    )
    // The server counts too: another client (its own limiter) asking the same is refused there.
    const second = connect(sim.url)
    const byServer = await second.waitCall(CUSTOMER).catch((e: unknown) => e)
    expect(byServer).toBeInstanceOf(SmscApiError)
    expect(byServer).toMatchObject({ code: 9, call: 'wait-call' })
    expect((byServer as Error).message).toMatch(/more than fifty identical requests/)
    // Another customer is another request.
    await expect(second.waitCall('79160000000')).resolves.toMatchObject({
      phone: expect.any(String),
    })
  })

  it('a garbled reply is a typed malformed-reply error, with the password masked', async () => {
    const garbage: Server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' })
      res.end(`<html>maintenance for ${PASSWORD}</html>`)
    })
    await new Promise<void>((done) => garbage.listen(0, '127.0.0.1', done))
    cleanups.push(() => new Promise<void>((done) => garbage.close(() => done())))
    const { port } = garbage.address() as AddressInfo
    const err = await connect(`http://127.0.0.1:${port}/`)
      .waitCall(CUSTOMER)
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ProviderHttpError)
    expect(err).toMatchObject({ failure: 'malformed', call: 'wait-call' })
    expect((err as Error).message).toContain('maintenance')
    expect((err as Error).message).not.toContain(PASSWORD)
  })

  it('the customer’s call comes back as an inbound `[waitcall]` to the number given', async () => {
    const sim = await startSim()
    const provider = connect(sim.url)
    expect(sim.customerCalls(CUSTOMER)).toBeNull()
    const { phone } = await provider.waitCall(CUSTOMER)
    expect(sim.customerCalls(`+${CUSTOMER}`)).toMatchObject({ to: phone })
    const { messages } = await provider.pollInbound(null)
    expect(messages).toEqual([
      expect.objectContaining({ from: CUSTOMER, to: phone, text: '[waitcall]' }),
    ])
    // After the simulator's window (15 minutes) a call is not recorded.
    expect(sim.customerCalls(CUSTOMER, Date.now() + 16 * 60_000)).toBeNull()
  })
})
