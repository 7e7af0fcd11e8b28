/**
 * The stores on the console's embedded SQLite database: each wraps the synchronous store class
 * that holds its statements (Outbox, InboxStore, …), one call each, so a method's transaction
 * is that class's. A unit that must be atomic across two classes (a slice of an import and its
 * progress, a batch cancelled with its messages) is one transaction here.
 */
import type { QuietHours } from '../../../shared/quiet'
import { peerOf } from '../../../shared/constants'
import { isOptOut } from '../../../shared/stop-words'
import type { Db } from '../db/database'
import { InboxStore as SqliteInbox } from '../inbox/store'
import { ImportStore, type BatchState, type ImportState, type NewBatch } from '../imports/store'
import { HlrStore, type HlrFilter } from '../lookup/hlr-store'
import { NumbersStore } from '../lookup/numbers-store'
import {
  Outbox,
  type IdKeys,
  type NewMessage,
  type PollPlan,
  type ResultPolicy,
  type SubmitResult,
} from '../outbox/outbox'
import { PriceStore } from '../outbox/prices'
import { ProfileStore } from '../profiles/profiles'
import type { StoredProfile } from '../providers/descriptor'
import type { DeliveryReceipt, InboundSms, StatusQuery } from '../providers/types'
import type { DedicatedNumber, OutboxMessage } from '../../../shared/contract'
import type { InboxFilter } from '../inbox/store'
import { ContactStore, type ContactChange, type ContactRow } from '../contacts/store'
import type { ContactFilter } from '../../../shared/calls/contacts'
import { TemplateStore } from '../templates/store'
import { SqliteReconcileStore } from '../reconcile/sqlite-store'
import { SqliteVerificationsStore, VerificationStore } from '../verification/store'
import type {
  ContactsStore,
  TemplatesStore,
  ImportCounts,
  ImportsStore,
  InboxStore,
  LookupStores,
  OutboxStore,
  PricesStore,
  ProfilesStore,
  SeenNumbers,
  StopList,
  Stores,
} from './stores'
import { progressAfter } from './stores'

/** Messages a slice of "send the failed again" takes: one short transaction each. */
const RESEND_SLICE = 2000

export class SqliteOutboxStore implements OutboxStore {
  constructor(readonly outbox: Outbox) {}

  async holdQuiet(profileId: string, q: QuietHours) {
    return this.outbox.holdQuiet(profileId, q)
  }
  async releaseHeld(batchId: number, heldUntil: number) {
    return this.outbox.releaseHeld(batchId, heldUntil)
  }

  async enqueue(message: NewMessage) {
    return this.outbox.enqueue(message)
  }
  async enqueueAll(messages: readonly NewMessage[]) {
    return this.outbox.enqueueAll(messages)
  }
  async get(id: number) {
    return this.outbox.get(id)
  }
  async recent(limit?: number) {
    return this.outbox.recent(limit)
  }
  async counts() {
    return this.outbox.counts()
  }
  async cancel(id: number) {
    return this.outbox.cancel(id)
  }
  async resend(id: number, idempotencyKey?: string) {
    return this.outbox.resend(id, idempotencyKey)
  }
  async reschedule(id: number, at: number) {
    return this.outbox.reschedule(id, at)
  }
  async scheduled(limit: number) {
    return this.outbox.scheduled(limit)
  }
  async resendableCount(batchId: number) {
    return this.outbox.resendableCount(batchId)
  }
  async resolveUncertain(id: number, action: 'resend' | 'markFailed') {
    return this.outbox.resolveUncertain(id, action)
  }
  async unsentCount(profileId: string) {
    return this.outbox.unsentCount(profileId)
  }
  async cancelUnsent(profileId: string, note: string) {
    return this.outbox.cancelUnsent(profileId, note)
  }
  async reroute(from: string, to: string, note: string) {
    return this.outbox.reroute(from, to, note)
  }
  async recoverInterrupted(profileId?: string) {
    return this.outbox.recoverInterrupted(profileId)
  }
  async claimDue(profileId: string, limit: number) {
    return this.outbox.claimDue(profileId, limit)
  }
  async nextDueAt(profileId: string) {
    return this.outbox.nextDueAt(profileId)
  }
  async applyAnswers(
    profileId: string,
    results: readonly SubmitResult[],
    receipts: readonly DeliveryReceipt[],
    policy?: ResultPolicy,
    claimUpTo?: number,
  ) {
    return this.outbox.applyAnswers(profileId, results, receipts, policy, claimUpTo)
  }
  async pollDue(profileId: string, limit: number) {
    return this.outbox.pollDue(profileId, limit)
  }
  async schedulePolls(ids: readonly number[], plan?: PollPlan) {
    this.outbox.schedulePolls(ids, plan)
  }
  async statusQuery(id: number) {
    return this.outbox.statusQuery(id)
  }
  async uncertainOf(profileId: string, limit: number) {
    return this.outbox.uncertainOf(profileId, limit)
  }
  async applyStatus(
    profileId: string,
    query: StatusQuery,
    receipts: readonly DeliveryReceipt[],
    pollAfterMs?: number | null,
  ) {
    return this.outbox.applyStatus(profileId, query, receipts, pollAfterMs)
  }
  async sendAgainSameKey(ids: readonly number[], note: string) {
    return this.outbox.sendAgainSameKey(ids, note)
  }
  async batchesOfKeys(keys: readonly string[]) {
    return keys.map((k) => this.outbox.batchOfKey(k))
  }
}

