// smsgate's pure parts: error texts → outcomes, the document's message rules, request
// building for the three interfaces, reply parsing (documented shapes and garbage), and
// how a state becomes a receipt.
import { describe, expect, it } from 'vitest'
import {
  classifySmsgateError,
  describeSmsgateError,
  SMSGATE_ERROR_TEXTS as E,
  SMSGATE_ERRORS,
  smsgateCapabilities,
  smsgateErrorOutcome,
  validateSmsgateMessage,
} from '../../src/main/core/providers/smsgate/provider'
import type { SmsgateErrorCode } from '../../src/main/core/providers/smsgate/errors'
import {
  buildGetSend,
  buildGetState,
  parseGetSendReply,
  parseGetStateReply,
} from '../../src/main/core/providers/smsgate/get'
import {
  buildJsonSend,
  buildJsonState,
  parseJsonSendReply,
  parseJsonStateReply,
} from '../../src/main/core/providers/smsgate/json'
import {
  addPrices,
  channelPrices,
  receiptChannel,
  smsgateReceipt,
  stateOutcome,
  type SmsgateState,
} from '../../src/main/core/providers/smsgate/receipt'
import {
  formatZoned,
  messageFields,
  parseZoned,
  validateSmsgateDraft,
  type SmsgateDraft,
  type SmsgateMessage,
  type SmsgateMessageInput,
} from '../../src/main/core/providers/smsgate/validate'
import {
  buildXmlSend,
  buildXmlState,
  parseXmlSendReply,
  parseXmlStateReply,
} from '../../src/main/core/providers/smsgate/xml'
import {
  child,
  childrenNamed,
  parseXml,
  XmlError,
} from '../../src/main/core/providers/smsgate/xml-lite'

describe('error texts', () => {
  const table: Array<[string, SmsgateErrorCode, string]> = [
    [E.duplicateRequest, 'duplicate-request', 'retry'],
    [`error: ${E.duplicateRequest}`, 'duplicate-request', 'retry'],
    [E.duplicateClientId, 'duplicate-client-id', 'accepted'],
    [E.template, 'template', 'rejected'],
    [E.notAccepted, 'not-found', 'rejected'],
    [E.badToken, 'token', 'paused'],
    [E.badLogin, 'auth', 'paused'],
    ['Invalid login or password', 'auth', 'paused'],
    [E.blocked, 'blocked', 'paused'],
    [E.ip, 'ip', 'paused'],
    [E.balance, 'balance', 'paused'],
    ['Insufficient funds', 'balance', 'paused'],
    [E.vkDisabled, 'vk-disabled', 'rejected'],
    [E.imageNeedsButton, 'image', 'rejected'],
    [E.buttonTextTooLong, 'button', 'rejected'],
    [E.buttonNeedsUrl, 'button', 'rejected'],
    [E.buttonNeedsText, 'button', 'rejected'],
    [E.validity, 'validity', 'rejected'],
    [E.timeSend, 'time-send', 'rejected'],
    [E.senderViber, 'sender', 'rejected'],
    [E.senderSms, 'sender', 'rejected'],
    [E.senderNotAllowed, 'sender', 'rejected'],
    [E.phone, 'phone', 'rejected'],
    [E.textViberMissing, 'text', 'rejected'],
    [E.textViberTooLong, 'text', 'rejected'],
    [E.textWhatsappMissing, 'text', 'rejected'],
    [E.textWhatsappTooLong, 'text', 'rejected'],
    [E.textSmsMissing, 'text', 'rejected'],
    [E.noChannel, 'channel', 'rejected'],
    [E.temporary, 'temporary', 'retry'],
    [E.badJson, 'bad-request', 'rejected'],
    [E.badXml, 'bad-request', 'rejected'],
    ['Что-то пошло не так', 'other', 'rejected'],
  ]

  it.each(table)('%s → %s → %s', (text, code, kind) => {
    expect(classifySmsgateError(text).code).toBe(code)
    const out = smsgateErrorOutcome(text, true)
    expect(out.kind).toBe(kind)
    // The reason is English first, with the provider's own words for support.
    const said = out.kind === 'accepted' ? out.note?.reason : out.reason
    expect(said).toContain(`«${text.replace(/^error: /, '')}»`)
    if (out.kind === 'paused' || out.kind === 'rejected') expect(out.code).toBe(code)
  })

  it('covers every kind and every simulator text', () => {
    const codes = new Set(table.map(([, c]) => c))
    for (const k of SMSGATE_ERRORS) expect(codes, k.code).toContain(k.code)
    const texts = new Set(table.map(([t]) => t))
    for (const t of Object.values(E)) expect(texts, t).toContain(t)
  })

  it('"already sent with this client_id_message" is the first send, accepted: no id, no report, no resend', () => {
    expect(smsgateErrorOutcome(E.duplicateClientId, true, 2)).toEqual({
      kind: 'accepted',
      providerIds: [],
      parts: 2,
      note: {
        reason: expect.stringMatching(
          /first send was accepted.*no id_message, so no delivery report can follow/,
        ),
        reasonCode: 'smsgate:duplicate-client-id',
      },
    })
    // Without our key (GET) the text cannot be about our message.
    expect(smsgateErrorOutcome(E.duplicateClientId, false).kind).toBe('unknown')
  })

  it('without a key (GET) a lost or refused-as-duplicate send is unknown, never resent', () => {
    expect(smsgateErrorOutcome(E.duplicateRequest, false).kind).toBe('unknown')
    expect(smsgateErrorOutcome(E.temporary, false).kind).toBe('unknown')
    expect(smsgateErrorOutcome(E.badLogin, false).kind).toBe('paused')
    expect(smsgateErrorOutcome(E.phone, false).kind).toBe('rejected')
  })

  it('describes an empty error', () => {
    expect(describeSmsgateError('  ')).toMatch(/refused the message .*empty error/)
  })
})

