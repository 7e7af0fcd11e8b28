/** Bulk import: uploads, batch state and counters, stop-list. (Not yet applied anywhere released: may still change until the first release.) */
export const bulkImport = `
  SELECT 1;
`
