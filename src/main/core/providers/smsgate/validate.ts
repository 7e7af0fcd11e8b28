/**
 * One outgoing message as smsgate's cascade sees it, and the checks the document sets for it
 * (text_viber ≤ 1000 characters, button text ≤ 19 and only with a link, image only with a
 * button, …). Checked before anything is sent, so a bad message is refused here with a clear
 * reason instead of costing a request. Pure: the UI can call validateSmsgateMessage too.
 */
import type { Cascade, ChannelName, MessageDraft, PhraseRef } from '../../../../shared/domain'
import { english, phrase, type ParamsArg, type PhraseId } from '../../../../shared/phrases'
import type { OutgoingSms } from '../types'

export type SmsgateInterface = 'json' | 'get' | 'xml'

export const SMSGATE_LIMITS = {
  textViberMax: 1000,
  textWhatsappMax: 1000,
  buttonTextMax: 19,
  /** send_<channel> takes 0 (off) or 1..9 (position in the cascade). */
  maxOrder: 9,
  /** The document advises against GET URLs longer than this. */
  getUrlMax: 2000,
  defaultValidityMinutes: 60,
} as const

/** [assumed] time_send is the provider's local time; the provider is Moscow-based. */
export const SMSGATE_DEFAULT_TIME_ZONE = 'Europe/Moscow'

export const SMSGATE_CHANNELS: readonly ChannelName[] = ['viber', 'whatsapp', 'vk', 'sms']

export interface SmsgateChannelPlan {
  channel: ChannelName
  /** 1..9: the value of send_<channel>. */
  order: number
  sender: string | null
  text: string | null
}

export interface SmsgateMessage {
  /** client_id_message: OutgoingSms.numericKey. */
  clientId: number
  phone: string
  channels: SmsgateChannelPlan[]
  button: { text: string; url: string } | null
  imageUrl: string | null
  validityMinutes: number | null
  finalOnRead: boolean
  mailingName: string | null
  /** "YYYY-MM-DD hh:mm" in the provider's zone, or null to send at once. */
  timeSend: string | null
  /** VK goes out only as a VK-approved template. */
  template: { id: string; data: Record<string, string> | null } | null
}

/** Profile-level defaults the validator falls back on. */
export interface SmsgateMessageDefaults {
  interface?: SmsgateInterface
  /** Sender per channel when neither the cascade nor (for SMS) the message names one. */
  senders?: Partial<Record<ChannelName, string>>
  mailingName?: string
  vkTemplateId?: string | number
  vkTemplateData?: Record<string, string>
  timeZone?: string
}

/**
 * Why a message cannot go: `field` as smsgate names it (`text_viber`), `path` the draft's field
 * the agent fixes (`cascade.texts.viber`, or `text` when the channel has no text of its own),
 * `reason` in English and `phrase` the same, for the operator's language.
 */
export interface SmsgateRefusal {
  ok: false
  field: string
  path: string
  reason: string
  phrase: PhraseRef
}

export type SmsgateValidation = { ok: true; message: SmsgateMessage } | SmsgateRefusal
/** What a draft decides of the message: all of it but the client key the outbox gives it. */
export type SmsgateDraftValidation =
  { ok: true; message: Omit<SmsgateMessage, 'clientId'> } | SmsgateRefusal

/** A draft as smsgate takes it, with the time to send it at when it is scheduled. */
export type SmsgateDraft = MessageDraft & Pick<OutgoingSms, 'sendAt'>
export type SmsgateMessageInput = SmsgateDraft & Pick<OutgoingSms, 'numericKey'>

const CHANNEL_NAME: Record<ChannelName, string> = {
  viber: 'Viber',
  whatsapp: 'WhatsApp',
  vk: 'VK',
  sms: 'SMS',
}

export function channelName(c: ChannelName): string {
  return CHANNEL_NAME[c]
}

/** Characters as a person counts them (an emoji is one), which is how the limits read. */
function length(s: string): number {
  return [...s].length
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s)
    return u.protocol === 'http:' || u.protocol === 'https:'
  } catch {
    return false
  }
}

export function normalisePhone(phone: string): string {
  return phone.replace(/[\s()-]/g, '').replace(/^\+/, '')
}

function refusal<K extends PhraseId>(
  field: string,
  path: string,
  id: K,
  ...params: ParamsArg<K>
): SmsgateRefusal {
  return { ok: false, field, path, reason: english(id, ...params), phrase: phrase(id, ...params) }
}

/** The draft's field behind each of smsgate's that is not per channel. */
const DRAFT_PATHS: Readonly<Record<string, string>> = {
  phone: 'phone',
  order: 'cascade.order',
  // VK goes only as the profile's template: choosing VK is what the agent can change.
  templateId: 'cascade.order',
  button_text: 'cascade.viberButton.text',
  button_url: 'cascade.viberButton.url',
  image_url: 'cascade.viberImageUrl',
  validity_period_viber: 'cascade.validityMinutes',
  time_send: 'sendAt',
  timeZone: 'sendAt',
}

