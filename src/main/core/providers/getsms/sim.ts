/**
 * Local GETSMS.UZ simulator following its document: POST /smsgateway/ (login, password,
 * nickname, data = JSON array of up to 100 {phone, text}) answering one object per item with
 * message_id and the request's request_id, a per-item error 300 for a bad number, and the
 * whole-request errors 100–203; POST /smsgateway/status/ answering every message of one
 * request_id (400 for one it does not know). There is no idempotency key, so the same message
 * sent twice IS recorded twice — which is why the client must never resend after a lost answer.
 *
 * Message states progress with time (pending → sent → final). Final outcomes are deterministic by
 * the number's last two digits: 00 undelivered, 99 expired, 98 rejected; otherwise delivered,
 * unless `undeliveredShare` picks the message (by a hash of its id, so runs repeat).
 * It is also the app's sandbox for GETSMS profiles, so it stays quiet and never throws.
 */
import { analyzeSms } from '../../../../shared/sms'
import { GETSMS_ERRORS } from './provider'
import { ProviderSimulator, json, type SimRequest, type SimResponse } from '../../sandbox/http-sim'

export type GetsmsSimFinal = 'delivered' | 'undelivered' | 'expired' | 'rejected'
export type GetsmsSimStatus = 'pending' | 'sent' | GetsmsSimFinal

export interface GetsmsSimMessage {
  messageId: number
  requestId: number
  phone: string
  text: string
  /** The nickname the request carried; null: sent from the short number. */
  nickname: string | null
  parts: number
  receivedAt: number
  final: GetsmsSimFinal
}

export interface GetsmsSimulatorOptions {
  login?: string
  password?: string
  /** Alpha names registered in the account (nickname values it accepts). */
  nicknames?: readonly string[]
  /** SMS parts the account may still send; each accepted part uses one (default: no limit). */
  limit?: number
  blocked?: boolean
  /** Time from receipt to `sent`, then to the final state (defaults 100 ms, 400 ms). */
  sentAfterMs?: number
  finalAfterMs?: number
  /** Well-formed numbers it still answers 300 for (e.g. a prefix no operator owns). */
  notPhones?: readonly string[]
  /** Share (0..1) of otherwise delivered messages that end undelivered. */
  undeliveredShare?: number
  clientIp?: string
  host?: string
  port?: number
  /** Oldest messages are forgotten beyond this many (the in-app sandbox runs for long). */
  maxMessages?: number
  now?: () => number
}

const DESCRIPTIONS: Record<GetsmsSimStatus, string> = {
  pending: 'In queue',
  sent: 'Sent to the operator',
  delivered: 'OK',
  undelivered: 'Not delivered to the subscriber',
  expired: 'Validity period expired',
  rejected: 'Rejected by the operator',
}

const MAX_ITEMS = 100

export class GetsmsSimulator extends ProviderSimulator {
  readonly messages: GetsmsSimMessage[] = []
  private readonly byRequest = new Map<number, GetsmsSimMessage[]>()
  private readonly login: string
  private readonly password: string
  private readonly nicknames: Set<string>
  private remaining: number
  private blocked: boolean
  private nextMessageId = 16_854_781
  private nextRequestId = 52_480_252
  private readonly now: () => number

  constructor(private readonly options: GetsmsSimulatorOptions = {}) {
    super({ host: options.host, port: options.port })
    this.login = options.login ?? 'demo'
    this.password = options.password ?? 'demo'
    this.nicknames = new Set(options.nicknames ?? ['GETSMS'])
    this.remaining = options.limit ?? Number.POSITIVE_INFINITY
    this.blocked = options.blocked ?? false
    this.now = options.now ?? Date.now
  }

  /** Parts the account may still send. */
  get limit(): number {
    return this.remaining
  }

  setLimit(parts: number): void {
    this.remaining = parts
  }

  setBlocked(blocked: boolean): void {
    this.blocked = blocked
  }

  setNicknames(names: readonly string[]): void {
    this.nicknames.clear()
    for (const n of names) this.nicknames.add(n)
  }

  /** Requests that reached the send call (status calls excluded). */
  get sendRequests(): SimRequest[] {
    return this.sim.requests.filter((r) => isPath(r.path, 'send'))
  }

  get statusRequests(): SimRequest[] {
    return this.sim.requests.filter((r) => isPath(r.path, 'status'))
  }

  statusOf(m: GetsmsSimMessage, at = this.now()): GetsmsSimStatus {
    const age = at - m.receivedAt
    if (age < (this.options.sentAfterMs ?? 100)) return 'pending'
    if (age < (this.options.finalAfterMs ?? 400)) return 'sent'
    return m.final
  }

  protected handle(req: SimRequest): SimResponse {
    const kind = isPath(req.path, 'status') ? 'status' : isPath(req.path, 'send') ? 'send' : null
    if (!kind || req.method !== 'POST') {
      return {
        status: 404,
        body: '<html><body>404 Not Found</body></html>',
        contentType: 'text/html',
      }
    }
    const p = req.params
    const login = p.get('login') ?? ''
    const password = p.get('password') ?? ''
    if (!login || !password) return error(100)
    if (login !== this.login || password !== this.password) {
      // As the document's own example: the text under `text`, not `error_text`.
      return json(200, [{ error: 1, text: GETSMS_ERRORS[101], error_no: 101 }])
    }
    if (this.blocked) return error(102)
    let data: unknown
    try {
      data = JSON.parse(p.get('data') ?? '')
    } catch {
      return error(200)
    }
    return kind === 'send' ? this.send(data, p.get('nickname') ?? '') : this.status(data)
  }

