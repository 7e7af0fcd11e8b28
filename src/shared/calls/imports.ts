/** Bulk import: CSV upload, analysis, mapping, batches with progress. */
// Calls and push events of this area, spread into the contract (src/shared/contract.ts).
export const importsCalls = {} as const

export const importsEvents = {} as const
