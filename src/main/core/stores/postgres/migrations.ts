/**
 * PostgreSQL's migrations, beside SQLite's (db/migrations.ts): the same tables as the stores
 * implemented here need them. Numbers are text sorted bytewise (`COLLATE "C"`), as SQLite
 * compares them, so a number prefix is a range of the index in both.
 */
export interface PgMigration {
  version: number
  name: string
  sql: string
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'stop-list',
    sql: `
      CREATE TABLE meta (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
      );

      -- Numbers that never get bulk messages: for one profile, or for every profile ('').
      CREATE TABLE stop_list (
        phone       TEXT COLLATE "C" NOT NULL,
        profile_id  TEXT COLLATE "C" NOT NULL DEFAULT '',
        note        TEXT,
        added_at    BIGINT NOT NULL,
        PRIMARY KEY (phone, profile_id)
      );
      CREATE INDEX stop_list_profile ON stop_list (profile_id, phone);
      CREATE INDEX stop_list_added ON stop_list (added_at DESC);

      -- Entries cleared in bulk, kept a week under the clear's token for its undo.
      CREATE TABLE stop_list_cleared (
        token       TEXT NOT NULL,
        phone       TEXT COLLATE "C" NOT NULL,
        profile_id  TEXT COLLATE "C" NOT NULL,
        note        TEXT,
        added_at    BIGINT NOT NULL,
        cleared_at  BIGINT NOT NULL,
        PRIMARY KEY (token, phone, profile_id)
      );
      CREATE INDEX stop_list_cleared_at ON stop_list_cleared (cleared_at);

      -- Goes up with every change of the stop-list, whichever server made it.
      CREATE SEQUENCE stop_list_version;
    `,
  },
  {
    version: 2,
    name: 'templates',
    sql: `
      -- The template library; name_folded: the name as a search compares it, unique.
      CREATE TABLE templates (
        id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name         TEXT NOT NULL,
        name_folded  TEXT NOT NULL UNIQUE,
        text         TEXT NOT NULL,
        created_at   BIGINT NOT NULL,
        updated_at   BIGINT NOT NULL
      );
    `,
  },
]
