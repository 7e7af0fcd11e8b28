/**
 * A stored profile back in the shape profiles.save takes, to fill the edit form. The kind's
 * descriptor copies only the fields the contract's schema for the kind names, so nothing else
 * (and never a secret) can ride along even if a stored settings object held more.
 */
import { clockOf } from '../../../shared/quiet'
import type { ProfileInput } from '../../../shared/contract'
import { descriptorOf } from '../providers/registry'
import type { StoredProfile } from './profiles'

export function settingsView(p: StoredProfile): ProfileInput {
  return {
    id: p.id,
    name: p.name,
    senders: [...p.senders],
    fallbackProfileId: p.fallbackProfileId,
    // Not chosen stays absent; none is null.
    ...(p.defaultCountry === null || p.defaultCountry === undefined
      ? {}
      : { defaultCountry: p.defaultCountry === '' ? null : p.defaultCountry }),
    ...(p.quietHours
      ? { quietHours: { from: clockOf(p.quietHours.from), to: clockOf(p.quietHours.to) } }
      : {}),
    kind: p.kind,
    ...descriptorOf(p.kind).profile.inputOf(p.settings),
  } as ProfileInput
}
