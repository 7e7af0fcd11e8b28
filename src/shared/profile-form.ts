/**
 * The edit form's state (every field as the operator types it) and its translation to and from
 * what profiles.save takes. Numbers stay text until saving, so a half-typed value is not lost.
 */
import type { ChannelName, ProfileInput, ProviderKind } from './domain'

export const CHANNELS: readonly ChannelName[] = ['viber', 'whatsapp', 'vk', 'sms']

export interface Draft {
  kind: ProviderKind
  /** Set once the profile exists; a new profile gets one made from its name. */
  id: string | null
  name: string
  /** One sender name per line (or comma separated). */
  senders: string
  /** '' for none. */
  fallbackProfileId: string
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
    validityMinutes: '',
    iface: 'json',
    gateAuth: 'password',
    channelSenders: { viber: '', whatsapp: '', vk: '', sms: '' },
    mailingName: '',
    timeZone: '',
    batchSize: '',
    host: '',
    port: kind === 'smpp' ? '3700' : '',
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
  }
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v))

export function draftFromInput(input: ProfileInput): Draft {
  const d: Draft = {
    ...emptyDraft(input.kind),
    id: input.id ?? null,
    name: input.name,
    senders: input.senders.join('\n'),
    fallbackProfileId: input.fallbackProfileId ?? '',
  }
  if (input.kind === 'smpp') {
    const [main, backup] = input.hosts
    const mcon = input.systemType.find((t) => t.startsWith('MCON'))
    return {
      ...d,
      host: main?.host ?? '',
      port: text(main?.port),
      backupHost: backup?.host ?? '',
      backupPort: text(backup?.port),
      tls: input.tls,
      systemId: input.systemId,
      mcon: mcon ? mcon.slice(4) : '',
      single: input.systemType.includes('SINGLE'),
      iso: input.systemType.includes('ISO'),
      window: text(input.window),
      ratePerSecond: text(input.ratePerSecond),
      longMessageMode: input.longMessageMode,
    }
  }
  const http: Draft = {
    ...d,
    baseUrl: input.baseUrl,
    backupUrl: text(input.backupUrl),
    login: input.login,
    timeoutMs: text(input.timeoutMs),
    concurrency: text(input.concurrency),
    requestsPerSecond: text(input.requestsPerSecond),
  }
  switch (input.kind) {
    case 'osonsms':
      return {
        ...http,
        defaultSender: text(input.defaultSender),
        currency: text(input.currency),
      }
    case 'getsms':
      return { ...http, nickname: text(input.nickname), shortNumber: text(input.shortNumber) }
    case 'smsc-http':
      return {
        ...http,
        smscAuth: input.auth ?? 'login',
        defaultSender: text(input.defaultSender),
        translit: input.translit ?? false,
        validityMinutes: text(input.validityMinutes),
      }
    case 'smsgate':
      return {
        ...http,
        iface: input.interface ?? 'json',
        gateAuth: input.auth ?? 'password',
        channelSenders: {
          viber: text(input.channelSenders?.viber),
          whatsapp: text(input.channelSenders?.whatsapp),
          vk: text(input.channelSenders?.vk),
          sms: text(input.channelSenders?.sms),
        },
        mailingName: text(input.mailingName),
        timeZone: text(input.timeZone),
        batchSize: text(input.batchSize),
      }
  }
}

/** '' → undefined; anything else → a number (NaN goes through so main names the field). */
function num(v: string): number | undefined {
  const t = v.trim()
  return t === '' ? undefined : Number(t.replace(',', '.'))
}

function opt(v: string): string | undefined {
  const t = v.trim()
  return t === '' ? undefined : t
}

function nullable(v: string): string | null {
  return opt(v) ?? null
}

export function sendersOf(v: string): string[] {
  return v
    .split(/[\n,;]/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** The form as profiles.save takes it; main validates it and names any field it refuses. */
export function inputFromDraft(d: Draft, id: string): ProfileInput {
  const common = {
    id,
    name: d.name.trim(),
    senders: sendersOf(d.senders),
    fallbackProfileId: d.fallbackProfileId || null,
  }
  if (d.kind === 'smpp') {
    const hosts = [{ host: d.host.trim(), port: num(d.port) ?? 0 }]
    if (d.backupHost.trim()) {
      hosts.push({ host: d.backupHost.trim(), port: num(d.backupPort) ?? num(d.port) ?? 0 })
    }
    const systemType = [
      ...(d.mcon ? [`MCON${d.mcon}`] : []),
      ...(d.single ? ['SINGLE'] : []),
      ...(d.iso ? ['ISO'] : []),
    ]
    return {
      ...common,
      kind: 'smpp',
      hosts,
      tls: d.tls,
      systemId: d.systemId.trim(),
      systemType,
      window: num(d.window) ?? 10,
      ratePerSecond: num(d.ratePerSecond) ?? 30,
      longMessageMode: d.longMessageMode,
    }
  }
  const http = {
    ...common,
    baseUrl: d.baseUrl.trim(),
    backupUrl: nullable(d.backupUrl),
    login: d.login.trim(),
    timeoutMs: num(d.timeoutMs),
    concurrency: num(d.concurrency),
    requestsPerSecond: num(d.requestsPerSecond),
  }
  switch (d.kind) {
    case 'osonsms':
      return {
        ...http,
        kind: 'osonsms',
        defaultSender: nullable(d.defaultSender),
        currency: nullable(d.currency),
      }
    case 'getsms':
      return {
        ...http,
        kind: 'getsms',
        nickname: nullable(d.nickname),
        shortNumber: nullable(d.shortNumber),
      }
    case 'smsc-http':
      return {
        ...http,
        kind: 'smsc-http',
        auth: d.smscAuth,
        defaultSender: nullable(d.defaultSender),
        translit: d.translit,
        validityMinutes: num(d.validityMinutes) ?? null,
      }
    case 'smsgate': {
      const channelSenders: Partial<Record<ChannelName, string>> = {}
      for (const c of CHANNELS) {
        const s = opt(d.channelSenders[c])
        if (s) channelSenders[c] = s
      }
      return {
        ...http,
        kind: 'smsgate',
        interface: d.iface,
        auth: d.gateAuth,
        channelSenders,
        mailingName: opt(d.mailingName),
        timeZone: opt(d.timeZone),
        batchSize: num(d.batchSize),
      }
    }
  }
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
    case undefined:
      return null
    default:
      return head in emptyDraft('osonsms') ? (head as keyof Draft) : null
  }
}
