/**
 * One persistent SMPP transceiver bind per provider profile, on top of the `smpp` package,
 * adding what it lacks: per-request timeouts, a send window, throughput control that backs off
 * on throttling and climbs back (rate.ts), keep-alive with dead-link detection, reconnect with
 * host failover, answers to every server request, long-message splitting, raw deliver_sm
 * decoding, deliver_sm answered once what it carries is stored, and query_sm status checks.
 */
import { EventEmitter } from 'node:events'
import smpp from 'smpp'
import type { SessionState } from '../../../../shared/contract'
import {
  analyzeSms,
  COMMENT_MARKER,
  encodeGsm7,
  encodeLatin1,
  encodeUcs2,
  isGsm7Text,
  isLatin1Text,
  isSingleSpecialText,
  MAX_PARTS,
  splitSmsText,
  type SmsEncoding,
} from '../../../../shared/sms'
import type {
  DeliveryReceipt,
  InboundSms,
  OutgoingSms,
  ProviderCapabilities,
  ProviderConnection,
  ProviderEvents,
  StatusQuery,
  Stored,
  SubmitOutcome,
} from '../types'
import {
  decodeByDataCoding,
  DELIVER_SM_ID,
  InboundAssembler,
  parseDeliverSm,
  sarInfo,
  splitUdh,
  TLV,
  type AssembledText,
  type DeliverSmFields,
} from './deliver'
import { RateControl } from './rate'
import { buildReceipt, missingFromQuery, normaliseMessageId, receiptFromQuery } from './receipt'
import {
  describeSmppStatus,
  isAuthFailure,
  isRetryableRefusal,
  SMPP_STATUS,
  smppStatusCode,
} from './status'

// Status names have lived here: importers of this module keep finding them.
export { describeSmppStatus, SMPP_STATUS, SMPP_STATUS_REASON, smppStatusCode } from './status'

export interface SmppHost {
  host: string
  port: number
}

export interface SystemTypeFlags {
  /** MCON<n>: allow n parallel binds for this login (1..9). */
  mcon?: number
  /** A receipt per part instead of one per long message. */
  single?: boolean
  /** ISO-8859-1 instead of GSM-7 for data_coding 0. */
  iso?: boolean
}

/** Flags from the profile form: `['MCON2', 'ISO', 'SINGLE']` (any case, any order). */
export function systemTypeFlags(list: readonly string[]): SystemTypeFlags {
  const flags: SystemTypeFlags = {}
  for (const raw of list) {
    const item = raw.trim().toUpperCase()
    const mcon = /^MCON([1-9])$/.exec(item)
    if (mcon) flags.mcon = Number(mcon[1])
    else if (item === 'ISO') flags.iso = true
    else if (item === 'SINGLE') flags.single = true
    else if (item !== '') throw new RangeError(`unknown system_type flag "${raw}"`)
  }
  return flags
}

/** SMSC system_type: flags joined by commas, e.g. "MCON2,ISO,SINGLE". */
export function buildSystemType(input: SystemTypeFlags | readonly string[]): string {
  const flags = isFlagList(input) ? systemTypeFlags(input) : input
  const out: string[] = []
  if (flags.mcon !== undefined) {
    if (!Number.isInteger(flags.mcon) || flags.mcon < 1 || flags.mcon > 9) {
      throw new RangeError('MCON must be 1..9')
    }
    out.push(`MCON${flags.mcon}`)
  }
  if (flags.iso) out.push('ISO')
  if (flags.single) out.push('SINGLE')
  return out.join(',')
}

function isFlagList(input: SystemTypeFlags | readonly string[]): input is readonly string[] {
  return Array.isArray(input)
}

export interface SmppSessionOptions {
  profileId: string
  /** Primary first, then backups; each reconnect round tries them in order. */
  hosts: SmppHost[]
  tls?: boolean
  /** Extra trusted CA (PEM) for TLS, e.g. a test certificate. */
  ca?: string | Buffer | Array<string | Buffer>
  /** Default true; only a test or an explicit operator choice may turn it off. */
  rejectUnauthorized?: boolean
  systemId: string
  password: string
  /** SMSC flags, as an object or the profile's list (`['MCON2', 'SINGLE']`); default none. */
  systemType?: SystemTypeFlags | readonly string[]
  /** Keep-alive period (default 30 s, well inside SMSC's 2-minute idle limit). */
  enquireLinkMs?: number
  /** No enquire_link_resp within this → the link is dead (default 10 s). */
  enquireLinkTimeoutMs?: number
  /** Per request: no response within this → `unknown` (default 30 s). */
  responseTimeoutMs?: number
  /** TCP/TLS connect plus bind must finish within this (default 15 s). */
  bindTimeoutMs?: number
  /** On stop: wait this long for in-flight answers, then as long again for unbind_resp (default 2 s). */
  unbindTimeoutMs?: number
  /** Max unanswered submit_sm (default 100). */
  window?: number
  /** Parts per second, every part of a long message counted (default 30): the ceiling. */
  ratePerSecond?: number
  /** After ESME_RTHROTTLED / ESME_RMSGQFUL the rate never drops below this (default 1). */
  minRatePerSecond?: number
  /** The rate is multiplied by this on throttling (default 0.7). */
  rateDecreaseFactor?: number
  /** Parts per second won back per quiet period (default a tenth of ratePerSecond, ≥ 1). */
  rateIncreaseStep?: number
  /** A period this long without throttling earns one step back up (default 1 s). */
  rateQuietMs?: number
  /**
   * Most deliver_sm waiting for `stored()` (default 1000). Beyond it a receipt or the last part
   * of an inbound message is answered ESME_RX_T_APPN, so the SMSC delivers it again later.
   */
  maxUnansweredDeliverSm?: number
  /** Give up on a part refused this many times in a row (default 50). */
  maxThrottleRetries?: number
  /** First reconnect delay after a drop or a failed round over all hosts (default 1 s). */
  reconnectInitialMs?: number
  /** Back-off doubles per failed round up to this (default 60 s). */
  reconnectMaxMs?: number
  /** 0..1: each delay is spread by ± this fraction so clients do not retry in step (default 0.2). */
  reconnectJitter?: number
  /** 'udh' (default): 05 00 03 ref total seq, esm_class 0x40; 'payload': message_payload TLV. */
  longMessageMode?: 'udh' | 'payload'
  /** How long to wait for the missing parts of a concatenated inbound message (default 5 min). */
  inboundAssemblyMs?: number
}

