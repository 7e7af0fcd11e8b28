/** Spend by day: the priced reports of a period found by their time, not by reading them all. */
export const spend = `
  CREATE INDEX receipts_priced_at ON delivery_receipts(received_at)
    WHERE price IS NOT NULL AND price != '';
`
