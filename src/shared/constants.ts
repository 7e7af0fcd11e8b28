/**
 * Plain values main and the renderer share, without a schema library: the renderer imports
 * these (never contract.ts, domain.ts or calls/*, which build zod schemas), so its bundle
 * carries no zod and the page starts without building the contract's schemas. The schemas
 * are built from these same lists.
 */
import type { EventName } from './contract'

/** Longest text one message may carry: 255 concatenated UCS-2 parts × 67 chars. */
/**
 * The countries a profile may read local numbers by (ISO 3166), the offices' own first: a
 * number written without its code ("8 (912) …") is read as one of that country's.
 */
export const PHONE_COUNTRIES = [
  'TJ',
  'UZ',
  'KZ',
  'KG',
  'RU',
  'TM',
  'AZ',
  'AM',
  'GE',
  'BY',
  'MD',
  'UA',
] as const

export const MAX_TEXT_LENGTH = 255 * 67
/** Largest serialised request the adapters accept before parsing it. */
export const MAX_REQUEST_BYTES = 256 * 1024

export const MESSAGE_STATES = [
  'queued',
  'scheduled',
  'sending',
  'accepted',
  'delivered',
  'failed',
  'expired',
  'uncertain',
  'cancelled',
] as const

export const SESSION_STATUSES = [
  'connecting',
  /** An SMPP session is bound. */
  'bound',
  /** An HTTP provider is reachable as far as we know. */
  'ready',
  'reconnecting',
  'offline',
  /** Login, balance or whitelist trouble: nothing goes out until the operator acts. */
  'paused',
  'stopped',
] as const

export const BATCH_STATES = ['running', 'paused', 'cancelled', 'done'] as const

/** Largest pasted text. */
export const MAX_PASTE_CHARS = 200_000
/** Most SMS parts one message of a bulk send may take unless the operator allows more. */
export const DEFAULT_MAX_PARTS = 6

export const CSV_DELIMITERS = [';', ',', '\t'] as const

export const REJECT_REASONS = [
  'badPhone',
  'emptyText',
  'tooLong',
  'duplicate',
  'stopListed',
  'refused',
  'missingValue',
] as const
export type RejectReason = (typeof REJECT_REASONS)[number]

/** Why a row was left out, by name, in each language of the console (screen and CSV alike). */
export const REJECT_REASON_NAMES: Record<'en' | 'ru', Record<RejectReason, string>> = {
  en: {
    badPhone: 'Bad phone number',
    emptyText: 'Empty text',
    tooLong: 'Too many parts',
    duplicate: 'Duplicate in the file',
    stopListed: 'On the stop-list',
    refused: 'Refused by the provider',
    missingValue: 'Missing value',
  },
  ru: {
    badPhone: 'Неверный номер',
    emptyText: 'Пустой текст',
    tooLong: 'Слишком много частей',
    duplicate: 'Повтор в файле',
    stopListed: 'В стоп-листе',
    refused: 'Отклонено провайдером',
    missingValue: 'Нет значения',
  },
}

/** Every push event's name (contract.ts checks that these are exactly its events). */
export const EVENT_NAMES = [
  'message.updated',
  'import.progress',
  'batch.updated',
  'inbox.received',
  'inbox.unread',
  'contact.updated',
  'contacts.changed',
  'template.updated',
  'export.progress',
  'session.state',
  'profiles.changed',
  'storage.state',
  'team.status',
  'reconcile.job',
  'verification.updated',
] as const satisfies readonly EventName[]

const EVENT_SET: ReadonlySet<string> = new Set(EVENT_NAMES)

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && EVENT_SET.has(name)
}

/** The text an HLR request travels with through the outbox (the SMSC documents' convention). */
export const HLR_TEXT = '__HLR__'

/** An outbox message that is an HLR lookup: HLR lookup shows it, no list of messages does. */
export function isHlrLookup(message: { text: string }): boolean {
  return message.text === HLR_TEXT
}

/**
 * A customer's address as a conversation's key: without `+`, spaces, dashes and brackets, as
 * outgoing messages store their phone (migration 15 computes the same in SQL).
 */
export function peerOf(address: string): string {
  return address.replace(/[+ ()-]/g, '')
}

/**
 * The built-in sandbox profiles' names, one per kind of provider they simulate, in both
 * languages: main stores the English one; the screens show it in the operator's language as
 * long as the profile keeps it.
 */
export const SANDBOX_NAMES = {
  smpp: { en: 'Sandbox (local SMSC simulator)', ru: 'Песочница (локальный симулятор SMSC)' },
  osonsms: { en: 'Sandbox · OsonSMS', ru: 'Песочница · OsonSMS' },
  getsms: { en: 'Sandbox · GETSMS.UZ', ru: 'Песочница · GETSMS.UZ' },
  'smsc-http': { en: 'Sandbox · SMSC', ru: 'Песочница · SMSC' },
  smsgate: { en: 'Sandbox · smsgate (Viber → SMS)', ru: 'Песочница · smsgate (Viber → SMS)' },
} as const satisfies Record<string, Record<'en' | 'ru', string>>

/** A profile's name in the operator's language: a built-in sandbox's is translated. */
export function profileLabel(
  p: { name: string; kind: keyof typeof SANDBOX_NAMES; sandbox: boolean },
  lang: 'en' | 'ru',
): string {
  const builtIn = SANDBOX_NAMES[p.kind]
  return p.sandbox && p.name === builtIn.en ? builtIn[lang] : p.name
}
