/**
 * The search indexes History reads, kept in the background: the outbox stores messages without
 * indexing them, and this indexes the messages above each index's watermark (meta
 * `indexed_<name>`) in short transactions of its own: the words index (messages_fts), the
 * trigram index for "contains" (messages_trigrams) and the per-block message counts a jump to a
 * position uses (message_blocks). Each chunk moves its watermark in the same transaction, so an
 * index holds exactly the messages up to its watermark. It merges the indexes' segments itself in
 * small steps (their automerge is off, see migration 10), so no commit does a long merge.
 *
 * Runs in the History worker on a writable connection of its own (main's loop never waits for
 * it, and main's writes wait at most one short chunk), or on main's connection where no worker
 * can start.
 */
import type Database from 'better-sqlite3'
import { notLookup } from '../lookup/hlr-store'

/** Ids per block of message_blocks. */
export const BLOCK_BITS = 10

export type IndexName = 'words' | 'blocks' | 'trigrams'

/** Every message with an id up to the mark is in that index. */
export type Marks = Record<IndexName, number>

/** Indexed first to last: words first (searches wait on nothing, but the tail they read is small). */
const ORDER: readonly IndexName[] = ['words', 'blocks', 'trigrams']

// HLR lookups (text `__HLR__`) are outbox messages but not History's: no index holds them.
const FILL: Record<IndexName, string> = {
  words: `INSERT INTO messages_fts (rowid, text)
    SELECT id, text FROM messages WHERE id > @lo AND id <= @hi AND ${notLookup('messages')}`,
  trigrams: `INSERT INTO messages_trigrams (rowid, text, phone)
    SELECT id, text, phone FROM messages WHERE id > @lo AND id <= @hi AND ${notLookup('messages')}`,
  blocks: `INSERT INTO message_blocks (block, n)
    SELECT id >> ${BLOCK_BITS}, COUNT(*) FROM messages
    WHERE id > @lo AND id <= @hi AND ${notLookup('messages')} GROUP BY 1
    ON CONFLICT (block) DO UPDATE SET n = n + excluded.n`,
}

const MERGE: Partial<Record<IndexName, string>> = {
  words: `INSERT INTO messages_fts (messages_fts, rank) VALUES ('merge', @pages)`,
  trigrams: `INSERT INTO messages_trigrams (messages_trigrams, rank) VALUES ('merge', @pages)`,
}

/** The indexer looks for new messages this often when it has nothing to do. */
export const INDEX_IDLE_MS = 200
/** And tries again this soon when main holds the write lock (it never waits for it). */
export const INDEX_BUSY_MS = 5
/**
 * While main writes, the indexer leaves the lock free at least this many times as long as it
 * held it (and at least INDEX_BUSY_MS): main's writes mostly find it free, and one that
 * arrives during a hold waits at most that hold.
 */
const PACE = 3

/** Chunks indexed between merge steps while catching up (merging keeps pace with writing). */
const MERGE_EVERY = 1

/**
 * Main counts as writing for this long after its last commit. Meanwhile the indexer indexes
 * (each chunk's work is bounded) but does not merge: a merge step can only stop between two
 * words, and the doclist of a word in most messages ("код", or the trigram "992" of every
 * phone) is rewritten whole by the step that reaches it, which on a large index takes far
 * longer than a chunk. It merges when main is quiet, or when segments pile up past the ceiling.
 */
const QUIET_MS = 250
/**
 * Segments of an index past which it is merged even while main writes (FTS5 refuses more than
 * 2000, and every segment costs a search a little). Migration 11 sets crisismerge far above, so
 * no commit ever merges a whole level by itself.
 */
const SEGMENT_CEILING = 48

/**
 * How long one transaction of indexing or merging aims to hold the write lock. A write of main
 * arriving meanwhile waits in SQLite's busy handler, which looks again after 1, 2 and 5 ms:
 * holds of about 2 ms keep main's wait within 3 ms.
 */
