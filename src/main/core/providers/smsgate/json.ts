/**
 * The JSON interface: POST sendmessagejson.php with `{login,password,message:[…]}` to send
 * and `{login,password,state:[{id_message}]}` for states. Parsers return null on any shape
 * the document does not describe; the caller turns that into a `malformed` error.
 */
import type { ChannelName } from '../../../../shared/domain'
import {
  text,
  usableId,
  type SmsgateSendItem,
  type SmsgateSendReply,
  type SmsgateState,
  type SmsgateStateReply,
} from './receipt'
import { messageFields, SMSGATE_CHANNELS, type SmsgateMessage } from './validate'

export const JSON_PATH = 'sendmessagejson.php'

/** null: token auth (the Authorization header carries it instead). */
export type SmsgateCredentials = { login: string; password: string } | null

export function buildJsonSend(
  messages: readonly SmsgateMessage[],
  credentials: SmsgateCredentials,
): Record<string, unknown> {
  return {
    ...credentials,
    message: messages.map((m) => ({
      ...messageFields(m, 'json'),
      ...(m.template?.data ? { templateData: m.template.data } : {}),
      phones: [{ phone: m.phone, client_id_message: String(m.clientId) }],
    })),
  }
}

export function buildJsonState(
  ids: readonly string[],
  credentials: SmsgateCredentials,
): Record<string, unknown> {
  return { ...credentials, state: ids.map((id) => ({ id_message: id })) }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function channelIds(o: Record<string, unknown>): Partial<Record<ChannelName, string>> {
  const out: Partial<Record<ChannelName, string>> = {}
  for (const c of SMSGATE_CHANNELS) {
    const id = usableId(o[`id_${c}`])
    if (id) out[c] = id
  }
  return out
}

export function parseSendItem(o: unknown): SmsgateSendItem | null {
  if (!isObject(o)) return null
  const clientId = text(o.client_id_message)
  const phone = text(o.phone)
  const error = text(o.error)
  if (error !== null && error.trim()) return { ok: false, error, clientId, phone }
  const idMessage = usableId(o.id_message)
  if (!idMessage) return null
  const parts = Number(text(o.count_message) ?? NaN)
  return {
    ok: true,
    idMessage,
    clientId,
    phone,
    parts: Number.isInteger(parts) && parts > 0 ? parts : null,
    channelIds: channelIds(o),
    status: null,
  }
}

export function parseJsonSendReply(v: unknown): SmsgateSendReply | null {
  if (!isObject(v)) return null
  const error = text(v.error)
  if (error !== null) return { kind: 'error', error }
  if (!Array.isArray(v.message)) return null
  const messages: Array<SmsgateSendItem[] | { error: string }> = []
  for (const entry of v.message) {
    if (Array.isArray(entry)) {
      const items = entry.map(parseSendItem)
      if (items.some((i) => i === null)) return null
      messages.push(items as SmsgateSendItem[])
    } else if (isObject(entry) && text(entry.error) !== null) {
      messages.push({ error: text(entry.error) ?? '' })
    } else {
      return null
    }
  }
  return { kind: 'messages', messages }
}

export function parseStateObject(o: unknown, raw: string): SmsgateState | null {
  if (!isObject(o)) return null
  const idMessage = text(o.id_message)?.trim()
  const state = text(o.state)
  if (!idMessage || state === null) return null
  const channels: SmsgateState['channels'] = {}
  const prices: SmsgateState['prices'] = {}
  for (const c of SMSGATE_CHANNELS) {
    const s = text(o[`state_${c}`])
    if (s !== null && s !== '') channels[c] = s
    const p = text(o[`price_${c}`])
    if (p !== null && p.trim() !== '') prices[c] = p
  }
  const parts = Number(text(o.num_parts_sms) ?? NaN)
  return {
    idMessage,
    timeChangeState: text(o.time_change_state) ?? '',
    state,
    channels,
    numPartsSms: Number.isInteger(parts) && parts >= 0 ? parts : null,
    prices,
    raw,
  }
}

export function parseJsonStateReply(v: unknown): SmsgateStateReply | null {
  if (!isObject(v)) return null
  const error = text(v.error)
  if (error !== null) return { kind: 'error', error }
  if (!Array.isArray(v.state)) return null
  const states: SmsgateState[] = []
  for (const o of v.state) {
    const s = parseStateObject(o, JSON.stringify(o))
    if (!s) return null
    states.push(s)
  }
  return { kind: 'states', states }
}
