/**
 * smsgate cascading gateway (Viber → WhatsApp → VK → SMS): one message tries its channels in
 * order and falls through on non-delivery. Three interchangeable interfaces (JSON default, GET,
 * XML) chosen per profile; login + password or a Bearer token. JSON and XML carry our
 * client_id_message, so a resend after a lost answer cannot double-send; GET carries none.
 * The provider refuses identical requests within a minute, so the client never repeats one.
 */
import { createHash } from 'node:crypto'
import type { ChannelName, MessageDraft } from '../../../../shared/domain'
import { analyzeSms } from '../../../../shared/sms'
import {
  httpRequest,
  malformed,
  parseJsonReply,
  ProviderHttpError,
  type HttpReply,
  type HttpRequest,
} from '../http'
import { HttpProvider, type HttpProviderBaseOptions } from '../http-provider'
import { classifySmsgateError, describeSmsgateError, smsgateErrorOutcome } from './errors'
import { buildGetSend, buildGetState, GET_PATH, parseGetSendReply, parseGetStateReply } from './get'
import {
  buildJsonSend,
  buildJsonState,
  JSON_PATH,
  parseJsonSendReply,
  parseJsonStateReply,
  type SmsgateCredentials,
} from './json'
import {
  smsgateReceipt,
  stateOutcome,
  type SmsgatePlan,
  type SmsgateSendItem,
  type SmsgateState,
} from './receipt'
import {
  SMSGATE_LIMITS,
  validateSmsgateDraft,
  validateSmsgateMessage,
  type SmsgateInterface,
  type SmsgateMessage,
  type SmsgateMessageDefaults,
  type SmsgateMessageInput,
  type SmsgateValidation,
} from './validate'
import {
  buildXmlSend,
  buildXmlState,
  parseXmlSendReply,
  parseXmlStateReply,
  XML_SEND_PATH,
  XML_STATE_PATH,
} from './xml'
import type {
  DeliveryReceipt,
  Objection,
  OutgoingSms,
  ProviderCapabilities,
  StatusQuery,
  SubmitOutcome,
} from '../types'

export { validateSmsgateMessage, SMSGATE_LIMITS }
export type { SmsgateInterface, SmsgateValidation }
export {
  classifySmsgateError,
  describeSmsgateError,
  smsgateErrorOutcome,
  SMSGATE_ERRORS,
  SMSGATE_ERROR_TEXTS,
} from './errors'
export { smsgateReceipt } from './receipt'

/** Non-secret profile settings (JSON-serialisable). The password or token is the secret. */
export interface SmsgateSettings {
  login: string
  /** Which of the three interfaces to speak (default 'json'). */
  interface?: SmsgateInterface
  /** 'password': login + password in the request; 'token': Authorization: Bearer <secret>. */
  auth?: 'password' | 'token'
  /** Default sender per channel (Viber and SMS senders are required when those channels are used). */
  senders?: Partial<Record<ChannelName, string>>
  /** name_delivery for mailings that do not name their own (JSON/XML only). */
  mailingName?: string
  /** VK goes out only as a VK-approved template; its id and fixed parameters. */
  vkTemplateId?: string | number
  vkTemplateData?: Record<string, string>
  /** Zone of time_send (default Europe/Moscow, [assumed]). */
  timeZone?: string
  /** Messages per JSON/XML request (default 50, at most 100); GET is always 1. */
  batchSize?: number
  /** The provider's identical-request window (default one minute, per the document). */
  duplicateWindowMs?: number
}

export type SmsgateProviderOptions = HttpProviderBaseOptions & SmsgateSettings & { secret: string }

export const SMSGATE_CAPABILITIES: ProviderCapabilities = {
  batchSize: 50,
  receipts: 'poll',
  idempotencyKey: true,
  balance: false,
  hlr: false,
  dedicatedNumbers: false,
  inbound: 'none',
  channels: ['viber', 'whatsapp', 'vk', 'sms'],
  verifyByCall: false,
  exportJobs: false,
}