const TARGET_MS = 2
/** Merge pages per step never grow past this, whatever a quick step suggests. */
const MAX_MERGE_PAGES = 32

export function readMarks(db: Database.Database): Marks {
  const marks: Marks = { words: 0, blocks: 0, trigrams: 0 }
  const rows = db
    .prepare(
      `SELECT key, CAST(value AS INTEGER) AS v FROM meta
       WHERE key IN ('indexed_words', 'indexed_blocks', 'indexed_trigrams')`,
    )
    .all() as { key: string; v: number }[]
  for (const r of rows) marks[r.key.slice('indexed_'.length) as IndexName] = r.v
  return marks
}

export type StepResult = 'indexed' | 'merged' | 'idle'

/** How long the indexer's transactions held the write lock (main's writes wait that long). */
export interface IndexStats {
  transactions: number
  /** The longest hold, and what it was doing ('words', 'merge words', …). */
  longestHoldMs: number
  longestHold: string
  /** Transactions that held it over 5 ms. */
  over5ms: number
  /** The longest hold of each kind of transaction. */
  longestByKind: Record<string, number>
  /** The five longest holds: which transaction (1 = the first), what, how long. */
  top: { n: number; what: string; ms: number }[]
}

export class SearchIndexer {
  private readonly s
  /** Rows (or pages, for merges) per transaction, tuned towards TARGET_MS. */
  private readonly size: Record<IndexName, number> = { words: 2000, blocks: 20000, trigrams: 500 }
  private readonly mergePages: Partial<Record<IndexName, number>> = { words: 8, trigrams: 8 }
  /** Indexes written to since their last merge found nothing left to merge. */
  private readonly unmerged = new Set<IndexName>(['words', 'trigrams'])
  /** Chunks indexed since the last merge step. */
  private chunks = 0
  private readonly held: IndexStats = {
    transactions: 0,
    longestHoldMs: 0,
    longestHold: '',
    over5ms: 0,
    longestByKind: {},
    top: [],
  }
  /** The last transaction's hold, which paces the next one while main writes. */
  lastHoldMs = 0
  /** PRAGMA data_version when last looked: it moves when another connection commits. */
  private version: number | null = null
  /** When another connection's commit was last seen (performance.now()). */
  private othersWroteAt = -Infinity

  constructor(
    private readonly db: Database.Database,
    /** How long main counts as writing after its last commit (QUIET_MS; the tests pin it). */
    private readonly quietMs = QUIET_MS,
  ) {
    this.s = {
      newest: db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM messages'),
      totalChanges: db.prepare('SELECT total_changes() AS n'),
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
      structure: {
        words: db.prepare('SELECT block FROM messages_fts_data WHERE id = 10').pluck(),
        trigrams: db.prepare('SELECT block FROM messages_trigrams_data WHERE id = 10').pluck(),
      } as Partial<Record<IndexName, Database.Statement>>,
      upTo: db.prepare(`SELECT MAX(id) AS hi FROM
        (SELECT id FROM messages WHERE id > @lo ORDER BY id LIMIT @rows)`),
      mark: db.prepare('UPDATE meta SET value = @hi WHERE key = @key'),
      fill: Object.fromEntries(ORDER.map((n) => [n, db.prepare(FILL[n])])) as Record<
        IndexName,
        Database.Statement
      >,
      merge: Object.fromEntries(
        Object.entries(MERGE).map(([n, sql]) => [n, db.prepare(sql)]),
      ) as Partial<Record<IndexName, Database.Statement>>,
    }
  }

  /** The lock holds so far (a debug counter for the benchmark and the log). */
  stats(): IndexStats {
    return { ...this.held, longestByKind: { ...this.held.longestByKind }, top: [...this.held.top] }
  }

  /**
   * True while another connection (main) writes: it committed since this was last asked, or
   * less than QUIET_MS before.
   */
  othersWriting(): boolean {
    const v = this.s.dataVersion.get() as number
    const now = performance.now()
    if (this.version !== null && v !== this.version) this.othersWroteAt = now
    this.version = v
    return now - this.othersWroteAt < this.quietMs
  }

