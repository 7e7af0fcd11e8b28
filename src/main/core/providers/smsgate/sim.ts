/**
 * Sandbox smsgate: the cascading gateway's three interfaces (GET sendmessage.php, JSON
 * sendmessagejson.php, XML xml/message.php + xml/state_message.php) as the document describes
 * them — login/password or Bearer token, the one-identical-request-a-minute rule,
 * client_id_message dedupe (a repeat is answered "already sent", or with the first answer), the
 * documented field checks, per-channel prices, a balance, and the cascade running over time. Outcomes are deterministic by the phone's last two digits:
 * 00 not delivered anywhere, 99 expired everywhere, 11 every channel but SMS fails,
 * 22 Viber delivered but never read, 33 sent without a status (partly_deliver);
 * otherwise the first channel delivers (Viber is then read).
 */
import { createHash } from 'node:crypto'
import { analyzeSms } from '../../../../shared/sms'
import { SMSGATE_ERROR_TEXTS as E } from './errors'
import {
  formatZoned,
  parseZoned,
  SMSGATE_CHANNELS,
  SMSGATE_DEFAULT_TIME_ZONE,
  SMSGATE_LIMITS,
} from './validate'
import {
  child,
  childrenNamed,
  escapeXml,
  fromXmlData,
  parseXml,
  XmlError,
  type XmlElement,
} from './xml-lite'
import type { ChannelName } from '../../../../shared/domain'
import { ProviderSimulator, json, type SimRequest, type SimResponse } from '../../sandbox/http-sim'

export interface SmsgateSimulatorOptions {
  login?: string
  password?: string
  /** Bearer token accepted instead of login + password; null: tokens refused. */
  token?: string | null
  /** Identical requests within this window get the documented duplicate error (default 60 s). */
  duplicateWindowMs?: number
  /** Time one channel attempt takes to resolve (default 1.5 s). */
  stepMs?: number
  /** Time from Viber "delivered" to "read" (default stepMs). */
  readDelayMs?: number
  /** Length of one minute of validity_period_viber (default 60 s; tests shorten it). */
  minuteMs?: number
  balance?: number
  /** Price per message per channel; SMS per part. */
  prices?: Partial<Record<ChannelName, number>>
  /** Share of other numbers that fail on every channel / expire (random). */
  undeliveredShare?: number
  expiredShare?: number
  /** Whether the VK channel is open for the account (default true). */
  vkEnabled?: boolean
  /** Sender names the account may use per channel; absent: any name. */
  allowedSenders?: Partial<Record<ChannelName, readonly string[]>>
  timeZone?: string
  host?: string
  port?: number
  /** Oldest messages are forgotten past this many (default 100 000). */
  maxMessages?: number
  /**
   * What a repeat of a client_id_message is answered with; nothing is sent either way (the
   * document: "повторная отправка не производится"). 'already-sent' (default): the per-phone
   * error "already sent with this client_id_message", without an id_message, as the digest
   * describes; 'first-answer': the first send's answer again, id_message included.
   */
  repeatAnswer?: 'already-sent' | 'first-answer'
}

type Fate = 'deliver' | 'fail-all' | 'expire-all' | 'sms-only' | 'unread' | 'partly'
type ChannelFate = 'deliver' | 'not_deliver' | 'expired' | 'unread' | 'partly'

export interface SmsgateSimChannel {
  channel: ChannelName
  order: number
  sender: string | null
  text: string | null
  id: string
}

export interface SmsgateSimMessage {
  idMessage: string
  clientId: string | null
  phone: string
  via: 'get' | 'json' | 'xml'
  channels: SmsgateSimChannel[]
  fields: Record<string, string>
  templateData: Record<string, string> | null
  validityMinutes: number
  finalOnRead: boolean
  acceptedAt: number
  /** When the cascade starts (time_send, or acceptance). */
  startAt: number
  smsParts: number
  fate: Fate
  /** Charged so far, per channel (decimal strings). */
  charged: Partial<Record<ChannelName, string>>
}

export interface SmsgateSimState {
  state: string
  channels: Record<ChannelName, string>
  lastChange: number
}

const DEFAULT_PRICES: Record<ChannelName, number> = { viber: 0.9, whatsapp: 1.2, vk: 0.7, sms: 2.5 }