/** Where in the draft the agent fixes what smsgate's `field` refuses. */
function draftPath(field: string, cascade: Cascade | null): string {
  const perChannel = /^(text|sender)_(viber|whatsapp|vk|sms)$/.exec(field)
  if (perChannel) {
    const what = perChannel[1] as 'text' | 'sender'
    const channel = perChannel[2] as ChannelName
    const own = what === 'text' ? cascade?.texts?.[channel] : cascade?.senders?.[channel]
    return own !== undefined ? `cascade.${what}s.${channel}` : what
  }
  return DRAFT_PATHS[field] ?? field
}

/** A claimed message as smsgate sends it: its draft checked, under its client key. */
export function validateSmsgateMessage(
  sms: SmsgateMessageInput,
  defaults: SmsgateMessageDefaults = {},
  now: number = Date.now(),
): SmsgateValidation {
  if (!Number.isInteger(sms.numericKey) || sms.numericKey < 1 || sms.numericKey > 2 ** 31 - 1)
    return refusal('client_id_message', 'numericKey', 'smsgate.key', { key: sms.numericKey })
  const v = validateSmsgateDraft(sms, defaults, now)
  return v.ok ? { ok: true, message: { clientId: sms.numericKey, ...v.message } } : v
}

/** The checks the document sets for a message, on the draft the agent wrote. */
export function validateSmsgateDraft(
  sms: SmsgateDraft,
  defaults: SmsgateMessageDefaults = {},
  now: number = Date.now(),
): SmsgateDraftValidation {
  const cascade = sms.cascade ?? null
  const fail = <K extends PhraseId>(field: string, id: K, ...params: ParamsArg<K>) =>
    refusal(field, draftPath(field, cascade), id, ...params)
  const phone = normalisePhone(sms.phone)
  if (!/^[1-9]\d{9,14}$/.test(phone)) return fail('phone', 'smsgate.phone', { phone: sms.phone })

  const order = cascade?.order ?? ['sms']
  if (order.length === 0) return fail('order', 'smsgate.noChannel')
  if (new Set(order).size !== order.length) return fail('order', 'smsgate.channelTwice')
  const unknown = order.find((c) => !SMSGATE_CHANNELS.includes(c))
  if (unknown) return fail('order', 'smsgate.unknownChannel', { channel: unknown })
  if (order.length > SMSGATE_LIMITS.maxOrder)
    return fail('order', 'smsgate.tooManyChannels', { max: SMSGATE_LIMITS.maxOrder })

  const channels: SmsgateChannelPlan[] = []
  let template: SmsgateMessage['template'] = null
  for (const [i, channel] of order.entries()) {
    const name = CHANNEL_NAME[channel]
    const text = (cascade?.texts?.[channel] ?? sms.text).replace(/\r\n?/g, '\n')
    const sender =
      channel === 'sms'
        ? cascade?.senders?.sms || sms.sender || defaults.senders?.sms || ''
        : cascade?.senders?.[channel] || defaults.senders?.[channel] || sms.sender || ''
    switch (channel) {
      case 'viber':
      case 'whatsapp': {
        const max =
          channel === 'viber' ? SMSGATE_LIMITS.textViberMax : SMSGATE_LIMITS.textWhatsappMax
        if (!text.trim()) return fail(`text_${channel}`, 'smsgate.textEmpty', { channel: name })
        if (length(text) > max)
          return fail(`text_${channel}`, 'smsgate.textTooLong', {
            channel: name,
            length: length(text),
            max,
          })
        // A WhatsApp sender is optional: smsgate then picks one of its numbers.
        if (channel === 'viber' && !sender.trim())
          return fail('sender_viber', 'smsgate.viberSender')
        channels.push({ channel, order: i + 1, sender: sender.trim() || null, text })
        break
      }
      case 'vk': {
        const id = defaults.vkTemplateId
        if (id === undefined || String(id).trim() === '')
          return fail('templateId', 'smsgate.vkTemplate')
        template = { id: String(id).trim(), data: defaults.vkTemplateData ?? null }
        channels.push({ channel, order: i + 1, sender: null, text: null })
        break
      }
      case 'sms':
        if (!text.trim()) return fail('text_sms', 'smsgate.textEmpty', { channel: name })
        if (!sender.trim()) return fail('sender_sms', 'smsgate.smsSender')
        channels.push({ channel, order: i + 1, sender: sender.trim(), text })
        break
    }
  }

  const viber = order.includes('viber')
  let button: SmsgateMessage['button'] = null
  let imageUrl: string | null = null
  if (viber) {
    const b = cascade?.viberButton ?? null
    const bText = b?.text.trim() ?? ''
    const bUrl = b?.url.trim() ?? ''
    if (bText && !bUrl) return fail('button_url', 'smsgate.buttonNeedsLink')
    if (bUrl && !bText) return fail('button_text', 'smsgate.buttonNeedsText')
    if (bText) {
      if (length(bText) > SMSGATE_LIMITS.buttonTextMax)
        return fail('button_text', 'smsgate.buttonTextTooLong', {
          length: length(bText),
          max: SMSGATE_LIMITS.buttonTextMax,
        })
      if (!isHttpUrl(bUrl)) return fail('button_url', 'smsgate.buttonLink', { url: bUrl })
      button = { text: bText, url: bUrl }
    }
    const image = cascade?.viberImageUrl?.trim() ?? ''
    if (image) {
      if (!button) return fail('image_url', 'smsgate.imageNeedsButton')
      if (!isHttpUrl(image)) return fail('image_url', 'smsgate.imageLink', { url: image })
      imageUrl = image
    }
  }

  const validity = cascade?.validityMinutes ?? null
  if (validity !== null && (!Number.isInteger(validity) || validity < 1))
    return fail('validity_period_viber', 'smsgate.validity', { value: validity })

  let timeSend: string | null = null
  if (sms.sendAt !== undefined && sms.sendAt !== null) {
    if (!Number.isFinite(sms.sendAt)) return fail('time_send', 'smsgate.badTime')
    // Within the current minute "later" and "now" are the same to a minute-precision field.
    if (sms.sendAt > now + 60_000) {
      if (defaults.interface === 'get') return fail('time_send', 'smsgate.getCannotSchedule')
      try {
        timeSend = formatZoned(sms.sendAt, defaults.timeZone ?? SMSGATE_DEFAULT_TIME_ZONE, false)
      } catch {
        return fail('timeZone', 'smsgate.timeZone', { zone: String(defaults.timeZone) })
      }
    }
  }

  const mailingName = (cascade?.mailingName ?? defaults.mailingName ?? '').trim() || null
  return {
    ok: true,
    message: {
      phone,
      channels,
      button,
      imageUrl,
      validityMinutes: viber ? validity : null,
      finalOnRead: viber && cascade?.finalOnRead === true,
      mailingName,
      timeSend,
      template,
    },
  }
}

