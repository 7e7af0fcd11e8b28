/**
 * Sandbox of the SMSC HTTP API (/sys/<cmd>.php): login check, parameter and phone checks,
 * funds charged per part, duplicate ids and identical requests refused with error 9, message
 * states that progress over time, HLR answers, inbound replies, dedicated-number rental,
 * number verification by the customer's call (wait_call.php) and the per-minute request
 * limits. Two simulators can share one account (main and backup host).
 * It runs inside the app as the embedded sandbox, so it stays quiet and never throws outward.
 */
import { analyzeSms } from '../../../../shared/sms'
import { formatSmscDate } from './provider'
import { SmscSimExports, type SmscSimExportOptions } from './sim-downloads'
import { SIM_TYPE_PRICES } from '../../sandbox/prices'
import { SimCallbackPoster, type SimCallbackTarget } from './sim-callbacks'
import {
  CALL_VOICES,
  MESSAGE_TYPES,
  TYPE_RULES,
  type CallVoice,
  type MessageTypeName,
} from '../../../../shared/message-types'
import { ProviderSimulator, type SimRequest, type SimResponse } from '../../sandbox/http-sim'

export interface SmscSimNumber {
  phone: string
  /** 1, 4: virtual dedicated number; 2: SIM hosting. */
  type: number
  cost: number
  currentCost: number
  info: string
}

export interface SmscSimMessage {
  id: number
  phone: string
  text: string
  sender: string
  parts: number
  cost: number
  sentAt: number
  hlr: boolean
  /** Its message type (send.php's viber=1, call=1, mail=1, …; bot=@name). */
  type: MessageTypeName
  /** The type's fields as sent (subj, voice, bot), null when absent. */
  subject: string | null
  voice: string | null
  bot: string | null
  /** Where the message ends up once final (status, err). */
  final: { status: number; err: number }
}

export interface SmscSimInbound {
  id: number
  phone: string
  message: string
  toPhone: string
  receivedAt: number
}

export interface SmscHttpSimulatorOptions {
  login?: string
  password?: string
  /** Also accept this API key (apikey=) instead of login + psw. */
  apiKey?: string | null
  /** Starting balance of the account. */
  balance?: number
  pricePerPart?: number
  /** What a message of another type costs (one each, whatever its length). */
  typePrices?: Partial<Record<MessageTypeName, number>>
  /** A price per part for numbers starting with a prefix (the longest match wins). */
  pricesByPrefix?: Readonly<Record<string, number>>
  currency?: string
  /** After this long a message is passed to the operator (status 0); before: waiting (-1). */
  operatorAfterMs?: number
  /** After this long it reaches its final status. */
  finalAfterMs?: number
  /** Share (0..1) of other numbers that end undelivered, and expired. */
  undeliveredShare?: number
  expiredShare?: number
  random?: () => number
  /** Texts containing any of these (case-insensitive) are refused with error 6. */
  forbiddenWords?: readonly string[]
  /** Sender names refused with error 6. */
  forbiddenSenders?: readonly string[]
  /** Numbers starting with these are refused with error 8 (cannot be delivered). */
  undeliverablePrefixes?: readonly string[]
  freeNumbers?: readonly SmscSimNumber[]
  /** receive_phones.php answers as JSON (default) or as plain text lines. */
  numbersReply?: 'json' | 'text'
  /** Numbers verifying calls go to, by the customer number's prefix (the longest match wins). */
  callPools?: Readonly<Record<string, readonly string[]>>
  /** wait_call.php's all_phones as a JSON list (default) or as one comma-separated string. */
  waitCallReply?: 'array' | 'string'
  /** How long a customer given a number may call it (15 minutes). */
  waitCallMs?: number
  /** Window the server counts repeated requests in (60 s). */
  repeatWindowMs?: number
  /** The server's zone for DD.MM.YYYY dates (Moscow: 180). */
  utcOffsetMinutes?: number
  /** How long export jobs (downloads.php) wait and run: sim-downloads.ts. */
  exports?: SmscSimExportOptions
  port?: number
  /** Serve the same account as this simulator: a backup host of one platform. */
  platformOf?: SmscHttpSimulator
}

