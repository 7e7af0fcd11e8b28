/**
 * One persistent SMPP transceiver bind per provider profile, on top of the `smpp` package,
 * adding what it lacks: per-request timeouts, keep-alive with dead-link detection, reconnect
 * with host failover, answers to every server request, deliver_sm answered once what it carries
 * is stored, and query_sm status checks. It wires the parts that need no socket: settings and
 * defaults (config.ts), PDU contents (pdu.ts), status codes (status.ts), the ready queue
 * (ready-queue.ts), window and rate (pacing.ts, rate.ts), deliver_sm parsing (deliver.ts) and
 * receipts (receipt.ts).
 */
import { EventEmitter } from 'node:events'
import type { Socket } from 'node:net'
import smpp from 'smpp'
import type { SessionState } from '../../../../shared/contract'
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
  smppSessionConfig,
  type SmppHost,
  type SmppSessionConfig,
  type SmppSessionOptions,
} from './config'
import {
  decodeByDataCoding,
  DELIVER_SM_ID,
  InboundAssembler,
  parseDeliverSm,
  sarInfo,
  splitUdh,
  SUBMIT_SM_RESP_ID,
  TLV,
  type AssembledText,
  type DeliverSmFields,
} from './deliver'
import { errorText } from '../error-phrase'
import { networkCause } from '../network-cause'
import type { PhraseRef } from '../../../../shared/domain'
import { englishOf } from '../../../../shared/phrases'
import { Pacing } from './pacing'
import {
  buildSubmitParts,
  EncodedPdu,
  pduLengthOf,
  querySmFields,
  queryAnswer,
  readSubmitSmResp,
  withLength,
  type SmppResponse,
  submittedSource,
  type SubmitFields,
  type SubmittedRecord,
} from './pdu'
import {
  hasSendablePart,
  Lane,
  newSubmitJob,
  ReadyQueue,
  takePart,
  type SubmitJob,
} from './ready-queue'
import { buildReceipt, normaliseMessageId } from './receipt'
import {
  describeSmppStatus,
  isAuthFailure,
  isRetryableRefusal,
  SMPP_STATUS,
  smppStatusCode,
} from './status'

// These lived here before the session was split: importers of this module keep finding them.
export type { SmppHost, SmppSessionOptions } from './config'
export { buildSystemType, classifySource, systemTypeFlags, type SystemTypeFlags } from './pdu'
export { describeSmppStatus, SMPP_STATUS, SMPP_STATUS_REASON, smppStatusCode } from './status'

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

/** What the session counts itself; the rest of the metrics come from the pacing and queue. */
type SessionCounters = Omit<
  SmppSessionMetrics,
  | 'pendingSubmits'
  | 'maxPendingSubmits'
  | 'queuedMessages'
  | 'effectiveRate'
  | 'configuredRate'
  | 'throttled'
  | 'rateDecreases'
  | 'partsSent'
  | 'deliverSmAwaitingStore'
>

type Timer = ReturnType<typeof setTimeout>

type PendingRequest =
  /** `sendNo`: the part's number among all parts this session sent (rate control). */
  | { kind: 'submit'; job: SubmitJob; part: number; timer: Timer; sendNo: number }
  | { kind: 'query'; timer: Timer; done: (resp: SmppResponse | null) => void }
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
  /** The length of the PDU whose body is awaited (its header read), or 0. */
  pduLength: number
  /** Reading stopped until the next turn (see withinTurn). */
  readPaused: boolean
  /** Inside readPdus (a PDU's handler must not start another read). */
  reading: boolean
  bindTimer: Timer | null
  enquireTimer: ReturnType<typeof setInterval> | null
  enquireOutstanding: boolean
  authFailure: string | null
  /** deliver_sm emitted and not yet answered (waiting for `stored()`). */
  awaitingStore: number
  /** When this turn of the loop began reading PDUs, or 0 (see TURN_BUDGET_MS). */
  turnStarted: number
  /** PDUs read in this turn. */
  turnPdus: number
}

/**
 * Most time spent reading PDUs, or writing them, in one turn of main's loop: a burst of a
 * thousand answers and reports is handled a few milliseconds at a time, and whatever else waits
 * (a window's call, a timer) gets its turn between.
 */
