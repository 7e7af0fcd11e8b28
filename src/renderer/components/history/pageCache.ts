/**
 * Which pages of a filtered message list the renderer holds, and how to ask for a missing one:
 * by keyset from a neighbour page when it has one (stable while rows arrive), by position only
 * when the agent jumped with the scrollbar. Old pages far from the view are dropped.
 */
import type { HistoryCursor } from '../../../shared/calls/history'
import type { OutboxMessage } from '../../../shared/contract'

export interface PageRequest {
  page: number
  cursor: HistoryCursor | undefined
}

export class PageCache {
  private readonly pages = new Map<number, OutboxMessage[]>()
  private readonly pending = new Set<number>()

  constructor(
    readonly pageSize: number,
    private readonly maxPages = 40,
  ) {}

  rowAt(index: number): OutboxMessage | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize]
  }

  /** The pages rows first…last need that are neither held nor on their way, marked pending. */
  plan(first: number, last: number, total: number): PageRequest[] {
    if (total <= 0 || last < first) return []
    const from = Math.max(0, Math.floor(first / this.pageSize))
    const to = Math.floor(Math.min(last, total - 1) / this.pageSize)
    const out: PageRequest[] = []
    for (let p = from; p <= to; p++) {
      if (this.pages.has(p) || this.pending.has(p)) continue
      this.pending.add(p)
      out.push({ page: p, cursor: this.cursorFor(p) })
    }
    return out
  }

  cursorFor(page: number): HistoryCursor | undefined {
    if (page === 0) return undefined
    const prev = this.pages.get(page - 1)
    const prevLast = prev?.at(-1)
    if (prev && prev.length === this.pageSize && prevLast) return { before: prevLast.id }
    const nextFirst = this.pages.get(page + 1)?.[0]
    if (nextFirst) return { after: nextFirst.id }
    return { position: page * this.pageSize }
  }

  put(page: number, rows: OutboxMessage[]): void {
    this.pending.delete(page)
    this.pages.set(page, rows)
    if (this.pages.size <= this.maxPages) return
    // Keep the pages nearest the one just loaded: that is where the agent is.
    const far = [...this.pages.keys()].sort((a, b) => Math.abs(b - page) - Math.abs(a - page))
    for (const p of far.slice(0, this.pages.size - this.maxPages)) this.pages.delete(p)
  }

  failed(page: number): void {
    this.pending.delete(page)
  }

  /** A pushed change of a row we hold replaces it in place; true if it was held. */
  update(message: OutboxMessage): boolean {
    for (const rows of this.pages.values()) {
      const at = rows.findIndex((m) => m.id === message.id)
      if (at >= 0) {
        const current = rows[at]
        if (current && current.updatedAt > message.updatedAt) return true
        rows[at] = message
        return true
      }
    }
    return false
  }

  get size(): number {
    return this.pages.size
  }
}
