/**
 * GETSMS.UZ (Uzbekistan) HTTP API: POST form to /smsgateway/ with login, password, optional
 * nickname (alpha sender) and `data` = JSON array of up to 100 {phone, text}; the answer is one
 * object per item, in order, each with a message_id and the request's request_id. Status is
 * asked per request: POST /smsgateway/status/ with data = [{"request_id": …}] answers for every
 * message of that request.
 *
 * Ids: an accepted message's providerIds holds `${request_id}:${message_id}` — pollStatus needs
 * the request id to ask, and the status rows name both, so the receipt's providerId is built the
 * same way and matches exactly.
 *
 * There is no client idempotency key: a send whose answer was lost or garbled is `unknown`
 * (the outbox marks it uncertain), never resent silently.
 *
 * Sender: a message whose sender is empty goes with the profile's `nickname` (or from the short
 * number when none is set); a numeric sender is the short number itself and goes without a
 * nickname; any other sender goes as its own nickname. A refused nickname (202/203) rejects the
 * message when the nickname was the message's own, and pauses the profile when it was the
 * profile's default (every message would fail the same way until the operator fixes it).
 */
import type { MessageDraft, PhraseRef } from '../../../../shared/domain'
import { english, phrase } from '../../../../shared/phrases'
import { analyzeSms } from '../../../../shared/sms'
import { httpRequest, malformed, parseJsonReply, type HttpReply } from '../http'
import { HttpProvider, type HttpProviderBaseOptions } from '../http-provider'
import type {
  DeliveryReceipt,
  Objection,
  OutgoingSms,
  ProviderCapabilities,
  ReceiptOutcome,
  StatusQuery,
  SubmitOutcome,
} from '../types'

const PROVIDER = 'GETSMS'

export const GETSMS_CAPABILITIES: ProviderCapabilities = {
  batchSize: 100,
  receipts: 'poll',
  idempotencyKey: false,
  balance: false,
  hlr: false,
  dedicatedNumbers: false,
  inbound: 'none',
  channels: ['sms'],
  verifyByCall: false,
  exportJobs: false,
}

/** Non-secret profile settings (the password is the profile's secret). */
export interface GetsmsSettings {
  login: string
  /** Alpha sender registered in the account, used when a message has no sender of its own. */
  nickname?: string | null
  /** The account's short number: a message with this sender goes without a nickname. */
  shortNumber?: string | null
}

export type GetsmsProviderOptions = HttpProviderBaseOptions & GetsmsSettings & { secret: string }

export const SEND_PATH = '/smsgateway/'
export const STATUS_PATH = '/smsgateway/status/'

/** Documented error numbers (error_no). */
export const GETSMS_ERRORS: Readonly<Record<number, string>> = {
  100: 'Login or Password is NULL',
  101: 'Incorrect Login or Password',
  102: 'Account blocked',
  103: 'Limit is over',
  200: 'Array is not a JSON',
  201: 'Array is invalid',
  202: "Nickname didn't set",
  203: 'Incorrect nickname',
  300: 'is NOT a phone number',
  400: 'request_id is wrong',
}

export type GetsmsErrorOutcome = Extract<SubmitOutcome, { kind: 'rejected' | 'paused' }>

export interface GetsmsErrorContext {
  /** 'item': the error stands in one item of the answer; 'request': it refused the whole request. */
  scope: 'item' | 'request'
  /** The nickname that was sent, if any. */
  nickname?: string | null
  /** The nickname was the message's own sender, not the profile's default. */
  nicknameFromMessage?: boolean
}