const TURN_BUDGET_MS = 3
/** …and at most this many PDUs read in one turn, however fast they go. */
const TURN_BUDGET_PDUS = 200

// Accepted messages remembered for query_sm (their source address and exact id).
const MAX_SUBMITTED_RECORDS = 50_000
const NOOP: Stored = () => undefined

/** Writes until the current task ends go out as one (uncorked on the next tick). */
function corkForTurn(socket: Socket): void {
  if (socket.writableCorked) return
  socket.cork()
  process.nextTick(() => socket.uncork())
}

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
  verifyByCall: false,
  exportJobs: false,
}

export class SmppSession implements ProviderConnection {
  readonly profileId: string
  readonly capabilities = SMPP_CAPABILITIES
  private readonly opts: SmppSessionConfig
  private readonly emitter = new EventEmitter()
  private current: SessionState
  private running = false
  private stopping = false
  private conn: Conn | null = null
  private connSeq = 0
  private failedRounds = 0
  private reconnectTimer: Timer | null = null
  private readonly ready = new ReadyQueue()
  private readonly pacing: Pacing
  private rateTimer: Timer | null = null
  private pumpTimer: Timer | null = null
  /** The rest of a burst of writes, in the next turn (TURN_BUDGET_MS). */
  private drainLater: NodeJS.Immediate | null = null
  /** When this turn of the loop began writing PDUs, or 0 (see TURN_BUDGET_MS). */
  private writeTurnStarted = 0
  /** Turns that stopped reading at TURN_BUDGET_MS and went on in the next (for the tests). */
  pausedTurns = 0
  /** Turns whose writes stopped at TURN_BUDGET_MS and went on in the next (for the tests). */
  deferredWriteTurns = 0
  /** capacity() said 0: emit `capacity` once it is more. */
  private capacityWanted = false
  private capacityTimer: Timer | null = null
  private udhRef = Math.floor(Math.random() * 256)
  /** Concatenation reference for the next message sent as UDH parts. */
  private readonly nextUdhRef = (): number => {
    this.udhRef = (this.udhRef + 1) & 0xff
    return this.udhRef
  }
  private readonly submitted = new Map<string, SubmittedRecord>()
  private readonly assembler: InboundAssembler
  private readonly stats: SessionCounters

