/**
 * SMSC HTTP API (smsc.ru / .kz / .uz — one platform): send, status with HLR, balance, inbound
 * replies and dedicated-number rental, each a form POST to /sys/<cmd>.php with fmt=3 (JSON).
 * The server answers HTTP 200 even for errors ({"error","error_code"}), dedupes on our numeric
 * `id`, and refuses repeated identical requests — so a local limiter keeps us from asking twice.
 */
import type { DedicatedNumber, PhraseRef } from '../../../../shared/domain'
import { english, phrase } from '../../../../shared/phrases'
import { countMessage, httpTypedParams } from '../../../../shared/message-types'
import {
  httpRequest,
  malformed,
  parseJsonReply,
  ProviderHttpError,
  snippet,
  type HttpReply,
  type HttpRequest,
} from '../http'
import { HttpProvider, type HttpProviderBaseOptions } from '../http-provider'
import { requestWaitCall, type WaitCallNumbers } from './wait-call'
import {
  createExportJob,
  dayStart,
  downloadExport,
  listExportJobs,
  type DownloadsPort,
} from './downloads'
import type {
  Balance,
  DeliveryReceipt,
  ExportJob,
  ExportPeriod,
  SentRecord,
  HlrResult,
  InboundSms,
  OutgoingSms,
  ProviderCapabilities,
  ReceiptOutcome,
  StatusQuery,
  SubmitOutcome,
} from '../types'

export const SMSC_HTTP_PROVIDER_NAME = 'SMSC'

export const SMSC_HTTP_CAPABILITIES: ProviderCapabilities = {
  batchSize: 1,
  receipts: 'poll',
  idempotencyKey: true,
  balance: true,
  hlr: true,
  dedicatedNumbers: true,
  inbound: 'poll',
  channels: ['sms'],
  // wait_call.php: the customer calls a number SMSC names (wait-call.ts).
  verifyByCall: true,
  exportJobs: true,
}

/** Non-secret profile settings (JSON-serialisable). The password comes from the keychain. */
export interface SmscHttpSettings {
  login: string
  /** 'login': login + psw (default); 'apikey': the secret is an API key sent as apikey. */
  auth?: 'login' | 'apikey'
  /** Sender name when a message carries none; empty or absent: the account's default sender. */
  defaultSender?: string | null
  /**
   * Second host of the same platform, used while the main one is unreachable.
   * Absent: www2.<domain> of the base URL when it is an SMSC domain; null: no backup.
   */
  backupBaseUrl?: string | null
  /** Ask SMSC to transliterate Cyrillic into Latin (translit=1): cheaper, longer parts. */
  translit?: boolean
  /** How long the operator keeps trying to deliver, in minutes (1..1440); absent: account default. */
  validityMinutes?: number | null
  /** How far back (hours, 1..168) the first inbound fetch looks; later fetches use after_id. */
  inboundHours?: number
  /** Offset of the server's clock from UTC in minutes for its DD.MM.YYYY dates (Moscow: 180). */
  serverUtcOffsetMinutes?: number
}

export type SmscHttpProviderOptions = HttpProviderBaseOptions &
  SmscHttpSettings & {
    /** Account password (psw), or the API key when auth is 'apikey'. */
    secret: string
    /** After this long on the backup host, requests try the main one again (default 5 min). */
    failbackMs?: number
    /** Window the server counts repeated requests in (default 60 s); shorter only in tests. */
    limiterWindowMs?: number
  }

// ---------------------------------------------------------------------------------------------
// Error and status codes

/** What the console does about an error code of send.php. */
export interface SmscSendErrorMapping {
  kind: 'rejected' | 'paused' | 'retry'
  reason: string
}

/** send.php error codes (also the meaning of 1–4 for every other command). */
export const SMSC_SEND_ERRORS: Readonly<Record<number, SmscSendErrorMapping>> = {
  1: { kind: 'rejected', reason: 'SMSC refused the request parameters (error 1)' },
  2: {
    kind: 'paused',
    reason:
      "SMSC: wrong login or password, or this computer's IP address is not allowed for the account (error 2)",
  },
  3: { kind: 'paused', reason: 'SMSC: not enough money on the account (error 3)' },
  4: {
    kind: 'paused',
    reason: 'SMSC temporarily blocked this IP address after repeated errors (error 4)',
  },
  5: { kind: 'rejected', reason: 'SMSC: wrong format of the scheduled send time (error 5)' },
  6: {
    kind: 'rejected',
    reason: 'SMSC forbids this message: its text or sender name is not allowed (error 6)',
  },
  7: { kind: 'rejected', reason: 'SMSC: wrong phone number format (error 7)' },
  8: { kind: 'rejected', reason: 'SMSC: the message cannot be delivered to this number (error 8)' },
  9: {
    kind: 'retry',
    reason:
      'SMSC refused a duplicate request within a minute or too many simultaneous requests (error 9); it will be sent again with the same id',
  },
}

/** The outcome of a send.php error code (9 is resolved by the provider with a status check). */
export function sendErrorOutcome(code: number, serverText = ''): SubmitOutcome {
  const known = SMSC_SEND_ERRORS[code]
  if (!known) {
    return {
      kind: 'rejected',
      code,
      reason: `SMSC error ${code}${serverText ? `: ${serverText}` : ''}`,
      reasonCode: 'smsc:send:other',
    }
  }
  const reasonCode = `smsc:send:${code}`
  if (known.kind === 'retry') return { kind: 'retry', reason: known.reason, reasonCode }
  return { kind: known.kind, code, reason: known.reason, reasonCode }
}

export type SmscCall =
  | 'send'
  | 'quote'
  | 'status'
  | 'balance'
  | 'hlr'
  | 'inbound'
  | 'numbers-list'
  | 'numbers-rent'
  | 'numbers-renewal'
  | 'wait-call'
  | 'export-create'
  | 'export-list'
  | 'export-download'