/** Deterministic demo outcomes by the number's last two digits. */
export const SMSC_SIM_SUFFIX_OUTCOMES: Readonly<Record<string, { status: number; err: number }>> = {
  '00': { status: 20, err: 1 },
  '99': { status: 3, err: 0 },
  '98': { status: 23, err: 253 },
  '97': { status: 25, err: 248 },
}

const MAX_ID = 2147483647
const MAX_MESSAGES = 100_000

const DEFAULT_NUMBERS: readonly SmscSimNumber[] = [
  { phone: '79001234501', type: 1, cost: 300, currentCost: 150, info: 'MTS, sms' },
  { phone: '79001234502', type: 4, cost: 300, currentCost: 150, info: 'Beeline, sms' },
  { phone: '79001234503', type: 2, cost: 500, currentCost: 250, info: 'MegaFon, sms, call' },
]

/**
 * Numbers verifying calls go to, by the customer number's prefix ('' for any other country):
 * Russia, Kazakhstan, Uzbekistan, Tajikistan, Ukraine.
 */
const CALL_POOLS: Readonly<Record<string, readonly string[]>> = {
  '': ['74950000101', '74950000102', '74950000103'],
  '7': ['74950000101', '74950000102', '74950000103'],
  '77': ['77270000201', '77270000202'],
  '998': ['998710000301', '998710000302'],
  '992': ['992370000401', '992370000402'],
  '380': ['380440000501', '380440000502'],
}

const STATUS_NAMES: Readonly<Record<number, string>> = {
  [-3]: 'Не найдено',
  [-2]: 'Остановлено',
  [-1]: 'Ожидает отправки',
  0: 'Передано оператору',
  1: 'Доставлено',
  2: 'Прочитано',
  3: 'Просрочено',
  4: 'Нажата ссылка',
  20: 'Невозможно доставить',
  22: 'Неверный номер',
  23: 'Запрещено',
  24: 'Недостаточно средств',
  25: 'Недоступный номер',
}

/** Account state; shared by the main and backup hosts of one platform. */
class Platform {
  balance: number
  readonly messages = new Map<string, SmscSimMessage>()
  readonly inbound: SmscSimInbound[] = []
  readonly free: SmscSimNumber[]
  readonly rented = new Map<string, SmscSimNumber & { renew: boolean }>()
  /** The number each customer was given to call, and until when a call to it counts. */
  readonly waitCalls = new Map<string, { phone: string; until: number }>()
  readonly hits = new Map<string, number[]>()
  nextAutoId = 1_000_000
  /**
   * Ids of incoming messages go on from where a sandbox started before left off (seconds since
   * 2024, ten a second): a console restarted on its data folder asks after the last it saw.
   */
  nextInboundId = Math.floor((Date.now() - Date.UTC(2024, 0, 1)) / 100)
  blockedIp = false
  ignoreCharset = false

  constructor(
    readonly o: Required<Omit<SmscHttpSimulatorOptions, 'port' | 'platformOf' | 'apiKey'>> & {
      apiKey: string | null
    },
  ) {
    this.balance = o.balance
    this.free = o.freeNumbers.map((n) => ({ ...n }))
    this.exports = new SmscSimExports(o.exports)
  }

  /** Export jobs of the account's sent messages (downloads.php). */
  readonly exports: SmscSimExports

  /** Counts one request of `signature`; true if it is over `limit` in the window. */
  over(signature: string, limit: number, now = Date.now()): boolean {
    const list = (this.hits.get(signature) ?? []).filter((t) => now - t < this.o.repeatWindowMs)
    list.push(now)
    this.hits.set(signature, list)
    if (this.hits.size > 10_000) {
      for (const [k, v] of this.hits)
        if (v.every((t) => now - t >= this.o.repeatWindowMs)) this.hits.delete(k)
    }
    return list.length > limit
  }
}

export class SmscHttpSimulator extends ProviderSimulator {
  private readonly platform: Platform
  /** Where statuses, replies and verifying calls are posted, once a handler is set. */
  private poster: SimCallbackPoster | null = null
  private readonly callbackTimers = new Set<NodeJS.Timeout>()

