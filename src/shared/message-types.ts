/**
 * SMSC's message types besides SMS (`seeds/004_*.txt` for SMPP, `seeds/001_*.txt` for HTTP):
 * Viber, social networks, a Telegram bot, MMS, e-mail, a voice call and a ping SMS. Over SMPP
 * each is an ordinary `submit_sm` whose text starts with the type's prefix; over HTTP, send.php
 * with the type's parameter. What a type needs, how it is counted and how it is written are in
 * this one file, shared by Compose (fields, counter, warnings) and main (checks, wire texts).
 * Pure: runs in the renderer too.
 */
import {
  analyzeSms,
  COMMENT_MARKER,
  isSingleSpecialText,
  splitComment,
  type SmsEncoding,
} from './sms'

export const MESSAGE_TYPES = ['sms', 'viber', 'soc', 'bot', 'mms', 'mail', 'call', 'ping'] as const
export type MessageTypeName = (typeof MESSAGE_TYPES)[number]

/** The voices SMSC reads a call's text with: male (m, m2) and female (w … w4). */
export const CALL_VOICES = ['m', 'm2', 'w', 'w2', 'w3', 'w4'] as const
export type CallVoice = (typeof CALL_VOICES)[number]

/** The fields a type adds to the text (their names in a draft's `messageType`). */
export type TypeField = 'subject' | 'voice' | 'bot' | 'viberButton' | 'viberImageUrl'

/** A message's type beyond SMS, as a draft carries it and the outbox stores it. */
export interface MessageTypeOptions {
  type: MessageTypeName
  /** MMS and e-mail: the subject line. */
  subject?: string | undefined
  /** Call: the voice that reads the text. */
  voice?: CallVoice | undefined
  /** Telegram bot: its name (with or without the @). */
  bot?: string | undefined
  /** Viber: a button opening a link, and a picture. */
  viberButton?: { text: string; url: string } | null | undefined
  viberImageUrl?: string | null | undefined
}

interface TypeRule {
  /** The SMPP text's prefix; null for SMS. */
  prefix: string | null
  /** The HTTP send.php parameter that selects it (ping=1, viber=1, …); null for SMS and bot. */
  httpFlag: string | null
  /** What the type needs besides its text (required ones first). */
  fields: readonly TypeField[]
  required: readonly TypeField[]
  /**
   * Longest text: SMSC's limits per channel (Viber 1,000 characters, Telegram 4,096) and, for
   * the rest, what one request of that kind carries [assumed: 1,000; e-mail the console's own].
   */
  maxLength: number
  /** 'sms': parts by GSM-7/UCS-2 rules; 'one': one message whatever its length; 'none': no text. */
  counts: 'sms' | 'one' | 'none'
}

export const TYPE_RULES: Readonly<Record<MessageTypeName, TypeRule>> = {
  sms: { prefix: null, httpFlag: null, fields: [], required: [], maxLength: 0, counts: 'sms' },
  viber: {
    prefix: '__VIBER__',
    httpFlag: 'viber',
    fields: ['viberButton', 'viberImageUrl'],
    required: [],
    maxLength: 1000,
    counts: 'one',
  },
  soc: {
    prefix: '__SOC__',
    httpFlag: 'soc',
    fields: [],
    required: [],
    maxLength: 1000,
    counts: 'one',
  },
  bot: {
    prefix: '__BOT__',
    httpFlag: null,
    fields: ['bot'],
    required: ['bot'],
    maxLength: 4096,
    counts: 'one',
  },
  mms: {
    prefix: '__MMS__',
    httpFlag: 'mms',
    fields: ['subject'],
    required: ['subject'],
    maxLength: 1000,
    counts: 'one',
  },
  mail: {
    prefix: '__MAIL__',
    httpFlag: 'mail',
    fields: ['subject'],
    required: ['subject'],
    maxLength: 10_000,
    counts: 'one',
  },
  call: {
    prefix: '__CALL__',
    httpFlag: 'call',
    fields: ['voice'],
    required: ['voice'],
    maxLength: 1000,
    counts: 'one',
  },
  ping: {
    prefix: '__PING__',
    httpFlag: 'ping',
    fields: [],
    required: [],
    maxLength: 0,
    counts: 'none',
  },
}

/** A ping SMS has no text of its own: the outbox stores this one for it. */
export const PING_TEXT = '__PING__'

/** Every text SMSC reads as a request of its own when a message starts with it. */
const SERVICE_PREFIXES: readonly { prefix: string; type: MessageTypeName | 'hlr' }[] = [
  ...MESSAGE_TYPES.flatMap((t) => {
    const prefix = TYPE_RULES[t].prefix
    return prefix ? [{ prefix, type: t }] : []
  }),
  { prefix: '__HLR__', type: 'hlr' as const },
]

