/**
 * A batch's canary: its first recipients (and test numbers) go first, the rest waiting; then
 * the rest go, or the batch pauses by itself when too many of the first failed. JSON of the
 * rule and where it stands (imports/canary.ts); NULL: no canary.
 */
export const canary = `
  ALTER TABLE batches ADD COLUMN canary TEXT;
`