describe('capabilities', () => {
  it('JSON/XML dedupe on client_id_message; GET does not', () => {
    expect(smsgateCapabilities({})).toMatchObject({
      batchSize: 50,
      idempotencyKey: true,
      receipts: 'poll',
      balance: false,
      channels: ['viber', 'whatsapp', 'vk', 'sms'],
    })
    expect(smsgateCapabilities({ interface: 'xml', batchSize: 500 }).batchSize).toBe(100)
    expect(smsgateCapabilities({ interface: 'json', batchSize: 0 }).batchSize).toBe(1)
    expect(smsgateCapabilities({ interface: 'get', batchSize: 10 })).toMatchObject({
      batchSize: 1,
      idempotencyKey: false,
    })
  })
})

const base: SmsgateMessageInput = {
  phone: '+7 (900) 123-45-67',
  sender: 'Shop',
  text: 'Hello',
  numericKey: 42,
}

function valid(input: Partial<SmsgateMessageInput>, defaults = {}): SmsgateMessage {
  const v = validateSmsgateMessage(
    { ...base, ...input },
    { senders: { viber: 'ShopV' }, ...defaults },
  )
  if (!v.ok) throw new Error(`${v.field}: ${v.reason}`)
  return v.message
}

function refusal(input: Partial<SmsgateMessageInput>, defaults = {}): string {
  const v = validateSmsgateMessage(
    { ...base, ...input },
    { senders: { viber: 'ShopV' }, ...defaults },
  )
  if (v.ok) throw new Error('expected a refusal')
  expect(v.reason.length).toBeGreaterThan(10)
  return v.field
}

