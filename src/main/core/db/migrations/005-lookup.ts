/** Inbox per dedicated number, rented numbers, HLR lookups. (Not yet applied anywhere released: may still change until the first release.) */
export const inboxAndNumbers = `
  -- The provider lists only free numbers: the console remembers the ones it rented.
  CREATE TABLE rented_numbers (
    profile_id    TEXT NOT NULL,
    phone         TEXT NOT NULL,
    type          INTEGER,
    kind          TEXT,
    monthly_cost  REAL,
    charged       REAL NOT NULL,
    info          TEXT NOT NULL DEFAULT '',
    renew         INTEGER NOT NULL DEFAULT 1,
    rented_at     INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (profile_id, phone)
  ) WITHOUT ROWID;

  -- Unread marking; and the inbox is read per number, newest first.
  ALTER TABLE inbound_messages ADD COLUMN read_at INTEGER;
  CREATE INDEX inbound_to ON inbound_messages(to_addr, id);
  CREATE INDEX inbound_unread ON inbound_messages(to_addr) WHERE read_at IS NULL;

  -- HLR requests are the messages with this text: a partial index finds them among millions.
  CREATE INDEX messages_hlr ON messages(id) WHERE text = '__HLR__';
  CREATE INDEX hlr_message ON hlr_results(message_id);
`