/**
 * The type SMSC would read an SMS text as, by the service prefix it starts with (any case,
 * after blanks), or null: such a text is refused as an SMS rather than turned into a Viber
 * message, a call or an HLR request by accident. `__HLR__` and `__PING__` alone are the
 * service requests they say (the console's own HLR lookups send the first), not an accident.
 */
export function accidentalType(
  text: string,
): { prefix: string; type: MessageTypeName | 'hlr' } | null {
  if (isSingleSpecialText(text.trim())) return null
  const head = text.trimStart().slice(0, 12).toUpperCase()
  return SERVICE_PREFIXES.find((p) => head.startsWith(p.prefix)) ?? null
}

/** A message's length and parts as its type counts them. */
export interface MessageCount {
  /** 'sms' types: by GSM-7/UCS-2; others: characters of the charged text. */
  counts: TypeRule['counts']
  encoding: SmsEncoding
  /** Characters (or SMS units) of the text the recipient gets. */
  units: number
  parts: number
  /** Longest text for the type (SMS: the current part's capacity). */
  max: number
  /** Units left before another part (SMS) or before the type's limit. */
  remaining: number
}

export function countMessage(text: string, type: MessageTypeName = 'sms'): MessageCount {
  const rule = TYPE_RULES[type]
  const sms = analyzeSms(text)
  if (rule.counts === 'sms') {
    return {
      counts: 'sms',
      encoding: sms.encoding,
      units: sms.units,
      parts: sms.parts,
      max: sms.perPart,
      remaining: sms.remaining,
    }
  }
  if (rule.counts === 'none') {
    return { counts: 'none', encoding: 'GSM7', units: 0, parts: 1, max: 0, remaining: 0 }
  }
  const units = splitComment(text).chargedText.length
  return {
    counts: 'one',
    encoding: sms.encoding,
    units,
    parts: units === 0 ? 0 : 1,
    max: rule.maxLength,
    remaining: rule.maxLength - units,
  }
}

/** A Telegram bot's name as SMSC wants it: with its @. */
export function botName(name: string): string {
  const n = name.trim()
  return n.startsWith('@') ? n : `@${n}`
}

/**
 * Viber's picture and button as macros in the text [assumed: SMSC documents "special macros"
 * for them in its HTTP document, whose exact form our copy does not carry; this is the one
 * place that writes them].
 */
function viberMacros(o: MessageTypeOptions): string {
  let out = ''
  if (o.viberImageUrl) out += `\n<img src="${o.viberImageUrl}">`
  if (o.viberButton) out += `\n<button text="${o.viberButton.text}" url="${o.viberButton.url}">`
  return out
}

/**
 * The text as SMSC's SMPP gateway reads a type: `__VIBER__: <text>`, `__MMS__: <text>\nsubj:…`,
 * `__CALL__: <text>\nvoice:…`, `__BOT__: <text>\nbot:@…`, `__PING__`. A comment
 * (`\n~~~\n…`) stays last, where SMSC strips it. SMS texts are returned as they are.
 */
export function smppTypedText(text: string, o: MessageTypeOptions | null | undefined): string {
  if (!o || o.type === 'sms') return text
  const rule = TYPE_RULES[o.type]
  if (o.type === 'ping') return PING_TEXT
  const { chargedText, comment } = splitComment(text)
  let body = `${rule.prefix}: ${chargedText}`
  if (o.type === 'viber') body += viberMacros(o)
  if (o.type === 'mms' || o.type === 'mail') body += `\nsubj:${o.subject ?? ''}`
  if (o.type === 'call') body += `\nvoice:${o.voice ?? 'w'}`
  if (o.type === 'bot') body += `\nbot:${botName(o.bot ?? '')}`
  return comment === null ? body : body + COMMENT_MARKER + comment
}

/**
 * The HTTP send.php parameters a type adds, and the `mes` it sends (Viber's macros in it; a
 * ping sends none) [public: the flags are the formats of SMSC's own client libraries; `bot`
 * names the Telegram bot: assumed].
 */
export function httpTypedParams(
  text: string,
  o: MessageTypeOptions | null | undefined,
): { mes: string | null; params: Record<string, string> } {
  if (!o || o.type === 'sms') return { mes: text, params: {} }
  const rule = TYPE_RULES[o.type]
  const params: Record<string, string> = {}
  if (rule.httpFlag) params[rule.httpFlag] = '1'
  if (o.type === 'ping') return { mes: null, params }
  if (o.type === 'mms' || o.type === 'mail') params.subj = o.subject ?? ''
  if (o.type === 'call') params.voice = o.voice ?? 'w'
  if (o.type === 'bot') params.bot = botName(o.bot ?? '')
  const { chargedText, comment } = splitComment(text)
  const mes = o.type === 'viber' ? chargedText + viberMacros(o) : chargedText
  return { mes: comment === null ? mes : mes + COMMENT_MARKER + comment, params }
}

