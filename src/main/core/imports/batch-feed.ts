/**
 * Pushes a batch's counters while its messages change. Receipts can arrive thousands a second
 * during a big batch: changes are gathered, and each changed batch is counted and pushed at
 * most once per interval (one indexed count per batch), so every window follows it live
 * without polling. Counting a million-message batch takes tens of milliseconds: the interval
 * stretches so that counting never takes more than a tenth of the time.
 */
export const BATCH_PUSH_MS = 300

export class BatchFeed {
  private readonly dirty = new Set<number>()
  private timer: ReturnType<typeof setTimeout> | null = null
  private stopped = false
  private wait: number

  constructor(
    private readonly push: (batchId: number) => void,
    private readonly intervalMs = BATCH_PUSH_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.wait = intervalMs
  }

  /** A message of this batch changed. */
  note(batchId: number): void {
    if (this.stopped) return
    this.dirty.add(batchId)
    if (this.timer) return
    this.timer = setTimeout(() => this.flush(), this.wait)
    this.timer.unref?.()
  }

  /** Pushes every batch changed since the last flush. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const ids = [...this.dirty]
    this.dirty.clear()
    const started = this.now()
    for (const id of ids) this.push(id)
    this.wait = Math.max(this.intervalMs, Math.round((this.now() - started) * 10))
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.dirty.clear()
  }
}
