/**
 * No commit merges a whole level of a search index by itself. FTS5 merges every segment of a
 * level at once when the level holds `crisismerge` of them (16 by default), inside whichever
 * transaction wrote the last one: on a large index that held the write lock for up to a second,
 * and main's writes waited behind it. The History worker merges in short steps of its own and
 * keeps an index well under 200 segments in all (history/search-index.ts), so this never fires.
 */
export const mergeInSteps = `
  INSERT INTO messages_fts (messages_fts, rank) VALUES ('crisismerge', 200);
  INSERT INTO messages_trigrams (messages_trigrams, rank) VALUES ('crisismerge', 200);
`
