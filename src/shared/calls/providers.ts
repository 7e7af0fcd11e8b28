/** Provider profiles and credentials: add, edit, remove, test connection. */
// Calls and push events of this area, spread into the contract (src/shared/contract.ts).
export const providersCalls = {} as const

export const providersEvents = {} as const
