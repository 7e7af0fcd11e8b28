/**
 * Reconciliations with the provider's own record of what was sent (SMSC export jobs): each job
 * for a period, followed until the provider is done, with what its comparison found; and the
 * differences, in four kinds, each naming our message and the provider's id, status and price.
 */
export const reconcile = `
  CREATE TABLE reconcile_jobs (
    id               INTEGER PRIMARY KEY,
    profile_id       TEXT NOT NULL,
    name             TEXT NOT NULL,
    from_day         TEXT NOT NULL,
    to_day           TEXT NOT NULL,
    period_from      INTEGER NOT NULL,
    period_to        INTEGER NOT NULL,
    request_key      TEXT UNIQUE,
    state            TEXT NOT NULL CHECK (state IN ('waiting','running','downloading','compared',
                       'failed','cancelled','error')),
    provider_job_id  TEXT NOT NULL,
    provider_status  INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    next_check_at    INTEGER,
    compared_at      INTEGER,
    error            TEXT,
    error_phrase     TEXT,
    theirs_count     INTEGER,
    ours_count       INTEGER,
    status_count     INTEGER,
    price_count      INTEGER,
    provider_rows    INTEGER,
    our_rows         INTEGER
  );
  CREATE INDEX reconcile_jobs_profile ON reconcile_jobs(profile_id, id);
  CREATE INDEX reconcile_jobs_open ON reconcile_jobs(state)
    WHERE state IN ('waiting','running','downloading');

  CREATE TABLE reconcile_differences (
    id                 INTEGER PRIMARY KEY,
    job_id             INTEGER NOT NULL REFERENCES reconcile_jobs(id),
    kind               TEXT NOT NULL CHECK (kind IN ('theirs','ours','status','price')),
    message_id         INTEGER,
    provider_id        TEXT,
    phone              TEXT NOT NULL,
    at                 INTEGER,
    our_state          TEXT,
    our_price          REAL,
    their_status       TEXT,
    their_err          TEXT,
    their_outcome      TEXT,
    their_reason       TEXT,
    their_reason_code  TEXT,
    their_price        REAL,
    text               TEXT,
    adoptable          INTEGER NOT NULL DEFAULT 0 CHECK (adoptable IN (0, 1)),
    adopted_at         INTEGER
  );
  CREATE INDEX reconcile_differences_job ON reconcile_differences(job_id, kind, id);
  CREATE INDEX reconcile_differences_adoptable ON reconcile_differences(job_id)
    WHERE adoptable = 1 AND adopted_at IS NULL;
`
