/**
 * Reads the outbox for the History and Delivery reports screens: keyset pages, counts,
 * CSV chunks, batch counters and delivery-rate series, all filtered in SQL. Read-only: every
 * change of a message still goes through the outbox. Statements are prepared once per shape.
 */
import type Database from 'better-sqlite3'
import {
  ReceiptViewSchema,
  type BatchSummary,
  type HistoryCursor,
  type HistoryFilter,
  type RatePoint,
  type ReceiptView,
} from '../../../shared/calls/history'
import type { MessageState, OutboxMessage } from '../../../shared/contract'
import type { Db } from '../db/database'
import { toMessage, type MessageRow } from '../outbox/outbox'
import { csvHeader, csvRow, CSV_BOM, fromOf, whereOf, type WhereParts } from './query'

export interface CsvOptions {
  delimiter: string
  tzOffsetMinutes: number
  lang: 'en' | 'ru'
  /** Each profile's name by id (a profile gone since is shown by its id). */
  profileNames: Readonly<Record<string, string>>
}

export interface BatchQuery {
  profileId?: string
  from?: number
  to?: number
  limit?: number
}

const FINAL_OUTCOMES = `('delivered', 'failed', 'expired')`
/** Shapes of query seen so far; a filter has few fields, so this stays small. */
const MAX_CACHED = 512

export class HistoryStore {
  private readonly statements = new Map<string, Database.Statement>()
  private readonly s

  constructor(private readonly db: Db) {
    this.s = {
      batches: db.prepare(`SELECT id, name, profile_id, total, created_at FROM batches
        WHERE (@profileId IS NULL OR profile_id = @profileId)
          AND created_at >= @from AND created_at < @to
        ORDER BY id DESC LIMIT @limit`),
      batch: db.prepare('SELECT id, created_at FROM batches WHERE id = ?'),
      batchCounts: db.prepare(
        'SELECT state, COUNT(*) AS n FROM messages WHERE batch_id = ? GROUP BY state',
      ),
      receipts: db.prepare(`SELECT received_at, outcome, stat, err, reason, reason_code, channel,
        price, prices FROM delivery_receipts WHERE message_id = ? ORDER BY id LIMIT 200`),
      oneOffCounts: db.prepare(`SELECT state, COUNT(*) AS n, MIN(created_at) AS first
        FROM messages WHERE batch_id IS NULL AND created_at >= @from AND created_at < @to
          AND (@profileId IS NULL OR profile_id = @profileId)
        GROUP BY state`),
    }
  }

  /** One page, newest first. */
  page(filter: HistoryFilter, cursor: HistoryCursor | undefined, limit: number): OutboxMessage[] {
    const w = whereOf(filter)
    const id = idColumn(w)
    const params: Record<string, string | number> = { ...w.params, limit }
    const clauses = [...w.clauses]
    let order = 'DESC'
    let tail = 'LIMIT @limit'
    if (cursor && 'before' in cursor) {
      clauses.push(`${id} < @cursor`)
      params.cursor = cursor.before
    } else if (cursor && 'after' in cursor) {
      clauses.push(`${id} > @cursor`)
      params.cursor = cursor.after
      order = 'ASC'
    } else if (cursor && 'position' in cursor) {
      // A scrollbar jump only: scrolling itself pages by id (keyset).
      tail = 'LIMIT @limit OFFSET @offset'
      params.offset = cursor.position
    }
    const sql = `SELECT m.* FROM ${fromOf(w)} ${whereSql(clauses)} ORDER BY ${id} ${order} ${tail}`
    const rows = (this.prepare(sql).all(params) as MessageRow[]).map(toMessage)
    return order === 'ASC' ? rows.reverse() : rows
  }

  count(filter: HistoryFilter): { total: number; newestId: number | null } {
    const w = whereOf(filter)
    const sql = `SELECT COUNT(*) AS total, MAX(${idColumn(w)}) AS newestId FROM ${fromOf(w)} ${whereSql(w.clauses)}`
    return this.prepare(sql).get(w.params) as { total: number; newestId: number | null }
  }

  /** A chunk of the filtered set as CSV; the first (no `before`) carries the BOM and header. */
  exportChunk(
    filter: HistoryFilter,
    before: number | undefined,
    limit: number,
    o: CsvOptions,
  ): { csv: string; rows: number; nextBefore: number | null } {
    const rows = this.page(filter, before === undefined ? undefined : { before }, limit)
    const { profileNames, ...format } = o
    let csv = before === undefined ? CSV_BOM + csvHeader(o.lang, o.delimiter) : ''
    for (const m of rows) {
      csv += csvRow(m, { ...format, profileName: profileNames[m.profileId] ?? m.profileId })
    }
    const last = rows.at(-1)
    return { csv, rows: rows.length, nextBefore: rows.length === limit && last ? last.id : null }
  }

  /** A batch's messages by state (read from the batch/state index). */
  batchCounts(batchId: number): Partial<Record<MessageState, number>> {
    const out: Partial<Record<MessageState, number>> = {}
    for (const r of this.s.batchCounts.all(batchId) as { state: MessageState; n: number }[])
      out[r.state] = r.n
    return out
  }

