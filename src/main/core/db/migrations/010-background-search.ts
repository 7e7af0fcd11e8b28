/**
 * Search indexes are kept by the History worker in the background instead of by the writer:
 * a bulk import queues its rows without indexing them, and the worker indexes what is above
 * each index's watermark in short transactions of its own. Every message with an id up to a
 * watermark is in that index; searches read the rows above it directly (see history/store).
 *
 * - messages_fts (words) is complete up to the newest message at this migration.
 * - messages_trigrams answers "contains" on text and phone; message_blocks counts messages per
 *   block of 1024 ids, so a jump to a position finds its key without OFFSET. Both start empty
 *   and are built by the worker from the oldest row up, so a large database opens at once.
 * - The delete and text-update triggers touch an index only for rows it already holds.
 */
export const backgroundSearch = `
  INSERT INTO meta (key, value)
    SELECT 'indexed_words', COALESCE(MAX(id), 0) FROM messages;
  INSERT INTO meta (key, value) VALUES ('indexed_trigrams', 0), ('indexed_blocks', 0);

  CREATE VIRTUAL TABLE messages_trigrams USING fts5(
    text, phone, content='messages', content_rowid='id', tokenize='trigram'
  );
  CREATE TABLE message_blocks (
    block  INTEGER PRIMARY KEY,  -- id >> 10
    n      INTEGER NOT NULL      -- messages of the block with id <= the blocks watermark
  );
  -- The worker merges the indexes' segments in small steps of its own: a commit never has to.
  INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 0);
  INSERT INTO messages_trigrams (messages_trigrams, rank) VALUES ('automerge', 0);

  DROP TRIGGER messages_fts_delete;
  DROP TRIGGER messages_fts_update;
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
    WHEN old.id <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'indexed_words') BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
  END;
  CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages
    WHEN old.id <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'indexed_words') BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
  END;
  CREATE TRIGGER messages_trigrams_delete AFTER DELETE ON messages
    WHEN old.id <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'indexed_trigrams') BEGIN
    INSERT INTO messages_trigrams (messages_trigrams, rowid, text, phone)
      VALUES ('delete', old.id, old.text, old.phone);
  END;
  CREATE TRIGGER messages_trigrams_update AFTER UPDATE OF text, phone ON messages
    WHEN old.id <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'indexed_trigrams') BEGIN
    INSERT INTO messages_trigrams (messages_trigrams, rowid, text, phone)
      VALUES ('delete', old.id, old.text, old.phone);
    INSERT INTO messages_trigrams (rowid, text, phone) VALUES (new.id, new.text, new.phone);
  END;
  CREATE TRIGGER message_blocks_delete AFTER DELETE ON messages
    WHEN old.id <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'indexed_blocks') BEGIN
    UPDATE message_blocks SET n = n - 1 WHERE block = old.id >> 10;
  END;
`
