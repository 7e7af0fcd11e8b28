/**
 * What every HTTP provider shares: its connection state (ready / reconnecting / paused), the
 * back-off after a transport failure, and the translation of transport failures into submit
 * outcomes — which depends only on whether the provider dedupes on a client key.
 * A provider module extends this and implements its own requests and answer mapping.
 */
import { EventEmitter } from 'node:events'
import type { SessionState } from '../../../shared/contract'
import { maskSecrets } from '../mask'
import type { PhraseRef } from '../../../shared/domain'
import { errorText, scrubPhrase } from './error-phrase'
import { ProviderHttpError } from './http'
import type {
  DeliveryReceipt,
  OutgoingSms,
  ProviderCapabilities,
  ProviderConnection,
  ProviderEvents,
  SubmitOutcome,
} from './types'

export interface HttpProviderBaseOptions {
  profileId: string
  /** Base URL of this customer's endpoint, e.g. http://10.0.0.5:8080/ (each customer has their own). */
  baseUrl: string
  /** Connect + read timeout per request (default 5 s, as the OsonSMS and GETSMS documents use). */
  timeoutMs?: number
  /** First pause after the provider could not be reached (default 2 s), doubling up to retryMaxMs. */
  retryInitialMs?: number
  retryMaxMs?: number
  /** Send requests per second at most (the profile's rate limit); unlimited when absent. */
  requestsPerSecond?: number
}

export abstract class HttpProvider implements ProviderConnection {
  abstract readonly capabilities: ProviderCapabilities
  /** Name used in error texts, e.g. "OsonSMS". */
  protected abstract readonly providerName: string

  readonly profileId: string
  protected readonly timeoutMs: number
  private readonly emitter = new EventEmitter()
  private current: SessionState
  private running = false
  private failures = 0
  private retryTimer: NodeJS.Timeout | null = null
  private nextSlot = 0
  private capacityTimer: NodeJS.Timeout | null = null

  constructor(protected readonly base: HttpProviderBaseOptions) {
    this.profileId = base.profileId
    this.timeoutMs = base.timeoutMs ?? 5000
    this.current = {
      profileId: base.profileId,
      status: 'stopped',
      host: hostOf(base.baseUrl),
      detail: null,
      retryAt: null,
    }
  }

  /** Sends up to capabilities.batchSize messages in one request; outcomes in the same order. */
  protected abstract sendRequest(batch: readonly OutgoingSms[]): Promise<SubmitOutcome[]>

  /**
   * The profile's secrets (password, token, API key). A provider may echo its request back in an
   * error page or an error text; whatever this connection says — outcomes, receipts, its state,
   * the errors it throws — has them blanked out, in any encoding (see ../mask).
   */
  protected abstract secrets(): readonly string[]

  /** `text` with the profile's secrets blanked out. */
  protected mask(text: string): string {
    return maskSecrets(text, this.secrets())
  }

  /** A submit outcome with the provider's words in it masked. */
  protected maskOutcome(o: SubmitOutcome): SubmitOutcome {
    if (o.kind === 'accepted')
      return o.note ? { ...o, note: { ...o.note, reason: this.mask(o.note.reason) } } : o
    return { ...o, reason: this.mask(o.reason) }
  }

  /** A receipt with the provider's words in it (its reason, its raw answer) masked. */
  protected maskReceipt(r: DeliveryReceipt): DeliveryReceipt {
    return {
      ...r,
      stat: this.mask(r.stat),
      err: r.err === null ? null : this.mask(r.err),
      reason: r.reason ? this.mask(r.reason) : (r.reason ?? null),
      raw: this.mask(r.raw),
    }
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.failures = 0
    this.setState({ status: 'ready', detail: null, retryAt: null })
  }