export interface SmppSessionMetrics {
  pendingSubmits: number
  /** Highest number of unanswered submits seen at once. */
  maxPendingSubmits: number
  /** Messages handed to submit() and waiting in the session for their turn. */
  queuedMessages: number
  /** The current rate (parts per second) after throttling. */
  effectiveRate: number
  configuredRate: number
  throttled: number
  rateDecreases: number
  partsSent: number
  enquireLinksSent: number
  enquireLinksAnswered: number
  serverEnquireLinksAnswered: number
  /** deliver_sm answered ESME_ROK (stored, or nothing to store). */
  deliverSmAnswered: number
  /** deliver_sm emitted and waiting for the listener's `stored()`. */
  deliverSmAwaitingStore: number
  /** deliver_sm answered ESME_RX_T_APPN because too many were waiting for `stored()`. */
  deliverSmDeferred: number
  /** deliver_sm answered at once because nobody listens for what they carry. */
  deliverSmUnheard: number
  /** deliver_sm we answered but could not turn into a receipt or a message. */
  unparsedDeliverSm: number
  querySmSent: number
  /** `capacity` events emitted. */
  capacityEvents: number
  binds: number
}

type Timer = ReturnType<typeof setTimeout>

interface Job {
  sms: OutgoingSms
  parts: smpp.PduOptions[]
  /** Count the provider charges (comment excluded), reported in `accepted`. */
  chargedParts: number
  nextPart: number
  retry: number[]
  ids: Array<string | undefined>
  acceptedCount: number
  inFlight: number
  throttleRetries: number
  inReady: boolean
  settled: boolean
  resolve: (outcome: SubmitOutcome) => void
}

/**
 * Which line of the ready queue a job waits in; each line is first-in-first-out and an earlier
 * line goes first. Continue: a long message's further parts and refused parts sent again
 * (already on the wire); then urgent one-offs; then bulk.
 */
const Lane = { Continue: 0, Urgent: 1, Bulk: 2 } as const
type Lane = (typeof Lane)[keyof typeof Lane]

type PendingRequest =
  /** `sendNo`: the part's number among all parts this session sent (rate control). */
  | { kind: 'submit'; job: Job; part: number; timer: Timer; sendNo: number }
  | { kind: 'query'; timer: Timer; done: (resp: smpp.PDU | null) => void }
  | { kind: 'enquire'; timer: Timer }
  | { kind: 'bind' }
  | { kind: 'unbind'; done: () => void }

interface Conn {
  id: number
  session: smpp.Session
  host: SmppHost
  label: string
  bound: boolean
  closed: boolean
  unbinding: boolean
  pending: Map<number, PendingRequest>
  rx: Buffer[]
  bindTimer: Timer | null
  enquireTimer: ReturnType<typeof setInterval> | null
  enquireOutstanding: boolean
  authFailure: string | null
  /** deliver_sm emitted and not yet answered (waiting for `stored()`). */
  awaitingStore: number
}

/** Where an accepted message came from and its id as the SMSC wrote it, for query_sm. */
interface SubmittedRecord {
  id: string
  ton: number
  npi: number
  addr: string
}

const SOURCE_TON_ALPHA = 5
const SOURCE_TON_SHORT = 3
const TON_INTERNATIONAL = 1
const NPI_ISDN = 1
const ESM_UDHI = 0x40
// SMPP short_message holds at most 254 octets.
const MAX_SHORT_MESSAGE = 254
// The `smpp` package refuses PDUs over 16 KiB, so larger payloads go as UDH parts instead.
const MAX_PAYLOAD = 16_000
// Accepted messages remembered for query_sm (their source address and exact id).
const MAX_SUBMITTED_RECORDS = 50_000
const NOOP: Stored = () => undefined

export const SMPP_CAPABILITIES: ProviderCapabilities = {
  batchSize: 1,
  receipts: 'push',
  // SMPP has no client key: a submit whose answer was lost becomes uncertain.
  idempotencyKey: false,
  balance: false,
  hlr: true,
  dedicatedNumbers: false,
  inbound: 'push',
  channels: ['sms'],
}

export class SmppSession implements ProviderConnection {
  readonly profileId: string
  readonly capabilities = SMPP_CAPABILITIES
  private readonly opts: Required<
    Omit<
      SmppSessionOptions,
      | 'ca'
      | 'systemType'
      | 'tls'
      | 'rejectUnauthorized'
      | 'minRatePerSecond'
      | 'rateDecreaseFactor'
      | 'rateIncreaseStep'
      | 'rateQuietMs'
    >
  >
  private readonly systemType: string
  private readonly iso: boolean
  private readonly emitter = new EventEmitter()
  private current: SessionState
  private running = false
  private stopping = false
  private conn: Conn | null = null
  private connSeq = 0
  private failedRounds = 0
  private reconnectTimer: Timer | null = null
  private readonly ready = new ReadyQueue()
  private pendingSubmits = 0
  /** Sends the rate allows now; starts full (a tenth of a second's worth, at least one). */
  private tokens: number
  private lastRefill = Date.now()
  private readonly rate: RateControl
  private rateTimer: Timer | null = null
  private pumpTimer: Timer | null = null
  /** capacity() said 0: emit `capacity` once it is more. */
  private capacityWanted = false
  private capacityTimer: Timer | null = null
  private udhRef = Math.floor(Math.random() * 256)
  private readonly submitted = new Map<string, SubmittedRecord>()
  private readonly assembler: InboundAssembler
  private readonly stats: SmppSessionMetrics

  constructor(private readonly options: SmppSessionOptions) {
    if (options.hosts.length === 0) throw new RangeError('SMPP profile needs at least one host')
    this.profileId = options.profileId
    this.opts = {
      profileId: options.profileId,
      hosts: options.hosts,
      systemId: options.systemId,
      password: options.password,
      enquireLinkMs: options.enquireLinkMs ?? 30_000,
      enquireLinkTimeoutMs: options.enquireLinkTimeoutMs ?? 10_000,
      responseTimeoutMs: options.responseTimeoutMs ?? 30_000,
      bindTimeoutMs: options.bindTimeoutMs ?? 15_000,
      unbindTimeoutMs: options.unbindTimeoutMs ?? 2_000,
      window: Math.max(1, options.window ?? 100),
      ratePerSecond: Math.max(1, options.ratePerSecond ?? 30),
      maxThrottleRetries: options.maxThrottleRetries ?? 50,
      maxUnansweredDeliverSm: Math.max(1, options.maxUnansweredDeliverSm ?? 1000),
      longMessageMode: options.longMessageMode ?? 'udh',
      inboundAssemblyMs: options.inboundAssemblyMs ?? 5 * 60_000,
      reconnectInitialMs: options.reconnectInitialMs ?? 1_000,
      reconnectMaxMs: options.reconnectMaxMs ?? 60_000,
      reconnectJitter: Math.min(1, Math.max(0, options.reconnectJitter ?? 0.2)),
    }
    const st = options.systemType ?? []
    const flags = isFlagList(st) ? systemTypeFlags(st) : st
    this.systemType = buildSystemType(flags)
    this.iso = flags.iso === true
    this.rate = new RateControl({
      configured: this.opts.ratePerSecond,
      floor: options.minRatePerSecond ?? 1,
      decreaseFactor: options.rateDecreaseFactor,
      increaseStep: options.rateIncreaseStep,
      quietMs: options.rateQuietMs,
    })
    this.tokens = Math.max(1, this.rate.current / 10)
    this.current = {
      profileId: this.profileId,
      status: 'stopped',
      host: null,
      detail: null,
      retryAt: null,
      rate: this.rateView(),
    }
    // Parts that stopped coming were answered one by one: nothing is left to acknowledge.
    this.assembler = new InboundAssembler(
      (t) => this.emitInbound(t, NOOP),
      this.opts.inboundAssemblyMs,
    )
    this.stats = {
      pendingSubmits: 0,
      maxPendingSubmits: 0,
      queuedMessages: 0,
      effectiveRate: this.rate.current,
      configuredRate: this.rate.configured,
      throttled: 0,
      rateDecreases: 0,
      partsSent: 0,
      enquireLinksSent: 0,
      enquireLinksAnswered: 0,
      serverEnquireLinksAnswered: 0,
      deliverSmAnswered: 0,
      deliverSmAwaitingStore: 0,
      deliverSmDeferred: 0,
      deliverSmUnheard: 0,
      unparsedDeliverSm: 0,
      querySmSent: 0,
      capacityEvents: 0,
      binds: 0,
    }
  }

