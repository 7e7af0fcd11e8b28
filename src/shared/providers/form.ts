/**
 * A kind's profile form as data: its sections, rows and fields (the Providers screen renders
 * them), what its secret is called, and its translation between the form's draft and what
 * profiles.save takes. One of these per kind, in `providers/<kind>.ts`.
 */
import type { ChannelName, ProfileInput } from '../domain'
import type { Draft } from '../profile-form'

export const CHANNELS: readonly ChannelName[] = ['viber', 'whatsapp', 'vk', 'sms']

/** The Providers screen's words a field may name (its strings hold each, in every language). */
export type FieldLabel =
  | 'baseUrl'
  | 'baseUrlHint'
  | 'backupUrl'
  | 'login'
  | 'timeoutMs'
  | 'concurrency'
  | 'requestsPerSecond'
  | 'defaultSender'
  | 'currency'
  | 'nickname'
  | 'shortNumber'
  | 'smscAuth'
  | 'smscAuthLogin'
  | 'smscAuthKey'
  | 'translit'
  | 'smscCallbacks'
  | 'validityMinutes'
  | 'iface'
  | 'gateAuth'
  | 'gateAuthPassword'
  | 'gateAuthToken'
  | 'mailingName'
  | 'timeZone'
  | 'batchSize'
  | 'host'
  | 'port'
  | 'backupHost'
  | 'backupPort'
  | 'tls'
  | 'systemId'
  | 'systemType'
  | 'mcon'
  | 'mconNone'
  | 'single'
  | 'iso'
  | 'window'
  | 'ratePerSecond'
  | 'longMessageMode'
  | 'longUdh'
  | 'longPayload'

/** What the secret is called in the form. */
export type SecretLabel = 'secret' | 'secretSalt' | 'secretApiKey' | 'secretToken'

/** Fields of the draft held as text, and those held as a switch. */
export type TextKey = { [K in keyof Draft]: Draft[K] extends string ? K : never }[keyof Draft]
export type CheckKey = { [K in keyof Draft]: Draft[K] extends boolean ? K : never }[keyof Draft]

/** A choice of a select: named by the screen's words, or by a text that needs no translating. */
export type SelectOption = { value: string; label: FieldLabel } | { value: string; text: string }

export type FormField =
  | {
      type: 'text'
      key: TextKey
      label: FieldLabel
      /** 'url': an address; 'numeric': a number, typed as text until saved. */
      input?: 'url' | 'numeric'
      placeholder?: string
      hint?: FieldLabel
    }
  | { type: 'select'; key: TextKey; label: FieldLabel; options: readonly SelectOption[] }

export type FormBlock =
  | { type: 'row'; fields: readonly FormField[] }
  | { type: 'checks'; fields: readonly { key: CheckKey; label: FieldLabel }[] }
  /** A titled group of blocks inside a section (SMPP's system type flags). */
  | { type: 'group'; legend: FieldLabel; blocks: readonly FormBlock[] }
  /** A sender per cascade channel (Viber, WhatsApp, VK, SMS). */
  | { type: 'channelSenders' }

export interface FormSection {
  title: 'endpoint' | 'account' | 'limits' | 'options'
  blocks: readonly FormBlock[]
}

/** What profiles.save takes that every kind has. */
export interface CommonInput {
  id: string
  name: string
  senders: string[]
  fallbackProfileId: string | null
  /** Absent: the provider's usual country; null: none. */
  defaultCountry?: string | null
  /** Bulk messages only between these local times ("HH:MM"); null or absent: any hour. */
  quietHours?: { from: string; to: string } | null
}

export interface ProviderForm {
  /** Draft values of a new profile that differ from every kind's (SMPP's port). */
  defaults?: Partial<Draft>
  /** After the general section (name, fallback, senders), which every kind has. */
  sections: readonly FormSection[]
  secretLabel(d: Draft): SecretLabel
  /** A saved profile into the form (`d`: the draft with the general fields filled in). */
  draftOf(input: ProfileInput, d: Draft): Draft
  /** The form as profiles.save takes it; main validates it and names any field it refuses. */
  inputOf(d: Draft, common: CommonInput): ProfileInput
}

export const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v))

/** '' → undefined; anything else → a number (NaN goes through so main names the field). */
export function num(v: string): number | undefined {
  const t = v.trim()
  return t === '' ? undefined : Number(t.replace(',', '.'))
}

export function opt(v: string): string | undefined {
  const t = v.trim()
  return t === '' ? undefined : t
}

export function nullable(v: string): string | null {
  return opt(v) ?? null
}

// ─── what every HTTP provider's form has ───

type HttpInput = Exclude<ProfileInput, { hosts: unknown }>

/** The HTTP endpoint, account and limits sections, with what a kind adds to each. */
export function httpSections(extra: {
  account?: readonly FormField[]
  limits?: readonly FormField[]
  options: readonly FormBlock[]
}): FormSection[] {
  return [
    {
      title: 'endpoint',
      blocks: [
        {
          type: 'row',
          fields: [
            {
              type: 'text',
              key: 'baseUrl',
              label: 'baseUrl',
              input: 'url',
              placeholder: 'https://',
              hint: 'baseUrlHint',
            },
            {
              type: 'text',
              key: 'backupUrl',
              label: 'backupUrl',
              input: 'url',
              placeholder: 'https://',
            },
          ],
        },
      ],
    },
    {
      title: 'account',
      blocks: [
        {
          type: 'row',
          fields: [{ type: 'text', key: 'login', label: 'login' }, ...(extra.account ?? [])],
        },
      ],
    },
    {
      title: 'limits',
      blocks: [
        {
          type: 'row',
          fields: [
            { type: 'text', key: 'timeoutMs', label: 'timeoutMs', input: 'numeric' },
            { type: 'text', key: 'concurrency', label: 'concurrency', input: 'numeric' },
            {
              type: 'text',
              key: 'requestsPerSecond',
              label: 'requestsPerSecond',
              input: 'numeric',
            },
            ...(extra.limits ?? []),
          ],
        },
      ],
    },
    { title: 'options', blocks: extra.options },
  ]
}

/** The endpoint, login and limits of a saved HTTP profile into the form. */
export function httpDraftOf(input: ProfileInput, d: Draft): Draft {
  const i = input as HttpInput
  return {
    ...d,
    baseUrl: i.baseUrl,
    backupUrl: text(i.backupUrl),
    login: i.login,
    timeoutMs: text(i.timeoutMs),
    concurrency: text(i.concurrency),
    requestsPerSecond: text(i.requestsPerSecond),
  }
}

/** The endpoint, login and limits of the form as profiles.save takes them. */
export function httpInputOf(d: Draft, common: CommonInput) {
  return {
    ...common,
    baseUrl: d.baseUrl.trim(),
    backupUrl: nullable(d.backupUrl),
    login: d.login.trim(),
    timeoutMs: num(d.timeoutMs),
    concurrency: num(d.concurrency),
    requestsPerSecond: num(d.requestsPerSecond),
  }
}