  constructor(private readonly options: SmppSessionOptions) {
    this.opts = smppSessionConfig(options)
    this.profileId = options.profileId
    this.pacing = new Pacing({ window: this.opts.window, rate: this.opts.rate }, Date.now())
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
      enquireLinksSent: 0,
      enquireLinksAnswered: 0,
      serverEnquireLinksAnswered: 0,
      deliverSmAnswered: 0,
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
    if (this.pacing.rate.nextIncreaseAt() !== null) this.onRateChanged()
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
        () => conn.closed || (this.pacing.pending === 0 && this.ready.size === 0),
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
    const built = buildSubmitParts(sms, this.opts, this.nextUdhRef)
    if ('outcome' in built) return Promise.resolve(built.outcome)
    return new Promise<SubmitOutcome>((resolve) => {
      const job = newSubmitJob(sms, built, resolve)
      this.ready.add(job, sms.urgent === true ? Lane.Urgent : Lane.Bulk)
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
    const { pacing, stats } = this
    return {
      pendingSubmits: pacing.pending,
      maxPendingSubmits: pacing.maxPending,
      queuedMessages: this.ready.size,
      effectiveRate: pacing.rate.current,
      configuredRate: pacing.rate.configured,
      throttled: pacing.throttled,
      rateDecreases: pacing.rateDecreases,
      partsSent: pacing.sent,
      enquireLinksSent: stats.enquireLinksSent,
      enquireLinksAnswered: stats.enquireLinksAnswered,
      serverEnquireLinksAnswered: stats.serverEnquireLinksAnswered,
      deliverSmAnswered: stats.deliverSmAnswered,
      deliverSmAwaitingStore: this.conn?.awaitingStore ?? 0,
      deliverSmDeferred: stats.deliverSmDeferred,
      deliverSmUnheard: stats.deliverSmUnheard,
      unparsedDeliverSm: stats.unparsedDeliverSm,
      querySmSent: stats.querySmSent,
      capacityEvents: stats.capacityEvents,
      binds: stats.binds,
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
    // A new reason without a phrase of its own is not worded by the last one's.
    if ('detail' in patch && !('detailPhrase' in patch)) next.detailPhrase = null
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
    const { rate } = this.pacing
    return { current: Math.round(rate.current * 10) / 10, configured: rate.configured }
  }

  /** The rate went down or up: show it, and plan the next step up while below the ceiling. */
  private onRateChanged(): void {
    this.setState({ rate: this.rateView() })
    if (this.rateTimer) clearTimeout(this.rateTimer)
    this.rateTimer = null
    const at = this.pacing.rate.nextIncreaseAt()
    if (at === null || !this.running) return
    this.rateTimer = setTimeout(
      () => {
        this.rateTimer = null
        // Steps up if due; else a refusal came meanwhile and the next step is planned from it.
        this.pacing.rate.recover(Date.now())
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
      pduLength: 0,
      readPaused: false,
      reading: false,
      bindTimer: null,
      enquireTimer: null,
      enquireOutstanding: false,
      authFailure: null,
      awaitingStore: 0,
      turnStarted: 0,
      turnPdus: 0,
    }
    this.conn = conn
    // The session reads its PDUs itself (readPdus): the package's reader decodes every field of
    // every PDU first, a GSM-7 decode of each report's text among them.
    session.socket.removeAllListeners('readable')
    session.socket.on('readable', () => this.readPdus(conn))
    session.on('error', (err) => this.teardown(conn, ...this.failure(label, err)))
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
      system_type: this.opts.systemType,
      interface_version: 0x34,
    })
    if (conn.session.send(pdu)) conn.pending.set(pdu.sequence_number, { kind: 'bind' })
  }

  private onBound(conn: Conn, resp: SmppResponse): void {
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

  /** A connection's failure in words for people where there are some, else as it came. */
  private failure(label: string, err: unknown): [string, PhraseRef | null] {
    const cause = networkCause(err, label)
    return cause ? [englishOf(cause), cause] : [`${label}: ${errorText(err)}`, null]
  }

  /** Drops a connection once; settles everything that rode on it; plans what comes next. */
  private teardown(conn: Conn, detail: string, detailPhrase: PhraseRef | null = null): void {
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
        this.pacing.released()
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
        this.setState({ detail, detailPhrase })
        this.attempt(idx + 1)
        return
      }
      this.failedRounds++
    } else {
      this.failedRounds = 0
    }
    this.scheduleReconnect(detail, detailPhrase)
  }

  private scheduleReconnect(detail: string, detailPhrase: PhraseRef | null): void {
    const initialMs = this.opts.reconnectInitialMs
    const maxMs = this.opts.reconnectMaxMs
    const jitter = this.opts.reconnectJitter
    const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, this.failedRounds - 1))
    const delay = Math.max(0, Math.round(base * (1 - jitter + 2 * jitter * Math.random())))
    const retryAt = Date.now() + delay
    this.setState({ status: 'reconnecting', detail, detailPhrase, retryAt })
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null
      this.attempt(0)
    }, delay)
    this.reconnectTimer.unref()
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

  /**
   * Takes whole PDUs off the socket, header then body, until none is complete or this turn's
   * budget is spent (withinTurn). A length no PDU can have ends the connection: the bytes that
   * follow cannot be framed.
   */
  private readPdus(conn: Conn): void {
    if (conn.reading) return
    conn.reading = true
    try {
      const socket = conn.session.socket
      while (!conn.closed && !conn.readPaused) {
        if (conn.pduLength === 0) {
          const head = socket.read(4) as Buffer | null
          if (!head) break
          conn.pduLength = pduLengthOf(head)
        }
        const body = socket.read(conn.pduLength - 4) as Buffer | null
        if (!body) break
        const raw = withLength(conn.pduLength, body)
        conn.pduLength = 0
        try {
          this.onPdu(conn, raw)
        } catch (err) {
          console.error(
            `SMPP ${this.profileId}: failed handling command 0x${raw.readUInt32BE(4).toString(16)}`,
            err,
          )
        }
        this.withinTurn(conn)
      }
    } catch (err) {
      this.teardown(conn, ...this.failure(conn.label, err))
    } finally {
      conn.reading = false
    }
  }

  /**
   * One PDU. The flood of a bulk send, submit_sm_resp and deliver_sm, is read straight from its
   * bytes; the package decodes the rest.
   */
  private onPdu(conn: Conn, raw: Buffer): void {
    if (conn.closed) return
    const command = raw.readUInt32BE(4)
    if (command === SUBMIT_SM_RESP_ID) {
      this.onResponse(conn, readSubmitSmResp(raw))
      return
    }
    if (command === DELIVER_SM_ID) {
      this.onDeliverSm(conn, raw)
      return
    }
    const pdu = new smpp.PDU(raw)
    if (pdu.isResponse()) {
      this.onResponse(conn, pdu)
      return
    }
    switch (pdu.command) {
      case 'enquire_link':
        conn.session.send(pdu.response())
        this.stats.serverEnquireLinksAnswered++
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

  private onResponse(conn: Conn, pdu: SmppResponse): void {
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
        this.pacing.released()
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
  private onDeliverSm(conn: Conn, raw: Buffer): void {
    const seq = raw.readUInt32BE(12)
    const fields = parseDeliverSm(raw)
    if (!fields) {
      this.answerDeliverSm(conn, seq)
      this.stats.unparsedDeliverSm++
      return
    }
    const messageType = fields.esmClass & 0x3c
    if (messageType === 0x04 || messageType === 0x20) {
      this.onReceipt(conn, seq, fields)
      return
    }
    if (this.emitter.listenerCount('inbound') === 0) {
      this.answerDeliverSm(conn, seq)
      this.stats.deliverSmUnheard++
      return
    }
    const payload = fields.tlvs.get(TLV.messagePayload)
    const body = fields.shortMessage.length === 0 && payload ? payload : fields.shortMessage
    const { body: text, concat: udhConcat } = splitUdh(body, fields.esmClass)
    const concat = udhConcat ?? sarInfo(fields.tlvs)
    const completes = this.assembler.completes(fields.sourceAddr, fields.destinationAddr, concat)
    if (completes && this.deferIfFull(conn, seq)) return
    const done = this.assembler.add(
      fields.sourceAddr,
      fields.destinationAddr,
      decodeByDataCoding(text, fields.dataCoding),
      concat,
    )
    if (!done) {
      this.answerDeliverSm(conn, seq)
      return
    }
    this.emitInbound(done, this.storedAck(conn, seq))
  }

  private onReceipt(conn: Conn, seq: number, fields: DeliverSmFields): void {
    const payload = fields.tlvs.get(TLV.messagePayload)
    const bytes = fields.shortMessage.length === 0 && payload ? payload : fields.shortMessage
    // Receipt text is generated by the SMSC in ASCII even under data_coding 0, so it is not
    // read as GSM-7 (where '_' and '@' differ); UCS-2 receipts are honoured.
    const text =
      bytes.length === 0 ? null : decodeByDataCoding(bytes, fields.dataCoding === 8 ? 8 : 3)
    const idTlv = fields.tlvs.get(TLV.receiptedMessageId)
    const stateTlv = fields.tlvs.get(TLV.messageState)
    const errTlv = fields.tlvs.get(TLV.networkErrorCode)
    const costTlv = fields.tlvs.get(TLV.smscCost)
    const result = buildReceipt(
      text,
      {
        receiptedMessageId: idTlv ? idTlv.toString('latin1').replace(/\0+$/, '') : null,
        messageState: stateTlv && stateTlv.length > 0 ? (stateTlv[0] ?? null) : null,
        networkErrorCode: errTlv ?? null,
        cost: costTlv ? costTlv.toString('latin1').replace(/\0+$/, '') : null,
      },
      Date.now(),
    )
    if (!result.ok) {
      this.answerDeliverSm(conn, seq)
      this.stats.unparsedDeliverSm++
      return
    }
    if (this.emitter.listenerCount('receipt') === 0) {
      this.answerDeliverSm(conn, seq)
      this.stats.deliverSmUnheard++
      return
    }
    if (this.deferIfFull(conn, seq)) return
    this.emit('receipt', result.receipt, this.storedAck(conn, seq))
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

  private answerDeliverSm(conn: Conn, seq: number): void {
    if (conn.closed) return
    // A group commit answers hundreds at once: one write for them all, not a syscall each.
    corkForTurn(conn.session.socket)
    conn.session.send(EncodedPdu.deliverSmResp(seq))
    this.stats.deliverSmAnswered++
  }

  /** Too many deliver_sm already wait for `stored()`: ask the SMSC to deliver this one later. */
  private deferIfFull(conn: Conn, seq: number): boolean {
    if (conn.awaitingStore < this.opts.maxUnansweredDeliverSm) return false
    conn.session.send(EncodedPdu.deliverSmResp(seq, SMPP_STATUS.ESME_RX_T_APPN))
    this.stats.deliverSmDeferred++
    return true
  }

  /**
   * The acknowledgement handed to listeners with a receipt or a message: answers the deliver_sm
   * the first time it is called, on the connection it came on. Once that connection is gone it
   * does nothing: the SMSC delivers the unanswered PDU again after the next bind.
   */
  private storedAck(conn: Conn, seq: number): Stored {
    conn.awaitingStore++
    let done = false
    return () => {
      if (done) return
      done = true
      if (conn.closed) return
      conn.awaitingStore--
      this.answerDeliverSm(conn, seq)
    }
  }

  private querySm(
    conn: Conn,
    providerId: string,
    sender: string | undefined,
  ): Promise<DeliveryReceipt | null> {
    const known = this.submitted.get(normaliseMessageId(providerId))
    const pdu = new smpp.PDU('query_sm', querySmFields(providerId, known, sender))
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
        done: (resp) => resolve(resp ? queryAnswer(providerId, resp, Date.now()) : null),
      })
    })
  }

  /**
   * After each PDU read: once this turn has read for TURN_BUDGET_MS (or TURN_BUDGET_PDUS), the
   * library stops taking PDUs off the socket (their bytes wait in its buffer) until the next
   * turn.
   */
  private withinTurn(conn: Conn): void {
    const now = performance.now()
    if (conn.turnStarted === 0) {
      conn.turnStarted = now
      conn.turnPdus = 1
      setImmediate(() => (conn.turnStarted = 0))
      return
    }
    conn.turnPdus++
    const spent = now - conn.turnStarted >= TURN_BUDGET_MS || conn.turnPdus >= TURN_BUDGET_PDUS
    if (!spent || conn.readPaused) return
    conn.readPaused = true
    this.pausedTurns++
    setImmediate(() => {
      conn.turnStarted = 0
      conn.readPaused = false
      if (!conn.closed) this.readPdus(conn)
    })
  }

  // ─── sending ───────────────────────────────────────────────────────────

  private pump(): void {
    this.drain()
    if (this.capacityWanted) this.notifyCapacity()
  }

  private drain(): void {
    if (this.drainLater) return
    // A wait for the next token that has not fired yet (a timer late on a busy machine) does not
    // hold back what the tokens allow now: the loop below plans the next wait itself.
    if (this.pumpTimer) {
      clearTimeout(this.pumpTimer)
      this.pumpTimer = null
    }
    // The budget is the turn's, not the call's: a claim of a thousand messages submits them
    // one after another in one turn, and each submit drains.
    const started = this.writeTurnStarted || this.startWriteTurn()
    if (performance.now() - started >= TURN_BUDGET_MS) return this.drainNextTurn()
    // One write for a burst of PDUs instead of one syscall each.
    const socket = this.conn?.session.socket
    if (socket) corkForTurn(socket)
    while (this.ready.size > 0) {
      const conn = this.conn
      if (!conn || !conn.bound || conn.closed) return
      const pacing = this.pacing
      if (pacing.windowFull()) return
      const now = Date.now()
      if (pacing.rate.recover(now)) this.onRateChanged()
      pacing.refill(now)
      if (!pacing.hasToken()) return this.schedulePump(pacing.msUntilToken())
      const job = this.ready.peek()
      if (!job) return
      const part = takePart(job)
      if (!hasSendablePart(job)) {
        this.ready.shift()
      }
      if (part === null) continue
      // A message_payload PDU becomes several SMS at the SMSC: each one counts against the rate.
      pacing.spend(job.parts.length === 1 ? job.chargedParts : 1)
      this.sendPart(conn, job, part)
      if (performance.now() - started >= TURN_BUDGET_MS) return this.drainNextTurn()
    }
  }

  /** When this turn began writing; the next turn starts a budget of its own. */
  private startWriteTurn(): number {
    this.writeTurnStarted = performance.now()
    setImmediate(() => (this.writeTurnStarted = 0))
    return this.writeTurnStarted
  }

  private drainNextTurn(): void {
    this.deferredWriteTurns++
    this.drainLater = setImmediate(() => {
      this.drainLater = null
      this.pump()
    })
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
    // Writes put off to the next turn (TURN_BUDGET_MS): nothing more would go out at once.
    if (this.drainLater) return 0
    if (this.pacing.rate.recover(now)) this.onRateChanged()
    this.pacing.refill(now)
    return Math.max(0, this.pacing.room() - this.ready.size)
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
    if (this.pacing.windowFull() || this.ready.size > 0) return
    const ms = this.pacing.msUntilToken()
    this.capacityTimer = setTimeout(
      () => {
        this.capacityTimer = null
        if (this.capacityWanted) this.notifyCapacity()
      },
      Math.max(1, ms),
    )
    this.capacityTimer.unref()
  }

  private sendPart(conn: Conn, job: SubmitJob, part: number): void {
    const fields = job.parts[part]
    if (!fields) return
    const pdu = EncodedPdu.submitSm(fields)
    if (!conn.session.send(pdu)) {
      // Not writable: nothing went out; the close that follows settles the job.
      job.retry.unshift(part)
      this.ready.add(job, Lane.Continue)
      this.teardown(conn, `${conn.label}: socket not writable`)
      return
    }
    job.inFlight++
    const sendNo = this.pacing.written()
    const seq = pdu.sequence_number
    const timer = setTimeout(() => {
      if (conn.pending.get(seq)?.kind !== 'submit') return
      conn.pending.delete(seq)
      this.pacing.released()
      job.inFlight--
      this.settle(job, {
        kind: 'unknown',
        reason: `no submit_sm_resp within ${this.opts.responseTimeoutMs} ms (part ${part + 1}/${job.parts.length})`,
      })
      this.pump()
    }, this.opts.responseTimeoutMs)
    conn.pending.set(seq, { kind: 'submit', job, part, timer, sendNo })
  }

  private onSubmitResp(
    req: { job: SubmitJob; part: number; sendNo: number },
    resp: SmppResponse,
  ): void {
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
        this.settle(job, {
          kind: 'accepted',
          providerIds,
          parts: job.chargedParts,
          ...(job.throttleRetries > 0 ? { throttled: true } : {}),
        })
      } else if (hasSendablePart(job)) {
        this.ready.add(job, Lane.Continue)
      }
      return
    }
    if (isRetryableRefusal(status)) {
      this.onThrottled(req.sendNo)
      job.throttleRetries++
      if (job.throttleRetries <= this.opts.maxThrottleRetries) {
        // Refused means not accepted: sending the same part again cannot duplicate it.
        job.retry.push(part)
        this.ready.add(job, Lane.Continue)
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
        ...(job.throttleRetries > 0 ? { throttled: true } : {}),
      })
    } else {
      this.settle(job, {
        kind: 'unknown',
        reason: `part ${part + 1}/${job.parts.length} refused (${why}) after ${job.acceptedCount} part(s) were accepted`,
      })
    }
  }

  /** The source and exact id of an accepted part, for a later query_sm. Bounded, oldest out. */
  private remember(id: string, rawId: string, fields: SubmitFields | undefined): void {
    if (!fields || this.submitted.has(id)) return
    this.submitted.set(id, { id: rawId.trim(), ...submittedSource(fields) })
    if (this.submitted.size > MAX_SUBMITTED_RECORDS) {
      const oldest = this.submitted.keys().next()
      if (!oldest.done) this.submitted.delete(oldest.value)
    }
  }

  /**
   * ESME_RTHROTTLED / ESME_RMSGQFUL: the refused part goes out again (the caller requeues it)
   * at a lower rate. Nothing pauses: the rest keeps flowing at the new rate.
   */
  private onThrottled(sendNo: number): void {
    if (this.pacing.refused(sendNo, Date.now())) this.onRateChanged()
  }

  private settle(job: SubmitJob, outcome: SubmitOutcome): void {
    if (job.settled) return
    job.settled = true
    if (job.inReady) this.ready.forget(job)
    job.resolve(outcome)
  }
}
