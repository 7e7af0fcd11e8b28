import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { migrations as defaultMigrations, type Migration } from './migrations'

export type Db = Database.Database

export interface OpenOptions {
  /** better-sqlite3 binary built for this runtime (the Electron ABI differs from Node's). */
  nativeBinding?: string
  migrations?: readonly Migration[]
}

export class DatabaseOpenError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DatabaseOpenError'
  }
}

/** Opens (creating if needed) the console's database and brings its schema up to date. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(
    file,
    options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
  )
  try {
    db.pragma('journal_mode = WAL')
    // FULL: a state change the dispatcher relied on is on disk before the submit is written.
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    // A ceiling, hardly ever a wait: the only other writer (History's search indexing) holds
    // the lock a few milliseconds at a time and never waits for it. Kept off the CPU while it
    // holds it past this, a write fails SQLITE_BUSY and is held and tried again (health.ts).
    db.pragma('busy_timeout = 5000')
    immediateByDefault(db)
    migrate(db, options.migrations ?? defaultMigrations)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

/**
 * Every transaction takes the write lock as it begins (BEGIN IMMEDIATE) instead of at its first
 * write. History's worker writes too (its search indexes), and a transaction that read first
 * cannot wait for the lock when it then writes: SQLite fails it at once with SQLITE_BUSY (or
 * SQLITE_BUSY_SNAPSHOT, had the worker committed since the read). Taken at BEGIN, the lock is
 * waited for like any write's. `.deferred` still gives a plain BEGIN.
 */
function immediateByDefault(db: Db): void {
  const transaction = db.transaction.bind(db)
  db.transaction = ((fn) => transaction(fn).immediate) as Db['transaction']
}

export function checksum(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex')
}

export function migrate(db: Db, migrations: readonly Migration[]): void {
  // An up-to-date database is only read: a connection opened beside a writer holding the lock
  // (the storage worker starting while History indexes) neither waits for it nor fails.
  const tracked = db
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`)
    .get()
  if (!tracked) {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL
    )`)
  }
  const current = db.pragma('user_version', { simple: true }) as number
  const latest = migrations.at(-1)?.version ?? 0
  if (current > latest) {
    throw new DatabaseOpenError(
      `This database was written by a newer version of the console (schema ${current}, this version knows ${latest}). Update the console; the file was not changed.`,
    )
  }
  const applied = db.prepare('SELECT version, name, checksum FROM schema_migrations').all() as {
    version: number
    name: string
    checksum: string
  }[]
  for (const row of applied) {
    const m = migrations.find((x) => x.version === row.version)
    if (m && checksum(m) !== row.checksum) {
      throw new DatabaseOpenError(
        `Migration ${row.version} (${row.name}) was changed after it was applied to this database; refusing to open it.`,
      )
    }
  }
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new DatabaseOpenError(
        `Migrations must be numbered 1, 2, 3…: found ${m.version} at ${i + 1}`,
      )
  })
  if (current === latest) return
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
  )
  // Every pending migration in one transaction: one wait for the disk (a fresh database takes
  // them all at its first start), and a failure leaves the schema as it was.
  db.transaction(() => {
    for (const m of migrations) {
      if (m.version <= current) continue
      db.exec(m.sql)
      record.run(m.version, m.name, checksum(m), Date.now())
      db.pragma(`user_version = ${m.version}`)
    }
  })()
}