describe('validateSmsgateMessage', () => {
  it('without a cascade: SMS only, with the message sender and text', () => {
    const m = valid({})
    expect(m).toMatchObject({
      clientId: 42,
      phone: '79001234567',
      channels: [{ channel: 'sms', order: 1, sender: 'Shop', text: 'Hello' }],
      button: null,
      timeSend: null,
    })
    expect(messageFields(m, 'json')).toEqual({
      send_viber: '0',
      send_whatsapp: '0',
      send_vk: '0',
      send_sms: '1',
      sender_sms: 'Shop',
      text_sms: 'Hello',
    })
  })

  it('a full cascade: orders 1..n, per-channel senders and texts, button, image, validity', () => {
    const m = valid(
      {
        cascade: {
          order: ['viber', 'whatsapp', 'vk', 'sms'],
          senders: { sms: 'ShopSms' },
          texts: { viber: 'V text', whatsapp: 'W text' },
          viberButton: { text: 'Open', url: 'https://a.example/x' },
          viberImageUrl: 'https://a.example/i.png',
          validityMinutes: 90,
          finalOnRead: true,
          mailingName: 'Autumn',
        },
      },
      { vkTemplateId: 100, vkTemplateData: { Name: 'Ivan' } },
    )
    expect(messageFields(m, 'json')).toEqual({
      send_viber: '1',
      send_whatsapp: '2',
      send_vk: '3',
      send_sms: '4',
      name_delivery: 'Autumn',
      sender_viber: 'ShopV',
      text_viber: 'V text',
      sender_whatsapp: 'Shop',
      text_whatsapp: 'W text',
      sender_sms: 'ShopSms',
      text_sms: 'Hello',
      button_text: 'Open',
      button_url: 'https://a.example/x',
      image_url: 'https://a.example/i.png',
      validity_period_viber: '90',
      finale_viber_read: '1',
      templateId: '100',
    })
    // GET has no name_delivery (nor time_send).
    expect(messageFields(m, 'get')).not.toHaveProperty('name_delivery')
    expect(m.template).toEqual({ id: '100', data: { Name: 'Ivan' } })
  })

  it('applies every documented limit', () => {
    const viber = (over: object) => ({ cascade: { order: ['viber' as const], ...over } })
    expect(refusal(viber({ texts: { viber: 'я'.repeat(1001) } }))).toBe('text_viber')
    expect(() => valid(viber({ texts: { viber: 'я'.repeat(1000) } }))).not.toThrow()
    expect(refusal(viber({ texts: { viber: '  ' } }))).toBe('text_viber')
    expect(
      refusal({ cascade: { order: ['whatsapp'], texts: { whatsapp: 'x'.repeat(1001) } } }),
    ).toBe('text_whatsapp')
    expect(refusal(viber({ viberButton: { text: 'x'.repeat(20), url: 'https://a.b' } }))).toBe(
      'button_text',
    )
    expect(() =>
      valid(viber({ viberButton: { text: 'x'.repeat(19), url: 'https://a.b' } })),
    ).not.toThrow()
    expect(refusal(viber({ viberButton: { text: 'Go', url: '' } }))).toBe('button_url')
    expect(refusal(viber({ viberButton: { text: '', url: 'https://a.b' } }))).toBe('button_text')
    expect(refusal(viber({ viberButton: { text: 'Go', url: 'javascript:alert(1)' } }))).toBe(
      'button_url',
    )
    expect(refusal(viber({ viberImageUrl: 'https://a.b/i.png' }))).toBe('image_url')
    expect(refusal(viber({ validityMinutes: 0 }))).toBe('validity_period_viber')
    expect(refusal(viber({ validityMinutes: 1.5 }))).toBe('validity_period_viber')
    expect(refusal({ ...viber({}), sender: '' }, { senders: {} })).toBe('sender_viber')
    expect(refusal({ sender: '' })).toBe('sender_sms')
    expect(refusal({ text: '' })).toBe('text_sms')
    expect(refusal({ cascade: { order: ['vk'] } })).toBe('templateId')
    expect(refusal({ cascade: { order: [] } })).toBe('order')
    expect(refusal({ cascade: { order: ['sms', 'sms'] } })).toBe('order')
    expect(refusal({ phone: '12345' })).toBe('phone')
    expect(refusal({ phone: '0791234567' })).toBe('phone')
    expect(refusal({ numericKey: 0 })).toBe('client_id_message')
    expect(refusal({ numericKey: 2 ** 31 })).toBe('client_id_message')
  })

  it('names the draft field the agent fixes, whatever smsgate calls it', () => {
    const pathOf = (draft: Partial<SmsgateDraft>) => {
      const v = validateSmsgateDraft({ ...base, ...draft }, { senders: {} })
      return v.ok ? null : v.path
    }
    const viber = (over: object) => ({ cascade: { order: ['viber' as const], ...over } })
    expect(pathOf({ phone: '12345' })).toBe('phone')
    expect(pathOf({ text: ' ' })).toBe('text')
    expect(pathOf({ sender: ' ' })).toBe('sender')
    expect(pathOf(viber({ texts: { viber: ' ' } }))).toBe('cascade.texts.viber')
    expect(pathOf({ ...viber({}), sender: '' })).toBe('sender')
    expect(pathOf(viber({ senders: { viber: ' ' } }))).toBe('cascade.senders.viber')
    expect(pathOf(viber({ viberButton: { text: 'Go', url: '' } }))).toBe('cascade.viberButton.url')
    expect(pathOf(viber({ viberButton: { text: '', url: 'https://a.b' } }))).toBe(
      'cascade.viberButton.text',
    )
    expect(pathOf(viber({ viberImageUrl: 'https://a.b/i.png' }))).toBe('cascade.viberImageUrl')
    expect(pathOf(viber({ validityMinutes: 0 }))).toBe('cascade.validityMinutes')
    expect(pathOf({ cascade: { order: ['vk'] } })).toBe('cascade.order')
    expect(pathOf({ cascade: { order: ['sms', 'sms'] } })).toBe('cascade.order')
    // The draft has no key: only a claimed message is checked for one.
    expect(pathOf({})).toBeNull()
  })

  it('a WhatsApp sender is optional; button and image are ignored without Viber', () => {
    const m = valid(
      {
        sender: '',
        cascade: {
          order: ['whatsapp'],
          viberButton: { text: 'x'.repeat(30), url: '' },
        },
      },
      { senders: {} },
    )
    expect(m.channels).toEqual([{ channel: 'whatsapp', order: 1, sender: null, text: 'Hello' }])
    expect(m.button).toBeNull()
    expect(messageFields(m, 'json')).not.toHaveProperty('finale_viber_read')
  })

  it('sendAt becomes time_send in the provider zone; GET cannot schedule', () => {
    const now = Date.UTC(2024, 0, 10, 9, 0, 0)
    const at = Date.UTC(2024, 0, 10, 12, 30, 0)
    const v = validateSmsgateMessage({ ...base, sendAt: at }, {}, now)
    expect(v.ok && v.message.timeSend).toBe('2024-01-10 15:30')
    const utc = validateSmsgateMessage({ ...base, sendAt: at }, { timeZone: 'UTC' }, now)
    expect(utc.ok && utc.message.timeSend).toBe('2024-01-10 12:30')
    // Due now (or past): sent at once, no time_send.
    expect(validateSmsgateMessage({ ...base, sendAt: now - 1000 }, {}, now)).toMatchObject({
      ok: true,
      message: { timeSend: null },
    })
    expect(
      validateSmsgateMessage({ ...base, sendAt: at }, { interface: 'get' }, now),
    ).toMatchObject({ ok: false, field: 'time_send' })
    expect(
      validateSmsgateMessage({ ...base, sendAt: at }, { timeZone: 'Mars/Olympus' }, now),
    ).toMatchObject({ ok: false, field: 'timeZone' })
  })
})

