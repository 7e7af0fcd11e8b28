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
  {
    version: 3,
    name: 'contacts',
    sql: `
      -- Contacts by number (digits only); name_folded: the name as a search compares it.
      CREATE TABLE contacts (
        phone        TEXT COLLATE "C" PRIMARY KEY,
        name         TEXT NOT NULL DEFAULT '',
        name_folded  TEXT COLLATE "C" NOT NULL DEFAULT '',
        notes        TEXT NOT NULL DEFAULT '',
        fields       JSONB NOT NULL DEFAULT '{}',
        tags         JSONB NOT NULL DEFAULT '[]',
        updated_at   BIGINT NOT NULL
      );
      CREATE INDEX contacts_name ON contacts (name_folded, phone);

      CREATE TABLE contact_groups (
        id           INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name         TEXT NOT NULL,
        name_folded  TEXT COLLATE "C" NOT NULL UNIQUE,
        created_at   BIGINT NOT NULL
      );
      CREATE TABLE contact_group_members (
        group_id  INTEGER NOT NULL REFERENCES contact_groups (id) ON DELETE CASCADE,
        phone     TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (group_id, phone)
      );
      CREATE INDEX contact_group_members_phone ON contact_group_members (phone);

      -- Filters saved by name (words, a group, a tag).
      CREATE TABLE contact_filters (
        id           INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name         TEXT NOT NULL,
        name_folded  TEXT COLLATE "C" NOT NULL UNIQUE,
        filter       JSONB NOT NULL,
        created_at   BIGINT NOT NULL
      );
    `,
  },
]
