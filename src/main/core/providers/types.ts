/**
 * What the dispatcher and outbox need from any provider: a persistent SMPP session or an HTTP
 * API. A provider never leaks its wire format past its own module: it speaks in these terms,
 * and the dispatcher decides by capability flags, never by which provider it is.
 */
import type { SessionState } from '../../../shared/contract'
import type { ChannelName, DedicatedNumber, MessageDraft, PhraseRef } from '../../../shared/domain'

export interface ProviderCapabilities {
  /** Most messages one send request may carry (1: one at a time). */
  batchSize: number
  /** 'push': receipts arrive as `receipt` events; 'poll': the dispatcher calls pollStatus. */
  receipts: 'push' | 'poll'
  /** The provider dedupes on a client key: a resend after a lost answer cannot double-send. */
  idempotencyKey: boolean
  balance: boolean
  hlr: boolean
  dedicatedNumbers: boolean
  inbound: 'push' | 'poll' | 'none'
  channels: readonly ChannelName[]
  /** The customer verifies their number by calling one the provider names (`waitCall`). */
  verifyByCall: boolean
  /**
   * The provider exports the account's sent messages as a deferred job (SMSC `downloads.php`):
   * createExportJob, listExportJobs and downloadExport, to reconcile its record with ours.
   */
  exportJobs: boolean
}

/**
 * A provider's objection to a message: in English, and as a phrase for the operator's language,
 * naming the draft's field it objects to (`phone`, `text`, `cascade.viberButton.url`, …) so
 * the agent sees it next to that field.
 */
export interface Objection {
  field: string
  reason: string
  phrase: PhraseRef
}

/**
 * A message claimed from the outbox, as the provider gets it: the draft the agent wrote (its
 * phone normalised) and what the outbox adds to send it.
 */
export interface OutgoingSms extends MessageDraft {
  /** Outbox row id. */
  id: number
  /**
   * Stable for the life of the message, the same on every retry: providers that dedupe on a
   * client key (OsonSMS txn_id, SMSC id, smsgate client_id_message) derive theirs from it.
   */
  idempotencyKey: string
  /** A positive integer unique to this message for providers whose key must be a number. */
  numericKey: number
  /** Ask for delivery receipts (SMPP registered_delivery). */
  wantReceipt: boolean
  /** A one-off an agent is waiting on: goes ahead of bulk already waiting in the connection. */
  urgent?: boolean
  /** Epoch ms: send at this time (providers that schedule server-side). */
  sendAt?: number | null
}

/**
 * Outcome of one submit. What separates them is whether the message may have reached the
 * provider, because that decides whether sending it again could deliver it twice.
 */
export type SubmitOutcome =
  /**
   * Taken by the provider. `note` says what the agent should know about it (for example that
   * no delivery report can follow because the answer carried no provider id), as English text
   * and a stable reason code the renderer translates.
   */
  | {
      kind: 'accepted'
      providerIds: string[]
      parts: number
      note?: { reason: string; reasonCode: string } | null
      /** The provider refused it for its rate at least once before taking it (throttling). */
      throttled?: boolean
    }
  /** Refused for this message only (bad number, forbidden text): final. */
  | {
      kind: 'rejected'
      code: number | string
      reason: string
      reasonCode?: string | null
      throttled?: boolean
    }
  /** No byte of it reached the provider: safe to send again. */
  | { kind: 'not-sent'; reason: string }
  /** It may have reached the provider, but the provider dedupes on our key: send again, same key. */
  | { kind: 'retry'; reason: string; reasonCode?: string | null; throttled?: boolean }
  /** It may have reached the provider and nothing prevents a double: never resend silently. */
  | { kind: 'unknown'; reason: string; reasonCode?: string | null }
  /** A problem of the whole profile (login, balance, IP whitelist): keep it queued, pause the profile. */
  | { kind: 'paused'; code: number | string; reason: string; reasonCode?: string | null }

/**
 * Final or intermediate state a receipt reports for one message (or one part). 'missing': the
 * provider says it holds no message under that id or key (it never arrived), which is what
 * lets an uncertain message be sent again safely.
 */
export type ReceiptOutcome =
  'delivered' | 'failed' | 'expired' | 'accepted' | 'enroute' | 'unknown' | 'missing'