export class SqliteInboxStore implements InboxStore {
  constructor(
    readonly inbox: SqliteInbox,
    readonly imports: ImportStore,
    readonly outbox: Outbox,
    /** A `[waitcall]` verifies its number in the transaction that stores it. */
    readonly verifications: VerificationStore | null = null,
  ) {}

  /**
   * Stores the messages; a reply that means stop puts its number on the stop-list in the same
   * transaction (its text as the note), so no opt-out is stored without taking effect, and
   * queues the answer the console gives to one (when it gives one): from the number the customer
   * wrote to, through the profile it came in on, keyed by the message so it goes once.
   */
  async record(profileId: string, messages: readonly InboundSms[], cursor?: string | null) {
    return this.imports.transaction(() => {
      const stored = this.inbox.record(profileId, messages, cursor ?? null)
      const verified = this.verifications?.confirmCalls(stored) ?? []
      const replies: OutboxMessage[] = []
      for (const m of stored.filter((x) => isOptOut(x.text))) {
        const phone = peerOf(m.from)
        const scope = this.imports.optOutPerProfile() ? m.profileId : ''
        this.imports.addStopped([phone], m.text, scope)
        const answer = this.imports.optOutReply()
        if (answer !== null) {
          replies.push(
            this.outbox.enqueue({
              profileId: m.profileId,
              sender: m.to,
              phone,
              text: answer,
              priority: 0,
              idempotencyKey: `optout:${m.id}`,
            }),
          )
        }
      }
      return verified.length > 0 ? { stored, replies, verified } : { stored, replies }
    })
  }
  async cursor(profileId: string) {
    return this.inbox.cursor(profileId)
  }
  async recent(limit?: number) {
    return this.inbox.recent(limit)
  }
  async list(filter: InboxFilter) {
    return this.inbox.list(filter)
  }
  async numbers() {
    return this.inbox.numbers()
  }
  async unreadCount() {
    return this.inbox.unreadCount()
  }
  async threads(search?: string, limit?: number) {
    return this.inbox.threads(search, limit)
  }
  async thread(peer: string, beforeAt?: number, limit?: number) {
    return this.inbox.thread(peer, beforeAt, limit)
  }
  async customer(peer: string) {
    return this.inbox.customer(peer)
  }
  async markRead(target: { ids?: readonly number[]; to?: string; peer?: string; all?: boolean }) {
    return this.inbox.markRead(target)
  }
}

export class SqliteLookupStores implements LookupStores {
  constructor(
    readonly hlr: HlrStore,
    readonly rented: NumbersStore,
  ) {}

  async hlrPage(filter: HlrFilter) {
    return this.hlr.page(filter)
  }
  async hlrGet(messageIds: readonly number[]) {
    return this.hlr.get(messageIds)
  }
  async rentedNumber(
    profileId: string,
    phone: string,
    charged: number,
    listing: DedicatedNumber | null,
  ) {
    return this.rented.rented(profileId, phone, charged, listing)
  }
  async setRenew(profileId: string, phone: string, renew: boolean) {
    return this.rented.setRenew(profileId, phone, renew)
  }
  async number(profileId: string, phone: string) {
    return this.rented.get(profileId, phone)
  }
  async numbers(profileId: string) {
    return this.rented.list(profileId)
  }
}

