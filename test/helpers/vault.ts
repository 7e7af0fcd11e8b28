import type { Vault } from '../../src/main/core/vault/vault'

/** For cores that only use sandbox profiles: proves the keychain is never asked. */
export const untouchedVault: Vault = {
  get: () => Promise.reject(new Error('the sandbox must not read the keychain')),
  set: () => Promise.reject(new Error('the sandbox must not write the keychain')),
  delete: () => Promise.reject(new Error('the sandbox must not write the keychain')),
}