describe('time_send format', () => {
  it('round-trips through a zone, and refuses nonsense', () => {
    const t = Date.UTC(2017, 10, 23, 10, 0, 0)
    expect(formatZoned(t, 'Europe/Moscow', false)).toBe('2017-11-23 13:00')
    expect(formatZoned(t, 'Europe/Moscow', true)).toBe('2017-11-23 13:00:00')
    expect(parseZoned('2017-11-23 13:00', 'Europe/Moscow')).toBe(t)
    expect(parseZoned('2017-11-23 13:15:25', 'Europe/Moscow')).toBe(t + 15 * 60_000 + 25_000)
    expect(parseZoned('2017-02-30 13:00', 'Europe/Moscow')).toBeNull()
    expect(parseZoned('23.11.2017 13:00', 'Europe/Moscow')).toBeNull()
  })
})

const creds = { login: 'user', password: 'p&ss<"' }

describe('request building', () => {
  const m = valid({
    text: 'Line 1\nLine 2 <b>&',
    cascade: {
      order: ['viber', 'sms'],
      viberButton: { text: 'Open', url: 'https://a.example/?a=1&b=2' },
    },
  })

  it('JSON: the documented document, client_id_message as text', () => {
    expect(buildJsonSend([m], creds)).toEqual({
      login: 'user',
      password: 'p&ss<"',
      message: [
        {
          ...messageFields(m, 'json'),
          phones: [{ phone: '79001234567', client_id_message: '42' }],
        },
      ],
    })
    expect(buildJsonSend([m], null)).not.toHaveProperty('login')
    expect(buildJsonState(['1', '2'], creds)).toEqual({
      login: 'user',
      password: 'p&ss<"',
      state: [{ id_message: '1' }, { id_message: '2' }],
    })
  })

  it('XML: one line, escaped, line breaks as \\n, abonent with our key', () => {
    const x = buildXmlSend([m, m], creds)
    expect(x).not.toMatch(/[\r\n]/)
    const root = parseXml(x)
    expect(root.name).toBe('request')
    const sec = child(root, 'security')
    expect(sec && child(sec, 'password')?.attrs.value).toBe('p&ss<"')
    const msgs = childrenNamed(root, 'message')
    expect(msgs).toHaveLength(2)
    const first = msgs[0]!
    expect(child(first, 'text_sms')?.text).toBe('Line 1\\nLine 2 <b>&')
    expect(child(first, 'button_url')?.text).toBe('https://a.example/?a=1&b=2')
    expect(child(first, 'abonent')?.attrs).toEqual({
      phone: '79001234567',
      client_id_message: '42',
    })
    expect(child(parseXml(buildXmlSend([m], null)), 'security')).toBeUndefined()
    const st = parseXml(buildXmlState(['111', '112'], creds))
    expect(childrenNamed(child(st, 'state')!, 'id_message').map((e) => e.text)).toEqual([
      '111',
      '112',
    ])
  })

  it('XML: templateData as child elements', () => {
    const vk = valid(
      { cascade: { order: ['vk'] } },
      { vkTemplateId: 5, vkTemplateData: { Name: 'Имя' } },
    )
    const root = parseXml(buildXmlSend([vk], creds))
    const data = child(childrenNamed(root, 'message')[0]!, 'templateData')
    expect(data?.children.map((c) => [c.name, c.text])).toEqual([['Name', 'Имя']])
  })

  it('GET: query parameters, templateData as JSON text, no client id', () => {
    const vk = valid(
      { cascade: { order: ['vk', 'sms'] } },
      { vkTemplateId: 5, vkTemplateData: { Name: 'Имя' } },
    )
    const q = buildGetSend(vk, creds)
    expect(q).toMatchObject({
      login: 'user',
      phone: '79001234567',
      send_vk: '1',
      send_sms: '2',
      templateId: '5',
      templateData: '{"Name":"Имя"}',
    })
    expect(q).not.toHaveProperty('client_id_message')
    expect(buildGetState('7', null)).toEqual({ id_message: '7' })
  })
})

