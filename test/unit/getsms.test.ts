// GETSMS.UZ pure functions: request building, every error number mapped, reply shapes as the
// document shows them (numbers in the send answer, strings in the status answer) and garbage.
import { describe, expect, it } from 'vitest'
import {
  buildSendData,
  buildStatusData,
  chooseNickname,
  GETSMS_ERRORS,
  mapGetsmsError,
  normaliseUzPhone,
  parseSendItem,
  parseStatusRow,
  providerIdOf,
  requestErrorOf,
  requestIdOf,
  sendOutcomes,
  statusOutcome,
  statusReceipt,
} from '../../src/main/core/providers/getsms/provider'
import { ProviderHttpError, type HttpReply } from '../../src/main/core/providers/http'

const reply = (body: unknown, contentType = 'application/json'): HttpReply => ({
  status: 200,
  contentType,
  text: typeof body === 'string' ? body : JSON.stringify(body),
})

const NO_NICK = { nickname: null, fromMessage: false }

describe('request building', () => {
  it('data is the JSON array of {phone, text}, nothing else', () => {
    expect(buildSendData([{ phone: '998909711322', text: 'тестовое смс 1' }])).toBe(
      '[{"phone":"998909711322","text":"тестовое смс 1"}]',
    )
    expect(buildStatusData('93786401')).toBe('[{"request_id":"93786401"}]')
  })

  it('phones: 998 and nine digits; + and separators go', () => {
    expect(normaliseUzPhone('998909711322')).toBe('998909711322')
    expect(normaliseUzPhone('+998 (90) 971-13-22')).toBe('998909711322')
    expect(normaliseUzPhone('99890971132')).toBeNull()
    expect(normaliseUzPhone('9989097113221')).toBeNull()
    expect(normaliseUzPhone('992901234567')).toBeNull()
    expect(normaliseUzPhone('abc')).toBeNull()
  })

  it('nickname: empty sender takes the profile default, digits are the short number', () => {
    const s = { login: 'l', nickname: 'SHOP', shortNumber: '3700' }
    expect(chooseNickname('', s)).toEqual({ nickname: 'SHOP', fromMessage: false })
    expect(chooseNickname('SHOP', s)).toEqual({ nickname: 'SHOP', fromMessage: false })
    expect(chooseNickname('Promo', s)).toEqual({ nickname: 'Promo', fromMessage: true })
    expect(chooseNickname('3700', s)).toEqual({ nickname: null, fromMessage: false })
    expect(chooseNickname('+12345', s)).toEqual({ nickname: null, fromMessage: false })
    expect(chooseNickname('', { login: 'l' })).toEqual({ nickname: null, fromMessage: false })
  })

  it('provider ids carry the request id', () => {
    expect(providerIdOf('52480252', '16854781')).toBe('52480252:16854781')
    expect(requestIdOf('52480252:16854781')).toBe('52480252')
    expect(requestIdOf('16854781')).toBeNull()
  })
})

describe('error numbers', () => {
  const expected: Record<number, 'rejected' | 'paused'> = {
    100: 'rejected',
    101: 'paused',
    102: 'paused',
    103: 'paused',
    200: 'rejected',
    201: 'rejected',
    202: 'paused',
    203: 'paused',
    300: 'rejected',
    400: 'rejected',
  }

  it('every documented number has an outcome and an English reason', () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(GETSMS_ERRORS).sort())
    for (const [code, kind] of Object.entries(expected)) {
      const o = mapGetsmsError(Number(code), null, { scope: 'request', nickname: 'SHOP' })
      expect(o.kind, `code ${code}`).toBe(kind)
      expect(o.code).toBe(Number(code))
      expect(o.reason).toContain(`GETSMS error ${code}`)
      expect(o.reason).toContain(GETSMS_ERRORS[Number(code)])
    }
    expect(mapGetsmsError(101, null, { scope: 'request' }).reason).toMatch(/login or password/)
    expect(mapGetsmsError(103, null, { scope: 'request' }).reason).toMatch(/limit/)
    expect(mapGetsmsError(200, null, { scope: 'request' }).reason).toMatch(/client fault/)
  })

  it("a refused nickname rejects the message when it was the message's own", () => {
    for (const code of [202, 203]) {
      const own = mapGetsmsError(code, null, {
        scope: 'request',
        nickname: 'Promo',
        nicknameFromMessage: true,
      })
      expect(own.kind).toBe('rejected')
      expect(own.reason).toContain('"Promo"')
      const profile = mapGetsmsError(code, null, { scope: 'request', nickname: 'SHOP' })
      expect(profile.kind).toBe('paused')
      expect(profile.reason).toContain('"SHOP"')
    }
  })

  it('undocumented numbers: an item is rejected, a whole request pauses', () => {
    expect(mapGetsmsError(999, 'Strange', { scope: 'item' })).toMatchObject({
      kind: 'rejected',
      code: 999,
    })
    const whole = mapGetsmsError(999, 'Strange', { scope: 'request' })
    expect(whole.kind).toBe('paused')
    expect(whole.reason).toContain('Strange')
  })
})