/** Maps a GETSMS error number to an outcome and an operator-readable reason. */
export function mapGetsmsError(
  code: number,
  text: string | null,
  ctx: GetsmsErrorContext,
): GetsmsErrorOutcome {
  const said = text?.trim() || GETSMS_ERRORS[code] || 'no text'
  const tail = ` (GETSMS error ${code}: ${said})`
  const reasonCode = GETSMS_ERRORS[code] ? `getsms:${code}` : 'getsms:other'
  const rejected = (reason: string): GetsmsErrorOutcome => ({
    kind: 'rejected',
    code,
    reason: reason + tail,
    reasonCode,
  })
  const paused = (reason: string): GetsmsErrorOutcome => ({
    kind: 'paused',
    code,
    reason: reason + tail,
    reasonCode,
  })
  const nick = ctx.nickname ? `"${ctx.nickname}"` : 'the sender name'
  switch (code) {
    case 100:
      // The client checks both before sending, so this answer means the request lost them.
      return rejected('The request reached GETSMS without a login or password: a client fault')
    case 101:
      return paused('GETSMS refused the login or password: correct them in the profile')
    case 102:
      return paused('The GETSMS account is blocked: contact GETSMS support')
    case 103:
      return paused('The GETSMS account has used up its message limit: top it up, then resume')
    case 200:
      return rejected('GETSMS could not read the message list as JSON: a client fault')
    case 201:
      return rejected('GETSMS found the message list invalid: a client fault')
    case 202:
      return ctx.nicknameFromMessage
        ? rejected(`The GETSMS account has no sender names set up, so ${nick} cannot be used`)
        : paused(
            `The GETSMS account has no sender names set up: clear the profile's sender name ${nick} or have GETSMS register it`,
          )
    case 203:
      return ctx.nicknameFromMessage
        ? rejected(`Sender name ${nick} is not registered in the GETSMS account`)
        : paused(
            `The profile's sender name ${nick} is not registered in the GETSMS account: fix the profile`,
          )
    case 300:
      return rejected('GETSMS says this is not a phone number')
    case 400:
      return rejected('GETSMS does not know this request id')
    default:
      // An undocumented refusal of one item is final for it; of the whole request, the operator
      // should see it before anything else goes out.
      return ctx.scope === 'item'
        ? rejected('GETSMS refused this message')
        : paused('GETSMS refused the request with an undocumented error')
  }
}

/** Uzbek mobile numbers: 998 and nine digits; the + and separators an agent may type go. */
export function normaliseUzPhone(input: string): string | null {
  const digits = input
    .trim()
    .replace(/^\+/, '')
    .replace(/[\s().-]/g, '')
  return /^998\d{9}$/.test(digits) ? digits : null
}

export interface NicknameChoice {
  /** Sent as `nickname`; null: from the short number. */
  nickname: string | null
  /** The nickname is the message's own sender, not the profile's default. */
  fromMessage: boolean
}

export function chooseNickname(sender: string, settings: GetsmsSettings): NicknameChoice {
  const own = sender.trim()
  const profile = settings.nickname?.trim() || null
  if (own === '') return { nickname: profile, fromMessage: false }
  if (/^\+?\d+$/.test(own) || own === settings.shortNumber?.trim())
    return { nickname: null, fromMessage: false }
  return { nickname: own, fromMessage: own !== profile }
}

/** The send form's `data` field. */
export function buildSendData(items: ReadonlyArray<{ phone: string; text: string }>): string {
  return JSON.stringify(items.map((m) => ({ phone: m.phone, text: m.text })))
}

/** The status form's `data` field: one request id per call, as the document says. */
export function buildStatusData(requestId: string): string {
  return JSON.stringify([{ request_id: requestId }])
}

export function providerIdOf(requestId: string, messageId: string): string {
  return `${requestId}:${messageId}`
}

/** The request id inside a providerId; null when it is not ours. */
export function requestIdOf(providerId: string): string | null {
  const m = /^\s*(\d+):(\d+)\s*$/.exec(providerId)
  return m?.[1] ?? null
}

// ---------------------------------------------------------------------------------------------
// Reply parsing: pure, never throws; null means the shape is not one the document describes.

export type GetsmsSendItem =
  | { kind: 'ok'; recipient: string; messageId: string; requestId: string }
  | { kind: 'error'; code: number; text: string | null; recipient: string | null }

export interface GetsmsApiErrorReply {
  code: number
  text: string | null
}

type Obj = Record<string, unknown>

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** An id or number the API sends as a JSON number or a digit string. */
function idText(v: unknown): string | null {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v)
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return v.trim()
  return null
}

function optText(v: unknown): string | null {
  if (typeof v === 'string') return v
  if (typeof v === 'number') return String(v)
  return null
}

function isErrorFlag(v: unknown): boolean {
  return v === 1 || v === '1' || v === true
}

/** An `{error:1, error_text|text, error_no}` object (the 101 example uses `text`). */
function errorOf(o: Obj): GetsmsApiErrorReply | null {
  if (!isErrorFlag(o.error)) return null
  const code = idText(o.error_no)
  if (code === null) return null
  const text = typeof o.error_text === 'string' ? o.error_text : null
  // `text` is the message body on item errors; only a bare error uses it for the error text.
  const bare = o.recipient === undefined && typeof o.text === 'string' ? o.text : null
  return { code: Number(code), text: text ?? bare }
}

