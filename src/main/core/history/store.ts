/**
 * Reads the outbox for the History and Delivery reports screens: keyset pages, counts,
 * CSV chunks, batch counters and delivery-rate series, all filtered in SQL. Read-only: every
 * change of a message still goes through the outbox. Statements are prepared once per shape.
 */
import type Database from 'better-sqlite3'
import type {
  BatchSummary,
  HistoryCursor,
  HistoryFilter,
  RatePoint,
} from '../../../shared/calls/history'
import type { MessageDetail, TrailStep } from '../../../shared/calls/messages'
import type { MessageState, OutboxMessage } from '../../../shared/contract'
import type { Db } from '../db/database'
import { toMessage, type MessageRow } from '../outbox/outbox'
import { storedOptions } from '../outbox/decisions'
import {
  csvHeader,
  csvRow,
  CSV_BOM,
  anyOf,
  foldText,
  partsOf,
  searchWords,
  whereOf,
  WORDS_TAIL,
  yoSpellings,
  type Part,
} from './query'
import { isLookup, notLookup } from '../lookup/hlr-store'
import {
  BLOCK_BITS,
  readMarks,
  type IndexStats,
  type Marks,
  type SearchIndexer,
} from './search-index'

/** A delivery report as stored, not yet checked against what this version can show. */
export interface StoredReceipt {
  receivedAt: number
  providerId: string
  outcome: string
  stat: string
  err: string | null
  reason: string | null
  reasonCode: string | null
  channel: string | null
  price: string | null
  prices: unknown
  raw: string
}

/** A message's detail as stored (its reports not yet checked, as `receipts` returns them). */
export type StoredDetail = Omit<MessageDetail, 'receipts'> & { receipts: StoredReceipt[] }

/** A delivery_receipts row as both databases' History reads select it. */
export interface ReceiptRow {
  received_at: number
  provider_id: string
  outcome: string
  stat: string
  err: string | null
  reason: string | null
  reason_code: string | null
  channel: string | null
  price: string | null
  prices: string | null
  raw: string
}

export function toStoredReceipt(r: ReceiptRow): StoredReceipt {
  return {
    receivedAt: r.received_at,
    providerId: r.provider_id,
    outcome: r.outcome,
    stat: r.stat,
    err: r.err,
    reason: r.reason,
    reasonCode: r.reason_code,
    channel: r.channel,
    price: r.price,
    prices: jsonOrNull(r.prices),
    raw: r.raw,
  }
}

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

/** The temporary index the typed words are tokenized in (see indexedWords). */
const TYPED = 'typed_words'

/** An FTS5 string, never read as an operator. */
const quote = (s: string) => `"${s.replace(/"/g, '""')}"`

const FINAL_OUTCOMES = `('delivered', 'failed', 'expired')`
/** Shapes of query seen so far; a filter has few fields, so this stays small. */
const MAX_CACHED = 512

export class HistoryStore {
  private readonly statements = new Map<string, Database.Statement>()
  private readonly s