describe('send answer', () => {
  const ok = {
    recipient: 998909711322,
    text: 'тестовое смс 1',
    user_id: 1,
    date_received: 1499493672,
    message_id: 16854781,
    request_id: 52480252,
    client_ip: '185.8.212.184',
  }
  const bad = {
    error: 1,
    error_text: 'is NOT a phone number',
    error_no: 300,
    recipient: '+998909711399',
    text: 'text1',
    user_id: 1,
    date_received: 1499493758,
    message_id: 20766930,
    request_id: 76181024,
    client_ip: '185.8.212.184',
  }

  it('reads the documented success and per-item error items', () => {
    expect(parseSendItem(ok)).toEqual({
      kind: 'ok',
      recipient: '998909711322',
      messageId: '16854781',
      requestId: '52480252',
    })
    expect(parseSendItem(bad)).toEqual({
      kind: 'error',
      code: 300,
      text: 'is NOT a phone number',
      recipient: '+998909711399',
    })
    expect(parseSendItem({ recipient: 1 })).toBeNull()
    expect(parseSendItem('x')).toBeNull()
    expect(parseSendItem({ ...ok, message_id: 'abc' })).toBeNull()
  })

  it('whole-request errors: in an array or bare, under error_text or text (101 example)', () => {
    expect(
      requestErrorOf([{ error: 1, text: 'Incorrect Login or Password', error_no: 101 }]),
    ).toEqual({ code: 101, text: 'Incorrect Login or Password' })
    expect(requestErrorOf({ error: 1, error_text: 'Limit is over', error_no: 103 })).toEqual({
      code: 103,
      text: 'Limit is over',
    })
    expect(requestErrorOf([bad])).toBeNull()
    expect(requestErrorOf([ok])).toBeNull()
    expect(requestErrorOf([{ error: 1 }])).toBeNull()
  })

  it('maps items in order: accepted with request:message ids, a bad one rejected', () => {
    const sent = [
      { phone: '998909711322', text: 'a' },
      { phone: '998909711399', text: 'b' },
    ]
    const out = sendOutcomes(reply([ok, bad]), sent, NO_NICK)
    expect(out[0]).toEqual({ kind: 'accepted', providerIds: ['52480252:16854781'], parts: 1 })
    expect(out[1]).toMatchObject({ kind: 'rejected', code: 300 })
  })

  it('counts parts from the text (Cyrillic: 70 per single part)', () => {
    const text = 'ж'.repeat(71)
    const out = sendOutcomes(reply([ok]), [{ phone: '998909711322', text }], NO_NICK)
    expect(out[0]).toMatchObject({ kind: 'accepted', parts: 2 })
  })

  it('a whole-request error applies to every item', () => {
    const sent = [
      { phone: '998909711322', text: 'a' },
      { phone: '998909711323', text: 'b' },
    ]
    const out = sendOutcomes(
      reply([{ error: 1, error_text: 'Account blocked', error_no: 102 }]),
      sent,
      NO_NICK,
    )
    expect(out.map((o) => o.kind)).toEqual(['paused', 'paused'])
  })

  it('garbage is a malformed error quoting what came, never a crash', () => {
    const sent = [{ phone: '998909711322', text: 'a' }]
    const cases: HttpReply[] = [
      reply('<html><body>502 Bad Gateway</body></html>', 'text/html'),
      reply('[{"recipient": 9989'),
      reply(''),
      reply({ ok: true }),
      reply([]),
      reply([ok, ok]),
      reply([{ ...ok, recipient: 998900000001 }]),
      reply([{ something: 'else' }]),
      reply('null'),
    ]
    for (const r of cases) {
      let caught: unknown
      try {
        sendOutcomes(r, sent, NO_NICK, ['pw-secret'])
      } catch (err) {
        caught = err
      }
      expect(caught, r.text).toBeInstanceOf(ProviderHttpError)
      const e = caught as ProviderHttpError
      expect(e.failure).toBe('malformed')
      expect(e.message).toContain('GETSMS send')
    }
  })

  it('a JSON answer under a text/html content type is still read (PHP default)', () => {
    const out = sendOutcomes(
      reply([ok], 'text/html'),
      [{ phone: '998909711322', text: 'a' }],
      NO_NICK,
    )
    expect(out[0]?.kind).toBe('accepted')
  })
})

