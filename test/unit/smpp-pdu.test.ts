// What the session writes, without a socket: system_type, the sender's TON/NPI, a message's
// submit_sm parts (alphabet, UDH or message_payload, comment, service texts) and query_sm.
import smpp from 'smpp'
import { describe, expect, it } from 'vitest'
import {
  buildSubmitParts,
  buildSystemType,
  classifySource,
  encodeDeliverSmResp,
  encodeSubmitSm,
  querySmFields,
  queryAnswer,
  submittedSource,
  systemTypeFlags,
  type SubmitFields,
  type SubmitParts,
  type SubmitSettings,
} from '../../src/main/core/providers/smpp/pdu'
import type { OutgoingSms, SubmitOutcome } from '../../src/main/core/providers/types'
import { decodeGsm7, decodeLatin1, decodeUcs2 } from '../../src/shared/sms'

const GSM: SubmitSettings = { iso: false, longMessageMode: 'udh' }
const ISO: SubmitSettings = { iso: true, longMessageMode: 'udh' }
const PAYLOAD: SubmitSettings = { iso: false, longMessageMode: 'payload' }

function sms(text: string, over: Partial<OutgoingSms> = {}): OutgoingSms {
  return {
    id: 1,
    idempotencyKey: 'k1',
    numericKey: 1,
    sender: 'Shop',
    phone: '+7 701 555-00-11',
    text,
    wantReceipt: true,
    ...over,
  }
}

/** Builds with a counter for UDH references; fails the test on a local refusal. */
function build(
  text: string,
  settings: SubmitSettings = GSM,
  over: Partial<OutgoingSms> = {},
): SubmitParts & { refsTaken: number } {
  let refsTaken = 0
  const built = buildSubmitParts(sms(text, over), settings, () => 40 + ++refsTaken)
  if ('outcome' in built) throw new Error(`refused: ${JSON.stringify(built.outcome)}`)
  return { ...built, refsTaken }
}

function refusal(text: string, over: Partial<OutgoingSms> = {}): SubmitOutcome {
  const built = buildSubmitParts(sms(text, over), GSM, () => 0)
  if (!('outcome' in built)) throw new Error('expected a refusal')
  return built.outcome
}

function bytes(
  part: SubmitFields | undefined,
  field: 'short_message' | 'message_payload' = 'short_message',
): Buffer {
  const value = part?.[field]
  if (!Buffer.isBuffer(value)) throw new Error(`${field} is not a Buffer`)
  return value
}

function decode(body: Buffer, dataCoding: unknown): string {
  if (dataCoding === 8) return decodeUcs2(body)
  if (dataCoding === 3) return decodeLatin1(body)
  return decodeGsm7(body)
}

/** The text of each UDH part, and its UDH. */
function udhParts(parts: SubmitFields[]): Array<{ udh: number[]; text: string }> {
  return parts.map((p) => {
    const raw = bytes(p)
    return { udh: [...raw.subarray(0, 6)], text: decode(raw.subarray(6), p.data_coding) }
  })
}

describe('system_type', () => {
  it('reads the profile flags in any case and order, ignoring blanks', () => {
    expect(systemTypeFlags(['mcon2', ' Single ', '', 'ISO'])).toEqual({
      mcon: 2,
      single: true,
      iso: true,
    })
    expect(systemTypeFlags([])).toEqual({})
  })

  it('refuses an unknown flag and MCON outside 1..9', () => {
    expect(() => systemTypeFlags(['FAST'])).toThrow(RangeError)
    expect(() => systemTypeFlags(['MCON0'])).toThrow(RangeError)
    expect(() => buildSystemType({ mcon: 10 })).toThrow('MCON must be 1..9')
    expect(() => buildSystemType({ mcon: 1.5 })).toThrow(RangeError)
  })

  it('is written MCON, ISO, SINGLE, joined by commas, from a list or an object', () => {
    expect(buildSystemType(['SINGLE', 'MCON2'])).toBe('MCON2,SINGLE')
    expect(buildSystemType({ iso: true, single: true, mcon: 3 })).toBe('MCON3,ISO,SINGLE')
    expect(buildSystemType([])).toBe('')
  })
})

