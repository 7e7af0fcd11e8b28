/**
 * Number verification by the customer's call (SMSC wait_call.php): each request, the number the
 * customer was given to call and every number it may be, its 15-minute window, and when the call
 * was recorded (the inbound `[waitcall]` that verified it). Its state (waiting, verified, expired)
 * is read from these times, so nothing rewrites a row when its window closes. `phone` is the
 * customer's number as every table keeps numbers (digits, as inbound_messages.peer).
 */
export const verifications = `
  CREATE TABLE verifications (
    id            INTEGER PRIMARY KEY,
    profile_id    TEXT NOT NULL,
    phone         TEXT NOT NULL,
    call_phone    TEXT NOT NULL,
    all_phones    TEXT NOT NULL DEFAULT '[]',
    requested_at  INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    verified_at   INTEGER,
    inbound_id    INTEGER
  );
  -- A number's latest verification, and the one a call to it verifies, by index.
  CREATE INDEX verifications_phone ON verifications(phone, id);
`
