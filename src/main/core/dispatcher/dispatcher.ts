/**
 * Moves one provider profile's outbox to its connection: claims due messages (durably
 * marking them `sending` before any byte goes out), keeps at most `maxInFlight` submits
 * outstanding, and records answers and receipts in groups — one transaction per tick,
 * never one fsync per message.
 */
import type { OutboxMessage } from '../../../shared/contract'
import type { Outbox, SubmitResult } from '../outbox/outbox'
import type { DeliveryReceipt, ProviderConnection } from '../providers/types'

export interface DispatcherOptions {
  outbox: Outbox
  connection: ProviderConnection
  /** Upper bound on submits handed to the connection and not yet answered. */
  maxInFlight: number
  /** Delay before a message whose submit never left this machine is tried again. */
  retryDelayMs?: number
  onChange: (messages: OutboxMessage[]) => void
  onError: (err: unknown) => void
}

export class Dispatcher {
  private inFlight = 0
  private stopped = true
  private pumpScheduled = false
  private flushScheduled = false
  private timer: NodeJS.Timeout | null = null
  private results: SubmitResult[] = []
  private receipts: DeliveryReceipt[] = []
  private idleWaiters: (() => void)[] = []
  private readonly profileId: string

  constructor(private readonly o: DispatcherOptions) {
    this.profileId = o.connection.profileId
  }

  private readonly onState = () => this.wake()
  private readonly onReceipt = (r: DeliveryReceipt) => {
    this.receipts.push(r)
    this.scheduleFlush()
  }

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    this.o.connection.on('state', this.onState)
    this.o.connection.on('receipt', this.onReceipt)
    this.wake()
  }

  /** Stops claiming; resolves once every handed-out submit has been answered and recorded. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve))
    this.flush()
    this.o.connection.off('state', this.onState)
    this.o.connection.off('receipt', this.onReceipt)
  }

  /** Something may be due: a new message, a reconnect, a freed window slot. */
  wake(): void {
    if (this.stopped || this.pumpScheduled) return
    this.pumpScheduled = true
    setImmediate(() => {
      this.pumpScheduled = false
      this.pump()
    })
  }

  private pump(): void {
    if (this.stopped || this.o.connection.state().status !== 'bound') return
    const room = this.o.maxInFlight - this.inFlight
    if (room <= 0) return
    let claim
    try {
      claim = this.o.outbox.claimDue(this.profileId, room)
    } catch (err) {
      this.o.onError(err)
      this.armTimer(Date.now() + 1000)
      return
    }
    if (claim.promoted.length) this.o.onChange(claim.promoted)
    if (claim.claimed.length === 0) {
      const due = this.o.outbox.nextDueAt(this.profileId)
      if (due !== null) this.armTimer(due)
      return
    }
    for (const m of claim.claimed) {
      this.inFlight++
      this.o.connection
        .submit({
          messageId: m.id,
          sender: m.sender,
          phone: m.phone,
          text: m.text,
          wantReceipt: true,
          urgent: m.urgent,
        })
        .catch((err: unknown) => ({ kind: 'unknown' as const, reason: errorText(err) }))
        .then((outcome) => {
          this.inFlight--
          this.results.push({ id: m.id, outcome })
          this.scheduleFlush()
          if (this.inFlight === 0) this.idleWaiters.splice(0).forEach((w) => w())
          this.wake()
        })
    }
    // One batch is out; the next claim happens as answers free the window.
    if (claim.claimed.length === room) this.wake()
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
    if (this.flushScheduled) return
    this.flushScheduled = true
    setImmediate(() => {
      this.flushScheduled = false
      this.flush()
    })
  }

  /** Group commit: every answer and receipt gathered since the last tick, in one transaction each. */
  private flush(): void {
    const results = this.results.splice(0)
    const receipts = this.receipts.splice(0)
    try {
      if (results.length) {
        this.o.onChange(
          this.o.outbox.applyResults(this.profileId, results, this.o.retryDelayMs ?? 1000),
        )
      }
      if (receipts.length) this.o.onChange(this.o.outbox.applyReceipts(this.profileId, receipts))
    } catch (err) {
      this.o.onError(err)
    }
    // A not-sent message is due again after the retry delay.
    if (results.some((r) => r.outcome.kind === 'not-sent')) {
      this.armTimer(Date.now() + (this.o.retryDelayMs ?? 1000))
    }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
