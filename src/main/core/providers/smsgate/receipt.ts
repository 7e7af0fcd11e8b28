/**
 * What the three interfaces answer, in one shape, and how a message state becomes a
 * DeliveryReceipt: the overall state decides the outcome (the provider runs the cascade and
 * applies finale_viber_read), the per-channel states say which channel delivered or failed.
 */
import type { ChannelName } from '../../../../shared/domain'
import type { DeliveryReceipt, ReceiptOutcome } from '../types'
import { classifySmsgateError, describeSmsgateError } from './errors'
import { channelName, SMSGATE_CHANNELS } from './validate'

/** One phone's answer to a send. */
export type SmsgateSendItem =
  | {
      ok: true
      idMessage: string
      clientId: string | null
      phone: string | null
      /** count_message: parts in the first channel (Viber 1, SMS its parts); null if absent. */
      parts: number | null
      channelIds: Partial<Record<ChannelName, string>>
      /** XML carries a status text beside the ids. */
      status: string | null
    }
  | { ok: false; error: string; clientId: string | null; phone: string | null }

export type SmsgateSendReply =
  | { kind: 'error'; error: string }
  /** In the order of the request's messages: each its phones' answers, or one error. */
  | { kind: 'messages'; messages: Array<SmsgateSendItem[] | { error: string }> }

export interface SmsgateState {
  idMessage: string
  timeChangeState: string
  /** send, not_deliver, expired, deliver, partly_deliver, or an error text. */
  state: string
  channels: Partial<Record<ChannelName, string>>
  numPartsSms: number | null
  prices: Partial<Record<ChannelName, string>>
  raw: string
}

export type SmsgateStateReply =
  { kind: 'error'; error: string } | { kind: 'states'; states: SmsgateState[] }

/** What the client remembers of a sent message to read its states (lost on restart: defaults). */
export interface SmsgatePlan {
  order: readonly ChannelName[]
  finalOnRead: boolean
  validityMinutes: number | null
}

export const SMSGATE_STATES = [
  'send',
  'not_deliver',
  'expired',
  'deliver',
  'partly_deliver',
] as const

const DELIVERED_WORDS = new Set(['deliver', 'read', 'link', 'unsubscribe'])

const CHANNEL_STATE_TEXT: Record<string, string> = {
  send: 'not sent',
  not_deliver: 'not delivered',
  expired: 'expired',
  deliver: 'delivered',
  read: 'read',
  link: 'link opened',
  unsubscribe: 'delivered, then unsubscribed',
  partly_deliver: 'sent, no status',
}

export function stateOutcome(state: string): ReceiptOutcome {
  switch (state.trim().toLowerCase()) {
    case 'send':
      return 'enroute'
    case 'deliver':
      return 'delivered'
    case 'not_deliver':
      return 'failed'
    case 'expired':
      return 'expired'
    case 'partly_deliver':
      // Sent, and no status will ever come: final by the document ("contact support"). Not
      // known to be delivered, so it ends as not delivered, with the reason saying so.
      return 'failed'
    default:
      // An error text instead of a state; "no message with this ID was accepted" means
      // smsgate holds nothing under the id asked about.
      return classifySmsgateError(state).code === 'not-found' ? 'missing' : 'unknown'
  }
}

export function isKnownState(state: string): boolean {
  return (SMSGATE_STATES as readonly string[]).includes(state.trim().toLowerCase())
}

function tried(s: SmsgateState, order: readonly ChannelName[]): ChannelName[] {
  return order.filter((c) => {
    const v = s.channels[c]?.trim().toLowerCase()
    return v !== undefined && v !== '' && v !== 'send'
  })
}

/** The channel that delivered, else the last one tried. */
export function receiptChannel(s: SmsgateState, plan: SmsgatePlan | null): ChannelName | null {
  const order = plan?.order ?? SMSGATE_CHANNELS
  const word = (c: ChannelName) => s.channels[c]?.trim().toLowerCase() ?? ''
  if (stateOutcome(s.state) === 'delivered') {
    // A later channel is tried only when the earlier ones did not count (e.g. Viber delivered
    // but unread with finale_viber_read), so the last delivered one in order is the one.
    const delivered = order.filter((c) => DELIVERED_WORDS.has(word(c)))
    if (delivered.length) return delivered[delivered.length - 1] ?? null
  }
  const t = tried(s, order)
  return t[t.length - 1] ?? null
}

