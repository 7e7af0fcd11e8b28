/**
 * Every message's story: each change of its state (and of its profile, when failover hands it
 * to another) is kept with its time, the reason it came with, and where it went, by a trigger —
 * so every path the outbox takes (one-off, a batch's group commit, a receipt, the operator, a
 * restart's recovery) writes it, and none can forget to. A message's first state is the first
 * change's `from_state` at its creation time (or its present state when it never changed):
 * imports add no row per message.
 *
 * `resend_of`: a message sent again by the operator names the one it repeats; the detail of
 * either shows the other.
 */
export const messageTrail = `
  CREATE TABLE message_states (
    id           INTEGER PRIMARY KEY,
    message_id   INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    from_state   TEXT NOT NULL,
    state        TEXT NOT NULL,
    profile_id   TEXT NOT NULL,
    error        TEXT,
    error_code   TEXT
  );
  CREATE INDEX message_states_message ON message_states(message_id);
  CREATE TRIGGER messages_trail AFTER UPDATE OF state, profile_id ON messages
    WHEN NEW.state IS NOT OLD.state OR NEW.profile_id IS NOT OLD.profile_id
  BEGIN
    INSERT INTO message_states (message_id, at, from_state, state, profile_id, error, error_code)
      VALUES (NEW.id, NEW.updated_at, OLD.state, NEW.state, NEW.profile_id, NEW.error,
        NEW.error_code);
  END;
  ALTER TABLE messages ADD COLUMN resend_of INTEGER;
  CREATE INDEX messages_resends ON messages(resend_of) WHERE resend_of IS NOT NULL;
`
