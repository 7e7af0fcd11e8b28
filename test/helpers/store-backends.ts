// Both implementations of the stores, for tests that run the same cases against each: SQLite on
// a real database file (a workstation's) and PostgreSQL on a real throwaway cluster (a team
// server's), started once per test file and emptied before each test.
//
//   describe.each(storeBackends({ sqlite: (db, now) => …, postgres: (db, now) => … }))(
//     'the … on $name', (backend) => { … const s = await backend.open(() => clock) … })
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, type Db } from '../../src/main/core/db/database'
import { openPgDatabase, type PgDatabase } from '../../src/main/core/stores/postgres/database'
import { startPostgres, type Postgres } from './postgres'

export interface StoreBackend<S> {
  name: 'SQLite' | 'PostgreSQL'
  /** A fresh, empty store on this clock. */
  open(now: () => number): Promise<S>
  close(): Promise<void>
}

export function storeBackends<S>(make: {
  sqlite(db: Db, now: () => number): S
  postgres(db: PgDatabase, now: () => number): S
}): [StoreBackend<S>, StoreBackend<S>] {
  return [sqliteBackend(make.sqlite), postgresBackend(make.postgres)]
}

function sqliteBackend<S>(make: (db: Db, now: () => number) => S): StoreBackend<S> {
  let dir = ''
  let n = 0
  const opened: Db[] = []
  return {
    name: 'SQLite',
    async open(now) {
      dir ||= mkdtempSync(join(tmpdir(), 'store-sqlite-'))
      const db = openDatabase(join(dir, `store-${++n}.db`))
      opened.push(db)
      return make(db, now)
    },
    async close() {
      for (const db of opened) db.close()
      if (dir) rmSync(dir, { recursive: true, force: true })
    },
  }
}

function postgresBackend<S>(make: (db: PgDatabase, now: () => number) => S): StoreBackend<S> {
  let server: Postgres | null = null
  let db: PgDatabase | null = null
  return {
    name: 'PostgreSQL',
    async open(now) {
      server ??= await startPostgres()
      db ??= await openPgDatabase(server.url)
      // Every table and sequence of the stores emptied: each test starts on a new database.
      await db.pool.query(`DO $$ DECLARE t record; BEGIN
        FOR t IN SELECT tablename FROM pg_tables
          WHERE schemaname = 'public' AND tablename <> 'schema_migrations' LOOP
          EXECUTE format('TRUNCATE %I RESTART IDENTITY CASCADE', t.tablename);
        END LOOP;
        FOR t IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' LOOP
          EXECUTE format('ALTER SEQUENCE %I RESTART', t.sequencename);
        END LOOP; END $$`)
      return make(db, now)
    },
    async close() {
      await db?.close()
      await server?.stop()
    },
  }
}
