/** History and delivery reports: search over message text, indexes for filters. (Not yet applied anywhere released: may still change until the first release.) */
export const historySearch = `
  SELECT 1;
`