describe('send replies', () => {
  it('JSON: the documented example, per phone and per message errors', () => {
    const reply = {
      message: [
        [
          {
            id_message: '1000123',
            client_id_message: '111',
            phone: '79801234567',
            count_message: '2',
            id_viber: '0',
            id_whatsapp: '0',
            id_sms: '555',
            id_vk: '0',
          },
          { client_id_message: '112', phone: '79800000001', error: E.phone },
          { base: '4', phone: '79800000009', error: 'Ошибка' },
        ],
        [{ id_message: 1000124, client_id_message: 113, phone: '79800000002' }],
        { error: E.senderViber },
      ],
    }
    expect(parseJsonSendReply(reply)).toEqual({
      kind: 'messages',
      messages: [
        [
          {
            ok: true,
            idMessage: '1000123',
            clientId: '111',
            phone: '79801234567',
            parts: 2,
            channelIds: { sms: '555' },
            status: null,
          },
          { ok: false, error: E.phone, clientId: '112', phone: '79800000001' },
          { ok: false, error: 'Ошибка', clientId: null, phone: '79800000009' },
        ],
        [
          {
            ok: true,
            idMessage: '1000124',
            clientId: '113',
            phone: '79800000002',
            parts: null,
            channelIds: {},
            status: null,
          },
        ],
        { error: E.senderViber },
      ],
    })
    expect(parseJsonSendReply({ error: E.badLogin })).toEqual({ kind: 'error', error: E.badLogin })
  })

  it.each([
    null,
    [],
    'text',
    {},
    { message: 'x' },
    { message: [[{ phone: '7900' }]] },
    { message: [[{ id_message: '0' }]] },
    { message: [42] },
  ])('JSON garbage %j → null', (v) => {
    expect(parseJsonSendReply(v)).toBeNull()
  })

  it('XML: the documented example', () => {
    const body =
      '<?xml version="1.0" encoding="utf-8" ?>\n<response>\n<message>\n\t<information id_message="1000123" client_id_message="111" id_sms="5" id_viber="6" id_vk="0" phone="79801234567">send</information>\n\t<information client_id_message="112" phone="79800000001">Неверный номер телефона</information>\n</message>\n<message>\n\t<error>Текст ошибки</error>\n</message>\n</response>'
    expect(parseXmlSendReply(body)).toEqual({
      kind: 'messages',
      messages: [
        [
          {
            ok: true,
            idMessage: '1000123',
            clientId: '111',
            phone: '79801234567',
            parts: null,
            channelIds: { sms: '5', viber: '6' },
            status: 'send',
          },
          { ok: false, error: E.phone, clientId: '112', phone: '79800000001' },
        ],
        { error: 'Текст ошибки' },
      ],
    })
    expect(
      parseXmlSendReply(
        '<?xml version="1.0"?><response><error>Неверный логин или пароль</error></response>',
      ),
    ).toEqual({ kind: 'error', error: E.badLogin })
  })

  it.each([
    '',
    '<html><body>502</body></html>',
    '<response><message>',
    '<response><message></message></response>',
    '{"message":[]}',
    '<response><message><information id_message="1"></message></response>',
  ])('XML garbage %j → null', (body) => {
    expect(parseXmlSendReply(body)).toBeNull()
  })

  it('GET: an id, several ids, an error text; HTML or nothing is not an answer', () => {
    expect(parseGetSendReply('1000123')).toEqual({ kind: 'ids', ids: ['1000123'] })
    expect(parseGetSendReply('1000123,10001234\n')).toEqual({
      kind: 'ids',
      ids: ['1000123', '10001234'],
    })
    expect(parseGetSendReply(`error: ${E.duplicateRequest}`)).toEqual({
      kind: 'error',
      error: `error: ${E.duplicateRequest}`,
    })
    expect(parseGetSendReply('')).toBeNull()
    expect(parseGetSendReply('<!DOCTYPE html><html></html>')).toBeNull()
    expect(parseGetSendReply('{"error":"x"}')).toBeNull()
  })
})