  /** How many segments an index has now (from FTS5's structure record). */
  segments(name: IndexName): number {
    const block = this.s.structure[name]?.get() as Buffer | undefined
    return block ? segmentCount(block) : 0
  }

  /** A write transaction, timed from the moment it holds the write lock until it committed. */
  private write<T>(what: string, fn: () => T): { out: T; ms: number } {
    let start = 0
    const out = this.db
      .transaction(() => {
        start = performance.now()
        return fn()
      })
      .immediate()
    const ms = performance.now() - start
    this.lastHoldMs = ms
    this.held.transactions++
    if (ms > 5) this.held.over5ms++
    const byKind = this.held.longestByKind
    byKind[what] = Math.max(byKind[what] ?? 0, Math.round(ms * 100) / 100)
    const top = this.held.top
    if (top.length < 5 || ms > (top.at(-1)?.ms ?? 0)) {
      top.push({ n: this.held.transactions, what, ms: Math.round(ms * 100) / 100 })
      top.sort((a, b) => b.ms - a.ms)
      top.length = Math.min(top.length, 5)
    }
    if (ms > this.held.longestHoldMs) {
      this.held.longestHoldMs = Math.round(ms * 100) / 100
      this.held.longestHold = what
    }
    return { out, ms }
  }

  marks(): Marks {
    return readMarks(this.db)
  }

  /** True when every index holds every message stored so far. */
  caughtUp(): boolean {
    const newest = (this.s.newest.get() as { id: number }).id
    const m = this.marks()
    return ORDER.every((n) => m[n] >= newest)
  }

  /**
   * One short transaction of work: the next rows of the first index behind, else one merge
   * step (after every few chunks too, so segments never pile up). While main writes it only
   * indexes, unless an index's segments pile up past the ceiling. Throws SQLITE_BUSY when main
   * holds the write lock: the caller tries again a moment later.
   */
  step(): StepResult {
    const marks = this.marks()
    const newest = (this.s.newest.get() as { id: number }).id
    const behind = ORDER.find((n) => marks[n] < newest)
    const quiet = !this.othersWriting()
    // A merge now and then while catching up, and all the merging once caught up.
    const mergeDue = this.chunks >= MERGE_EVERY || behind === undefined
    for (const name of this.unmerged) {
      const piledUp = this.segments(name) > SEGMENT_CEILING
      if (!piledUp && !(quiet && mergeDue)) continue
      this.chunks = 0
      if (this.merge(name)) return 'merged'
      this.unmerged.delete(name)
    }
    if (behind === undefined) return 'idle'
    this.chunks++
    this.index(behind, marks[behind])
    return 'indexed'
  }

  /** Runs steps until every index holds the messages stored when it was called. */
  catchUp(): void {
    const newest = (this.s.newest.get() as { id: number }).id
    for (;;) {
      const m = this.marks()
      if (ORDER.every((n) => m[n] >= newest)) return
      try {
        this.step()
      } catch (err) {
        if (!isBusy(err)) throw err
        // Main is writing: a moment for it, then again.
        Atomics.wait(PAUSE, 0, 0, INDEX_BUSY_MS)
      }
    }
  }

  private index(name: IndexName, lo: number): void {
    const rows = this.size[name]
    const { ms } = this.write(name, () => {
      // The mark read again under the write lock: another indexer may have moved it.
      const from = this.marks()[name]
      if (from !== lo) return
      const { hi } = this.s.upTo.get({ lo, rows }) as { hi: number | null }
      if (hi === null) return
      this.s.fill[name].run({ lo, hi })
      this.s.mark.run({ key: `indexed_${name}`, hi })
    })
    this.size[name] = tune(rows, ms, 50, 50_000)
    if (name !== 'blocks') this.unmerged.add(name)
  }

