import { describe, expect, it } from 'vitest'
import {
  buildReceipt,
  messageIdKeys,
  normaliseMessageId,
  parseReceiptText,
  receiptOutcome,
  urlDecode,
} from '../../src/main/core/providers/smpp/receipt'

const DOC_EXAMPLE =
  'id:854019 sub:001 dlvrd:001 submit date:1108202241 done date:1108202241 stat:DELIVRD err:000'

describe('parseReceiptText', () => {
  it('parses the documented DLR example', () => {
    expect(parseReceiptText(DOC_EXAMPLE)).toEqual({
      id: '854019',
      sub: '001',
      dlvrd: '001',
      submitDate: '1108202241',
      doneDate: '1108202241',
      stat: 'DELIVRD',
      err: '000',
      text: null,
      hlr: null,
    })
  })

  it('keeps text: to the end of the line, colons and all', () => {
    const r = parseReceiptText(`${DOC_EXAMPLE} text:Hello id:1 stat:X`)
    expect(r?.text).toBe('Hello id:1 stat:X')
    expect(r?.id).toBe('854019')
    expect(r?.stat).toBe('DELIVRD')
  })

  it('tolerates any order, missing fields and key case', () => {
    const r = parseReceiptText('STAT:undeliv ID:77 Err:005')
    expect(r).toMatchObject({ id: '77', stat: 'undeliv', err: '005', sub: null, doneDate: null })
  })

  it('parses the HLR form with URL-decoded strings and empty roaming fields', () => {
    const r = parseReceiptText(
      'id:855469 stat:DELIVRD err:000 imsi:250023012345678 msc:79010000000 mcc:250 mnc:02 ' +
        'cn:Russian+Federation net:%D0%9C%D0%B5%D0%B3%D0%B0%D0%A4%D0%BE%D0%BD rcn: rnet:',
    )
    expect(r?.id).toBe('855469')
    expect(r?.hlr).toEqual({
      imsi: '250023012345678',
      msc: '79010000000',
      mcc: '250',
      mnc: '02',
      cn: 'Russian Federation',
      net: 'МегаФон',
      rcn: '',
      rnet: '',
    })
  })

  it('the documented short HLR example still yields an hlr object', () => {
    const r = parseReceiptText('id:855469 stat:DELIVRD err:000 imsi:250023012345678')
    expect(r?.hlr).toMatchObject({ imsi: '250023012345678', cn: '', net: '' })
  })

  it('returns null for garbage instead of throwing', () => {
    expect(parseReceiptText('')).toBeNull()
    expect(parseReceiptText('hello there')).toBeNull()
    expect(parseReceiptText('\u0000\u0001%%%:::')).toBeNull()
    expect(parseReceiptText(42 as unknown as string)).toBeNull()
  })
})

describe('urlDecode', () => {
  it('decodes + and %XX and survives malformed escapes', () => {
    expect(urlDecode('Russian+Federation')).toBe('Russian Federation')
    expect(urlDecode('a%2Bb')).toBe('a+b')
    expect(urlDecode('100%+sure%D0%9C')).toBe('100% sureМ')
  })
})

describe('buildReceipt', () => {
  it("takes the price from SMSC's cost TLV (0x2000), and only a price", () => {
    const priced = buildReceipt(DOC_EXAMPLE, { cost: '4.50' }, 1000)
    expect(priced).toMatchObject({ ok: true, receipt: { price: '4.50' } })
    expect(priced.ok && priced.receipt.raw).toContain('cost=4.50')
    const odd = buildReceipt(DOC_EXAMPLE, { cost: 'free' }, 1000)
    expect(odd.ok && odd.receipt.price).toBeUndefined()
    const none = buildReceipt(DOC_EXAMPLE, {}, 1000)
    expect(none.ok && none.receipt.price).toBeUndefined()
  })

  it('text-only receipt', () => {
    const r = buildReceipt(DOC_EXAMPLE, {}, 1000)
    expect(r).toEqual({
      ok: true,
      receipt: {
        providerId: '854019',
        outcome: 'delivered',
        stat: 'DELIVRD',
        err: '000',
        reasonCode: null,
        hlr: null,
        raw: DOC_EXAMPLE,
        receivedAt: 1000,
      },
    })
  })

  it('TLV-only receipt', () => {
    const r = buildReceipt(
      null,
      {
        receiptedMessageId: '00AB12',
        messageState: 5,
        networkErrorCode: Uint8Array.from([3, 0, 11]),
      },
      5,
    )
    expect(r.ok && r.receipt).toMatchObject({
      providerId: 'ab12',
      outcome: 'failed',
      stat: 'UNDELIV',
      err: '011',
      raw: 'receipted_message_id=00AB12 message_state=5 network_error_code=03000b',
    })
  })

  it('TLVs override the text where both are present', () => {
    const r = buildReceipt(
      'id:111 stat:ENROUTE err:000',
      { receiptedMessageId: '222', messageState: 3, networkErrorCode: Uint8Array.from([3, 0, 1]) },
      0,
    )
    expect(r.ok && r.receipt).toMatchObject({
      providerId: '222',
      stat: 'EXPIRED',
      outcome: 'expired',
      err: '001',
    })
    expect(r.ok && r.receipt.raw).toContain('id:111 stat:ENROUTE')
    expect(r.ok && r.receipt.raw).toContain('message_state=3')
  })

  it('maps every documented stat word', () => {
    expect(receiptOutcome('DELIVRD')).toBe('delivered')
    expect(receiptOutcome('UNDELIV')).toBe('failed')
    expect(receiptOutcome('REJECTD')).toBe('failed')
    expect(receiptOutcome('DELETED')).toBe('failed')
    expect(receiptOutcome('EXPIRED')).toBe('expired')
    expect(receiptOutcome('ACCEPTD')).toBe('accepted')
    expect(receiptOutcome('ENROUTE')).toBe('enroute')
    expect(receiptOutcome('UNKNOWN')).toBe('unknown')
    expect(receiptOutcome('whatever')).toBe('unknown')
  })

  it('an unknown message_state falls back to the text stat', () => {
    const r = buildReceipt('id:1 stat:DELIVRD', { messageState: 99 }, 0)
    expect(r.ok && r.receipt.stat).toBe('DELIVRD')
  })

  it('garbage gives a clear error, never a throw', () => {
    const r = buildReceipt('this is not a receipt', {}, 0)
    expect(r).toEqual({ ok: false, error: expect.stringContaining('no message id') })
    expect(buildReceipt(null, {}, 0).ok).toBe(false)
  })
})

describe('message id normalisation', () => {
  it('canonical form is trimmed, lower-case, without leading zeros', () => {
    expect(normaliseMessageId(' 00A1B ')).toBe('a1b')
    expect(normaliseMessageId('000')).toBe('0')
    expect(normaliseMessageId('854019')).toBe('854019')
  })

  it('a hex submit id and its decimal receipt id share a key', () => {
    const submitKeys = messageIdKeys('1A2B')
    expect(submitKeys).toEqual(['1a2b', '6699'])
    expect(submitKeys).toContain(normaliseMessageId('6699'))
  })

  it('a decimal submit id also offers its hex form', () => {
    expect(messageIdKeys('6699')).toEqual(['6699', '26265', '1a2b'])
    expect(messageIdKeys('6699')).toContain(normaliseMessageId('1A2B'))
  })

  it('non-numeric ids have only their canonical key', () => {
    expect(messageIdKeys('msg-XYZ')).toEqual(['msg-xyz'])
  })
})
