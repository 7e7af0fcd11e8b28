/**
 * History and Delivery reports on the team server's PostgreSQL: the same reads as a
 * workstation's HistoryReader (pages by keyset, counts, CSV chunks, a message's story, batches,
 * spend and trends), with the same answers for the same messages (the same store tests run
 * against both).
 *
 * The search indexes are the database's own, kept as messages are written (SQLite's are filled
 * by a background indexer): words through a `tsvector` expression index, "contains" on text and
 * number through `pg_trgm` indexes, both over text folded as the console folds it (lower case,
 * ё as е), and the messages per block of 1024 ids that a jump of the scrollbar counts through
 * (see the 'history reads' migration).
 *
 * Reads of more than one statement run in one read-only snapshot, so a page found by position,
 * a count and its newest id, or a batch's figures agree with each other while agents send.
 */
import type { PoolClient, QueryResultRow } from 'pg'
import type {
  BatchSummary,
  HistoryCursor,
  HistoryFilter,
  RatePoint,
} from '../../../../shared/calls/history'
import type { TrailStep } from '../../../../shared/calls/messages'
import type { MessageState, OutboxMessage } from '../../../../shared/contract'
import { foldText } from '../../../../shared/fold'
import { csvHeader, csvRow, CSV_BOM, EXACT_PHONE_DIGITS, searchWords } from '../../history/query'
import type { HistoryReader } from '../../history/reader'
import {
  toStoredReceipt,
  type BatchQuery,
  type CsvOptions,
  type ReceiptRow,
  type StoredDetail,
  type StoredReceipt,
} from '../../history/store'
import type { IndexStats, Marks } from '../../history/search-index'
import { notLookup } from '../../lookup/hlr-store'
import { toMessage, type MessageRow } from '../../outbox/outbox'
import { storedOptions } from '../../outbox/decisions'
import type { PgDatabase } from './database'

/** Ids per block of message_blocks, as SQLite's (search-index.ts). */
const BLOCK = 1024

const FINAL_OUTCOMES = `('delivered', 'failed', 'expired')`

/** The one search box's rules, as SQLite's (history/query.ts): a phone's characters only. */
const PHONE_ONLY = /^[+\d\s().-]*\d[+\d\s().-]*$/
const DIGITS_ONLY = /^\d+$/
const MAX_FRAGMENTS = 16

/** A LIKE pattern finding the folded `param` anywhere (its %, _ and \ taken literally). */
const containing = (param: string) =>
  String.raw`'%' || replace(replace(replace(history_fold(${param}::text), '\', '\\'), '%', '\%'), '_', '\_') || '%'`

/** The text as "contains" compares it; the trigram index holds exactly this expression. */
const FOLDED_TEXT = 'history_fold(t.text)'

/**
 * Messages whose text and number (message_texts: written once with the message, never moved
 * with its state, so a send's state changes never touch the search indexes) match `cond`.
 */
const searched = (cond: string) => `m.id IN (SELECT t.id FROM message_texts t WHERE ${cond})`

/**
 * SQLite's `CAST(x AS REAL)`: the number a price starts with, else 0 (so "1.5 KZT" counts 1.5
 * and a word counts nothing, on either database, where PostgreSQL's own cast would fail).
 */
const realOf = (x: string) =>
  String.raw`COALESCE(substring(${x} from '^\s*([-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?)')::float8, 0)`

/** A day of epoch milliseconds `ms` in the operator's time (`tz`: getTimezoneOffset minutes). */
const dayOf = (ms: string, tz: string) =>
  `to_char(DATE '1970-01-01' + floor((${ms} - ${tz}::bigint * 60000) / 86400000.0)::int, 'YYYY-MM-DD')`

/** Every block's messages (HLR lookups left out): those folded in, and the changes since. */
const BLOCKS = `SELECT block, SUM(n)::int AS n FROM (
    SELECT block, n FROM message_blocks UNION ALL SELECT block, n FROM message_block_changes
  ) b GROUP BY block HAVING SUM(n) > 0`

/**
 * The changes each write appended (see the migration) folded into the blocks' counts: writers
 * never wait on one another for a count, and a jump reads a handful of rows per block.
 */
const FOLD_BLOCKS = `WITH moved AS (DELETE FROM message_block_changes RETURNING block, n)
  INSERT INTO message_blocks (block, n)
    SELECT block, SUM(n) FROM moved GROUP BY block ORDER BY block
  ON CONFLICT (block) DO UPDATE SET n = message_blocks.n + excluded.n`