  /** One bounded merge step; false when there was nothing left to merge. */
  private merge(name: IndexName): boolean {
    const st = this.s.merge[name]
    const pages = this.mergePages[name]
    if (!st || pages === undefined) return false
    const { out: changes, ms } = this.write(`merge ${name}`, () => {
      const before = (this.s.totalChanges.get() as { n: number }).n
      st.run({ pages })
      return (this.s.totalChanges.get() as { n: number }).n - before
    })
    // A step that ran out of work says nothing of how much a full one can do: only a full (or a
    // slow) one tunes the next.
    if (changes >= pages || ms > TARGET_MS) {
      this.mergePages[name] = tune(pages, ms, 1, MAX_MERGE_PAGES)
    }
    // FTS5 makes fewer than two changes when the command finds nothing to merge.
    return changes >= 2
  }
}

/**
 * The number of segments in an FTS5 structure record (the `%_data` row with id 10): a 4-byte
 * cookie, the 4-byte mark of the record's second version if present, then varints for the
 * number of levels and the number of segments.
 */
export function segmentCount(block: Uint8Array): number {
  let i = 4
  if (block[4] === 0xff && block[5] === 0 && block[6] === 0 && block[7] === 1) i += 4
  const levels = readVarint(block, i)
  return readVarint(block, levels.next).value
}

/** SQLite's varint: big-endian groups of 7 bits, the high bit set on all but the last. */
function readVarint(b: Uint8Array, at: number): { value: number; next: number } {
  let value = 0
  let i = at
  for (; i < at + 8; i++) {
    const byte = b[i] ?? 0
    value = value * 128 + (byte & 0x7f)
    if ((byte & 0x80) === 0) return { value, next: i + 1 }
  }
  return { value: value * 256 + (b[i] ?? 0), next: i + 1 }
}

/** Sleeps the thread without a busy loop (catchUp only: the tests and the benchmark). */
const PAUSE = new Int32Array(new SharedArrayBuffer(4))

/** Scales an amount of work towards TARGET_MS per transaction, within bounds. */
function tune(current: number, ms: number, min: number, max: number): number {
  const factor = Math.min(2, Math.max(0.5, TARGET_MS / Math.max(ms, 0.1)))
  return Math.round(Math.min(max, Math.max(min, current * factor)))
}

/** SQLite's answer when another connection holds the write lock. */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY')
}

/**
 * Keeps the indexes caught up on a timer: a step as soon as the previous one ends while there is
 * work and main is not writing; while main writes, a pause of PACE times the last hold between
 * steps; a look every `idleMs` when there is nothing to do; a retry after `busyMs` when main
 * holds the lock (the indexer's connection never waits for it).
 */
export function runIndexer(
  indexer: SearchIndexer,
  o: {
    idleMs: number
    busyMs: number
    /** False once the connection is closed: the loop ends. */
    ready: () => boolean
    onError: (err: unknown) => void
    /**
     * Copies the write-ahead log into the database (a PASSIVE checkpoint, which never waits for
     * main's writes), run before a step when main wrote since the last one. An FTS5 commit over
     * a log main keeps growing costs tens to hundreds of milliseconds, all of it with the lock
     * held; over a copied log, a fraction of one.
     */
    checkpoint?: () => void
  },
): { stop(): void } {
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  const tick = () => {
    timer = null
    if (stopped || !o.ready()) return
    let next = o.idleMs
    try {
      if (o.checkpoint && indexer.othersWriting()) o.checkpoint()
      if (indexer.step() !== 'idle') {
        next = indexer.othersWriting()
          ? Math.max(o.busyMs, Math.ceil(indexer.lastHoldMs * PACE))
          : 0
      }
    } catch (err) {
      if (isBusy(err)) next = o.busyMs
      else {
        // The disk refused, say: told once a round, tried again a while later.
        o.onError(err)
        next = o.idleMs * 20
      }
    }
    if (!stopped) {
      timer = setTimeout(tick, next)
      timer.unref()
    }
  }
  timer = setTimeout(tick, 0)
  timer.unref()
  return {
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
    },
  }
}