/** English meaning of an error_code for a call other than send (where 3, 5 and 9 differ). */
export function describeApiError(call: SmscCall, code: number, serverText = ''): string {
  if (call === 'send' || call === 'hlr' || call === 'quote') {
    const known = SMSC_SEND_ERRORS[code]
    if (known) return known.reason
  }
  switch (code) {
    case 1:
    case 2:
    case 4:
      return SMSC_SEND_ERRORS[code]?.reason ?? ''
    case 3:
      if (call === 'status')
        return 'SMSC holds no message under this id for this number (error 3: message not found)'
      return call === 'numbers-rent'
        ? 'SMSC: not enough money on the account to rent this number (error 3)'
        : 'SMSC: not enough money on the account (error 3)'
    case 5:
      return call === 'status'
        ? 'SMSC could not delete the message (error 5)'
        : 'SMSC: wrong date format (error 5)'
    case 9:
      if (call === 'status')
        return 'SMSC refused: more than five status requests for the same message within a minute (error 9)'
      if (call === 'balance')
        return 'SMSC refused: too many balance requests within a minute (error 9)'
      if (call.startsWith('numbers'))
        return 'SMSC refused: more than two identical dedicated-number requests within a minute (error 9)'
      if (call === 'wait-call')
        return 'SMSC refused: more than fifty identical requests for a number to call within a minute (error 9)'
      if (call.startsWith('export'))
        return 'SMSC refused: more than three identical requests for export jobs or their files within a minute (error 9)'
      return 'SMSC refused a duplicate request within a minute (error 9)'
  }
  return `SMSC error ${code}${serverText ? `: ${serverText}` : ''}`
}

/** Codes that stop the whole profile whatever the call: login and IP. */
export function isProfileError(code: number): boolean {
  return code === 2 || code === 4
}

export interface SmscStatusMapping {
  outcome: ReceiptOutcome
  text: string
}

/** Message status codes (status.php `status`). */
export const SMSC_STATUSES: Readonly<Record<number, SmscStatusMapping>> = {
  [-3]: {
    outcome: 'missing',
    text: 'SMSC holds no message under this id for this number: it never arrived there',
  },
  [-2]: { outcome: 'failed', text: 'Stopped at SMSC before it was sent' },
  [-1]: { outcome: 'accepted', text: 'Waiting to be sent at SMSC' },
  0: { outcome: 'enroute', text: 'Passed to the operator, no delivery report yet' },
  1: { outcome: 'delivered', text: 'Delivered' },
  2: { outcome: 'delivered', text: 'Delivered and read' },
  3: { outcome: 'expired', text: 'Expired: the subscriber was unreachable for its whole lifetime' },
  4: { outcome: 'delivered', text: 'Delivered; the link in it was opened' },
  20: { outcome: 'failed', text: 'Cannot be delivered' },
  22: { outcome: 'failed', text: 'Wrong number' },
  23: { outcome: 'failed', text: 'Prohibited (flooding, blacklisted number or spam filter)' },
  24: { outcome: 'failed', text: 'Not enough money on the account' },
  25: { outcome: 'failed', text: 'Unavailable number: it does not take SMS or has no route' },
}

/** Detail codes (status.php `err`). */
export const SMSC_STATUS_ERRORS: Readonly<Record<number, string>> = {
  0: 'No error',
  1: 'The subscriber does not exist',
  6: 'The subscriber is not in the network',
  11: 'The subscriber has no SMS service',
  12: "Error in the subscriber's handset or SIM card",
  13: 'The subscriber is blocked',
  21: "The subscriber's handset does not support SMS",
  200: 'Virtual send (test mode): nothing was delivered',
  219: 'The subscriber changed the SIM card',
  220: "The operator's queue for this subscriber is full",
  237: 'The subscriber did not answer',
  238: 'No template: only messages matching a registered template may be sent',
  239: 'Sending from this IP address is forbidden',
  240: 'The subscriber is busy',
  241: 'Conversion error (text or sound), or not all parts of the message arrived',
  242: 'An answering machine was detected',
  243: 'No contract with the operator for this traffic',
  244: 'Mailings are forbidden',
  245: 'No status was received from the operator',
  246: 'Time restriction: sending is not allowed at this time',
  247: 'Message limit exceeded',
  248: 'No route to this number',
  249: 'Wrong number format',
  250: "The number is forbidden by the account's settings",
  251: 'Limit of messages to one number exceeded',
  252: 'The number is forbidden',
  253: 'Blocked by the spam filter',
  254: 'Unregistered sender name (sender id)',
  255: 'Rejected by the operator without a specific reason',
}

/** Outcome and operator-readable reason of a status (and its err detail). */
export function mapStatus(
  status: number,
  err: number | null,
): SmscStatusMapping & { reason: string | null; reasonCode: string | null } {
  const known = SMSC_STATUSES[status] ?? {
    outcome: 'unknown' as const,
    text: `Unknown SMSC status ${status}`,
  }
  const detail =
    err === null || err === 0
      ? null
      : (SMSC_STATUS_ERRORS[err] ?? `SMSC error code ${err}`) + ` (err ${err})`
  const quiet =
    known.outcome === 'delivered' || known.outcome === 'accepted' || known.outcome === 'enroute'
  const reason = quiet ? detail : detail ? `${known.text}: ${detail}` : known.text
  // The detail code says more than the status when the document knows it.
  const reasonCode =
    err !== null && err !== 0 && SMSC_STATUS_ERRORS[err] !== undefined
      ? `smsc:err:${err}`
      : quiet && detail === null
        ? null
        : SMSC_STATUSES[status]
          ? `smsc:status:${status}`
          : 'smsc:status:other'
  return { ...known, reason, reasonCode }
}

// ---------------------------------------------------------------------------------------------
// Reply parsing (pure: returns null / typed values, never throws)

export interface SmscErrorReply {
  code: number
  text: string
  /** The message id, when the server echoes it (errors 3, 6, 7, 8 of send). */
  id: string | null
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** An integer given as a JSON number or a string of digits; null otherwise. */
export function intOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) ? v : null
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number.parseInt(v, 10)
  return null
}

/** A decimal given as a number or a string (SMSC sends money as text); null otherwise. */
export function decimalOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v === 'string' && /^\s*-?\d+(?:[.,]\d+)?\s*$/.test(v))
    return Number.parseFloat(v.replace(',', '.'))
  return null
}

function textOf(v: unknown): string | null {
  if (typeof v === 'string') return v
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return null
}

