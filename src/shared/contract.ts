/**
 * The whole main ↔ renderer contract: every call (request → response) and every
 * push event (payload), each with a runtime schema. Types are derived from the
 * schemas so the compiler and the validator cannot drift apart.
 * Each area of the console declares its calls and events in src/shared/calls/<area>.ts; this
 * file only combines them.
 */
import { z } from 'zod'
import type { PhraseRef } from './domain'
import { appCalls, appEvents } from './calls/app'
import { combineAreas } from './calls/combine'
import { EVENT_NAMES, isEventName } from './constants'
import { exportsCalls, exportsEvents } from './calls/exports'
import { historyCalls, historyEvents } from './calls/history'
import { importsCalls, importsEvents } from './calls/imports'
import { inboxCalls, inboxEvents } from './calls/inbox'
import { contactsCalls, contactsEvents } from './calls/contacts'
import { templatesCalls, templatesEvents } from './calls/templates'
import { lookupCalls, lookupEvents } from './calls/lookup'
import { messagesCalls, messagesEvents } from './calls/messages'
import { providersCalls, providersEvents } from './calls/providers'
import { sandboxCalls, sandboxEvents } from './calls/sandbox'
import { storageCalls, storageEvents } from './calls/storage'
import { teamCalls, teamEvents } from './calls/team'
import { teamLinkCalls, teamLinkEvents } from './calls/team-link'
import { reconcileCalls, reconcileEvents } from './calls/reconcile'
import { verificationCalls, verificationEvents } from './calls/verification'

export * from './domain'

/** Every call of every area: a name defined twice stops the contract from loading. */
export const calls = combineAreas(
  'call',
  appCalls,
  messagesCalls,
  importsCalls,
  historyCalls,
  exportsCalls,
  lookupCalls,
  inboxCalls,
  contactsCalls,
  templatesCalls,
  providersCalls,
  sandboxCalls,
  storageCalls,
  teamCalls,
  teamLinkCalls,
  reconcileCalls,
  verificationCalls,
)

export type Calls = typeof calls
export type CallName = keyof Calls
export type CallRequest<K extends CallName> = z.input<Calls[K]['request']>
export type CallResponse<K extends CallName> = z.infer<Calls[K]['response']>
export const callNames = Object.keys(calls) as CallName[]

// ─── push events ───────────────────────────────────────────────────────────

export const events = combineAreas(
  'event',
  appEvents,
  messagesEvents,
  importsEvents,
  historyEvents,
  exportsEvents,
  lookupEvents,
  inboxEvents,
  contactsEvents,
  templatesEvents,
  providersEvents,
  sandboxEvents,
  storageEvents,
  teamEvents,
  teamLinkEvents,
  reconcileEvents,
  verificationEvents,
)

export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<K extends EventName> = z.infer<Events[K]>
export const eventNames = Object.keys(events) as EventName[]
// The renderer's list of event names (constants.ts) is exactly these: the compiler says so.
type Unlisted = Exclude<EventName, (typeof EVENT_NAMES)[number]>
const everyEventListed: [Unlisted] extends [never] ? true : Unlisted = true
void everyEventListed
export { isEventName }

// ─── envelopes ─────────────────────────────────────────────────────────────

export const ErrorCodeSchema = z.enum([
  'BAD_REQUEST',
  'UNKNOWN_CALL',
  'TOO_LARGE',
  'NOT_FOUND',
  'CONFLICT',
  'UNAVAILABLE',
  'INTERNAL',
  // A team server's: no open session (sign in again), or a call the user's role does not allow.
  'UNAUTHORIZED',
  'FORBIDDEN',
])
export type ErrorCode = z.infer<typeof ErrorCodeSchema>

/**
 * A field the call was refused for: its path in the request (`phone`, `cascade.order`,
 * `phones.2`), main's English, and for refusals past the schema the same as a phrase.
 */
export interface ApiIssue {
  path: string
  message: string
  phrase?: PhraseRef
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

/** IPC channel names used by the Electron adapter. */
export const IPC_INVOKE_CHANNEL = 'api:invoke'
export const IPC_EVENT_CHANNEL = 'api:event'
