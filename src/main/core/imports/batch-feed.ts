/**
 * Pushes a batch's counters while its messages change. Receipts can arrive thousands a second
 * during a big batch: changes are gathered, and each changed batch is counted and pushed at
 * most once per interval (one indexed count per batch), so every window follows it live
 * without polling.
 */
export const BATCH_PUSH_MS = 300

export class BatchFeed {
  private readonly dirty = new Set<number>()
  private timer: ReturnType<typeof setTimeout> | null = null
  private stopped = false

  constructor(
    private readonly push: (batchId: number) => void,
    private readonly intervalMs = BATCH_PUSH_MS,
  ) {}

  /** A message of this batch changed. */
  note(batchId: number): void {
    if (this.stopped) return
    this.dirty.add(batchId)
    if (this.timer) return
    this.timer = setTimeout(() => this.flush(), this.intervalMs)
    this.timer.unref?.()
  }

  /** Pushes every batch changed since the last flush. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const ids = [...this.dirty]
    this.dirty.clear()
    for (const id of ids) this.push(id)
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.dirty.clear()
  }
}
