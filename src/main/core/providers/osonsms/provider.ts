/**
 * OsonSMS (Tajikistan): HTTP GET, JSON replies, one message per request, every request signed
 * with str_hash = sha256 hex of `;`-joined fields ending in the account's pass_salt_hash.
 * Our idempotency key is the `txn_id`: the server refuses a second send with the same txn_id
 * (409 / 108), so a send whose answer was lost is repeated safely with the same key.
 */
import { createHash, randomUUID } from 'node:crypto'
import {
  gsm7Septets,
  GSM7_MULTI,
  GSM7_SINGLE,
  isGsm7Text,
  UCS2_MULTI,
  UCS2_SINGLE,
} from '../../../../shared/sms'
import type { MessageDraft, PhraseRef } from '../../../../shared/domain'
import { english, phrase } from '../../../../shared/phrases'
import { httpRequest, malformed, parseJsonReply, type HttpReply } from '../http'
import { HttpProvider, type HttpProviderBaseOptions } from '../http-provider'
import type {
  Balance,
  DeliveryReceipt,
  Objection,
  OutgoingSms,
  ProviderCapabilities,
  ReceiptOutcome,
  StatusQuery,
  SubmitOutcome,
} from '../types'

export const OSONSMS_NAME = 'OsonSMS'

export const OSONSMS_CAPABILITIES: ProviderCapabilities = {
  batchSize: 1,
  receipts: 'poll',
  idempotencyKey: true,
  balance: true,
  hlr: false,
  dedicatedNumbers: false,
  inbound: 'none',
  channels: ['sms'],
  verifyByCall: false,
  exportJobs: false,
}

export const OSONSMS_PATHS = {
  send: 'sendsms_v1.php',
  status: 'query_sm.php',
  balance: 'check_balance.php',
} as const

/** Non-secret profile settings; the secret (pass_salt_hash) comes from the keychain. */
export interface OsonSmsSettings {
  /** Account login issued by OsonSMS. */
  login: string
  /** Sender (`from`) used when a message carries none; must be allowed for the account. */
  defaultSender?: string | null
  /** Currency of the account balance: the API does not state it (Tajik accounts are in TJS). */
  currency?: string | null
}

export type OsonSmsProviderOptions = HttpProviderBaseOptions &
  OsonSmsSettings & {
    /** pass_salt_hash, issued with the account. */
    secret: string
  }

// ───────────────────────────── signing and request building ─────────────────────────────

/** sha256 hex of the fields joined with `;`, the salt last — the document's str_hash. */
export function osonSmsHash(fields: readonly string[], passSaltHash: string): string {
  return createHash('sha256')
    .update([...fields, passSaltHash].join(';'), 'utf8')
    .digest('hex')
}

/** Query parameters of a signed request; str_hash always present. */
export type OsonQuery = Record<string, string> & { str_hash: string }

export interface OsonSendParams {
  login: string
  txnId: string
  from: string
  phone: string
  text: string
}

/** Query of sendsms_v1.php; str_hash = sha256(txn_id;login;from;phone_number;pass_salt_hash). */
export function buildSendQuery(p: OsonSendParams, passSaltHash: string): OsonQuery {
  return {
    from: p.from,
    phone_number: p.phone,
    msg: p.text,
    login: p.login,
    txn_id: p.txnId,
    str_hash: osonSmsHash([p.txnId, p.login, p.from, p.phone], passSaltHash),
  }
}

/** Query of query_sm.php; str_hash = sha256(msg_id;login;pass_salt_hash). */
export function buildStatusQuery(
  p: { login: string; msgId: string; txnId: string },
  passSaltHash: string,
): OsonQuery {
  return {
    login: p.login,
    msg_id: p.msgId,
    txn_id: p.txnId,
    str_hash: osonSmsHash([p.msgId, p.login], passSaltHash),
  }
}

/** Query of check_balance.php; str_hash = sha256(txn_id;login;pass_salt_hash). */
export function buildBalanceQuery(
  p: { login: string; txnId: string },
  passSaltHash: string,
): OsonQuery {
  return {
    login: p.login,
    txn_id: p.txnId,
    str_hash: osonSmsHash([p.txnId, p.login], passSaltHash),
  }
}