/** GET has no client_id_message: one message a request and no safe resend. */
export const SMSGATE_GET_CAPABILITIES: ProviderCapabilities = {
  ...SMSGATE_CAPABILITIES,
  batchSize: 1,
  idempotencyKey: false,
}

export function smsgateCapabilities(
  settings: Pick<SmsgateSettings, 'interface' | 'batchSize'>,
): ProviderCapabilities {
  if (settings.interface === 'get') return SMSGATE_GET_CAPABILITIES
  const size = Math.floor(settings.batchSize ?? SMSGATE_CAPABILITIES.batchSize)
  return { ...SMSGATE_CAPABILITIES, batchSize: Math.min(100, Math.max(1, size || 1)) }
}

const STATE_CHUNK = 100
const REMEMBERED = 50_000

/**
 * Identical requests the provider would refuse: when each last went out. A small map, pruned
 * as it grows; entries older than the window mean nothing.
 */
class RecentRequests {
  private readonly seen = new Map<string, number>()
  constructor(private readonly windowMs: number) {}

  /** ms since an identical request went out within the window; else null, and it is recorded. */
  claim(key: string, now: number): number | null {
    if (this.windowMs <= 0) return null
    if (this.seen.size > 1000)
      for (const [k, at] of this.seen) if (now - at >= this.windowMs) this.seen.delete(k)
    const at = this.seen.get(key)
    if (at !== undefined && now - at < this.windowMs) return now - at
    this.seen.set(key, now)
    return null
  }

  forget(key: string): void {
    this.seen.delete(key)
  }
}

/** A Map that drops its oldest entries past a size. */
class Bounded<V> extends Map<string, V> {
  constructor(private readonly max: number) {
    super()
  }
  override set(key: string, value: V): this {
    super.delete(key)
    super.set(key, value)
    if (this.size > this.max) {
      const oldest = this.keys().next().value
      if (oldest !== undefined) super.delete(oldest)
    }
    return this
  }
}

type Prepared = Omit<HttpRequest, 'provider' | 'call' | 'timeoutMs' | 'secrets'>

export class SmsgateProvider extends HttpProvider {
  readonly capabilities: ProviderCapabilities
  protected readonly providerName = 'smsgate'
  private readonly iface: SmsgateInterface
  private readonly settings: SmsgateSettings
  private readonly secret: string
  private readonly recent: RecentRequests
  private readonly plans = new Bounded<SmsgatePlan>(REMEMBERED)
  /** Last non-final state signature per id, so an unchanged "in progress" is not re-reported. */
  private readonly lastSeen = new Bounded<string>(REMEMBERED)

  constructor(options: SmsgateProviderOptions) {
    const { secret, ...rest } = options
    super(rest)
    this.secret = secret
    this.settings = rest
    this.iface = rest.interface ?? 'json'
    this.capabilities = smsgateCapabilities(rest)
    this.recent = new RecentRequests(rest.duplicateWindowMs ?? 60_000)
  }

  protected secrets(): readonly string[] {
    return [this.secret]
  }

  check(draft: MessageDraft): Objection | null {
    const v = validateSmsgateDraft(draft, this.defaults())
    return v.ok ? null : { field: v.path, reason: v.reason, phrase: v.phrase }
  }

  /** The checks a message must pass before it is sent. */
  validate(sms: SmsgateMessageInput, now = Date.now()): SmsgateValidation {
    return validateSmsgateMessage(sms, this.defaults(), now)
  }

  /** What the profile says of a message that does not say it itself. */
  private defaults(): SmsgateMessageDefaults {
    return {
      interface: this.iface,
      senders: this.settings.senders,
      mailingName: this.settings.mailingName,
      vkTemplateId: this.settings.vkTemplateId,
      vkTemplateData: this.settings.vkTemplateData,
      timeZone: this.settings.timeZone,
    }
  }

  private get credentials(): SmsgateCredentials {
    return this.settings.auth === 'token'
      ? null
      : { login: this.settings.login, password: this.secret }
  }

