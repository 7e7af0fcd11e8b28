/**
 * Reason codes: a stable machine code next to each failure text (`smpp:stat:UNDELIV`,
 * `osonsms:119`, `outbox:uncertain`, …), so the renderer can say it in the operator's language.
 */
export const reasonCodes = `
  ALTER TABLE messages ADD COLUMN error_code TEXT;
  ALTER TABLE delivery_receipts ADD COLUMN reason_code TEXT;
`