/** The type a wire text (SMPP) says, and the agent's text and fields back out of it. */
export function parseTypedText(wire: string): { text: string; options: MessageTypeOptions } {
  if (wire === PING_TEXT) return { text: '', options: { type: 'ping' } }
  const { chargedText, comment } = splitComment(wire)
  for (const t of MESSAGE_TYPES) {
    const prefix = TYPE_RULES[t].prefix
    if (!prefix || t === 'ping' || !chargedText.startsWith(`${prefix}: `)) continue
    const lines = chargedText.slice(prefix.length + 2).split('\n')
    const options: MessageTypeOptions = { type: t }
    const keep: string[] = []
    for (const line of lines) {
      const field = /^(subj|voice|bot):(.*)$/.exec(line)
      if (field && t !== 'viber' && t !== 'soc') {
        if (field[1] === 'subj') options.subject = field[2]
        if (field[1] === 'voice') options.voice = field[2] as CallVoice
        if (field[1] === 'bot') options.bot = field[2]
        continue
      }
      keep.push(line)
    }
    const text = keep.join('\n')
    return { text: comment === null ? text : text + COMMENT_MARKER + comment, options }
  }
  return { text: wire, options: { type: 'sms' } }
}

/** What an agent calls each type (and the HLR request a stray `__HLR__` would make). */
export const TYPE_NAMES: Readonly<Record<MessageTypeName | 'hlr', { en: string; ru: string }>> = {
  sms: { en: 'SMS', ru: 'SMS' },
  viber: { en: 'Viber', ru: 'Viber' },
  soc: { en: 'social networks', ru: 'соцсети' },
  bot: { en: 'Telegram bot', ru: 'Telegram-бот' },
  mms: { en: 'MMS', ru: 'MMS' },
  mail: { en: 'e-mail', ru: 'e-mail' },
  call: { en: 'voice call', ru: 'голосовой звонок' },
  ping: { en: 'ping SMS', ru: 'пинг-SMS' },
  hlr: { en: 'HLR request', ru: 'HLR-запрос' },
}
export const TYPE_WORDS = [...MESSAGE_TYPES, 'hlr'] as const

/** What is wrong with a message's type for a profile, as a phrase of the console's table. */
export type TypeProblem =
  | { field: 'messageType.type'; id: 'message.typeUnsupported'; params: { type: MessageTypeName } }
  | {
      field: string
      id: 'message.typeFieldMissing'
      params: { type: MessageTypeName; field: TypeField }
    }
  | { field: 'text'; id: 'message.typeTooLong'; params: { type: MessageTypeName; max: number } }
  | {
      field: 'text'
      id: 'message.accidentalType'
      params: { prefix: string; type: MessageTypeName | 'hlr' }
    }

/**
 * A draft's type checked against the types its profile sends: the type offered, its required
 * fields given, its text within the type's limit, and an SMS that starts with a service prefix
 * refused where SMSC would read it as another type. Null: fine.
 */
export function typeProblem(
  text: string,
  o: MessageTypeOptions | null | undefined,
  offered: readonly MessageTypeName[],
): TypeProblem | null {
  const type = o?.type ?? 'sms'
  if (!offered.includes(type)) {
    return { field: 'messageType.type', id: 'message.typeUnsupported', params: { type } }
  }
  if (type === 'sms') {
    const stray = offered.length > 1 ? accidentalType(text) : null
    return stray ? { field: 'text', id: 'message.accidentalType', params: stray } : null
  }
  const rule = TYPE_RULES[type]
  for (const field of rule.required) {
    const v = o?.[field]
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      return {
        field: `messageType.${field}`,
        id: 'message.typeFieldMissing',
        params: { type, field },
      }
    }
  }
  const count = countMessage(text, type)
  if (rule.counts === 'one' && count.units > rule.maxLength) {
    return { field: 'text', id: 'message.typeTooLong', params: { type, max: rule.maxLength } }
  }
  return null
}

/**
 * A typed draft as it is stored: only its type's fields kept, a ping's text the ping itself;
 * an SMS carries no type at all.
 */
export function normaliseTyped(
  text: string,
  o: MessageTypeOptions | null | undefined,
): { text: string; messageType: MessageTypeOptions | undefined } {
  if (!o || o.type === 'sms') return { text, messageType: undefined }
  const kept: MessageTypeOptions = { type: o.type }
  for (const field of TYPE_RULES[o.type].fields) {
    const v = o[field]
    if (v !== undefined && v !== null) (kept as unknown as Record<string, unknown>)[field] = v
  }
  return { text: o.type === 'ping' ? PING_TEXT : text, messageType: kept }
}