  private async exchange(call: string, req: Prepared): Promise<HttpReply> {
    return httpRequest({
      provider: this.providerName,
      call,
      timeoutMs: this.timeoutMs,
      secrets: [this.secret],
      ...req,
      headers: this.settings.auth === 'token' ? { Authorization: `Bearer ${this.secret}` } : {},
    })
  }

  /** Fingerprint of a request as the provider would compare it. */
  private fingerprint(req: Prepared): string {
    const h = createHash('sha256')
    h.update(`${req.method} ${req.url}\n`)
    for (const [k, v] of Object.entries(req.query ?? {})) h.update(`${k}=${v}&`)
    h.update(req.json !== undefined ? JSON.stringify(req.json) : (req.body?.text ?? ''))
    return h.digest('hex')
  }

  protected async sendRequest(batch: readonly OutgoingSms[]): Promise<SubmitOutcome[]> {
    const outcomes: Array<SubmitOutcome | null> = batch.map(() => null)
    const valid: Array<{ index: number; message: SmsgateMessage }> = []
    for (const [index, sms] of batch.entries()) {
      const v = this.validate(sms)
      if (v.ok) valid.push({ index, message: v.message })
      else outcomes[index] = { kind: 'rejected', code: v.field, reason: `Not sent: ${v.reason}` }
    }
    if (this.iface === 'get') {
      for (const [n, { index, message }] of valid.entries()) {
        try {
          outcomes[index] = await this.sendGet(message)
        } catch (err) {
          // One request for the whole batch: let the base class handle it as a transport failure.
          if (batch.length === 1) throw err
          outcomes[index] = this.transportOutcome(err)
          for (const rest of valid.slice(n + 1))
            outcomes[rest.index] = {
              kind: 'not-sent',
              reason: 'an earlier message of the batch failed',
            }
          break
        }
      }
    } else if (valid.length > 0) {
      try {
        const results = await this.sendDocument(valid.map((v) => v.message))
        for (const [n, { index }] of valid.entries()) outcomes[index] = results[n] ?? null
      } catch (err) {
        if (valid.length === batch.length) throw err
        for (const { index } of valid) outcomes[index] = this.transportOutcome(err)
      }
    }
    return outcomes.map(
      (o) => o ?? { kind: 'retry', reason: 'smsgate answered without an entry for this message' },
    )
  }

  /** Sends the prepared request unless an identical one went out within the provider's window. */
  private async guarded(
    call: string,
    req: Prepared,
  ): Promise<{ reply: HttpReply } | { tooSoon: number }> {
    const key = this.fingerprint(req)
    const since = this.recent.claim(key, Date.now())
    if (since !== null) return { tooSoon: since }
    try {
      return { reply: await this.exchange(call, req) }
    } catch (err) {
      // It never arrived, so it does not count as the provider's "identical request".
      if (err instanceof ProviderHttpError && !err.maybeDelivered) this.recent.forget(key)
      throw err
    }
  }

  private tooSoonOutcome(ms: number): SubmitOutcome {
    return {
      kind: 'not-sent',
      reason: `smsgate refuses an identical request within a minute and one went out ${Math.round(ms / 1000)} s ago: waiting before sending again`,
    }
  }

