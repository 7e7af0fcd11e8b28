/**
 * Local SMSC simulator on the `smpp` package's server, behaving as SMSC.kz documents:
 * transceiver binds, submit_sm ids (same id for every part unless SINGLE), ISO (data_coding 0
 * read as ISO-8859-1), delivery and HLR receipts as deliver_sm (text + TLVs) delivered again
 * until answered, query_sm, throttling (a per-login rate limit, or every Nth submit), inbound
 * MO. It is the app's embedded default provider and the integration tests' fixture, so it
 * stays quiet and never throws out of a socket handler. Fault switches (dropSubmitResponses,
 * receiptBeforeResp, holdResponses, silent) exist for tests.
 */
import type { AddressInfo } from 'node:net'
import smpp from 'smpp'
import {
  analyzeSms,
  decodeLatin1,
  encodeGsm7,
  encodeUcs2,
  splitSmsText,
  type SmsEncoding,
} from '../../../../shared/sms'
import { parseShortMessagePdu, splitUdh, SUBMIT_SM_ID, TLV } from './deliver'
import { normaliseMessageId, STAT_MESSAGE_STATE } from './receipt'
import { SMPP_STATUS } from './status'
import { parseTypedText } from '../../../../shared/message-types'
import { SIM_TYPE_PRICES } from '../../sandbox/prices'
import type { HlrResult } from '../types'

const STATE_ENROUTE = 1

export type SandboxIdStyle = 'decimal' | 'hex'

/** A stat word (DELIVRD, UNDELIV, EXPIRED, REJECTD, …) and its err code. */
export interface SandboxOutcome {
  stat: string
  err?: string
}

export interface SandboxMessage {
  /** As returned in submit_sm_resp (hex under idStyle 'hex'). */
  messageId: string
  /** As written in the receipt (always decimal). */
  receiptId: string
  /** Ids of every part (differ only under SINGLE). */
  partIds: string[]
  source: string
  sourceTon: number
  sourceNpi: number
  dest: string
  text: string
  parts: number
  dataCoding: number
  registeredDelivery: number
  systemType: string
  systemId: string
  viaPayload: boolean
  at: number
}

export interface SandboxPart {
  messageId: string
  source: string
  dest: string
  text: string
  dataCoding: number
  esmClass: number
  /** Concatenation ref/total/seq, or null for a single-part message. */
  ref: number | null
  total: number
  seq: number
  systemType: string
  at: number
}

export interface SandboxInbound {
  from: string
  to: string
  text: string
  /** How to mark concatenated parts (default 'udh8'). */
  concat?: 'udh8' | 'udh16' | 'sar'
  /** Login whose bind receives it (default: the configured one). */
  systemId?: string
}

export interface SandboxSmscOptions {
  /** Default 127.0.0.1. */
  host: string
  /** 0 picks a free port; after start() the port stays the same across stop()/start(). */
  port: number
  systemId: string
  password: string
  /** 'hex': submit_sm_resp carries hex ids while receipts carry decimal (default 'decimal'). */
  idStyle: SandboxIdStyle
  /** Delay before a receipt is sent (default 200 ms). */
  receiptDelayMs: number
  /** Receipt outcome per message (default DELIVRD err 000). */
  outcome: (message: SandboxMessage) => SandboxOutcome
  /**
   * Submits per second per login before ESME_RTHROTTLED; 0 = unlimited (default 30, SMSC's
   * default). A token bucket holding a second's worth. May be changed while running.
   */
  ratePerSecond: number
  /**
   * Refuse every Nth submit_sm with ESME_RTHROTTLED whatever the pace (0 = never, the
   * default). A test switch; may be changed while running.
   */
  throttleEveryNth: number
  /** A deliver_sm answered with an error is delivered again after this long (default 1 s). */
  redeliverMs: number
  /** Delay before each submit_sm_resp (default 0), to build up a window. */
  submitResponseDelayMs: number
  /** HLR data for a number (default: a made-up Russian MTS subscriber). */
  hlr: (phone: string) => HlrResult
  /**
   * What a message cost, sent in SMSC's vendor TLV 0x2000 with its receipt (null: none). By
   * default each type other than SMS at its own price (`__VIBER__: …`, …), an SMS none.
   */
  price: (message: SandboxMessage) => number | null
  /** Keep at most this many entries in `submits` and `partRecords`, oldest dropped (default 200k). */
  maxRecords: number
  /** TLS key and certificate (PEM): serve SMPP over TLS. */
  tls: { key: string | Buffer; cert: string | Buffer } | null
}