  /**
   * @param indexer keeps the search indexes of this database (on a writable connection), when
   *   this store's side runs it: `searchIndexed` then waits for it.
   */
  constructor(
    private readonly db: Db,
    private readonly indexer?: SearchIndexer,
  ) {
    // "Contains" compares folded text (see foldText); only rows no index answers for reach it.
    db.function('fold_text', { deterministic: true }, (text: unknown) =>
      typeof text === 'string' ? foldText(text) : text,
    )
    this.s = {
      batches: db.prepare(`SELECT id, name, profile_id, total, created_at FROM batches
        WHERE (@profileId IS NULL OR profile_id = @profileId)
          AND created_at >= @from AND created_at < @to
        ORDER BY id DESC LIMIT @limit`),
      batch: db.prepare('SELECT id, created_at FROM batches WHERE id = ?'),
      batchCounts: db.prepare(
        'SELECT state, COUNT(*) AS n FROM messages WHERE batch_id = ? GROUP BY state',
      ),
      receipts:
        db.prepare(`SELECT received_at, provider_id, outcome, stat, err, reason, reason_code, channel,
        price, prices, raw FROM delivery_receipts WHERE message_id = ? ORDER BY id LIMIT 200`),
      detail: db.prepare(`SELECT m.*, b.name AS batch_name FROM messages m
        LEFT JOIN batches b ON b.id = m.batch_id WHERE m.id = ? AND ${notLookup('m')}`),
      // A message's changes, oldest first (the first 500: a message has a handful).
      trail: db.prepare(`SELECT at, from_state AS "from", state, profile_id AS profileId, error,
        error_code AS errorCode FROM message_states WHERE message_id = ? ORDER BY id LIMIT 500`),
      resentAs: db
        .prepare('SELECT id FROM messages WHERE resend_of = ? ORDER BY id LIMIT 100')
        .pluck(),
      // HLR lookups travel as messages but are not History's: every statement leaves them out
      // (message_blocks and the search indexes never hold them, migration 14).
      newest: db.prepare(`SELECT id FROM messages m WHERE ${notLookup('m')}
        ORDER BY id DESC LIMIT 1`),
      countAbove: db.prepare(`SELECT COUNT(*) AS n FROM messages m
        WHERE id > ? AND ${notLookup('m')}`),
      idAbove: db.prepare(`SELECT id FROM messages m WHERE id > ? AND ${notLookup('m')}
        ORDER BY id DESC LIMIT 1 OFFSET ?`),
      blocksTotal: db.prepare('SELECT COALESCE(SUM(n), 0) AS n FROM message_blocks'),
      blocks: db.prepare('SELECT block, n FROM message_blocks WHERE n > 0 ORDER BY block DESC'),
      // Within a block, ids alone (no row read) unless the block holds a lookup to step over.
      idInBlock: db.prepare(`SELECT id FROM messages WHERE id >= ? AND id <= ?
        ORDER BY id DESC LIMIT 1 OFFSET ?`),
      idInBlockPastLookups: db.prepare(`SELECT id FROM messages m
        WHERE id >= ? AND id <= ? AND ${notLookup('m')} ORDER BY id DESC LIMIT 1 OFFSET ?`),
      lookupInRange: db.prepare(`SELECT 1 FROM messages m INDEXED BY messages_hlr
        WHERE ${isLookup('m')} AND id >= ? AND id <= ? LIMIT 1`),
      oneOffCounts: db.prepare(`SELECT state, COUNT(*) AS n, MIN(created_at) AS first
        FROM messages m WHERE batch_id IS NULL AND created_at >= @from AND created_at < @to
          AND (@profileId IS NULL OR profile_id = @profileId) AND ${notLookup('m')}
        GROUP BY state`),
    }
  }

  /**
   * One page, newest first. A jump to a position finds the key at that position first (see
   * keyAt) and reads the page by keyset from it: no page ever reads the rows above it.
   */
  page(filter: HistoryFilter, cursor: HistoryCursor | undefined, limit: number): OutboxMessage[] {
    const plan = this.plan(filter)
    let seek: { op: '<' | '<=' | '>'; key: number } | null = null
    if (cursor && 'before' in cursor) seek = { op: '<', key: cursor.before }
    else if (cursor && 'after' in cursor) seek = { op: '>', key: cursor.after }
    else if (cursor && 'position' in cursor) {
      const key = this.keyAt(plan, cursor.position)
      if (key === null) return []
      seek = { op: '<=', key }
    }
    const asc = seek?.op === '>'
    const rows: MessageRow[] = []
    // Parts are newest range first; a page reading upwards (after) takes them oldest first.
    for (const part of asc ? [...plan.parts].reverse() : plan.parts) {
      const own = [...part.clauses, notLookup('m')]
      const clauses = seek ? [...own, `${part.id} ${seek.op} @cursor`] : own
      const sql = `SELECT m.* FROM ${part.from} ${whereSql(clauses)}
        ORDER BY ${part.id} ${asc ? 'ASC' : 'DESC'} LIMIT @limit`
      const params = { ...plan.params, limit: limit - rows.length, cursor: seek?.key ?? 0 }
      rows.push(...(this.prepare(sql).all(params) as MessageRow[]))
      if (rows.length >= limit) break
    }
    const out = rows.map(toMessage)
    return asc ? out.reverse() : out
  }

