/**
 * The console's storage as the handlers, the dispatcher, the per-profile runtime and the import
 * see it: async interfaces over domain types (src/shared) and the core's message types, never a
 * database handle. SQLite implements them (./sqlite.ts); another database (PostgreSQL for a
 * team server) implements the same interfaces without touching their users.
 *
 * Each method is one unit of work: what must happen atomically (a slice of an import and its
 * progress, a batch cancelled with its messages, an HLR request's whole list) is one method,
 * done in one transaction by the implementation.
 */
import type { QuietHours } from '../../../shared/quiet'
import type {
  Customer,
  InboxItem,
  InboxNumber,
  Thread,
  ThreadEntry,
} from '../../../shared/calls/inbox'
import type {
  Contact,
  ContactFilter,
  ContactGroup,
  SavedFilter,
} from '../../../shared/calls/contacts'
import type { ContactChange, ContactRow, GroupRefusal } from '../contacts/store'
import type { Template } from '../../../shared/calls/templates'
import type { TemplateRefusal } from '../templates/store'
import type { StopListEntry } from '../../../shared/calls/imports'
import type { HlrRow, MyNumber } from '../../../shared/calls/lookup'
import type { Verification } from '../../../shared/calls/verification'
import type { NewVerification } from '../verification/store'
import type {
  DedicatedNumber,
  InboundMessage,
  MessageState,
  OutboxMessage,
} from '../../../shared/contract'
import type { InboxFilter } from '../inbox/store'
import type { BatchRow, BatchState, ImportState, NewBatch } from '../imports/store'
import type { HlrFilter } from '../lookup/hlr-store'
import type {
  Answered,
  Claim,
  NewMessage,
  PollPlan,
  ResultPolicy,
  SubmitResult,
} from '../outbox/outbox'
import type { StoredProfile } from '../providers/descriptor'
import type { ReconcileStore } from '../reconcile/store'
import type { DeliveryReceipt, InboundSms, StatusQuery } from '../providers/types'

export type { BatchRow, BatchState, ImportState, NewBatch, InboxFilter, HlrFilter, NewVerification }

/** Outgoing messages and their receipts. */
export interface OutboxStore {
  /** Quiet hours: queued bulk messages outside their recipients' window wait for it. */
  holdQuiet(profileId: string, q: QuietHours): Promise<{ held: number; batches: number[] }>
  /** A batch's messages scheduled at `heldUntil` (waiting for its canary) go now. */
  releaseHeld(batchId: number, heldUntil: number): Promise<number>
  /** Adds one message; with a known idempotency key, returns the message already stored. */
  enqueue(message: NewMessage): Promise<OutboxMessage>
  /** Adds every message in one transaction: all of them are queued, or none. */
  enqueueAll(messages: readonly NewMessage[]): Promise<OutboxMessage[]>
  get(id: number): Promise<OutboxMessage | null>
  recent(limit?: number): Promise<OutboxMessage[]>
  counts(): Promise<Partial<Record<MessageState, number>>>
  /** Cancels a message not yet handed over (throws OutboxError otherwise). */
  cancel(id: number): Promise<OutboxMessage>
  /** A failed, expired or cancelled message sent again as a new one (throws OutboxError). */
  resend(id: number, idempotencyKey?: string): Promise<OutboxMessage>
  /** Another time for a message not handed over yet (now or past: at once). */
  reschedule(id: number, at: number): Promise<OutboxMessage>
  /** One-off messages waiting for their time, the soonest first. */
  scheduled(limit: number): Promise<{ message: OutboxMessage; scheduledAt: number }[]>
  /** A batch's failed and expired messages not sent again yet. */
  resendableCount(batchId: number): Promise<number>
  /** The operator's decision on an `uncertain` message. */
  resolveUncertain(id: number, action: 'resend' | 'markFailed'): Promise<OutboxMessage>
  /** Messages of a profile not yet handed to its provider (or being handed over right now). */
  unsentCount(profileId: string): Promise<number>
  /** A profile goes away: its queued and scheduled messages are cancelled, with the reason. */
  cancelUnsent(profileId: string, note: string): Promise<OutboxMessage[]>
  /** A profile's never-sent messages move to another profile. */
  reroute(from: string, to: string, note: string): Promise<OutboxMessage[]>
  /** After a restart (or a takeover of one profile): whatever was mid-send becomes uncertain. */
  recoverInterrupted(profileId?: string): Promise<OutboxMessage[]>
  /**
   * Due messages of a profile, durably marked `sending` before this resolves (scheduled ones
   * that fell due are promoted first). Committed before any of them is submitted.
   */
  claimDue(profileId: string, limit: number): Promise<Claim>
  /** Epoch ms when the next queued or scheduled message of a profile falls due, if any. */
  nextDueAt(profileId: string): Promise<number | null>
  /**
   * A group commit: submit answers and receipts stored in one transaction. With `claimUpTo`,
   * the same transaction then claims up to that many due messages, as `claimDue` would: one
   * wait for the disk for both.
   */
  applyAnswers(
    profileId: string,
    results: readonly SubmitResult[],
    receipts: readonly DeliveryReceipt[],
    policy?: ResultPolicy,
    claimUpTo?: number,
  ): Promise<Answered>
  /** Messages of a profile whose status is due to be asked; leased so two ticks never ask twice. */
  pollDue(profileId: string, limit: number): Promise<StatusQuery[]>
  /** After a poll: when to ask again about each of these. */
  schedulePolls(ids: readonly number[], plan?: PollPlan): Promise<void>
  /** What a provider is asked about one message, the way the polls ask. */
  statusQuery(id: number): Promise<StatusQuery | null>
  /** A profile's uncertain messages, oldest first, as a status question plus why they are so. */
  uncertainOf(
    profileId: string,
    limit: number,
  ): Promise<(StatusQuery & { errorCode: string | null })[]>
  /** What the provider said about one message, applied; returns the messages that changed. */
  applyStatus(
    profileId: string,
    query: StatusQuery,
    receipts: readonly DeliveryReceipt[],
    pollAfterMs?: number | null,
  ): Promise<OutboxMessage[]>
  /** Uncertain messages queued again under their own key. */
  sendAgainSameKey(ids: readonly number[], note: string): Promise<OutboxMessage[]>
  /**
   * The batch each message key was queued with (null: a one-off; undefined: not stored), in
   * the order given — one lookup for a slice of keys.
   */
  batchesOfKeys(keys: readonly string[]): Promise<(number | null | undefined)[]>
}

