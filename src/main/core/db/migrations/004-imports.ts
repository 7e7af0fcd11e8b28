/** Bulk import: uploads, batch state and counters, stop-list. (Not yet applied anywhere released: may still change until the first release.) */
export const bulkImport = `
  -- A batch is one bulk send: its life (running → paused ⇄ running → done | cancelled), what it
  -- was made from, and how far its import has come (it may still be queueing while it sends).
  ALTER TABLE batches ADD COLUMN state TEXT NOT NULL DEFAULT 'done'
    CHECK (state IN ('running','paused','cancelled','done'));
  ALTER TABLE batches ADD COLUMN import_state TEXT NOT NULL DEFAULT 'done'
    CHECK (import_state IN ('importing','done','interrupted','cancelled','failed'));
  ALTER TABLE batches ADD COLUMN sender TEXT;
  ALTER TABLE batches ADD COLUMN template TEXT;
  ALTER TABLE batches ADD COLUMN source TEXT;
  ALTER TABLE batches ADD COLUMN scheduled_at INTEGER;
  ALTER TABLE batches ADD COLUMN queued_rows INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE batches ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE batches ADD COLUMN parts INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE batches ADD COLUMN error TEXT;
  ALTER TABLE batches ADD COLUMN updated_at INTEGER;
  -- The outbox's claim skips messages of paused batches: this finds those batches by index.
  CREATE INDEX batches_paused ON batches(state) WHERE state = 'paused';
  -- A batch's counters by state, read from the index alone.
  CREATE INDEX messages_batch_state ON messages(batch_id, state);

  -- Numbers that asked not to be messaged: bulk sends skip them.
  CREATE TABLE stop_list (
    phone     TEXT PRIMARY KEY,
    note      TEXT,
    added_at  INTEGER NOT NULL
  ) WITHOUT ROWID;
`
