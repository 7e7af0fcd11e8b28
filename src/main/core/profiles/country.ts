/** The country a profile reads numbers written the local way by (see shared/phone.ts). */
import { descriptorOf } from '../providers/registry'
import type { StoredProfile } from './profiles'

/** Its own choice ('' : none), else the provider's usual one. */
export function phoneCountry(profile: StoredProfile): string | null {
  if (profile.defaultCountry === '') return null
  return profile.defaultCountry ?? descriptorOf(profile.kind).profile.usualCountry(profile.settings)
}
