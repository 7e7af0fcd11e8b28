/**
 * Profiles made from the providers' descriptors: the sandbox of every kind, and a profile from
 * what the operator entered. Apart from the profile store, so the storage worker that runs the
 * store never loads the providers.
 */
import { parseClock } from '../../../shared/quiet'
import type { ProfileInput } from '../../../shared/contract'
import type { StoredProfile } from '../providers/descriptor'
import { descriptorOf, PROVIDERS } from '../providers/registry'

const SANDBOX_SENDERS = ['SANDBOX', 'InfoDesk', '7781']

/** Local simulators of every provider: no account, no network. Endpoints are set at run time. */
export function sandboxProfiles(): StoredProfile[] {
  return Object.values(PROVIDERS).map((d) => ({
    ...d.profile.sandbox,
    kind: d.kind,
    sandbox: true,
    senders: SANDBOX_SENDERS,
    fallbackProfileId: null,
  }))
}

/** A profile as the operator entered it (validated by the contract) → what is stored. */
export function profileFromInput(id: string, input: ProfileInput): StoredProfile {
  return {
    id,
    name: input.name,
    kind: input.kind,
    sandbox: false,
    senders: input.senders,
    fallbackProfileId: input.fallbackProfileId ?? null,
    // Not chosen: the provider's usual country (null); chosen none: ''.
    defaultCountry: input.defaultCountry === undefined ? null : (input.defaultCountry ?? ''),
    quietHours: input.quietHours
      ? { from: parseClock(input.quietHours.from)!, to: parseClock(input.quietHours.to)! }
      : null,
    settings: descriptorOf(input.kind).profile.settingsOf(input),
  }
}