/** A whole-request refusal: a bare error object, or an array holding only one. */
export function requestErrorOf(value: unknown): GetsmsApiErrorReply | null {
  const o = Array.isArray(value) ? (value.length === 1 ? value[0] : null) : value
  if (!isObj(o) || o.recipient !== undefined || o.message_id !== undefined) return null
  return errorOf(o)
}

export function parseSendItem(value: unknown): GetsmsSendItem | null {
  if (!isObj(value)) return null
  const err = errorOf(value)
  if (err) {
    return {
      kind: 'error',
      code: err.code,
      text: err.text,
      recipient: optText(value.recipient),
    }
  }
  if (value.error !== undefined && value.error !== 0 && value.error !== '0') return null
  const messageId = idText(value.message_id)
  const requestId = idText(value.request_id)
  const recipient = optText(value.recipient)
  if (messageId === null || requestId === null || recipient === null) return null
  return { kind: 'ok', recipient, messageId, requestId }
}

export interface GetsmsStatusRow {
  recipient: string
  messageId: string
  requestId: string
  status: string
  description: string | null
  countMessages: number | null
  dateDelivered: string | null
  raw: string
}

export function parseStatusRow(value: unknown): GetsmsStatusRow | null {
  if (!isObj(value) || isErrorFlag(value.error)) return null
  const messageId = idText(value.message_id)
  const requestId = idText(value.request_id)
  const status = optText(value.status)
  if (messageId === null || requestId === null || status === null) return null
  const count = idText(value.count_messages)
  return {
    recipient: optText(value.recipient) ?? '',
    messageId,
    requestId,
    status: status.trim(),
    description: optText(value.description),
    countMessages: count === null ? null : Number(count),
    dateDelivered: optText(value.date_delivered),
    raw: JSON.stringify(value),
  }
}

/**
 * Status words: `delivered` is documented; the rest are assumed. A word not known here is in
 * progress (`enroute`), its raw text kept in `stat`.
 */
export function statusOutcome(status: string): ReceiptOutcome {
  switch (status.trim().toLowerCase()) {
    case 'delivered':
      return 'delivered'
    case 'undelivered':
    case 'not_delivered':
    case 'failed':
    case 'rejected':
      return 'failed'
    case 'expired':
      return 'expired'
    case 'pending':
    case 'queued':
    case 'accepted':
      return 'accepted'
    default:
      return 'enroute'
  }
}

export function statusReceipt(row: GetsmsStatusRow, receivedAt: number): DeliveryReceipt {
  const outcome = statusOutcome(row.status)
  const description = row.description?.trim() || null
  const known = ['delivered', 'failed', 'expired', 'accepted'].includes(outcome)
  let reason: string | null = null
  let reasonCode: string | null = null
  if (outcome === 'failed' || outcome === 'expired') {
    reason = `GETSMS status ${row.status}${description ? `: ${description}` : ''}`
    reasonCode = outcome === 'expired' ? 'smpp:stat:EXPIRED' : 'smpp:stat:UNDELIV'
  } else if (!known && row.status.toLowerCase() !== 'sent')
    reason = `GETSMS status "${row.status}" is not one this client knows; treated as in progress${description ? ` (${description})` : ''}`
  return {
    providerId: providerIdOf(row.requestId, row.messageId),
    outcome,
    stat: row.status,
    err: outcome === 'failed' || outcome === 'expired' ? description : null,
    reason,
    reasonCode,
    channel: 'sms',
    price: null,
    hlr: null,
    raw: row.raw,
    receivedAt,
  }
}

/** Thrown by pollStatus when GETSMS refuses the status request itself (e.g. bad login). */
export class GetsmsApiError extends Error {
  /** The message as a phrase: its reason code words it in the operator's language. */
  readonly phrase: PhraseRef

  constructor(
    readonly code: number,
    readonly outcome: GetsmsErrorOutcome,
    /** GETSMS's own words for it, if it gave any. */
    said = '',
  ) {
    super(outcome.reason)
    this.name = 'GetsmsApiError'
    this.phrase = phrase('provider.refused', {
      provider: PROVIDER,
      call: 'status',
      code: outcome.reasonCode ?? 'getsms:other',
      providerCode: String(code),
      said,
      text: outcome.reason,
    })
  }
}

// ---------------------------------------------------------------------------------------------

interface Pending {
  index: number
  sms: OutgoingSms
  phone: string
}

interface Group {
  nickname: NicknameChoice
  items: Pending[]
}

