/**
 * What the profiles of every HTTP provider share: an endpoint, a login, limits, and a
 * `provider` bag of what only that provider has (validated by the contract's schema for the
 * kind). Each HTTP kind's descriptor builds on these.
 */
import type { ProfileInput } from '../../../shared/contract'
import type { ProviderInputFields } from './descriptor'
import type { HttpProviderBaseOptions } from './http-provider'
import type { ProviderConnection } from './types'

/** An HTTP provider's endpoint and login; `provider` holds what only that provider has. */
export interface HttpProfileSettings {
  /** This customer's endpoint (each customer gets their own host, port or IP). */
  baseUrl: string
  /** Where to go when the main host does not answer (SMSC: www2.<domain>). */
  backupUrl: string | null
  timeoutMs: number
  /** Requests in flight at once. */
  concurrency: number
  /** Send requests per second at most; null: no limit of ours. */
  requestsPerSecond: number | null
  login: string
  /** Provider-specific switches, validated by the contract's schema for this kind. */
  provider: Readonly<Record<string, unknown>>
}

type HttpInput = Exclude<ProfileInput, { hosts: unknown }>

/** A profile as the operator entered it (validated by the contract) → what is stored. */
export function httpSettingsOf(input: ProfileInput): HttpProfileSettings {
  const {
    kind: _k,
    id: _id,
    name: _n,
    senders: _s,
    fallbackProfileId: _f,
    defaultCountry: _c,
    quietHours: _q,
    baseUrl,
    backupUrl,
    timeoutMs,
    concurrency,
    requestsPerSecond,
    login,
    ...provider
  } = input as HttpInput
  return {
    baseUrl,
    backupUrl: backupUrl ?? null,
    timeoutMs: timeoutMs ?? 5000,
    concurrency: concurrency ?? 4,
    requestsPerSecond: requestsPerSecond ?? null,
    login,
    provider,
  }
}

/** Fields every HTTP kind has, which live outside `provider` in the stored settings. */
const COMMON_FIELDS = new Set([
  'kind',
  'id',
  'name',
  'senders',
  'fallbackProfileId',
  'defaultCountry',
  'quietHours',
  'baseUrl',
  'backupUrl',
  'timeoutMs',
  'concurrency',
  'requestsPerSecond',
  'login',
])

/**
 * Stored settings back in the shape profiles.save takes. Only fields the contract's schema for
 * the kind names (`fields`) are copied, so nothing else (and never a secret) can ride along even
 * if a stored settings object held more.
 */
export function httpInputOf(
  s: HttpProfileSettings,
  fields: readonly string[],
): ProviderInputFields {
  const provider: Record<string, unknown> = {}
  for (const key of fields) {
    if (!COMMON_FIELDS.has(key) && s.provider[key] !== undefined) provider[key] = s.provider[key]
  }
  // The provider fields were validated against this kind's schema when the profile was saved.
  return {
    baseUrl: s.baseUrl,
    backupUrl: s.backupUrl,
    timeoutMs: s.timeoutMs,
    concurrency: s.concurrency,
    ...(s.requestsPerSecond !== null ? { requestsPerSecond: s.requestsPerSecond } : {}),
    login: s.login,
    ...provider,
  } as ProviderInputFields
}

/** A sandbox profile's settings: its endpoint is the simulator's, set at run time. */
export function sandboxHttpSettings(
  provider: HttpProfileSettings['provider'],
): HttpProfileSettings {
  return {
    baseUrl: 'http://127.0.0.1/',
    backupUrl: null,
    timeoutMs: 5000,
    concurrency: 4,
    requestsPerSecond: null,
    login: 'sandbox',
    provider,
  }
}

/** The options every HTTP provider takes, from the profile (or its sandbox simulator). */
export function httpBaseOptions(
  profileId: string,
  s: HttpProfileSettings,
  sandbox: { baseUrl: string; login: string } | null,
): HttpProviderBaseOptions & { login: string } {
  return {
    profileId,
    baseUrl: sandbox?.baseUrl ?? s.baseUrl,
    timeoutMs: s.timeoutMs,
    requestsPerSecond: s.requestsPerSecond ?? undefined,
    login: sandbox?.login ?? s.login,
  }
}

/** HTTP: the profile's concurrency times its batch size. */
export function httpInFlight(s: HttpProfileSettings, connection: ProviderConnection): number {
  return Math.max(1, s.concurrency) * Math.max(1, connection.capabilities.batchSize)
}

export function numberSetting(s: HttpProfileSettings, key: string): number | null {
  const v = s.provider[key]
  return typeof v === 'number' ? v : null
}

/** A provider-specific text setting (validated by the contract when the profile was saved). */
export function textSetting(s: HttpProfileSettings, key: string): string | null {
  const v = s.provider[key]
  return typeof v === 'string' ? v : null
}