/**
 * What each channel cost, as smsgate states it: the channels with a price above zero (it
 * states 0 for channels not tried). Null when none cost anything.
 */
export function channelPrices(
  prices: SmsgateState['prices'],
): Partial<Record<ChannelName, string>> | null {
  const out: Partial<Record<ChannelName, string>> = {}
  for (const c of SMSGATE_CHANNELS) {
    const p = prices[c]?.trim().replace(',', '.')
    if (p && /^-?\d+(\.\d+)?$/.test(p) && Number(p) !== 0) out[c] = p
  }
  return Object.keys(out).length > 0 ? out : null
}

/** Sum of decimal strings without float error ("0.9" + "2.35" = "3.25"); null if none given. */
export function addPrices(prices: readonly string[]): string | null {
  const nums = prices
    .map((p) => p.trim().replace(',', '.'))
    .filter((p) => /^-?\d+(\.\d+)?$/.test(p))
  if (nums.length === 0) return null
  const scale = Math.max(...nums.map((p) => p.split('.')[1]?.length ?? 0))
  let total = 0n
  for (const p of nums) {
    const neg = p.startsWith('-')
    const [int = '0', frac = ''] = p.replace('-', '').split('.')
    const v = BigInt(int + frac.padEnd(scale, '0'))
    total += neg ? -v : v
  }
  const neg = total < 0n
  const digits = (neg ? -total : total).toString().padStart(scale + 1, '0')
  const out = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits
  return neg ? `-${out}` : out
}

function summary(s: SmsgateState, order: readonly ChannelName[]): string {
  return tried(s, order)
    .map((c) => {
      const w = s.channels[c]?.trim().toLowerCase() ?? ''
      return `${channelName(c)} ${CHANNEL_STATE_TEXT[w] ?? w}`
    })
    .join(', ')
}

export function smsgateReceipt(
  s: SmsgateState,
  plan: SmsgatePlan | null,
  receivedAt: number,
): DeliveryReceipt {
  const order = plan?.order ?? SMSGATE_CHANNELS
  const state = s.state.trim()
  const outcome = stateOutcome(state)
  const channel = receiptChannel(s, plan)
  const prices = addPrices(Object.values(s.prices).filter((p): p is string => !!p))
  const steps = summary(s, order)
  const known = isKnownState(state)
  let reason: string
  let reasonCode: string | null = null
  switch (known ? state.toLowerCase() : '') {
    case 'deliver':
      reason = `Delivered via ${channel ? channelName(channel) : 'the cascade'}${steps ? ` (${steps})` : ''}`
      break
    case 'not_deliver':
      reason = `Not delivered on any channel${steps ? ` (${steps})` : ''}`
      reasonCode = 'smsgate:state:not_deliver'
      break
    case 'expired':
      reason = `Expired: the subscriber was unreachable whenever delivery was tried${steps ? ` (${steps})` : ''}`
      reasonCode = 'smsgate:state:expired'
      break
    case 'partly_deliver':
      reason =
        'Sent, but smsgate never got a delivery status and none will come: ask smsgate support why'
      reasonCode = 'smsgate:state:partly_deliver'
      break
    case 'send': {
      const viber = s.channels.viber?.trim().toLowerCase()
      const unread = plan?.finalOnRead && viber === 'deliver'
      reason = unread
        ? `In progress: delivered on Viber but not read yet; only a read counts, so it falls through to the next channel after ${plan?.validityMinutes ?? 60} minutes`
        : `In progress${steps ? ` (${steps})` : ''}`
      break
    }
    default:
      reason = describeSmsgateError(state)
      reasonCode = `smsgate:${classifySmsgateError(state).code}`
  }
  return {
    providerId: s.idMessage,
    outcome,
    stat: state || '(empty)',
    err: known ? null : classifySmsgateError(state).code,
    reason,
    reasonCode,
    channel,
    price: prices,
    prices: channelPrices(s.prices),
    hlr: null,
    raw: s.raw,
    receivedAt,
  }
}

/** A value the document shows as a string; some servers send numbers. */
export function text(v: unknown): string | null {
  if (typeof v === 'string') return v
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return null
}

/** An id is usable when it is a positive number ("0" means "not sent on that channel"). */
export function usableId(v: unknown): string | null {
  const t = text(v)?.trim()
  return t && /^\d+$/.test(t) && !/^0+$/.test(t) ? t.replace(/^0+/, '') : null
}
