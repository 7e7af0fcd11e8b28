/**
 * From a stored profile to a live provider connection. The one place that knows which module
 * serves which kind; everything after this asks the connection's capability flags.
 */
import type { HttpProfileSettings, StoredProfile } from '../profiles/profiles'
import type { SandboxEndpoint } from '../sandbox/sandbox'
import type { ProviderKind } from '../../../shared/contract'
import { GETSMS_CAPABILITIES, GetsmsProvider } from './getsms'
import type { HttpProviderBaseOptions } from './http-provider'
import { OSONSMS_CAPABILITIES, OsonSmsProvider } from './osonsms'
import { SMSC_HTTP_CAPABILITIES, SmscHttpProvider } from './smsc-http'
import { SMSGATE_CAPABILITIES, SmsgateProvider, type SmsgateSettings } from './smsgate'
import { SMPP_CAPABILITIES, SmppSession, type SmppSessionOptions } from './smpp/session'
import type { ProviderCapabilities, ProviderConnection } from './types'

const NONE: ProviderCapabilities = {
  batchSize: 1,
  receipts: 'poll',
  idempotencyKey: false,
  balance: false,
  hlr: false,
  dedicatedNumbers: false,
  inbound: 'none',
  channels: [],
}

/** What a kind can do, without connecting: the screens show only what the profile supports. */
export function capabilitiesOf(kind: ProviderKind): ProviderCapabilities {
  switch (kind) {
    case 'smpp':
      return SMPP_CAPABILITIES
    case 'osonsms':
      return OSONSMS_CAPABILITIES
    case 'getsms':
      return GETSMS_CAPABILITIES
    case 'smsc-http':
      return SMSC_HTTP_CAPABILITIES
    case 'smsgate':
      return SMSGATE_CAPABILITIES
    default:
      return NONE
  }
}

export interface ConnectionInput {
  profile: StoredProfile
  /** From the keychain, or the sandbox's own; '' when none is stored (the profile stays offline). */
  secret: string
  /** Set for sandbox profiles: the simulator to talk to instead of the stored endpoint. */
  sandbox: SandboxEndpoint | null
  /** Shorter timers for tests. */
  smppTuning?: Partial<SmppSessionOptions>
}

export function createConnection({
  profile,
  secret,
  sandbox,
  smppTuning,
}: ConnectionInput): ProviderConnection {
  if (profile.kind === 'smpp') {
    const s = profile.settings
    return new SmppSession({
      profileId: profile.id,
      hosts: sandbox ? [{ host: sandbox.host, port: sandbox.port }] : s.hosts,
      tls: sandbox ? false : s.tls,
      systemId: sandbox ? sandbox.login : s.systemId,
      password: secret,
      systemType: s.systemType,
      window: s.window,
      ratePerSecond: s.ratePerSecond,
      longMessageMode: s.longMessageMode,
      ...smppTuning,
    })
  }
  const s = profile.settings
  const base: HttpProviderBaseOptions = {
    profileId: profile.id,
    baseUrl: sandbox?.baseUrl ?? s.baseUrl,
    timeoutMs: s.timeoutMs,
    requestsPerSecond: s.requestsPerSecond ?? undefined,
  }
  const login = sandbox?.login ?? s.login
  switch (profile.kind) {
    case 'osonsms':
      return new OsonSmsProvider({
        ...base,
        login,
        secret,
        defaultSender: str(s, 'defaultSender'),
        currency: str(s, 'currency'),
      })
    case 'getsms':
      return new GetsmsProvider({
        ...base,
        login,
        secret,
        nickname: str(s, 'nickname'),
        shortNumber: str(s, 'shortNumber'),
      })
    case 'smsc-http':
      return new SmscHttpProvider({
        ...base,
        login,
        secret,
        auth: str(s, 'auth') === 'apikey' ? 'apikey' : 'login',
        defaultSender: str(s, 'defaultSender'),
        // The sandbox has no www2 twin; a real profile's backup is its own setting.
        backupBaseUrl: sandbox ? null : s.backupUrl,
        translit: s.provider.translit === true,
        validityMinutes: num(s, 'validityMinutes'),
      })
    case 'smsgate': {
      // Validated against the contract's smsgate schema when the profile was saved.
      const { channelSenders, ...p } = s.provider as Omit<SmsgateSettings, 'login' | 'senders'> & {
        channelSenders?: SmsgateSettings['senders']
      }
      return new SmsgateProvider({ ...base, login, secret, ...p, senders: channelSenders })
    }
  }
  // Every kind is handled above; a profile stored by a newer version lands here.
  throw new Error('This profile is of a provider kind this version does not know')
}

function num(s: HttpProfileSettings, key: string): number | null {
  const v = s.provider[key]
  return typeof v === 'number' ? v : null
}

/** A provider-specific text setting (validated by the contract when the profile was saved). */
function str(s: HttpProfileSettings, key: string): string | null {
  const v = s.provider[key]
  return typeof v === 'string' ? v : null
}

/**
 * How many messages the dispatcher hands a connection at once. SMPP: about a second of
 * sending, so an urgent one-off never waits behind a whole window of bulk and a crash leaves
 * few messages uncertain. HTTP: the profile's concurrency times its batch size.
 */
export function inFlightFor(profile: StoredProfile, connection: ProviderConnection): number {
  if (profile.kind === 'smpp') {
    const s = profile.settings
    return Math.min(s.window, Math.max(1, Math.ceil(s.ratePerSecond)))
  }
  return Math.max(1, profile.settings.concurrency) * Math.max(1, connection.capabilities.batchSize)
}