  /** A message's delivery reports, oldest first (the first 200: a message has a handful). */
  receipts(messageId: number): ReceiptView[] {
    const rows = this.s.receipts.all(messageId) as {
      received_at: number
      outcome: string
      stat: string
      err: string | null
      reason: string | null
      reason_code: string | null
      channel: string | null
      price: string | null
      prices: string | null
    }[]
    const out: ReceiptView[] = []
    for (const r of rows) {
      const parsed = ReceiptViewSchema.safeParse({
        receivedAt: r.received_at,
        outcome: r.outcome,
        stat: r.stat,
        err: r.err,
        reason: r.reason,
        reasonCode: r.reason_code,
        channel: r.channel,
        price: r.price,
        prices: jsonOrNull(r.prices),
      })
      // A row this version cannot read (an unknown channel) is left out, never a failed call.
      if (parsed.success) out.push(parsed.data)
    }
    return out
  }

  /** Batches newest first with their counts by state; one-off messages as a row with id null. */
  batches(q: BatchQuery): BatchSummary[] {
    const range = {
      profileId: q.profileId ?? null,
      from: q.from ?? 0,
      to: q.to ?? Number.MAX_SAFE_INTEGER,
    }
    const out: BatchSummary[] = []
    const oneOff = this.s.oneOffCounts.all(range) as {
      state: MessageState
      n: number
      first: number
    }[]
    if (oneOff.length > 0) {
      out.push({
        id: null,
        name: '',
        profileId: q.profileId ?? null,
        total: oneOff.reduce((sum, r) => sum + r.n, 0),
        createdAt: Math.min(...oneOff.map((r) => r.first)),
        counts: Object.fromEntries(oneOff.map((r) => [r.state, r.n])),
      })
    }
    const rows = this.s.batches.all({ ...range, limit: q.limit ?? 50 }) as {
      id: number
      name: string
      profile_id: string
      total: number
      created_at: number
    }[]
    for (const b of rows) {
      const counts = this.s.batchCounts.all(b.id) as { state: MessageState; n: number }[]
      const stored = counts.reduce((sum, r) => sum + r.n, 0)
      out.push({
        id: b.id,
        name: b.name,
        profileId: b.profile_id,
        total: Math.max(b.total, stored),
        createdAt: b.created_at,
        counts: Object.fromEntries(counts.map((r) => [r.state, r.n])),
      })
    }
    return out
  }

  /**
   * Final outcomes per minute since the batch started (each message counted once, at its final
   * receipt, or when it was settled without one), and its failure reasons, most common first.
   */
  batchDetail(
    batchId: number | null,
    scope: { from?: number; to?: number; profileId?: string },
  ): {
    startedAt: number | null
    total: number
    series: RatePoint[]
    reasons: { error: string; errorCode: string | null; count: number }[]
  } {
    const filter: HistoryFilter = batchId === null ? { batchId: null, ...scope } : { batchId }
    const w = whereOf(filter)
    const base = this.prepare(
      `SELECT COUNT(*) AS total, MIN(m.created_at) AS first FROM messages m ${whereSql(w.clauses)}`,
    ).get(w.params) as { total: number; first: number | null }
    const batch =
      batchId === null
        ? undefined
        : (this.s.batch.get(batchId) as { id: number; created_at: number } | undefined)
    const startedAt = batch?.created_at ?? base.first
    if (startedAt === null) return { startedAt: null, total: 0, series: [], reasons: [] }
    const finals = [...w.clauses, `m.state IN ${FINAL_OUTCOMES}`]
    // Receipt times may carry a fraction of a millisecond: whole minutes come from the CAST.
    const series = this.prepare(
      `SELECT MAX(0, CAST((COALESCE(
          (SELECT MAX(r.received_at) FROM delivery_receipts r
            WHERE r.message_id = m.id AND r.outcome = m.state), m.updated_at) - @start) AS INTEGER) / 60000) AS minute,
        SUM(m.state = 'delivered') AS delivered, SUM(m.state = 'failed') AS failed,
        SUM(m.state = 'expired') AS expired
      FROM messages m ${whereSql(finals)} GROUP BY minute ORDER BY minute`,
    ).all({
      ...w.params,
      start: startedAt,
    }) as RatePoint[]
    const reasons = this.prepare(
      `SELECT m.error AS error, MAX(m.error_code) AS errorCode, COUNT(*) AS count FROM messages m
      ${whereSql([...finals, 'm.error IS NOT NULL'])}
      GROUP BY m.error ORDER BY count DESC LIMIT 20`,
    ).all(w.params) as {
      error: string
      errorCode: string | null
      count: number
    }[]
    return { startedAt, total: base.total, series, reasons }
  }

  private prepare(sql: string): Database.Statement {
    let st = this.statements.get(sql)
    if (!st) {
      if (this.statements.size >= MAX_CACHED) this.statements.clear()
      st = this.db.prepare(sql)
      this.statements.set(sql, st)
    }
    return st
  }
}

/** With a full-text search the index yields rowids in order; keyset on them lets it seek. */
function idColumn(w: WhereParts): string {
  return w.fts ? 'messages_fts.rowid' : 'm.id'
}

function whereSql(clauses: readonly string[]): string {
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''
}

function jsonOrNull(text: string | null): unknown {
  if (text === null) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}
