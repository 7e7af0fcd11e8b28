/**
 * Things a provider pushed that must be stored before the provider is told so (inbound
 * messages): written in groups, and while the disk refuses them, held in memory and written
 * again, backing off, until they are stored. Each one's acknowledgement is called only then.
 */
import type { Stored } from '../providers/types'
import { isStorageError, type StorageHealth } from './health'

export interface HeldWritesOptions<T> {
  /** This writer's name in the storage state (one per profile and kind of thing). */
  name: string
  storage: StorageHealth
  /** Stores a group in one transaction; rejects if it could not. */
  write(items: readonly T[]): Promise<void>
  /** A failure that is not the disk's: the group is dropped unacknowledged (redelivered). */
  onError(err: unknown): void
  /** First wait before writing again; doubles up to 5 s. */
  retryMs?: number
}

export class HeldWrites<T> {
  private items: T[] = []
  private acks: Stored[] = []
  private scheduled = false
  private retryTimer: NodeJS.Timeout | null = null
  private retryMs: number
  private stopped = false
  /** A group being written: the next one waits for it, so the order is kept. */
  private writing = false

  constructor(private readonly o: HeldWritesOptions<T>) {
    this.retryMs = o.retryMs ?? 250
  }

  add(item: T, stored: Stored): void {
    if (this.stopped) return
    this.items.push(item)
    this.acks.push(stored)
    // While the disk refuses, new arrivals wait for the next retry instead of trying alone.
    if (this.scheduled || this.retryTimer || this.writing) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      void this.flush()
    })
  }

  /** Stops retrying; what is still held is not acknowledged, so the provider sends it again. */
  stop(): void {
    this.stopped = true
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = null
    this.o.storage.recovered(this.o.name)
  }

  private async flush(): Promise<void> {
    if (this.stopped || this.writing || this.items.length === 0) return
    const items = this.items.splice(0)
    const acks = this.acks.splice(0)
    this.writing = true
    try {
      await this.o.write(items)
    } catch (err) {
      this.writing = false
      // Stopped meanwhile: not acknowledged, so the provider sends these again.
      if (this.stopped) return
      if (!isStorageError(err)) {
        this.o.onError(err)
        this.again()
        return
      }
      this.items.unshift(...items)
      this.acks.unshift(...acks)
      this.o.storage.failed(this.o.name, err, this.items.length)
      const delay = this.retryMs
      this.retryMs = Math.min(5000, this.retryMs * 2)
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null
        void this.flush()
      }, delay)
      return
    }
    this.writing = false
    this.retryMs = this.o.retryMs ?? 250
    this.o.storage.recovered(this.o.name)
    for (const ack of acks) ack()
    this.again()
  }

  /** What arrived while a group was being written goes next. */
  private again(): void {
    if (this.items.length === 0 || this.scheduled || this.retryTimer || this.stopped) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      void this.flush()
    })
  }
}