export function parseErrorReply(value: unknown): SmscErrorReply | null {
  if (!isRecord(value) || !('error' in value || 'error_code' in value)) return null
  const code = intOf(value.error_code)
  return {
    code: code ?? 0,
    text: textOf(value.error) ?? '',
    id: value.id === undefined ? null : textOf(value.id),
  }
}

/** SMSC's plain-text error line: `ERROR = 2 (authorise error)`. */
export function parseTextError(text: string): SmscErrorReply | null {
  const m = /^\s*ERROR\s*=\s*(-?\d+)\s*(?:\((.*)\))?/i.exec(text)
  if (!m) return null
  return { code: Number(m[1]), text: (m[2] ?? '').trim(), id: null }
}

export interface SmscSendReply {
  id: string
  parts: number
}

export function parseSendReply(value: unknown): SmscSendReply | null {
  if (!isRecord(value)) return null
  const id = intOf(value.id)
  const cnt = intOf(value.cnt)
  if (id === null || cnt === null || cnt < 0) return null
  return { id: String(id), parts: cnt }
}

/** send.php with cost=1: `{"cost":"2.50","cnt":1}`, what it would charge and for how many parts. */
export function parseQuoteReply(value: unknown): { cost: number; parts: number } | null {
  if (!isRecord(value)) return null
  const cost = decimalOf(value.cost)
  const parts = intOf(value.cnt)
  if (cost === null || cost < 0 || parts === null || parts < 1) return null
  return { cost, parts }
}

export interface SmscStatusEntry {
  /** Present in multi-status replies and with all=1. */
  id: string | null
  phone: string | null
  status: number
  err: number | null
  lastTimestamp: number | null
  cost: string | null
  parts: number | null
  hlr: HlrResult | null
  raw: string
}

const HLR_KEYS = ['imsi', 'msc', 'mcc', 'mnc', 'cn', 'net', 'rcn', 'rnet'] as const

function parseStatusEntry(value: unknown): SmscStatusEntry | null {
  if (!isRecord(value)) return null
  const status = intOf(value.status)
  if (status === null) return null
  const hasErr = value.err !== undefined && value.err !== null && value.err !== ''
  const err = hasErr ? intOf(value.err) : null
  if (hasErr && err === null) return null
  let hlr: HlrResult | null = null
  if (HLR_KEYS.some((k) => value[k] !== undefined)) {
    const field = (k: (typeof HLR_KEYS)[number]) => textOf(value[k]) ?? ''
    hlr = {
      imsi: field('imsi'),
      msc: field('msc'),
      mcc: field('mcc'),
      mnc: field('mnc'),
      cn: field('cn'),
      net: field('net'),
      rcn: field('rcn'),
      rnet: field('rnet'),
    }
  }
  const cost = textOf(value.cost)
  return {
    id: value.id === undefined ? null : textOf(value.id),
    phone: value.phone === undefined ? null : textOf(value.phone),
    status,
    err,
    lastTimestamp: intOf(value.last_timestamp),
    cost: cost === null || cost === '' ? null : cost,
    parts: intOf(value.sms_cnt),
    hlr,
    raw: JSON.stringify(value),
  }
}

/** status.php: one object (single query) or an array of them (comma lists); null if neither. */
export function parseStatusReply(value: unknown): SmscStatusEntry[] | null {
  const list = Array.isArray(value) ? value : [value]
  const out: SmscStatusEntry[] = []
  for (const item of list) {
    const entry = parseStatusEntry(item)
    if (!entry) return null
    out.push(entry)
  }
  return out
}

/** A status answer as it came: its entries, whether it was a list, and the reply itself. */
export interface SmscStatusAnswer {
  entries: SmscStatusEntry[]
  list: boolean
  reply: HttpReply
}

/**
 * Each status entry with the message it belongs to, or null when the answer does not say.
 * One message asked: one entry, naming no other id. Several: a list; entries carrying an id
 * (and a phone) go to that message, entries without are taken in order only when there are as
 * many as were asked. A single object for several messages says nothing of whose it is.
 */
export function matchStatusEntries<T extends { phone: string; id: string }>(
  asked: readonly T[],
  answer: Pick<SmscStatusAnswer, 'entries' | 'list'>,
): Array<{ item: T; entry: SmscStatusEntry }> | null {
  const { entries } = answer
  const samePhone = (a: string | null, b: string) =>
    a === null || a.replace(/^\+/, '') === b.replace(/^\+/, '')
  if (asked.length === 1) {
    const item = asked[0]
    const entry = entries[0]
    if (!item || !entry || entries.length !== 1) return null
    if (entry.id !== null && (entry.id !== item.id || !samePhone(entry.phone, item.phone)))
      return null
    return [{ item, entry }]
  }
  if (!answer.list) return null
  if (entries.every((e) => e.id !== null)) {
    const out: Array<{ item: T; entry: SmscStatusEntry }> = []
    const seen = new Set<T>()
    for (const entry of entries) {
      const item = asked.find((a) => a.id === entry.id && samePhone(entry.phone, a.phone))
      // An entry for a message not asked about, or twice for one: the list cannot be trusted.
      if (!item || seen.has(item)) return null
      seen.add(item)
      out.push({ item, entry })
    }
    return out
  }
  if (entries.length !== asked.length || entries.some((e) => e.id !== null)) return null
  return entries.map((entry, n) => ({ item: asked[n] as T, entry }))
}

/** Status -3 for a message SMSC says it does not hold (error 3 to a single query). */
function notFoundEntry(item: { phone: string; id: string }, raw: string): SmscStatusEntry {
  return {
    id: item.id,
    phone: item.phone,
    status: -3,
    err: null,
    lastTimestamp: null,
    cost: null,
    parts: null,
    hlr: null,
    raw,
  }
}

export function receiptFromStatus(
  entry: SmscStatusEntry,
  providerId: string,
  receivedAt = Date.now(),
): DeliveryReceipt {
  const mapped = mapStatus(entry.status, entry.err)
  return {
    providerId,
    outcome: mapped.outcome,
    stat: String(entry.status),
    err: entry.err === null ? null : String(entry.err),
    reason: mapped.reason,
    reasonCode: mapped.reasonCode,
    channel: 'sms',
    price: entry.cost,
    hlr: entry.hlr,
    raw: entry.raw,
    receivedAt,
  }
}

