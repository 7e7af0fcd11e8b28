/**
 * Moves one provider profile's outbox to its connection: claims due messages (durably
 * marking them `sending` before any byte goes out), keeps at most `maxInFlight` submits
 * outstanding, groups them into the provider's batch size, polls statuses where the provider
 * has no push receipts, and records answers and receipts in groups — one transaction per
 * tick, never one fsync per message. While a bulk send runs, each group commit also claims
 * what is due next for the window its answers freed: one durable commit for both. It asks the
 * provider's capability flags, never its kind.
 */
import type { OutboxMessage } from '../../../shared/contract'
import {
  DEFAULT_RESULT_POLICY,
  type Claim,
  type ClaimedMessage,
  type ResultPolicy,
  type SubmitResult,
} from '../outbox/outbox'
import type { OutboxStore } from '../stores/stores'
import { errorText } from '../providers/error-phrase'
import { isStorageError, type StorageHealth } from '../storage/health'
import type { DeliveryReceipt, ProviderConnection, Stored, SubmitOutcome } from '../providers/types'

export interface DispatcherOptions {
  outbox: OutboxStore
  connection: ProviderConnection
  /** Upper bound on messages handed to the connection and not yet answered. */
  maxInFlight: number
  /** Delay before a message whose submit never left this machine is tried again. */
  retryDelayMs?: number
  /** Overrides for tests: retry back-off, attempts, first poll. */
  policy?: Partial<ResultPolicy>
  /** How often to look for statuses due to be polled (default 1 s). */
  pollTickMs?: number
  /**
   * True while the provider tells statuses by itself (a team server's callbacks arriving): the
   * polls wait, and go on as planned once it falls silent.
   */
  statusesPushed?: () => boolean
  /** Most messages asked about in one status poll (default 50). */
  pollBatch?: number
  /** Where a write the disk refused is reported, and its recovery (absent in some tests). */
  storage?: StorageHealth
  /** First wait before writing again what the disk refused; doubles up to 5 s. */
  storageRetryMs?: number
  onChange: (messages: OutboxMessage[]) => void
  /** Messages of these batches (id → how many) were refused for the provider's rate first. */
  onThrottled?: (batches: Map<number, number>) => void
  onError: (err: unknown) => void
}

/** The provider is taking messages (an SMPP bind, or an HTTP API not backing off or paused). */
export function canSend(connection: ProviderConnection): boolean {
  const status = connection.state().status
  return status === 'bound' || status === 'ready'
}

export class Dispatcher {
  private inFlight = 0
  private stopped = true
  private pumpScheduled = false
  private flushScheduled = false
  /** A claim in progress (its messages are not counted in flight until it is committed). */
  private pumping: Promise<void> | null = null
  /** Something woke the dispatcher while it claimed: look again once the claim is done. */
  private pumpAgain = false
  /**
   * The last claim took all it had room for: more is probably due. While so, each group commit
   * claims along with its answers (one wait for the disk for both, not two), and a wake with a
   * group commit on its way leaves the claim to it.
   */
  private moreDue = false
  /** A group commit in progress: the next waits for it, so reports keep their order. */
  private flushing: Promise<void> | null = null
  private timer: NodeJS.Timeout | null = null
  private pollTimer: NodeJS.Timeout | null = null
  private polling: Promise<void> | null = null
  private results: SubmitResult[] = []
  private receipts: DeliveryReceipt[] = []
  /** Acknowledgements owed to the provider for `receipts`, called once they are stored. */
  private acks: Stored[] = []
  private idleWaiters: (() => void)[] = []
  /** The last group commit failed on the disk: answers wait in memory, nothing new is claimed. */
  private heldBack = false
  private retryTimer: NodeJS.Timeout | null = null
  private storageRetryMs: number
  private readonly writer: string
  /** The connection could take messages at the last state change. */
  private reachable = false
  private reconciling: Promise<void> | null = null
  /** When each uncertain message was last asked about (providers limit status requests). */
  private readonly askedAt = new Map<number, number>()
  private readonly profileId: string
  private readonly policy: ResultPolicy