/**
 * A Tajik mobile number as the API wants it: 992 and the 9-digit national number, digits only.
 * (The seed writes "992XXXXXXXXXX"; Tajik national numbers have 9 digits, as in its examples of
 * the public API, so 12 digits in all.) Spaces, dashes, brackets and a leading + or 00 are
 * dropped; anything else gives null.
 */
export function normalizeTajikPhone(phone: string): string | null {
  const digits = phone
    .trim()
    .replace(/[\s\-().]/g, '')
    .replace(/^\+/, '')
    .replace(/^00/, '')
  return /^992\d{9}$/.test(digits) ? digits : null
}

/** Parts the text takes (GSM-7 160/153, UCS-2 70/67), for when the server does not say. */
export function estimateParts(text: string): number {
  const gsm = isGsm7Text(text)
  let units = 0
  if (gsm) for (const ch of text) units += gsm7Septets(ch)
  else units = text.length
  const single = gsm ? GSM7_SINGLE : UCS2_SINGLE
  const multi = gsm ? GSM7_MULTI : UCS2_MULTI
  return units <= single ? 1 : Math.ceil(units / multi)
}

// ───────────────────────────── error codes ─────────────────────────────

export type OsonErrorAction = 'accepted' | 'rejected' | 'paused' | 'retry'

export interface OsonErrorSpec {
  /** HTTP status the document pairs with the code. */
  http: number
  /** The provider's own text, as documented. */
  msg: string
  action: OsonErrorAction
  /** What the operator reads. */
  reason: string
}

/** Every error code of the document, with what the console does about it. */
export const OSONSMS_ERRORS: Readonly<Record<number, OsonErrorSpec>> = {
  100: {
    http: 422,
    msg: 'One of the mandatory variables (from,phone_number,msg,login,str_hash,txn_id) not set.',
    action: 'rejected',
    reason: 'OsonSMS refused the message: a mandatory field was missing or empty',
  },
  105: {
    http: 401,
    msg: 'Inactive or non-existent account',
    action: 'paused',
    reason:
      'OsonSMS says the account is inactive or does not exist: check the login in the profile or ask OsonSMS to activate the account, then resume the profile',
  },
  106: {
    http: 422,
    msg: 'Incorrect hash',
    action: 'paused',
    reason:
      'OsonSMS rejected the request signature (incorrect hash): check the login and the pass_salt_hash in the profile, then resume the profile',
  },
  107: {
    http: 422,
    msg: 'Incorrect sender',
    action: 'rejected',
    reason: 'OsonSMS does not allow this sender name for the account',
  },
  108: {
    http: 409,
    msg: 'Duplicate txn_id. It should be unique.',
    action: 'accepted',
    reason:
      'OsonSMS already has a message with this txn_id: an earlier attempt was accepted and is not sent twice',
  },
  109: {
    http: 500,
    msg: 'Unable to store message.',
    action: 'retry',
    reason: 'OsonSMS could not store the message; it will be sent again later with the same txn_id',
  },
  112: {
    http: 501,
    msg: 'Error while sending sms.',
    action: 'retry',
    reason: 'OsonSMS had an error while sending; it will be sent again later with the same txn_id',
  },
  113: {
    http: 599,
    msg: 'Unable to connect to smsc host.',
    action: 'retry',
    reason:
      'OsonSMS could not reach its SMS centre; the message will be sent again later with the same txn_id',
  },
  114: {
    http: 401,
    msg: 'Host is not in whitelist',
    action: 'paused',
    reason:
      "This computer's public IP address is not in the OsonSMS whitelist for the account: ask OsonSMS to add it, then resume the profile",
  },
  119: {
    http: 402,
    msg: 'Balance overdraft limit has reached. Please top up your balance.',
    action: 'paused',
    reason:
      'The OsonSMS balance is exhausted (overdraft limit reached): top up the account, then resume the profile; messages stay queued',
  },
}

/** The `error` object of an error reply, plus a msg_id should the server include one. */
export interface OsonErrorBody {
  code: number
  msg: string | null
  timestamp: string | null
  /** Not documented for 409/108, but used when a server sends it (top level or in `error`). */
  msgId: string | null
}