  constructor(options: SmscHttpSimulatorOptions = {}) {
    super({ port: options.port })
    this.platform =
      options.platformOf?.platform ??
      new Platform({
        login: options.login ?? 'demo',
        password: options.password ?? 'demo-password',
        apiKey: options.apiKey ?? null,
        balance: options.balance ?? 1000,
        pricePerPart: options.pricePerPart ?? 2.5,
        pricesByPrefix: options.pricesByPrefix ?? {},
        typePrices: { ...SIM_TYPE_PRICES, ...options.typePrices },
        currency: options.currency ?? 'RUB',
        operatorAfterMs: options.operatorAfterMs ?? 500,
        finalAfterMs: options.finalAfterMs ?? 2000,
        undeliveredShare: options.undeliveredShare ?? 0,
        expiredShare: options.expiredShare ?? 0,
        random: options.random ?? Math.random,
        forbiddenWords: options.forbiddenWords ?? ['forbidden'],
        forbiddenSenders: options.forbiddenSenders ?? ['BANNED'],
        undeliverablePrefixes: options.undeliverablePrefixes ?? ['999'],
        freeNumbers: options.freeNumbers ?? DEFAULT_NUMBERS,
        numbersReply: options.numbersReply ?? 'json',
        callPools: options.callPools ?? CALL_POOLS,
        waitCallReply: options.waitCallReply ?? 'array',
        waitCallMs: options.waitCallMs ?? 15 * 60_000,
        repeatWindowMs: options.repeatWindowMs ?? 60_000,
        utcOffsetMinutes: options.utcOffsetMinutes ?? 180,
        exports: options.exports ?? {},
      })
  }

  /**
   * A handler's address set in the account (null: none): from now on each final status, reply
   * and verifying call is posted to it as well, as SMSC does.
   */
  postCallbacksTo(target: SimCallbackTarget | null): void {
    this.poster = target ? new SimCallbackPoster(target) : null
  }

  /** What was posted to the handler, with its answers (after `settled`, all of them). */
  get callbackPosts(): SimCallbackPoster | null {
    return this.poster
  }

  override async stop(): Promise<void> {
    for (const t of this.callbackTimers) clearTimeout(t)
    this.callbackTimers.clear()
    await super.stop()
  }

  /** A post to the handler a while from now (its status once final). */
  private postLater(ms: number, post: () => void): void {
    const timer = setTimeout(() => {
      this.callbackTimers.delete(timer)
      post()
    }, ms)
    timer.unref()
    this.callbackTimers.add(timer)
  }

  /** Messages (and HLR requests) the account has sent, oldest first. */
  get messages(): SmscSimMessage[] {
    return [...this.platform.messages.values()]
  }

  get balance(): number {
    return this.platform.balance
  }

  setBalance(amount: number): void {
    this.platform.balance = amount
  }

  /** Error 4 for every request while on. */
  blockIp(on: boolean): void {
    this.platform.blockedIp = on
  }

  /** Answer in windows-1251 whatever charset the client asked for. */
  setIgnoreCharset(on: boolean): void {
    this.platform.ignoreCharset = on
  }

  /** An SMS from a subscriber to one of the account's numbers; served by get.php. */
  injectInbound(sms: {
    phone: string
    message: string
    toPhone: string
    receivedAt?: number
  }): number {
    const id = this.platform.nextInboundId++
    this.platform.inbound.push({
      id,
      phone: sms.phone,
      message: sms.message,
      toPhone: sms.toPhone,
      receivedAt: sms.receivedAt ?? Date.now(),
    })
    if (this.platform.inbound.length > MAX_MESSAGES) this.platform.inbound.shift()
    const time = formatSmscDate(sms.receivedAt ?? Date.now(), this.platform.o.utcOffsetMinutes)
    if (this.poster && sms.message === '[waitcall]') {
      void this.poster.post('waitcall', {
        id: String(id),
        phone: sms.phone,
        waitcall: sms.toPhone,
        time,
      })
    } else if (this.poster) {
      void this.poster.post('inbound', {
        id: String(id),
        phone: sms.phone,
        mes: sms.message,
        to: sms.toPhone,
        time,
      })
    }
    return id
  }