  constructor(private readonly o: DispatcherOptions) {
    this.profileId = o.connection.profileId
    this.writer = `send:${this.profileId}`
    this.storageRetryMs = o.storageRetryMs ?? 250
    const pollsStatus = o.connection.capabilities.receipts === 'poll'
    this.policy = {
      ...DEFAULT_RESULT_POLICY,
      retryDelayMs: o.retryDelayMs ?? DEFAULT_RESULT_POLICY.retryDelayMs,
      pollAfterMs: pollsStatus ? 5000 : null,
      ...o.policy,
    }
  }

  private readonly onState = () => {
    const reachable = canSend(this.o.connection)
    // Back in touch with the provider: it may be able to say what became of uncertain messages.
    if (reachable && !this.reachable) this.reconcileSoon()
    this.reachable = reachable
    this.wake()
  }
  private readonly onCapacity = () => this.wake()
  private readonly onReceipt = (r: DeliveryReceipt, stored: Stored) => {
    this.receipts.push(r)
    this.acks.push(stored)
    this.scheduleFlush()
  }

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    this.o.connection.on('state', this.onState)
    this.o.connection.on('receipt', this.onReceipt)
    this.o.connection.on('capacity', this.onCapacity)
    if (this.o.connection.capabilities.receipts === 'poll' && this.o.connection.pollStatus) {
      this.schedulePoll()
    }
    this.reachable = canSend(this.o.connection)
    if (this.reachable) this.reconcileSoon()
    this.wake()
  }

  /** Stops claiming; resolves once every handed-out submit has been answered and recorded. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    if (this.pollTimer) clearTimeout(this.pollTimer)
    this.timer = null
    this.pollTimer = null
    // A claim already committed is sent and answered like any other, a group commit's too.
    await this.pumping
    while (this.flushing) await this.flushing
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve))
    await this.polling
    await this.reconciling
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = null
    await this.flush()
    if (this.heldBack) {
      // The disk still refuses: these messages stay `sending` (uncertain at the next start) and
      // the unanswered reports are delivered again by the provider.
      this.o.onError(
        new Error(
          `stopped with ${this.results.length} answer(s) and ${this.receipts.length} report(s) not stored: the disk refused them`,
        ),
      )
      if (this.retryTimer) clearTimeout(this.retryTimer)
      this.retryTimer = null
    }
    // Nothing of this dispatcher waits in memory any more.
    this.o.storage?.recovered(this.writer)
    this.o.storage?.recovered(`claim:${this.profileId}`)
    this.o.connection.off('state', this.onState)
    this.o.connection.off('receipt', this.onReceipt)
    this.o.connection.off('capacity', this.onCapacity)
  }

  /** Something may be due: a new message, a reconnect, a freed window slot. */
  wake(): void {
    if (this.stopped) return
    // One claim at a time: the room of the next is counted once this one's messages are out.
    if (this.pumping) {
      this.pumpAgain = true
      return
    }
    if (this.pumpScheduled) return
    this.pumpScheduled = true
    setImmediate(() => {
      this.pumpScheduled = false
      if (this.pumping) {
        this.pumpAgain = true
        return
      }
      this.pumping = this.pump()
        .catch((err: unknown) => this.o.onError(err))
        .finally(() => {
          this.pumping = null
          if (this.pumpAgain) {
            this.pumpAgain = false
            this.wake()
          }
        })
    })
  }

  private async pump(): Promise<void> {
    // While answers wait for the disk, nothing more goes out: every message sent must be
    // recorded first.
    if (!this.mayClaim()) return
    // The group commit on its way claims along with its answers.
    if (this.moreDue && (this.flushScheduled || this.flushing)) return
    const room = this.room()
    if (room <= 0) return
    let claim
    try {
      claim = await this.o.outbox.claimDue(this.profileId, room)
    } catch (err) {
      if (isStorageError(err)) this.o.storage?.failed(`claim:${this.profileId}`, err, 0)
      this.o.onError(err)
      this.armTimer(Date.now() + 1000)
      return
    }
    // Committed: these messages go out now, even if stop() was called meanwhile (it waits for
    // this claim, then for their answers).
    this.o.storage?.recovered(`claim:${this.profileId}`)
    await this.took(claim, room)
    // One lot is out; the next claim happens as answers free the window.
    if (this.moreDue) this.pumpAgain = true
  }

  /**
   * How many messages the next claim may take. Only what the connection writes at once is
   * marked `sending`: a crash then leaves uncertain only messages whose submit really went out.
   */
  private room(): number {
    const capacity = this.o.connection.capacity?.() ?? Infinity
    return Math.min(this.o.maxInFlight - this.inFlight, capacity, CLAIM_MAX)
  }

  /** Sends what a committed claim took; with nothing due, wakes when something falls due. */
  private async took(claim: Claim, room: number): Promise<void> {
    if (claim.promoted.length) this.o.onChange(claim.promoted)
    this.moreDue = claim.claimed.length === room
    if (claim.claimed.length === 0) {
      const due = await this.o.outbox.nextDueAt(this.profileId)
      if (due !== null) this.armTimer(due)
      return
    }
    const size = Math.max(1, this.o.connection.capabilities.batchSize)
    const submitBatch = this.o.connection.submitBatch?.bind(this.o.connection)
    if (size === 1 || !submitBatch) {
      for (const m of claim.claimed) this.sendOne(m)
      return
    }
    for (let i = 0; i < claim.claimed.length; i += size) {
      const batch = claim.claimed.slice(i, i + size)
      if (batch.length === 1) this.sendOne(batch[0] as ClaimedMessage)
      else this.sendBatch(batch, submitBatch)
    }
  }

  /** Room for a claim along with the next group commit: 0 unless more is due and nothing else claims. */
  private claimAlong(): number {
    if (!this.moreDue || this.pumping || !this.mayClaim()) return 0
    return Math.max(0, this.room())
  }

  /** Nothing stops a claim: running, every answer stored, and a connection that takes messages. */
  private mayClaim(): boolean {
    return !this.stopped && !this.heldBack && canSend(this.o.connection)
  }

  /** A batch to a provider that takes several at once; each answer recorded with its batch. */
  private sendBatch(
    batch: ClaimedMessage[],
    submitBatch: (batch: ClaimedMessage[]) => Promise<SubmitOutcome[]>,
  ): void {
    this.inFlight += batch.length
    submitBatch(batch)
      .then((outcomes) =>
        // A provider that answers fewer outcomes than messages: the rest may have been sent.
        batch.map((_, i): SubmitOutcome => outcomes[i] ?? noAnswer()),
      )
      .catch((err: unknown) =>
        batch.map((): SubmitOutcome => ({ kind: 'unknown', reason: errorText(err) })),
      )
      .then((outcomes) => {
        this.inFlight -= batch.length
        batch.forEach((m, i) =>
          this.results.push({ id: m.id, outcome: outcomes[i] as SubmitOutcome }),
        )
        this.answered()
      })
  }

  /**
   * One message on its own (SMPP's way, a bulk send's every message): no batch around it, its
   * answer recorded as it comes.
   */
  private sendOne(m: ClaimedMessage): void {
    this.inFlight++
    this.o.connection
      .submit(m)
      .then(
        (outcome: SubmitOutcome | undefined) => outcome ?? noAnswer(),
        (err: unknown): SubmitOutcome => ({ kind: 'unknown', reason: errorText(err) }),
      )
      .then((outcome) => {
        this.inFlight--
        this.results.push({ id: m.id, outcome })
        this.answered()
      })
  }

  /** Answers came: record them with the next group, and look at what the freed room can take. */
  private answered(): void {
    this.scheduleFlush()
    if (this.inFlight === 0) this.idleWaiters.splice(0).forEach((w) => w())
    this.wake()
  }

  private schedulePoll(): void {
    if (this.stopped) return
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null
      this.polling = this.poll().finally(() => {
        this.polling = null
        this.schedulePoll()
      })
    }, this.o.pollTickMs ?? 1000)
  }

  /** Asks the provider about accepted messages whose status is due, within its pace. */
  private async poll(): Promise<void> {
    const c = this.o.connection
    if (this.stopped || !c.pollStatus || !canSend(c)) return
    if (this.o.statusesPushed?.()) return
    let queries
    try {
      queries = await this.o.outbox.pollDue(this.profileId, this.o.pollBatch ?? 50)
    } catch (err) {
      // The disk refused the lease: ask next tick.
      this.o.onError(err)
      return
    }
    if (queries.length === 0) return
    try {
      const receipts = await c.pollStatus(queries)
      for (const r of receipts) {
        this.receipts.push(r)
        this.acks.push(noAck)
      }
      await this.flush()
    } catch (err) {
      this.o.onError(err)
    }
    try {
      await this.o.outbox.schedulePolls(
        queries.map((q) => q.id),
        this.policy.polls,
      )
    } catch (err) {
      this.o.onError(err)
    }
  }

  private reconcileSoon(): void {
    if (this.reconciling || this.stopped) return
    this.reconciling = this.reconcile()
      .catch((err: unknown) => this.o.onError(err))
      .finally(() => {
        this.reconciling = null
      })
  }

  /**
   * Settles what the provider can tell about this profile's uncertain messages: asked one by
   * one (by its id, or by our key where it knows that), a message it holds is accepted (and
   * its report settles it); one it says it never received, or one a crash caught mid-send by
   * a provider that dedupes on our key, goes out again under the same key. What it cannot
   * tell stays uncertain for the agent.
   */
  private async reconcile(): Promise<void> {
    const c = this.o.connection
    const byKey = c.capabilities.idempotencyKey
    const now = Date.now()
    const uncertain = (await this.o.outbox.uncertainOf(this.profileId, RECONCILE_MAX)).filter(
      (q) => (this.askedAt.get(q.id) ?? 0) + ASK_AGAIN_MS <= now,
    )
    const sendAgain: number[] = []
    for (const q of uncertain) {
      if (this.stopped || !canSend(c)) return
      let answer: 'known' | 'missing' | 'silent' = 'silent'
      if (c.pollStatus && (q.providerIds.length > 0 || byKey)) {
        this.askedAt.set(q.id, Date.now())
        try {
          const receipts = await c.pollStatus([q])
          if (this.stopped) return
          const changed = await this.o.outbox.applyStatus(
            this.profileId,
            q,
            receipts,
            this.policy.pollAfterMs,
          )
          if (changed.length) this.o.onChange(changed)
          const after = await this.o.outbox.get(q.id)
          if (after && after.state !== 'uncertain') answer = 'known'
          else if (receipts.length > 0 && receipts.every((r) => r.outcome === 'missing')) {
            answer = 'missing'
          }
        } catch (err) {
          this.o.onError(err)
        }
      }
      if (answer === 'known' || !byKey) continue
      // The provider dedupes on our key: sending again cannot deliver the message twice.
      if (answer === 'missing' || RESEND_SAME_KEY.has(q.errorCode ?? '')) sendAgain.push(q.id)
    }
    if (sendAgain.length === 0) return
    const note =
      'Sent again under the same key after an interruption: the provider sends it only once'
    const requeued = await this.o.outbox.sendAgainSameKey(sendAgain, note)
    if (requeued.length) {
      this.o.onChange(requeued)
      this.wake()
    }
  }

  private armTimer(at: number): void {
    if (this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    const delay = Math.max(0, Math.min(at - Date.now(), 60_000))
    this.timer = setTimeout(() => {
      this.timer = null
      this.wake()
    }, delay)
  }

  private scheduleFlush(): void {
    // While the disk refuses writes, new arrivals join the next retry instead of trying alone.
    if (this.flushScheduled || this.retryTimer) return
    this.flushScheduled = true
    setImmediate(() => {
      this.flushScheduled = false
      void this.flush()
    })
  }

  /**
   * Group commit: every answer and receipt gathered since the last tick, in one transaction
   * each. What the disk refuses stays in memory and is written again, backing off, until it is
   * stored; a pushed report is acknowledged to its provider only then.
   */
  private async flush(): Promise<void> {
    // One group commit at a time: what arrives meanwhile is the next group, after this one.
    while (this.flushing) await this.flushing
    if (this.results.length === 0 && this.receipts.length === 0) {
      // A wake that left its claim to this group commit claims by itself.
      if (this.moreDue) this.wake()
      return
    }
    const done = this.commitGroup()
    this.flushing = done
    try {
      await done
    } finally {
      this.flushing = null
      // The window may have room still (or the claim along was not made): look again.
      if (this.moreDue) this.wake()
    }
  }

  private async commitGroup(): Promise<void> {
    const results = this.results.splice(0)
    const receipts = this.receipts.splice(0)
    const acks = this.acks.splice(0)
    let storedResults = results.length === 0
    // The answers free the window: what is due next is claimed in the same transaction.
    const claimUpTo = this.claimAlong()
    let claim: Claim | null = null
    try {
      // One transaction for all: one wait for the disk per group commit.
      const changed = await this.o.outbox.applyAnswers(
        this.profileId,
        results,
        receipts,
        this.policy,
        claimUpTo,
      )
      storedResults = true
      claim = changed.claim
      if (results.length) {
        this.o.onChange(changed.results)
        this.noteThrottled(results, changed.results)
      }
      if (receipts.length) this.o.onChange(changed.receipts)
    } catch (err) {
      if (isStorageError(err)) {
        this.holdBack(err, storedResults ? [] : results, receipts, acks)
        if (storedResults) await this.afterResults(results)
        return
      }
      // Not the disk: the same write would fail again. The messages stay `sending`, which a
      // restart turns into `uncertain`; the reports were not stored, so they are not answered.
      this.o.onError(err)
      if (storedResults) await this.afterResults(results)
      return
    }
    if (this.heldBack) {
      this.heldBack = false
      this.storageRetryMs = this.o.storageRetryMs ?? 250
      this.o.storage?.recovered(this.writer)
      this.wake()
    }
    // Only now may the provider forget them: an unanswered report is delivered again.
    for (const ack of acks) ack()
    // Committed with the answers: these go out now, even if stop() was called meanwhile.
    if (claim) {
      this.o.storage?.recovered(`claim:${this.profileId}`)
      await this.took(claim, claimUpTo)
    }
    await this.afterResults(results)
  }

  /** Throttled messages counted by batch, for the batches' canaries. */
  private noteThrottled(results: readonly SubmitResult[], changed: readonly OutboxMessage[]) {
    if (!this.o.onThrottled) return
    let ids: Set<number> | null = null
    for (const r of results) {
      if ('throttled' in r.outcome && r.outcome.throttled) (ids ??= new Set()).add(r.id)
    }
    if (!ids) return
    const batches = new Map<number, number>()
    for (const m of changed) {
      if (m.batchId !== null && ids.has(m.id))
        batches.set(m.batchId, (batches.get(m.batchId) ?? 0) + 1)
    }
    if (batches.size > 0) this.o.onThrottled(batches)
  }

  private holdBack(
    err: unknown,
    results: SubmitResult[],
    receipts: DeliveryReceipt[],
    acks: Stored[],
  ): void {
    // Put back in front of whatever arrived meanwhile, so the order of reports is kept.
    this.results.unshift(...results)
    this.receipts.unshift(...receipts)
    this.acks.unshift(...acks)
    this.heldBack = true
    this.o.storage?.failed(this.writer, err, this.results.length + this.receipts.length)
    const delay = this.storageRetryMs
    this.storageRetryMs = Math.min(5000, this.storageRetryMs * 2)
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      void this.flush()
    }, delay)
  }

  /** Requeued messages are due again later: make sure something wakes up for them. */
  private async afterResults(results: readonly SubmitResult[]): Promise<void> {
    const requeued = results.some((r) => ['not-sent', 'retry', 'paused'].includes(r.outcome.kind))
    if (!requeued) return
    try {
      const due = await this.o.outbox.nextDueAt(this.profileId)
      if (due !== null) this.armTimer(due)
    } catch (err) {
      this.o.onError(err)
    }
  }
}

/** What a provider that answered nothing for a message it was given is taken to have done. */
function noAnswer(): SubmitOutcome {
  return { kind: 'unknown', reason: 'the provider gave no answer for this message' }
}

/**
 * Most messages claimed at once: handing a claim to the connection is one task of main's loop,
 * and a window of a thousand fills in a few claims of this size instead of one long task.
 */
const CLAIM_MAX = 250
/** Uncertain messages looked at per reconnect; the rest wait for the next one. */
const RECONCILE_MAX = 500
/** SMSC allows at most a few status requests per message a minute: ask each once a minute. */
const ASK_AGAIN_MS = 60_000
/**
 * Why a message may be uncertain that a provider deduping on our key settles by a resend: the
 * console stopped mid-send, or a backup brought it back from before its send.
 */
const RESEND_SAME_KEY: ReadonlySet<string> = new Set(['outbox:interrupted', 'outbox:restored'])

/** Polled statuses are asked again if they are lost: nothing to acknowledge. */
const noAck: Stored = () => {}