export interface HlrResult {
  imsi: string
  msc: string
  mcc: string
  mnc: string
  /** Home country and operator. */
  cn: string
  net: string
  /** Roaming country and operator (empty when at home). */
  rcn: string
  rnet: string
}

export interface DeliveryReceipt {
  /** Provider message id, normalised by the provider module. */
  providerId: string
  outcome: ReceiptOutcome
  /** Raw status word or code as the provider sent it, e.g. DELIVRD, 1, deliver. */
  stat: string
  /** Provider error code, or null. */
  err: string | null
  /** The operator-readable reason for a failure (or a detail), in English; null if none. */
  reason?: string | null
  /**
   * Stable machine code of the reason (`smpp:stat:UNDELIV`, `smsc:err:253`, …): the renderer
   * translates by it. Null or absent when the provider gave nothing more than the outcome.
   */
  reasonCode?: string | null
  /** Channel that delivered or failed (cascades). */
  channel?: ChannelName | null
  /** Price as the provider states it (string: providers send decimals as text). */
  price?: string | null
  /**
   * What each channel cost, for cascades that charge per channel tried (smsgate's price_sms,
   * price_viber, …); `price` is their sum. Absent for single-channel providers.
   */
  prices?: Partial<Record<ChannelName, string>> | null
  /** Present when the receipt answers an HLR request. */
  hlr: HlrResult | null
  /** The receipt exactly as received, kept for the record. */
  raw: string
  receivedAt: number
}

export interface InboundSms {
  from: string
  to: string
  text: string
  receivedAt: number
  /**
   * The provider's own id of it, where it gives one (SMSC's): the same message fetched again or
   * posted to a handler too is kept once.
   */
  ref?: string | null
}

/** One accepted message whose status the dispatcher asks about. */
export interface StatusQuery {
  /** Outbox row id. */
  id: number
  idempotencyKey: string
  numericKey: number
  providerIds: string[]
  phone: string
  /** The sender it went from (SMPP's query_sm names the original source address). */
  sender?: string
}

/**
 * What a provider posted to a handler of ours (a team server can be reached), once its control
 * value matched: a delivery status, or a message in (a verifying call is one, `[waitcall]`).
 */
export type ProviderCallback =
  | { kind: 'status'; providerId: string; receipt: DeliveryReceipt }
  | { kind: 'inbound' | 'waitcall'; ref: string | null; sms: InboundSms }

/** A call to the handler: what it said, or why it is refused (and nothing changes). */
export type CallbackVerdict =
  | { ok: true; callback: ProviderCallback }
  /** `unsigned`: no control value; `forged`: it does not match; `malformed`: fields missing. */
  | { ok: false; problem: 'unsigned' | 'forged' | 'malformed'; detail: string }

export interface Balance {
  amount: number
  currency: string | null
}

/** A period of the provider's own calendar: whole days, `YYYY-MM-DD`, both included. */
export interface ExportPeriod {
  from: string
  to: string
  /** The job's name as the provider lists it. */
  name?: string
}

/** A provider's deferred export of the account's sent messages (SMSC `downloads.php`). */
export interface ExportJob {
  /** The provider's id of the job. */
  id: string
  name: string
  /** Its status as the provider states it: `status` is the code as it came. */
  state: 'waiting' | 'running' | 'done' | 'cancelled' | 'failed' | 'unknown'
  status: number
  /** Epoch ms; null when the provider gave none it could be read as. */
  createdAt: number | null
  startedAt: number | null
  /** The file a done job's messages download as. */
  file: string | null
}

/** One message of the provider's own record of what the account sent (an export's row). */
export interface SentRecord {
  /** Line of the file it was read from (1-based, as a spreadsheet numbers it). */
  line: number
  /** The provider's id of it (SMSC: our numeric key, for messages the console sent). */
  providerId: string | null
  /** Digits, without `+`. */
  phone: string
  sender: string
  sentAt: number | null
  /** Its status as a receipt would carry it: what adopting it moves our message by. */
  outcome: ReceiptOutcome
  stat: string
  err: string | null
  reason: string | null
  reasonCode: string | null
  /** What it cost, as the provider states it. */
  price: number | null
  parts: number | null
  text: string
}