  get freeNumbers(): SmscSimNumber[] {
    return this.platform.free.map((n) => ({ ...n }))
  }

  /** The account's export jobs, and the switches that make its record differ (tests). */
  get exports(): SmscSimExports {
    return this.platform.exports
  }

  get rentedNumbers(): Array<SmscSimNumber & { renew: boolean }> {
    return [...this.platform.rented.values()].map((n) => ({ ...n }))
  }

  /**
   * The customer calls the number wait_call.php gave them: recorded as SMSC records it, an
   * inbound message `[waitcall]` from the customer to that number (served by get.php). Null
   * when the customer was given no number, or the time to call it is over. `phone`: digits.
   */
  customerCalls(phone: string, at = Date.now()): { to: string; id: number } | null {
    const customer = phone.replace(/\D/g, '')
    const given = this.platform.waitCalls.get(customer)
    if (!given || at > given.until) return null
    const id = this.injectInbound({
      phone: customer,
      message: '[waitcall]',
      toPhone: given.phone,
      receivedAt: at,
    })
    return { to: given.phone, id }
  }

  // -------------------------------------------------------------------------------------------

  protected handle(req: SimRequest): SimResponse {
    const m = /^\/sys\/([a-z_]+)\.php$/.exec(req.path)
    const cmd = m?.[1]
    if (
      !cmd ||
      !['send', 'status', 'balance', 'get', 'receive_phones', 'wait_call', 'downloads'].includes(
        cmd,
      )
    )
      return {
        status: 404,
        body: '<html><body>404 Not Found</body></html>',
        contentType: 'text/html',
      }
    const p = req.params
    const textMode = cmd === 'receive_phones' && this.platform.o.numbersReply === 'text'
    const error = (code: number, text: string, id?: number): SimResponse =>
      textMode
        ? this.reply(p, `ERROR = ${code} (${text})`, 'text/plain')
        : this.json(
            p,
            id === undefined
              ? { error: text, error_code: code }
              : { error: text, error_code: code, id },
          )
    if (this.platform.blockedIp) return error(4, 'IP address is temporarily blocked')
    const o = this.platform.o
    const byKey = o.apiKey !== null && p.has('apikey') && p.get('apikey') === o.apiKey
    if (!byKey && (p.get('login') !== o.login || p.get('psw') !== o.password))
      return error(2, 'authorise error')
    switch (cmd) {
      case 'send':
        return this.send(p, error)
      case 'status':
        return this.status(p, error)
      case 'balance':
        if (this.platform.over('balance', 10)) return error(9, 'too many balance requests')
        return this.json(p, {
          balance: this.platform.balance.toFixed(2),
          ...(p.get('cur') === '1' ? { currency: this.platform.o.currency } : {}),
        })
      case 'get':
        return this.inboundReply(p, error)
      case 'wait_call':
        return this.waitCall(p, error)
      case 'downloads':
        return this.platform.exports.handle(p, {
          messages: () => this.platform.messages.values(),
          statusOf: (m, at) => this.statusOf(m as SmscSimMessage, at),
          over: (signature, limit) => this.platform.over(signature, limit),
          utcOffsetMinutes: this.platform.o.utcOffsetMinutes,
          json: (value) => this.json(p, value),
          text: (text, type) => this.reply(p, text, type),
          error: (code, text) => error(code, text),
        })
      default:
        return this.numbers(p, error, textMode)
    }
  }

