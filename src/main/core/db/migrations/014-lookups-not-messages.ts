/**
 * HLR lookups are not messages. A lookup is sent through the outbox as a message whose text is
 * `__HLR__` (so it goes out exactly once like any other), but History, exports and Delivery
 * reports list messages only: the lookups leave the search indexes and the per-block counts
 * (which the background indexer no longer fills with them, history/search-index.ts), and the
 * triggers that keep those indexes touch only rows they hold. The partial index messages_hlr
 * (migration 5) finds the lookups among millions of messages.
 */
const mark = (name: string) =>
  `(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'indexed_${name}')`
const lookups = `messages INDEXED BY messages_hlr WHERE text = '__HLR__'`

export const lookupsNotMessages = `
  INSERT INTO messages_fts (messages_fts, rowid, text)
    SELECT 'delete', id, text FROM ${lookups} AND id <= ${mark('words')};
  INSERT INTO messages_trigrams (messages_trigrams, rowid, text, phone)
    SELECT 'delete', id, text, phone FROM ${lookups} AND id <= ${mark('trigrams')};
  UPDATE message_blocks SET n = n - (
      SELECT COUNT(*) FROM ${lookups} AND id >> 10 = message_blocks.block AND id <= ${mark('blocks')})
    WHERE block IN (SELECT id >> 10 FROM ${lookups} AND id <= ${mark('blocks')});

  DROP TRIGGER messages_fts_delete;
  DROP TRIGGER messages_fts_update;
  DROP TRIGGER messages_trigrams_delete;
  DROP TRIGGER messages_trigrams_update;
  DROP TRIGGER message_blocks_delete;
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
    WHEN old.id <= ${mark('words')} AND old.text <> '__HLR__' BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
  END;
  CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages
    WHEN old.id <= ${mark('words')} BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text)
      SELECT 'delete', old.id, old.text WHERE old.text <> '__HLR__';
    INSERT INTO messages_fts (rowid, text) SELECT new.id, new.text WHERE new.text <> '__HLR__';
  END;
  CREATE TRIGGER messages_trigrams_delete AFTER DELETE ON messages
    WHEN old.id <= ${mark('trigrams')} AND old.text <> '__HLR__' BEGIN
    INSERT INTO messages_trigrams (messages_trigrams, rowid, text, phone)
      VALUES ('delete', old.id, old.text, old.phone);
  END;
  CREATE TRIGGER messages_trigrams_update AFTER UPDATE OF text, phone ON messages
    WHEN old.id <= ${mark('trigrams')} BEGIN
    INSERT INTO messages_trigrams (messages_trigrams, rowid, text, phone)
      SELECT 'delete', old.id, old.text, old.phone WHERE old.text <> '__HLR__';
    INSERT INTO messages_trigrams (rowid, text, phone)
      SELECT new.id, new.text, new.phone WHERE new.text <> '__HLR__';
  END;
  CREATE TRIGGER message_blocks_delete AFTER DELETE ON messages
    WHEN old.id <= ${mark('blocks')} AND old.text <> '__HLR__' BEGIN
    UPDATE message_blocks SET n = n - 1 WHERE block = old.id >> 10;
  END;
`
