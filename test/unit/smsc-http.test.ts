// SMSC HTTP API: code mapping, reply parsing of each documented shape and of garbage, request
// building and the local repeat limiter. Pure functions only.
import { describe, expect, it } from 'vitest'
import {
  decimalOf,
  defaultBackupBaseUrl,
  describeApiError,
  formatSmscDate,
  formatValidity,
  intOf,
  isProfileError,
  isRenewalOk,
  isValidSmscId,
  mapStatus,
  parseBalanceReply,
  parseErrorReply,
  parseFreeNumbers,
  parseInboundReply,
  parseRentReply,
  parseQuoteReply,
  parseSendReply,
  parseSmscDate,
  parseStatusReply,
  parseTextError,
  receiptFromStatus,
  RequestLimiter,
  SMSC_STATUS_ERRORS,
  SMSC_STATUSES,
  sendErrorOutcome,
  statusListParams,
  type SmscCall,
} from '../../src/main/core/providers/smsc-http/provider'
import { encodeCp1251 } from '../../src/main/core/providers/smsc-http/sim'
import { decodeBody } from '../../src/main/core/providers/http'

describe('send error codes', () => {
  const expected: Array<[number, string]> = [
    [1, 'rejected'],
    [2, 'paused'],
    [3, 'paused'],
    [4, 'paused'],
    [5, 'rejected'],
    [6, 'rejected'],
    [7, 'rejected'],
    [8, 'rejected'],
    [9, 'retry'],
  ]
  it.each(expected)('error %i → %s with an English reason', (code, kind) => {
    const outcome = sendErrorOutcome(code, 'server text')
    expect(outcome.kind).toBe(kind)
    expect('reason' in outcome && outcome.reason).toMatch(/[a-z]{3}.*\(error \d\)/)
    if (outcome.kind === 'rejected' || outcome.kind === 'paused') expect(outcome.code).toBe(code)
  })

  it('reasons say what happened', () => {
    const reason = (c: number) => {
      const o = sendErrorOutcome(c)
      return 'reason' in o ? o.reason : ''
    }
    expect(reason(2)).toMatch(/login or password.*IP/)
    expect(reason(3)).toMatch(/not enough money/)
    expect(reason(4)).toMatch(/blocked this IP/)
    expect(reason(6)).toMatch(/text or sender/)
    expect(reason(7)).toMatch(/phone number format/)
    expect(reason(8)).toMatch(/cannot be delivered/)
  })

  it('an undocumented code is a rejection quoting the server', () => {
    expect(sendErrorOutcome(77, 'strange')).toEqual({
      kind: 'rejected',
      code: 77,
      reason: 'SMSC error 77: strange',
      reasonCode: 'smsc:send:other',
    })
  })

  it('other calls name their own meaning of 3, 5 and 9', () => {
    const calls: SmscCall[] = ['status', 'balance', 'inbound', 'numbers-list', 'numbers-rent']
    for (const call of calls)
      for (const code of [1, 2, 3, 4, 5, 9]) expect(describeApiError(call, code)).not.toBe('')
    expect(describeApiError('status', 9)).toMatch(/five status requests/)
    expect(describeApiError('balance', 9)).toMatch(/balance requests/)
    expect(describeApiError('numbers-list', 9)).toMatch(/two identical/)
    expect(describeApiError('numbers-rent', 3)).toMatch(/rent this number/)
    expect(describeApiError('status', 5)).toMatch(/delete/)
    expect(describeApiError('status', 42, 'odd')).toBe('SMSC error 42: odd')
    expect([1, 2, 3, 4, 9].filter(isProfileError)).toEqual([2, 4])
  })
})