  private send(p: URLSearchParams, error: ErrorReply): SimResponse {
    const o = this.platform.o
    const hlr = p.get('hlr') === '1'
    const phones = (p.get('phones') ?? '')
      .split(/[,;]/)
      .map((s) => s.trim())
      .filter(Boolean)
    const mes = p.get('mes') ?? ''
    const idText = p.get('id')
    const type = typeOfRequest(p)
    if (type === null) return error(1, 'parameters error')
    if (phones.length === 0 || (!hlr && type !== 'ping' && mes === ''))
      return error(1, 'parameters error')
    if (idText !== null && (!/^\d+$/.test(idText) || Number(idText) < 1 || Number(idText) > MAX_ID))
      return error(1, 'parameters error')
    const id = idText === null ? null : Number(idText)
    const time = p.get('time')
    if (time !== null && !/^(0\d{9,11}|\d{10}|\+\d+|\d{2}\.\d{2}\.\d{2} \d{2}:\d{2})$/.test(time))
      return error(5, 'invalid date format', id ?? undefined)
    const valid = p.get('valid')
    if (valid !== null && !/^\d{2}:\d{2}$/.test(valid)) return error(1, 'parameters error')

    const signature = `send:${[...p.entries()]
      .filter(([k]) => k !== 'psw')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join('&')}`
    const identical = this.platform.over(signature, 1)
    const normalised = phones.map((ph) => ph.replace(/^\+/, ''))
    if (id !== null && normalised.some((ph) => this.platform.messages.has(key(ph, id))))
      return error(9, 'duplicate request, wait a minute', id)
    if (identical) return error(9, 'duplicate request, wait a minute', id ?? undefined)

    const sender = p.get('sender') ?? ''
    const lower = mes.toLowerCase()
    if (
      o.forbiddenSenders.some((s) => s.toLowerCase() === sender.toLowerCase()) ||
      o.forbiddenWords.some((w) => lower.includes(w.toLowerCase()))
    )
      return error(6, 'message is denied', id ?? undefined)
    if (normalised.some((ph) => !/^\d{7,15}$/.test(ph)))
      return error(7, 'invalid number', id ?? undefined)
    if (normalised.some((ph) => o.undeliverablePrefixes.some((pre) => ph.startsWith(pre))))
      return error(8, 'message cannot be delivered', id ?? undefined)

    const parts = hlr || type !== 'sms' ? 1 : Math.max(1, analyzeSms(mes).parts)
    const priceOf = (phone: string) => {
      if (type !== 'sms') return o.typePrices[type] ?? o.pricePerPart
      let best = ''
      for (const prefix of Object.keys(o.pricesByPrefix))
        if (phone.startsWith(prefix) && prefix.length > best.length) best = prefix
      return best ? (o.pricesByPrefix[best] as number) : o.pricePerPart
    }
    const cost = round2(normalised.reduce((sum, ph) => sum + parts * priceOf(ph), 0))
    const costMode = p.get('cost')
    if (costMode === '1')
      return this.json(p, { cost: cost.toFixed(2), cnt: parts * normalised.length })
    if (cost > this.platform.balance) return error(3, 'not enough money', id ?? undefined)

    const finalId = id ?? this.platform.nextAutoId++
    const now = Date.now()
    for (const phone of normalised) {
      this.platform.messages.set(key(phone, finalId), {
        id: finalId,
        phone,
        text: hlr ? '' : mes,
        sender,
        type,
        subject: p.get('subj'),
        voice: p.get('voice'),
        bot: p.get('bot'),
        parts,
        cost: round2(parts * priceOf(phone)),
        sentAt: now,
        hlr,
        final: this.finalFor(phone),
      })
    }
    while (this.platform.messages.size > MAX_MESSAGES) {
      const oldest = this.platform.messages.keys().next().value
      if (oldest === undefined) break
      this.platform.messages.delete(oldest)
    }
    this.platform.balance = round2(this.platform.balance - cost)
    const poster = this.poster
    if (poster && !hlr) {
      for (const phone of normalised) {
        const msg = this.platform.messages.get(key(phone, finalId))
        if (!msg) continue
        // Posted once final, as SMSC posts a status to the account's handler.
        this.postLater(o.finalAfterMs, () => {
          void poster.post('status', {
            id: String(msg.id),
            phone: msg.phone,
            status: String(msg.final.status),
            err: String(msg.final.err),
            cost: msg.cost.toFixed(2),
            sms_cnt: String(msg.parts),
            time: formatSmscDate(msg.sentAt + o.finalAfterMs, o.utcOffsetMinutes),
          })
        })
      }
    }
    const answer: Record<string, unknown> = { id: finalId, cnt: parts * normalised.length }
    if (costMode === '2' || costMode === '3') answer.cost = cost.toFixed(2)
    if (costMode === '3') answer.balance = this.platform.balance.toFixed(2)
    return this.json(p, answer)
  }

