/** History and live delivery reports: paging, filters, search, export, batches. */
// Calls and push events of this area, spread into the contract (src/shared/contract.ts).
export const historyCalls = {} as const

export const historyEvents = {} as const
