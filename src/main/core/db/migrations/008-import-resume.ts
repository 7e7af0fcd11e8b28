/**
 * Bulk imports remember what they were made from, so the same file is recognised: its content
 * fingerprint and template (the key its messages are stored under), the mapping and format to
 * read it again, the file to resume from, and how many rows an earlier import had queued.
 */
export const importResume = `
  -- "<file sha256>:<template sha256>:<generation>": the batches of one file and template share
  -- it, and their messages are keyed by the first such batch and the number, so importing the
  -- same file with the same template again cannot queue a number twice.
  ALTER TABLE batches ADD COLUMN import_key TEXT;
  -- The mapping and file format as JSON, to queue the rest after an interruption.
  ALTER TABLE batches ADD COLUMN import_mapping TEXT;
  -- The file the rows come from: an upload kept in the data folder, or the desktop's own file.
  ALTER TABLE batches ADD COLUMN source_path TEXT;
  -- Rows left out because an earlier import of the same file had queued them already.
  ALTER TABLE batches ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX batches_import_key ON batches(import_key) WHERE import_key IS NOT NULL;
`