export class GetsmsProvider extends HttpProvider {
  check(draft: MessageDraft): Objection | null {
    if (normaliseUzPhone(draft.phone)) return null
    const params = { phone: draft.phone }
    return {
      field: 'phone',
      reason: english('getsms.notUzbek', params),
      phrase: phrase('getsms.notUzbek', params),
    }
  }

  readonly capabilities = GETSMS_CAPABILITIES
  protected readonly providerName = PROVIDER
  private readonly settings: GetsmsSettings
  private readonly secret: string

  constructor(options: GetsmsProviderOptions) {
    const { login, nickname, shortNumber, secret, ...base } = options
    super(base)
    this.settings = { login, nickname: nickname ?? null, shortNumber: shortNumber ?? null }
    this.secret = secret
  }

  protected secrets(): readonly string[] {
    return [this.secret]
  }

  protected async sendRequest(batch: readonly OutgoingSms[]): Promise<SubmitOutcome[]> {
    if (!this.settings.login.trim() || !this.secret) {
      return batch.map(() => ({
        kind: 'paused',
        code: 100,
        reason: 'The GETSMS profile has no login or password: set them in the profile',
      }))
    }
    const outcomes: Array<SubmitOutcome | undefined> = new Array<SubmitOutcome | undefined>(
      batch.length,
    )
    const groups = new Map<string, Group>()
    batch.forEach((sms, index) => {
      const phone = normaliseUzPhone(sms.phone)
      if (phone === null) {
        outcomes[index] = {
          kind: 'rejected',
          code: 300,
          reason: `${sms.phone} is not an Uzbek mobile number (998 and nine digits); not sent to GETSMS`,
        }
        return
      }
      if (sms.text === '') {
        outcomes[index] = { kind: 'rejected', code: 'empty', reason: 'The text is empty; not sent' }
        return
      }
      // One request carries one nickname, so messages with different senders go apart.
      const nickname = chooseNickname(sms.sender, this.settings)
      const key = `${nickname.nickname ?? ''}\u0000${nickname.fromMessage ? 1 : 0}`
      const group = groups.get(key) ?? { nickname, items: [] }
      group.items.push({ index, sms, phone })
      groups.set(key, group)
    })

    const chunks: Group[] = []
    for (const g of groups.values()) {
      for (let i = 0; i < g.items.length; i += GETSMS_CAPABILITIES.batchSize)
        chunks.push({
          nickname: g.nickname,
          items: g.items.slice(i, i + GETSMS_CAPABILITIES.batchSize),
        })
    }

    let stop: SubmitOutcome | null = null
    for (const [n, chunk] of chunks.entries()) {
      if (stop) {
        for (const p of chunk.items) outcomes[p.index] = stop
        continue
      }
      let got: SubmitOutcome[]
      try {
        got = await this.sendChunk(chunk)
      } catch (err) {
        // One request for the whole batch: the base class turns the failure into outcomes
        // (and keeps its back-off count, which it resets whenever sendRequest returns).
        if (n === 0 && chunks.length === 1 && outcomes.every((o) => o === undefined)) throw err
        const outcome = this.transportOutcome(err)
        for (const p of chunk.items) outcomes[p.index] = outcome
        const why = 'reason' in outcome ? outcome.reason : outcome.kind
        stop = {
          kind: 'not-sent',
          reason: `Not sent: an earlier request of this batch failed (${why})`,
        }
        continue
      }
      chunk.items.forEach((p, i) => (outcomes[p.index] = got[i]))
      const paused = got.find((o) => o.kind === 'paused')
      if (paused) stop = paused
    }
    return outcomes.map(
      (o) => o ?? { kind: 'unknown', reason: 'GETSMS client produced no outcome (a client fault)' },
    )
  }

  private async sendChunk(chunk: Group): Promise<SubmitOutcome[]> {
    const call = 'send'
    const req = { provider: PROVIDER, call, secrets: [this.secret] }
    const reply = await httpRequest({
      ...req,
      method: 'POST',
      url: this.endpoint(SEND_PATH),
      form: {
        login: this.settings.login,
        password: this.secret,
        nickname: chunk.nickname.nickname ?? undefined,
        data: buildSendData(chunk.items.map((p) => ({ phone: p.phone, text: p.sms.text }))),
      },
      timeoutMs: this.timeoutMs,
    })
    return sendOutcomes(
      reply,
      chunk.items.map((p) => ({ phone: p.phone, text: p.sms.text })),
      chunk.nickname,
      [this.secret],
    )
  }