export interface SandboxStats {
  binds: number
  bindFailures: number
  enquireLinksReceived: number
  unbindsReceived: number
  throttled: number
  deliverSmSent: number
  deliverSmAnswered: number
  /** deliver_sm answered with an error status (delivered again later). */
  deliverSmRefused: number
  /** deliver_sm sent again: unanswered when the bind dropped, or answered with an error. */
  deliverSmRedelivered: number
  querySmReceived: number
  /** Most submit_sm received but not yet answered at once, over all sessions. */
  maxOutstanding: number
  /** Accepted messages and submit_sm, all time (the record arrays may be trimmed). */
  messagesAccepted: number
  partsAccepted: number
}

interface SimSession {
  id: number
  session: smpp.Session
  systemId: string | null
  systemType: string
  single: boolean
  /** system_type ISO: data_coding 0 is ISO-8859-1, not GSM-7. */
  iso: boolean
  bound: boolean
  outstanding: number
  /** Bytes of the PDU being read (see accept()). */
  rx: Buffer[]
  /** deliver_sm sent on this bind and not answered yet, by sequence number. */
  unanswered: Map<number, smpp.PDU>
}

/** What query_sm can learn about an accepted id: its message once every part came. */
interface Known {
  message: SandboxMessage | null
}

interface Group {
  messageId: string
  numeric: number
  partIds: string[]
  numerics: number[]
  texts: Map<number, string>
  total: number
}

interface Bucket {
  tokens: number
  at: number
}

const DEFAULT_HLR = (phone: string): HlrResult => ({
  imsi: `25001${phone.slice(-10).padStart(10, '0')}`,
  msc: '79160000001',
  mcc: '250',
  mnc: '01',
  cn: 'Russian Federation',
  net: 'MTS',
  rcn: '',
  rnet: '',
})

