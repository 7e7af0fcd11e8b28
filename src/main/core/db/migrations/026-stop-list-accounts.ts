/**
 * The stop-list per provider account or for all of them: each entry names the profile it holds
 * for, or '' for every profile. Entries so far hold for every profile. A clear's kept entries
 * keep theirs, so an undo puts each back where it was.
 */
export const stopListAccounts = `
  CREATE TABLE stop_list_scoped (
    phone       TEXT NOT NULL,
    profile_id  TEXT NOT NULL DEFAULT '',
    note        TEXT,
    added_at    INTEGER NOT NULL,
    PRIMARY KEY (phone, profile_id)
  ) WITHOUT ROWID;
  INSERT INTO stop_list_scoped (phone, profile_id, note, added_at)
    SELECT phone, '', note, added_at FROM stop_list;
  DROP TABLE stop_list;
  ALTER TABLE stop_list_scoped RENAME TO stop_list;
  CREATE INDEX stop_list_profile ON stop_list(profile_id, phone);

  CREATE TABLE stop_list_cleared_scoped (
    token       TEXT NOT NULL,
    phone       TEXT NOT NULL,
    profile_id  TEXT NOT NULL DEFAULT '',
    note        TEXT,
    added_at    INTEGER NOT NULL,
    cleared_at  INTEGER NOT NULL,
    PRIMARY KEY (token, phone, profile_id)
  ) WITHOUT ROWID;
  INSERT INTO stop_list_cleared_scoped (token, phone, profile_id, note, added_at, cleared_at)
    SELECT token, phone, '', note, added_at, cleared_at FROM stop_list_cleared;
  DROP TABLE stop_list_cleared;
  ALTER TABLE stop_list_cleared_scoped RENAME TO stop_list_cleared;
  CREATE INDEX stop_list_cleared_at ON stop_list_cleared(cleared_at);
`