  // ─── ProviderConnection ────────────────────────────────────────────────

  start(): void {
    if (this.running) return
    this.running = true
    this.stopping = false
    this.failedRounds = 0
    // Slowed down before a stop: keep climbing back, traffic or not.
    if (this.rate.nextIncreaseAt() !== null) this.onRateChanged()
    this.attempt(0)
  }

  async stop(): Promise<void> {
    if (!this.running && !this.conn) {
      this.setState({ status: 'stopped', retryAt: null })
      return
    }
    this.running = false
    this.stopping = true
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    this.reconnectTimer = null
    if (this.rateTimer) clearTimeout(this.rateTimer)
    this.rateTimer = null
    if (this.capacityTimer) clearTimeout(this.capacityTimer)
    this.capacityTimer = null
    // Nothing of these was written: the dispatcher may send them again later.
    for (const job of this.ready.live()) {
      if (job.inFlight === 0 && job.acceptedCount === 0) {
        this.settle(job, { kind: 'not-sent', reason: 'session stopped before sending' })
      }
    }
    const conn = this.conn
    if (conn && conn.bound && !conn.closed) {
      await this.waitUntil(
        () => conn.closed || (this.pendingSubmits === 0 && this.ready.size === 0),
        this.opts.unbindTimeoutMs,
      )
      if (!conn.closed) {
        conn.unbinding = true
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.opts.unbindTimeoutMs)
          const pdu = new smpp.PDU('unbind')
          if (!conn.session.send(pdu)) {
            clearTimeout(timer)
            resolve()
            return
          }
          conn.pending.set(pdu.sequence_number, {
            kind: 'unbind',
            done: () => {
              clearTimeout(timer)
              resolve()
            },
          })
        })
      }
    }
    if (this.conn) this.teardown(this.conn, 'stopped')
    this.assembler.flushAll()
    this.stopping = false
    this.setState({ status: 'stopped', host: null, detail: null, retryAt: null })
  }

  submit(sms: OutgoingSms): Promise<SubmitOutcome> {
    const conn = this.conn
    if (!this.running || !conn || !conn.bound || conn.closed || conn.unbinding) {
      return Promise.resolve({
        kind: 'not-sent',
        reason: `SMPP session is ${this.current.status}${this.current.detail ? `: ${this.current.detail}` : ''}`,
      })
    }
    const built = this.buildParts(sms)
    if ('outcome' in built) return Promise.resolve(built.outcome)
    return new Promise<SubmitOutcome>((resolve) => {
      const job: Job = {
        sms,
        parts: built.parts,
        chargedParts: built.chargedParts,
        nextPart: 0,
        retry: [],
        ids: [],
        acceptedCount: 0,
        inFlight: 0,
        throttleRetries: 0,
        inReady: false,
        settled: false,
        resolve,
      }
      this.makeReady(job, sms.urgent === true ? Lane.Urgent : Lane.Bulk)
      this.pump()
    })
  }

  /**
   * Messages the session would write at once: what the rate allows now and the window has
   * room for, less what already waits in the session. At 0 it emits `capacity` once it can
   * take more (tokens refilled, a window slot freed, bound again).
   */
  capacity(): number {
    const n = this.capacityNow(Date.now())
    if (n === 0) {
      this.capacityWanted = true
      this.armCapacityTimer()
    }
    return n
  }

  /**
   * query_sm for every provider id of these messages (SMPP 3.4 §4.8): one receipt per id the
   * SMSC answered, the state mapped as in a deliver_sm receipt; ESME_RINVMSGID gives a
   * 'missing' receipt. Messages without a provider id cannot be asked and are skipped; an id
   * that got no answer (timeout, drop, another refusal) gives nothing.
   */
  async pollStatus(queries: readonly StatusQuery[]): Promise<DeliveryReceipt[]> {
    const conn = this.conn
    if (!conn || !conn.bound || conn.closed || conn.unbinding) {
      throw new Error(`SMPP session is ${this.current.status}`)
    }
    // Each provider id once, with the sender its message went from.
    const senders = new Map<string, string | undefined>()
    for (const q of queries)
      for (const id of q.providerIds) if (id !== '') senders.set(id, q.sender)
    const ids = [...senders.keys()]
    const out: Array<DeliveryReceipt | null> = new Array<DeliveryReceipt | null>(ids.length)
    // No more questions outstanding at once than submits may be.
    const lanes = Math.min(ids.length, this.opts.window)
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const i = next++
        const id = ids[i]
        if (id !== undefined) out[i] = await this.querySm(conn, id, senders.get(id))
      }
    }
    await Promise.all(Array.from({ length: lanes }, worker))
    return out.filter((r): r is DeliveryReceipt => r != null)
  }

  state(): SessionState {
    return { ...this.current }
  }

  on<K extends keyof ProviderEvents>(event: K, listener: ProviderEvents[K]): void {
    this.emitter.on(event, listener)
  }

  off<K extends keyof ProviderEvents>(event: K, listener: ProviderEvents[K]): void {
    this.emitter.off(event, listener)
  }

  /** Counters for tests, benchmarks and the diagnostics view. */
  metrics(): SmppSessionMetrics {
    return {
      ...this.stats,
      pendingSubmits: this.pendingSubmits,
      queuedMessages: this.ready.size,
      effectiveRate: this.rate.current,
      deliverSmAwaitingStore: this.conn?.awaitingStore ?? 0,
    }
  }

  // ─── connection lifecycle ──────────────────────────────────────────────

  private emit<K extends keyof ProviderEvents>(
    event: K,
    ...args: Parameters<ProviderEvents[K]>
  ): void {
    try {
      this.emitter.emit(event, ...args)
    } catch (err) {
      // A throwing listener must not wedge the socket reader of the `smpp` package.
      console.error(`SMPP ${this.profileId}: ${event} listener failed`, err)
    }
  }

  private setState(patch: Partial<Omit<SessionState, 'profileId'>>): void {
    const next = { ...this.current, ...patch }
    const same =
      next.status === this.current.status &&
      next.host === this.current.host &&
      next.detail === this.current.detail &&
      next.retryAt === this.current.retryAt &&
      next.rate?.current === this.current.rate?.current &&
      next.rate?.configured === this.current.rate?.configured
    this.current = next
    if (!same) this.emit('state', this.state())
  }

  /** The rate as the profile shows it: parts per second, to one decimal. */
  private rateView(): { current: number; configured: number } {
    return {
      current: Math.round(this.rate.current * 10) / 10,
      configured: this.rate.configured,
    }
  }

  /** The rate went down or up: show it, and plan the next step up while below the ceiling. */
  private onRateChanged(): void {
    this.stats.effectiveRate = this.rate.current
    this.setState({ rate: this.rateView() })
    if (this.rateTimer) clearTimeout(this.rateTimer)
    this.rateTimer = null
    const at = this.rate.nextIncreaseAt()
    if (at === null || !this.running) return
    this.rateTimer = setTimeout(
      () => {
        this.rateTimer = null
        // Steps up if due; else a refusal came meanwhile and the next step is planned from it.
        this.rate.recover(Date.now())
        this.onRateChanged()
        this.pump()
      },
      Math.max(1, at - Date.now()),
    )
    this.rateTimer.unref()
  }

  private attempt(hostIndex: number): void {
    if (!this.running) return
    const host = this.opts.hosts[hostIndex] ?? this.opts.hosts[0]
    if (!host) return
    const label = `${host.host}:${host.port}`
    this.setState({ status: 'connecting', host: label, retryAt: null })
    const session = new smpp.Session({
      host: host.host,
      port: host.port,
      tls: this.options.tls === true,
      ...(this.options.tls
        ? {
            rejectUnauthorized: this.options.rejectUnauthorized ?? true,
            ...(this.options.ca !== undefined ? { ca: this.options.ca } : {}),
          }
        : {}),
    })
    const conn: Conn = {
      id: ++this.connSeq,
      session,
      host,
      label,
      bound: false,
      closed: false,
      unbinding: false,
      pending: new Map(),
      rx: [],
      bindTimer: null,
      enquireTimer: null,
      enquireOutstanding: false,
      authFailure: null,
      awaitingStore: 0,
    }
    this.conn = conn
    // With a 'readable' listener present (the library's), 'data' fires for each read() it
    // makes, so this collects exactly the bytes of the PDU it is about to emit.
    session.socket.on('data', (chunk: Buffer) => conn.rx.push(chunk))
    session.on('pdu', (pdu) => {
      // Only deliver_sm needs its raw bytes; skip the copy for the flood of responses.
      const raw =
        pdu.command !== 'deliver_sm'
          ? null
          : conn.rx.length === 1
            ? conn.rx[0]
            : Buffer.concat(conn.rx)
      conn.rx = []
      try {
        this.onPdu(conn, pdu, raw ?? null)
      } catch (err) {
        console.error(`SMPP ${this.profileId}: failed handling ${pdu.command}`, err)
      }
    })
    session.on('error', (err) => {
      this.answerUnparsedDeliverSm(conn)
      this.teardown(conn, `${label}: ${err.message}`)
    })
    session.on('close', () => this.teardown(conn, `${label}: connection closed`))
    session.on(this.options.tls ? 'secureConnect' : 'connect', () => this.bind(conn))
    conn.bindTimer = setTimeout(
      () => this.teardown(conn, `${label}: no bind within ${this.opts.bindTimeoutMs} ms`),
      this.opts.bindTimeoutMs,
    )
  }

  private bind(conn: Conn): void {
    if (conn.closed) return
    const pdu = new smpp.PDU('bind_transceiver', {
      system_id: this.opts.systemId,
      password: this.opts.password,
      system_type: this.systemType,
      interface_version: 0x34,
    })
    if (conn.session.send(pdu)) conn.pending.set(pdu.sequence_number, { kind: 'bind' })
  }

  private onBound(conn: Conn, resp: smpp.PDU): void {
    if (conn.bindTimer) clearTimeout(conn.bindTimer)
    conn.bindTimer = null
    if (resp.command_status !== SMPP_STATUS.ESME_ROK) {
      const why = `bind refused by ${conn.label}: ${describeSmppStatus(resp.command_status)}`
      if (isAuthFailure(resp.command_status)) conn.authFailure = why
      this.teardown(conn, why)
      return
    }
    conn.bound = true
    this.failedRounds = 0
    this.stats.binds++
    this.setState({ status: 'bound', host: conn.label, detail: null, retryAt: null })
    conn.enquireTimer = setInterval(() => this.sendEnquireLink(conn), this.opts.enquireLinkMs)
    conn.enquireTimer.unref()
    this.pump()
  }

  private sendEnquireLink(conn: Conn): void {
    if (conn.closed || conn.enquireOutstanding) return
    const pdu = new smpp.PDU('enquire_link')
    if (!conn.session.send(pdu)) return
    conn.enquireOutstanding = true
    this.stats.enquireLinksSent++
    const timer = setTimeout(
      () =>
        this.teardown(
          conn,
          `${conn.label}: no enquire_link_resp within ${this.opts.enquireLinkTimeoutMs} ms, link is dead`,
        ),
      this.opts.enquireLinkTimeoutMs,
    )
    conn.pending.set(pdu.sequence_number, { kind: 'enquire', timer })
  }

  /** Drops a connection once; settles everything that rode on it; plans what comes next. */
  private teardown(conn: Conn, detail: string): void {
    if (conn.closed) return
    conn.closed = true
    const wasBound = conn.bound
    conn.bound = false
    if (conn.bindTimer) clearTimeout(conn.bindTimer)
    if (conn.enquireTimer) clearInterval(conn.enquireTimer)
    conn.session.destroy()
    for (const req of conn.pending.values()) {
      if (req.kind === 'submit') {
        clearTimeout(req.timer)
        this.pendingSubmits--
        req.job.inFlight--
        this.settle(req.job, {
          kind: 'unknown',
          reason: `connection lost before submit_sm_resp (${detail})`,
        })
      } else if (req.kind === 'enquire' || req.kind === 'query') {
        clearTimeout(req.timer)
        if (req.kind === 'query') req.done(null)
      } else if (req.kind === 'unbind') {
        req.done()
      }
    }
    conn.pending.clear()
    if (this.conn === conn) this.conn = null
    // Jobs never written are safe to send again; any written part makes the message uncertain.
    for (const job of this.ready.live()) {
      if (job.inFlight === 0 && job.acceptedCount === 0) {
        this.settle(job, { kind: 'not-sent', reason: `connection lost before sending (${detail})` })
      } else {
        this.settle(job, { kind: 'unknown', reason: `connection lost mid-message (${detail})` })
      }
    }
    if (!this.running) return
    if (conn.authFailure) {
      // Retrying a refused password only risks locking the account; wait for new credentials.
      this.running = false
      this.setState({
        status: 'offline',
        host: conn.label,
        detail: conn.authFailure,
        retryAt: null,
      })
      return
    }
    if (!wasBound) {
      const idx = this.opts.hosts.indexOf(conn.host)
      if (idx >= 0 && idx + 1 < this.opts.hosts.length) {
        this.setState({ detail })
        this.attempt(idx + 1)
        return
      }
      this.failedRounds++
    } else {
      this.failedRounds = 0
    }
    this.scheduleReconnect(detail)
  }

  private scheduleReconnect(detail: string): void {
    const initialMs = this.opts.reconnectInitialMs
    const maxMs = this.opts.reconnectMaxMs
    const jitter = this.opts.reconnectJitter
    const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, this.failedRounds - 1))
    const delay = Math.max(0, Math.round(base * (1 - jitter + 2 * jitter * Math.random())))
    const retryAt = Date.now() + delay
    this.setState({ status: 'reconnecting', detail, retryAt })
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null
      this.attempt(0)
    }, delay)
    this.reconnectTimer.unref()
  }

  /** The library throws on a malformed PDU and stops reading; still answer a deliver_sm. */
  private answerUnparsedDeliverSm(conn: Conn): void {
    const raw = Buffer.concat(conn.rx)
    conn.rx = []
    if (conn.closed || raw.length < 16 || raw.readUInt32BE(4) !== DELIVER_SM_ID) return
    const resp = new smpp.PDU('deliver_sm_resp', { sequence_number: raw.readUInt32BE(12) })
    conn.session.send(resp)
    this.stats.deliverSmAnswered++
    this.stats.unparsedDeliverSm++
  }

  private waitUntil(done: () => boolean, maxMs: number): Promise<void> {
    return new Promise((resolve) => {
      const until = Date.now() + maxMs
      const check = (): void => {
        if (done() || Date.now() >= until) resolve()
        else setTimeout(check, 10)
      }
      check()
    })
  }

  // ─── incoming PDUs ─────────────────────────────────────────────────────

  private onPdu(conn: Conn, pdu: smpp.PDU, raw: Buffer | null): void {
    if (conn.closed) return
    if (pdu.isResponse()) {
      this.onResponse(conn, pdu)
      return
    }
    switch (pdu.command) {
      case 'enquire_link':
        conn.session.send(pdu.response())
        this.stats.serverEnquireLinksAnswered++
        return
      case 'deliver_sm':
        this.onDeliverSm(conn, pdu, raw)
        return
      case 'unbind':
        conn.session.send(pdu.response())
        this.teardown(conn, `${conn.label}: server unbound the session`)
        return
      case 'alert_notification':
      case 'outbind':
        return // no response is defined for these
      default:
        // data_sm, query_sm and unknown commands: say we do not handle them.
        conn.session.send(
          pdu.command !== 'unknown' && `${pdu.command}_resp` in smpp.commands
            ? pdu.response({ command_status: SMPP_STATUS.ESME_RINVCMDID })
            : new smpp.PDU('generic_nack', {
                sequence_number: pdu.sequence_number,
                command_status: SMPP_STATUS.ESME_RINVCMDID,
              }),
        )
    }
  }

  private onResponse(conn: Conn, pdu: smpp.PDU): void {
    const req = conn.pending.get(pdu.sequence_number)
    if (!req) return // late answer to a request that already timed out
    conn.pending.delete(pdu.sequence_number)
    switch (req.kind) {
      case 'bind':
        this.onBound(conn, pdu)
        return
      case 'enquire':
        clearTimeout(req.timer)
        conn.enquireOutstanding = false
        this.stats.enquireLinksAnswered++
        return
      case 'unbind':
        req.done()
        return
      case 'query':
        clearTimeout(req.timer)
        req.done(pdu)
        return
      case 'submit':
        clearTimeout(req.timer)
        this.pendingSubmits--
        req.job.inFlight--
        this.onSubmitResp(req, pdu)
        this.pump()
    }
  }

  /**
   * A deliver_sm is answered once what it carries is stored (the listener calls `stored()`), so
   * the SMSC delivers again a report or a message the console could not keep. Answered at once,
   * because there is nothing to store or waiting would not help: a PDU we cannot parse, one
   * nobody listens for (the session has nowhere to put it, and an unanswered one would hold a
   * slot of the SMSC's window for good), and a part of a concatenated message that does not
   * complete it (an SMSC with a small window would otherwise never send the remaining parts).
   * With `maxUnansweredDeliverSm` already waiting, a receipt or a completing part is answered
   * ESME_RX_T_APPN (a temporary error: the SMSC delivers it again later) and not emitted.
   */
  private onDeliverSm(conn: Conn, pdu: smpp.PDU, raw: Buffer | null): void {
    const fields = raw ? parseDeliverSm(raw) : null
    if (!fields || fields.sequenceNumber !== pdu.sequence_number) {
      this.answerDeliverSm(conn, pdu)
      this.stats.unparsedDeliverSm++
      return
    }
    const messageType = fields.esmClass & 0x3c
    if (messageType === 0x04 || messageType === 0x20) {
      this.onReceipt(conn, pdu, fields)
      return
    }
    if (this.emitter.listenerCount('inbound') === 0) {
      this.answerDeliverSm(conn, pdu)
      this.stats.deliverSmUnheard++
      return
    }
    const payload = fields.tlvs.get(TLV.messagePayload)
    const body = fields.shortMessage.length === 0 && payload ? payload : fields.shortMessage
    const { body: text, concat: udhConcat } = splitUdh(body, fields.esmClass)
    const concat = udhConcat ?? sarInfo(fields.tlvs)
    const completes = this.assembler.completes(fields.sourceAddr, fields.destinationAddr, concat)
    if (completes && this.deferIfFull(conn, pdu)) return
    const done = this.assembler.add(
      fields.sourceAddr,
      fields.destinationAddr,
      decodeByDataCoding(text, fields.dataCoding),
      concat,
    )
    if (!done) {
      this.answerDeliverSm(conn, pdu)
      return
    }
    this.emitInbound(done, this.storedAck(conn, pdu))
  }

  private onReceipt(conn: Conn, pdu: smpp.PDU, fields: DeliverSmFields): void {
    const payload = fields.tlvs.get(TLV.messagePayload)
    const bytes = fields.shortMessage.length === 0 && payload ? payload : fields.shortMessage
    // Receipt text is generated by the SMSC in ASCII even under data_coding 0, so it is not
    // read as GSM-7 (where '_' and '@' differ); UCS-2 receipts are honoured.
    const text =
      bytes.length === 0 ? null : decodeByDataCoding(bytes, fields.dataCoding === 8 ? 8 : 3)
    const idTlv = fields.tlvs.get(TLV.receiptedMessageId)
    const stateTlv = fields.tlvs.get(TLV.messageState)
    const errTlv = fields.tlvs.get(TLV.networkErrorCode)
    const result = buildReceipt(
      text,
      {
        receiptedMessageId: idTlv ? idTlv.toString('latin1').replace(/\0+$/, '') : null,
        messageState: stateTlv && stateTlv.length > 0 ? (stateTlv[0] ?? null) : null,
        networkErrorCode: errTlv ?? null,
      },
      Date.now(),
    )
    if (!result.ok) {
      this.answerDeliverSm(conn, pdu)
      this.stats.unparsedDeliverSm++
      return
    }
    if (this.emitter.listenerCount('receipt') === 0) {
      this.answerDeliverSm(conn, pdu)
      this.stats.deliverSmUnheard++
      return
    }
    if (this.deferIfFull(conn, pdu)) return
    this.emit('receipt', result.receipt, this.storedAck(conn, pdu))
  }

  private emitInbound(text: AssembledText, stored: Stored): void {
    const sms: InboundSms = {
      from: text.from,
      to: text.to,
      text: text.text,
      receivedAt: Date.now(),
    }
    this.emit('inbound', sms, stored)
  }

  private answerDeliverSm(conn: Conn, pdu: smpp.PDU): void {
    if (conn.closed) return
    conn.session.send(pdu.response())
    this.stats.deliverSmAnswered++
  }

  /** Too many deliver_sm already wait for `stored()`: ask the SMSC to deliver this one later. */
  private deferIfFull(conn: Conn, pdu: smpp.PDU): boolean {
    if (conn.awaitingStore < this.opts.maxUnansweredDeliverSm) return false
    conn.session.send(pdu.response({ command_status: SMPP_STATUS.ESME_RX_T_APPN }))
    this.stats.deliverSmDeferred++
    return true
  }

  /**
   * The acknowledgement handed to listeners with a receipt or a message: answers the deliver_sm
   * the first time it is called, on the connection it came on. Once that connection is gone it
   * does nothing: the SMSC delivers the unanswered PDU again after the next bind.
   */
  private storedAck(conn: Conn, pdu: smpp.PDU): Stored {
    conn.awaitingStore++
    let done = false
    return () => {
      if (done) return
      done = true
      if (conn.closed) return
      conn.awaitingStore--
      this.answerDeliverSm(conn, pdu)
    }
  }

  private querySm(
    conn: Conn,
    providerId: string,
    sender: string | undefined,
  ): Promise<DeliveryReceipt | null> {
    const known = this.submitted.get(normaliseMessageId(providerId))
    // SMPP 3.4 §4.8.1: the source must match the original submit's, or be NULL when unknown:
    // as this session sent it, else as the outbox recorded it (after a restart).
    const source = known ?? (sender !== undefined ? classifySource(sender) : null)
    const pdu = new smpp.PDU('query_sm', {
      message_id: known?.id ?? providerId,
      source_addr_ton: source?.ton ?? 0,
      source_addr_npi: source?.npi ?? 0,
      source_addr: source?.addr ?? '',
    })
    return new Promise((resolve) => {
      if (conn.closed || !conn.session.send(pdu)) {
        resolve(null)
        return
      }
      this.stats.querySmSent++
      const seq = pdu.sequence_number
      const timer = setTimeout(() => {
        if (conn.pending.get(seq)?.kind !== 'query') return
        conn.pending.delete(seq)
        resolve(null)
      }, this.opts.responseTimeoutMs)
      conn.pending.set(seq, {
        kind: 'query',
        timer,
        done: (resp) => {
          if (!resp) return resolve(null)
          if (resp.command_status === SMPP_STATUS.ESME_RINVMSGID) {
            return resolve(missingFromQuery(providerId, Date.now()))
          }
          if (resp.command_status !== SMPP_STATUS.ESME_ROK) return resolve(null)
          const finalDate = resp.final_date
          resolve(
            receiptFromQuery(
              providerId,
              {
                messageId: typeof resp.message_id === 'string' ? resp.message_id : providerId,
                messageState: typeof resp.message_state === 'number' ? resp.message_state : 0,
                errorCode: typeof resp.error_code === 'number' ? resp.error_code : 0,
                finalDate:
                  finalDate instanceof Date && !Number.isNaN(finalDate.getTime())
                    ? finalDate.toISOString()
                    : typeof finalDate === 'string' && finalDate !== ''
                      ? finalDate
                      : null,
              },
              Date.now(),
            ),
          )
        },
      })
    })
  }

  // ─── sending ───────────────────────────────────────────────────────────

  private buildParts(
    sms: OutgoingSms,
  ): { parts: smpp.PduOptions[]; chargedParts: number } | { outcome: SubmitOutcome } {
    const source = classifySource(sms.sender)
    if (!source) {
      return rejected(
        SMPP_STATUS.ESME_RINVSRCADR,
        `sender "${sms.sender}" is not a valid SMPP source`,
      )
    }
    const destination = sms.phone.replace(/\D/g, '')
    if (destination.length === 0 || destination.length > 20) {
      return rejected(SMPP_STATUS.ESME_RINVDSTADR, `phone "${sms.phone}" has no valid digits`)
    }
    const base: smpp.PduOptions = {
      service_type: '',
      source_addr_ton: source.ton,
      source_addr_npi: source.npi,
      source_addr: source.addr,
      dest_addr_ton: TON_INTERNATIONAL,
      dest_addr_npi: NPI_ISDN,
      destination_addr: destination,
      registered_delivery: sms.wantReceipt ? 1 : 0,
      esm_class: 0,
    }
    const analysis = analyzeSms(sms.text)
    if (analysis.units === 0) return rejected(SMPP_STATUS.ESME_RINVMSGLEN, 'text is empty')
    let splitAs: SmsEncoding = analysis.encoding
    let dataCoding: number
    let encode: (text: string) => Uint8Array
    if (analysis.encoding === 'UCS2') {
      dataCoding = 8
      encode = encodeUcs2
    } else if (this.iso && isLatin1Text(analysis.chargedText)) {
      // Under ISO the SMSC reads data_coding 0 as Latin-1, so say so explicitly.
      dataCoding = 3
      encode = encodeLatin1
    } else if (this.iso) {
      dataCoding = 8
      encode = encodeUcs2
      splitAs = 'UCS2'
    } else {
      dataCoding = 0
      encode = encodeGsm7
    }
    const withData = { ...base, data_coding: dataCoding }
    // Service requests (__HLR__, __PING__) go verbatim as one part, in the alphabet the profile
    // gives every other text: SMSC acts on the exact text as it decodes it (under ISO, '_' is
    // 0x5F; GSM-7's 0x11 would read as a control character and the request as an SMS).
    if (isSingleSpecialText(sms.text)) {
      return {
        parts: [{ ...withData, short_message: Buffer.from(encode(sms.text)) }],
        chargedParts: 1,
      }
    }
    const canCarry =
      dataCoding === 0 ? isGsm7Text : dataCoding === 3 ? isLatin1Text : (): boolean => true
    // SMSC strips the comment server-side, so it rides along uncounted; one it cannot encode
    // in the message's own alphabet is dropped rather than change what the subscriber pays.
    const suffix =
      analysis.comment !== null && canCarry(COMMENT_MARKER + analysis.comment)
        ? COMMENT_MARKER + analysis.comment
        : ''
    const pieces = splitSmsText(analysis.chargedText, splitAs)
    if (pieces.length > MAX_PARTS) {
      return rejected(
        SMPP_STATUS.ESME_RINVMSGLEN,
        `text needs ${pieces.length} parts, max ${MAX_PARTS}`,
      )
    }
    if (pieces.length === 1) {
      const whole = Buffer.from(encode(analysis.chargedText + suffix))
      const bytes =
        whole.length <= MAX_SHORT_MESSAGE ? whole : Buffer.from(encode(analysis.chargedText))
      return { parts: [{ ...withData, short_message: bytes }], chargedParts: 1 }
    }
    if (this.opts.longMessageMode === 'payload') {
      const payload = Buffer.from(encode(analysis.chargedText + suffix))
      if (payload.length <= MAX_PAYLOAD) {
        return {
          parts: [{ ...withData, short_message: Buffer.alloc(0), message_payload: payload }],
          chargedParts: pieces.length,
        }
      }
    }
    this.udhRef = (this.udhRef + 1) & 0xff
    const ref = this.udhRef
    const parts = pieces.map((piece, i) => {
      const udh = Buffer.from([0x05, 0x00, 0x03, ref, pieces.length, i + 1])
      let body = Buffer.from(encode(piece))
      if (i === pieces.length - 1 && suffix !== '') {
        const withComment = Buffer.from(encode(piece + suffix))
        if (udh.length + withComment.length <= MAX_SHORT_MESSAGE) body = withComment
      }
      return { ...withData, esm_class: ESM_UDHI, short_message: Buffer.concat([udh, body]) }
    })
    return { parts, chargedParts: pieces.length }
  }

  private makeReady(job: Job, lane: Lane): void {
    if (job.inReady || job.settled) return
    this.ready.push(job, lane)
  }

  /** Next part index this job may send now, or null (and leaves the ready list). */
  private takePart(job: Job): number | null {
    const retry = job.retry.shift()
    if (retry !== undefined) return retry
    // Later parts wait for the first one's answer, so a refused message sends nothing more.
    const mayContinue = job.nextPart === 0 || job.acceptedCount > 0
    if (mayContinue && job.nextPart < job.parts.length) return job.nextPart++
    return null
  }

  private hasSendablePart(job: Job): boolean {
    if (job.retry.length > 0) return true
    return (job.nextPart === 0 || job.acceptedCount > 0) && job.nextPart < job.parts.length
  }

  /** Tokens accrue at the current rate, up to a tenth of a second's worth (at least one). */
  private refill(now: number): void {
    const rate = this.rate.current
    this.tokens = Math.min(
      Math.max(1, rate / 10),
      this.tokens + ((now - this.lastRefill) * rate) / 1000,
    )
    this.lastRefill = now
  }

  private pump(): void {
    this.drain()
    if (this.capacityWanted) this.notifyCapacity()
  }

  private drain(): void {
    if (this.pumpTimer) return
    // One write for a burst of PDUs instead of one syscall each.
    const socket = this.conn?.session.socket
    if (socket && !socket.writableCorked) {
      socket.cork()
      process.nextTick(() => socket.uncork())
    }
    while (this.ready.size > 0) {
      const conn = this.conn
      if (!conn || !conn.bound || conn.closed) return
      if (this.pendingSubmits >= this.opts.window) return
      const now = Date.now()
      if (this.rate.recover(now)) this.onRateChanged()
      this.refill(now)
      if (this.tokens < 1) {
        return this.schedulePump(Math.ceil(((1 - this.tokens) * 1000) / this.rate.current))
      }
      const job = this.ready.peek()
      if (!job) return
      const part = this.takePart(job)
      if (!this.hasSendablePart(job)) {
        this.ready.shift()
      }
      if (part === null) continue
      // A message_payload PDU becomes several SMS at the SMSC: each one counts against the rate.
      this.tokens -= job.parts.length === 1 ? job.chargedParts : 1
      this.sendPart(conn, job, part)
    }
  }

  private schedulePump(ms: number): void {
    this.pumpTimer = setTimeout(
      () => {
        this.pumpTimer = null
        this.pump()
      },
      Math.max(1, ms),
    )
  }

  /** What capacity() reports, without asking for the `capacity` event. */
  private capacityNow(now: number): number {
    const conn = this.conn
    if (!this.running || !conn || !conn.bound || conn.closed || conn.unbinding) return 0
    if (this.rate.recover(now)) this.onRateChanged()
    this.refill(now)
    const room = Math.min(this.opts.window - this.pendingSubmits, Math.floor(this.tokens))
    return Math.max(0, room - this.ready.size)
  }

  /** Emits `capacity` if someone heard 0 and there is room now; else waits for the tokens. */
  private notifyCapacity(): void {
    const now = Date.now()
    if (this.capacityNow(now) > 0) {
      this.capacityWanted = false
      if (this.capacityTimer) clearTimeout(this.capacityTimer)
      this.capacityTimer = null
      this.stats.capacityEvents++
      this.emit('capacity')
      return
    }
    this.armCapacityTimer()
  }

  /**
   * Only the rate can free room without an event of its own (an answer frees a window slot, a
   * bind calls pump, queued jobs leave through pump): wake when the next token is due.
   */
  private armCapacityTimer(): void {
    const conn = this.conn
    if (this.capacityTimer || this.pumpTimer || !conn || !conn.bound || conn.closed) return
    if (this.pendingSubmits >= this.opts.window || this.ready.size > 0) return
    const ms = Math.ceil(((1 - this.tokens) * 1000) / this.rate.current)
    this.capacityTimer = setTimeout(
      () => {
        this.capacityTimer = null
        if (this.capacityWanted) this.notifyCapacity()
      },
      Math.max(1, ms),
    )
    this.capacityTimer.unref()
  }

  private sendPart(conn: Conn, job: Job, part: number): void {
    const fields = job.parts[part]
    if (!fields) return
    const pdu = new smpp.PDU('submit_sm', { ...fields })
    if (!conn.session.send(pdu)) {
      // Not writable: nothing went out; the close that follows settles the job.
      job.retry.unshift(part)
      this.makeReady(job, Lane.Continue)
      this.teardown(conn, `${conn.label}: socket not writable`)
      return
    }
    job.inFlight++
    this.pendingSubmits++
    const sendNo = ++this.stats.partsSent
    this.stats.maxPendingSubmits = Math.max(this.stats.maxPendingSubmits, this.pendingSubmits)
    const seq = pdu.sequence_number
    const timer = setTimeout(() => {
      if (conn.pending.get(seq)?.kind !== 'submit') return
      conn.pending.delete(seq)
      this.pendingSubmits--
      job.inFlight--
      this.settle(job, {
        kind: 'unknown',
        reason: `no submit_sm_resp within ${this.opts.responseTimeoutMs} ms (part ${part + 1}/${job.parts.length})`,
      })
      this.pump()
    }, this.opts.responseTimeoutMs)
    conn.pending.set(seq, { kind: 'submit', job, part, timer, sendNo })
  }

  private onSubmitResp(req: { job: Job; part: number; sendNo: number }, resp: smpp.PDU): void {
    const { job, part } = req
    const status = resp.command_status
    if (status === SMPP_STATUS.ESME_ROK) {
      const rawId = typeof resp.message_id === 'string' ? resp.message_id : ''
      const id = normaliseMessageId(rawId)
      job.ids[part] = id
      if (id !== '') this.remember(id, rawId, job.parts[part])
      job.acceptedCount++
      if (job.acceptedCount === job.parts.length) {
        const providerIds = [...new Set(job.ids.filter((x): x is string => !!x))]
        this.settle(job, { kind: 'accepted', providerIds, parts: job.chargedParts })
      } else if (this.hasSendablePart(job)) {
        this.makeReady(job, Lane.Continue)
      }
      return
    }
    if (isRetryableRefusal(status)) {
      this.onThrottled(req.sendNo)
      job.throttleRetries++
      if (job.throttleRetries <= this.opts.maxThrottleRetries) {
        // Refused means not accepted: sending the same part again cannot duplicate it.
        job.retry.push(part)
        this.makeReady(job, Lane.Continue)
        return
      }
    }
    const why = describeSmppStatus(status)
    if (job.acceptedCount === 0 && job.inFlight === 0) {
      this.settle(job, {
        kind: 'rejected',
        code: status,
        reason: why,
        reasonCode: smppStatusCode(status),
      })
    } else {
      this.settle(job, {
        kind: 'unknown',
        reason: `part ${part + 1}/${job.parts.length} refused (${why}) after ${job.acceptedCount} part(s) were accepted`,
      })
    }
  }

  /** The source and exact id of an accepted part, for a later query_sm. Bounded, oldest out. */
  private remember(id: string, rawId: string, fields: smpp.PduOptions | undefined): void {
    if (!fields || this.submitted.has(id)) return
    this.submitted.set(id, {
      id: rawId.trim(),
      ton: typeof fields.source_addr_ton === 'number' ? fields.source_addr_ton : 0,
      npi: typeof fields.source_addr_npi === 'number' ? fields.source_addr_npi : 0,
      addr: typeof fields.source_addr === 'string' ? fields.source_addr : '',
    })
    if (this.submitted.size > MAX_SUBMITTED_RECORDS) {
      const oldest = this.submitted.keys().next()
      if (!oldest.done) this.submitted.delete(oldest.value)
    }
  }

  /**
   * ESME_RTHROTTLED / ESME_RMSGQFUL: the refused part goes out again (the caller requeues it)
   * at a lower rate. Nothing pauses: the rest keeps flowing at the new rate, and the first
   * token is spent waiting, so the retry does not land in the same overshoot.
   */
  private onThrottled(sendNo: number): void {
    this.stats.throttled++
    if (!this.rate.refused(sendNo, this.stats.partsSent, Date.now())) return
    this.stats.rateDecreases++
    this.tokens = Math.min(this.tokens, 0)
    this.onRateChanged()
  }

  private settle(job: Job, outcome: SubmitOutcome): void {
    if (job.settled) return
    job.settled = true
    if (job.inReady) this.ready.forget(job)
    job.resolve(outcome)
  }
}

