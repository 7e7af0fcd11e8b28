import type { Vault } from '../../src/main/core/vault/vault'

/** For cores that only use sandbox profiles: proves the keychain is never asked. */
export const untouchedVault: Vault = {
  get: () => Promise.reject(new Error('the sandbox must not read the keychain')),
  set: () => Promise.reject(new Error('the sandbox must not write the keychain')),
  delete: () => Promise.reject(new Error('the sandbox must not write the keychain')),
}

/** Secrets kept in memory, for tests of something other than the keychain. */
export function memoryVault(): Vault {
  const secrets = new Map<string, string>()
  return {
    get: async (id) => secrets.get(id) ?? null,
    set: async (id, secret) => void secrets.set(id, secret),
    delete: async (id) => secrets.delete(id),
  }
}

/** One profile's password, held in memory: for tests about something other than the keychain. */
export function fixedVault(profileId: string, password: string): Vault {
  return {
    get: async (id) => (id === profileId ? password : null),
    set: async () => {},
    delete: async () => true,
  }
}
