/**
 * Credentials live in the OS keychain: one service name, one account per provider profile.
 * Nothing here logs, stores or returns a secret anywhere but to the caller that asked for it.
 */
import type { PhraseRef } from '../../../shared/domain'
import { english, phrase } from '../../../shared/phrases'

export const KEYCHAIN_SERVICE = 'sms-operator-console'

export interface Vault {
  get(profileId: string): Promise<string | null>
  set(profileId: string, secret: string): Promise<void>
  delete(profileId: string): Promise<boolean>
}

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

export class KeychainUnavailableError extends Error {
  /** The message as a phrase, for the renderer to word in the operator's language. */
  readonly phrase: PhraseRef

  /** `reason`: the system's own words (keytar's, the Secret Service's), shown as they came. */
  constructor(readonly reason: string) {
    super(english('keychain.unavailable', { reason }))
    this.name = 'KeychainUnavailableError'
    this.phrase = phrase('keychain.unavailable', { reason })
  }
}

/** keytar is loaded on first use so a machine without a Secret Service still runs the sandbox. */
export function createKeychainVault(service = KEYCHAIN_SERVICE): Vault {
  let keytar: Keytar | null = null
  const load = async (): Promise<Keytar> => {
    if (keytar) return keytar
    try {
      const mod = (await import('keytar')) as unknown as Keytar & { default?: Keytar }
      keytar = mod.default ?? mod
      return keytar
    } catch (err) {
      throw new KeychainUnavailableError(err instanceof Error ? err.message : String(err))
    }
  }
  // keytar's own errors carry no secret (they name the service, never the password).
  const guard = async <T>(op: (k: Keytar) => Promise<T>): Promise<T> => {
    const k = await load()
    try {
      return await op(k)
    } catch (err) {
      throw new KeychainUnavailableError(err instanceof Error ? err.message : String(err))
    }
  }
  return {
    get: (profileId) => guard((k) => k.getPassword(service, profileId)),
    set: (profileId, secret) => guard((k) => k.setPassword(service, profileId, secret)),
    delete: (profileId) => guard((k) => k.deletePassword(service, profileId)),
  }
}
