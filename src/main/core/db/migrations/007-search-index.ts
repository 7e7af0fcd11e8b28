/**
 * New messages are indexed for search by the outbox itself, one statement per group of inserts,
 * instead of by a per-row trigger. FTS5 writes its pending terms out at the end of every
 * statement: a row-by-row trigger made a bulk import about four times slower than the same
 * rows indexed in one statement. Rows already stored were indexed by the trigger and stay so.
 */
export const searchIndexByOutbox = `
  DROP TRIGGER messages_fts_insert;
`
