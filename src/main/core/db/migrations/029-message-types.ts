/**
 * A message's SMSC type (viber, call, mail, …; NULL: an SMS), a column of its own so every list
 * and every pushed change shows it; the fields the type needs stay in `options`.
 */
export const messageTypes = `
  ALTER TABLE messages ADD COLUMN type TEXT;
`