  private finalFor(phone: string): { status: number; err: number } {
    const bySuffix = SMSC_SIM_SUFFIX_OUTCOMES[phone.slice(-2)]
    if (bySuffix) return { ...bySuffix }
    const o = this.platform.o
    const r = o.random()
    if (r < o.undeliveredShare) return { status: 20, err: 6 }
    if (r < o.undeliveredShare + o.expiredShare) return { status: 3, err: 0 }
    return { status: 1, err: 0 }
  }

  private statusOf(msg: SmscSimMessage, now: number): { status: number; err: number; at: number } {
    const o = this.platform.o
    const age = now - msg.sentAt
    if (age >= o.finalAfterMs) return { ...msg.final, at: msg.sentAt + o.finalAfterMs }
    if (age >= o.operatorAfterMs) return { status: 0, err: 0, at: msg.sentAt + o.operatorAfterMs }
    return { status: -1, err: 0, at: msg.sentAt }
  }

  private status(p: URLSearchParams, error: ErrorReply): SimResponse {
    const phoneText = p.get('phone') ?? ''
    const idText = p.get('id') ?? ''
    if (!phoneText || !idText) return error(1, 'parameters error')
    const multi = phoneText.includes(',') || idText.includes(',')
    // Comma lists end with a comma in multi mode.
    const list = (s: string) => (multi ? s.replace(/,$/, '').split(',') : [s])
    const phones = list(phoneText).map((s) => s.trim().replace(/^\+/, ''))
    const ids = list(idText).map((s) => s.trim())
    if (phones.length !== ids.length || ids.some((i) => !/^\d+$/.test(i)))
      return error(1, 'parameters error')
    const all = Number(p.get('all') ?? '0')
    let over = false
    for (let i = 0; i < ids.length; i++)
      if (this.platform.over(`status:${phones[i]}:${ids[i]}`, 5)) over = true
    if (over) return error(9, 'too many requests for the status of one message')
    const now = Date.now()
    const off = this.platform.o.utcOffsetMinutes
    // [public] A single query for a message the account does not hold is error 3 ("message not
    // found"); in a list the same message reads as status -3.
    if (!multi && !this.platform.messages.has(key(phones[0] ?? '', Number(ids[0]))))
      return error(3, 'message not found')
    const entries = ids.map((idS, i) => {
      const phone = phones[i] ?? ''
      const msg = this.platform.messages.get(key(phone, Number(idS)))
      const entry: Record<string, unknown> = {}
      if (multi) Object.assign(entry, { id: Number(idS), phone })
      if (!msg) return { ...entry, status: -3, last_date: '', last_timestamp: 0, err: 0 }
      const st = this.statusOf(msg, now)
      Object.assign(entry, {
        status: st.status,
        last_date: formatSmscDate(st.at, off),
        last_timestamp: Math.floor(st.at / 1000),
        err: st.err,
      })
      if (all >= 1) {
        Object.assign(entry, {
          send_date: formatSmscDate(msg.sentAt, off),
          send_timestamp: Math.floor(msg.sentAt / 1000),
          phone,
          cost: msg.cost.toFixed(2),
          sender_id: msg.sender,
          status_name: STATUS_NAMES[st.status] ?? '',
          message: msg.text,
          type: msg.hlr ? 4 : STATUS_TYPE_CODES[msg.type],
          sms_cnt: msg.parts,
        })
        if (msg.hlr && st.status === 1) Object.assign(entry, hlrFields(phone))
      }
      return entry
    })
    return this.json(p, multi ? entries : entries[0])
  }

