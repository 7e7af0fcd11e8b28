// SMSC's message types as texts and parameters: what goes over SMPP (a prefixed text, as the
// SMPP document writes each one) and over HTTP (send.php's flags), how each type is counted,
// and what is refused before anything is queued.
import { describe, expect, it } from 'vitest'
import {
  accidentalType,
  countMessage,
  httpTypedParams,
  MESSAGE_TYPES,
  normaliseTyped,
  parseTypedText,
  PING_TEXT,
  smppTypedText,
  typeProblem,
  type MessageTypeOptions,
} from '../../src/shared/message-types'

describe('the SMPP text of each type', () => {
  it('writes each type exactly as the SMPP document does', () => {
    expect(smppTypedText('Привет', { type: 'viber' })).toBe('__VIBER__: Привет')
    expect(smppTypedText('Hi all', { type: 'soc' })).toBe('__SOC__: Hi all')
    expect(smppTypedText('Order 5 is ready', { type: 'bot', bot: 'shop_bot' })).toBe(
      '__BOT__: Order 5 is ready\nbot:@shop_bot',
    )
    expect(smppTypedText('See attached', { type: 'mms', subject: 'Invoice' })).toBe(
      '__MMS__: See attached\nsubj:Invoice',
    )
    expect(smppTypedText('Dear customer', { type: 'mail', subject: 'Your order' })).toBe(
      '__MAIL__: Dear customer\nsubj:Your order',
    )
    expect(smppTypedText('Your code is 1 2 3 4', { type: 'call', voice: 'm2' })).toBe(
      '__CALL__: Your code is 1 2 3 4\nvoice:m2',
    )
    expect(smppTypedText('anything', { type: 'ping' })).toBe('__PING__')
    expect(smppTypedText('__VIBER__: an SMS', { type: 'sms' })).toBe('__VIBER__: an SMS')
    expect(smppTypedText('plain', undefined)).toBe('plain')
  })

  it("keeps a comment last, where SMSC strips it, and puts Viber's picture and button in", () => {
    expect(smppTypedText('Hello\n~~~\nticket 7', { type: 'mail', subject: 'S' })).toBe(
      '__MAIL__: Hello\nsubj:S\n~~~\nticket 7',
    )
    expect(
      smppTypedText('Sale', {
        type: 'viber',
        viberImageUrl: 'https://shop.example/p.png',
        viberButton: { text: 'Open', url: 'https://shop.example/' },
      }),
    ).toBe(
      '__VIBER__: Sale\n<img src="https://shop.example/p.png">\n<button text="Open" url="https://shop.example/">',
    )
  })

  it('reads a typed text back into the text and fields the agent wrote', () => {
    const cases: [string, MessageTypeOptions][] = [
      ['Hello', { type: 'viber' }],
      ['Two\nlines', { type: 'mms', subject: 'Photos' }],
      ['Code 12', { type: 'call', voice: 'w3' }],
      ['Hi', { type: 'bot', bot: '@shop_bot' }],
      ['Dear\nsir\n~~~\nnote', { type: 'mail', subject: 'Re' }],
    ]
    for (const [text, options] of cases) {
      expect(parseTypedText(smppTypedText(text, options))).toEqual({ text, options })
    }
    expect(parseTypedText(PING_TEXT)).toEqual({ text: '', options: { type: 'ping' } })
    expect(parseTypedText('just an SMS')).toEqual({
      text: 'just an SMS',
      options: { type: 'sms' },
    })
  })
})

describe('the HTTP parameters of each type', () => {
  it("sets the type's flag and fields, and a ping sends no text", () => {
    expect(httpTypedParams('Hi', { type: 'viber' })).toEqual({
      mes: 'Hi',
      params: { viber: '1' },
    })
    expect(httpTypedParams('Hi', { type: 'mail', subject: 'S' })).toEqual({
      mes: 'Hi',
      params: { mail: '1', subj: 'S' },
    })
    expect(httpTypedParams('Code', { type: 'call', voice: 'm' })).toEqual({
      mes: 'Code',
      params: { call: '1', voice: 'm' },
    })
    expect(httpTypedParams('Hi', { type: 'bot', bot: 'shop_bot' })).toEqual({
      mes: 'Hi',
      params: { bot: '@shop_bot' },
    })
    expect(httpTypedParams('x', { type: 'ping' })).toEqual({ mes: null, params: { ping: '1' } })
    expect(httpTypedParams('Hi\n~~~\nc', undefined)).toEqual({ mes: 'Hi\n~~~\nc', params: {} })
  })
})