export class SmsgateSimulator extends ProviderSimulator {
  private readonly byId = new Map<string, SmsgateSimMessage>()
  private readonly byClientId = new Map<string, SmsgateSimMessage>()
  private readonly recent = new Map<string, number>()
  private readonly forced: string[] = []
  private nextId = 1000123
  private nextChannelId = 5000001
  private money: number
  private blocked = false
  private readonly o: Required<
    Omit<SmsgateSimulatorOptions, 'allowedSenders' | 'host' | 'port' | 'token'>
  > & { token: string | null; allowedSenders: Partial<Record<ChannelName, readonly string[]>> }

  constructor(options: SmsgateSimulatorOptions = {}) {
    super({ host: options.host, port: options.port })
    const stepMs = options.stepMs ?? 1500
    this.o = {
      login: options.login ?? 'demo',
      password: options.password ?? 'demo-password',
      token: options.token === undefined ? 'demo-token' : options.token,
      duplicateWindowMs: options.duplicateWindowMs ?? 60_000,
      stepMs,
      readDelayMs: options.readDelayMs ?? stepMs,
      minuteMs: options.minuteMs ?? 60_000,
      balance: options.balance ?? 1000,
      prices: { ...DEFAULT_PRICES, ...options.prices },
      undeliveredShare: options.undeliveredShare ?? 0,
      expiredShare: options.expiredShare ?? 0,
      vkEnabled: options.vkEnabled ?? true,
      allowedSenders: options.allowedSenders ?? {},
      timeZone: options.timeZone ?? SMSGATE_DEFAULT_TIME_ZONE,
      maxMessages: options.maxMessages ?? 100_000,
      repeatAnswer: options.repeatAnswer ?? 'already-sent',
    }
    this.money = this.o.balance
  }

  /** Every message accepted (a dedupe hit is not a new one). */
  get messages(): SmsgateSimMessage[] {
    return [...this.byId.values()]
  }

  /** The balance after charging every channel attempt that has started by now. */
  get balance(): number {
    const now = Date.now()
    for (const m of this.byId.values()) this.advance(m, now)
    return Math.round(this.money * 100) / 100
  }

  setBalance(amount: number): void {
    void this.balance // settle what is due at the old balance first
    this.money = amount
  }

  setBlocked(blocked: boolean): void {
    this.blocked = blocked
  }

  /** The next request (of any interface) is answered with this error text instead. */
  failNext(text: string): void {
    this.forced.push(text)
  }

  stateOf(idMessage: string): SmsgateSimState | null {
    const m = this.byId.get(idMessage)
    return m ? this.advance(m, Date.now()) : null
  }

  // ---- routing -------------------------------------------------------------------------

  protected async handle(req: SimRequest): Promise<SimResponse> {
    switch (req.path.replace(/^\/+/, '')) {
      case 'sendmessage.php':
        return this.handleGet(req)
      case 'sendmessagejson.php':
        return this.handleJson(req)
      case 'xml/message.php':
        return this.handleXml(req, 'send')
      case 'xml/state_message.php':
        return this.handleXml(req, 'state')
      default:
        return {
          status: 404,
          body: '<html><body>404 Not Found</body></html>',
          contentType: 'text/html',
        }
    }
  }

