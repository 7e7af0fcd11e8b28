/**
 * The console's link to a team server. `team_servers`: each server the agent connected to, the
 * certificate fingerprint they accepted for it (a certificate the system does not trust), and
 * which one the console works with now (the session's token is in the OS keychain, never
 * here). `handover`: sends the agent made while the server was unreachable, kept until the
 * server has them, each with the idempotency key it is handed over with, so that it goes out
 * once however many times the handover is tried.
 */
export const teamLink = `
  CREATE TABLE team_servers (
    url          TEXT PRIMARY KEY,
    fingerprint  TEXT,
    certificate  TEXT,
    accepted_at  INTEGER,
    user_name    TEXT,
    role         TEXT,
    linked       INTEGER NOT NULL DEFAULT 0 CHECK (linked IN (0, 1))
  );
  CREATE UNIQUE INDEX team_servers_linked ON team_servers(linked) WHERE linked = 1;

  CREATE TABLE handover (
    id                 INTEGER PRIMARY KEY,
    server_url         TEXT NOT NULL,
    idempotency_key    TEXT NOT NULL UNIQUE,
    request            TEXT NOT NULL,
    state              TEXT NOT NULL CHECK (state IN ('waiting','sending','handed','failed')),
    attempts           INTEGER NOT NULL DEFAULT 0,
    created_at         INTEGER NOT NULL,
    handed_at          INTEGER,
    server_message_id  INTEGER,
    error              TEXT
  );
  CREATE INDEX handover_open ON handover(server_url, id) WHERE state IN ('waiting','sending');
`
