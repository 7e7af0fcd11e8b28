// SMSC's calls to a team server's handler: the control value each algorithm makes of
// `id:phone:status:<secret>` (and the message and call forms), a call without one or with a
// wrong one refused, and what a checked call says (a receipt with its price, a reply, a call).
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { callbackParams } from '../../src/main/core/callbacks/handler'
import {
  callbackSecret,
  crc32,
  readCallback,
  signCallback,
} from '../../src/main/core/providers/smsc-http/callback'

const SECRET = 'office_secret-1'
const status = { id: '1000042', phone: '79161234567', status: '1', err: '0', cost: '2.50' }

describe('the control value', () => {
  it('is the hash of the fields and the secret, as the document writes it', () => {
    const line = `1000042:79161234567:1:${SECRET}`
    expect(signCallback('status', status, SECRET, 'md5')).toBe(
      createHash('md5').update(line).digest('hex'),
    )
    expect(signCallback('status', status, SECRET, 'sha1')).toBe(
      createHash('sha1').update(line).digest('hex'),
    )
    expect(signCallback('status', status, SECRET, 'crc32')).toBe(String(crc32(line)))
    // PHP's crc32() of the classic sentence.
    expect(crc32('The quick brown fox jumped over the lazy dog.')).toBe(2191738434)
  })

  it("makes each profile's secret from the server's key, in the letters SMSC allows", () => {
    const key = Buffer.alloc(32, 7)
    const a = callbackSecret(key, 'office')
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(callbackSecret(key, 'office')).toBe(a)
    expect(callbackSecret(key, 'office-2')).not.toBe(a)
    expect(callbackSecret(Buffer.alloc(32, 8), 'office')).not.toBe(a)
  })
})

describe('a call read and checked', () => {
  const signed = (
    kind: 'status' | 'inbound' | 'waitcall',
    params: Record<string, string>,
    algorithm: 'md5' | 'sha1' | 'crc32' = 'md5',
  ) => ({ ...params, [algorithm]: signCallback(kind, params, SECRET, algorithm) })

  it('turns a status into the receipt a poll would have made, with its price', () => {
    for (const algorithm of ['md5', 'sha1', 'crc32'] as const) {
      const verdict = readCallback(signed('status', status, algorithm), SECRET, 5000)
      expect(verdict).toMatchObject({
        ok: true,
        callback: {
          kind: 'status',
          providerId: '1000042',
          receipt: { providerId: '1000042', outcome: 'delivered', stat: '1', price: '2.50' },
        },
      })
    }
    const failed = readCallback(signed('status', { ...status, status: '20', err: '1' }), SECRET)
    expect(failed).toMatchObject({
      ok: true,
      callback: { receipt: { outcome: 'failed', err: '1', reasonCode: expect.any(String) } },
    })
  })

  it('accepts crc32 written in hex, any case of the hash', () => {
    const value = Number(signCallback('status', status, SECRET, 'crc32'))
      .toString(16)
      .padStart(8, '0')
    expect(readCallback({ ...status, crc32: value }, SECRET).ok).toBe(true)
    const md5 = signCallback('status', status, SECRET, 'md5').toUpperCase()
    expect(readCallback({ ...status, md5 }, SECRET).ok).toBe(true)
  })

  it('refuses a call without a control value, with a wrong one, or another secret', () => {
    expect(readCallback(status, SECRET)).toMatchObject({ ok: false, problem: 'unsigned' })
    const good = signed('status', status)
    expect(readCallback({ ...good, status: '20' }, SECRET)).toMatchObject({
      ok: false,
      problem: 'forged',
    })
    expect(readCallback(good, 'another_secret')).toMatchObject({ ok: false, problem: 'forged' })
    expect(readCallback({ ...good, md5: '' }, SECRET)).toMatchObject({ ok: false })
    const { id: _id, ...noId } = status
    expect(readCallback(signed('status', noId), SECRET)).toMatchObject({
      ok: false,
      problem: 'malformed',
    })
  })

  it('reads a reply and a verifying call as messages in, with the provider id to keep them once', () => {
    const reply = signed('inbound', {
      id: '77',
      phone: '79161234567',
      mes: 'Да, заберу завтра',
      to: '79001234501',
      time: '07.12.2026 15:00:00',
    })
    expect(readCallback(reply, SECRET)).toEqual({
      ok: true,
      callback: {
        kind: 'inbound',
        ref: '77',
        sms: {
          from: '79161234567',
          to: '79001234501',
          text: 'Да, заберу завтра',
          receivedAt: Date.UTC(2026, 11, 7, 12, 0, 0),
        },
      },
    })
    const call = signed('waitcall', { id: '78', phone: '79161234567', waitcall: '74950000001' })
    expect(readCallback(call, SECRET, 9000)).toEqual({
      ok: true,
      callback: {
        kind: 'waitcall',
        ref: 'waitcall:78',
        sms: { from: '79161234567', to: '74950000001', text: '[waitcall]', receivedAt: 9000 },
      },
    })
    // The message's words are signed: changed on the way, refused.
    expect(readCallback({ ...reply, mes: 'Нет' }, SECRET)).toMatchObject({ problem: 'forged' })
  })
})

describe("a call's parameters", () => {
  it('come from fmt=3 JSON, or a form, with the handler address own query', () => {
    const query = new URLSearchParams('fmt=3&charset=utf-8')
    expect(
      callbackParams('{"id":1000042,"status":1,"phone":"79161234567"}', 'application/json', query),
    ).toEqual({ fmt: '3', charset: 'utf-8', id: '1000042', status: '1', phone: '79161234567' })
    expect(callbackParams('id=5&status=3', 'application/x-www-form-urlencoded', query)).toEqual({
      fmt: '3',
      charset: 'utf-8',
      id: '5',
      status: '3',
    })
    expect(callbackParams('{not json', 'application/json', query)).toBeNull()
    expect(callbackParams('[1,2]', 'application/json', query)).toBeNull()
  })
})