/** Reads `{error:{code,msg,timestamp}}`; null when the value is not an error reply. */
export function parseErrorBody(value: unknown): OsonErrorBody | null {
  if (!isRecord(value) || !isRecord(value.error)) return null
  const e = value.error
  const code = toInt(e.code)
  if (code === null) return null
  return {
    code,
    msg: typeof e.msg === 'string' ? e.msg : null,
    timestamp: typeof e.timestamp === 'string' ? e.timestamp : null,
    msgId: idString(e.msg_id) ?? idString(value.msg_id),
  }
}

/** What an error code means for the message in hand; unknown codes go by the HTTP status. */
export function describeOsonError(
  httpStatus: number,
  error: Pick<OsonErrorBody, 'code' | 'msg'>,
): { action: OsonErrorAction; reason: string } {
  const spec = OSONSMS_ERRORS[error.code]
  const said = `(OsonSMS ${error.code}${error.msg ? `: "${error.msg}"` : ''}, HTTP ${httpStatus})`
  if (spec) return { action: spec.action, reason: `${spec.reason} ${said}` }
  // Undocumented code: the HTTP status is the best hint at whose problem it is.
  if (httpStatus === 401 || httpStatus === 402 || httpStatus === 403)
    return { action: 'paused', reason: `OsonSMS refused the account's request ${said}` }
  if (httpStatus >= 500) return { action: 'retry', reason: `OsonSMS had a server error ${said}` }
  return { action: 'rejected', reason: `OsonSMS refused the message ${said}` }
}

/**
 * The note on a message a 409 / 108 answer accepted without a msg_id: query_sm.php needs the
 * msg_id, so OsonSMS can never be asked about it and no delivery report can follow.
 */
export const OSONSMS_DUPLICATE_NO_ID = 'osonsms:108:no-msg-id'

const DUPLICATE_NO_ID_REASON =
  'OsonSMS already had this message under its txn_id (an earlier attempt was accepted) and did not send it twice. Its answer carries no msg_id, which a status query needs, so no delivery report can follow'

/** Reason code of an error code: `osonsms:119`; undocumented codes share `osonsms:other`. */
export function osonReasonCode(code: number): string {
  return OSONSMS_ERRORS[code] ? `osonsms:${code}` : 'osonsms:other'
}

/** The submit outcome of an error reply to sendsms_v1.php. */
export function sendErrorOutcome(
  httpStatus: number,
  error: OsonErrorBody,
  sms: { from: string; text: string },
): SubmitOutcome {
  const { action, reason } = describeOsonError(httpStatus, error)
  const reasonCode = osonReasonCode(error.code)
  switch (action) {
    case 'accepted':
      // A msg_id in the reply (not documented, but some servers send it) is polled as usual.
      if (error.msgId)
        return { kind: 'accepted', providerIds: [error.msgId], parts: estimateParts(sms.text) }
      // Without one the status cannot be asked: the message stays accepted, and says why.
      return {
        kind: 'accepted',
        providerIds: [],
        parts: estimateParts(sms.text),
        note: {
          reason: `${DUPLICATE_NO_ID_REASON} (OsonSMS ${error.code}${error.msg ? `: "${error.msg}"` : ''}, HTTP ${httpStatus})`,
          reasonCode: OSONSMS_DUPLICATE_NO_ID,
        },
      }
    case 'rejected': {
      let detail = reason
      if (error.code === 107) detail = `${reason}: "${sms.from}"`
      if (error.code === 100) {
        const empty = [sms.from ? null : 'from (sender)', sms.text ? null : 'msg (text)'].filter(
          (s): s is string => s !== null,
        )
        if (empty.length) detail = `${reason}; empty here: ${empty.join(', ')}`
      }
      return { kind: 'rejected', code: error.code, reason: detail, reasonCode }
    }
    case 'paused':
      return { kind: 'paused', code: error.code, reason, reasonCode }
    case 'retry':
      return { kind: 'retry', reason, reasonCode }
  }
}

// ───────────────────────────── reply parsing ─────────────────────────────