/** Inbound messages, and where a polled inbound endpoint is read from next. */
export interface InboxStore {
  /**
   * Stores messages (and the next cursor) in one transaction; returns them as stored, and the
   * answers queued in the same transaction to those that opted out (when an answer is set),
   * and the verifications a `[waitcall]` among them verified in it (absent: none).
   */
  record(
    profileId: string,
    messages: readonly InboundSms[],
    cursor?: string | null,
  ): Promise<{ stored: InboundMessage[]; replies: OutboxMessage[]; verified?: Verification[] }>
  cursor(profileId: string): Promise<string | null>
  recent(limit?: number): Promise<InboundMessage[]>
  list(filter: InboxFilter): Promise<{ messages: InboxItem[]; more: boolean }>
  numbers(): Promise<InboxNumber[]>
  unreadCount(): Promise<number>
  /** Conversations, the newest first; `search`: part of the customer's number. */
  threads(search?: string, limit?: number): Promise<Thread[]>
  thread(
    peer: string,
    beforeAt?: number,
    limit?: number,
  ): Promise<{ entries: ThreadEntry[]; more: boolean }>
  /** What is known of a customer: counts, the latest HLR answer, the stop-list. */
  customer(peer: string): Promise<Customer>
  markRead(target: {
    ids?: readonly number[]
    to?: string
    peer?: string
    all?: boolean
  }): Promise<number>
}

/** Contacts: a customer's name, notes, fields and tags by their number; groups of them. */
export interface ContactsStore {
  get(phone: string): Promise<Contact | null>
  /** Saves a number's contact (what the change leaves out stays); an empty one is removed. */
  save(phone: string, change: ContactChange): Promise<Contact | null>
  remove(phones: readonly string[]): Promise<number>
  page(
    filter: ContactFilter,
    offset: number,
    limit: number,
  ): Promise<{ total: number; items: Contact[] }>
  /** In order of number, after `after`: exports and a group's bulk send. */
  chunk(filter: ContactFilter, after: string, limit: number): Promise<Contact[]>
  fieldNames(filter: ContactFilter): Promise<string[]>
  tags(): Promise<string[]>
  filters(): Promise<SavedFilter[]>
  saveFilter(name: string, filter: ContactFilter): Promise<SavedFilter>
  deleteFilter(id: number): Promise<boolean>
  /** The names of those of these numbers that are contacts with a name. */
  names(phones: readonly string[]): Promise<Record<string, string>>
  merge(
    rows: readonly ContactRow[],
    groupId: number | null,
    tag: string | null,
  ): Promise<{ added: number; updated: number }>
  groups(): Promise<ContactGroup[]>
  saveGroup(input: { id?: number; name: string }): Promise<ContactGroup | GroupRefusal>
  deleteGroup(id: number): Promise<boolean>
  hasGroup(id: number): Promise<boolean>
}