export function parseBalanceReply(value: unknown): Balance | null {
  if (!isRecord(value)) return null
  const amount = decimalOf(value.balance)
  if (amount === null) return null
  const currency = textOf(value.currency)
  return { amount, currency: currency ? currency : null }
}

/** `DD.MM.YYYY hh:mm[:ss]` in the server's zone, or a unix timestamp; epoch ms or null. */
export function parseSmscDate(value: unknown, utcOffsetMinutes = 180): number | null {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value * 1000
  if (typeof value !== 'string') return null
  if (/^\d{9,11}$/.test(value.trim())) return Number(value.trim()) * 1000
  const m = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$/.exec(
    value,
  )
  if (!m) return null
  const year = Number(m[3]) < 100 ? 2000 + Number(m[3]) : Number(m[3])
  const utc = Date.UTC(
    year,
    Number(m[2]) - 1,
    Number(m[1]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  )
  return Number.isNaN(utc) ? null : utc - utcOffsetMinutes * 60_000
}

/** `DD.MM.YYYY hh:mm:ss` in a zone `utcOffsetMinutes` east of UTC (the simulator's format). */
export function formatSmscDate(epochMs: number, utcOffsetMinutes = 180): string {
  const d = new Date(epochMs + utcOffsetMinutes * 60_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${p(d.getUTCDate())}.${p(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
}

export type SmscInboundSms = InboundSms & { id: string }

export function parseInboundReply(value: unknown, utcOffsetMinutes = 180): SmscInboundSms[] | null {
  if (!Array.isArray(value)) return null
  const out: SmscInboundSms[] = []
  for (const item of value) {
    if (!isRecord(item)) return null
    const id = intOf(item.id)
    const from = textOf(item.phone)
    const text = textOf(item.message)
    if (id === null || from === null || text === null) return null
    const receivedAt = parseSmscDate(item.received, utcOffsetMinutes)
    out.push({
      id: String(id),
      // Kept once, however it comes: fetched again, or posted to a team server's handler too.
      ref: String(id),
      from,
      to: textOf(item.to_phone) ?? '',
      text,
      receivedAt: receivedAt ?? Date.now(),
    })
  }
  return out.sort((a, b) => Number(a.id) - Number(b.id))
}

function numberKind(type: number): DedicatedNumber['kind'] {
  if (type === 1 || type === 4) return 'virtual'
  if (type === 2) return 'sim-hosting'
  return 'other'
}

function dedicatedNumber(
  phone: unknown,
  type: unknown,
  cost: unknown,
  currentCost: unknown,
  info: unknown,
): DedicatedNumber | null {
  const p = textOf(phone)?.trim()
  const t = intOf(type)
  const c = decimalOf(cost)
  const cc = decimalOf(currentCost)
  if (!p || !/^\+?\d{5,15}$/.test(p) || t === null || c === null || cc === null) return null
  return {
    phone: p,
    type: t,
    kind: numberKind(t),
    cost: c,
    currentCost: cc,
    info: textOf(info) ?? '',
  }
}

/**
 * A list SMSC answers as JSON (fmt=3: a list of objects; one object too where `oneObject`) or
 * as text lines (fmt=0): each item read by `fromJson` or each non-blank line by `fromLine`.
 * Null when the text is neither, or any item does not read.
 */
export function jsonOrLines<T>(
  text: string,
  fromJson: (item: Record<string, unknown>) => T | null,
  fromLine: (line: string) => T | null,
  oneObject = false,
): T[] | null {
  const trimmed = text.trim()
  if (trimmed === '') return []
  const json = trimmed.startsWith('[') || trimmed.startsWith('{')
  let items: unknown[]
  if (json) {
    let value: unknown
    try {
      value = JSON.parse(trimmed)
    } catch {
      return null
    }
    if (Array.isArray(value)) items = value
    else if (oneObject) items = [value]
    else return null
  } else {
    items = trimmed.split(/\r?\n/).filter((line) => line.trim() !== '')
  }
  const out: T[] = []
  for (const item of items) {
    const read = json ? (isRecord(item) ? fromJson(item) : null) : fromLine(item as string)
    if (read === null) return null
    out.push(read)
  }
  return out
}

/** The free-number list as JSON `[{phone,type,cost,current_cost,info}]` or text lines. */
export function parseFreeNumbers(text: string): DedicatedNumber[] | null {
  return jsonOrLines(
    text,
    (item) => dedicatedNumber(item.phone, item.type, item.cost, item.current_cost, item.info),
    (line) => {
      const [phone, type, cost, currentCost, ...info] = line.split(',')
      return dedicatedNumber(phone, type, cost?.trim(), currentCost?.trim(), info.join(',').trim())
    },
  )
}

/** What renting charged: JSON `{"cost":…}`, a bare number, or text holding one (`OK - 150.00`). */
export function parseRentReply(text: string): number | null {
  const trimmed = text.trim()
  try {
    const value: unknown = JSON.parse(trimmed)
    if (isRecord(value)) return decimalOf(value.cost)
    return decimalOf(value)
  } catch {
    const m = /^(?:OK\s*-?\s*)?(\d+(?:[.,]\d+)?)$/i.exec(trimmed)
    return m?.[1] ? decimalOf(m[1]) : null
  }
}

/** The renewal switch answers with no data: any JSON object or `OK` text means done. */
export function isRenewalOk(text: string): boolean {
  const trimmed = text.trim()
  if (trimmed === '' || /^OK\b/i.test(trimmed)) return true
  try {
    return isRecord(JSON.parse(trimmed))
  } catch {
    return false
  }
}

// ---------------------------------------------------------------------------------------------
// Request building

export const SMSC_MAX_ID = 2147483647

export function isValidSmscId(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= SMSC_MAX_ID
}

/** valid=hh:mm (00:01..24:00). */
export function formatValidity(minutes: number): string {
  const m = Math.min(1440, Math.max(1, Math.round(minutes)))
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}

/** status.php phone/id for several messages: comma lists with a trailing comma. */
export function statusListParams(items: readonly { phone: string; id: string }[]): {
  phone: string
  id: string
} {
  if (items.length === 1 && items[0]) return { phone: items[0].phone, id: items[0].id }
  return {
    phone: items.map((i) => `${i.phone},`).join(''),
    id: items.map((i) => `${i.id},`).join(''),
  }
}

/** www2.<domain> for an SMSC host (smsc.ru, www.smsc.kz, …); null for any other host. */
export function defaultBackupBaseUrl(baseUrl: string): string | null {
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    return null
  }
  const m = /^(?:www\d*\.)?(smsc\.[a-z]{2,})$/i.exec(url.hostname)
  if (!m?.[1]) return null
  return `${url.protocol}//www2.${m[1].toLowerCase()}${url.port ? `:${url.port}` : ''}/`
}

// ---------------------------------------------------------------------------------------------
// Local limiter and typed errors

/** Counts requests per signature in a sliding window, so the client never trips the server's. */
export class RequestLimiter {
  private readonly hits = new Map<string, number[]>()

  constructor(private readonly windowMs: number) {}

  /** ms until `signature` may go again under `limit`; 0 = it may go now. */
  wait(signature: string, limit: number, now = Date.now()): number {
    const list = this.live(signature, now)
    if (list.length < limit) return 0
    return Math.max(1, (list[list.length - limit] ?? now) + this.windowMs - now)
  }

  /** Records one request now. */
  take(signature: string, now = Date.now()): void {
    const list = this.live(signature, now)
    list.push(now)
    this.hits.set(signature, list)
    if (this.hits.size > 5000) this.prune(now)
  }

  private live(signature: string, now: number): number[] {
    const list = (this.hits.get(signature) ?? []).filter((t) => now - t < this.windowMs)
    if (list.length === 0) this.hits.delete(signature)
    else this.hits.set(signature, list)
    return list
  }

  private prune(now: number): void {
    for (const key of [...this.hits.keys()]) this.live(key, now)
  }
}

/** The server answered with an error_code (other than for a single send, which maps to an outcome). */
export class SmscApiError extends Error {
  /** The message as a phrase: its reason code words it in the operator's language. */
  readonly phrase: PhraseRef

  constructor(
    readonly call: SmscCall,
    readonly code: number,
    readonly serverText: string,
    readonly reason: string,
  ) {
    super(`${SMSC_HTTP_PROVIDER_NAME} ${call}: ${reason}${serverText ? ` [${serverText}]` : ''}`)
    this.name = 'SmscApiError'
    this.phrase = phrase('provider.refused', {
      provider: SMSC_HTTP_PROVIDER_NAME,
      call,
      code: apiErrorReasonCode(call, code),
      providerCode: String(code),
      said: serverText,
      text: this.message,
    })
  }
}

/** The reason code whose text says what describeApiError says of this error. */
export function apiErrorReasonCode(call: SmscCall, code: number): string {
  if (call === 'status' && code === 3) return 'smsc:status:-3'
  const known =
    SMSC_SEND_ERRORS[code] !== undefined &&
    (call === 'send' ||
      call === 'hlr' ||
      call === 'quote' ||
      [1, 2, 3, 4, 9].includes(code) ||
      (code === 5 && call !== 'status'))
  return known ? `smsc:send:${code}` : 'smsc:send:other'
}

/** Refused locally: the server would refuse this repeat anyway (and may block the IP). */
export class SmscRateLimitError extends Error {
  readonly phrase: PhraseRef

  constructor(
    readonly call: SmscCall,
    readonly retryAfterMs: number,
    detail: string,
  ) {
    const params = {
      provider: SMSC_HTTP_PROVIDER_NAME,
      call,
      detail,
      seconds: Math.ceil(retryAfterMs / 1000),
    }
    super(english('provider.tooSoon', params))
    this.name = 'SmscRateLimitError'
    this.phrase = phrase('provider.tooSoon', params)
  }
}

/** Limits the server enforces (per minute); the client keeps under them. */
export const SMSC_LIMITS = {
  statusPerMessage: 5,
  balance: 10,
  identicalNumbersRequest: 2,
} as const

// ---------------------------------------------------------------------------------------------
// The provider

type Form = Record<string, string | number | undefined>
/** A longer timeout (never shorter than the profile's) and a bound on the answer's size. */
type RequestOptions = { timeoutMs?: number; maxBytes?: number }

/** How long a price the server named is used before asking again. */
const QUOTE_KEPT_MS = 3_600_000
/** Prices kept at most (each a number and sender). */
const QUOTES_KEPT = 2000

export class SmscHttpProvider extends HttpProvider {
  readonly capabilities = SMSC_HTTP_CAPABILITIES
  protected readonly providerName = SMSC_HTTP_PROVIDER_NAME

  private readonly settings: SmscHttpSettings
  private readonly secret: string
  private readonly mainBase: string
  private readonly backupBase: string | null
  private readonly failbackMs: number
  private readonly limiter: RequestLimiter
  /** Prices asked lately, by number and sender, oldest first. */
  private readonly quotes = new Map<string, { perPart: number; at: number }>()
  private onBackupSince: number | null = null
  /** Keys whose send may have arrived without an answer: an error 9 then confirms it. */
  private readonly uncertainKeys = new Set<number>()

  constructor(options: SmscHttpProviderOptions) {
    super(options)
    const { secret, failbackMs, limiterWindowMs, ...rest } = options
    this.secret = secret
    this.settings = rest
    this.mainBase = options.baseUrl
    this.backupBase =
      options.backupBaseUrl === undefined
        ? defaultBackupBaseUrl(options.baseUrl)
        : options.backupBaseUrl || null
    this.failbackMs = failbackMs ?? 5 * 60_000
    this.limiter = new RequestLimiter(limiterWindowMs ?? 60_000)
  }

  protected secrets(): readonly string[] {
    return [this.secret]
  }

  /** The base URL the next request goes to. */
  activeBaseUrl(): string {
    if (this.onBackupSince !== null && Date.now() - this.onBackupSince >= this.failbackMs)
      this.onBackupSince = null
    return this.onBackupSince !== null && this.backupBase ? this.backupBase : this.mainBase
  }

  // --- send ----------------------------------------------------------------------------------

  protected async sendRequest(batch: readonly OutgoingSms[]): Promise<SubmitOutcome[]> {
    const out: SubmitOutcome[] = []
    // `__HLR__` (the SMPP convention) becomes an HLR request here: same outbox, same receipts.
    for (const sms of batch)
      out.push(await this.sendOne(sms, sms.text.trim() === '__HLR__' ? { hlr: 1 } : {}))
    return out
  }

  private async sendOne(sms: OutgoingSms, extra: Form): Promise<SubmitOutcome> {
    const id = sms.numericKey
    if (!isValidSmscId(id))
      return {
        kind: 'rejected',
        code: 'id',
        reason: `SMSC message id must be an integer 1..${SMSC_MAX_ID}, got ${id}`,
      }
    const call: SmscCall = extra.hlr ? 'hlr' : 'send'
    const sender = sms.sender || this.settings.defaultSender || undefined
    // Another SMSC type (viber=1, call=1&voice=…, mail=1&subj=…, …): its flag and fields.
    const typed = httpTypedParams(sms.text, sms.messageType)
    const form: Form = {
      phones: sms.phone,
      mes: extra.hlr ? undefined : (typed.mes ?? undefined),
      ...typed.params,
      id,
      sender,
      translit: this.settings.translit ? 1 : undefined,
      valid: this.settings.validityMinutes
        ? formatValidity(this.settings.validityMinutes)
        : undefined,
      time: sms.sendAt && sms.sendAt > Date.now() ? `0${Math.floor(sms.sendAt / 1000)}` : undefined,
      ...extra,
    }
    let reply: HttpReply
    try {
      reply = await this.call('send', call, form)
    } catch (err) {
      if (err instanceof ProviderHttpError && err.maybeDelivered) this.uncertainKeys.add(id)
      throw err
    }
    const value = this.json(call, reply)
    const error = parseErrorReply(value)
    if (error) {
      if (error.code === 9) return this.confirmDuplicate(sms, call)
      this.uncertainKeys.delete(id)
      return sendErrorOutcome(error.code, error.text)
    }
    const ok = parseSendReply(value)
    if (!ok) throw malformed(this.req(call), reply, 'expected {"id","cnt"}')
    this.uncertainKeys.delete(id)
    return { kind: 'accepted', providerIds: [ok.id], parts: ok.parts }
  }

  /**
   * Error 9: our id may already be there (a resend after a lost answer) or the server refused an
   * identical request. The status of (phone, id) tells which; without it, a known lost answer wins.
   */
  private async confirmDuplicate(sms: OutgoingSms, call: SmscCall): Promise<SubmitOutcome> {
    const id = String(sms.numericKey)
    const wasUncertain = this.uncertainKeys.has(sms.numericKey)
    const accepted = (parts: number | null): SubmitOutcome => {
      this.uncertainKeys.delete(sms.numericKey)
      return {
        kind: 'accepted',
        providerIds: [id],
        parts:
          parts ??
          (call === 'hlr' ? 1 : Math.max(1, countMessage(sms.text, sms.messageType?.type).parts)),
      }
    }
    let entry: SmscStatusEntry | undefined
    try {
      const item = { phone: sms.phone, id }
      const answer = await this.fetchStatus([item])
      entry = matchStatusEntries([item], answer)?.[0]?.entry
    } catch {
      entry = undefined
    }
    if (entry && entry.status !== -3) return accepted(entry.parts)
    if (!entry && wasUncertain) return accepted(null)
    // Refused as one request too many (identical, or too many at once): throttling.
    return { kind: 'retry', reason: SMSC_SEND_ERRORS[9]?.reason ?? 'SMSC error 9', throttled: true }
  }

  /**
   * HLR request for `phone` under our id `numericKey`; the answer comes through pollStatus
   * (or hlrStatus) as a receipt with `hlr` set.
   */
  async lookupHlr(phone: string, numericKey: number): Promise<SubmitOutcome> {
    const st = this.state()
    if (st.status !== 'ready')
      return {
        kind: 'not-sent',
        reason: `${this.providerName} profile is ${st.status}${st.detail ? `: ${st.detail}` : ''}`,
      }
    const sms: OutgoingSms = {
      id: 0,
      idempotencyKey: `hlr-${numericKey}`,
      numericKey,
      sender: '',
      phone,
      text: '',
      wantReceipt: true,
    }
    let outcome: SubmitOutcome
    try {
      outcome = this.maskOutcome(await this.sendOne(sms, { hlr: 1 }))
    } catch (err) {
      return this.transportOutcome(err)
    }
    if (outcome.kind === 'paused') this.pause(outcome.reason)
    return outcome
  }

  /** The HLR answer (or progress) for an earlier lookupHlr; null if the server has nothing. */
  async hlrStatus(phone: string, providerId: string): Promise<DeliveryReceipt | null> {
    const [receipt] = await this.pollStatus([
      {
        id: 0,
        idempotencyKey: '',
        numericKey: Number(providerId),
        providerIds: [providerId],
        phone,
      },
    ])
    return receipt ?? null
  }

  // --- status --------------------------------------------------------------------------------

  /**
   * Status of accepted messages, several per request. A message already asked about five times in
   * the server's window is left out this round (the server would refuse the whole request).
   * A status is credited to a message only when the answer says whose it is: a list with an id
   * (and phone) in each entry, or as many entries as were asked, in order. Any other answer to a
   * request for several messages (one object, a shorter list without ids) is refused, and each
   * message of it is asked about on its own.
   *
   * 'missing': SMSC holds no message under this id for this number — status -3 in a list, error 3
   * ("message not found") for a single query ([public] status.php error codes). A message that
   * never arrived reads that way, so an uncertain one can be settled by it.
   */
  async pollStatus(queries: readonly StatusQuery[]): Promise<DeliveryReceipt[]> {
    const wanted = queries.map((q) => ({
      phone: q.phone,
      id: q.providerIds[0] ?? String(q.numericKey),
    }))
    const receipts: DeliveryReceipt[] = []
    const due = wanted.filter((w) => this.statusDue(w))
    for (let i = 0; i < due.length; i += 100) {
      const chunk = due.slice(i, i + 100)
      let answer: SmscStatusAnswer
      try {
        answer = await this.fetchStatus(chunk)
      } catch (err) {
        // A chunk refused for repeats is asked again next round; the others still count.
        if (err instanceof SmscApiError && err.code === 9) continue
        throw err
      }
      const now = Date.now()
      const matched = matchStatusEntries(chunk, answer)
      if (matched) {
        for (const { item, entry } of matched) receipts.push(receiptFromStatus(entry, item.id, now))
        continue
      }
      if (chunk.length === 1)
        throw malformed(this.req('status'), answer.reply, 'the status answer names another message')
      // Whose status is it? Unknown: ask each message on its own rather than guess.
      for (const item of chunk) {
        if (!this.statusDue(item)) continue
        let single: SmscStatusAnswer
        try {
          single = await this.fetchStatus([item])
        } catch (err) {
          if (err instanceof SmscApiError && err.code === 9) continue
          throw err
        }
        const one = matchStatusEntries([item], single)
        if (!one)
          throw malformed(
            this.req('status'),
            single.reply,
            'the status answer names another message',
          )
        for (const { entry } of one) receipts.push(receiptFromStatus(entry, item.id, Date.now()))
      }
    }
    return receipts.map((r) => this.maskReceipt(r))
  }

  /** Whether the server would still answer a status request for this message this minute. */
  private statusDue(item: { phone: string; id: string }): boolean {
    return this.limiter.wait(`status:${item.phone}:${item.id}`, SMSC_LIMITS.statusPerMessage) === 0
  }

  private async fetchStatus(
    items: readonly { phone: string; id: string }[],
  ): Promise<SmscStatusAnswer> {
    for (const item of items) this.limiter.take(`status:${item.phone}:${item.id}`)
    const reply = await this.call('status', 'status', { ...statusListParams(items), all: 1 })
    const value = this.json('status', reply)
    const error = parseErrorReply(value)
    const only = items.length === 1 ? items[0] : undefined
    if (error?.code === 3 && only) {
      // A single query for a message SMSC does not hold: what a list reports as status -3.
      const entry = notFoundEntry(only, reply.text)
      return { entries: [entry], list: false, reply }
    }
    if (error) this.raise('status', error)
    const entries = parseStatusReply(value)
    if (!entries)
      throw malformed(
        this.req('status'),
        reply,
        'expected {"status","last_date",…} or a list of them',
      )
    return { entries, list: Array.isArray(value), reply }
  }

  // --- balance -------------------------------------------------------------------------------

  async balance(): Promise<Balance> {
    this.limit('balance', 'balance', SMSC_LIMITS.balance, 'more than ten balance requests a minute')
    const reply = await this.call('balance', 'balance', { cur: 1 })
    const value = this.json('balance', reply)
    this.throwIfError('balance', value)
    const balance = parseBalanceReply(value)
    if (!balance) throw malformed(this.req('balance'), reply, 'expected {"balance":"…"}')
    return balance
  }

  /**
   * The price per part for a message to `phone`, asked with send.php `cost=1` (nothing is sent),
   * with a one-part text: the price is per part, whatever the text. An answer is kept for
   * QUOTE_KEPT_MS (a price seldom changes within the hour, and the server refuses identical
   * requests within a minute).
   */
  async partPrice(phone: string, sender: string): Promise<number | null> {
    const from = sender || this.settings.defaultSender || undefined
    const key = `${phone}:${from ?? ''}`
    const kept = this.quotes.get(key)
    if (kept && Date.now() - kept.at < QUOTE_KEPT_MS) return kept.perPart
    const reply = await this.call('send', 'quote', {
      phones: phone,
      mes: '.',
      sender: from,
      cost: 1,
    })
    const value = this.json('quote', reply)
    this.throwIfError('quote', value)
    const quote = parseQuoteReply(value)
    if (!quote) throw malformed(this.req('quote'), reply, 'expected {"cost","cnt"}')
    const perPart = quote.cost / quote.parts
    this.quotes.delete(key)
    this.quotes.set(key, { perPart, at: Date.now() })
    if (this.quotes.size > QUOTES_KEPT) {
      const oldest = this.quotes.keys().next().value
      if (oldest !== undefined) this.quotes.delete(oldest)
    }
    return perPart
  }

  // --- inbound -------------------------------------------------------------------------------

  /** Replies and other inbound SMS after `afterId` (null: the last `inboundHours`), oldest first. */
  /** The ProviderConnection side of fetchInbound: messages after the cursor, and the new cursor. */
  async pollInbound(
    cursor: string | null,
  ): Promise<{ messages: InboundSms[]; cursor: string | null }> {
    const { messages, lastId } = await this.fetchInbound(cursor)
    return { messages, cursor: lastId ?? cursor }
  }

  async fetchInbound(
    afterId: string | null,
  ): Promise<{ messages: SmscInboundSms[]; lastId: string | null }> {
    const firstHours = Math.min(168, Math.max(1, Math.round(this.settings.inboundHours ?? 24)))
    const reply = await this.call('get', 'inbound', {
      get_answers: 1,
      after_id: afterId ?? undefined,
      // With after_id the window only bounds how far back we look after a long offline spell.
      hour: afterId === null ? firstHours : 168,
      cnt: 1000,
    })
    const value = this.json('inbound', reply)
    this.throwIfError('inbound', value)
    const messages = parseInboundReply(value, this.settings.serverUtcOffsetMinutes ?? 180)
    if (!messages)
      throw malformed(
        this.req('inbound'),
        reply,
        'expected [{"id","received","phone","message",…}]',
      )
    const fresh =
      afterId === null ? messages : messages.filter((m) => Number(m.id) > Number(afterId))
    return { messages: fresh, lastId: fresh[fresh.length - 1]?.id ?? afterId }
  }

  // --- dedicated numbers ---------------------------------------------------------------------

  async listFreeNumbers(): Promise<DedicatedNumber[]> {
    const signature = 'receive_phones:get'
    this.limit(
      'numbers-list',
      signature,
      SMSC_LIMITS.identicalNumbersRequest,
      'the free-number list was asked for twice this minute',
    )
    const reply = await this.call('receive_phones', 'numbers-list', { get: 1 })
    this.throwIfTextOrJsonError('numbers-list', reply)
    const numbers = parseFreeNumbers(reply.text)
    if (!numbers)
      throw malformed(
        this.req('numbers-list'),
        reply,
        'expected [{"phone","type","cost","current_cost","info"}] or lines phone,type,cost,current_cost,info',
      )
    return numbers
  }

  /** Rents `phone` for the rest of this month; resolves with what the account was charged. */
  async rentNumber(phone: string): Promise<{ phone: string; cost: number }> {
    this.limit(
      'numbers-rent',
      `receive_phones:buy:${phone}`,
      SMSC_LIMITS.identicalNumbersRequest,
      `renting ${phone} was asked twice this minute`,
    )
    const reply = await this.call('receive_phones', 'numbers-rent', { buy: 1, phone })
    this.throwIfTextOrJsonError('numbers-rent', reply)
    const cost = parseRentReply(reply.text)
    if (cost === null) throw malformed(this.req('numbers-rent'), reply, 'expected the rent charged')
    return { phone, cost }
  }

  /** Whether a rented number is renewed for next month (noprolong=0) or lapses (noprolong=1). */
  async setRenewal(phone: string, renew: boolean): Promise<{ phone: string; renew: boolean }> {
    const noprolong = renew ? 0 : 1
    this.limit(
      'numbers-renewal',
      `receive_phones:chg:${phone}:${noprolong}`,
      SMSC_LIMITS.identicalNumbersRequest,
      `the renewal of ${phone} was changed twice this minute`,
    )
    const reply = await this.call('receive_phones', 'numbers-renewal', { chg: 1, phone, noprolong })
    this.throwIfTextOrJsonError('numbers-renewal', reply)
    if (!isRenewalOk(reply.text))
      throw malformed(this.req('numbers-renewal'), reply, 'expected a confirmation')
    return { phone, renew }
  }

  // --- number verification by call (wait-call.ts) --------------------------------------------

  /** The number `phone` must call within 15 minutes to verify itself, and all it may be. */
  async waitCall(phone: string): Promise<WaitCallNumbers> {
    return requestWaitCall(phone, {
      limit: (signature, max, detail) => this.limit('wait-call', signature, max, detail),
      post: (params) => this.call('wait_call', 'wait-call', params),
      throwIfError: (reply) => this.throwIfTextOrJsonError('wait-call', reply),
      req: this.req('wait-call'),
    })
  }

  // --- deferred export jobs (downloads.ts) --------------------------------------------------

  async createExportJob(period: ExportPeriod): Promise<{ id: string }> {
    return createExportJob(period, this.downloadsPort())
  }

  async listExportJobs(): Promise<ExportJob[]> {
    return listExportJobs(this.downloadsPort())
  }

  async downloadExport(job: Pick<ExportJob, 'id' | 'file'>): Promise<SentRecord[]> {
    return downloadExport(job, this.downloadsPort())
  }

  exportDayStart(day: string): number {
    return dayStart(day, this.settings.serverUtcOffsetMinutes ?? 180)
  }

  private downloadsPort(): DownloadsPort {
    return {
      limit: (call, signature, max, detail) => this.limit(call, signature, max, detail),
      post: (call, params, o) => this.call('downloads', call, params, o),
      throwIfError: (call, reply) => this.throwIfTextOrJsonError(call, reply),
      req: (call) => this.req(call),
      utcOffsetMinutes: this.settings.serverUtcOffsetMinutes ?? 180,
    }
  }

  // --- plumbing ------------------------------------------------------------------------------

  private req(call: SmscCall): Pick<HttpRequest, 'provider' | 'call' | 'secrets'> {
    return { provider: this.providerName, call, secrets: [this.secret] }
  }

  private limit(call: SmscCall, signature: string, max: number, detail: string): void {
    const wait = this.limiter.wait(signature, max)
    if (wait > 0) throw new SmscRateLimitError(call, wait, detail)
    this.limiter.take(signature)
  }

  /** One POST to the active host; a host that cannot be reached hands this request to the other. */
  private async call(
    cmd: string,
    call: SmscCall,
    params: Form,
    o: RequestOptions = {},
  ): Promise<HttpReply> {
    const credentials: Form =
      this.settings.auth === 'apikey'
        ? { apikey: this.secret }
        : { login: this.settings.login, psw: this.secret }
    const form: Form = {
      ...credentials,
      fmt: 3,
      charset: 'utf-8',
      ...params,
    }
    const base = this.activeBaseUrl()
    try {
      return await this.post(base, cmd, call, form, o)
    } catch (err) {
      if (!(err instanceof ProviderHttpError) || err.failure === 'malformed' || !this.backupBase)
        throw err
      this.switchFrom(base)
      // Nothing reached the host, so the other one may take this very request.
      if (err.failure === 'unreachable')
        return await this.post(this.activeBaseUrl(), cmd, call, form, o)
      throw err
    }
  }

  private switchFrom(base: string): void {
    this.onBackupSince = base === this.mainBase ? Date.now() : null
  }

  private async post(
    base: string,
    cmd: string,
    call: SmscCall,
    form: Form,
    o: RequestOptions = {},
  ): Promise<HttpReply> {
    const url = new URL(`sys/${cmd}.php`, base.endsWith('/') ? base : `${base}/`).toString()
    const reply = await httpRequest({
      provider: this.providerName,
      call,
      method: 'POST',
      url,
      form,
      timeoutMs: Math.max(this.timeoutMs, o.timeoutMs ?? 0),
      maxBytes: o.maxBytes,
      secrets: [this.secret],
    })
    // SMSC answers 200 even for errors: anything else is a proxy or server failure page.
    if (reply.status !== 200)
      throw malformed(this.req(call), reply, `unexpected HTTP ${reply.status}`)
    return reply
  }

  private json(call: SmscCall, reply: HttpReply): unknown {
    return parseJsonReply(this.req(call), reply)
  }

  private throwIfError(call: SmscCall, value: unknown): void {
    const error = parseErrorReply(value)
    if (error) this.raise(call, error)
  }

  private throwIfTextOrJsonError(call: SmscCall, reply: HttpReply): void {
    let error = parseTextError(reply.text)
    if (!error) {
      try {
        error = parseErrorReply(JSON.parse(reply.text))
      } catch {
        error = null
      }
    }
    if (error) this.raise(call, error)
  }

  private raise(call: SmscCall, error: SmscErrorReply): never {
    const said = this.mask(error.text)
    const reason = describeApiError(call, error.code, said)
    if (isProfileError(error.code)) this.pause(reason)
    throw new SmscApiError(call, error.code, snippet(said), reason)
  }
}