export interface OsonSendOk {
  msgId: string
  txnId: string | null
  parts: number | null
  timestamp: string | null
}

/** The 201 reply `{status:"ok", txn_id, msg_id, smsc_msg_parts, timestamp}`; null otherwise. */
export function parseSendOk(value: unknown): OsonSendOk | null {
  if (!isRecord(value)) return null
  if (value.status !== undefined && String(value.status).toLowerCase() !== 'ok') return null
  const msgId = idString(value.msg_id)
  if (!msgId) return null
  // The seed spells the parts field smc_msg_parts, the public API smsc_msg_parts.
  const parts = toInt(value.smsc_msg_parts) ?? toInt(value.smc_msg_parts)
  return {
    msgId,
    txnId: idString(value.txn_id),
    parts: parts !== null && parts > 0 ? parts : null,
    timestamp: typeof value.timestamp === 'string' ? value.timestamp : null,
  }
}

/** SMPP message states the public API reports, by name and by message_state_code. */
const STATE_BY_CODE: Readonly<Record<number, string>> = {
  1: 'ENROUTE',
  2: 'DELIVERED',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIVERABLE',
  6: 'ACCEPTED',
  7: 'UNKNOWN',
  8: 'REJECTED',
}

/** A state word (either shape, SMPP long or short spelling, any case) → receipt outcome. */
export function osonStateOutcome(state: string): ReceiptOutcome {
  switch (state.trim().toUpperCase()) {
    case 'DELIVERED':
    case 'DELIVRD':
      return 'delivered'
    case 'ENROUTE':
    case 'SENT':
    case 'PENDING':
    case 'QUEUED':
      return 'enroute'
    case 'ACCEPTED':
    case 'ACCEPTD':
      return 'accepted'
    case 'EXPIRED':
      return 'expired'
    case 'DELETED':
    case 'UNDELIVERABLE':
    case 'UNDELIV':
    case 'UNDELIVERED':
    case 'REJECTED':
    case 'REJECTD':
    case 'FAILED':
      return 'failed'
    default:
      return 'unknown'
  }
}

/** The SMPP stat word a failed state stands for: its reason code is the SMPP one. */
function failureCode(state: string): string {
  switch (state.trim().toUpperCase()) {
    case 'EXPIRED':
      return 'smpp:stat:EXPIRED'
    case 'DELETED':
      return 'smpp:stat:DELETED'
    case 'REJECTED':
    case 'REJECTD':
      return 'smpp:stat:REJECTD'
    default:
      return 'smpp:stat:UNDELIV'
  }
}

function failureReason(state: string, errorCode: string | null): string {
  const code = errorCode ? ` (error code ${errorCode})` : ''
  switch (state.trim().toUpperCase()) {
    case 'EXPIRED':
      return `Expired: the phone was unreachable until the message's validity ran out${code}`
    case 'DELETED':
      return `Deleted by the SMS centre before delivery${code}`
    case 'REJECTED':
    case 'REJECTD':
      return `Rejected by the SMS centre or the operator${code}`
    default:
      return `Not delivered: the operator reported the message undeliverable${code}`
  }
}

/**
 * The 200 reply of query_sm.php in either shape: the seed's `{status, timestamp}` (status = the
 * state word) or the public `{message_state, message_state_code, error_code, final_date, …}`.
 * Null when neither carries a state.
 */