describe('source address', () => {
  it.each([
    ['Shop', { addr: 'Shop', ton: 5, npi: 0 }],
    ['  My Shop 1 ', { addr: 'My Shop 1', ton: 5, npi: 0 }],
    ['7575', { addr: '7575', ton: 3, npi: 0 }],
    ['12345678', { addr: '12345678', ton: 3, npi: 0 }],
    ['123456789', { addr: '123456789', ton: 0, npi: 1 }],
    ['77010000000', { addr: '77010000000', ton: 1, npi: 1 }],
    ['+7 701 000-00-00', { addr: '77010000000', ton: 1, npi: 1 }],
    ['+123', { addr: '123', ton: 1, npi: 1 }],
  ])('%j is %j', (sender, expected) => {
    expect(classifySource(sender)).toEqual(expected)
  })

  it.each([[''], ['   '], ['Магазин'], ['TwelveChars1'], ['+'], ['1'.repeat(21)]])(
    '%j cannot be an SMPP source',
    (sender) => {
      expect(classifySource(sender)).toBeNull()
    },
  )
})

describe('submit_sm parts', () => {
  it('a short GSM-7 text is one part, data_coding 0, to an international number', () => {
    const { parts, chargedParts, refsTaken } = build('Your code is 1234 {ok} €5')
    expect(chargedParts).toBe(1)
    expect(refsTaken).toBe(0)
    expect(parts).toHaveLength(1)
    expect(parts[0]).toMatchObject({
      service_type: '',
      source_addr_ton: 5,
      source_addr_npi: 0,
      source_addr: 'Shop',
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: '77015550011',
      registered_delivery: 1,
      esm_class: 0,
      data_coding: 0,
    })
    expect(decodeGsm7(bytes(parts[0]))).toBe('Your code is 1234 {ok} €5')
  })

  it('asks for no receipt when none is wanted', () => {
    const { parts } = build('hi', GSM, { wantReceipt: false })
    expect(parts[0]?.registered_delivery).toBe(0)
  })

  it('Cyrillic goes UCS-2 as data_coding 8, with or without ISO', () => {
    for (const settings of [GSM, ISO]) {
      const { parts } = build('Ваш заказ готов 😀', settings)
      expect(parts[0]?.data_coding).toBe(8)
      expect(decodeUcs2(bytes(parts[0]))).toBe('Ваш заказ готов 😀')
    }
  })

  it('under ISO, Latin-1 text goes as data_coding 3', () => {
    const { parts } = build('Café à la crème', ISO)
    expect(parts[0]?.data_coding).toBe(3)
    expect(decodeLatin1(bytes(parts[0]))).toBe('Café à la crème')
  })

  it('under ISO, GSM-7 text outside Latin-1 goes UCS-2 and is split as UCS-2', () => {
    const text = 'Δ'.repeat(100)
    const { parts, chargedParts } = build(text, ISO)
    // 100 UCS-2 units need two parts of 67, where GSM-7 would have fitted one.
    expect(chargedParts).toBe(2)
    expect(parts.every((p) => p.data_coding === 8)).toBe(true)
    expect(udhParts(parts).map((p) => p.text)).toEqual(['Δ'.repeat(67), 'Δ'.repeat(33)])
  })

  it('__HLR__ and __PING__ go verbatim as one part, in the profile alphabet', () => {
    for (const text of ['__HLR__', '__PING__']) {
      const gsm = build(text)
      expect(gsm).toMatchObject({ chargedParts: 1, refsTaken: 0 })
      expect(gsm.parts[0]?.data_coding).toBe(0)
      expect([...bytes(gsm.parts[0])].slice(0, 2)).toEqual([0x11, 0x11])
      const iso = build(text, ISO)
      expect(iso.parts[0]?.data_coding).toBe(3)
      expect(bytes(iso.parts[0]).toString('latin1')).toBe(text)
    }
  })

  it('a long text goes in UDH parts sharing one reference, esm_class 0x40', () => {
    const text = 'The quick brown fox [jumps] over the lazy dog. '.repeat(8)
    const { parts, chargedParts, refsTaken } = build(text)
    expect(chargedParts).toBe(3)
    expect(refsTaken).toBe(1)
    expect(parts.map((p) => p.esm_class)).toEqual([0x40, 0x40, 0x40])
    const split = udhParts(parts)
    expect(split.map((p) => p.udh)).toEqual([
      [0x05, 0x00, 0x03, 41, 3, 1],
      [0x05, 0x00, 0x03, 41, 3, 2],
      [0x05, 0x00, 0x03, 41, 3, 3],
    ])
    expect(split.map((p) => p.text).join('')).toBe(text)
  })

  it('keeps a surrogate pair whole across UCS-2 parts', () => {
    const text = 'ж'.repeat(66) + '😀' + 'ш'.repeat(80)
    const split = udhParts(build(text).parts)
    expect(split).toHaveLength(3)
    expect(split[1]?.text.startsWith('😀')).toBe(true)
    expect(split.map((p) => p.text).join('')).toBe(text)
  })

  it('the comment rides uncounted: in a single part, and in the last UDH part', () => {
    const single = build('a'.repeat(160) + '\n~~~\nbatch 42')
    expect(single.chargedParts).toBe(1)
    expect(decodeGsm7(bytes(single.parts[0]))).toBe('a'.repeat(160) + '\n~~~\nbatch 42')
    const long = build('b'.repeat(200) + '\n~~~\nbatch 42')
    expect(long.chargedParts).toBe(2)
    expect(udhParts(long.parts).map((p) => p.text)).toEqual([
      'b'.repeat(153),
      'b'.repeat(47) + '\n~~~\nbatch 42',
    ])
  })

  it('a comment that does not fit the part, or the alphabet, is dropped', () => {
    const tooLong = build('c'.repeat(160) + '\n~~~\n' + 'n'.repeat(100))
    expect(decodeGsm7(bytes(tooLong.parts[0]))).toBe('c'.repeat(160))
    const cyrillic = build('Hello\n~~~\nпартия 42')
    expect(cyrillic.parts[0]?.data_coding).toBe(0)
    expect(decodeGsm7(bytes(cyrillic.parts[0]))).toBe('Hello')
  })

  it('payload mode: one submit_sm with message_payload, the parts still counted', () => {
    const text = 'p'.repeat(200) + '\n~~~\ninternal note'
    const { parts, chargedParts, refsTaken } = build(text, PAYLOAD)
    expect(chargedParts).toBe(2)
    expect(refsTaken).toBe(0)
    expect(parts).toHaveLength(1)
    expect(parts[0]?.esm_class).toBe(0)
    expect(bytes(parts[0])).toHaveLength(0)
    expect(decodeGsm7(bytes(parts[0], 'message_payload'))).toBe(text)
  })

  it('payload mode: a single part stays in short_message; one over 16 000 octets goes as UDH', () => {
    expect(build('short', PAYLOAD).parts[0]?.message_payload).toBeUndefined()
    const huge = build('Ж'.repeat(8100), PAYLOAD)
    expect(huge.refsTaken).toBe(1)
    expect(huge.parts).toHaveLength(121)
    expect(huge.parts.every((p) => p.esm_class === 0x40)).toBe(true)
  })

  it('refuses locally what cannot be sent', () => {
    expect(refusal('a', { sender: 'Магазин' })).toMatchObject({
      kind: 'rejected',
      code: 0x0a,
      reasonCode: 'smpp:status:0x0000000a',
    })
    expect(refusal('a', { phone: 'none' })).toMatchObject({ kind: 'rejected', code: 0x0b })
    expect(refusal('a', { phone: '1'.repeat(21) })).toMatchObject({ code: 0x0b })
    expect(refusal('')).toMatchObject({ kind: 'rejected', code: 0x01, reason: 'text is empty' })
    expect(refusal('\n~~~\nonly a comment')).toMatchObject({ code: 0x01 })
    expect(refusal('x'.repeat(153 * 255 + 1))).toMatchObject({
      code: 0x01,
      reason: 'text needs 256 parts, max 255',
    })
  })

  it('takes a new UDH reference for each long message only', () => {
    let ref = 254
    const next = (): number => (ref = (ref + 1) & 0xff)
    const first = buildSubmitParts(sms('x'.repeat(200)), GSM, next)
    buildSubmitParts(sms('short'), GSM, next)
    const second = buildSubmitParts(sms('y'.repeat(200)), GSM, next)
    const refOf = (b: typeof first): number | undefined =>
      'parts' in b ? bytes(b.parts[0])[3] : undefined
    expect([refOf(first), refOf(second)]).toEqual([255, 0])
  })
})

