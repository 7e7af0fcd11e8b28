// SMSC's wait_call.php reply, read by the pure parser and by the request around it (the
// provider's limiter, error replies and the typed errors it throws), with canned HTTP replies.
import { describe, expect, it } from 'vitest'
import { ProviderHttpError, type HttpReply } from '../../src/main/core/providers/http'
import {
  parseErrorReply,
  RequestLimiter,
  SmscApiError,
  SmscRateLimitError,
  describeApiError,
} from '../../src/main/core/providers/smsc-http/provider'
import {
  parseWaitCallReply,
  requestWaitCall,
  WAIT_CALL_LIMIT,
  type WaitCallPort,
} from '../../src/main/core/providers/smsc-http/wait-call'

describe('parseWaitCallReply', () => {
  it('reads the number to call and the list of every number it may be', () => {
    expect(
      parseWaitCallReply({ phone: '74950000101', all_phones: ['74950000101', '74950000102'] }),
    ).toEqual({ phone: '74950000101', allPhones: ['74950000101', '74950000102'] })
  })

  it('takes all_phones as a comma-separated string too, and numbers without their +', () => {
    expect(
      parseWaitCallReply({ phone: '+74950000102', all_phones: '74950000101, +74950000102,' }),
    ).toEqual({ phone: '74950000102', allPhones: ['74950000101', '74950000102'] })
  })

  it('puts the number to call among all_phones when the list leaves it out', () => {
    expect(parseWaitCallReply({ phone: 74950000103, all_phones: [74950000101] })).toEqual({
      phone: '74950000103',
      allPhones: ['74950000103', '74950000101'],
    })
  })

  it('is no reply of its kind: an error, no number, a list of anything but numbers', () => {
    expect(parseWaitCallReply({ error: 'duplicate request, wait a minute', error_code: 9 })).toBe(
      null,
    )
    expect(parseWaitCallReply({ all_phones: ['74950000101'] })).toBe(null)
    expect(parseWaitCallReply({ phone: 'call us', all_phones: ['74950000101'] })).toBe(null)
    expect(parseWaitCallReply({ phone: '74950000101', all_phones: ['x'] })).toBe(null)
    expect(parseWaitCallReply({ phone: '74950000101', all_phones: { a: 1 } })).toBe(null)
    expect(parseWaitCallReply({ phone: '74950000101' })).toBe(null)
    expect(parseWaitCallReply(['74950000101'])).toBe(null)
    expect(parseWaitCallReply(null)).toBe(null)
  })
})

/** The provider's side of a request as SmscHttpProvider wires it, over canned replies. */
function port(replies: string[], limiter = new RequestLimiter(60_000)) {
  const asked: Record<string, string>[] = []
  const req = { provider: 'SMSC', call: 'wait-call', secrets: ['s3cret'] }
  const p: WaitCallPort = {
    limit(signature, max, detail) {
      const wait = limiter.wait(signature, max)
      if (wait > 0) throw new SmscRateLimitError('wait-call', wait, detail)
      limiter.take(signature)
    },
    async post(params) {
      asked.push(params)
      const text = replies.shift() ?? '{}'
      return { status: 200, contentType: 'application/json; charset=utf-8', text } as HttpReply
    },
    throwIfError(reply) {
      let value: unknown = null
      try {
        value = JSON.parse(reply.text)
      } catch {
        return
      }
      const error = parseErrorReply(value)
      if (error)
        throw new SmscApiError(
          'wait-call',
          error.code,
          error.text,
          describeApiError('wait-call', error.code, error.text),
        )
    },
    req,
  }
  return { port: p, asked }
}

describe('requestWaitCall', () => {
  it('asks for the customer’s number and answers what the provider assigned', async () => {
    const { port: p, asked } = port(['{"phone":"79587654301","all_phones":"79587654301"}'])
    await expect(requestWaitCall('79161234567', p)).resolves.toEqual({
      phone: '79587654301',
      allPhones: ['79587654301'],
    })
    expect(asked).toEqual([{ phone: '79161234567' }])
  })

  it('an error reply is the provider’s typed error, worded for the call', async () => {
    const { port: p } = port(['{"error":"duplicate request, wait a minute","error_code":9}'])
    const err = await requestWaitCall('79161234567', p).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SmscApiError)
    expect(err).toMatchObject({ code: 9, call: 'wait-call' })
    expect((err as Error).message).toMatch(/more than fifty identical requests/)
  })

  it('a garbled reply is a malformed-reply error quoting what came, never a number', async () => {
    for (const garbled of ['<html>502 Bad Gateway</html>', '{"phone":"soon"}', '[]']) {
      const { port: p } = port([garbled])
      const err = await requestWaitCall('79161234567', p).catch((e: unknown) => e)
      expect(err, garbled).toBeInstanceOf(ProviderHttpError)
      expect(err).toMatchObject({ failure: 'malformed', call: 'wait-call' })
      expect((err as Error).message).toContain(garbled.slice(0, 10))
    }
  })

  it('the 51st identical request in a minute is refused here, saying when it may go', async () => {
    const replies = Array.from(
      { length: WAIT_CALL_LIMIT },
      () => '{"phone":"79587654301","all_phones":["79587654301"]}',
    )
    const limiter = new RequestLimiter(60_000)
    const { port: p, asked } = port(replies, limiter)
    for (let i = 0; i < WAIT_CALL_LIMIT; i++) await requestWaitCall('79161234567', p)
    const err = await requestWaitCall('79161234567', p).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SmscRateLimitError)
    expect((err as SmscRateLimitError).retryAfterMs).toBeGreaterThan(0)
    expect((err as Error).message).toMatch(/try again in \d+ s/)
    expect(asked).toHaveLength(WAIT_CALL_LIMIT)
    // Another customer's number is another request.
    const other = port(['{"phone":"79587654302","all_phones":["79587654302"]}'], limiter)
    await expect(requestWaitCall('79160000000', other.port)).resolves.toMatchObject({
      phone: '79587654302',
    })
  })
})
