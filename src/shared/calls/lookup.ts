/** HLR lookups, dedicated numbers and the inbox. */
// Calls and push events of this area, spread into the contract (src/shared/contract.ts).
export const lookupCalls = {} as const

export const lookupEvents = {} as const