  private inboundReply(p: URLSearchParams, error: ErrorReply): SimResponse {
    if (p.get('get_answers') !== '1') return error(1, 'parameters error')
    const hour = Number(p.get('hour') ?? '1')
    const cnt = Number(p.get('cnt') ?? '1000')
    const after = Number(p.get('after_id') ?? '0')
    if (
      ![hour, cnt, after].every(Number.isInteger) ||
      hour < 1 ||
      hour > 168 ||
      cnt < 1 ||
      cnt > 10_000
    )
      return error(1, 'parameters error')
    const since = Date.now() - hour * 3_600_000
    const toPhone = p.get('to_phone')
    const off = this.platform.o.utcOffsetMinutes
    const items = this.platform.inbound
      .filter((m) => m.id > after && m.receivedAt >= since && (!toPhone || m.toPhone === toPhone))
      .sort((a, b) => b.id - a.id)
      .slice(0, cnt)
      .map((m) => ({
        id: m.id,
        received: formatSmscDate(m.receivedAt, off),
        phone: m.phone,
        message: m.message,
        to_phone: m.toPhone,
        sent: '',
      }))
    return this.json(p, items)
  }

  private numbers(p: URLSearchParams, error: ErrorReply, textMode: boolean): SimResponse {
    const signature = `receive_phones:${[...p.entries()]
      .filter(([k]) => k !== 'psw')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join('&')}`
    if (this.platform.over(signature, 2)) return error(9, 'duplicate request, wait a minute')
    const answer = (value: unknown, text: string): SimResponse =>
      textMode ? this.reply(p, text, 'text/plain') : this.json(p, value)
    if (p.get('get') === '1') {
      const free = this.platform.free
      return answer(
        free.map((n) => ({
          phone: n.phone,
          type: n.type,
          cost: n.cost.toFixed(2),
          current_cost: n.currentCost.toFixed(2),
          info: n.info,
        })),
        free
          .map(
            (n) =>
              `${n.phone},${n.type},${n.cost.toFixed(2)},${n.currentCost.toFixed(2)},${n.info}`,
          )
          .join('\n'),
      )
    }
    const phone = (p.get('phone') ?? '').replace(/^\+/, '')
    if (p.get('buy') === '1') {
      const at = this.platform.free.findIndex((n) => n.phone === phone)
      const number = this.platform.free[at]
      if (!number) return error(1, 'phone is not available')
      if (number.currentCost > this.platform.balance) return error(3, 'not enough money')
      this.platform.free.splice(at, 1)
      this.platform.rented.set(phone, { ...number, renew: true })
      this.platform.balance = round2(this.platform.balance - number.currentCost)
      const cost = number.currentCost.toFixed(2)
      return answer({ cost }, cost)
    }
    if (p.get('chg') === '1') {
      const rented = this.platform.rented.get(phone)
      const noprolong = p.get('noprolong')
      if (!rented || (noprolong !== '0' && noprolong !== '1')) return error(1, 'parameters error')
      rented.renew = noprolong === '0'
      return answer({ phone, noprolong: Number(noprolong) }, 'OK')
    }
    return error(1, 'parameters error')
  }

  /**
   * wait_call.php: the number the customer must call (one of their country's pool, the same for
   * one customer while the pool does not change) and the whole pool; more than fifty identical
   * requests a minute are refused with error 9.
   */
  private waitCall(p: URLSearchParams, error: ErrorReply): SimResponse {
    const o = this.platform.o
    const phone = (p.get('phone') ?? '').trim().replace(/^\+/, '')
    if (!/^\d{7,15}$/.test(phone)) return error(7, 'invalid number')
    const signature = `wait_call:${[...p.entries()]
      .filter(([k]) => k !== 'psw')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join('&')}`
    if (this.platform.over(signature, 50)) return error(9, 'duplicate request, wait a minute')
    let prefix = ''
    for (const pre of Object.keys(o.callPools))
      if (phone.startsWith(pre) && pre.length > prefix.length) prefix = pre
    const pool = o.callPools[prefix] ?? o.callPools[''] ?? []
    if (pool.length === 0) return error(8, 'calls from this country cannot be verified')
    let hash = 0
    for (const ch of phone) hash = (hash * 31 + ch.charCodeAt(0)) % 1_000_003
    const assigned = pool[hash % pool.length] as string
    this.platform.waitCalls.set(phone, { phone: assigned, until: Date.now() + o.waitCallMs })
    if (this.platform.waitCalls.size > MAX_MESSAGES) {
      const oldest = this.platform.waitCalls.keys().next().value
      if (oldest !== undefined) this.platform.waitCalls.delete(oldest)
    }
    return this.json(p, {
      phone: assigned,
      all_phones: o.waitCallReply === 'string' ? pool.join(',') : [...pool],
    })
  }

