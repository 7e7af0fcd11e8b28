/**
 * The table of provider kinds: each kind's descriptor, from its folder. Everything that differs
 * between kinds is asked of the descriptor; after a connection exists, of its capability flags.
 */
import type { ProviderKind } from '../../../shared/contract'
import type {
  ConnectionTuningOf,
  ProviderDescriptor,
  SandboxEndpoint,
  SimulatorTuningOf,
  StoredProfile,
} from './descriptor'
import { getsms } from './getsms'
import { osonsms } from './osonsms'
import { smpp } from './smpp'
import { smscHttp } from './smsc-http'
import { smsgate } from './smsgate'
import type { ProviderCapabilities, ProviderConnection } from './types'
import type { MessageTypeName } from '../../../shared/message-types'

const TABLE = { smpp, osonsms, 'smsc-http': smscHttp, getsms, smsgate } as const

export const PROVIDERS: Readonly<Record<ProviderKind, ProviderDescriptor>> = TABLE

/** Each kind's simulator test switches (`createCore({ sandbox: { smpp: … } })`). */
export type SimulatorTuning = { [K in ProviderKind]?: SimulatorTuningOf<(typeof TABLE)[K]> }
/** Each kind's connection timers, shorter in tests. */
export type ConnectionTuning = { [K in ProviderKind]?: ConnectionTuningOf<(typeof TABLE)[K]> }

/** The descriptor of a kind; a profile stored by a newer version names one this does not know. */
export function descriptorOf(kind: ProviderKind): ProviderDescriptor {
  const d = (PROVIDERS as Partial<Record<string, ProviderDescriptor>>)[kind]
  if (!d) throw new Error('This profile is of a provider kind this version does not know')
  return d
}

const NONE: ProviderCapabilities = {
  batchSize: 1,
  receipts: 'poll',
  idempotencyKey: false,
  balance: false,
  hlr: false,
  dedicatedNumbers: false,
  inbound: 'none',
  channels: [],
  verifyByCall: false,
  exportJobs: false,
}

/** What a kind can do, without connecting: the screens show only what the profile supports. */
export function capabilitiesOf(kind: ProviderKind): ProviderCapabilities {
  return (PROVIDERS as Partial<Record<string, ProviderDescriptor>>)[kind]?.capabilities ?? NONE
}

/** The message types a profile sends: SMS, and SMSC's others where its kind says so. */
export function messageTypesOf(profile: StoredProfile): readonly MessageTypeName[] {
  return descriptorOf(profile.kind).messageTypes?.(profile.settings, profile.sandbox) ?? ['sms']
}

export interface ConnectionInput {
  profile: StoredProfile
  /** From the keychain, or the sandbox's own; '' when none is stored (the profile stays offline). */
  secret: string
  /** Set for sandbox profiles: the simulator to talk to instead of the stored endpoint. */
  sandbox: SandboxEndpoint | null
  /** Shorter timers for tests. */
  tuning?: ConnectionTuning
}

/** From a stored profile to a live provider connection. */
export function createConnection({
  profile,
  secret,
  sandbox,
  tuning,
}: ConnectionInput): ProviderConnection {
  return descriptorOf(profile.kind).connect({
    profile,
    settings: profile.settings,
    secret,
    sandbox,
    tuning: tuning?.[profile.kind],
  })
}

/**
 * How many messages the dispatcher hands a connection at once: what the kind's descriptor says
 * for this profile's settings.
 */
export function inFlightFor(profile: StoredProfile, connection: ProviderConnection): number {
  return descriptorOf(profile.kind).inFlight(profile.settings, connection)
}