/** PHP urlencode(), which the SMSC uses for HLR strings: spaces become '+'. */
function phpUrlEncode(s: string): string {
  return encodeURIComponent(s)
    .replace(/%20/g, '+')
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

function yymmddhhmm(ms: number): string {
  const d = new Date(ms)
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}`
}

/** Text and UDH from the library's decoded short_message / message_payload. */
function decoded(value: unknown): { text: string; udh: Buffer[] } {
  if (Buffer.isBuffer(value)) return { text: value.toString('latin1'), udh: [] }
  if (typeof value === 'string') return { text: value, udh: [] }
  if (value && typeof value === 'object') {
    const v = value as { message?: unknown; udh?: unknown }
    const text =
      typeof v.message === 'string'
        ? v.message
        : Buffer.isBuffer(v.message)
          ? v.message.toString('latin1')
          : ''
    const udh = Array.isArray(v.udh) ? v.udh.filter((u): u is Buffer => Buffer.isBuffer(u)) : []
    return { text, udh }
  }
  return { text: '', udh: [] }
}

/**
 * The text of a submit_sm under ISO with data_coding 0: its bytes read as ISO-8859-1, which
 * the library (reading GSM 03.38) cannot do. Null when the PDU does not parse.
 */
function latin1Body(raw: Buffer, viaPayload: boolean): string | null {
  const fields = parseShortMessagePdu(raw, SUBMIT_SM_ID)
  if (!fields) return null
  if (viaPayload) {
    const payload = fields.tlvs.get(TLV.messagePayload)
    return payload ? decodeLatin1(payload) : null
  }
  return decodeLatin1(splitUdh(fields.shortMessage, fields.esmClass).body)
}

/** Drops the oldest tenth at once so a long-running sandbox stays bounded cheaply. */
function trim(list: unknown[], max: number): void {
  if (list.length > max) list.splice(0, Math.max(list.length - max, Math.ceil(max / 10)))
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

export class SandboxSmsc {
  readonly options: SandboxSmscOptions
  /** Every accepted message, once, when its last part arrived. */
  readonly submits: SandboxMessage[] = []
  /** Every accepted submit_sm. */
  readonly partRecords: SandboxPart[] = []
  readonly stats: SandboxStats = {
    binds: 0,
    bindFailures: 0,
    enquireLinksReceived: 0,
    unbindsReceived: 0,
    throttled: 0,
    deliverSmSent: 0,
    deliverSmAnswered: 0,
    deliverSmRefused: 0,
    deliverSmRedelivered: 0,
    querySmReceived: 0,
    maxOutstanding: 0,
    messagesAccepted: 0,
    partsAccepted: 0,
  }
  /** Swallow the next N submit_sm_resp (the message is still accepted and receipted). */
  dropSubmitResponses = 0
  /** Swallow the submit_sm_resp of every part this picks (e.g. only part 2 of a long message). */
  dropResponseFor: ((part: SandboxPart) => boolean) | null = null
  /** Send each receipt before the submit_sm_resp it belongs to. */
  receiptBeforeResp = false
  /** Stop answering enquire_link, to look like a dead link. */
  silent = false
  /**
   * Keep every submit_sm_resp (and the receipts after it) until `releaseResponses()`: a test
   * then knows that messages are out and their answers not yet given.
   */
  holdResponses = false
  private readonly heldResponses: (() => void)[] = []

  private server: smpp.Server | null = null
  private boundPort = 0
  private readonly sessions = new Set<SimSession>()
  private sessionSeq = 0
  private nextId = 1_000_000 + Math.floor(Math.random() * 1_000_000)
  private readonly groups = new Map<string, Group>()
  private readonly buckets = new Map<string, Bucket>()
  private submitCount = 0
  /** Accepted ids (normalised) → their message, for query_sm; bounded by maxRecords. */
  private readonly known = new Map<string, Known>()
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()
  /** Receipts for a login with no bind at the moment: sent when it binds again. */
  private readonly held = new Map<string, smpp.PDU[]>()
  private inboundRef = Math.floor(Math.random() * 256)

  constructor(options: Partial<SandboxSmscOptions> = {}) {
    this.options = {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      systemId: options.systemId ?? 'sandbox',
      password: options.password ?? 'sandbox',
      idStyle: options.idStyle ?? 'decimal',
      receiptDelayMs: options.receiptDelayMs ?? 200,
      outcome: options.outcome ?? ((): SandboxOutcome => ({ stat: 'DELIVRD', err: '000' })),
      ratePerSecond: options.ratePerSecond ?? 30,
      throttleEveryNth: options.throttleEveryNth ?? 0,
      redeliverMs: options.redeliverMs ?? 1000,
      submitResponseDelayMs: options.submitResponseDelayMs ?? 0,
      hlr: options.hlr ?? DEFAULT_HLR,
      price: options.price ?? defaultPrice,
      tls: options.tls ?? null,
      maxRecords: options.maxRecords ?? 200_000,
    }
    this.boundPort = this.options.port
  }

  get port(): number {
    return this.boundPort
  }

  get listening(): boolean {
    return this.server !== null
  }

  /** Listens (again, on the same port after a stop). Resolves with the port. */
  start(): Promise<number> {
    if (this.server) return Promise.resolve(this.boundPort)
    const server = smpp.createServer(this.options.tls ? { ...this.options.tls } : {}, (session) =>
      this.accept(session),
    )
    return new Promise<number>((resolve, reject) => {
      const onError = (err: Error): void => reject(err)
      server.once('error', onError)
      server.listen(this.boundPort, this.options.host, () => {
        server.off('error', onError)
        // A stray server error later must not become an uncaught exception in the app.
        server.on('error', () => undefined)
        this.server = server
        this.boundPort = (server.address() as AddressInfo).port
        resolve(this.boundPort)
      })
    })
  }

  /** Stops listening and drops every connection; start() reopens the same port. */
  async stop(): Promise<void> {
    const server = this.server
    this.server = null
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    this.close()
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  /** Drops every connection abruptly; keeps listening. */
  close(): void {
    for (const s of this.sessions) s.session.destroy()
    this.sessions.clear()
  }

  /** Number of bound sessions now (optionally for one login). */
  boundCount(systemId?: string): number {
    let n = 0
    for (const s of this.sessions) if (s.bound && (!systemId || s.systemId === systemId)) n++
    return n
  }

  /** Sends enquire_link to every bound session; resolves with how many answered in time. */
  enquireClients(timeoutMs = 1000): Promise<number> {
    const bound = [...this.sessions].filter((s) => s.bound)
    return Promise.all(
      bound.map(
        (s) =>
          new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), timeoutMs)
            const sent = s.session.send(new smpp.PDU('enquire_link'), (resp) => {
              clearTimeout(timer)
              resolve(resp.command_status === SMPP_STATUS.ESME_ROK)
            })
            if (!sent) {
              clearTimeout(timer)
              resolve(false)
            }
          }),
      ),
    ).then((answers) => answers.filter(Boolean).length)
  }

  /** Sends unbind to every bound session; resolves with how many answered unbind_resp. */
  unbindClients(timeoutMs = 1000): Promise<number> {
    const bound = [...this.sessions].filter((s) => s.bound)
    return Promise.all(
      bound.map(
        (s) =>
          new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), timeoutMs)
            s.bound = false
            const sent = s.session.send(new smpp.PDU('unbind'), (resp) => {
              clearTimeout(timer)
              resolve(resp.command === 'unbind_resp')
              s.session.close()
            })
            if (!sent) {
              clearTimeout(timer)
              resolve(false)
            }
          }),
      ),
    ).then((answers) => answers.filter(Boolean).length)
  }

  /** Sends any deliver_sm (test hook for odd PDUs); resolves with whether it was acknowledged. */
  sendDeliverSm(fields: smpp.PduOptions, systemId = this.options.systemId): Promise<boolean> {
    const target = [...this.sessions].find((s) => s.bound && s.systemId === systemId)
    if (!target) return Promise.resolve(false)
    return this.deliver(target, new smpp.PDU('deliver_sm', fields))
  }

  /**
   * Delivers a mobile-originated message to a bound session, split with UDH (or sar_* TLVs)
   * when long. Resolves with the number of parts the client acknowledged.
   */
  injectInbound(msg: SandboxInbound): Promise<number> {
    const login = msg.systemId ?? this.options.systemId
    const target = [...this.sessions].find((s) => s.bound && s.systemId === login)
    if (!target) return Promise.resolve(0)
    const analysis = analyzeSms(msg.text)
    const encoding: SmsEncoding = analysis.encoding
    const encode = encoding === 'GSM7' ? encodeGsm7 : encodeUcs2
    const pieces = splitSmsText(msg.text, encoding)
    const concat = msg.concat ?? 'udh8'
    this.inboundRef = (this.inboundRef + 1) & 0xffff
    const ref = concat === 'udh8' ? this.inboundRef & 0xff : this.inboundRef
    const pdus = pieces.map((piece, i) => {
      const body = Buffer.from(encode(piece))
      const fields: smpp.PduOptions = {
        source_addr_ton: 1,
        source_addr_npi: 1,
        source_addr: msg.from,
        dest_addr_ton: /^\d+$/.test(msg.to) ? 1 : 5,
        dest_addr_npi: /^\d+$/.test(msg.to) ? 1 : 0,
        destination_addr: msg.to,
        esm_class: 0,
        data_coding: encoding === 'GSM7' ? 0 : 8,
        short_message: body,
      }
      if (pieces.length > 1) {
        const total = pieces.length
        if (concat === 'sar') {
          fields.sar_msg_ref_num = ref
          fields.sar_total_segments = total
          fields.sar_segment_seqnum = i + 1
        } else {
          const udh =
            concat === 'udh8'
              ? Buffer.from([0x05, 0x00, 0x03, ref, total, i + 1])
              : Buffer.from([0x06, 0x08, 0x04, ref >> 8, ref & 0xff, total, i + 1])
          fields.esm_class = 0x40
          fields.short_message = Buffer.concat([udh, body])
        }
      }
      return new smpp.PDU('deliver_sm', fields)
    })
    return Promise.all(pdus.map((pdu) => this.deliver(target, pdu))).then(
      (acks) => acks.filter(Boolean).length,
    )
  }

  // ─── connections ───────────────────────────────────────────────────────

  private accept(session: smpp.Session): void {
    const sim: SimSession = {
      id: ++this.sessionSeq,
      session,
      systemId: null,
      systemType: '',
      single: false,
      iso: false,
      bound: false,
      outstanding: 0,
      rx: [],
      unanswered: new Map(),
    }
    this.sessions.add(sim)
    session.on('error', () => session.destroy())
    session.socket.on('error', () => undefined)
    // With the library's 'readable' listener present, 'data' fires for each read() it makes,
    // so this collects exactly the bytes of the PDU it is about to emit (ISO needs them).
    session.socket.on('data', (chunk: Buffer) => sim.rx.push(chunk))
    session.on('close', () => {
      sim.bound = false
      this.sessions.delete(sim)
      // An SMSC keeps what the client never answered and delivers it after the next bind.
      if (sim.systemId && sim.unanswered.size > 0) {
        const list = this.held.get(sim.systemId) ?? []
        list.push(...sim.unanswered.values())
        this.held.set(sim.systemId, list)
      }
      sim.unanswered.clear()
    })
    session.on('pdu', (pdu) => {
      const raw = sim.rx.length === 1 ? sim.rx[0] : Buffer.concat(sim.rx)
      sim.rx = []
      try {
        this.onPdu(sim, pdu, raw ?? null)
      } catch {
        // A PDU the library half-decoded must not take the simulator down.
        session.send(
          new smpp.PDU('generic_nack', {
            sequence_number: pdu.sequence_number,
            command_status: SMPP_STATUS.ESME_RSYSERR,
          }),
        )
      }
    })
  }

  private onPdu(sim: SimSession, pdu: smpp.PDU, raw: Buffer | null): void {
    if (pdu.isResponse()) {
      if (pdu.command === 'deliver_sm_resp') this.onDeliverSmResp(sim, pdu)
      return
    }
    switch (pdu.command) {
      case 'bind_transceiver':
      case 'bind_transmitter':
      case 'bind_receiver':
        return this.onBind(sim, pdu)
      case 'enquire_link':
        this.stats.enquireLinksReceived++
        if (!this.silent) sim.session.send(pdu.response())
        return
      case 'unbind':
        this.stats.unbindsReceived++
        sim.bound = false
        sim.session.send(pdu.response(), () => sim.session.close())
        return
      case 'submit_sm':
        return this.onSubmit(sim, pdu, raw)
      case 'query_sm':
        return this.onQuery(sim, pdu)
      default:
        sim.session.send(
          pdu.command !== 'unknown' && `${pdu.command}_resp` in smpp.commands
            ? pdu.response({ command_status: SMPP_STATUS.ESME_RINVCMDID })
            : new smpp.PDU('generic_nack', {
                sequence_number: pdu.sequence_number,
                command_status: SMPP_STATUS.ESME_RINVCMDID,
              }),
        )
    }
  }

  private onBind(sim: SimSession, pdu: smpp.PDU): void {
    if (sim.bound) {
      sim.session.send(pdu.response({ command_status: SMPP_STATUS.ESME_RALYBND }))
      return
    }
    const systemId = str(pdu.system_id)
    if (systemId !== this.options.systemId || str(pdu.password) !== this.options.password) {
      this.stats.bindFailures++
      sim.session.send(pdu.response({ command_status: SMPP_STATUS.ESME_RBINDFAIL }), () =>
        sim.session.close(),
      )
      return
    }
    sim.bound = true
    sim.systemId = systemId
    sim.systemType = str(pdu.system_type)
    const flags = sim.systemType.toUpperCase().split(',')
    sim.single = flags.includes('SINGLE')
    sim.iso = flags.includes('ISO')
    const mcon = flags.map((f) => /^MCON([1-9])$/.exec(f.trim())).find(Boolean)
    const allowed = mcon ? Number(mcon[1]) : 1
    this.stats.binds++
    sim.session.send(pdu.response({ system_id: 'SMSC' }))
    // SMSC keeps one bind per login (MCON<n> allows n): a new bind drops the oldest.
    const same = [...this.sessions].filter((s) => s.bound && s.systemId === systemId)
    for (const old of same.slice(0, Math.max(0, same.length - allowed))) {
      old.bound = false
      old.session.destroy()
    }
    const held = this.held.get(systemId)
    if (held) {
      this.held.delete(systemId)
      for (const receipt of held) void this.deliver(sim, receipt)
    }
  }

  /** Whether a submit may pass the throttling switches now. */
  private takeToken(systemId: string): boolean {
    this.submitCount++
    const nth = this.options.throttleEveryNth
    if (nth > 0 && this.submitCount % nth === 0) return false
    const rate = this.options.ratePerSecond
    if (!(rate > 0)) return true
    const now = Date.now()
    const b = this.buckets.get(systemId) ?? { tokens: rate, at: now }
    b.tokens = Math.min(rate, b.tokens + ((now - b.at) * rate) / 1000)
    b.at = now
    this.buckets.set(systemId, b)
    if (b.tokens < 1) return false
    b.tokens -= 1
    return true
  }

  private onSubmit(sim: SimSession, pdu: smpp.PDU, raw: Buffer | null): void {
    if (!sim.bound || !sim.systemId) {
      sim.session.send(pdu.response({ command_status: SMPP_STATUS.ESME_RINVBNDSTS }))
      return
    }
    if (!this.takeToken(sim.systemId)) {
      this.stats.throttled++
      sim.session.send(pdu.response({ command_status: SMPP_STATUS.ESME_RTHROTTLED }))
      return
    }
    sim.outstanding++
    this.stats.maxOutstanding = Math.max(this.stats.maxOutstanding, this.totalOutstanding())
    const now = Date.now()
    const source = str(pdu.source_addr)
    const dest = str(pdu.destination_addr)
    const dataCoding = num(pdu.data_coding)
    const esmClass = num(pdu.esm_class)
    const short = decoded(pdu.short_message)
    const payload = pdu.message_payload !== undefined ? decoded(pdu.message_payload) : null
    const viaPayload = payload !== null && short.text === ''
    const isoText = sim.iso && dataCoding === 0 && raw ? latin1Body(raw, viaPayload) : null
    const text = isoText ?? (viaPayload ? payload.text : short.text)
    let concat: { ref: number; total: number; seq: number } | null = null
    for (const ie of short.udh) {
      if (ie[0] === 0x00 && ie[1] === 3)
        concat = { ref: ie[2] ?? 0, total: ie[3] ?? 0, seq: ie[4] ?? 0 }
      if (ie[0] === 0x08 && ie[1] === 4) {
        concat = { ref: ((ie[2] ?? 0) << 8) | (ie[3] ?? 0), total: ie[4] ?? 0, seq: ie[5] ?? 0 }
      }
    }
    if (!concat && typeof pdu.sar_total_segments === 'number') {
      concat = {
        ref: num(pdu.sar_msg_ref_num),
        total: pdu.sar_total_segments,
        seq: num(pdu.sar_segment_seqnum),
      }
    }
    if (concat && concat.total <= 1) concat = null

    const numeric = this.nextId++
    let group: Group | null = null
    let groupKey = ''
    if (concat) {
      groupKey = `${sim.id}|${source}|${dest}|${concat.ref}|${concat.total}`
      group = this.groups.get(groupKey) ?? null
      if (!group) {
        group = {
          messageId: this.respId(numeric),
          numeric,
          partIds: [],
          numerics: [],
          texts: new Map(),
          total: concat.total,
        }
        this.groups.set(groupKey, group)
      }
    }
    // Default SMSC behaviour: every part of a long message answers with the message's id.
    const partNumeric = group && !sim.single ? group.numeric : numeric
    const partId = this.respId(partNumeric)
    const record: SandboxPart = {
      messageId: partId,
      source,
      dest,
      text,
      dataCoding,
      esmClass,
      ref: concat?.ref ?? null,
      total: concat?.total ?? 1,
      seq: concat?.seq ?? 1,
      systemType: sim.systemType,
      at: now,
    }
    this.partRecords.push(record)
    this.stats.partsAccepted++
    trim(this.partRecords, this.options.maxRecords)

    const receipts: smpp.PDU[] = []
    const registered = num(pdu.registered_delivery)
    const base = {
      source,
      sourceTon: num(pdu.source_addr_ton),
      sourceNpi: num(pdu.source_addr_npi),
      dest,
      dataCoding,
      registeredDelivery: registered,
      systemType: sim.systemType,
      systemId: sim.systemId,
      viaPayload,
      at: now,
    }
    let complete: SandboxMessage | null = null
    if (group && concat) {
      group.texts.set(concat.seq, text)
      group.partIds.push(partId)
      group.numerics.push(partNumeric)
      if (sim.single && registered & 0x03) {
        const partMsg: SandboxMessage = {
          ...base,
          messageId: partId,
          receiptId: String(partNumeric),
          partIds: [partId],
          text,
          parts: 1,
        }
        receipts.push(this.receiptPdu(partMsg, partNumeric))
      }
      if (group.texts.size >= group.total) {
        this.groups.delete(groupKey)
        const joined = [...group.texts.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([, t]) => t)
          .join('')
        complete = {
          ...base,
          messageId: group.messageId,
          receiptId: String(group.numeric),
          partIds: [...new Set(group.partIds)],
          text: joined,
          parts: group.total,
        }
        if (!sim.single && registered & 0x03)
          receipts.push(this.receiptPdu(complete, group.numeric))
      }
    } else {
      complete = {
        ...base,
        messageId: partId,
        receiptId: String(partNumeric),
        partIds: [partId],
        text,
        parts: viaPayload ? Math.max(1, analyzeSms(text).parts) : 1,
      }
      if (registered & 0x03 || text === '__HLR__') {
        receipts.push(this.receiptPdu(complete, partNumeric))
      }
    }
    if (!complete) this.remember(partId, null)
    if (complete) {
      this.submits.push(complete)
      this.stats.messagesAccepted++
      trim(this.submits, this.options.maxRecords)
      for (const id of [complete.messageId, ...complete.partIds]) this.remember(id, complete)
    }

    const respond = (): void => {
      sim.outstanding = Math.max(0, sim.outstanding - 1)
      if (this.dropSubmitResponses > 0) {
        this.dropSubmitResponses--
        return
      }
      if (this.dropResponseFor?.(record)) return
      sim.session.send(pdu.response({ message_id: partId }))
    }
    const sendReceipts = (): void => {
      for (const r of receipts) this.later(this.options.receiptDelayMs, () => this.route(sim, r))
    }
    if (this.holdResponses) {
      this.heldResponses.push(() => {
        respond()
        sendReceipts()
      })
    } else if (this.receiptBeforeResp) {
      for (const r of receipts) this.route(sim, r)
      this.later(this.options.submitResponseDelayMs, respond)
    } else if (this.options.submitResponseDelayMs > 0) {
      this.later(this.options.submitResponseDelayMs, () => {
        respond()
        sendReceipts()
      })
    } else {
      respond()
      sendReceipts()
    }
  }

  /** How many submit_sm_resp `holdResponses` keeps back at the moment. */
  get responsesHeld(): number {
    return this.heldResponses.length
  }

  /** Sends the first `count` answers held back (all by default), in the order they came. */
  releaseResponses(count = Infinity): void {
    for (const send of this.heldResponses.splice(0, count)) send()
  }

  private totalOutstanding(): number {
    let n = 0
    for (const s of this.sessions) n += s.outstanding
    return n
  }

  private respId(numeric: number): string {
    return this.options.idStyle === 'hex' ? numeric.toString(16).toUpperCase() : String(numeric)
  }

  /** deliver_sm with esm_class 0x04: the documented text plus the standard TLVs. */
  private receiptPdu(message: SandboxMessage, numeric: number): smpp.PDU {
    const id = String(numeric)
    let text: string
    let stat: string
    let err: string
    if (message.text === '__HLR__') {
      const h = this.options.hlr(message.dest)
      stat = 'DELIVRD'
      err = '000'
      text =
        `id:${id} stat:${stat} err:${err} imsi:${phpUrlEncode(h.imsi)} msc:${phpUrlEncode(h.msc)} ` +
        `mcc:${phpUrlEncode(h.mcc)} mnc:${phpUrlEncode(h.mnc)} cn:${phpUrlEncode(h.cn)} ` +
        `net:${phpUrlEncode(h.net)} rcn:${phpUrlEncode(h.rcn)} rnet:${phpUrlEncode(h.rnet)}`
    } else {
      const outcome = this.options.outcome(message)
      stat = outcome.stat.toUpperCase()
      err = outcome.err ?? (stat === 'DELIVRD' ? '000' : '001')
      const dlvrd = stat === 'DELIVRD' ? '001' : '000'
      const snippet = message.text.slice(0, 20).replace(/[^\x20-\x7e]/g, '?')
      text =
        `id:${id} sub:001 dlvrd:${dlvrd} submit date:${yymmddhhmm(message.at)} ` +
        `done date:${yymmddhhmm(Date.now())} stat:${stat} err:${err} text:${snippet}`
    }
    const errCode = Number.parseInt(err, 10) || 0
    const price = message.text === '__HLR__' ? null : this.options.price(message)
    return new smpp.PDU('deliver_sm', {
      source_addr_ton: message.sourceTon,
      source_addr_npi: message.sourceNpi,
      source_addr: message.dest,
      dest_addr_ton: message.sourceTon,
      dest_addr_npi: message.sourceNpi,
      destination_addr: message.source,
      esm_class: 0x04,
      data_coding: 0,
      short_message: Buffer.from(text, 'latin1'),
      receipted_message_id: id,
      message_state: STAT_MESSAGE_STATE[stat] ?? 7,
      ...(price === null ? {} : { smsc_cost: price.toFixed(2) }),
      network_error_code: Buffer.from([3, (errCode >> 8) & 0xff, errCode & 0xff]),
    })
  }

  /** To the submitting bind if still there, else any bind of the login, else held. */
  private route(origin: SimSession, receipt: smpp.PDU): void {
    const login = origin.systemId ?? this.options.systemId
    const target =
      origin.bound && this.sessions.has(origin)
        ? origin
        : [...this.sessions].find((s) => s.bound && s.systemId === login)
    if (target) {
      void this.deliver(target, receipt)
      return
    }
    this.hold(login, receipt)
  }

  /**
   * Sends a deliver_sm and resolves with whether it was answered ESME_ROK (false after 10 s
   * without an answer). Like an SMSC it keeps it until answered: unanswered when the bind
   * drops, it goes to the login's next bind; answered with an error, it goes again later.
   */
  private deliver(target: SimSession, pdu: smpp.PDU): Promise<boolean> {
    return new Promise((resolve) => {
      // A PDU object is sent once: give each delivery its own sequence number.
      pdu.sequence_number = 0
      this.stats.deliverSmSent++
      const timer = setTimeout(() => resolve(false), 10_000)
      timer.unref()
      const sent = target.session.send(pdu, (resp) => {
        clearTimeout(timer)
        resolve(resp.command_status === SMPP_STATUS.ESME_ROK)
      })
      if (!sent) {
        clearTimeout(timer)
        resolve(false)
        this.hold(target.systemId ?? this.options.systemId, pdu)
        return
      }
      target.unanswered.set(pdu.sequence_number, pdu)
    })
  }

  private onDeliverSmResp(sim: SimSession, resp: smpp.PDU): void {
    const pdu = sim.unanswered.get(resp.sequence_number)
    sim.unanswered.delete(resp.sequence_number)
    if (resp.command_status === SMPP_STATUS.ESME_ROK) {
      this.stats.deliverSmAnswered++
      return
    }
    this.stats.deliverSmRefused++
    if (!pdu) return
    this.later(this.options.redeliverMs, () => {
      this.stats.deliverSmRedelivered++
      this.route(sim, pdu)
    })
  }

  private hold(login: string, pdu: smpp.PDU): void {
    const list = this.held.get(login) ?? []
    list.push(pdu)
    this.held.set(login, list)
  }

  /** query_sm: the state of an accepted id, from the record of submits (SMPP 3.4 §4.8). */
  private onQuery(sim: SimSession, pdu: smpp.PDU): void {
    this.stats.querySmReceived++
    if (!sim.bound) {
      sim.session.send(pdu.response({ command_status: SMPP_STATUS.ESME_RINVBNDSTS }))
      return
    }
    const asked = str(pdu.message_id)
    const known = this.known.get(normaliseMessageId(asked))
    if (!known) {
      sim.session.send(pdu.response({ command_status: SMPP_STATUS.ESME_RINVMSGID }))
      return
    }
    const message = known.message
    // SMPP 3.4 §4.8.1: a source given must be the submit's own; none (NULL) is accepted.
    const source = str(pdu.source_addr)
    if (message && source !== '' && source !== message.source) {
      sim.session.send(pdu.response({ command_status: SMPP_STATUS.ESME_RINVSRCADR }))
      return
    }
    // Final once its receipt would have gone out; until then (or while parts are missing) en route.
    if (!message || Date.now() - message.at < this.options.receiptDelayMs) {
      sim.session.send(
        pdu.response({
          message_id: asked,
          final_date: '',
          message_state: STATE_ENROUTE,
          error_code: 0,
        }),
      )
      return
    }
    const outcome =
      message.text === '__HLR__' ? { stat: 'DELIVRD', err: '000' } : this.options.outcome(message)
    const stat = outcome.stat.toUpperCase()
    const err = Number.parseInt(outcome.err ?? (stat === 'DELIVRD' ? '000' : '001'), 10) || 0
    sim.session.send(
      pdu.response({
        message_id: asked,
        final_date: new Date(message.at + this.options.receiptDelayMs),
        message_state: STAT_MESSAGE_STATE[stat] ?? 7,
        error_code: err & 0xff,
      }),
    )
  }

  /** Ids query_sm can ask about; a part's id learns its message once every part came. */
  private remember(id: string, message: SandboxMessage | null): void {
    const key = normaliseMessageId(id)
    const entry = this.known.get(key)
    if (entry) {
      if (message) entry.message = message
      return
    }
    this.known.set(key, { message })
    if (this.known.size > this.options.maxRecords) {
      const oldest = this.known.keys().next()
      if (!oldest.done) this.known.delete(oldest.value)
    }
  }

  private later(ms: number, fn: () => void): void {
    if (ms <= 0) {
      fn()
      return
    }
    const t = setTimeout(() => {
      this.timers.delete(t)
      fn()
    }, ms)
    t.unref()
    this.timers.add(t)
  }
}

// SMSC's cost of a message comes in a vendor TLV of its receipts [public]: the library is told of it.
smpp.addTLV('smsc_cost', { id: TLV.smscCost, type: smpp.types.tlv.cstring })

/**
 * Another type's (by its prefix) price; an SMS none, as the sandbox always stated (its reports
 * and the console's cost estimates of SMS through it stay as they were).
 */
function defaultPrice(message: SandboxMessage): number | null {
  const type = parseTypedText(message.text).options.type
  return type === 'sms' ? null : (SIM_TYPE_PRICES[type] ?? null)
}