  private json(p: URLSearchParams, value: unknown): SimResponse {
    return this.reply(p, JSON.stringify(value), 'application/json')
  }

  /** UTF-8 when asked for it; windows-1251 (the API's default) otherwise or when switched to ignore. */
  private reply(p: URLSearchParams, text: string, type: string): SimResponse {
    if (!this.platform.ignoreCharset && (p.get('charset') ?? '').toLowerCase() === 'utf-8')
      return { status: 200, body: text, contentType: `${type}; charset=utf-8` }
    return { status: 200, body: encodeCp1251(text), contentType: `${type}; charset=windows-1251` }
  }
}

type ErrorReply = (code: number, text: string, id?: number) => SimResponse

function key(phone: string, id: number): string {
  return `${phone}:${id}`
}

function round2(n: number): number {
  return Math.round(n * 100) / 100
}

/** A plausible home-network HLR answer (plain strings: JSON carries them decoded). */
function hlrFields(phone: string): Record<string, string> {
  const ru = phone.startsWith('7')
  return {
    imsi: `${ru ? '25001' : '43404'}${phone.slice(-10).padStart(10, '0')}`,
    msc: ru ? '79168999999' : '998901000000',
    mcc: ru ? '250' : '434',
    mnc: ru ? '01' : '04',
    cn: ru ? 'Russian Federation' : 'Uzbekistan',
    net: ru ? 'MTS' : 'Beeline',
    rcn: '',
    rnet: '',
  }
}

/** windows-1251 bytes of a text (Cyrillic and ASCII; anything else becomes `?`). */
export function encodeCp1251(text: string): Buffer {
  const out = Buffer.alloc(text.length)
  let n = 0
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0x3f
    if (c < 0x80) out[n++] = c
    else if (c >= 0x410 && c <= 0x44f) out[n++] = c - 0x410 + 0xc0
    else if (c === 0x401) out[n++] = 0xa8
    else if (c === 0x451) out[n++] = 0xb8
    else if (c === 0x2116) out[n++] = 0xb9
    else out[n++] = 0x3f
  }
  return out.subarray(0, n)
}

/**
 * status.php's `type` of a message [assumed from SMSC's public list: 0 SMS, 4 HLR, 5 ping,
 * 6 MMS, 7 call, 8 e-mail, 9 Viber, 10 social networks, 11 Telegram bot].
 */
const STATUS_TYPE_CODES: Record<MessageTypeName, number> = {
  sms: 0,
  ping: 5,
  mms: 6,
  call: 7,
  mail: 8,
  viber: 9,
  soc: 10,
  bot: 11,
}

/**
 * The type a send.php request asks for, by its flag (viber=1, soc=1, mms=1, mail=1, call=1,
 * ping=1) or its bot; null when the request is not one SMSC takes (two types, a type without
 * the field it needs).
 */
function typeOfRequest(p: URLSearchParams): MessageTypeName | null {
  const flagged = MESSAGE_TYPES.filter((t) => {
    const flag = TYPE_RULES[t].httpFlag
    return flag !== null && p.get(flag) === '1'
  })
  if (p.get('bot') !== null) flagged.push('bot')
  if (flagged.length > 1) return null
  const type = flagged[0] ?? 'sms'
  if ((type === 'mms' || type === 'mail') && !p.get('subj')) return null
  if (type === 'call' && !CALL_VOICES.includes((p.get('voice') ?? '') as CallVoice)) return null
  if (type === 'bot' && !/^@[A-Za-z][A-Za-z0-9_]{4,31}$/.test(p.get('bot') ?? '')) return null
  return type
}
