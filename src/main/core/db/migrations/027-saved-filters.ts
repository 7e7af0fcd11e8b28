/**
 * Contact filters saved by name (words, a group, a tag, as JSON): a weekly campaign's recipients
 * found again in one choice, and sent to like a group.
 */
export const savedFilters = `
  CREATE TABLE contact_filters (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    name_folded  TEXT NOT NULL UNIQUE,
    filter       TEXT NOT NULL,
    created_at   INTEGER NOT NULL
  );
`