describe('counting by type', () => {
  it('counts an SMS by its parts and every other type as one message up to its limit', () => {
    const long = 'Ваш заказ готов к выдаче. '.repeat(4) // 104 UCS-2 characters
    expect(countMessage(long)).toMatchObject({ counts: 'sms', parts: 2, encoding: 'UCS2' })
    expect(countMessage(long, 'viber')).toMatchObject({
      counts: 'one',
      parts: 1,
      units: 104,
      max: 1000,
      remaining: 896,
    })
    expect(countMessage('x'.repeat(4000), 'bot')).toMatchObject({ parts: 1, remaining: 96 })
    // The comment is not the recipient's text.
    expect(countMessage('Hi\n~~~\nnote', 'viber').units).toBe(2)
    expect(countMessage(PING_TEXT, 'ping')).toMatchObject({ counts: 'none', parts: 1 })
  })
})

describe('what is refused before anything is queued', () => {
  const all = MESSAGE_TYPES
  it('finds a service prefix at the start of an SMS, in any case, after blanks', () => {
    expect(accidentalType('__VIBER__: hi')).toEqual({ prefix: '__VIBER__', type: 'viber' })
    expect(accidentalType('  __call__ hello')).toEqual({ prefix: '__CALL__', type: 'call' })
    expect(accidentalType('__hlr__ for 7916…')).toEqual({ prefix: '__HLR__', type: 'hlr' })
    // The service requests alone are what they say: the console's own HLR lookups are one.
    expect(accidentalType('__HLR__')).toBeNull()
    expect(accidentalType(' __PING__ ')).toBeNull()
    expect(accidentalType('Hello __VIBER__')).toBeNull()
    expect(accidentalType('_VIBER_ sale')).toBeNull()
  })

  it('refuses at the field that is wrong', () => {
    expect(typeProblem('Hi', { type: 'viber' }, ['sms'])).toEqual({
      field: 'messageType.type',
      id: 'message.typeUnsupported',
      params: { type: 'viber' },
    })
    expect(typeProblem('Hi', { type: 'mail' }, all)).toMatchObject({
      field: 'messageType.subject',
      params: { type: 'mail', field: 'subject' },
    })
    expect(typeProblem('Hi', { type: 'mms', subject: '  ' }, all)?.field).toBe(
      'messageType.subject',
    )
    expect(typeProblem('Hi', { type: 'bot' }, all)?.field).toBe('messageType.bot')
    expect(typeProblem('x'.repeat(1001), { type: 'viber' }, all)).toMatchObject({
      field: 'text',
      id: 'message.typeTooLong',
      params: { max: 1000 },
    })
    expect(typeProblem('x'.repeat(1000), { type: 'viber' }, all)).toBeNull()
    expect(typeProblem('Hi', { type: 'call', voice: 'w' }, all)).toBeNull()
  })

  it('refuses an SMS that SMSC would read as another type, only where SMSC would', () => {
    expect(typeProblem('__MAIL__: hi', undefined, all)).toMatchObject({
      field: 'text',
      id: 'message.accidentalType',
      params: { prefix: '__MAIL__', type: 'mail' },
    })
    expect(typeProblem('__MAIL__: hi', { type: 'sms' }, all)?.id).toBe('message.accidentalType')
    // Another provider sends it as the plain text it is.
    expect(typeProblem('__MAIL__: hi', undefined, ['sms'])).toBeNull()
  })

  it("keeps only a type's own fields, and a ping's text is the ping", () => {
    expect(
      normaliseTyped('Hi', { type: 'viber', subject: 'stray', voice: 'm', viberImageUrl: null }),
    ).toEqual({ text: 'Hi', messageType: { type: 'viber' } })
    expect(normaliseTyped('whatever', { type: 'ping' })).toEqual({
      text: PING_TEXT,
      messageType: { type: 'ping' },
    })
    expect(normaliseTyped('Hi', { type: 'sms', subject: 'x' })).toEqual({
      text: 'Hi',
      messageType: undefined,
    })
  })
})