describe('status answer', () => {
  const row = {
    recipient: '998909711322',
    text: 'Ваш текст смс',
    user_id: '1',
    date_received: '2018-07-08 10:40:34',
    date_sent: '2018-07-08 10:40:34',
    date_delivered: '2018-07-08 10:40:52',
    message_id: '38457358',
    request_id: '93786401',
    status: 'delivered',
    count_messages: '1',
    client_ip: '185.8.212.184',
    description: 'OK',
  }

  it('reads the documented row and makes a receipt whose id matches the send', () => {
    const r = parseStatusRow(row)
    expect(r).toMatchObject({
      messageId: '38457358',
      requestId: '93786401',
      status: 'delivered',
      countMessages: 1,
    })
    const receipt = statusReceipt(r!, 123)
    expect(receipt).toMatchObject({
      providerId: '93786401:38457358',
      outcome: 'delivered',
      stat: 'delivered',
      err: null,
      reason: null,
      channel: 'sms',
      receivedAt: 123,
    })
    expect(JSON.parse(receipt.raw)).toEqual(row)
  })

  it('status words: documented, assumed, and unknown kept raw as in progress', () => {
    expect(statusOutcome('delivered')).toBe('delivered')
    expect(statusOutcome('Undelivered')).toBe('failed')
    expect(statusOutcome('rejected')).toBe('failed')
    expect(statusOutcome('expired')).toBe('expired')
    expect(statusOutcome('pending')).toBe('accepted')
    expect(statusOutcome('sent')).toBe('enroute')
    expect(statusOutcome('transmitting')).toBe('enroute')
    const odd = statusReceipt(parseStatusRow({ ...row, status: 'transmitting' })!, 1)
    expect(odd.stat).toBe('transmitting')
    expect(odd.reason).toContain('"transmitting"')
    const failed = statusReceipt(
      parseStatusRow({ ...row, status: 'undelivered', description: 'Absent subscriber' })!,
      1,
    )
    expect(failed).toMatchObject({ outcome: 'failed', err: 'Absent subscriber' })
    expect(failed.reason).toContain('Absent subscriber')
  })

  it('rejects rows without ids or status', () => {
    expect(parseStatusRow({ ...row, message_id: undefined })).toBeNull()
    expect(parseStatusRow({ ...row, status: undefined })).toBeNull()
    expect(parseStatusRow({ error: 1, error_no: 400 })).toBeNull()
    expect(parseStatusRow(null)).toBeNull()
    expect(
      requestErrorOf([{ error: 1, error_text: 'request_id is wrong', error_no: 400 }]),
    ).toEqual({ code: 400, text: 'request_id is wrong' })
  })
})
