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

/** Ids per block of message_blocks. */
export const BLOCK_BITS = 10

export type IndexName = 'words' | 'blocks' | 'trigrams'

/** Every message with an id up to the mark is in that index. */
export type Marks = Record<IndexName, number>

/** Indexed first to last: words first (searches wait on nothing, but the tail they read is small). */
const ORDER: readonly IndexName[] = ['words', 'blocks', 'trigrams']

const FILL: Record<IndexName, string> = {
  words: `INSERT INTO messages_fts (rowid, text)
    SELECT id, text FROM messages WHERE id > @lo AND id <= @hi`,
  trigrams: `INSERT INTO messages_trigrams (rowid, text, phone)
    SELECT id, text, phone FROM messages WHERE id > @lo AND id <= @hi`,
  blocks: `INSERT INTO message_blocks (block, n)
    SELECT id >> ${BLOCK_BITS}, COUNT(*) FROM messages WHERE id > @lo AND id <= @hi GROUP BY 1
    ON CONFLICT (block) DO UPDATE SET n = n + excluded.n`,
}

const MERGE: Partial<Record<IndexName, string>> = {
  words: `INSERT INTO messages_fts (messages_fts, rank) VALUES ('merge', @pages)`,
  trigrams: `INSERT INTO messages_trigrams (messages_trigrams, rank) VALUES ('merge', @pages)`,
}

/** The indexer looks for new messages this often when it has nothing to do. */
export const INDEX_IDLE_MS = 200
/** And tries again this soon when main holds the write lock. */
export const INDEX_BUSY_MS = 20

/** Chunks indexed between merge steps while catching up (merging keeps pace with writing). */
const MERGE_EVERY = 1

/** How long one transaction of indexing or merging aims to hold the write lock. */
const TARGET_MS = 4

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

export class SearchIndexer {
  private readonly s
  /** Rows (or pages, for merges) per transaction, tuned towards TARGET_MS. */
  private readonly size: Record<IndexName, number> = { words: 2000, blocks: 20000, trigrams: 500 }
  private readonly mergePages: Partial<Record<IndexName, number>> = { words: 32, trigrams: 32 }
  /** Indexes written to since their last merge found nothing left to merge. */
  private readonly unmerged = new Set<IndexName>(['words', 'trigrams'])
  /** Chunks indexed since the last merge step. */
  private chunks = 0

  constructor(private readonly db: Database.Database) {
    this.s = {
      newest: db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM messages'),
      totalChanges: db.prepare('SELECT total_changes() AS n'),
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
   * step (after every few chunks too, so segments never pile up). Throws SQLITE_BUSY when
   * main holds the write lock: the caller tries again a moment later.
   */
  step(): StepResult {
    const marks = this.marks()
    const newest = (this.s.newest.get() as { id: number }).id
    const behind = ORDER.find((n) => marks[n] < newest)
    // A merge now and then while catching up, and all the merging once caught up.
    const mergeDue = this.chunks >= MERGE_EVERY || behind === undefined
    if (mergeDue) {
      this.chunks = 0
      for (const name of this.unmerged) {
        if (this.merge(name)) return 'merged'
        this.unmerged.delete(name)
      }
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
        // Main is writing: the connection's busy timeout has paced the retry.
        if (!isBusy(err)) throw err
      }
    }
  }

  private index(name: IndexName, lo: number): void {
    const rows = this.size[name]
    const start = performance.now()
    this.db
      .transaction(() => {
        // The mark read again under the write lock: another indexer may have moved it.
        const from = this.marks()[name]
        if (from !== lo) return
        const { hi } = this.s.upTo.get({ lo, rows }) as { hi: number | null }
        if (hi === null) return
        this.s.fill[name].run({ lo, hi })
        this.s.mark.run({ key: `indexed_${name}`, hi })
      })
      .immediate()
    this.size[name] = tune(rows, performance.now() - start, 50, 50_000)
    if (name !== 'blocks') this.unmerged.add(name)
  }

  /** One bounded merge step; false when there was nothing left to merge. */
  private merge(name: IndexName): boolean {
    const st = this.s.merge[name]
    const pages = this.mergePages[name]
    if (!st || pages === undefined) return false
    const start = performance.now()
    const changes = this.db
      .transaction(() => {
        const before = (this.s.totalChanges.get() as { n: number }).n
        st.run({ pages })
        return (this.s.totalChanges.get() as { n: number }).n - before
      })
      .immediate()
    this.mergePages[name] = tune(pages, performance.now() - start, 4, 1000)
    // FTS5 makes fewer than two changes when the command finds nothing to merge.
    return changes >= 2
  }
}

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
 * work, a look every `idleMs` when there is none, a retry after `busyMs` when main writes.
 */
export function runIndexer(
  indexer: SearchIndexer,
  o: {
    idleMs: number
    busyMs: number
    /** False once the connection is closed: the loop ends. */
    ready: () => boolean
    onError: (err: unknown) => void
  },
): { stop(): void } {
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  const tick = () => {
    timer = null
    if (stopped || !o.ready()) return
    let next = o.idleMs
    try {
      next = indexer.step() === 'idle' ? o.idleMs : 0
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
