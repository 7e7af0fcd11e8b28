/**
 * Whether the disk under the data folder takes what the console must write. Each writer that
 * holds something back because a write failed (a dispatcher's answers and reports, an import's
 * rows) reports it here under its own name, and clears it once its retry went through; the
 * console is healthy again when no writer is held back. The state is pushed to every window.
 */
import type { StorageState } from '../../../shared/calls/storage'

/**
 * A failure of the disk rather than of the data: full, read-only, an I/O error, or the database
 * still locked once the wait for it ran out (another connection held it: on a machine busy
 * enough, History's indexing thread can be kept off the CPU while it holds the lock). Each is
 * passing, so what was refused is held and written again, never dropped.
 */
export function isStorageError(err: unknown): boolean {
  const code = codeOf(err)
  if (code === null) return false
  return (
    code === 'SQLITE_FULL' ||
    code.startsWith('SQLITE_BUSY') ||
    code.startsWith('SQLITE_LOCKED') ||
    code.startsWith('SQLITE_IOERR') ||
    code.startsWith('SQLITE_READONLY') ||
    code === 'SQLITE_CANTOPEN' ||
    code === 'ENOSPC' ||
    code === 'EDQUOT' ||
    code === 'EIO' ||
    code === 'EROFS'
  )
}

/** The error's code (`SQLITE_FULL`, `ENOSPC`, …), or null when it has none. */
function codeOf(err: unknown): string | null {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : null
  return typeof code === 'string' ? code : null
}

/**
 * What kind of storage trouble `err` is (for one that `isStorageError`): 'full', the disk out
 * of room; 'busy', the database still locked by another connection once the wait for it ran
 * out (the disk is fine); 'failing', anything else (read-only, an I/O error).
 */
export function storageTrouble(err: unknown): StorageTrouble {
  const code = codeOf(err) ?? ''
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'full'
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy'
  return 'failing'
}
export type StorageTrouble = Exclude<StorageState['status'], 'ok'>

/** The worst trouble first: a disk with no room, then one that refuses, then a passing lock. */
const WORST_FIRST: readonly StorageTrouble[] = ['full', 'failing', 'busy']

interface HeldBack {
  trouble: StorageTrouble
  detail: string
  waiting: number
  since: number
}

/** Pushes at most this often while only the waiting count moves. */
const COUNT_EVERY_MS = 1000

export class StorageHealth {
  private readonly held = new Map<string, HeldBack>()
  private last: StorageState = { status: 'ok', since: null, waiting: 0, detail: null }
  private countTimer: NodeJS.Timeout | null = null

  constructor(
    private readonly onChange: (state: StorageState) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** `writer` could not write; `waiting` things are held back until it can. */
  failed(writer: string, err: unknown, waiting: number): void {
    const before = this.held.get(writer)
    this.held.set(writer, {
      trouble: storageTrouble(err),
      detail: err instanceof Error ? err.message : String(err),
      waiting,
      since: before?.since ?? this.now(),
    })
    this.publish()
  }

  /** `writer`'s retry went through: nothing of it is held back any more. */
  recovered(writer: string): void {
    if (this.held.delete(writer)) this.publish()
  }

  /** Whether anything is held back (cheap: the dispatcher asks before each claim). */
  get troubled(): boolean {
    return this.held.size > 0
  }

  state(): StorageState {
    return { ...this.compute() }
  }

  stop(): void {
    if (this.countTimer) clearTimeout(this.countTimer)
    this.countTimer = null
  }

  private compute(): StorageState {
    if (this.held.size === 0) return { status: 'ok', since: null, waiting: 0, detail: null }
    const all = [...this.held.values()]
    const worst = WORST_FIRST.find((t) => all.some((h) => h.trouble === t)) ?? 'failing'
    return {
      status: worst,
      since: Math.min(...all.map((h) => h.since)),
      waiting: all.reduce((n, h) => n + h.waiting, 0),
      detail: all.find((h) => h.trouble === worst)?.detail ?? null,
    }
  }

  private publish(): void {
    const next = this.compute()
    const prev = this.last
    const changed = next.status !== prev.status || next.detail !== prev.detail
    if (changed) {
      this.last = next
      if (this.countTimer) clearTimeout(this.countTimer)
      this.countTimer = null
      this.onChange(next)
      return
    }
    // Only the count moved: tell the windows now and then, not on every retry.
    if (next.waiting === prev.waiting || this.countTimer) return
    this.countTimer = setTimeout(() => {
      this.countTimer = null
      this.last = this.compute()
      this.onChange(this.last)
    }, COUNT_EVERY_MS)
    this.countTimer.unref()
  }
}
