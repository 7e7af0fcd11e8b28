/**
 * The template library: named message texts with variables (`{name}`, `#name#`), picked in
 * Compose, in a conversation's reply and in a bulk import. `name_folded`: the name as a search
 * and the uniqueness rule compare it (lower case, ё as е, outer spaces gone), so "Долг" and
 * "долг " are one name.
 */
export const templates = `
  CREATE TABLE templates (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    name_folded  TEXT NOT NULL UNIQUE,
    text         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
  );
`
