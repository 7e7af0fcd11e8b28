/**
 * A local OsonSMS as its document describes it: sendsms_v1.php, query_sm.php and
 * check_balance.php over HTTP GET with sha256 str_hash signatures, every documented error with
 * its HTTP status and text, txn_id dedupe (409 / 108, never sent twice), a balance charged per
 * part, and message states that move on with time. Quiet: it never writes to the console.
 */
import { randomInt } from 'node:crypto'
import { estimateParts, OSONSMS_ERRORS, osonSmsHash } from './provider'
import { ProviderSimulator, json, type SimRequest, type SimResponse } from '../../sandbox/http-sim'

export type OsonSimState =
  | 'ENROUTE'
  | 'ACCEPTED'
  | 'DELIVERED'
  | 'EXPIRED'
  | 'DELETED'
  | 'UNDELIVERABLE'
  | 'UNKNOWN'
  | 'REJECTED'

const STATE_CODE: Readonly<Record<OsonSimState, number>> = {
  ENROUTE: 1,
  DELIVERED: 2,
  EXPIRED: 3,
  DELETED: 4,
  UNDELIVERABLE: 5,
  ACCEPTED: 6,
  UNKNOWN: 7,
  REJECTED: 8,
}

/** Network error code the simulator reports with each final failure (public shape). */
const STATE_ERROR: Readonly<Partial<Record<OsonSimState, number>>> = {
  UNDELIVERABLE: 1,
  EXPIRED: 27,
  REJECTED: 11,
  DELETED: 12,
}

export interface OsonSimMessage {
  msgId: string
  txnId: string
  login: string
  from: string
  phone: string
  text: string
  parts: number
  cost: number
  submittedAt: number
  /** Where the message ends up; reached `deliveryDelayMs` after submission. */
  finalState: OsonSimState
}

export interface OsonSmsSimulatorOptions {
  /** Accounts: login → pass_salt_hash. */
  accounts: Record<string, string>
  /** Sender names allowed for every account; null allows any non-empty sender. */
  senders: readonly string[] | null
  /** Starting balance of every account. */
  balance: number
  pricePerPart: number
  /** How far below zero the balance may go before 402 / 119. */
  overdraftLimit: number
  /** Accepted messages are ENROUTE until then, then reach their final state. */
  deliveryDelayMs: number
  /** Share (0..1) of other numbers that end UNDELIVERABLE / EXPIRED, drawn at random. */
  undeliveredShare: number
  expiredShare: number
  /**
   * `seed`: {status: <state>, timestamp} as the seed document shows; `public`: {status:"ok",
   * message_state, message_state_code, error_code, final_date, timestamp} as the live API does.
   */
  statusShape: 'seed' | 'public'
  /** Not documented: whether the 409 / 108 reply also names the earlier msg_id. */
  duplicateCarriesMsgId: boolean
  /** Messages kept (oldest forgotten first), so a long sandbox session stays bounded. */
  maxMessages: number
  host?: string
  port?: number
}

const DEFAULTS: OsonSmsSimulatorOptions = {
  accounts: { sandbox: 'sandbox-salt' },
  senders: null,
  balance: 100,
  pricePerPart: 0.1,
  overdraftLimit: 0,
  deliveryDelayMs: 2000,
  undeliveredShare: 0,
  expiredShare: 0,
  statusShape: 'seed',
  duplicateCarriesMsgId: false,
  maxMessages: 100_000,
}

const MANDATORY = {
  send: ['from', 'phone_number', 'msg', 'login', 'str_hash', 'txn_id'],
  status: ['login', 'str_hash', 'msg_id'],
  balance: ['login', 'str_hash', 'txn_id'],
} as const

export class OsonSmsSimulator extends ProviderSimulator {
  readonly options: OsonSmsSimulatorOptions
  /** Every message accepted, in order (a duplicate txn_id adds nothing). */
  readonly messages: OsonSimMessage[] = []
  private readonly byTxn = new Map<string, OsonSimMessage>()
  private readonly byId = new Map<string, OsonSimMessage>()
  private readonly balances = new Map<string, number>()
  private readonly inactive = new Set<string>()
  private whitelisted = true
  /** Error codes the next sends answer with (109, 112, 113, …), one per send. */
  private readonly forced: number[] = []
  private nextId = 100_000 + randomInt(900_000)

  constructor(options: Partial<OsonSmsSimulatorOptions> = {}) {
    super({ host: options.host, port: options.port })
    this.options = { ...DEFAULTS, ...options }
  }

  balanceOf(login: string): number {
    return this.balances.get(login) ?? this.options.balance
  }

  setBalance(login: string, amount: number): void {
    this.balances.set(login, amount)
  }

  /** An inactive account answers 401 / 105 to every call. */
  setActive(login: string, active: boolean): void {
    if (active) this.inactive.delete(login)
    else this.inactive.add(login)
  }

  /** Off: every call answers 401 / 114, as if this client's IP were not whitelisted. */
  setWhitelisted(on: boolean): void {
    this.whitelisted = on
  }

  /** The next `times` sends answer with this documented error (109, 112, 113, …); nothing is stored. */
  forceError(code: number, times = 1): void {
    if (!OSONSMS_ERRORS[code]) throw new Error(`OsonSMS simulator: undocumented error code ${code}`)
    for (let i = 0; i < times; i++) this.forced.push(code)
  }

  /** The state a message shows at `now`. */
  stateOf(message: OsonSimMessage, now = Date.now()): OsonSimState {
    return now - message.submittedAt >= this.options.deliveryDelayMs
      ? message.finalState
      : 'ENROUTE'
  }