/** The template library: named texts with variables. */
export interface TemplatesStore {
  list(): Promise<Template[]>
  /** A new template (no id) or a changed one, or why it was refused. */
  save(input: { id?: number; name: string; text: string }): Promise<Template | TemplateRefusal>
  delete(id: number): Promise<boolean>
}

/** HLR answers (their requests are outbox messages) and rented dedicated numbers. */
export interface LookupStores {
  hlrPage(filter: HlrFilter): Promise<{ rows: HlrRow[]; total: number }>
  hlrGet(messageIds: readonly number[]): Promise<HlrRow[]>
  rentedNumber(
    profileId: string,
    phone: string,
    charged: number,
    listing: DedicatedNumber | null,
  ): Promise<MyNumber>
  setRenew(profileId: string, phone: string, renew: boolean): Promise<MyNumber | null>
  number(profileId: string, phone: string): Promise<MyNumber | null>
  numbers(profileId: string): Promise<MyNumber[]>
}

/**
 * Numbers verified by the customer's call: each request, its window and when its call was
 * recorded (the call itself is taken by InboxStore.record, in the transaction storing it).
 */
export interface VerificationsStore {
  start(v: NewVerification): Promise<Verification>
  get(id: number): Promise<Verification | null>
  /** The latest verification of each of these numbers (digits), newest first. */
  latest(phones: readonly string[]): Promise<Verification[]>
  /** The latest verification of each number, newest first. */
  recent(limit: number): Promise<Verification[]>
}

/** Provider profiles (secrets are the vault's, never here). */
export interface ProfilesStore {
  list(): Promise<StoredProfile[]>
  get(id: string): Promise<StoredProfile | null>
  save(profile: StoredProfile): Promise<void>
  remove(id: string): Promise<'deleted' | 'hidden' | 'absent'>
  /** Profiles that name this one as their fallback. */
  fallbackUsers(id: string): Promise<StoredProfile[]>
  /** The sandbox profiles exist (created on first start). */
  ensureSandbox(sandboxes: readonly StoredProfile[]): Promise<void>
}

/** Prices the providers reported. */
export interface PricesStore {
  recentPartPrice(profileId: string): Promise<{ perPart: number; sample: number } | null>
  /** The same for numbers like `phone` (its destination), else for any number of the profile. */
  partPriceFor(
    profileId: string,
    phone: string,
  ): Promise<{ perPart: number; sample: number; scope: 'destination' | 'profile' } | null>
}

/**
 * The numbers that never get bulk messages: each entry holds for one profile, or for every
 * profile (''); `profileId: null` in a filter means any entry.
 */
export interface StopList {
  /** Goes up each time the stop-list changes: a check's verdicts name the version they saw. */
  version(): Promise<number>
  /** Which of these numbers are stopped for the profile, in one lookup. */
  stoppedAmong(phones: readonly string[], profileId: string): Promise<Set<string>>
  /** The numbers stopped for the profile, in memory, when at most `limit`; null otherwise. */
  upTo(limit: number, profileId: string): Promise<Set<string> | null>
  add(phones: readonly string[], note: string | null, profileId?: string): Promise<number>
  /** One scope's entries of the numbers; null: every entry of theirs. */
  remove(phones: readonly string[], profileId?: string | null): Promise<number>
  /** Clears a chunk of the entries matching a number prefix (all: null), kept under `token`. */
  clearChunk(
    query: string | null,
    profileId: string | null,
    token: string,
    limit: number,
  ): Promise<number>
  /** Puts a chunk of a clear back (`moved` 0: nothing left of it). */
  undoChunk(token: string, limit: number): Promise<{ moved: number; restored: number }>
  /** What a customer who opted out is answered, or null: no answer. */
  reply(): Promise<string | null>
  setReply(text: string | null): Promise<void>
  /** Whether a reply meaning stop stops its number for the profile it came in on only. */
  perProfileOptOut(): Promise<boolean>
  setPerProfileOptOut(perProfile: boolean): Promise<void>
  /** Up to `limit` entries after `after`, in order of number and profile (an export's chunk). */
  chunk(
    after: { phone: string; profileId: string } | null,
    limit: number,
    profileId: string | null,
  ): Promise<StopListEntry[]>
  page(
    query: string | null,
    offset: number,
    limit: number,
    profileId: string | null,
  ): Promise<{ total: number; items: StopListEntry[] }>
}

