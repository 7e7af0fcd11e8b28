/** An SMPP profile as stored, and back in the shape profiles.save takes. */
import type { ProfileInput, SmppProfileInput } from '../../../../shared/contract'
import type { ProviderInputFields } from '../descriptor'

export interface SmppProfileSettings {
  hosts: { host: string; port: number }[]
  tls: boolean
  systemId: string
  /** system_type options: MCON<n>, SINGLE, ISO. */
  systemType: string[]
  window: number
  ratePerSecond: number
  longMessageMode: 'udh' | 'payload'
}

/** A profile as the operator entered it (validated by the contract) → what is stored. */
export function smppSettingsOf(profile: ProfileInput): SmppProfileSettings {
  const input = profile as SmppProfileInput
  return {
    hosts: input.hosts,
    tls: input.tls,
    systemId: input.systemId,
    systemType: input.systemType,
    window: input.window,
    ratePerSecond: input.ratePerSecond,
    longMessageMode: input.longMessageMode,
  }
}

/** Only the fields the contract names are copied, so nothing else can ride along. */
export function smppInputOf(s: SmppProfileSettings): ProviderInputFields {
  return {
    hosts: s.hosts.map((h) => ({ host: h.host, port: h.port })),
    tls: s.tls,
    systemId: s.systemId,
    systemType: [...s.systemType],
    window: s.window,
    ratePerSecond: s.ratePerSecond,
    longMessageMode: s.longMessageMode,
  }
}