  count(filter: HistoryFilter): { total: number; newestId: number | null } {
    const plan = this.plan(filter)
    if (plan.unfiltered) {
      // Whole table: the per-block counts up to their mark and a count of the few rows above.
      const b = this.s.blocksTotal.get() as { n: number }
      const tail = this.s.countAbove.get(plan.marks.blocks) as { n: number }
      const newest = this.s.newest.get() as { id: number } | undefined
      return { total: b.n + tail.n, newestId: newest?.id ?? null }
    }
    let total = 0
    let newestId: number | null = null
    for (const part of plan.parts) {
      if (part.indexOnly) {
        // The full-text index alone: its count, and its newest match as the first in its own
        // order (MAX over every match would read each one's rowid again).
        const { from, clauses } = part.indexOnly
        const where = whereSql(clauses)
        const r = this.prepare(`SELECT COUNT(*) AS n FROM ${from} ${where}`).get(plan.params) as {
          n: number
        }
        total += r.n
        if (newestId === null && r.n > 0) {
          const top = this.prepare(
            `SELECT rowid AS id FROM ${from} ${where}
            ORDER BY rowid DESC LIMIT 1`,
          ).get(plan.params) as { id: number } | undefined
          newestId = top?.id ?? null
        }
        continue
      }
      const sql = `SELECT COUNT(*) AS n, MAX(${part.id}) AS newest FROM ${part.from} ${whereSql(part.clauses)}`
      const r = this.prepare(sql).get(plan.params) as { n: number; newest: number | null }
      const lookups = this.lookupsIn(part, plan.params)
      total += r.n - lookups
      if (newestId === null && lookups > 0) {
        const top = this.prepare(
          `SELECT ${part.id} AS id FROM ${part.from} ${whereSql([...part.clauses, notLookup('m')])}
          ORDER BY ${part.id} DESC LIMIT 1`,
        ).get(plan.params) as { id: number } | undefined
        newestId = top?.id ?? null
      } else if (newestId === null) newestId = r.newest
    }
    return { total, newestId }
  }

  /**
   * The id at a position (0: the newest) of a filtered set, or null past its end.
   * - No filter: per-block message counts (message_blocks, up to their mark) find the block
   *   and an offset of under 1024 ids inside it; the few rows above the mark are counted.
   * - Any filter: an offset over ids alone in each part, through the filter's index (or the
   *   full-text index alone for a bare search): it never reads the rows it skips.
   */
  keyAt(plan: Plan, position: number): number | null {
    let p = position
    if (plan.unfiltered) {
      const mark = plan.marks.blocks
      const tail = (this.s.countAbove.get(mark) as { n: number }).n
      if (p < tail) return (this.s.idAbove.get(mark, p) as { id: number } | undefined)?.id ?? null
      p -= tail
      for (const b of this.s.blocks.all() as { block: number; n: number }[]) {
        if (p >= b.n) {
          p -= b.n
          continue
        }
        const lo = b.block << BLOCK_BITS
        const hi = Math.min(lo + (1 << BLOCK_BITS) - 1, mark)
        const st = this.s.lookupInRange.get(lo, hi) ? this.s.idInBlockPastLookups : this.s.idInBlock
        return (st.get(lo, hi, p) as { id: number } | undefined)?.id ?? null
      }
      return null
    }
    const last = plan.parts.length - 1
    for (const [i, part] of plan.parts.entries()) {
      const { from, clauses } = part.indexOnly ?? part
      const id = part.indexOnly ? 'rowid' : part.id
      const lookups = part.indexOnly ? 0 : this.lookupsIn(part, plan.params)
      if (i < last) {
        const n = (
          this.prepare(`SELECT COUNT(*) AS n FROM ${from} ${whereSql(clauses)}`).get(
            plan.params,
          ) as { n: number }
        ).n
        if (p >= n - lookups) {
          p -= n - lookups
          continue
        }
      }
      const sql = `SELECT ${id} AS id FROM ${from} ${whereSql(clauses)}
        ORDER BY ${id} DESC LIMIT 1 OFFSET @offset`
      const idAt = (offset: number) =>
        (this.prepare(sql).get({ ...plan.params, offset }) as { id: number } | undefined)?.id ??
        null
      if (lookups === 0) return idAt(p)
      // The offset over the index counts lookups too, and they are few: it moves down by the
      // lookups at or above the id it reaches until it stops moving, which is at the p-th
      // message (each step stays at or above it, and a resting place with p messages above
      // it is that message).
      let offset = p
      for (;;) {
        const at = idAt(offset)
        if (at === null) return null
        const next = p + this.lookupsIn(part, plan.params, at)
        if (next === offset) return at
        offset = next
      }
    }
    return null
  }