/** Numbers seen so far in one pass over a file (kept out of memory by the implementation). */
export interface SeenNumbers {
  /** Adds the numbers in order; true for each one not seen before (its first occurrence). */
  addMany(phones: readonly string[]): Promise<boolean[]>
  drop(): Promise<void>
}

export interface ImportCounts {
  queued: number
  parts: number
  rejected: number
  skipped: number
}

/**
 * A batch's counts once a slice is queued: what it added, and `skipped` what it left out (keys
 * another import queued, or numbers stopped since). Both databases' stores count so.
 */
export function progressAfter(
  before: ImportCounts,
  slice: { added: number; addedParts: number },
  skipped: number,
): ImportCounts {
  return {
    queued: before.queued + slice.added,
    parts: before.parts + slice.addedParts,
    rejected: before.rejected,
    skipped: before.skipped + skipped,
  }
}

/** Bulk imports' batches. */
export interface ImportsStore {
  createBatch(b: NewBatch): Promise<BatchRow>
  setCanary(id: number, canary: string | null): Promise<void>
  batch(id: number): Promise<BatchRow | null>
  recent(limit: number): Promise<BatchRow[]>
  latestFromFile(fingerprint: string): Promise<BatchRow | null>
  latestImportKey(base: string): Promise<string | null>
  firstBatchWithKey(importKey: string): Promise<number | null>
  /** An interrupted import goes on: false when it is not interrupted (or was cancelled). */
  resumeImport(id: number, sourcePath: string): Promise<boolean>
  /** After a restart: imports that were running are interrupted (to be resumed). */
  recoverInterrupted(): Promise<void>
  /** Files interrupted imports will resume from. */
  keptSources(): Promise<string[]>
  setImportState(id: number, importState: ImportState, error?: string | null): Promise<void>
  /** Moves a batch to `to` if it is in one of `from`; false if it was not. */
  setState(id: number, from: readonly BatchState[], to: BatchState): Promise<boolean>
  /**
   * One slice of an import, atomically: its messages queued and the batch's progress (`before`
   * plus what this slice added) recorded in one transaction — or nothing, and null, when the
   * batch was cancelled (a cancel committed while the import read its file). Its commit need
   * not wait for the disk: what a power cut takes is queued again when the import resumes.
   */
  queueSlice(
    batchId: number,
    messages: readonly NewMessage[],
    before: ImportCounts,
  ): Promise<{ added: number; addedParts: number; elsewhere: number } | null>
  /**
   * One slice of a batch's failed and expired messages sent again into batch `to`, with its
   * progress (`before` plus this slice), in one transaction; null when `to` was cancelled.
   * See Outbox.resendBatchSlice.
   */
  resendSlice(
    from: number,
    to: number,
    keyBase: string,
    afterId: number,
    before: ImportCounts,
  ): Promise<{ counts: ImportCounts; lastId: number | null } | null>
  /** The import's final counters and its `done`, in one transaction. */
  finishImport(batchId: number, counts: ImportCounts): Promise<void>
  /**
   * Cancels a running or paused batch and its unsent messages in one transaction: how many
   * messages were cancelled, or null when the batch was in neither state.
   */
  cancelBatch(batchId: number): Promise<number | null>
  /** A fresh set of seen numbers, for the duplicates of one pass over a file. */
  seenNumbers(): Promise<SeenNumbers>
  stopList: StopList
}

/** Every store of the core. */
export interface Stores {
  outbox: OutboxStore
  inbox: InboxStore
  contacts: ContactsStore
  templates: TemplatesStore
  lookup: LookupStores
  verifications: VerificationsStore
  profiles: ProfilesStore
  prices: PricesStore
  imports: ImportsStore
  /** Reconciliations with the provider's own record of what was sent (reconcile/store.ts). */
  reconcile: ReconcileStore
}
