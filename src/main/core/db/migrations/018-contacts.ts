/**
 * Contacts: a customer's name and notes by their number (as `peer` and the outbox's `phone`
 * write it: digits only), shown wherever the number is. `name_folded`: the name in the form a
 * search compares (lower case, ё as е), written with it, so finding a conversation by part of a
 * name needs no function in SQL. Fields and tags wait for the campaigns that use them.
 */
export const contacts = `
  CREATE TABLE contacts (
    phone        TEXT PRIMARY KEY,
    name         TEXT NOT NULL DEFAULT '',
    name_folded  TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    updated_at   INTEGER NOT NULL
  ) WITHOUT ROWID;
`