describe('on the wire', () => {
  /** The `smpp` package's own encoding of the same PDU: what the SMSC has always been sent. */
  const library = (fields: SubmitFields, sequence: number) =>
    new smpp.PDU('submit_sm', { ...fields, sequence_number: sequence }).toBuffer()

  it('writes every kind of submit_sm byte for byte as the smpp package does', () => {
    const cases: Array<[string, SubmitSettings, Partial<OutgoingSms>]> = [
      ['Your code is 1234 {ok} €5', GSM, {}],
      ['Ваш заказ готов 😀', GSM, { wantReceipt: false }],
      ['Café à la crème', ISO, { sender: '+992 900 00 00 00' }],
      ['x'.repeat(400), GSM, { sender: '7781' }],
      ['Долгий текст '.repeat(20), GSM, { sender: '123456789' }],
      ['y'.repeat(300), PAYLOAD, {}],
      ['Заказ '.repeat(60), PAYLOAD, { phone: '+998 90 123 45 67' }],
      ['a'.repeat(150) + '\n~~~\nbatch 42', GSM, {}],
      ['__HLR__', ISO, {}],
    ]
    let sequence = 1
    let compared = 0
    for (const [text, settings, over] of cases) {
      for (const part of build(text, settings, over).parts) {
        sequence = (sequence * 7919) % 0x7fffffff
        expect(encodeSubmitSm(part, sequence).equals(library(part, sequence)), text).toBe(true)
        compared++
      }
    }
    expect(compared).toBeGreaterThan(cases.length)
    // And the library reads it back as what was built.
    const [part] = build('Ваш заказ готов', GSM, { sender: 'Shop' }).parts
    if (!part) throw new Error('no part')
    const read = new smpp.PDU(encodeSubmitSm(part, 42))
    expect(read).toMatchObject({
      command: 'submit_sm',
      sequence_number: 42,
      source_addr: 'Shop',
      destination_addr: '77015550011',
      data_coding: 8,
      registered_delivery: 1,
    })
  })

  it('answers deliver_sm as the smpp package does, accepted or refused', () => {
    for (const status of [0, 0x64]) {
      const library = new smpp.PDU('deliver_sm', { sequence_number: 77 })
        .response({ command_status: status })
        .toBuffer()
      expect(encodeDeliverSmResp(77, status).equals(library)).toBe(true)
    }
  })
})

