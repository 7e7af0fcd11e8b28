// OsonSMS pure functions: signing, request building, every error code, reply parsing.
// The hash vectors were computed outside this code: printf '%s' '<string>' | sha256sum
import { describe, expect, it } from 'vitest'
import {
  buildBalanceQuery,
  buildSendQuery,
  buildStatusQuery,
  describeOsonError,
  estimateParts,
  normalizeTajikPhone,
  OSONSMS_ERRORS,
  osonReasonCode,
  osonSmsHash,
  osonStateOutcome,
  parseBalanceReply,
  parseErrorBody,
  parseSendOk,
  parseStatusReply,
  sendErrorOutcome,
  type OsonErrorBody,
} from '../../src/main/core/providers/osonsms/provider'

const SALT = 'salt-xyz'

describe('str_hash', () => {
  it('send: sha256 of txn_id;login;from;phone_number;pass_salt_hash', () => {
    const q = buildSendQuery(
      { login: 'agent', txnId: 'tx-1', from: 'OsonSMS', phone: '992931234567', text: 'Салом' },
      SALT,
    )
    expect(q).toEqual({
      from: 'OsonSMS',
      phone_number: '992931234567',
      msg: 'Салом',
      login: 'agent',
      txn_id: 'tx-1',
      str_hash: 'e0c431fef05d5cf810509a4e2ae6d794e0a19df6a7ca9f864674d91e1a9d73d1',
    })
  })

  it('status: sha256 of msg_id;login;pass_salt_hash (txn_id sent but not signed)', () => {
    const q = buildStatusQuery({ login: 'agent', msgId: '4815162342', txnId: 'tx-1' }, SALT)
    expect(q).toEqual({
      login: 'agent',
      msg_id: '4815162342',
      txn_id: 'tx-1',
      str_hash: 'e5a791025255210030e7db1212f1258bd343e368c65be3c8f8c08e5e10c54b04',
    })
  })

  it('balance: sha256 of txn_id;login;pass_salt_hash', () => {
    expect(buildBalanceQuery({ login: 'agent', txnId: 'bal-7' }, SALT)).toEqual({
      login: 'agent',
      txn_id: 'bal-7',
      str_hash: '0ad1da8108fac2af7ae73231a4b3222dac08bf669263ae92e7caf3587cb1b26d',
    })
    expect(osonSmsHash(['bal-7', 'agent'], SALT)).toBe(
      '0ad1da8108fac2af7ae73231a4b3222dac08bf669263ae92e7caf3587cb1b26d',
    )
  })
})

describe('phone numbers', () => {
  it('accepts 992 and 9 digits, with the usual decorations', () => {
    expect(normalizeTajikPhone('992931234567')).toBe('992931234567')
    expect(normalizeTajikPhone('+992 93 123-45-67')).toBe('992931234567')
    expect(normalizeTajikPhone('00992931234567')).toBe('992931234567')
    expect(normalizeTajikPhone('(992) 931 234 567')).toBe('992931234567')
  })

  it('refuses other countries and wrong lengths', () => {
    for (const bad of ['79161234567', '99293123456', '9929312345678', '931234567', '', 'abc'])
      expect(normalizeTajikPhone(bad)).toBeNull()
  })
})

describe('parts', () => {
  it('counts GSM-7 and UCS-2 parts', () => {
    expect(estimateParts('a'.repeat(160))).toBe(1)
    expect(estimateParts('a'.repeat(161))).toBe(2)
    expect(estimateParts('б'.repeat(70))).toBe(1)
    expect(estimateParts('б'.repeat(71))).toBe(2)
    expect(estimateParts('€'.repeat(80))).toBe(1)
    expect(estimateParts('€'.repeat(81))).toBe(2)
  })
})