describe('state replies', () => {
  const doc = {
    id_message: '111',
    time_change_state: '2017-11-23 13:15:25',
    state: 'deliver',
    state_sms: 'deliver',
    state_viber: 'not_deliver',
    state_whatsapp: 'send',
    state_vk: 'send',
    num_parts_sms: '2',
    price_sms: '5.00',
    price_viber: '0.90',
    price_whatsapp: '',
    price_vk: '0',
  }

  it('JSON: the documented shape', () => {
    const r = parseJsonStateReply({ state: [doc] })
    expect(r).toMatchObject({
      kind: 'states',
      states: [
        {
          idMessage: '111',
          timeChangeState: '2017-11-23 13:15:25',
          state: 'deliver',
          channels: { sms: 'deliver', viber: 'not_deliver', whatsapp: 'send', vk: 'send' },
          numPartsSms: 2,
          prices: { sms: '5.00', viber: '0.90', vk: '0' },
        },
      ],
    })
    expect(parseJsonStateReply({ error: E.duplicateRequest })).toEqual({
      kind: 'error',
      error: E.duplicateRequest,
    })
    expect(parseJsonStateReply({ state: [{ state: 'send' }] })).toBeNull()
    expect(parseJsonStateReply({ state: 'deliver' })).toBeNull()
    expect(parseJsonStateReply([])).toBeNull()
  })

  it('XML: the documented shape, the overall state as the element text', () => {
    const attrs = Object.entries(doc)
      .filter(([k]) => k !== 'state')
      .map(([k, v]) => `${k}="${v}"`)
      .join(' ')
    const r = parseXmlStateReply(
      `<?xml version="1.0" encoding="utf-8" ?><response><state ${attrs}>deliver</state><state id_message="112" time_change_state="">${E.notAccepted}</state></response>`,
    )
    expect(r).toMatchObject({
      kind: 'states',
      states: [
        { idMessage: '111', state: 'deliver', channels: { viber: 'not_deliver' }, numPartsSms: 2 },
        { idMessage: '112', state: E.notAccepted, timeChangeState: '' },
      ],
    })
    expect(parseXmlStateReply('<response><error>x</error></response>')).toEqual({
      kind: 'error',
      error: 'x',
    })
    expect(parseXmlStateReply('<html/>')).toBeNull()
    expect(parseXmlStateReply('<response><state>deliver</state></response>')).toBeNull()
  })

  it('GET: one word, or an error text without its prefix', () => {
    expect(parseGetStateReply('deliver\n', '7')).toMatchObject({ idMessage: '7', state: 'deliver' })
    expect(parseGetStateReply(`error: ${E.badLogin}`, '7')?.state).toBe(E.badLogin)
    expect(parseGetStateReply('<html></html>', '7')).toBeNull()
  })
})

