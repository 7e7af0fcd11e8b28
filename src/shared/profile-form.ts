/**
 * The edit form's state (every field as the operator types it) and its translation to and from
 * what profiles.save takes. Numbers stay text until saving, so a half-typed value is not lost.
 */
import type { ChannelName, ProfileInput, ProviderKind } from './domain'
import { SHARED_PROVIDERS } from './providers'

export { CHANNELS } from './providers/form'

export interface Draft {
  kind: ProviderKind
  /** Set once the profile exists; a new profile gets one made from its name. */
  id: string | null
  name: string
  /** One sender name per line (or comma separated). */
  senders: string
  /** '' for none. */
  fallbackProfileId: string
  /** How numbers written without their code are read: 'usual' (the provider's), '' none, or a code. */
  defaultCountry: string
  /** Bulk messages only between these local times ("HH:MM"); both '' for any hour. */
  quietFrom: string
  quietTo: string
  // HTTP providers
  baseUrl: string
  backupUrl: string
  login: string
  timeoutMs: string
  concurrency: string
  requestsPerSecond: string
  defaultSender: string
  currency: string
  nickname: string
  shortNumber: string
  smscAuth: 'login' | 'apikey'
  translit: boolean
  /** SMSC: statuses and replies posted to a team server's handler (polled while it is silent). */
  smscCallbacks: boolean
  validityMinutes: string
  iface: 'json' | 'get' | 'xml'
  gateAuth: 'password' | 'token'
  channelSenders: Record<ChannelName, string>
  mailingName: string
  timeZone: string
  batchSize: string
  // SMPP
  host: string
  port: string
  backupHost: string
  backupPort: string
  tls: boolean
  systemId: string
  /** '' or 1…9: MCON<n>. */
  mcon: string
  single: boolean
  iso: boolean
  window: string
  ratePerSecond: string
  longMessageMode: 'udh' | 'payload'
}

export function emptyDraft(kind: ProviderKind): Draft {
  return {
    kind,
    id: null,
    name: '',
    senders: '',
    fallbackProfileId: '',
    defaultCountry: 'usual',
    quietFrom: '',
    quietTo: '',
    baseUrl: '',
    backupUrl: '',
    login: '',
    timeoutMs: '5000',
    concurrency: '4',
    requestsPerSecond: '',
    defaultSender: '',
    currency: '',
    nickname: '',
    shortNumber: '',
    smscAuth: 'login',
    translit: false,
    smscCallbacks: false,
    validityMinutes: '',
    iface: 'json',
    gateAuth: 'password',
    channelSenders: { viber: '', whatsapp: '', vk: '', sms: '' },
    mailingName: '',
    timeZone: '',
    batchSize: '',
    host: '',
    port: '',
    backupHost: '',
    backupPort: '',
    tls: false,
    systemId: '',
    mcon: '',
    single: false,
    iso: false,
    window: '10',
    ratePerSecond: '30',
    longMessageMode: 'udh',
    ...SHARED_PROVIDERS[kind].form.defaults,
  }
}

/** A saved profile into the form. */
export function draftFromInput(input: ProfileInput): Draft {
  const d: Draft = {
    ...emptyDraft(input.kind),
    id: input.id ?? null,
    name: input.name,
    senders: input.senders.join('\n'),
    fallbackProfileId: input.fallbackProfileId ?? '',
    defaultCountry: input.defaultCountry === undefined ? 'usual' : (input.defaultCountry ?? ''),
    quietFrom: input.quietHours?.from ?? '',
    quietTo: input.quietHours?.to ?? '',
  }
  return SHARED_PROVIDERS[input.kind].form.draftOf(input, d)
}

export function sendersOf(v: string): string[] {
  return v
    .split(/[\n,;]/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** The form as profiles.save takes it; main validates it and names any field it refuses. */
export function inputFromDraft(d: Draft, id: string): ProfileInput {
  return SHARED_PROVIDERS[d.kind].form.inputOf(d, {
    id,
    name: d.name.trim(),
    senders: sendersOf(d.senders),
    fallbackProfileId: d.fallbackProfileId || null,
    ...(d.defaultCountry === 'usual' ? {} : { defaultCountry: d.defaultCountry || null }),
    // Absent: any hour.
    ...(d.quietFrom.trim() === '' && d.quietTo.trim() === ''
      ? {}
      : { quietHours: { from: d.quietFrom.trim(), to: d.quietTo.trim() } }),
  })
}

/** A new profile's id from its name, not colliding with one that exists. */
export function newProfileId(name: string, taken: readonly string[]): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'profile'
  const root = base === 'sandbox' || base.startsWith('sandbox-') ? `my-${base}` : base
  let id = root
  for (let n = 2; taken.includes(id); n++) id = `${root}-${n}`
  return id
}

/** Which form field a path in main's complaint belongs to (hosts.1.port → backupPort). */
export function fieldOfIssue(path: string): keyof Draft | 'secret' | null {
  const [head, second, third] = path.split('.')
  switch (head) {
    case 'hosts':
      if (second === '1') return third === 'port' ? 'backupPort' : 'backupHost'
      return third === 'port' ? 'port' : 'host'
    case 'systemType':
      return 'mcon'
    case 'auth':
      return null
    case 'interface':
      return 'iface'
    case 'channelSenders':
      return 'channelSenders'
    case 'quietHours':
      return second === 'from' ? 'quietFrom' : 'quietTo'
    case undefined:
      return null
    default:
      return head in emptyDraft('osonsms') ? (head as keyof Draft) : null
  }
}
