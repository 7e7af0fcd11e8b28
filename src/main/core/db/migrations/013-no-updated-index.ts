/**
 * The index on messages.updated_at goes: no query reads by it (History's rate chart reads the
 * column, not the index), and every move of a message (claimed, accepted, delivered) changes
 * the column, so each move paid for one more index entry deleted and inserted.
 */
export const noUpdatedIndex = `
  DROP INDEX IF EXISTS messages_updated;
`