  private async sendDocument(messages: SmsgateMessage[]): Promise<SubmitOutcome[]> {
    const call = 'send'
    const req: Prepared =
      this.iface === 'json'
        ? {
            method: 'POST',
            url: this.endpoint(JSON_PATH),
            json: buildJsonSend(messages, this.credentials),
          }
        : {
            method: 'POST',
            url: this.endpoint(XML_SEND_PATH),
            body: {
              contentType: 'text/xml; charset=utf-8',
              text: buildXmlSend(messages, this.credentials),
            },
          }
    const sent = await this.guarded(call, req)
    if ('tooSoon' in sent) return messages.map(() => this.tooSoonOutcome(sent.tooSoon))
    const { reply } = sent
    const ctx = { provider: this.providerName, call, secrets: [this.secret] }
    const parsed =
      this.iface === 'json'
        ? parseJsonSendReply(parseJsonReply(ctx, reply))
        : parseXmlSendReply(reply.text)
    if (!parsed)
      throw malformed(ctx, reply, `not a send answer of the ${this.iface.toUpperCase()} interface`)
    if (parsed.kind === 'error') {
      // About the whole request: "already sent under this client_id_message" can be taken as
      // ours only when the request carried one message.
      const one = messages.length === 1
      return messages.map((m) =>
        classifySmsgateError(parsed.error).code === 'duplicate-client-id' && !one
          ? { kind: 'retry', reason: describeSmsgateError(parsed.error) }
          : smsgateErrorOutcome(parsed.error, true, estimateParts(m)),
      )
    }
    return messages.map((m, i) => {
      const entry = parsed.messages[i]
      if (!entry)
        return { kind: 'retry', reason: 'smsgate answered without an entry for this message' }
      if (!Array.isArray(entry)) return smsgateErrorOutcome(entry.error, true, estimateParts(m))
      const item =
        entry.find((it) => it.clientId?.trim() === String(m.clientId)) ??
        entry.find((it) => it.phone?.replace(/^\+/, '') === m.phone) ??
        (entry.length === 1 ? entry[0] : undefined)
      if (!item)
        return { kind: 'retry', reason: 'smsgate answered without this phone in its entry' }
      return this.itemOutcome(m, item, true)
    })
  }

  private itemOutcome(m: SmsgateMessage, item: SmsgateSendItem, keyed: boolean): SubmitOutcome {
    if (!item.ok) return smsgateErrorOutcome(item.error, keyed, estimateParts(m))
    this.plans.set(item.idMessage, {
      order: m.channels.map((c) => c.channel),
      finalOnRead: m.finalOnRead,
      validityMinutes: m.validityMinutes,
    })
    return {
      kind: 'accepted',
      providerIds: [item.idMessage],
      parts: item.parts ?? estimateParts(m),
    }
  }