  /**
   * The HLR lookups a part of a filtered set holds (those with ids from `fromId` up, if given),
   * through the partial index that holds lookups only. The search indexes never hold them; a part read
   * straight from the messages table may (its count and offsets go through other indexes).
   */
  private lookupsIn(part: Part, params: Record<string, string | number>, fromId?: number): number {
    if (part.from !== 'messages m') return 0
    const clauses = [isLookup('m'), ...part.clauses]
    if (fromId !== undefined) clauses.push('m.id >= @lookupsFrom')
    const sql = `SELECT COUNT(*) AS n FROM messages m INDEXED BY messages_hlr ${whereSql(clauses)}`
    const bound = fromId === undefined ? params : { ...params, lookupsFrom: fromId }
    return (this.prepare(sql).get(bound) as { n: number }).n
  }

  /** A filter's parts with their parameters, the words tail brought up to date if searching. */
  private plan(filter: HistoryFilter): Plan {
    const w = whereOf(filter)
    const marks = readMarks(this.db)
    const parts = partsOf(w, marks)
    const params: Record<string, string | number> = { ...w.params }
    if (w.words !== null) {
      params.words = w.words
      params.indexedWords = this.indexedWords(w.wordsText ?? '')
      params.mark = marks.words
      this.wordsTail(marks.words)
    } else if (w.trigrams !== null) {
      params.trigrams = w.trigrams
      params.mark = marks.trigrams
    }
    const unfiltered =
      w.words === null && w.trigrams === null && w.clauses.length === 0 && w.exact.length === 0
    return { parts, params, marks, unfiltered }
  }

