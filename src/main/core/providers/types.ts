/**
 * What the dispatcher and outbox need from any provider connection.
 * A provider never leaks its wire format past its own module: it speaks in these terms.
 */
import type { SessionState } from '../../../shared/contract'

export interface OutgoingSms {
  /** Outbox row id: used only for logging and for matching in tests. */
  messageId: number
  sender: string
  phone: string
  text: string
  /** Ask for delivery receipts (SMPP registered_delivery). */
  wantReceipt: boolean
  /** A one-off an agent is waiting on: goes ahead of bulk already waiting in the connection. */
  urgent?: boolean
}

/**
 * Outcome of one submit. The difference between `not-sent` and `unknown` is what makes
 * exactly-once possible: `not-sent` means no byte of it reached the provider (safe to
 * retry), `unknown` means it may have (never resend without the operator).
 */
export type SubmitOutcome =
  | { kind: 'accepted'; providerIds: string[]; parts: number }
  | { kind: 'rejected'; code: number; reason: string }
  | { kind: 'not-sent'; reason: string }
  | { kind: 'unknown'; reason: string }

/** Final or intermediate state a receipt reports for one message (or one part). */
export type ReceiptOutcome = 'delivered' | 'failed' | 'expired' | 'accepted' | 'enroute' | 'unknown'

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
  /** Provider message id, normalised (see normaliseMessageId). */
  providerId: string
  outcome: ReceiptOutcome
  /** Raw status word, e.g. DELIVRD. */
  stat: string
  /** Error code as sent (e.g. "000"), or null. */
  err: string | null
  /** Present when the receipt answers an __HLR__ request. */
  hlr: HlrResult | null
  /** The receipt exactly as received (text body plus TLVs), kept for the record. */
  raw: string
  receivedAt: number
}

export interface InboundSms {
  from: string
  to: string
  text: string
  receivedAt: number
}

export interface ProviderEvents {
  state: (state: SessionState) => void
  receipt: (receipt: DeliveryReceipt) => void
  inbound: (sms: InboundSms) => void
}

export interface ProviderConnection {
  readonly profileId: string
  start(): void
  /** Graceful: unbind / close, pending submits resolve as `unknown` or `not-sent`. */
  stop(): Promise<void>
  submit(sms: OutgoingSms): Promise<SubmitOutcome>
  state(): SessionState
  on<K extends keyof ProviderEvents>(event: K, listener: ProviderEvents[K]): void
  off<K extends keyof ProviderEvents>(event: K, listener: ProviderEvents[K]): void
}
