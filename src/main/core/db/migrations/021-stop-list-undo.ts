/**
 * Stop-list entries cleared in bulk, kept under the clear's token so the agent can undo it (a
 * week, then they go): number, note and the time it was first added, as they were.
 */
export const stopListUndo = `
  CREATE TABLE stop_list_cleared (
    token       TEXT NOT NULL,
    phone       TEXT NOT NULL,
    note        TEXT,
    added_at    INTEGER NOT NULL,
    cleared_at  INTEGER NOT NULL,
    PRIMARY KEY (token, phone)
  ) WITHOUT ROWID;
  CREATE INDEX stop_list_cleared_at ON stop_list_cleared(cleared_at);
`