  /**
   * The search as a query of the words index (messages_fts), each word exact where the index
   * holds just one word beginning with it (the typed one, or a single longer one): FTS5 reads
   * an exact word's list as it goes, but gathers every word a prefix covers into one list
   * first, which on a word in a quarter of a million messages takes longer than the count
   * itself. Same matches either way: a prefix that only one indexed word begins with matches
   * the messages holding that word (or none).
   *
   * The typed words go through the index's own tokenizer (a temporary index and its vocabulary),
   * so each is looked up as the index holds it (folded case, no diacritics). The vocabulary
   * counts the messages of each word it returns, so it is asked for the longer words only (most
   * often none, and no list read) and for the typed word only when one longer word exists.
   */
  private indexedWords(search: string): string {
    if (!this.vocab) {
      this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${TYPED} USING fts5(
          text, tokenize = 'unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE IF NOT EXISTS temp.${TYPED}_tokens USING fts5vocab(
          temp, ${TYPED}, 'instance');
        CREATE VIRTUAL TABLE IF NOT EXISTS temp.messages_fts_terms USING fts5vocab(
          main, messages_fts, 'row');`)
      this.vocab = {
        clear: this.db.prepare(`DELETE FROM temp.${TYPED}`),
        add: this.db.prepare(`INSERT INTO temp.${TYPED} (rowid, text) VALUES (?, ?)`),
        tokens: this.db.prepare(`SELECT doc, term FROM temp.${TYPED}_tokens ORDER BY doc, offset`),
        // Up to two indexed words longer than the typed one and beginning with it.
        longer: this.db
          .prepare(
            `SELECT term FROM temp.messages_fts_terms
            WHERE term >= @t || char(1) AND term <= @t || char(1114111) LIMIT 2`,
          )
          .pluck(),
        held: this.db.prepare(`SELECT 1 FROM temp.messages_fts_terms WHERE term = @t`).pluck(),
        // Whether any indexed word is or begins with it (a ё spelling: most often none).
        some: this.db
          .prepare(
            `SELECT 1 FROM temp.messages_fts_terms
            WHERE term >= @t AND term <= @t || char(1114111) LIMIT 1`,
          )
          .pluck(),
      }
    }
    const v = this.vocab
    const words = searchWords(search)
    v.clear.run()
    words.forEach((w, i) => v.add.run(i + 1, w))
    const tokens = new Map<number, string[]>()
    for (const r of v.tokens.all() as { doc: number; term: string }[]) {
      const list = tokens.get(r.doc) ?? []
      list.push(r.term)
      tokens.set(r.doc, list)
    }
    v.clear.run()
    return words
      .map((w, i) => {
        const t = tokens.get(i + 1)
        if (!t || t.length === 0) return `${quote(w)}*`
        // Each spelling of its е's by the same rule: the one with е only, and those with a ё
        // that some indexed word is or begins with.
        const [plain = '', ...withYo] = yoSpellings(foldText(t.join(' ')))
        const spellings = [
          plain,
          ...withYo.filter((x) => v.some.get({ t: x.split(' ').at(-1) ?? '' }) !== undefined),
        ]
        return anyOf(
          spellings.map((spelled) => {
            const st = spelled.split(' ')
            const last = st.at(-1) ?? ''
            const longer = v.longer.all({ t: last }) as string[]
            // Only the typed word itself can match.
            if (longer.length === 0) return quote(spelled)
            // One longer word, and the typed one is not a word of the index: that word.
            if (longer.length === 1 && v.held.get({ t: last }) === undefined) {
              return quote([...st.slice(0, -1), ...longer].join(' '))
            }
            return `${quote(spelled)}*`
          }),
        )
      })
      .join(' AND ')
  }

  private vocab:
    | {
        clear: Database.Statement
        add: Database.Statement
        tokens: Database.Statement
        longer: Database.Statement
        held: Database.Statement
        some: Database.Statement
      }
    | undefined

  /**
   * The messages above the words index's mark, in a temporary words index of this connection
   * (the same tokenizer as messages_fts, migration 3), so a search finds every message however
   * far the background indexing is behind. Brought up to the newest message before each search;
   * emptied once the real index has caught up with everything it holds.
   */
  private wordsTail(mark: number): void {
    if (!this.tail) {
      this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${WORDS_TAIL} USING fts5(
        text, tokenize = 'unicode61 remove_diacritics 2')`)
      this.db.exec(`DELETE FROM temp.${WORDS_TAIL}`)
      this.tail = {
        base: mark,
        through: mark,
        fill: this.db.prepare(`INSERT INTO temp.${WORDS_TAIL} (rowid, text)
          SELECT id, text FROM main.messages m WHERE id > ? AND ${notLookup('m')}`),
        clear: this.db.prepare(`DELETE FROM temp.${WORDS_TAIL}`),
        trim: this.db.prepare(`DELETE FROM temp.${WORDS_TAIL} WHERE rowid <= ?`),
        newest: this.db.prepare(`SELECT COALESCE(MAX(rowid), 0) AS id FROM temp.${WORDS_TAIL}`),
      }
    }
    const t = this.tail
    if (mark >= t.through || mark < t.base) {
      // Everything it held is indexed now (or the mark went back: another file): start again.
      if (t.through > t.base) t.clear.run()
      t.base = mark
      t.through = mark
    } else if (mark - t.base > TAIL_TRIM) {
      // A long import: the real index has taken over the oldest of it.
      t.trim.run(mark)
      t.base = mark
    }
    if (t.fill.run(t.through).changes > 0) t.through = (t.newest.get() as { id: number }).id
  }

  private tail:
    | {
        base: number
        through: number
        fill: Database.Statement
        clear: Database.Statement
        trim: Database.Statement
        newest: Database.Statement
      }
    | undefined

  /**
   * Each index's mark, once every index holds every message stored when asked (the indexer
   * catches up first where this side runs it). Searches never need this: they read the rows
   * above each mark directly. For the tests and the benchmark.
   */
  searchIndexed(): Marks {
    this.indexer?.catchUp()
    return readMarks(this.db)
  }

  /** How long the indexer held the write lock so far (where this side runs it). */
  indexStats(): IndexStats | null {
    return this.indexer?.stats() ?? null
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

  /**
   * A message's delivery reports, oldest first (the first 200: a message has a handful), as
   * stored: the History handler keeps those this version can read (api/history.ts).
   */
  receipts(messageId: number): StoredReceipt[] {
    return (this.s.receipts.all(messageId) as ReceiptRow[]).map(toStoredReceipt)
  }

  /** A message's whole story (null for no such message, or an HLR lookup). */
  detail(id: number): StoredDetail | null {
    const row = this.s.detail.get(id) as
      | (MessageRow & {
          scheduled_at: number | null
          resend_of: number | null
          batch_name: string | null
          options: string | null
        })
      | undefined
    if (!row) return null
    const trail = this.s.trail.all(id) as TrailStep[]
    return {
      message: toMessage(row),
      // Without a change kept (stored before they were, or none yet): queued, or scheduled.
      createdState:
        trail[0]?.from ??
        (row.state === 'scheduled' || (row.scheduled_at ?? 0) > row.created_at
          ? 'scheduled'
          : 'queued'),
      scheduledAt: row.scheduled_at,
      batch: row.batch_id === null ? null : { id: row.batch_id, name: row.batch_name ?? '' },
      trail,
      receipts: this.receipts(id),
      messageType: storedOptions(row.options).messageType ?? null,
      resendOf: row.resend_of,
      resentAs: this.s.resentAs.all(id) as number[],
    }
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
    /** What the providers charged for the batch's messages so far (null: not a batch). */
    spent?: number | null
  } {
    const filter: HistoryFilter = batchId === null ? { batchId: null, ...scope } : { batchId }
    const w = whereOf(filter)
    w.clauses.push(notLookup('m'))
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
    const spent =
      batchId === null
        ? null
        : (this.prepare(
            `SELECT SUM(CAST(r.price AS REAL)) FROM messages m
            JOIN delivery_receipts r ON r.message_id = m.id
            WHERE m.batch_id = ? AND r.price IS NOT NULL AND r.price != ''
              AND r.outcome IN ${FINAL_OUTCOMES}`,
          )
            .pluck()
            .get(batchId) as number | null)
    return { startedAt, total: base.total, series, reasons, spent }
  }

  /**
   * What the providers charged, by day (in the operator's time: `tzOffsetMinutes` as
   * Date.getTimezoneOffset gives it) and profile, newest first: the prices their final reports
   * stated, and how many messages those were.
   */
  spend(q: { from?: number; to?: number; profileId?: string; tzOffsetMinutes: number }): {
    day: string
    profileId: string
    amount: number
    messages: number
  }[] {
    return this.prepare(
      `SELECT date(r.received_at / 1000 - @tz * 60, 'unixepoch') AS day, r.profile_id AS profileId,
        SUM(CAST(r.price AS REAL)) AS amount, COUNT(DISTINCT r.message_id) AS messages
      FROM delivery_receipts r
      WHERE r.price IS NOT NULL AND r.price != '' AND r.outcome IN ${FINAL_OUTCOMES}
        AND r.received_at >= @from AND r.received_at < @to
        AND (@profileId IS NULL OR r.profile_id = @profileId)
      GROUP BY day, r.profile_id ORDER BY day DESC, r.profile_id LIMIT 1000`,
    ).all({
      tz: q.tzOffsetMinutes,
      from: q.from ?? 0,
      to: q.to ?? Number.MAX_SAFE_INTEGER,
      profileId: q.profileId ?? null,
    }) as { day: string; profileId: string; amount: number; messages: number }[]
  }

  /**
   * A period's messages by day (in the operator's time) and profile: how many were sent,
   * delivered and failed (or expired); the failures' reasons by day; and outcomes by the
   * number's first seven digits (main names the operator of each). HLR lookups left out.
   */
  trends(q: { from?: number; to?: number; profileId?: string; tzOffsetMinutes: number }): {
    days: { day: string; profileId: string; sent: number; delivered: number; failed: number }[]
    reasons: { day: string; error: string; errorCode: string | null; count: number }[]
    prefixes: { prefix: string; sent: number; delivered: number; failed: number }[]
  } {
    const params = {
      tz: q.tzOffsetMinutes,
      from: q.from ?? 0,
      to: q.to ?? Number.MAX_SAFE_INTEGER,
      profileId: q.profileId ?? null,
    }
    const where = `m.created_at >= @from AND m.created_at < @to AND ${notLookup('m')}
      AND (@profileId IS NULL OR m.profile_id = @profileId)`
    const day = `date(m.created_at / 1000 - @tz * 60, 'unixepoch')`
    const days = this.prepare(
      `SELECT ${day} AS day, m.profile_id AS profileId, COUNT(*) AS sent,
        SUM(m.state = 'delivered') AS delivered, SUM(m.state IN ('failed', 'expired')) AS failed
      FROM messages m INDEXED BY messages_created WHERE ${where}
      GROUP BY day, m.profile_id ORDER BY day, m.profile_id LIMIT 5000`,
    ).all(params) as {
      day: string
      profileId: string
      sent: number
      delivered: number
      failed: number
    }[]
    const reasons = this.prepare(
      `SELECT ${day} AS day, m.error AS error, MAX(m.error_code) AS errorCode, COUNT(*) AS count
      FROM messages m INDEXED BY messages_created
      WHERE ${where} AND m.state IN ('failed', 'expired') AND m.error IS NOT NULL
      GROUP BY day, m.error ORDER BY day LIMIT 5000`,
    ).all(params) as { day: string; error: string; errorCode: string | null; count: number }[]
    const prefixes = this.prepare(
      `SELECT substr(m.phone, 1, 7) AS prefix, COUNT(*) AS sent,
        SUM(m.state = 'delivered') AS delivered, SUM(m.state IN ('failed', 'expired')) AS failed
      FROM messages m INDEXED BY messages_created WHERE ${where}
      GROUP BY prefix ORDER BY sent DESC LIMIT 5000`,
    ).all(params) as { prefix: string; sent: number; delivered: number; failed: number }[]
    return { days, reasons, prefixes }
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

export interface Plan {
  /** Newest range first. */
  parts: Part[]
  params: Record<string, string | number>
  marks: Marks
  /** No filter at all: the per-block counts answer counts and jumps. */
  unfiltered: boolean
}

/** Rows of the words tail the real index may take over before they are dropped from it. */
const TAIL_TRIM = 50_000

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