/** A filter as conditions over `m` (messages), with its parameters numbered from $1. */
interface Where {
  clauses: string[]
  params: unknown[]
  /** No condition but "not an HLR lookup": the block counts answer counts and jumps. */
  unfiltered: boolean
}

type Query = <R extends QueryResultRow>(sql: string, params?: unknown[]) => Promise<R[]>

export class PgHistory implements HistoryReader {
  /** The reads run in the database: no worker, nothing to start or stop here. */
  readonly where = 'database' as const
  readonly started = Promise.resolve()

  constructor(private readonly db: PgDatabase) {}

  /** The pool is the server's: closed with the rest of its stores. */
  async close(): Promise<void> {}

  /** One statement on any connection of the pool. */
  private readonly query: Query = async <R extends QueryResultRow>(
    sql: string,
    params: unknown[] = [],
  ) => (await this.db.pool.query<R>(sql, params)).rows

  /** Several statements that see the same messages (one read-only snapshot). */
  private async snapshot<T>(fn: (q: Query) => Promise<T>): Promise<T> {
    const c: PoolClient = await this.db.pool.connect()
    try {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
      const out = await fn(
        async <R extends QueryResultRow>(sql: string, params: unknown[] = []) =>
          (await c.query<R>(sql, params)).rows,
      )
      await c.query('COMMIT')
      return out
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {})
      throw err
    } finally {
      c.release()
    }
  }

  /** One page, newest first; a jump to a position finds its key first, then reads by keyset. */
  async page(
    filter: HistoryFilter,
    cursor: HistoryCursor | undefined,
    limit: number,
  ): Promise<OutboxMessage[]> {
    const w = whereOf(filter)
    const read = async (q: Query, seek: { op: '<' | '<=' | '>'; key: number } | null) => {
      const params = [...w.params]
      const clauses = [...w.clauses]
      if (seek) {
        params.push(seek.key)
        clauses.push(`m.id ${seek.op} $${params.length}`)
      }
      params.push(limit)
      const asc = seek?.op === '>'
      const rows = await q<MessageRow>(
        `SELECT m.* FROM messages m WHERE ${clauses.join(' AND ')}
        ORDER BY m.id ${asc ? 'ASC' : 'DESC'} LIMIT $${params.length}`,
        params,
      )
      const out = rows.map(toMessage)
      return asc ? out.reverse() : out
    }
    if (cursor && 'before' in cursor) return read(this.query, { op: '<', key: cursor.before })
    if (cursor && 'after' in cursor) return read(this.query, { op: '>', key: cursor.after })
    if (!cursor) return read(this.query, null)
    const { position } = cursor
    if (w.unfiltered) await this.foldBlocks()
    return this.snapshot(async (q) => {
      const key = await keyAt(q, w, position)
      return key === null ? [] : read(q, { op: '<=', key })
    })
  }

  async count(filter: HistoryFilter): Promise<{ total: number; newestId: number | null }> {
    const w = whereOf(filter)
    if (!w.unfiltered) {
      const [r] = await this.query<{ n: number; newest: number | null }>(
        `SELECT count(*) AS n, max(m.id) AS newest FROM messages m WHERE ${w.clauses.join(' AND ')}`,
        w.params,
      )
      return { total: r?.n ?? 0, newestId: r?.newest ?? null }
    }
    // The whole History: the blocks' counts, not a count of every row.
    await this.foldBlocks()
    return this.snapshot(async (q) => {
      const [total] = await q<{ n: number }>(
        `SELECT COALESCE(SUM(n), 0)::bigint AS n FROM (${BLOCKS}) b`,
      )
      const [newest] = await q<{ id: number }>(
        `SELECT m.id FROM messages m WHERE ${notLookup('m')} ORDER BY m.id DESC LIMIT 1`,
      )
      return { total: total?.n ?? 0, newestId: newest?.id ?? null }
    })
  }

  /** Best effort: a server that may only read still counts right (the changes are read too). */
  private async foldBlocks(): Promise<void> {
    await this.db.pool.query(FOLD_BLOCKS).catch(() => {})
  }

  /** The database keeps its indexes as it writes: every message is in them, up to the newest. */
  async searchIndexed(): Promise<Marks> {
    const [r] = await this.query<{ id: number }>(
      'SELECT COALESCE(MAX(id), 0)::bigint AS id FROM messages',
    )
    const id = r?.id ?? 0
    return { words: id, blocks: id, trigrams: id }
  }

  /** No indexer holds any lock here (SQLite's reports its holds). */
  async indexStats(): Promise<IndexStats | null> {
    return null
  }

  /** A chunk of the filtered set as CSV; the first (no `before`) carries the BOM and header. */
  async exportChunk(
    filter: HistoryFilter,
    before: number | undefined,
    limit: number,
    o: CsvOptions,
  ): Promise<{ csv: string; rows: number; nextBefore: number | null }> {
    const rows = await this.page(filter, before === undefined ? undefined : { before }, limit)
    const { profileNames, ...format } = o
    let csv = before === undefined ? CSV_BOM + csvHeader(o.lang, o.delimiter) : ''
    for (const m of rows) {
      csv += csvRow(m, { ...format, profileName: profileNames[m.profileId] ?? m.profileId })
    }
    const last = rows.at(-1)
    return { csv, rows: rows.length, nextBefore: rows.length === limit && last ? last.id : null }
  }

  /** A batch's messages by state. */
  async batchCounts(batchId: number): Promise<Partial<Record<MessageState, number>>> {
    return countsOf(await batchStates(this.query, [batchId]))
  }

  /** A message's delivery reports, oldest first (the first 200), as stored. */
  async receipts(messageId: number): Promise<StoredReceipt[]> {
    return receiptsOf(this.query, messageId)
  }

  /** A message's whole story (null for no such message, or an HLR lookup). */
  async detail(id: number): Promise<StoredDetail | null> {
    return this.snapshot(async (q) => {
      const [row] = await q<
        MessageRow & {
          scheduled_at: number | null
          resend_of: number | null
          batch_name: string | null
          options: string | null
        }
      >(
        `SELECT m.*, b.name AS batch_name FROM messages m
        LEFT JOIN batches b ON b.id = m.batch_id WHERE m.id = $1 AND ${notLookup('m')}`,
        [id],
      )
      if (!row) return null
      // Its changes, oldest first (the first 500: a message has a handful).
      const trail = await q<TrailStep>(
        `SELECT at, from_state AS "from", state, profile_id AS "profileId", error,
          error_code AS "errorCode" FROM message_states WHERE message_id = $1
        ORDER BY id LIMIT 500`,
        [id],
      )
      const resent = await q<{ id: number }>(
        'SELECT id FROM messages WHERE resend_of = $1 ORDER BY id LIMIT 100',
        [id],
      )
      return {
        message: toMessage(row),
        // Without a change kept (none yet): queued, or scheduled.
        createdState:
          trail[0]?.from ??
          (row.state === 'scheduled' || (row.scheduled_at ?? 0) > row.created_at
            ? 'scheduled'
            : 'queued'),
        scheduledAt: row.scheduled_at,
        batch: row.batch_id === null ? null : { id: row.batch_id, name: row.batch_name ?? '' },
        trail,
        receipts: await receiptsOf(q, id),
        messageType: storedOptions(row.options).messageType ?? null,
        resendOf: row.resend_of,
        resentAs: resent.map((r) => r.id),
      }
    })
  }

  /** Batches newest first with their counts by state; one-off messages as a row with id null. */
  async batches(b: BatchQuery): Promise<BatchSummary[]> {
    return this.snapshot(async (q) => {
      const params: unknown[] = [b.from ?? 0, b.to ?? Number.MAX_SAFE_INTEGER]
      const profile =
        b.profileId === undefined ? '' : `AND profile_id = $${params.push(b.profileId)}`
      const out: BatchSummary[] = []
      const oneOff = await q<{ state: MessageState; n: number; first: number }>(
        `SELECT state, count(*) AS n, MIN(created_at) AS first FROM messages m
        WHERE batch_id IS NULL AND created_at >= $1 AND created_at < $2 ${profile}
          AND ${notLookup('m')}
        GROUP BY state`,
        params,
      )
      if (oneOff.length > 0) {
        out.push({
          id: null,
          name: '',
          profileId: b.profileId ?? null,
          total: oneOff.reduce((sum, r) => sum + r.n, 0),
          createdAt: Math.min(...oneOff.map((r) => r.first)),
          counts: Object.fromEntries(oneOff.map((r) => [r.state, r.n])),
        })
      }
      const rows = await q<{
        id: number
        name: string
        profile_id: string
        total: number
        created_at: number
      }>(
        `SELECT id, name, profile_id, total, created_at FROM batches
        WHERE created_at >= $1 AND created_at < $2 ${profile}
        ORDER BY id DESC LIMIT $${params.length + 1}`,
        [...params, b.limit ?? 50],
      )
      const states = await batchStates(
        q,
        rows.map((r) => r.id),
      )
      for (const r of rows) {
        const counts = states.filter((s) => s.batch_id === r.id)
        const stored = counts.reduce((sum, s) => sum + s.n, 0)
        out.push({
          id: r.id,
          name: r.name,
          profileId: r.profile_id,
          total: Math.max(r.total, stored),
          createdAt: r.created_at,
          counts: countsOf(counts),
        })
      }
      return out
    })
  }

  /**
   * Final outcomes per minute since the batch started (each message counted once, at its final
   * receipt, or when it was settled without one), and its failure reasons, most common first.
   */
  async batchDetail(
    batchId: number | null,
    scope: { from?: number; to?: number; profileId?: string },
  ): Promise<{
    startedAt: number | null
    total: number
    series: RatePoint[]
    reasons: { error: string; errorCode: string | null; count: number }[]
    spent?: number | null
  }> {
    const w = whereOf(batchId === null ? { batchId: null, ...scope } : { batchId })
    const where = w.clauses.join(' AND ')
    return this.snapshot(async (q) => {
      const [base] = await q<{ total: number; first: number | null }>(
        `SELECT count(*) AS total, MIN(m.created_at) AS first FROM messages m WHERE ${where}`,
        w.params,
      )
      const [batch] =
        batchId === null
          ? []
          : await q<{ created_at: number }>('SELECT created_at FROM batches WHERE id = $1', [
              batchId,
            ])
      const startedAt = batch?.created_at ?? base?.first ?? null
      if (startedAt === null) return { startedAt: null, total: 0, series: [], reasons: [] }
      const finals = `${where} AND m.state IN ${FINAL_OUTCOMES}`
      const start = `$${w.params.length + 1}`
      const series = await q<RatePoint>(
        `SELECT GREATEST(0, (COALESCE(
            (SELECT MAX(r.received_at) FROM delivery_receipts r
              WHERE r.message_id = m.id AND r.outcome = m.state), m.updated_at) - ${start}::bigint)
            / 60000) AS minute,
          count(*) FILTER (WHERE m.state = 'delivered') AS delivered,
          count(*) FILTER (WHERE m.state = 'failed') AS failed,
          count(*) FILTER (WHERE m.state = 'expired') AS expired
        FROM messages m WHERE ${finals} GROUP BY 1 ORDER BY 1`,
        [...w.params, startedAt],
      )
      const reasons = await q<{ error: string; errorCode: string | null; count: number }>(
        `SELECT m.error AS error, MAX(m.error_code COLLATE "C") AS "errorCode", count(*) AS count
        FROM messages m WHERE ${finals} AND m.error IS NOT NULL
        GROUP BY m.error ORDER BY count DESC, m.error COLLATE "C" LIMIT 20`,
        w.params,
      )
      let spent: number | null = null
      if (batchId !== null) {
        const [s] = await q<{ spent: number | null }>(
          `SELECT SUM(${realOf('r.price')}) AS spent FROM messages m
          JOIN delivery_receipts r ON r.message_id = m.id
          WHERE m.batch_id = $1 AND r.price IS NOT NULL AND r.price <> ''
            AND r.outcome IN ${FINAL_OUTCOMES}`,
          [batchId],
        )
        spent = s?.spent ?? null
      }
      return { startedAt, total: base?.total ?? 0, series, reasons, spent }
    })
  }

  /**
   * What the providers charged, by day (in the operator's time) and profile, newest first: the
   * prices their final reports stated, and how many messages those were.
   */
  async spend(s: { from?: number; to?: number; profileId?: string; tzOffsetMinutes: number }) {
    const params: unknown[] = [s.tzOffsetMinutes, s.from ?? 0, s.to ?? Number.MAX_SAFE_INTEGER]
    const profile =
      s.profileId === undefined ? '' : `AND r.profile_id = $${params.push(s.profileId)}`
    return this.query<{ day: string; profileId: string; amount: number; messages: number }>(
      `SELECT ${dayOf('r.received_at', '$1')} AS day, r.profile_id AS "profileId",
        SUM(${realOf('r.price')}) AS amount, count(DISTINCT r.message_id) AS messages
      FROM delivery_receipts r
      WHERE r.price IS NOT NULL AND r.price <> '' AND r.outcome IN ${FINAL_OUTCOMES}
        AND r.received_at >= $2 AND r.received_at < $3 ${profile}
      GROUP BY 1, 2 ORDER BY 1 DESC, 2 LIMIT 1000`,
      params,
    )
  }

  /**
   * A period's messages by day (in the operator's time) and profile: how many were sent,
   * delivered and failed (or expired); the failures' reasons by day; and outcomes by the
   * number's first seven digits (main names the operator of each). HLR lookups left out.
   */
  async trends(t: { from?: number; to?: number; profileId?: string; tzOffsetMinutes: number }) {
    const params: unknown[] = [t.from ?? 0, t.to ?? Number.MAX_SAFE_INTEGER]
    const profile =
      t.profileId === undefined ? '' : `AND m.profile_id = $${params.push(t.profileId)}`
    const where = `m.created_at >= $1 AND m.created_at < $2 AND ${notLookup('m')} ${profile}`
    // The operator's offset comes last: only the counts by day read it.
    const byDay = [...params, t.tzOffsetMinutes]
    const day = dayOf('m.created_at', `$${byDay.length}`)
    const outcomes = `count(*) FILTER (WHERE m.state = 'delivered') AS delivered,
      count(*) FILTER (WHERE m.state IN ('failed', 'expired')) AS failed`
    return this.snapshot(async (q) => ({
      days: await q<{
        day: string
        profileId: string
        sent: number
        delivered: number
        failed: number
      }>(
        `SELECT ${day} AS day, m.profile_id AS "profileId", count(*) AS sent, ${outcomes}
        FROM messages m WHERE ${where} GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 5000`,
        byDay,
      ),
      reasons: await q<{ day: string; error: string; errorCode: string | null; count: number }>(
        `SELECT ${day} AS day, m.error AS error, MAX(m.error_code COLLATE "C") AS "errorCode",
          count(*) AS count
        FROM messages m WHERE ${where} AND m.state IN ('failed', 'expired') AND m.error IS NOT NULL
        GROUP BY 1, 2 ORDER BY 1, m.error COLLATE "C" LIMIT 5000`,
        byDay,
      ),
      prefixes: await q<{ prefix: string; sent: number; delivered: number; failed: number }>(
        `SELECT substr(m.phone, 1, 7) AS prefix, count(*) AS sent, ${outcomes}
        FROM messages m WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5000`,
        params,
      ),
    }))
  }
}