export function parseStatusReply(
  providerId: string,
  value: unknown,
  raw: string,
  receivedAt: number,
): DeliveryReceipt | null {
  if (!isRecord(value)) return null
  let state: string | null = null
  if (typeof value.message_state === 'string' && value.message_state.trim())
    state = value.message_state.trim()
  const code = toInt(value.message_state_code)
  if (!state && code !== null) state = STATE_BY_CODE[code] ?? `state ${code}`
  const status = typeof value.status === 'string' ? value.status.trim() : toInt(value.status)
  if (!state && typeof status === 'number') state = STATE_BY_CODE[status] ?? `state ${status}`
  // In the public shape `status: "ok"` says the query worked, not what became of the message.
  if (!state && typeof status === 'string' && status && status.toLowerCase() !== 'ok')
    state = status
  if (!state && status === null) return null
  if (!state) state = 'ok'
  const errNum = toInt(value.error_code)
  const err =
    errNum !== null
      ? errNum === 0
        ? null
        : String(errNum)
      : typeof value.error_code === 'string' && value.error_code.trim()
        ? value.error_code.trim()
        : null
  const outcome = state === 'ok' ? 'unknown' : osonStateOutcome(state)
  let reason: string | null = null
  let reasonCode: string | null = null
  if (outcome === 'failed' || outcome === 'expired') {
    reason = failureReason(state, err)
    reasonCode = failureCode(state)
  } else if (outcome === 'unknown')
    reason = `OsonSMS does not know the message's state yet ("${state}")`
  return {
    providerId,
    outcome,
    stat: state,
    err,
    reason,
    reasonCode,
    channel: 'sms',
    price: null,
    hlr: null,
    raw,
    receivedAt,
  }
}

/** The 200 reply of check_balance.php: `{balance, timestamp}` (number or numeric text). */
export function parseBalanceReply(value: unknown): number | null {
  if (!isRecord(value)) return null
  const b = value.balance
  const n = typeof b === 'number' ? b : typeof b === 'string' && b.trim() ? Number(b) : NaN
  return Number.isFinite(n) ? n : null
}

// ───────────────────────────── the provider ─────────────────────────────

/** An error reply to a call that is not a send (status, balance). */
export class OsonSmsError extends Error {
  /** The message as a phrase: its reason code words it in the operator's language. */
  readonly phrase: PhraseRef

  constructor(
    readonly call: string,
    readonly code: number,
    readonly httpStatus: number,
    readonly action: OsonErrorAction,
    reason: string,
    /** OsonSMS's own words for it, if it gave any. */
    said = '',
  ) {
    super(`${OSONSMS_NAME} ${call}: ${reason}`)
    this.name = 'OsonSmsError'
    this.phrase = phrase('provider.refused', {
      provider: OSONSMS_NAME,
      call,
      code: osonReasonCode(code),
      providerCode: String(code),
      said,
      text: this.message,
    })
  }
}

export class OsonSmsProvider extends HttpProvider {
  readonly capabilities = OSONSMS_CAPABILITIES
  protected readonly providerName = OSONSMS_NAME
  private readonly settings: OsonSmsSettings
  private readonly secret: string

  check(draft: MessageDraft): Objection | null {
    if (normalizeTajikPhone(draft.phone)) return null
    const params = { phone: draft.phone }
    return {
      field: 'phone',
      reason: english('osonsms.notTajik', params),
      phrase: phrase('osonsms.notTajik', params),
    }
  }

  constructor(options: OsonSmsProviderOptions) {
    const { secret, login, defaultSender, currency, ...base } = options
    super(base)
    this.settings = { login, defaultSender, currency }
    this.secret = secret
  }

  protected secrets(): readonly string[] {
    return [this.secret]
  }

  protected async sendRequest(batch: readonly OutgoingSms[]): Promise<SubmitOutcome[]> {
    const outcomes: SubmitOutcome[] = []
    // batchSize is 1; a longer batch still goes out one request at a time.
    for (const sms of batch) outcomes.push(await this.sendOne(sms))
    return outcomes
  }