  protected handle(req: SimRequest): SimResponse {
    const path = req.path.replace(/^.*\//, '')
    if (path === 'sendsms_v1.php') return this.send(req.query)
    if (path === 'query_sm.php') return this.status(req.query)
    if (path === 'check_balance.php') return this.balance(req.query)
    return { status: 404, body: 'Not Found', contentType: 'text/html' }
  }

  private send(q: URLSearchParams): SimResponse {
    const common = this.checkCommon(q, 'send', [
      q.get('txn_id') ?? '',
      q.get('login') ?? '',
      q.get('from') ?? '',
      q.get('phone_number') ?? '',
    ])
    if (common) return common
    const login = q.get('login') ?? ''
    const txnId = q.get('txn_id') ?? ''
    const earlier = this.byTxn.get(`${login}\u0000${txnId}`)
    if (earlier)
      return errorReply(108, this.options.duplicateCarriesMsgId ? { msg_id: earlier.msgId } : {})
    const from = q.get('from') ?? ''
    if (this.options.senders && !this.options.senders.includes(from)) return errorReply(107)
    const forced = this.forced.shift()
    if (forced !== undefined) return errorReply(forced)
    const text = q.get('msg') ?? ''
    const parts = estimateParts(text)
    const cost = round2(parts * this.options.pricePerPart)
    const balance = this.balanceOf(login)
    if (balance - cost < -this.options.overdraftLimit) return errorReply(119)
    this.balances.set(login, round2(balance - cost))
    const phone = q.get('phone_number') ?? ''
    const message: OsonSimMessage = {
      msgId: String(this.nextId++),
      txnId,
      login,
      from,
      phone,
      text,
      parts,
      cost,
      submittedAt: Date.now(),
      finalState: this.finalStateFor(phone),
    }
    this.messages.push(message)
    this.byTxn.set(`${login}\u0000${txnId}`, message)
    this.byId.set(message.msgId, message)
    while (this.messages.length > this.options.maxMessages) {
      const old = this.messages.shift()
      if (!old) break
      this.byTxn.delete(`${old.login}\u0000${old.txnId}`)
      this.byId.delete(old.msgId)
    }
    return json(201, {
      status: 'ok',
      txn_id: txnId,
      msg_id: message.msgId,
      smsc_msg_parts: parts,
      timestamp: timestamp(),
    })
  }

  private status(q: URLSearchParams): SimResponse {
    const msgId = q.get('msg_id') ?? ''
    const common = this.checkCommon(q, 'status', [msgId, q.get('login') ?? ''])
    if (common) return common
    const message = this.byId.get(msgId)
    // Not documented: a msg_id this account never got reads as state UNKNOWN.
    const state: OsonSimState =
      message && message.login === q.get('login') ? this.stateOf(message) : 'UNKNOWN'
    if (this.options.statusShape === 'seed')
      return json(200, { status: state, timestamp: timestamp() })
    const final = state !== 'ENROUTE' && state !== 'ACCEPTED' && state !== 'UNKNOWN'
    return json(200, {
      status: 'ok',
      message_state: state,
      message_state_code: STATE_CODE[state],
      error_code: STATE_ERROR[state] ?? 0,
      final_date:
        final && message
          ? timestamp(new Date(message.submittedAt + this.options.deliveryDelayMs))
          : null,
      timestamp: timestamp(),
    })
  }

  private balance(q: URLSearchParams): SimResponse {
    const login = q.get('login') ?? ''
    const common = this.checkCommon(q, 'balance', [q.get('txn_id') ?? '', login])
    if (common) return common
    return json(200, { balance: this.balanceOf(login), timestamp: timestamp() })
  }

  /** Whitelist, mandatory fields, account, signature — in that order, for every call. */
  private checkCommon(
    q: URLSearchParams,
    call: keyof typeof MANDATORY,
    hashFields: readonly string[],
  ): SimResponse | null {
    if (!this.whitelisted) return errorReply(114)
    const missing = MANDATORY[call].filter((k) => !q.get(k))
    if (missing.length) {
      return json(422, {
        error: {
          code: 100,
          msg: `One of the mandatory variables (${MANDATORY[call].join(',')}) not set.`,
          timestamp: timestamp(),
        },
      })
    }
    const login = q.get('login') ?? ''
    const salt = this.options.accounts[login]
    if (salt === undefined || this.inactive.has(login)) return errorReply(105)
    if (q.get('str_hash')?.toLowerCase() !== osonSmsHash(hashFields, salt)) return errorReply(106)
    return null
  }

  /** Numbers ending 00 are undeliverable, 99 expire, 98 are rejected; others by the shares. */
  private finalStateFor(phone: string): OsonSimState {
    if (phone.endsWith('00')) return 'UNDELIVERABLE'
    if (phone.endsWith('99')) return 'EXPIRED'
    if (phone.endsWith('98')) return 'REJECTED'
    const r = Math.random()
    if (r < this.options.undeliveredShare) return 'UNDELIVERABLE'
    if (r < this.options.undeliveredShare + this.options.expiredShare) return 'EXPIRED'
    return 'DELIVERED'
  }
}

function errorReply(code: number, extra: Record<string, string> = {}): SimResponse {
  const spec = OSONSMS_ERRORS[code]
  const error = { code, msg: spec?.msg ?? 'Unknown error', timestamp: timestamp() }
  return json(spec?.http ?? 500, { error, ...extra })
}

/** `YYYY-MM-DD HH24:MI:SS`, local time, as the document formats every timestamp. */
function timestamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

function round2(n: number): number {
  return Math.round(n * 100) / 100
}