/** First-in-first-out with O(1) push and shift; a settled job is skipped lazily. */
class Fifo {
  private items: Job[] = []
  private head = 0

  push(job: Job): void {
    this.items.push(job)
  }

  /** The first job still waiting, dropping stale slots on the way. */
  first(): Job | undefined {
    while (this.head < this.items.length) {
      const job = this.items[this.head]
      if (job?.inReady) return job
      this.head++
    }
    this.compact()
    return undefined
  }

  dropFirst(): void {
    this.head++
    this.compact()
  }

  live(): Job[] {
    return this.items.slice(this.head).filter((j) => j.inReady)
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items = []
      this.head = 0
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
  }
}

/**
 * Jobs waiting for the pump, in three first-in-first-out lines taken in order: parts of
 * messages already on the wire (a long message's further parts, throttled retries), then
 * urgent one-offs, then bulk. Two urgent messages to one customer leave in the order given.
 */
class ReadyQueue {
  private readonly lanes: readonly [Fifo, Fifo, Fifo] = [new Fifo(), new Fifo(), new Fifo()]
  /** The lane peek() found its job in. */
  private at: Fifo | null = null
  size = 0

  push(job: Job, lane: Lane): void {
    job.inReady = true
    this.lanes[lane].push(job)
    this.size++
  }