  private async sendGet(m: SmsgateMessage): Promise<SubmitOutcome> {
    const call = 'send'
    const query = buildGetSend(m, this.credentials)
    const url = new URL(this.endpoint(GET_PATH))
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v)
    if (url.toString().length > SMSGATE_LIMITS.getUrlMax)
      return {
        kind: 'rejected',
        code: 'url-length',
        reason: `Not sent: the message makes a ${url.toString().length}-character GET address; smsgate advises at most ${SMSGATE_LIMITS.getUrlMax}. Switch the profile to the JSON or XML interface`,
      }
    const sent = await this.guarded(call, { method: 'GET', url: this.endpoint(GET_PATH), query })
    if ('tooSoon' in sent) return this.tooSoonOutcome(sent.tooSoon)
    const { reply } = sent
    const ctx = { provider: this.providerName, call, secrets: [this.secret] }
    const parsed = reply.status < 500 ? parseGetSendReply(reply.text) : null
    if (!parsed) throw malformed(ctx, reply, 'not a send answer of the GET interface')
    if (parsed.kind === 'error') return smsgateErrorOutcome(parsed.error, false)
    const id = parsed.ids[0] ?? ''
    return this.itemOutcome(
      m,
      {
        ok: true,
        idMessage: id,
        clientId: null,
        phone: m.phone,
        parts: null,
        channelIds: {},
        status: null,
      },
      false,
    )
  }

  /**
   * What smsgate knows now about these messages. Unchanged in-progress states are not
   * repeated; final ones always are. Ids polled less than a minute ago are skipped (the
   * provider would refuse the identical request).
   *
   * 'missing': smsgate answers "no message with this ID was accepted" (the document's own
   * example of an error state; time_change_state is then empty). The document offers a status
   * query by id_message only, not by our client_id_message, so a message whose send answer was
   * lost (no id_message) cannot be asked about this way — with JSON/XML its resend is safe
   * anyway, smsgate never sending a client_id_message twice.
   */
  async pollStatus(queries: readonly StatusQuery[]): Promise<DeliveryReceipt[]> {
    const ids = [
      ...new Set(queries.map((q) => q.providerIds[0]?.trim()).filter((id): id is string => !!id)),
    ]
    const states: SmsgateState[] = []
    if (this.iface === 'get') {
      for (const id of ids) {
        try {
          const s = await this.stateGet(id)
          if (s) states.push(s)
        } catch (err) {
          if (states.length === 0) throw err
          break
        }
      }
    } else {
      for (let i = 0; i < ids.length; i += STATE_CHUNK) {
        try {
          const got = await this.stateDocument(ids.slice(i, i + STATE_CHUNK))
          if (got === 'paused') break
          states.push(...got)
        } catch (err) {
          if (states.length === 0) throw err
          break
        }
      }
    }
    const now = Date.now()
    const receipts: DeliveryReceipt[] = []
    for (const s of states) {
      const r = smsgateReceipt(s, this.plans.get(s.idMessage) ?? null, now)
      const final = ['delivered', 'failed', 'expired', 'missing'].includes(r.outcome)
      const signature = `${s.state}|${JSON.stringify(s.channels)}|${JSON.stringify(s.prices)}`
      if (!final && this.lastSeen.get(s.idMessage) === signature) continue
      if (final) this.lastSeen.delete(s.idMessage)
      else this.lastSeen.set(s.idMessage, signature)
      receipts.push(this.maskReceipt(r))
    }
    return receipts
  }

  /** A whole-request error on a status call: pause on account trouble, otherwise no news. */
  private stateError(error: string): 'paused' | [] {
    const kind = classifySmsgateError(error)
    if (kind.outcome === 'paused') {
      this.pause(describeSmsgateError(error))
      return 'paused'
    }
    return []
  }

  private async stateDocument(ids: string[]): Promise<SmsgateState[] | 'paused'> {
    const call = 'status'
    const req: Prepared =
      this.iface === 'json'
        ? {
            method: 'POST',
            url: this.endpoint(JSON_PATH),
            json: buildJsonState(ids, this.credentials),
          }
        : {
            method: 'POST',
            url: this.endpoint(XML_STATE_PATH),
            body: {
              contentType: 'text/xml; charset=utf-8',
              text: buildXmlState(ids, this.credentials),
            },
          }
    const sent = await this.guarded(call, req)
    if ('tooSoon' in sent) return []
    const { reply } = sent
    const ctx = { provider: this.providerName, call, secrets: [this.secret] }
    const parsed =
      this.iface === 'json'
        ? parseJsonStateReply(parseJsonReply(ctx, reply))
        : parseXmlStateReply(reply.text)
    if (!parsed)
      throw malformed(
        ctx,
        reply,
        `not a status answer of the ${this.iface.toUpperCase()} interface`,
      )
    if (parsed.kind === 'error') return this.stateError(parsed.error)
    return parsed.states
  }

  private async stateGet(id: string): Promise<SmsgateState | null> {
    const call = 'status'
    const sent = await this.guarded(call, {
      method: 'GET',
      url: this.endpoint(GET_PATH),
      query: buildGetState(id, this.credentials),
    })
    if ('tooSoon' in sent) return null
    const { reply } = sent
    const ctx = { provider: this.providerName, call, secrets: [this.secret] }
    const s = reply.status < 500 ? parseGetStateReply(reply.text, id) : null
    if (!s) throw malformed(ctx, reply, 'not a status answer of the GET interface')
    // A plain-text error about the account rather than this message's state.
    if (stateOutcome(s.state) === 'unknown' && classifySmsgateError(s.state).outcome === 'paused') {
      this.stateError(s.state)
      return null
    }
    if (classifySmsgateError(s.state).code === 'duplicate-request') return null
    return s
  }
}

/** Parts of the first channel when the answer does not say: Viber/WhatsApp/VK 1, SMS its parts. */
function estimateParts(m: SmsgateMessage): number {
  const first = m.channels[0]
  return first?.channel === 'sms' && first.text ? analyzeSms(first.text).parts : 1
}