describe('query_sm', () => {
  it('asks with the source and exact id of the submit the session remembers', () => {
    const known = { id: '000A1B', ...submittedSource(build('Hi').parts[0] as SubmitFields) }
    expect(known).toEqual({ id: '000A1B', addr: 'Shop', ton: 5, npi: 0 })
    expect(querySmFields('a1b', known, 'Other')).toEqual({
      message_id: '000A1B',
      source_addr_ton: 5,
      source_addr_npi: 0,
      source_addr: 'Shop',
    })
  })

  it('else with the sender the outbox recorded, else a NULL source', () => {
    expect(querySmFields('77', undefined, '+77010000000')).toEqual({
      message_id: '77',
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: '77010000000',
    })
    expect(querySmFields('77', undefined, undefined)).toEqual({
      message_id: '77',
      source_addr_ton: 0,
      source_addr_npi: 0,
      source_addr: '',
    })
  })

  function resp(fields: Record<string, unknown>): smpp.PDU {
    return { command_status: 0, ...fields } as unknown as smpp.PDU
  }

  it('reads an answer as a receipt, an unknown id as missing, another refusal as nothing', () => {
    const delivered = queryAnswer(
      '77',
      resp({ message_id: '77', message_state: 2, error_code: 0, final_date: '' }),
      9,
    )
    expect(delivered).toMatchObject({ providerId: '77', stat: 'DELIVRD', receivedAt: 9 })
    expect(delivered?.raw).not.toContain('final_date')
    const dated = queryAnswer(
      '77',
      resp({ message_state: 5, error_code: 11, final_date: new Date('2024-01-02T03:04:00Z') }),
      9,
    )
    expect(dated).toMatchObject({ stat: 'UNDELIV', err: '011' })
    expect(dated?.raw).toContain('message_id=77 ')
    expect(dated?.raw).toContain('final_date=2024-01-02T03:04:00.000Z')
    expect(queryAnswer('77', resp({ command_status: 0x0c }), 9)).toMatchObject({
      providerId: '77',
      outcome: 'missing',
    })
    expect(queryAnswer('77', resp({ command_status: 0x08 }), 9)).toBeNull()
  })
})