/**
 * The id at a position (0: the newest) of a filtered set, or null past its end. The whole
 * History: the blocks' counts find the block, and an offset of under 1024 ids inside it. A
 * filter: an offset over the ids its index finds (never over the rows themselves).
 */
async function keyAt(q: Query, w: Where, position: number): Promise<number | null> {
  if (!w.unfiltered) {
    const [r] = await q<{ id: number }>(
      `SELECT m.id FROM messages m WHERE ${w.clauses.join(' AND ')}
      ORDER BY m.id DESC OFFSET $${w.params.length + 1} LIMIT 1`,
      [...w.params, position],
    )
    return r?.id ?? null
  }
  const [b] = await q<{ block: number; above: number }>(
    `WITH b AS (${BLOCKS}),
      c AS (SELECT block, n, (SUM(n) OVER (ORDER BY block DESC))::bigint AS through FROM b)
    SELECT block, through - n AS above FROM c WHERE through > $1 ORDER BY block DESC LIMIT 1`,
    [position],
  )
  if (!b) return null
  const lo = b.block * BLOCK
  const [r] = await q<{ id: number }>(
    `SELECT m.id FROM messages m WHERE m.id >= $1 AND m.id < $2 AND ${notLookup('m')}
    ORDER BY m.id DESC OFFSET $3 LIMIT 1`,
    [lo, lo + BLOCK, position - b.above],
  )
  return r?.id ?? null
}