  private send(data: unknown, nicknameParam: string): SimResponse {
    if (!Array.isArray(data) || data.length === 0 || data.length > MAX_ITEMS) return error(201)
    const items: Array<{ phone: string; text: string }> = []
    for (const d of data) {
      if (typeof d !== 'object' || d === null) return error(201)
      const { phone, text } = d as { phone?: unknown; text?: unknown }
      if ((typeof phone !== 'string' && typeof phone !== 'number') || typeof text !== 'string')
        return error(201)
      items.push({ phone: String(phone), text })
    }
    const nickname = nicknameParam.trim() || null
    if (nickname !== null) {
      if (this.nicknames.size === 0) return error(202)
      if (!this.nicknames.has(nickname)) return error(203)
    }
    const notPhones = new Set(this.options.notPhones ?? [])
    const valid = (phone: string) => /^998\d{9}$/.test(phone) && !notPhones.has(phone)
    const parts = items.map((m) => Math.max(1, analyzeSms(m.text).parts))
    const needed = items.reduce((n, m, i) => n + (valid(m.phone) ? (parts[i] ?? 1) : 0), 0)
    if (needed > this.remaining) return error(103)

    const requestId = this.nextRequestId++
    const at = this.now()
    const unix = Math.floor(at / 1000)
    const clientIp = this.options.clientIp ?? '127.0.0.1'
    const reply = items.map((m, i) => {
      const messageId = this.nextMessageId++
      const common = {
        text: m.text,
        user_id: 1,
        date_received: unix,
        message_id: messageId,
        request_id: requestId,
        client_ip: clientIp,
      }
      if (!valid(m.phone)) {
        return {
          error: 1,
          error_text: GETSMS_ERRORS[300],
          error_no: 300,
          recipient: m.phone,
          ...common,
        }
      }
      const record: GetsmsSimMessage = {
        messageId,
        requestId,
        phone: m.phone,
        text: m.text,
        nickname,
        parts: parts[i] ?? 1,
        receivedAt: at,
        final: this.finalFor(m.phone, messageId),
      }
      this.remember(record)
      this.remaining -= record.parts
      return { recipient: Number(m.phone), ...common }
    })
    return json(200, reply)
  }

  private status(data: unknown): SimResponse {
    // The document asks for an array holding one {request_id}; its example spells the key
    // with a trailing space, so keys are read trimmed.
    if (!Array.isArray(data) || data.length !== 1) return error(201)
    const entry: unknown = data[0]
    if (typeof entry !== 'object' || entry === null) return error(201)
    const key = Object.keys(entry).find((k) => k.trim() === 'request_id')
    const raw = key === undefined ? undefined : (entry as Record<string, unknown>)[key]
    const id = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : NaN
    if (!Number.isSafeInteger(id)) return error(201)
    const list = this.byRequest.get(id)
    if (!list) return error(400)
    const at = this.now()
    return json(
      200,
      list.map((m) => {
        const status = this.statusOf(m, at)
        const sentAt = m.receivedAt + (this.options.sentAfterMs ?? 100)
        const finalAt = m.receivedAt + (this.options.finalAfterMs ?? 400)
        return {
          recipient: m.phone,
          text: m.text,
          user_id: '1',
          date_received: tashkentTime(m.receivedAt),
          date_sent: status === 'pending' ? null : tashkentTime(sentAt),
          date_delivered: status === 'delivered' ? tashkentTime(finalAt) : null,
          message_id: String(m.messageId),
          request_id: String(m.requestId),
          status,
          count_messages: String(m.parts),
          client_ip: this.options.clientIp ?? '127.0.0.1',
          description: DESCRIPTIONS[status],
        }
      }),
    )
  }

  private finalFor(phone: string, messageId: number): GetsmsSimFinal {
    if (phone.endsWith('00')) return 'undelivered'
    if (phone.endsWith('99')) return 'expired'
    if (phone.endsWith('98')) return 'rejected'
    const share = this.options.undeliveredShare ?? 0
    // Knuth's multiplicative hash: a stable pick per message id, so runs repeat.
    const pick = (Math.imul(messageId, 2654435761) >>> 0) / 2 ** 32
    return pick < share ? 'undelivered' : 'delivered'
  }

  private remember(m: GetsmsSimMessage): void {
    this.messages.push(m)
    const list = this.byRequest.get(m.requestId) ?? []
    list.push(m)
    this.byRequest.set(m.requestId, list)
    const max = this.options.maxMessages ?? 100_000
    while (this.messages.length > max) {
      const old = this.messages.shift()
      if (old) this.byRequest.delete(old.requestId)
    }
  }
}

function isPath(path: string, kind: 'send' | 'status'): boolean {
  const p = path.replace(/\/+$/, '')
  return kind === 'send' ? p === '/smsgateway' : p === '/smsgateway/status'
}

function error(code: number): SimResponse {
  return json(200, [{ error: 1, error_text: GETSMS_ERRORS[code] ?? 'Error', error_no: code }])
}

/** "YYYY-MM-DD HH:MM:SS" in Tashkent time (UTC+5, no daylight saving). */
function tashkentTime(ms: number): string {
  return new Date(ms + 5 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
}