  peek(): Job | undefined {
    for (const lane of this.lanes) {
      const job = lane.first()
      if (job) {
        this.at = lane
        return job
      }
    }
    this.at = null
    return undefined
  }

  /** Removes the job peek() returned. */
  shift(): void {
    const job = this.peek()
    if (!job || !this.at) return
    this.at.dropFirst()
    job.inReady = false
    this.size--
  }

  /** Marks a job gone wherever it sits; its slot is skipped later. */
  forget(job: Job): void {
    if (!job.inReady) return
    job.inReady = false
    this.size--
  }

  live(): Job[] {
    return this.lanes.flatMap((lane) => lane.live())
  }
}

function rejected(code: number, reason: string): { outcome: SubmitOutcome } {
  return { outcome: { kind: 'rejected', code, reason, reasonCode: smppStatusCode(code) } }
}

/** TON/NPI for the sender: alphanumeric 5/0, short code 3/0, international 1/1. */
export function classifySource(sender: string): { addr: string; ton: number; npi: number } | null {
  const s = sender.trim()
  if (s === '' || !/^[\x20-\x7e]+$/.test(s)) return null
  if (/[a-z]/i.test(s)) {
    return s.length <= 11 ? { addr: s, ton: SOURCE_TON_ALPHA, npi: 0 } : null
  }
  const plus = s.startsWith('+')
  const digits = s.replace(/\D/g, '')
  if (digits.length === 0 || digits.length > 20) return null
  if (plus || digits.length >= 10) return { addr: digits, ton: TON_INTERNATIONAL, npi: NPI_ISDN }
  if (digits.length <= 8) return { addr: digits, ton: SOURCE_TON_SHORT, npi: 0 }
  return { addr: digits, ton: 0, npi: NPI_ISDN }
}