function st(over: Partial<SmsgateState>): SmsgateState {
  return {
    idMessage: '1',
    timeChangeState: '',
    state: 'send',
    channels: {},
    numPartsSms: null,
    prices: {},
    raw: 'raw',
    ...over,
  }
}

describe('receipts', () => {
  it.each([
    ['send', 'enroute'],
    ['deliver', 'delivered'],
    ['not_deliver', 'failed'],
    ['expired', 'expired'],
    // Final by the document: sent, no status will ever come.
    ['partly_deliver', 'failed'],
    // smsgate holds no message under the id asked about.
    ['Сообщение с таким ID не принималось', 'missing'],
    ['Неизвестная ошибка', 'unknown'],
  ])('%s → %s', (state, outcome) => {
    expect(stateOutcome(state)).toBe(outcome)
  })

  it('delivered: the delivering channel, the total price, the path in the reason', () => {
    const r = smsgateReceipt(
      st({
        state: 'deliver',
        channels: { viber: 'not_deliver', whatsapp: 'expired', sms: 'deliver', vk: 'send' },
        prices: { viber: '0.90', whatsapp: '1.2', sms: '2.50' },
      }),
      null,
      5,
    )
    expect(r).toEqual({
      providerId: '1',
      outcome: 'delivered',
      stat: 'deliver',
      err: null,
      reason: 'Delivered via SMS (Viber not delivered, WhatsApp expired, SMS delivered)',
      reasonCode: null,
      channel: 'sms',
      price: '4.60',
      // Each channel's price kept beside the total.
      prices: { viber: '0.90', whatsapp: '1.2', sms: '2.50' },
      hlr: null,
      raw: 'raw',
      receivedAt: 5,
    })
  })

  it('keeps the price of each channel that cost something; none: null', () => {
    expect(channelPrices({ viber: '0.90', whatsapp: '0', vk: '0.00', sms: '2,50' })).toEqual({
      viber: '0.90',
      sms: '2.50',
    })
    expect(channelPrices({ viber: '0', sms: 'n/a' })).toBeNull()
    expect(channelPrices({})).toBeNull()
  })

  it('Viber read/link count as delivered; with finalOnRead the later channel is the one', () => {
    expect(receiptChannel(st({ state: 'deliver', channels: { viber: 'read' } }), null)).toBe(
      'viber',
    )
    expect(receiptChannel(st({ state: 'deliver', channels: { viber: 'link' } }), null)).toBe(
      'viber',
    )
    expect(
      receiptChannel(
        st({ state: 'deliver', channels: { viber: 'deliver', sms: 'deliver' } }),
        null,
      ),
    ).toBe('sms')
    // The plan's order wins over the default one.
    expect(
      receiptChannel(
        st({ state: 'not_deliver', channels: { sms: 'not_deliver', viber: 'not_deliver' } }),
        {
          order: ['sms', 'viber'],
          finalOnRead: false,
          validityMinutes: null,
        },
      ),
    ).toBe('viber')
  })

  it('in progress, delivered on Viber but unread with finalOnRead: says so', () => {
    const r = smsgateReceipt(
      st({ state: 'send', channels: { viber: 'deliver' } }),
      { order: ['viber', 'sms'], finalOnRead: true, validityMinutes: 30 },
      1,
    )
    expect(r.outcome).toBe('enroute')
    expect(r.reason).toMatch(/not read yet.*after 30 minutes/)
    const plain = smsgateReceipt(st({ state: 'send', channels: { viber: 'deliver' } }), null, 1)
    expect(plain.reason).toBe('In progress (Viber delivered)')
  })

  it('failures, expiry, no status and error texts carry readable reasons', () => {
    expect(
      smsgateReceipt(st({ state: 'not_deliver', channels: { viber: 'unsubscribe' } }), null, 1)
        .reason,
    ).toBe('Not delivered on any channel (Viber delivered, then unsubscribed)')
    expect(smsgateReceipt(st({ state: 'expired' }), null, 1).reason).toMatch(/^Expired: /)
    expect(smsgateReceipt(st({ state: 'partly_deliver' }), null, 1)).toMatchObject({
      outcome: 'failed',
      reasonCode: 'smsgate:state:partly_deliver',
      reason: expect.stringMatching(/none will come: ask smsgate support/),
    })
    const e = smsgateReceipt(st({ state: E.notAccepted }), null, 1)
    expect(e).toMatchObject({ outcome: 'missing', err: 'not-found', channel: null, price: null })
    expect(e.reason).toContain('no message with this id')
  })

  it('adds prices exactly', () => {
    expect(addPrices(['0.1', '0.2'])).toBe('0.3')
    expect(addPrices(['0,90', '2.5'])).toBe('3.40')
    expect(addPrices(['1', '2'])).toBe('3')
    expect(addPrices(['-0.5', '0.25'])).toBe('-0.25')
    expect(addPrices(['', 'n/a'])).toBeNull()
    expect(addPrices([])).toBeNull()
  })
})

describe('xml-lite', () => {
  it('reads attributes, entities, CDATA and self-closing tags', () => {
    const root = parseXml(
      "\ufeff<?xml version='1.0'?><!-- c --><a x='1' y=\"&lt;&amp;&#1071;&#x42;\"><b/><c>t&quot;<![CDATA[<raw>]]></c></a>",
    )
    expect(root.attrs).toEqual({ x: '1', y: '<&ЯB' })
    expect(root.children.map((c) => c.name)).toEqual(['b', 'c'])
    expect(root.children[1]?.text).toBe('t"<raw>')
  })

  it.each([
    '',
    'text',
    '<a>',
    '<a></b>',
    '<a/><b/>',
    '<a>&nbsp;</a>',
    '<!DOCTYPE a><a/>',
    '<a x=1/>',
    '<a><!-- open</a>',
  ])('refuses %j', (src) => {
    expect(() => parseXml(src)).toThrow(XmlError)
  })
})
