/**
 * The whole main ↔ renderer contract: every call (request → response) and every
 * push event (payload), each with a runtime schema. Types are derived from the
 * schemas so the compiler and the validator cannot drift apart.
 * Screens with many calls keep theirs in src/shared/calls/<area>.ts, spread in below.
 */
import { z } from 'zod'
import {
  ProfileId,
  MessageId,
  phone,
  sender,
  text,
  AppInfoSchema,
  ProviderProfileSchema,
  ProfileInputSchema,
  SessionStateSchema,
  OutboxMessageSchema,
  InboundMessageSchema,
  CascadeSchema,
  DedicatedNumberSchema,
  type PhraseRef,
} from './domain'
import { historyCalls, historyEvents } from './calls/history'
import { importsCalls, importsEvents } from './calls/imports'
import { lookupCalls, lookupEvents } from './calls/lookup'
import { providersCalls, providersEvents } from './calls/providers'
import { storageCalls, storageEvents } from './calls/storage'

export * from './domain'

export const calls = {
  'app.info': { request: z.object({}).strict(), response: AppInfoSchema },
  'profiles.list': { request: z.object({}).strict(), response: z.array(ProviderProfileSchema) },
  'credentials.set': {
    request: z.object({ profileId: ProfileId, password: z.string().min(1).max(1024) }).strict(),
    response: z.object({ hasPassword: z.literal(true) }),
  },
  'credentials.clear': {
    request: z.object({ profileId: ProfileId }).strict(),
    response: z.object({ hasPassword: z.literal(false) }),
  },
  /** Creates or updates a provider profile (never its password: see credentials.set). */
  'profiles.save': { request: ProfileInputSchema, response: ProviderProfileSchema },
  /** The account balance, for providers that tell it. */
  'profiles.balance': {
    request: z.object({ profileId: ProfileId }).strict(),
    response: z.object({ amount: z.number(), currency: z.string().nullable() }),
  },
  /** Numbers free to rent for replies (providers with dedicated numbers). */
  'numbers.free': {
    request: z.object({ profileId: ProfileId }).strict(),
    response: z.array(DedicatedNumberSchema),
  },
  /** After a pause (login, balance): try the provider again. */
  'profiles.resume': {
    request: z.object({ profileId: ProfileId }).strict(),
    response: SessionStateSchema,
  },
  'messages.send': {
    request: z
      .object({
        profileId: ProfileId,
        sender,
        phone,
        text,
        /** The same key twice (a double click, a retried call) stores one message. */
        idempotencyKey: z.string().min(8).max(128).optional(),
        /** Only for profiles with more channels than SMS. */
        cascade: CascadeSchema.optional(),
      })
      .strict(),
    response: OutboxMessageSchema,
  },
  'messages.recent': {
    request: z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(),
    response: z.array(OutboxMessageSchema),
  },
  'messages.cancel': {
    request: z.object({ id: MessageId }).strict(),
    response: OutboxMessageSchema,
  },
  /** The operator's decision on a message whose submit got no answer. */
  'messages.resolveUncertain': {
    request: z.object({ id: MessageId, action: z.enum(['resend', 'markFailed']) }).strict(),
    response: OutboxMessageSchema,
  },
  /** Sandbox only: the simulator sends an inbound SMS to the console, as a subscriber would. */
  'sandbox.injectInbound': {
    request: z
      .object({
        from: phone,
        to: z.string().trim().min(1).max(21),
        text,
        /** Which sandbox receives it (default: the SMPP one). */
        profileId: ProfileId.optional(),
      })
      .strict(),
    /** Parts the console acknowledged: 0 when it could not store the message yet. */
    response: z.object({ parts: z.number().int() }),
  },
  'sessions.list': { request: z.object({}).strict(), response: z.array(SessionStateSchema) },
  'inbox.recent': {
    request: z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(),
    response: z.array(InboundMessageSchema),
  },
  ...providersCalls,
  ...historyCalls,
  ...lookupCalls,
  ...importsCalls,
  ...storageCalls,
} as const

export type Calls = typeof calls
export type CallName = keyof Calls
export type CallRequest<K extends CallName> = z.input<Calls[K]['request']>
export type CallResponse<K extends CallName> = z.infer<Calls[K]['response']>
export const callNames = Object.keys(calls) as CallName[]

// ─── push events ───────────────────────────────────────────────────────────

export const events = {
  'message.updated': OutboxMessageSchema,
  'session.state': SessionStateSchema,
  'inbox.received': InboundMessageSchema,
  /** Profiles were added, edited, removed or their password set: every profile, as listed. */
  'profiles.changed': z.array(ProviderProfileSchema),
  ...providersEvents,
  ...historyEvents,
  ...lookupEvents,
  ...importsEvents,
  ...storageEvents,
} as const

export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<K extends EventName> = z.infer<Events[K]>
export const eventNames = Object.keys(events) as EventName[]

// ─── envelopes ─────────────────────────────────────────────────────────────

export const ErrorCodeSchema = z.enum([
  'BAD_REQUEST',
  'UNKNOWN_CALL',
  'TOO_LARGE',
  'NOT_FOUND',
  'CONFLICT',
  'UNAVAILABLE',
  'INTERNAL',
])
export type ErrorCode = z.infer<typeof ErrorCodeSchema>

export interface ApiIssue {
  path: string
  message: string
}

export interface ApiErrorBody {
  code: ErrorCode
  /** Main's English. */
  message: string
  issues?: ApiIssue[]
  /** The message as a phrase of src/shared/phrases.ts, for the renderer to word in its language. */
  phrase?: PhraseRef
}

export type Reply<T> = { ok: true; result: T } | { ok: false; error: ApiErrorBody }

/** What both adapters (Electron IPC and WebSocket) offer the renderer. */
export interface Bridge {
  invoke<K extends CallName>(name: K, request: CallRequest<K>): Promise<Reply<CallResponse<K>>>
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void
}

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name)
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name)
}

/** IPC channel names used by the Electron adapter. */
export const IPC_INVOKE_CHANNEL = 'api:invoke'
export const IPC_EVENT_CHANNEL = 'api:event'