  private async sendOne(sms: OutgoingSms): Promise<SubmitOutcome> {
    const phone = normalizeTajikPhone(sms.phone)
    if (!phone) {
      return {
        kind: 'rejected',
        code: 'invalid-phone',
        reason: `OsonSMS sends only to Tajik numbers written 992XXXXXXXXX (992 and 9 digits); "${sms.phone}" is not one, so nothing was sent`,
      }
    }
    const from = sms.sender || this.settings.defaultSender || ''
    const query = buildSendQuery(
      { login: this.settings.login, txnId: sms.idempotencyKey, from, phone, text: sms.text },
      this.secret,
    )
    const call = 'send'
    const req = { provider: OSONSMS_NAME, call, secrets: [this.secret, query.str_hash] }
    const reply = await httpRequest({
      ...req,
      method: 'GET',
      url: this.endpoint(OSONSMS_PATHS.send),
      query,
      timeoutMs: this.timeoutMs,
    })
    const body = parseJsonReply(req, reply)
    const error = parseErrorBody(body)
    if (error) return sendErrorOutcome(reply.status, error, { from, text: sms.text })
    if (reply.status !== 200 && reply.status !== 201)
      throw malformed(req, reply, 'expected 201 with msg_id or an error object')
    const ok = parseSendOk(body)
    if (!ok) throw malformed(req, reply, 'expected {status:"ok", msg_id, …}')
    if (ok.txnId !== null && ok.txnId !== sms.idempotencyKey)
      throw malformed(req, reply, `the reply is for txn_id ${ok.txnId}, not ours`)
    return { kind: 'accepted', providerIds: [ok.msgId], parts: ok.parts ?? estimateParts(sms.text) }
  }

  /**
   * One query_sm.php per message (the API has no bulk status). Messages accepted without a
   * msg_id (a 409 duplicate after a lost answer) cannot be asked about and are skipped.
   * Transport failures and garbled replies throw; an account problem pauses the profile and
   * returns what was learnt so far; other error replies skip that message.
   */
  async pollStatus(queries: readonly StatusQuery[]): Promise<DeliveryReceipt[]> {
    const receipts: DeliveryReceipt[] = []
    for (const q of queries) {
      for (const msgId of q.providerIds) {
        const query = buildStatusQuery(
          { login: this.settings.login, msgId, txnId: q.idempotencyKey },
          this.secret,
        )
        const result = await this.get('status', OSONSMS_PATHS.status, query)
        if (result.kind === 'error') {
          if (result.error.action === 'paused') {
            this.pause(result.error.message)
            return receipts
          }
          continue
        }
        const receipt = parseStatusReply(msgId, result.body, result.reply.text, Date.now())
        if (!receipt)
          throw malformed(
            { provider: OSONSMS_NAME, call: 'status', secrets: [this.secret] },
            result.reply,
            'expected {status, timestamp} or {message_state, …}',
          )
        receipts.push(this.maskReceipt(receipt))
      }
    }
    return receipts
  }

  /** Balance of the account; an account problem pauses the profile and throws OsonSmsError. */
  async balance(): Promise<Balance> {
    const query = buildBalanceQuery(
      { login: this.settings.login, txnId: randomUUID() },
      this.secret,
    )
    const result = await this.get('balance', OSONSMS_PATHS.balance, query)
    if (result.kind === 'error') {
      if (result.error.action === 'paused') this.pause(result.error.message)
      throw result.error
    }
    const amount = parseBalanceReply(result.body)
    if (amount === null)
      throw malformed(
        { provider: OSONSMS_NAME, call: 'balance', secrets: [this.secret] },
        result.reply,
        'expected {balance, timestamp}',
      )
    return { amount, currency: this.settings.currency ?? null }
  }

  private async get(
    call: string,
    path: string,
    query: OsonQuery,
  ): Promise<
    | { kind: 'ok'; body: unknown; reply: HttpReply }
    | { kind: 'error'; error: OsonSmsError; reply: HttpReply }
  > {
    const req = { provider: OSONSMS_NAME, call, secrets: [this.secret, query.str_hash] }
    const reply = await httpRequest({
      ...req,
      method: 'GET',
      url: this.endpoint(path),
      query,
      timeoutMs: this.timeoutMs,
    })
    const body = parseJsonReply(req, reply)
    const error = parseErrorBody(body)
    if (error) {
      const { action, reason } = describeOsonError(reply.status, error)
      const said = this.mask(error.msg ?? '')
      return {
        kind: 'error',
        error: new OsonSmsError(call, error.code, reply.status, action, this.mask(reason), said),
        reply,
      }
    }
    if (reply.status !== 200) throw malformed(req, reply, 'expected HTTP 200 or an error object')
    return { kind: 'ok', body, reply }
  }
}

// ───────────────────────────── helpers ─────────────────────────────

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function toInt(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim())
  return null
}

function idString(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  if (typeof v === 'string' && v.trim()) return v.trim()
  return null
}