/**
 * The message's fields as the three interfaces name them (all values are strings, as in the
 * document's examples). Phones, client ids and templateData travel separately.
 */
export function messageFields(m: SmsgateMessage, iface: SmsgateInterface): Record<string, string> {
  const f: Record<string, string> = {}
  for (const c of SMSGATE_CHANNELS) {
    f[`send_${c}`] = String(m.channels.find((p) => p.channel === c)?.order ?? 0)
  }
  if (iface !== 'get') {
    if (m.mailingName) f.name_delivery = m.mailingName
    if (m.timeSend) f.time_send = m.timeSend
  }
  for (const p of m.channels) {
    if (p.channel === 'vk') continue
    if (p.sender) f[`sender_${p.channel}`] = p.sender
    if (p.text !== null) f[`text_${p.channel}`] = p.text
  }
  if (m.button) {
    f.button_text = m.button.text
    f.button_url = m.button.url
  }
  if (m.imageUrl) f.image_url = m.imageUrl
  if (m.channels.some((p) => p.channel === 'viber')) {
    if (m.validityMinutes !== null) f.validity_period_viber = String(m.validityMinutes)
    f.finale_viber_read = m.finalOnRead ? '1' : '0'
  }
  if (m.template) f.templateId = m.template.id
  return f
}

/** Wall-clock "YYYY-MM-DD hh:mm[:ss]" in a time zone (throws RangeError on an unknown zone). */
export function formatZoned(ms: number, timeZone: string, seconds: boolean): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms))
  const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? '00'
  const base = `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`
  return seconds ? `${base}:${get('second')}` : base
}

/** "YYYY-MM-DD hh:mm[:ss]" in a time zone → epoch ms, or null if it does not read as one. */
export function parseZoned(text: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim())
  if (!m) return null
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as number[]
  const wall = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s)
  const check = new Date(wall)
  if (check.getUTCMonth() !== (mo as number) - 1 || check.getUTCDate() !== d || (h as number) > 23)
    return null
  // The zone's offset at the guess, then once more at the result (DST edges).
  let t = wall - zoneOffset(wall, timeZone)
  t = wall - zoneOffset(t, timeZone)
  return t
}

function zoneOffset(ms: number, timeZone: string): number {
  const wall = formatZoned(ms, timeZone, true)
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(wall)
  if (!m) return 0
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as number[]
  return Date.UTC(y as number, (mo as number) - 1, d, h, mi, s) - Math.floor(ms / 1000) * 1000
}