export class SqliteProfilesStore implements ProfilesStore {
  constructor(readonly profiles: ProfileStore) {}

  async list() {
    return this.profiles.list()
  }
  async get(id: string) {
    return this.profiles.get(id)
  }
  async save(profile: StoredProfile) {
    this.profiles.save(profile)
  }
  async remove(id: string) {
    return this.profiles.remove(id)
  }
  async fallbackUsers(id: string) {
    return this.profiles.fallbackUsers(id)
  }
  async ensureSandbox(sandboxes: readonly StoredProfile[]) {
    this.profiles.ensureSandbox(sandboxes)
  }
}

export class SqlitePricesStore implements PricesStore {
  constructor(readonly prices: PriceStore) {}

  async recentPartPrice(profileId: string) {
    return this.prices.recentPartPrice(profileId)
  }
  async partPriceFor(profileId: string, phone: string) {
    return this.prices.partPriceFor(profileId, phone)
  }
}

export class SqliteStopList implements StopList {
  constructor(readonly store: ImportStore) {}

  async version() {
    return this.store.stopListVersion
  }
  async stoppedAmong(phones: readonly string[], profileId: string) {
    return this.store.stoppedAmong(phones, profileId)
  }
  async upTo(limit: number, profileId: string) {
    return this.store.stopListUpTo(limit, profileId)
  }
  async add(phones: readonly string[], note: string | null, profileId = '') {
    return this.store.addStopped(phones, note, profileId)
  }
  async remove(phones: readonly string[], profileId: string | null = null) {
    return this.store.removeStopped(phones, profileId)
  }
  async clearChunk(query: string | null, profileId: string | null, token: string, limit: number) {
    return this.store.clearStopChunk(query, profileId, token, limit)
  }
  async undoChunk(token: string, limit: number) {
    return this.store.undoStopChunk(token, limit)
  }
  async reply() {
    return this.store.optOutReply()
  }
  async setReply(text: string | null) {
    this.store.setOptOutReply(text)
  }
  async perProfileOptOut() {
    return this.store.optOutPerProfile()
  }
  async setPerProfileOptOut(perProfile: boolean) {
    this.store.setOptOutPerProfile(perProfile)
  }
  async chunk(
    after: { phone: string; profileId: string } | null,
    limit: number,
    profileId: string | null,
  ) {
    return this.store.stopListChunk(after, limit, profileId)
  }
  async page(query: string | null, offset: number, limit: number, profileId: string | null) {
    return this.store.stopList(query, offset, limit, profileId)
  }
}

export class SqliteImportsStore implements ImportsStore {
  readonly stopList: SqliteStopList

  constructor(
    readonly store: ImportStore,
    readonly outbox: Outbox,
  ) {
    this.stopList = new SqliteStopList(store)
  }

  async createBatch(b: NewBatch) {
    return this.store.createBatch(b)
  }
  async setCanary(id: number, canary: string | null) {
    this.store.setCanary(id, canary)
  }
  async batch(id: number) {
    return this.store.batch(id)
  }
  async recent(limit: number) {
    return this.store.recent(limit)
  }
  async latestFromFile(fingerprint: string) {
    return this.store.latestFromFile(fingerprint)
  }
  async latestImportKey(base: string) {
    return this.store.latestImportKey(base)
  }
  async firstBatchWithKey(importKey: string) {
    return this.store.firstBatchWithKey(importKey)
  }
  async resumeImport(id: number, sourcePath: string) {
    return this.store.resumeImport(id, sourcePath)
  }
  async keptSources() {
    return this.store.keptSources()
  }
  async recoverInterrupted() {
    this.store.markInterrupted()
  }
  async setImportState(id: number, importState: ImportState, error: string | null = null) {
    this.store.setImportState(id, importState, error)
  }
  async setState(id: number, from: readonly BatchState[], to: BatchState) {
    return this.store.setState(id, from, to)
  }
  async queueSlice(batchId: number, messages: readonly NewMessage[], before: ImportCounts) {
    return this.store.relaxedTransaction(() => {
      // Never into a cancelled batch: its messages would go out after the cancel.
      if (this.store.batch(batchId)?.state === 'cancelled') return null
      const r = this.outbox.enqueueImport(batchId, messages)
      this.store.recordProgress(batchId, progressAfter(before, r, r.elsewhere))
      return r
    })
  }
  async resendSlice(
    from: number,
    to: number,
    keyBase: string,
    afterId: number,
    before: ImportCounts,
  ) {
    return this.store.transaction(() => {
      if (this.store.batch(to)?.state === 'cancelled') return null
      const r = this.outbox.resendBatchSlice(from, to, keyBase, afterId, RESEND_SLICE)
      // Not sent again: on the stop-list since.
      const counts = progressAfter(before, r, r.stopped)
      this.store.recordProgress(to, counts)
      return { counts, lastId: r.lastId }
    })
  }
  async finishImport(batchId: number, counts: ImportCounts) {
    this.store.transaction(() => {
      this.store.recordProgress(batchId, counts)
      this.store.setImportState(batchId, 'done')
    })
  }
  async cancelBatch(batchId: number) {
    return this.store.transaction(() => {
      if (!this.store.setState(batchId, ['running', 'paused'], 'cancelled')) return null
      return this.outbox.cancelBatch(batchId)
    })
  }
  async seenNumbers(): Promise<SeenNumbers> {
    const set = this.store.scratchSet()
    return {
      addMany: async (phones) =>
        // One transaction for the slice's inserts: they commit together.
        this.store.transaction(() => phones.map((p) => set.add(p))),
      drop: async () => {
        set.drop()
      },
    }
  }
}