  async stop(): Promise<void> {
    this.running = false
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = null
    if (this.capacityTimer) clearTimeout(this.capacityTimer)
    this.capacityTimer = null
    this.setState({ status: 'stopped', detail: null, retryAt: null })
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

  protected emit<K extends keyof ProviderEvents>(
    event: K,
    ...args: Parameters<ProviderEvents[K]>
  ): void {
    this.emitter.emit(event, ...args)
  }

  async submit(sms: OutgoingSms): Promise<SubmitOutcome> {
    const [outcome] = await this.submitBatch([sms])
    return outcome ?? { kind: 'unknown', reason: `${this.providerName} returned no outcome` }
  }

  async submitBatch(batch: readonly OutgoingSms[]): Promise<SubmitOutcome[]> {
    await this.pace()
    if (this.current.status !== 'ready') {
      const reason = `${this.providerName} profile is ${this.current.status}${this.current.detail ? `: ${this.current.detail}` : ''}`
      return batch.map(() => ({ kind: 'not-sent', reason }))
    }
    let outcomes: SubmitOutcome[]
    try {
      outcomes = (await this.sendRequest(batch)).map((o) => this.maskOutcome(o))
    } catch (err) {
      return batch.map(() => this.transportOutcome(err))
    }
    this.failures = 0
    const paused = outcomes.find((o) => o.kind === 'paused')
    if (paused && paused.kind === 'paused') this.pause(paused.reason)
    return outcomes
  }

  /**
   * One request's worth of messages when the profile's rate lets a request go now, else 0 (and
   * `capacity` fires when it does): the dispatcher marks `sending` only what goes out at once,
   * so a crash never leaves uncertain a message still waiting for its turn here.
   */
  capacity(): number {
    const rate = this.base.requestsPerSecond
    if (!rate || rate <= 0) return Infinity
    const wait = this.nextSlot - Date.now()
    if (wait <= 0) return Math.max(1, this.capabilities.batchSize)
    if (!this.capacityTimer) {
      this.capacityTimer = setTimeout(() => {
        this.capacityTimer = null
        this.emit('capacity')
      }, wait)
      this.capacityTimer.unref()
    }
    return 0
  }

  /** Spaces send requests evenly at the profile's rate: the provider never sees a burst. */
  private async pace(): Promise<void> {
    const rate = this.base.requestsPerSecond
    if (!rate || rate <= 0) return
    const now = Date.now()
    const slot = Math.max(now, this.nextSlot)
    this.nextSlot = slot + 1000 / rate
    if (slot > now) await new Promise((r) => setTimeout(r, slot - now))
  }

  /** A transport failure as an outcome: whether a resend is safe depends on the provider's key. */
  protected transportOutcome(err: unknown): SubmitOutcome {
    const reason = this.mask(errorText(err))
    if (err instanceof ProviderHttpError && !err.maybeDelivered) {
      this.backOff(reason, err.phrase)
      return { kind: 'not-sent', reason }
    }
    if (!(err instanceof ProviderHttpError)) return { kind: 'unknown', reason }
    if (err.failure !== 'malformed') this.backOff(reason, err.phrase)
    return this.capabilities.idempotencyKey
      ? { kind: 'retry', reason }
      : { kind: 'unknown', reason }
  }

  noteFailure(err: unknown): void {
    // An answer that could not be read says nothing about reaching the provider.
    if (err instanceof ProviderHttpError && err.failure !== 'malformed') {
      this.backOff(errorText(err), err.phrase)
    }
  }

  /** Login, balance or whitelist trouble: nothing more goes out until the operator acts. */
  pause(said: string): void {
    const reason = this.mask(said)
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = null
    if (this.current.status === 'paused' && this.current.detail === reason) return
    this.setState({ status: 'paused', detail: reason, retryAt: null })
  }

  /** After a pause: the operator says to try again. */
  resume(): void {
    if (!this.running) return
    this.failures = 0
    this.setState({ status: 'ready', detail: null, retryAt: null })
  }

  private backOff(said: string, saidAs: PhraseRef | null = null): void {
    if (!this.running || this.current.status === 'paused') return
    const detail = this.mask(said)
    const detailPhrase = saidAs && scrubPhrase(saidAs, (t) => this.mask(t))
    this.failures++
    const initial = this.base.retryInitialMs ?? 2000
    const max = this.base.retryMaxMs ?? 60_000
    const delay = Math.min(max, initial * 2 ** (this.failures - 1)) * (0.8 + Math.random() * 0.4)
    const retryAt = Date.now() + Math.round(delay)
    this.setState({ status: 'reconnecting', detail, detailPhrase, retryAt })
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      if (this.running && this.current.status === 'reconnecting')
        this.setState({ status: 'ready', retryAt: null })
    }, retryAt - Date.now())
    this.retryTimer.unref()
  }

  private setState(patch: Partial<Omit<SessionState, 'profileId'>>): void {
    this.current = { ...this.current, ...patch }
    // A new reason without a phrase of its own is not worded by the last one's.
    if ('detail' in patch && !('detailPhrase' in patch)) this.current.detailPhrase = null
    this.emit('state', this.state())
  }

  /** Joins the profile's base URL and a path of the API. */
  protected endpoint(path: string): string {
    return new URL(
      path.replace(/^\//, ''),
      this.base.baseUrl.endsWith('/') ? this.base.baseUrl : `${this.base.baseUrl}/`,
    ).toString()
  }
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host
  } catch {
    return null
  }
}