  /** Every message of one earlier send request, as GETSMS reports it now. */
  async status(requestId: string): Promise<GetsmsStatusRow[]> {
    const call = 'status'
    const req = { provider: PROVIDER, call: `${call} ${requestId}`, secrets: [this.secret] }
    const reply = await httpRequest({
      ...req,
      method: 'POST',
      url: this.endpoint(STATUS_PATH),
      form: {
        login: this.settings.login,
        password: this.secret,
        data: buildStatusData(requestId),
      },
      timeoutMs: this.timeoutMs,
    })
    const value = parseJsonReply(req, reply)
    const err = requestErrorOf(value)
    if (err) {
      const said = err.text === null ? null : this.mask(err.text)
      const outcome = mapGetsmsError(err.code, said, { scope: 'request' })
      if (outcome.kind === 'paused') this.pause(outcome.reason)
      throw new GetsmsApiError(err.code, outcome, said?.trim() ?? '')
    }
    if (!Array.isArray(value)) throw malformed(req, reply, 'expected an array of status rows')
    const rows: GetsmsStatusRow[] = []
    for (const item of value) {
      const row = parseStatusRow(item)
      if (!row) throw malformed(req, reply, 'a status row lacks message_id, request_id or status')
      rows.push(row)
    }
    return rows
  }

  /**
   * One status call per request id (GETSMS answers per request, for all its messages); only the
   * messages asked about are returned. A request GETSMS no longer knows (400) gives `unknown`.
   */
  async pollStatus(queries: readonly StatusQuery[]): Promise<DeliveryReceipt[]> {
    const wanted = new Map<string, Set<string>>()
    for (const q of queries) {
      for (const pid of q.providerIds) {
        const rid = requestIdOf(pid)
        if (rid === null) continue
        const set = wanted.get(rid) ?? new Set<string>()
        set.add(pid.trim())
        wanted.set(rid, set)
      }
    }
    const receipts: DeliveryReceipt[] = []
    for (const [requestId, ids] of wanted) {
      let rows: GetsmsStatusRow[]
      try {
        rows = await this.status(requestId)
      } catch (err) {
        if (err instanceof GetsmsApiError && err.code === 400) {
          const now = Date.now()
          for (const providerId of ids) {
            receipts.push({
              providerId,
              outcome: 'unknown',
              stat: 'error 400',
              err: '400',
              reason: err.message,
              channel: 'sms',
              price: null,
              hlr: null,
              raw: `request_id ${requestId}: ${err.message}`,
              receivedAt: now,
            })
          }
          continue
        }
        throw err
      }
      const now = Date.now()
      for (const row of rows) {
        const receipt = statusReceipt(row, now)
        if (ids.has(receipt.providerId)) receipts.push(receipt)
      }
    }
    return receipts.map((r) => this.maskReceipt(r))
  }
}

/**
 * The send answer as outcomes for the items sent, in order. Throws `malformed` when the answer is
 * not one the document describes: the request may have been processed, so the caller must treat
 * its messages as unknown.
 */
export function sendOutcomes(
  reply: HttpReply,
  sent: ReadonlyArray<{ phone: string; text: string }>,
  nickname: NicknameChoice,
  secrets: readonly string[] = [],
): SubmitOutcome[] {
  const req = { provider: PROVIDER, call: 'send', secrets }
  const value = parseJsonReply(req, reply)
  const ctx = { nickname: nickname.nickname, nicknameFromMessage: nickname.fromMessage }
  const whole = requestErrorOf(value)
  if (whole) {
    const outcome = mapGetsmsError(whole.code, whole.text, { ...ctx, scope: 'request' })
    return sent.map(() => outcome)
  }
  if (!Array.isArray(value)) throw malformed(req, reply, 'expected an array, one item per message')
  if (value.length !== sent.length)
    throw malformed(req, reply, `expected ${sent.length} items, got ${value.length}`)
  return value.map((v, i): SubmitOutcome => {
    const item = parseSendItem(v)
    const mine = sent[i]
    if (!item || !mine) throw malformed(req, reply, `item ${i + 1} is not a send result`)
    // Items come back in order; a different recipient means the order cannot be trusted.
    if (item.kind === 'ok' && item.recipient.replace(/\D/g, '') !== mine.phone)
      throw malformed(req, reply, `item ${i + 1} names ${item.recipient}, not ${mine.phone}`)
    if (item.kind === 'error')
      return mapGetsmsError(item.code, item.text, { ...ctx, scope: 'item' })
    return {
      kind: 'accepted',
      providerIds: [providerIdOf(item.requestId, item.messageId)],
      parts: Math.max(1, analyzeSms(mine.text).parts),
    }
  })
}
