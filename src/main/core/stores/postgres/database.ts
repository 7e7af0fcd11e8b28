/**
 * The team server's database: a PostgreSQL pool and its numbered migrations, applied in order
 * at start, each in its own transaction, under an advisory lock so that two servers starting
 * on one database never apply the same migration twice. An applied migration is never edited.
 */
import { Pool, types, type PoolClient } from 'pg'
import { PG_MIGRATIONS } from './migrations'

/** The advisory lock's key while migrating ('smsm' as an integer). */
const MIGRATION_LOCK = 0x736d736d

export interface PgDatabase {
  pool: Pool
  /** Runs fn in one transaction on one connection; rolled back if it throws. */
  transaction<T>(fn: (c: PoolClient) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/**
 * BIGINT (ids, epoch milliseconds, counts) read as numbers, as SQLite gives them: every value
 * the stores keep in one is below 2^53.
 */
const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === types.builtins.INT8
    ? Number
    : types.getTypeParser(oid, format)) as typeof types.getTypeParser

/**
 * A text as PostgreSQL can keep it: it refuses the NUL character (U+0000) in text and JSON,
 * which a provider's message can carry; it becomes U+FFFD, the mark of a character that could
 * not be shown, instead of the whole group being refused.
 */
export function pgText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text
}

export async function openPgDatabase(connectionString: string): Promise<PgDatabase> {
  const pool = new Pool({ connectionString, max: 8, types: { getTypeParser } })
  // A connection lost while idle is the pool's to replace, not a crash of the server.
  pool.on('error', () => {})
  const transaction = async <T>(fn: (c: PoolClient) => Promise<T>): Promise<T> => {
    const c = await pool.connect()
    try {
      await c.query('BEGIN')
      const out = await fn(c)
      await c.query('COMMIT')
      return out
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {})
      throw err
    } finally {
      c.release()
    }
  }
  try {
    await migrate(transaction)
  } catch (err) {
    await pool.end()
    throw err
  }
  return { pool, transaction, close: () => pool.end() }
}

async function migrate(
  transaction: <T>(fn: (c: PoolClient) => Promise<T>) => Promise<T>,
): Promise<void> {
  for (const m of PG_MIGRATIONS) {
    await transaction(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
      await c.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`)
      const done = await c.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version])
      if (done.rowCount) return
      await c.query(m.sql)
      await c.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        m.version,
        m.name,
      ])
    })
  }
}
