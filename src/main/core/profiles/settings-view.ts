/**
 * A stored profile back in the shape profiles.save takes, to fill the edit form. Only fields
 * the contract's schema for the kind names are copied, so nothing else (and never a secret)
 * can ride along even if a stored settings object held more.
 */
import {
  GetsmsProfileInputSchema,
  OsonSmsProfileInputSchema,
  SmscHttpProfileInputSchema,
  SmsgateProfileInputSchema,
  type ProfileInput,
} from '../../../shared/contract'
import type { HttpKind, StoredProfile } from './profiles'

const PROVIDER_FIELDS: Record<HttpKind, readonly string[]> = {
  osonsms: Object.keys(OsonSmsProfileInputSchema.shape),
  getsms: Object.keys(GetsmsProfileInputSchema.shape),
  'smsc-http': Object.keys(SmscHttpProfileInputSchema.shape),
  smsgate: Object.keys(SmsgateProfileInputSchema.shape),
}

/** Fields every HTTP kind has, which live outside `provider` in the stored settings. */
const COMMON_FIELDS = new Set([
  'kind',
  'id',
  'name',
  'senders',
  'fallbackProfileId',
  'baseUrl',
  'backupUrl',
  'timeoutMs',
  'concurrency',
  'requestsPerSecond',
  'login',
])

export function settingsView(p: StoredProfile): ProfileInput {
  const common = {
    id: p.id,
    name: p.name,
    senders: [...p.senders],
    fallbackProfileId: p.fallbackProfileId,
  }
  if (p.kind === 'smpp') {
    const s = p.settings
    return {
      ...common,
      kind: 'smpp',
      hosts: s.hosts.map((h) => ({ host: h.host, port: h.port })),
      tls: s.tls,
      systemId: s.systemId,
      systemType: [...s.systemType],
      window: s.window,
      ratePerSecond: s.ratePerSecond,
      longMessageMode: s.longMessageMode,
    }
  }
  const s = p.settings
  const provider: Record<string, unknown> = {}
  for (const key of PROVIDER_FIELDS[p.kind]) {
    if (!COMMON_FIELDS.has(key) && s.provider[key] !== undefined) provider[key] = s.provider[key]
  }
  // The provider fields were validated against this kind's schema when the profile was saved.
  return {
    ...common,
    kind: p.kind,
    baseUrl: s.baseUrl,
    backupUrl: s.backupUrl,
    timeoutMs: s.timeoutMs,
    concurrency: s.concurrency,
    ...(s.requestsPerSecond !== null ? { requestsPerSecond: s.requestsPerSecond } : {}),
    login: s.login,
    ...provider,
  } as ProfileInput
}
