/** Inbox per dedicated number, rented numbers, HLR lookups. (Not yet applied anywhere released: may still change until the first release.) */
export const inboxAndNumbers = `
  SELECT 1;
`