describe('message statuses', () => {
  const outcomes: Array<[number, string]> = [
    [-3, 'missing'],
    [-2, 'failed'],
    [-1, 'accepted'],
    [0, 'enroute'],
    [1, 'delivered'],
    [2, 'delivered'],
    [3, 'expired'],
    [4, 'delivered'],
    [20, 'failed'],
    [22, 'failed'],
    [23, 'failed'],
    [24, 'failed'],
    [25, 'failed'],
  ]
  it.each(outcomes)('status %i → %s', (status, outcome) => {
    const m = mapStatus(status, 0)
    expect(m.outcome).toBe(outcome)
    expect(m.text.length).toBeGreaterThan(5)
  })

  it('covers every documented status code', () => {
    expect(
      Object.keys(SMSC_STATUSES)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(outcomes.map(([s]) => s).sort((a, b) => a - b))
  })

  const errCodes = [0, 1, 6, 11, 12, 13, 21, 200, 219, 220]
  for (let c = 237; c <= 255; c++) errCodes.push(c)

  it.each(errCodes)('err %i has an English meaning', (err) => {
    const text = SMSC_STATUS_ERRORS[err]
    expect(text).toBeTruthy()
    expect(text).toMatch(/^[A-Z][\x20-\x7e]+$/)
  })

  it('failure reasons carry the status and the err detail', () => {
    expect(mapStatus(20, 1).reason).toBe(
      'Cannot be delivered: The subscriber does not exist (err 1)',
    )
    expect(mapStatus(23, 253).reason).toMatch(/spam filter \(err 253\)$/)
    expect(mapStatus(3, 0).reason).toMatch(/^Expired/)
    expect(mapStatus(1, 0).reason).toBeNull()
    expect(mapStatus(1, 200).reason).toMatch(/test mode/)
    expect(mapStatus(0, null).reason).toBeNull()
    expect(mapStatus(20, 999).reason).toBe('Cannot be delivered: SMSC error code 999 (err 999)')
    expect(mapStatus(77, null)).toMatchObject({
      outcome: 'unknown',
      reason: 'Unknown SMSC status 77',
    })
  })
})

describe('reply parsing', () => {
  it('error replies, with and without the echoed id', () => {
    expect(parseErrorReply({ error: 'authorise error', error_code: 2 })).toEqual({
      code: 2,
      text: 'authorise error',
      id: null,
    })
    expect(parseErrorReply({ error: 'invalid number', error_code: '7', id: 15 })).toEqual({
      code: 7,
      text: 'invalid number',
      id: '15',
    })
    expect(parseErrorReply({ id: 1, cnt: 1 })).toBeNull()
    expect(parseErrorReply([{ error: 'x' }])).toBeNull()
    expect(parseTextError('ERROR = 2 (authorise error)')).toEqual({
      code: 2,
      text: 'authorise error',
      id: null,
    })
    expect(parseTextError('79001234501,1,300,150,MTS')).toBeNull()
  })

  it('send replies', () => {
    expect(parseSendReply({ id: 42, cnt: 2 })).toEqual({ id: '42', parts: 2 })
    expect(parseSendReply({ id: '42', cnt: '1', cost: '2.50', balance: '97.50' })).toEqual({
      id: '42',
      parts: 1,
    })
    expect(parseSendReply({ id: 42 })).toBeNull()
    expect(parseSendReply({ id: 'x', cnt: 1 })).toBeNull()
    expect(parseSendReply('OK')).toBeNull()
  })

  it('what a send would cost, asked without sending (cost=1)', () => {
    expect(parseQuoteReply({ cost: '5.00', cnt: 2 })).toEqual({ cost: 5, parts: 2 })
    expect(parseQuoteReply({ cost: '0,80', cnt: '1' })).toEqual({ cost: 0.8, parts: 1 })
    expect(parseQuoteReply({ cost: 0, cnt: 1 })).toEqual({ cost: 0, parts: 1 })
    // Garbled: no count, no parts, a negative or missing price, not an object.
    expect(parseQuoteReply({ cost: '5.00' })).toBeNull()
    expect(parseQuoteReply({ cost: '5.00', cnt: 0 })).toBeNull()
    expect(parseQuoteReply({ cost: '-1', cnt: 1 })).toBeNull()
    expect(parseQuoteReply({ id: 42, cnt: 1 })).toBeNull()
    expect(parseQuoteReply('5.00')).toBeNull()
  })

  it('a single status, all=1 extras and an HLR answer', () => {
    const [plain] =
      parseStatusReply({
        status: 1,
        last_date: '28.12.2024 19:53:00',
        last_timestamp: 1735404780,
        err: 0,
      }) ?? []
    expect(plain).toMatchObject({
      id: null,
      status: 1,
      err: 0,
      lastTimestamp: 1735404780,
      hlr: null,
    })

    const [full] =
      parseStatusReply({
        status: '20',
        last_date: '28.12.2024 19:53:00',
        last_timestamp: '1735404780',
        err: '1',
        send_date: '28.12.2024 19:52:58',
        phone: '79001234500',
        cost: '2.50',
        sender_id: 'SMSC',
        status_name: 'Невозможно доставить',
        message: 'Привет',
        type: 0,
        sms_cnt: 1,
      }) ?? []
    expect(full).toMatchObject({ status: 20, err: 1, phone: '79001234500', cost: '2.50', parts: 1 })

    const [hlr] =
      parseStatusReply({
        status: 1,
        last_date: '',
        last_timestamp: 0,
        err: 0,
        imsi: '250010000000001',
        msc: '79168999999',
        mcc: '250',
        mnc: '01',
        cn: 'Russian Federation',
        net: 'MTS',
        rcn: '',
        rnet: '',
      }) ?? []
    expect(hlr?.hlr).toEqual({
      imsi: '250010000000001',
      msc: '79168999999',
      mcc: '250',
      mnc: '01',
      cn: 'Russian Federation',
      net: 'MTS',
      rcn: '',
      rnet: '',
    })
  })

  it('a multi-status list matches entries by id', () => {
    const entries = parseStatusReply([
      { id: 7, phone: '79001234567', status: 1, last_date: '', last_timestamp: 1, err: 0 },
      { id: '8', phone: '79001234568', status: -3, last_date: '', last_timestamp: 0 },
    ])
    expect(entries?.map((e) => [e.id, e.status, e.err])).toEqual([
      ['7', 1, 0],
      ['8', -3, null],
    ])
    const receipt = receiptFromStatus(entries![0]!, '7', 123)
    expect(receipt).toMatchObject({
      providerId: '7',
      outcome: 'delivered',
      stat: '1',
      err: '0',
      channel: 'sms',
      receivedAt: 123,
    })
    expect(JSON.parse(receipt.raw)).toMatchObject({ id: 7 })
  })

  it('garbage status replies are refused', () => {
    expect(parseStatusReply({ status: 'delivered' })).toBeNull()
    expect(parseStatusReply({ last_date: 'x' })).toBeNull()
    expect(parseStatusReply([{ status: 1 }, 'junk'])).toBeNull()
    expect(parseStatusReply({ status: 1, err: 'bad' })).toBeNull()
    expect(parseStatusReply(null)).toBeNull()
  })

  it('balance', () => {
    expect(parseBalanceReply({ balance: '1871.62', currency: 'RUB' })).toEqual({
      amount: 1871.62,
      currency: 'RUB',
    })
    expect(parseBalanceReply({ balance: 5 })).toEqual({ amount: 5, currency: null })
    expect(parseBalanceReply({ balance: 'lots' })).toBeNull()
    expect(parseBalanceReply([])).toBeNull()
  })

  it('inbound replies, oldest first, with server-zone dates', () => {
    const list = parseInboundReply([
      {
        id: '12',
        received: '01.02.2025 10:00:00',
        phone: '79001112233',
        message: 'Да',
        to_phone: '79001234501',
        sent: '',
      },
      { id: 11, received: 1738393200, phone: '79001112233', message: 'Hi', to_phone: '' },
    ])
    expect(list?.map((m) => m.id)).toEqual(['11', '12'])
    expect(list?.[1]).toMatchObject({
      from: '79001112233',
      to: '79001234501',
      text: 'Да',
      receivedAt: Date.UTC(2025, 1, 1, 7, 0, 0),
    })
    expect(list?.[0]?.receivedAt).toBe(1738393200_000)
    expect(parseInboundReply([])).toEqual([])
    expect(parseInboundReply({ id: 1 })).toBeNull()
    expect(parseInboundReply([{ id: 1, phone: '7' }])).toBeNull()
  })

  it('dates in the server zone', () => {
    expect(parseSmscDate('28.12.2024 19:53:00', 180)).toBe(Date.UTC(2024, 11, 28, 16, 53, 0))
    expect(parseSmscDate('28.12.24 19:53', 0)).toBe(Date.UTC(2024, 11, 28, 19, 53, 0))
    expect(parseSmscDate('yesterday')).toBeNull()
    const t = Date.UTC(2025, 0, 2, 3, 4, 5)
    expect(formatSmscDate(t, 180)).toBe('02.01.2025 06:04:05')
    expect(parseSmscDate(formatSmscDate(t, 180), 180)).toBe(t)
  })

  it('free numbers as JSON and as text lines', () => {
    const json = parseFreeNumbers(
      JSON.stringify([
        { phone: '79001234501', type: 1, cost: '300.00', current_cost: '150.00', info: 'MTS, sms' },
        { phone: '79001234503', type: '2', cost: 500, current_cost: 250, info: 'MegaFon' },
      ]),
    )
    expect(json).toEqual([
      {
        phone: '79001234501',
        type: 1,
        kind: 'virtual',
        cost: 300,
        currentCost: 150,
        info: 'MTS, sms',
      },
      {
        phone: '79001234503',
        type: 2,
        kind: 'sim-hosting',
        cost: 500,
        currentCost: 250,
        info: 'MegaFon',
      },
    ])
    const text = parseFreeNumbers(
      '79001234502,4,300.00,150.00,Beeline, sms, call\r\n\n79001234509,9,1,0.5,\n',
    )
    expect(text).toEqual([
      {
        phone: '79001234502',
        type: 4,
        kind: 'virtual',
        cost: 300,
        currentCost: 150,
        info: 'Beeline, sms, call',
      },
      { phone: '79001234509', type: 9, kind: 'other', cost: 1, currentCost: 0.5, info: '' },
    ])
    expect(parseFreeNumbers('')).toEqual([])
    expect(parseFreeNumbers('[]')).toEqual([])
    expect(parseFreeNumbers('<html><body>Bad gateway</body></html>')).toBeNull()
    expect(parseFreeNumbers('[{"phone":"79001234501"')).toBeNull()
    expect(parseFreeNumbers('{"phones":[]}')).toBeNull()
    expect(parseFreeNumbers('79001234501,one,300,150,MTS')).toBeNull()
  })

  it('rent and renewal answers', () => {
    expect(parseRentReply('{"cost":"150.00"}')).toBe(150)
    expect(parseRentReply('150.00')).toBe(150)
    expect(parseRentReply('OK - 99,5')).toBe(99.5)
    expect(parseRentReply('<html>')).toBeNull()
    expect(parseRentReply('{"ok":1}')).toBeNull()
    expect(isRenewalOk('OK')).toBe(true)
    expect(isRenewalOk('{}')).toBe(true)
    expect(isRenewalOk('')).toBe(true)
    expect(isRenewalOk('<html>oops</html>')).toBe(false)
  })

  it('numbers as strings or JSON numbers', () => {
    expect(intOf('12')).toBe(12)
    expect(intOf(1.5)).toBeNull()
    expect(intOf('1.5')).toBeNull()
    expect(decimalOf('1,50')).toBe(1.5)
    expect(decimalOf('')).toBeNull()
  })
})

describe('request building', () => {
  it('ids are integers 1..2147483647', () => {
    expect(isValidSmscId(1)).toBe(true)
    expect(isValidSmscId(2147483647)).toBe(true)
    expect(isValidSmscId(0)).toBe(false)
    expect(isValidSmscId(2147483648)).toBe(false)
    expect(isValidSmscId(1.5)).toBe(false)
  })

  it('several status queries are comma lists with a trailing comma', () => {
    expect(statusListParams([{ phone: '79001234567', id: '5' }])).toEqual({
      phone: '79001234567',
      id: '5',
    })
    expect(
      statusListParams([
        { phone: '79001234567', id: '5' },
        { phone: '79001234568', id: '6' },
      ]),
    ).toEqual({ phone: '79001234567,79001234568,', id: '5,6,' })
  })

  it('validity as hh:mm within 00:01..24:00', () => {
    expect(formatValidity(90)).toBe('01:30')
    expect(formatValidity(0)).toBe('00:01')
    expect(formatValidity(5000)).toBe('24:00')
  })

  it('the public backup host is www2 of the same domain', () => {
    expect(defaultBackupBaseUrl('https://smsc.ru')).toBe('https://www2.smsc.ru/')
    expect(defaultBackupBaseUrl('https://www.smsc.kz/')).toBe('https://www2.smsc.kz/')
    expect(defaultBackupBaseUrl('https://SMSC.UZ:8443/')).toBe('https://www2.smsc.uz:8443/')
    expect(defaultBackupBaseUrl('http://127.0.0.1:8080/')).toBeNull()
    expect(defaultBackupBaseUrl('not a url')).toBeNull()
  })
})

describe('RequestLimiter', () => {
  it('lets `limit` identical requests through per window, then says how long to wait', () => {
    const limiter = new RequestLimiter(60_000)
    const t0 = 1_000_000
    expect(limiter.wait('a', 2, t0)).toBe(0)
    limiter.take('a', t0)
    limiter.take('a', t0 + 10_000)
    expect(limiter.wait('a', 2, t0 + 20_000)).toBe(40_000)
    expect(limiter.wait('b', 2, t0 + 20_000)).toBe(0)
    expect(limiter.wait('a', 2, t0 + 60_000)).toBe(0)
  })
})

describe('windows-1251 replies', () => {
  it('the simulator encodes what http.ts decodes by content type', () => {
    const bytes = encodeCp1251('{"message":"Ёлка, привет №1"}')
    expect(decodeBody(bytes, 'application/json; charset=windows-1251')).toBe(
      '{"message":"Ёлка, привет №1"}',
    )
  })
})