export class SqliteContactsStore implements ContactsStore {
  constructor(readonly contacts: ContactStore) {}

  async get(phone: string) {
    return this.contacts.get(phone)
  }
  async save(phone: string, change: ContactChange) {
    return this.contacts.save(phone, change)
  }
  async remove(phones: readonly string[]) {
    return this.contacts.remove(phones)
  }
  async page(filter: ContactFilter, offset: number, limit: number) {
    return this.contacts.page(filter, offset, limit)
  }
  async chunk(filter: ContactFilter, after: string, limit: number) {
    return this.contacts.chunk(filter, after, limit)
  }
  async fieldNames(filter: ContactFilter) {
    return this.contacts.fieldNames(filter)
  }
  async tags() {
    return this.contacts.tags()
  }
  async names(phones: readonly string[]) {
    return this.contacts.names(phones)
  }
  async filters() {
    return this.contacts.filters()
  }
  async saveFilter(name: string, filter: ContactFilter) {
    return this.contacts.saveFilter(name, filter)
  }
  async deleteFilter(id: number) {
    return this.contacts.deleteFilter(id)
  }
  async merge(rows: readonly ContactRow[], groupId: number | null, tag: string | null) {
    return this.contacts.merge(rows, groupId, tag)
  }
  async groups() {
    return this.contacts.groups()
  }
  async saveGroup(input: { id?: number; name: string }) {
    return this.contacts.saveGroup(input)
  }
  async deleteGroup(id: number) {
    return this.contacts.deleteGroup(id)
  }
  async hasGroup(id: number) {
    return this.contacts.hasGroup(id)
  }
}

export class SqliteTemplatesStore implements TemplatesStore {
  constructor(readonly templates: TemplateStore) {}

  async list() {
    return this.templates.list()
  }
  async save(input: { id?: number; name: string; text: string }) {
    return this.templates.save(input)
  }
  async delete(id: number) {
    return this.templates.delete(id)
  }
}

/** Every store on one SQLite database. */
export function sqliteStores(
  db: Db,
  options: { idKeys?: IdKeys; ownKey?: (providerId: string) => string } = {},
): Stores {
  const outbox = new Outbox(db, options)
  const imports = new ImportStore(db)
  const verifications = new VerificationStore(db)
  return {
    outbox: new SqliteOutboxStore(outbox),
    inbox: new SqliteInboxStore(new SqliteInbox(db), imports, outbox, verifications),
    verifications: new SqliteVerificationsStore(verifications),
    contacts: new SqliteContactsStore(new ContactStore(db)),
    templates: new SqliteTemplatesStore(new TemplateStore(db)),
    lookup: new SqliteLookupStores(new HlrStore(db), new NumbersStore(db)),
    profiles: new SqliteProfilesStore(new ProfileStore(db)),
    prices: new SqlitePricesStore(new PriceStore(db)),
    imports: new SqliteImportsStore(imports, outbox),
    reconcile: new SqliteReconcileStore(db),
  }
}