/**
 * The filter as History's SQLite store reads it (history/query.ts), in PostgreSQL's terms:
 * "contains" a LIKE over the folded text (the trigram index's expression), words a `tsquery`
 * of each word's beginning (history_query), HLR lookups always left out.
 */
function whereOf(filter: HistoryFilter): Where {
  const clauses: string[] = [notLookup('m')]
  const params: unknown[] = []
  const param = (v: unknown) => `$${params.push(v)}`
  const digits = (filter.phone ?? '').replace(/\D/g, '')
  if (digits.length >= EXACT_PHONE_DIGITS) clauses.push(`m.phone = ${param(digits)}`)
  else if (digits.length > 0) clauses.push(searched(`t.phone LIKE ${param(`%${digits}%`)}`))
  const text = filter.text?.trim() ?? ''
  if (foldText(text) !== '') {
    clauses.push(searched(`${FOLDED_TEXT} LIKE ${containing(param(text))}`))
  }
  const states = [...new Set(filter.states ?? [])]
  if (states.length > 0) clauses.push(`m.state = ANY(${param(states)}::text[])`)
  if (filter.profileId !== undefined) clauses.push(`m.profile_id = ${param(filter.profileId)}`)
  if (filter.batchId === null) clauses.push('m.batch_id IS NULL')
  else if (filter.batchId !== undefined) clauses.push(`m.batch_id = ${param(filter.batchId)}`)
  if (filter.from !== undefined) clauses.push(`m.created_at >= ${param(filter.from)}`)
  if (filter.to !== undefined) clauses.push(`m.created_at < ${param(filter.to)}`)
  const queryWords = filter.query === undefined ? '' : addQuery(filter.query, clauses, param)
  const words = searchWords(`${filter.search ?? ''} ${queryWords}`)
  if (words.length > 0) {
    clauses.push(searched(`history_words(t.text) @@ history_query(${param(words)}::text[])`))
  }
  return { clauses, params, unfiltered: clauses.length === 1 }
}