  /**
   * What every request goes through first: a queued failure, credentials, account block, and
   * the identical-request rule. Returns the error text to answer with, or null to go on.
   */
  private gate(req: SimRequest, login: string | null, password: string | null): string | null {
    const forced = this.forced.shift()
    if (forced !== undefined) return forced
    const auth = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))
    if (auth) {
      if (this.o.token === null || auth[1]?.trim() !== this.o.token) return E.badToken
    } else if (login !== this.o.login || password !== this.o.password) {
      return E.badLogin
    }
    if (this.blocked) return E.blocked
    const now = req.at
    if (this.recent.size > 1000)
      for (const [k, at] of this.recent)
        if (now - at >= this.o.duplicateWindowMs) this.recent.delete(k)
    // A digest, so a minute of bulk requests does not keep their bodies in memory.
    const key = createHash('sha256')
      .update(`${req.method} ${req.path}?${req.query.toString()}\n`)
      .update(`${req.headers.authorization ?? ''}\n`)
      .update(req.rawBody)
      .digest('base64')
    const last = this.recent.get(key)
    if (last !== undefined && now - last < this.o.duplicateWindowMs) return E.duplicateRequest
    this.recent.set(key, now)
    return null
  }

  // ---- GET -----------------------------------------------------------------------------

  private handleGet(req: SimRequest): SimResponse {
    const p = req.params
    const plain = (body: string): SimResponse => ({
      status: 200,
      body,
      contentType: 'text/plain; charset=utf-8',
    })
    const fail = (text: string) => plain(`error: ${text}`)
    const refused = this.gate(req, p.get('login'), p.get('password'))
    if (refused) return fail(refused)
    const id = p.get('id_message')
    if (id !== null) {
      const m = this.byId.get(id.trim())
      return plain(m ? this.advance(m, Date.now()).state : E.notAccepted)
    }
    const fields: Record<string, string> = {}
    for (const [k, v] of p) if (k !== 'login' && k !== 'password' && k !== 'phone') fields[k] = v
    let templateData: Record<string, string> | null = null
    if (fields.templateData) {
      try {
        templateData = stringRecord(JSON.parse(fields.templateData))
      } catch {
        templateData = null
      }
      if (!templateData) return fail(E.template)
    }
    delete fields.templateData
    // GET has no time_send, name_delivery or client_id_message.
    delete fields.time_send
    const plan = this.checkFields(fields)
    if (typeof plan === 'string') return fail(plan)
    const phones = (p.get('phone') ?? '').split(',').map((s) => s.trim())
    if (phones.some((ph) => !validPhone(ph))) return fail(E.phone)
    const ids: string[] = []
    for (const phone of phones) {
      const made = this.create(plan, fields, templateData, phone, null, 'get')
      if (typeof made === 'string') return fail(made)
      ids.push(made.idMessage)
    }
    return plain(ids.join(','))
  }

  // ---- JSON ----------------------------------------------------------------------------

  private handleJson(req: SimRequest): SimResponse {
    const body = req.json
    if (!isObject(body)) return json(200, { error: E.badJson })
    const refused = this.gate(req, str(body.login), str(body.password))
    if (refused) return json(200, { error: refused })
    if (Array.isArray(body.state)) {
      const ids = body.state.map((s) => (isObject(s) ? (str(s.id_message) ?? '') : ''))
      return json(200, { state: ids.map((id) => this.stateObject(id)) })
    }
    if (!Array.isArray(body.message)) return json(200, { error: E.badJson })
    const out: unknown[] = []
    for (const entry of body.message) {
      if (!isObject(entry)) {
        out.push({ error: E.badJson })
        continue
      }
      const fields: Record<string, string> = {}
      for (const [k, v] of Object.entries(entry)) {
        const s = str(v)
        if (s !== null) fields[k] = s
      }
      const templateData =
        entry.templateData === undefined ? null : stringRecord(entry.templateData)
      if (entry.templateData !== undefined && !templateData) {
        out.push({ error: E.template })
        continue
      }
      const plan = this.checkFields(fields)
      if (typeof plan === 'string') {
        out.push({ error: plan })
        continue
      }
      const phones = Array.isArray(entry.phones) ? entry.phones.filter(isObject) : []
      if (phones.length === 0) {
        out.push({ error: E.phone })
        continue
      }
      out.push(
        phones.map((ph) => {
          const phone = str(ph.phone) ?? ''
          const clientId = str(ph.client_id_message)
          const made = this.accept(plan, fields, templateData, phone, clientId, 'json')
          if (typeof made === 'string')
            return { client_id_message: clientId ?? '', phone, error: made }
          return this.sendInfo(made)
        }),
      )
    }
    return json(200, { message: out })
  }

  // ---- XML -----------------------------------------------------------------------------

  private handleXml(req: SimRequest, call: 'send' | 'state'): SimResponse {
    const xml = (inner: string): SimResponse => ({
      status: 200,
      body: `<?xml version="1.0" encoding="utf-8"?><response>${inner}</response>`,
      contentType: 'text/xml; charset=utf-8',
    })
    const fail = (text: string) => xml(`<error>${escapeXml(text)}</error>`)
    let root: XmlElement
    try {
      root = parseXml(req.rawBody)
    } catch (err) {
      if (err instanceof XmlError) return fail(E.badXml)
      throw err
    }
    if (root.name !== 'request') return fail(E.badXml)
    const security = child(root, 'security')
    const refused = this.gate(
      req,
      (security && child(security, 'login')?.attrs.value) ?? null,
      (security && child(security, 'password')?.attrs.value) ?? null,
    )
    if (refused) return fail(refused)
    if (call === 'state') {
      const list = child(root, 'state')
      if (!list) return fail(E.badXml)
      return xml(
        childrenNamed(list, 'id_message')
          .map((el) => {
            const o = this.stateObject(el.text.trim())
            const { state, ...attrs } = o
            return `<state ${Object.entries(attrs)
              .map(([k, v]) => `${k}="${escapeXml(v)}"`)
              .join(' ')}>${escapeXml(state ?? '')}</state>`
          })
          .join(''),
      )
    }
    const parts: string[] = []
    for (const msg of childrenNamed(root, 'message')) {
      const fields: Record<string, string> = {}
      let templateData: Record<string, string> | null = null
      for (const el of msg.children) {
        if (el.name === 'abonent') continue
        if (el.name === 'templateData') {
          templateData = Object.fromEntries(el.children.map((c) => [c.name, fromXmlData(c.text)]))
        } else {
          fields[el.name] = fromXmlData(el.text)
        }
      }
      const plan = this.checkFields(fields)
      if (typeof plan === 'string') {
        parts.push(`<message><error>${escapeXml(plan)}</error></message>`)
        continue
      }
      const abonents = childrenNamed(msg, 'abonent')
      if (abonents.length === 0) {
        parts.push(`<message><error>${escapeXml(E.phone)}</error></message>`)
        continue
      }
      const infos = abonents.map((a) => {
        const phone = a.attrs.phone ?? ''
        const clientId = a.attrs.client_id_message ?? null
        const made = this.accept(plan, fields, templateData, phone, clientId, 'xml')
        const attrs =
          typeof made === 'string'
            ? { client_id_message: clientId ?? '', phone }
            : this.sendInfo(made)
        const text = typeof made === 'string' ? made : 'send'
        return `<information ${Object.entries(attrs)
          .map(([k, v]) => `${k}="${escapeXml(v)}"`)
          .join(' ')}>${escapeXml(text)}</information>`
      })
      parts.push(`<message>${infos.join('')}</message>`)
    }
    return xml(parts.join(''))
  }

  // ---- messages ------------------------------------------------------------------------

  /**
   * The document's rules for one message's fields. Returns the channels in cascade order,
   * or the error text.
   */
  private checkFields(f: Record<string, string>): Omit<SmsgateSimChannel, 'id'>[] | string {
    const present = SMSGATE_CHANNELS.filter((c) => f[`send_${c}`] !== undefined)
    const orders = new Map<ChannelName, number>()
    for (const c of SMSGATE_CHANNELS) {
      const raw = f[`send_${c}`]
      if (raw === undefined) continue
      if (!/^\d$/.test(raw.trim())) return E.noChannel
      const n = Number(raw)
      if (n > 0) orders.set(c, n)
    }
    // The document's third example names no send_* at all and still sends Viber.
    if (present.length === 0) {
      if (f.text_viber !== undefined) orders.set('viber', 1)
      else if (f.text_sms !== undefined) orders.set('sms', 1)
    }
    if (orders.size === 0) return E.noChannel
    const channels = [...orders.entries()]
      .sort(
        (a, b) => a[1] - b[1] || SMSGATE_CHANNELS.indexOf(a[0]) - SMSGATE_CHANNELS.indexOf(b[0]),
      )
      .map(([channel, order]) => ({
        channel,
        order,
        sender: f[`sender_${channel}`]?.trim() || null,
        text: channel === 'vk' ? null : (f[`text_${channel}`] ?? ''),
      }))
    for (const c of channels) {
      const allowed = this.o.allowedSenders[c.channel]
      switch (c.channel) {
        case 'viber':
          if (!c.text?.trim()) return E.textViberMissing
          if ([...c.text].length > SMSGATE_LIMITS.textViberMax) return E.textViberTooLong
          if (!c.sender) return E.senderViber
          break
        case 'whatsapp':
          if (!c.text?.trim()) return E.textWhatsappMissing
          if ([...c.text].length > SMSGATE_LIMITS.textWhatsappMax) return E.textWhatsappTooLong
          break
        case 'vk':
          if (!this.o.vkEnabled) return E.vkDisabled
          if (!f.templateId?.trim()) return E.template
          break
        case 'sms':
          if (!c.text?.trim()) return E.textSmsMissing
          if (!c.sender) return E.senderSms
          break
      }
      if (allowed && c.sender && !allowed.includes(c.sender)) return E.senderNotAllowed
    }
    if (orders.has('viber')) {
      const bText = f.button_text?.trim() ?? ''
      const bUrl = f.button_url?.trim() ?? ''
      if (f.image_url?.trim() && !(bText && bUrl)) return E.imageNeedsButton
      if (bText && [...bText].length > SMSGATE_LIMITS.buttonTextMax) return E.buttonTextTooLong
      if (bText && !bUrl) return E.buttonNeedsUrl
      if (bUrl && !bText) return E.buttonNeedsText
      const v = f.validity_period_viber?.trim()
      if (v !== undefined && v !== '' && !/^[1-9]\d*$/.test(v)) return E.validity
    }
    const t = f.time_send?.trim()
    if (t && parseZoned(t, this.o.timeZone) === null) return E.timeSend
    return channels
  }

  /** One phone of a JSON/XML message: client_id_message dedupe, then create. */
  private accept(
    plan: Omit<SmsgateSimChannel, 'id'>[],
    fields: Record<string, string>,
    templateData: Record<string, string> | null,
    phone: string,
    clientId: string | null,
    via: 'json' | 'xml',
  ): SmsgateSimMessage | string {
    if (!validPhone(phone)) return E.phone
    const key = clientId?.trim() || null
    if (key !== null && !/^\d+$/.test(key)) return E.badJson
    // Sent once per account: nothing goes out for a repeat.
    const earlier = key !== null ? this.byClientId.get(key) : undefined
    if (earlier) return this.o.repeatAnswer === 'first-answer' ? earlier : E.duplicateClientId
    return this.create(plan, fields, templateData, phone, key, via)
  }

  private create(
    plan: Omit<SmsgateSimChannel, 'id'>[],
    fields: Record<string, string>,
    templateData: Record<string, string> | null,
    phone: string,
    clientId: string | null,
    via: SmsgateSimMessage['via'],
  ): SmsgateSimMessage | string {
    const now = Date.now()
    const smsText = plan.find((c) => c.channel === 'sms')?.text ?? ''
    const smsParts = smsText ? analyzeSms(smsText).parts : 0
    const first = plan[0]
    if (first && this.priceOf(first.channel, smsParts) > this.money) return E.balance
    const timeSend = fields.time_send?.trim() ? parseZoned(fields.time_send, this.o.timeZone) : null
    const m: SmsgateSimMessage = {
      idMessage: String(this.nextId++),
      clientId,
      phone: phone.replace(/^\+/, ''),
      via,
      channels: plan.map((c) => ({ ...c, id: String(this.nextChannelId++) })),
      fields: { ...fields },
      templateData,
      validityMinutes: Number(
        fields.validity_period_viber?.trim() || SMSGATE_LIMITS.defaultValidityMinutes,
      ),
      finalOnRead: fields.finale_viber_read?.trim() === '1',
      acceptedAt: now,
      startAt: Math.max(now, timeSend ?? now),
      smsParts,
      fate: this.fateFor(phone),
      charged: {},
    }
    this.byId.set(m.idMessage, m)
    if (clientId !== null) this.byClientId.set(clientId, m)
    this.advance(m, now) // charges the first channel now, so the next check sees the balance
    if (this.byId.size > this.o.maxMessages) {
      const oldest = this.byId.values().next().value
      if (oldest) {
        this.byId.delete(oldest.idMessage)
        if (oldest.clientId !== null) this.byClientId.delete(oldest.clientId)
      }
    }
    return m
  }

  private fateFor(phone: string): Fate {
    switch (phone.slice(-2)) {
      case '00':
        return 'fail-all'
      case '99':
        return 'expire-all'
      case '11':
        return 'sms-only'
      case '22':
        return 'unread'
      case '33':
        return 'partly'
    }
    const r = Math.random()
    if (r < this.o.undeliveredShare) return 'fail-all'
    if (r < this.o.undeliveredShare + this.o.expiredShare) return 'expire-all'
    return 'deliver'
  }

  private priceOf(channel: ChannelName, smsParts: number): number {
    const p = this.o.prices[channel] ?? 0
    return channel === 'sms' ? p * Math.max(1, smsParts) : p
  }

  private sendInfo(m: SmsgateSimMessage): Record<string, string> {
    const idOf = (c: ChannelName) => m.channels.find((x) => x.channel === c)?.id ?? '0'
    const first = m.channels[0]?.channel
    return {
      id_message: m.idMessage,
      client_id_message: m.clientId ?? '',
      phone: m.phone,
      count_message: String(first === 'sms' ? m.smsParts : 1),
      id_viber: idOf('viber'),
      id_whatsapp: idOf('whatsapp'),
      id_sms: idOf('sms'),
      id_vk: idOf('vk'),
    }
  }

  private stateObject(id: string): Record<string, string> {
    const m = this.byId.get(id.trim())
    if (!m) {
      const blank = Object.fromEntries(
        SMSGATE_CHANNELS.flatMap((c) => [
          [`state_${c}`, ''],
          [`price_${c}`, ''],
        ]),
      )
      return {
        id_message: id,
        time_change_state: '',
        state: E.notAccepted,
        ...blank,
        num_parts_sms: '',
      }
    }
    const s = this.advance(m, Date.now())
    const out: Record<string, string> = {
      id_message: m.idMessage,
      time_change_state: formatZoned(s.lastChange, this.o.timeZone, true),
      state: s.state,
    }
    for (const c of SMSGATE_CHANNELS) out[`state_${c}`] = s.channels[c]
    out.num_parts_sms = m.charged.sms ? String(m.smsParts) : '0'
    for (const c of SMSGATE_CHANNELS) out[`price_${c}`] = m.charged[c] ?? '0'
    return out
  }

  /**
   * The cascade at `now`, computed from the start time (so it is the same whenever asked):
   * each channel attempt takes stepMs (an expiring Viber message its validity period), and is
   * charged when it starts.
   */
  private advance(m: SmsgateSimMessage, now: number): SmsgateSimState {
    const st: Record<ChannelName, string> = {
      viber: 'send',
      whatsapp: 'send',
      vk: 'send',
      sms: 'send',
    }
    let t = m.startAt
    let last = m.acceptedAt
    const result = (state: string): SmsgateSimState => ({ state, channels: st, lastChange: last })
    for (const c of m.channels) {
      if (now < t) return result('send')
      this.charge(m, c.channel)
      const fate = channelFate(m.fate, c.channel)
      const validityEnd = t + m.validityMinutes * this.o.minuteMs
      const resolveAt =
        fate === 'expired' && c.channel === 'viber' ? validityEnd : t + this.o.stepMs
      if (now < resolveAt) return result('send')
      last = resolveAt
      switch (fate) {
        case 'deliver': {
          st[c.channel] = 'deliver'
          if (c.channel === 'viber') {
            const readAt = resolveAt + this.o.readDelayMs
            if (now >= readAt) {
              st.viber = 'read'
              last = readAt
            } else if (m.finalOnRead) {
              return result('send')
            }
          }
          return result('deliver')
        }
        case 'unread':
          st[c.channel] = 'deliver'
          if (!m.finalOnRead) return result('deliver')
          if (now < validityEnd) return result('send')
          // Delivered but unread when the validity ends: on to the next channel.
          t = Math.max(validityEnd, resolveAt)
          last = t
          continue
        case 'not_deliver':
        case 'expired':
          st[c.channel] = fate
          t = resolveAt
          continue
        case 'partly':
          st[c.channel] = 'partly_deliver'
          return result('partly_deliver')
      }
    }
    if (m.channels.some((c) => st[c.channel] === 'deliver')) return result('deliver')
    const lastChannel = m.channels[m.channels.length - 1]?.channel
    return result(lastChannel && st[lastChannel] === 'expired' ? 'expired' : 'not_deliver')
  }

  private charge(m: SmsgateSimMessage, channel: ChannelName): void {
    if (m.charged[channel] !== undefined) return
    const price = this.priceOf(channel, m.smsParts)
    this.money -= price
    m.charged[channel] = price.toFixed(2)
  }
}

function channelFate(fate: Fate, channel: ChannelName): ChannelFate {
  switch (fate) {
    case 'deliver':
      return 'deliver'
    case 'fail-all':
      return 'not_deliver'
    case 'expire-all':
      return 'expired'
    case 'sms-only':
      return channel === 'sms' ? 'deliver' : 'not_deliver'
    case 'unread':
      return channel === 'viber' ? 'unread' : 'deliver'
    case 'partly':
      return 'partly'
  }
}

function validPhone(phone: string): boolean {
  return /^\+?[1-9]\d{9,14}$/.test(phone.trim())
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function str(v: unknown): string | null {
  if (typeof v === 'string') return v
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return null
}

function stringRecord(v: unknown): Record<string, string> | null {
  if (!isObject(v)) return null
  const out: Record<string, string> = {}
  for (const [k, val] of Object.entries(v)) {
    const s = str(val)
    if (s === null) return null
    out[k] = s
  }
  return out
}