/**
 * Called by whoever stores a receipt or an inbound message, once it is durable. A provider that
 * acknowledges what it pushes (SMPP's deliver_sm_resp) answers only then, so a report the
 * console could not store (a full disk, a crash) is delivered again by the provider.
 */
export type Stored = () => void

export interface ProviderEvents {
  state: (state: SessionState) => void
  receipt: (receipt: DeliveryReceipt, stored: Stored) => void
  inbound: (sms: InboundSms, stored: Stored) => void
  /** `capacity()` went from 0 to more: the dispatcher may claim again. */
  capacity: () => void
}

export interface ProviderConnection {
  readonly profileId: string
  readonly capabilities: ProviderCapabilities
  start(): void
  /** Graceful: unbind / close; pending submits resolve as `unknown` or `not-sent`. */
  stop(): Promise<void>
  /**
   * What is wrong with a message for this provider (a number it cannot take, a Viber button
   * without a link, …), or null. Asked before queueing so the agent hears it at once.
   */
  check?(draft: MessageDraft): Objection | null
  /**
   * How many more messages the connection would write to the provider right now (its rate
   * allowance and window), so the dispatcher marks `sending` only what goes out at once.
   * Absent: as many as the dispatcher's own window allows. When it returns 0 the connection
   * emits `capacity` once it can take more.
   */
  capacity?(): number
  submit(sms: OutgoingSms): Promise<SubmitOutcome>
  /**
   * A request of this connection other than a send failed (a connection test, a balance, an
   * inbound poll): where the failure says the provider cannot be reached, the connection's state
   * says so as after a failed send, rather than "ready" until a real send fails.
   */
  noteFailure?(err: unknown): void
  /** Several messages in one request (capabilities.batchSize > 1); outcomes in the same order. */
  submitBatch?(batch: readonly OutgoingSms[]): Promise<SubmitOutcome[]>
  /**
   * What the provider knows now about these messages. receipts === 'poll': the dispatcher asks
   * on a schedule; a push provider that also answers questions (SMPP query_sm) offers it for
   * Check status and for settling uncertain messages after a reconnect.
   */
  pollStatus?(queries: readonly StatusQuery[]): Promise<DeliveryReceipt[]>
  balance?(): Promise<Balance>
  /**
   * What the provider would charge per part for a message to this number, asked without
   * sending anything (SMSC's `cost=1`); null when it will not say.
   */
  partPrice?(phone: string, sender: string): Promise<number | null>
  /** dedicatedNumbers: numbers free to rent, renting one, and its monthly renewal. */
  listFreeNumbers?(): Promise<DedicatedNumber[]>
  rentNumber?(phone: string): Promise<{ phone: string; cost: number }>
  setRenewal?(phone: string, renew: boolean): Promise<{ phone: string; renew: boolean }>
  /**
   * verifyByCall: the number `phone` (the customer's) must call within 15 minutes, and every
   * number one of which was assigned; the call comes back as an inbound `[waitcall]` message.
   */
  waitCall?(phone: string): Promise<{ phone: string; allPhones: string[] }>
  /**
   * exportJobs: a deferred export of what the account sent in a period, the provider's jobs as
   * it lists them, and a done job's messages (read whole, size-bounded). Each refuses at once,
   * saying when it may be asked again, a request the provider would refuse as too frequent.
   */
  createExportJob?(period: ExportPeriod): Promise<{ id: string }>
  listExportJobs?(): Promise<ExportJob[]>
  downloadExport?(job: Pick<ExportJob, 'id' | 'file'>): Promise<SentRecord[]>
  /** exportJobs: the epoch ms a day of the provider's calendar (`YYYY-MM-DD`) starts at. */
  exportDayStart?(day: string): number
  /** inbound === 'poll': messages received after `cursor`, and the cursor to ask from next. */
  pollInbound?(cursor: string | null): Promise<{ messages: InboundSms[]; cursor: string | null }>
  state(): SessionState
  on<K extends keyof ProviderEvents>(event: K, listener: ProviderEvents[K]): void
  off<K extends keyof ProviderEvents>(event: K, listener: ProviderEvents[K]): void
}
