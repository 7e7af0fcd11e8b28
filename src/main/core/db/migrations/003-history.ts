/** History and delivery reports: search over message text, indexes for filters. (Not yet applied anywhere released: may still change until the first release.) */
export const historySearch = `
  -- Full-text index over message text; external content: the text is stored once, in messages.
  CREATE VIRTUAL TABLE messages_fts USING fts5(
    text, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
  );
  INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');

  CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, text) VALUES (new.id, new.text);
  END;
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
  END;
  -- Only a change of text touches the index: state changes (the common update) do not.
  CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO messages_fts(rowid, text) VALUES (new.id, new.text);
  END;

  -- Filters walk these newest first (keyset on id), so a page never sorts the whole match.
  CREATE INDEX messages_state_id ON messages(state, id);
  CREATE INDEX messages_phone_id ON messages(phone, id);
  CREATE INDEX messages_created ON messages(created_at);
  -- (Batch counters by state use messages_batch_state, made by the bulk import's migration.)
`
