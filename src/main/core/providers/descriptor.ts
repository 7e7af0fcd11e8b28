/**
 * Everything the console knows about one kind of provider, in one object: a provider is its
 * folder (`providers/<kind>/`) and the descriptor its `index.ts` exports. The registry is a table
 * of these; whatever differs between kinds is asked of the descriptor, never decided by kind.
 */
import type { QuietHours } from '../../../shared/quiet'
import type { ConnectionTest } from '../../../shared/calls/providers'
import type { ProfileInput, ProviderKind } from '../../../shared/contract'
import type { ProviderForm } from '../../../shared/providers/form'
import type { ReasonTexts } from '../../../shared/reason-codes'
import type { MessageTypeName } from '../../../shared/message-types'
import type { CallbackVerdict, ProviderCapabilities, ProviderConnection } from './types'

/** A profile as stored: what every kind has, and `settings` only its descriptor reads. */
export interface StoredProfile {
  id: string
  name: string
  kind: ProviderKind
  sandbox: boolean
  senders: string[]
  /** Used for never-sent messages while this profile is down or out of balance. */
  fallbackProfileId: string | null
  /**
   * The country numbers written the local way are read by: absent or null, the provider's
   * usual one; '' none; else an ISO 3166 code.
   */
  defaultCountry?: string | null
  /** Bulk messages reach a recipient only in this window of their local day; null: any time. */
  quietHours?: QuietHours | null
  /** Never secret; validated against the contract's schema for the kind when saved. */
  settings: unknown
}

/** Where a sandbox profile connects (its simulator), and with what. */
export interface SandboxEndpoint {
  /** http://127.0.0.1:<port>/ for HTTP kinds; for SMPP smpp://127.0.0.1:<port>. */
  baseUrl: string
  host: string
  port: number
  login: string
  secret: string
}

/** A subscriber's message, as a simulator sends it to the console. */
export interface SubscriberSms {
  /** Normalised digits. */
  from: string
  to: string
  text: string
}

/** How a simulator is started: where, and the one login and secret it accepts. */
export interface SimulatorSetup {
  /** 0 (or absent) picks a free port. */
  port?: number
  login: string
  secret: string
}

/** A simulator of a provider, started or not. */
export interface RunningSimulator {
  start(): Promise<void>
  stop(): Promise<void>
  /** Its address as a person would type it (printed by `npm run sim`). */
  readonly url: string
  /** Where a sandbox profile connects, once started. */
  endpoint(): Omit<SandboxEndpoint, 'login' | 'secret'>
  /**
   * Sends the console a subscriber's message. Resolves with the parts the console acknowledged,
   * or null when no console is connected to receive it. Absent: the provider has no inbound.
   */
  inbound?(sms: SubscriberSms): Promise<number | null>
  /**
   * The customer `from` (digits) calls the number the provider gave them to verify theirs:
   * resolves with the number called, or null when they were given none (or their time is up).
   * Absent: the provider does not verify numbers by call.
   */
  customerCall?(from: string): Promise<string | null>
}

export interface ConnectInput<S, C> {
  profile: StoredProfile
  /** `profile.settings`, as this kind stores them. */
  settings: S
  /** From the keychain, or the sandbox's own; '' when none is stored (the profile stays offline). */
  secret: string
  /** Set for sandbox profiles: the simulator to talk to instead of the stored endpoint. */
  sandbox: SandboxEndpoint | null
  /** Shorter timers for tests. */
  tuning?: C
}

export interface ConnectionTestInput {
  /** The live connection (after a restart, for sessions that were not up). */
  connection: () => ProviderConnection | null
  /** Restart the profile so a session that gave up tries again now. */
  restart: () => Promise<void>
  /** How long a session may take to come up before we say it did not answer. */
  bindWaitMs?: number
  /** Started for this test alone: it is already trying the current settings, no restart. */
  fresh?: boolean
}

type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

/** The fields of profiles.save past those every profile has: what only its kind has. */
export type ProviderInputFields = OmitEach<
  ProfileInput,
  'kind' | 'id' | 'name' | 'senders' | 'fallbackProfileId'
>

/**
 * One kind of provider. S: its stored settings; T: its simulator's test switches; C: its
 * connection's test timers. Methods (not function properties) so a descriptor of any kind is
 * a `ProviderDescriptor`.
 */
export interface ProviderDescriptor<S = unknown, T = unknown, C = unknown> {
  kind: ProviderKind
  /** What a profile of this kind can do, without connecting. */
  capabilities: ProviderCapabilities
  profile: {
    /** What is stored of what the operator entered (already validated by the contract). */
    settingsOf(input: ProfileInput): S
    /** Stored settings back as the fields of profiles.save (never a secret). */
    inputOf(settings: S): ProviderInputFields
    /**
     * The country its customers usually are in (ISO 3166), by which numbers written the local
     * way are read unless the profile chose one; null: none.
     */
    usualCountry(settings: S): string | null
    /** The sandbox profile of this kind a fresh install gets (its endpoint is set at run time). */
    sandbox: { id: string; name: string; settings: S }
    /** Its edit form's fields and sections (shared with the renderer, which renders them). */
    fields: ProviderForm
  }
  /**
   * The message types a profile of this kind sends (SMSC's Viber, call, e-mail, …); absent:
   * SMS only. `sandbox`: the profile talks to this kind's simulator.
   */
  messageTypes?(settings: S, sandbox: boolean): readonly MessageTypeName[]
  /**
   * A handler the provider posts statuses and messages to, where the console can be reached
   * (a team server): whether the profile has it on, and a call to it read and checked with the
   * profile's secret. Absent: the provider is only polled.
   */
  callbacks?: {
    enabled(settings: S): boolean
    read(params: Readonly<Record<string, string>>, secret: string): CallbackVerdict
  }
  connect(input: ConnectInput<S, C>): ProviderConnection
  /** How many messages the dispatcher hands a connection of this profile at once. */
  inFlight(settings: S, connection: ProviderConnection): number
  /** "Test connection": something harmless asked of the provider, and what it said. */
  testConnection(input: ConnectionTestInput): Promise<ConnectionTest>
  simulator: {
    /** A simulator accepting this login; `tuning` holds test switches. */
    create(setup: SimulatorSetup, tuning?: T): RunningSimulator
    /** What the embedded sandbox adds to a plain simulator (demo outcomes, slower receipts). */
    sandbox?: T
  }
  /** The reason codes this provider's refusals and receipts carry, in every language. */
  errors: Readonly<Record<string, ReasonTexts>>
}

export type SimulatorTuningOf<D> =
  D extends ProviderDescriptor<unknown, infer T, unknown> ? T : never
export type ConnectionTuningOf<D> =
  D extends ProviderDescriptor<unknown, unknown, infer C> ? C : never