/**
 * The one search box, by SQLite's rules (history/query.ts addQuery): only a phone's characters
 * are the whole number exactly (11+ digits) or digits anywhere in the number or the text;
 * otherwise what is in quotes is a fragment anywhere in the text (digits: or in the number),
 * and the words left are searched as words. Returns those words.
 */
function addQuery(query: string, clauses: string[], param: (v: unknown) => string): string {
  // Typographic quotes (a Russian text's «…», „…“) quote as " does.
  const q = query.trim().replace(/[«»“”„]/g, '"')
  if (PHONE_ONLY.test(q)) {
    const digits = q.replace(/\D/g, '')
    if (digits.length >= EXACT_PHONE_DIGITS) clauses.push(`m.phone = ${param(digits)}`)
    else {
      const like = param(`%${digits}%`)
      clauses.push(searched(`(t.phone LIKE ${like} OR ${FOLDED_TEXT} LIKE ${like})`))
    }
    return ''
  }
  const fragments = [...q.matchAll(/"([^"]*)"/g)]
    .map((m) => (m[1] ?? '').trim())
    .filter((f) => foldText(f) !== '')
    .slice(0, MAX_FRAGMENTS)
  for (const f of fragments) {
    const like = containing(param(f))
    clauses.push(
      searched(
        DIGITS_ONLY.test(f)
          ? `(${FOLDED_TEXT} LIKE ${like} OR t.phone LIKE ${like})`
          : `${FOLDED_TEXT} LIKE ${like}`,
      ),
    )
  }
  // The words: what is left outside the quotes (an unpaired quote is no more than a space).
  return q.replace(/"[^"]*"/g, ' ').replace(/"/g, ' ')
}

interface StateCount {
  batch_id: number
  state: MessageState
  n: number
}

/** The messages of these batches by state (the batch/state index answers it). */
function batchStates(q: Query, ids: readonly number[]): Promise<StateCount[]> {
  if (ids.length === 0) return Promise.resolve([])
  return q<StateCount>(
    `SELECT batch_id, state, count(*) AS n FROM messages
    WHERE batch_id = ANY($1::bigint[]) GROUP BY batch_id, state`,
    [ids],
  )
}

function countsOf(rows: readonly StateCount[]): Partial<Record<MessageState, number>> {
  return Object.fromEntries(rows.map((r) => [r.state, r.n]))
}

async function receiptsOf(q: Query, messageId: number): Promise<StoredReceipt[]> {
  const rows = await q<ReceiptRow>(
    `SELECT received_at, provider_id, outcome, stat, err, reason, reason_code, channel, price,
      prices, raw FROM delivery_receipts WHERE message_id = $1 ORDER BY id LIMIT 200`,
    [messageId],
  )
  return rows.map(toStoredReceipt)
}