describe('error codes', () => {
  const sms = { from: 'OsonSMS', text: 'hi' }
  const err = (code: number, extra: Partial<OsonErrorBody> = {}): OsonErrorBody => ({
    code,
    msg: OSONSMS_ERRORS[code]?.msg ?? null,
    timestamp: '2024-01-01 00:00:00',
    msgId: null,
    ...extra,
  })

  // The seed's documented errors, each with the HTTP status it comes with and what the console does.
  it.each([
    [100, 422, 'rejected'],
    [105, 401, 'paused'],
    [106, 422, 'paused'],
    [107, 422, 'rejected'],
    [108, 409, 'accepted'],
    [109, 500, 'retry'],
    [112, 501, 'retry'],
    [113, 599, 'retry'],
    [114, 401, 'paused'],
    [119, 402, 'paused'],
  ] as const)('documented %i (HTTP %i): %s, under its own reason code', (code, http, action) => {
    const described = describeOsonError(http, { code, msg: null })
    expect(described.action).toBe(action)
    expect(described.reason).toContain(`OsonSMS ${code}`)
    expect(osonReasonCode(code)).toBe(`osonsms:${code}`)
  })

  it('108 duplicate txn_id: accepted; msg_id used when the reply carries one', () => {
    // The documented reply has no msg_id: accepted, saying why no report can follow.
    expect(sendErrorOutcome(409, err(108), sms)).toEqual({
      kind: 'accepted',
      providerIds: [],
      parts: 1,
      note: {
        reason: expect.stringMatching(
          /did not send it twice.*no msg_id, which a status query needs, so no delivery report can follow \(OsonSMS 108/,
        ),
        reasonCode: 'osonsms:108:no-msg-id',
      },
    })
    expect(sendErrorOutcome(409, err(108, { msgId: '77' }), sms)).toEqual({
      kind: 'accepted',
      providerIds: ['77'],
      parts: 1,
    })
  })

  it('100 missing field: rejected, names the fields and what was empty here', () => {
    const o = sendErrorOutcome(422, err(100), { from: 'OsonSMS', text: '' })
    expect(o).toMatchObject({ kind: 'rejected', code: 100 })
    if (o.kind !== 'rejected') throw new Error('not rejected')
    expect(o.reason).toContain('mandatory field')
    expect(o.reason).toContain('from,phone_number,msg,login,str_hash,txn_id')
    expect(o.reason).toContain('msg (text)')
  })

  it('107 incorrect sender: rejected, names the sender', () => {
    const o = sendErrorOutcome(422, err(107), { from: 'BADNAME', text: 'x' })
    expect(o).toMatchObject({ kind: 'rejected', code: 107 })
    if (o.kind !== 'rejected') throw new Error('not rejected')
    expect(o.reason).toContain('"BADNAME"')
  })

  it.each([
    [105, 401, /inactive or does not exist/],
    [106, 422, /incorrect hash.*pass_salt_hash/],
    [114, 401, /whitelist/],
    [119, 402, /balance.*top up/i],
  ])('%i: pauses the profile', (code, http, reason) => {
    const o = sendErrorOutcome(http, err(code), sms)
    expect(o).toMatchObject({ kind: 'paused', code })
    if (o.kind !== 'paused') throw new Error('not paused')
    expect(o.reason).toMatch(reason)
    expect(o.reason).toContain(`OsonSMS ${code}`)
  })

  it.each([109, 112, 113])('%i: retry later with the same txn_id', (code) => {
    const o = sendErrorOutcome(OSONSMS_ERRORS[code]!.http, err(code), sms)
    expect(o.kind).toBe('retry')
    if (o.kind !== 'retry') throw new Error('not retry')
    expect(o.reason).toContain('same txn_id')
  })

  it('undocumented codes go by the HTTP status', () => {
    expect(osonReasonCode(999)).toBe('osonsms:other')
    expect(describeOsonError(401, { code: 999, msg: null }).action).toBe('paused')
    expect(describeOsonError(503, { code: 999, msg: null }).action).toBe('retry')
    expect(describeOsonError(422, { code: 999, msg: 'odd' })).toEqual({
      action: 'rejected',
      reason: 'OsonSMS refused the message (OsonSMS 999: "odd", HTTP 422)',
    })
  })

  it('parses the error object, with numeric-text codes and an optional msg_id', () => {
    expect(
      parseErrorBody({ error: { code: 108, msg: 'Duplicate', timestamp: '2024-01-01 10:00:00' } }),
    ).toEqual({ code: 108, msg: 'Duplicate', timestamp: '2024-01-01 10:00:00', msgId: null })
    expect(parseErrorBody({ error: { code: '106' }, msg_id: 5 })).toMatchObject({
      code: 106,
      msgId: '5',
    })
    expect(parseErrorBody({ error: 'no' })).toBeNull()
    expect(parseErrorBody({ error: { code: 'x' } })).toBeNull()
    expect(parseErrorBody({ status: 'ok' })).toBeNull()
    expect(parseErrorBody(null)).toBeNull()
  })
})

describe('send reply', () => {
  it('reads the public and the seed spelling of the parts field', () => {
    expect(
      parseSendOk({
        status: 'ok',
        txn_id: 'tx-1',
        msg_id: 123,
        smsc_msg_parts: 2,
        timestamp: '2024-01-01 10:00:00',
      }),
    ).toEqual({ msgId: '123', txnId: 'tx-1', parts: 2, timestamp: '2024-01-01 10:00:00' })
    expect(parseSendOk({ status: 'ok', msg_id: '9', smc_msg_parts: '3' })).toMatchObject({
      msgId: '9',
      parts: 3,
    })
  })

  it('refuses garbage', () => {
    expect(parseSendOk({ status: 'ok' })).toBeNull()
    expect(parseSendOk({ status: 'error', msg_id: 1 })).toBeNull()
    expect(parseSendOk([1, 2])).toBeNull()
    expect(parseSendOk('ok')).toBeNull()
  })
})

describe('status reply', () => {
  const parse = (v: unknown) => parseStatusReply('42', v, JSON.stringify(v), 1000)

  it('seed shape: {status, timestamp}', () => {
    expect(parse({ status: 'DELIVERED', timestamp: '2024-01-01 10:00:00' })).toEqual({
      providerId: '42',
      outcome: 'delivered',
      stat: 'DELIVERED',
      err: null,
      reason: null,
      reasonCode: null,
      channel: 'sms',
      price: null,
      hlr: null,
      raw: '{"status":"DELIVERED","timestamp":"2024-01-01 10:00:00"}',
      receivedAt: 1000,
    })
    expect(parse({ status: 'ENROUTE' })?.outcome).toBe('enroute')
    expect(parse({ status: 5 })).toMatchObject({ outcome: 'failed', stat: 'UNDELIVERABLE' })
  })

  it('public shape: message_state, message_state_code, error_code, final_date', () => {
    const r = parse({
      status: 'ok',
      message_state: 'UNDELIVERABLE',
      message_state_code: 5,
      error_code: 1,
      final_date: '2024-01-01 10:00:05',
      timestamp: '2024-01-01 10:00:06',
    })
    expect(r).toMatchObject({ outcome: 'failed', stat: 'UNDELIVERABLE', err: '1' })
    expect(r?.reason).toMatch(/undeliverable \(error code 1\)/)
    expect(parse({ status: 'ok', message_state_code: 3 })).toMatchObject({
      outcome: 'expired',
      stat: 'EXPIRED',
    })
    expect(parse({ status: 'ok', message_state: 'DELIVERED', error_code: 0 })).toMatchObject({
      outcome: 'delivered',
      err: null,
    })
  })

  it('maps every state of the public set', () => {
    expect(
      Object.fromEntries(
        [
          'ENROUTE',
          'ACCEPTED',
          'DELIVERED',
          'EXPIRED',
          'DELETED',
          'UNDELIVERABLE',
          'UNKNOWN',
          'REJECTED',
        ].map((s) => [s, osonStateOutcome(s)]),
      ),
    ).toEqual({
      ENROUTE: 'enroute',
      ACCEPTED: 'accepted',
      DELIVERED: 'delivered',
      EXPIRED: 'expired',
      DELETED: 'failed',
      UNDELIVERABLE: 'failed',
      UNKNOWN: 'unknown',
      REJECTED: 'failed',
    })
    expect(osonStateOutcome('delivrd')).toBe('delivered')
    expect(osonStateOutcome('whatever')).toBe('unknown')
  })

  it('each final failure has a readable reason', () => {
    expect(parse({ status: 'EXPIRED' })?.reason).toMatch(/^Expired/)
    expect(parse({ status: 'DELETED' })?.reason).toMatch(/^Deleted/)
    expect(parse({ status: 'REJECTED' })?.reason).toMatch(/^Rejected/)
    expect(parse({ status: 'UNKNOWN' })?.reason).toMatch(/does not know/)
  })

  it('status "ok" alone says nothing about the message: unknown', () => {
    expect(parse({ status: 'ok', timestamp: 'x' })).toMatchObject({
      outcome: 'unknown',
      stat: 'ok',
    })
  })

  it('garbage is null', () => {
    expect(parse({ timestamp: 'x' })).toBeNull()
    expect(parse([])).toBeNull()
    expect(parse('DELIVERED')).toBeNull()
    expect(parse(null)).toBeNull()
  })
})

describe('balance reply', () => {
  it('number or numeric text', () => {
    expect(parseBalanceReply({ balance: 12.5, timestamp: 'x' })).toBe(12.5)
    expect(parseBalanceReply({ balance: '7.30' })).toBe(7.3)
    expect(parseBalanceReply({ balance: 'lots' })).toBeNull()
    expect(parseBalanceReply({ balance: '' })).toBeNull()
    expect(parseBalanceReply({})).toBeNull()
    expect(parseBalanceReply(3)).toBeNull()
  })
})
