/**
 * The console's domain as runtime schemas (types derived from them), and the field schemas
 * the contract's calls are built from. contract.ts and the per-area call maps use these.
 */
import { z } from 'zod'
import { MAX_TEXT_LENGTH, MESSAGE_STATES, SESSION_STATUSES } from './constants'
import { CALL_VOICES, MESSAGE_TYPES } from './message-types'

export { MAX_REQUEST_BYTES, MAX_TEXT_LENGTH } from './constants'

// ─── domain ────────────────────────────────────────────────────────────────

export const MessageStateSchema = z.enum(MESSAGE_STATES)
export type MessageState = z.infer<typeof MessageStateSchema>

export const EncodingSchema = z.enum(['GSM7', 'UCS2'])
export type Encoding = z.infer<typeof EncodingSchema>

export const ProfileId = z.string().min(1).max(64)
export const MessageId = z.number().int().positive()

/** SMSC's message types: SMS, Viber, social networks, Telegram bot, MMS, e-mail, call, ping. */
export const MessageTypeNameSchema = z.enum(MESSAGE_TYPES)

export const OutboxMessageSchema = z.object({
  id: MessageId,
  profileId: z.string(),
  batchId: z.number().int().nullable(),
  sender: z.string(),
  phone: z.string(),
  text: z.string(),
  encoding: EncodingSchema,
  parts: z.number().int(),
  state: MessageStateSchema,
  providerIds: z.array(z.string()),
  attempts: z.number().int(),
  error: z.string().nullable(),
  /** Machine code of the error (`smpp:stat:UNDELIV`, `osonsms:119`, …), for translation. */
  errorCode: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Its SMSC message type when not an SMS (absent: SMS). */
  type: MessageTypeNameSchema.optional(),
})
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>

/** The channels a message can go by: SMS, and the messengers a cascade tries before it. */
export const ChannelSchema = z.enum(['sms', 'viber', 'whatsapp', 'vk'])
export type ChannelName = z.infer<typeof ChannelSchema>

export const ProviderKindSchema = z.enum(['smpp', 'osonsms', 'smsc-http', 'getsms', 'smsgate'])
export type ProviderKind = z.infer<typeof ProviderKindSchema>

export const ProviderProfileSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: ProviderKindSchema,
  sandbox: z.boolean(),
  /** The renderer learns whether a password is stored, never the password. */
  hasPassword: z.boolean(),
  senders: z.array(z.string()),
  fallbackProfileId: z.string().nullable(),
  /** What this provider can do: screens offer only what the profile supports. */
  capabilities: z.object({
    balance: z.boolean(),
    hlr: z.boolean(),
    dedicatedNumbers: z.boolean(),
    inbound: z.boolean(),
    channels: z.array(ChannelSchema),
    /** The message types it sends (SMSC: every type of its documents; others: SMS). */
    messageTypes: z.array(MessageTypeNameSchema),
    /** A customer's number verified by their call to a number the provider names (SMSC HTTP). */
    verifyByCall: z.boolean(),
    /** The provider's record of what was sent can be exported and compared with ours (SMSC HTTP). */
    exportJobs: z.boolean(),
  }),
})
export type ProviderProfile = z.infer<typeof ProviderProfileSchema>

export const SessionStatusSchema = z.enum(SESSION_STATUSES)
export type SessionStatus = z.infer<typeof SessionStatusSchema>

/**
 * One of main's phrases by its id (src/shared/phrases.ts), with what it names: the renderer
 * words it in the operator's language. `cause`: the phrase of the failure this one reports.
 */
const PhraseParamsSchema = z.record(z.string().max(64), z.union([z.string(), z.number()]))
export const PhraseRefSchema = z.object({
  id: z.string().max(64),
  params: PhraseParamsSchema,
  cause: z.object({ id: z.string().max(64), params: PhraseParamsSchema }).optional(),
})
export type PhraseRef = z.infer<typeof PhraseRefSchema>

export const SessionStateSchema = z.object({
  profileId: z.string(),
  status: SessionStatusSchema,
  /** Which host we are bound to or trying (host:port), if any. */
  host: z.string().nullable(),
  /** Human reason for the last drop or failure (in English). */
  detail: z.string().nullable(),
  /** The same reason as a phrase, when it has one: the renderer words it in the agent's language. */
  detailPhrase: PhraseRefSchema.nullable().optional(),
  /** Epoch ms of the next reconnect attempt while reconnecting. */
  retryAt: z.number().nullable(),
  /**
   * Messages per second a rate-controlled connection (SMPP) sends now, after throttling, and
   * the profile's configured ceiling; null or absent for providers without such control (HTTP).
   */
  rate: z.object({ current: z.number(), configured: z.number() }).nullable().optional(),
})
export type SessionState = z.infer<typeof SessionStateSchema>

export const InboundMessageSchema = z.object({
  id: z.number().int(),
  profileId: z.string(),
  from: z.string(),
  to: z.string(),
  text: z.string(),
  receivedAt: z.number(),
})
export type InboundMessage = z.infer<typeof InboundMessageSchema>

export const AppInfoSchema = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'browser', 'server']),
})
export type AppInfo = z.infer<typeof AppInfoSchema>

// ─── fields of calls ─────────────────────────────────────────────────────────

const hostPort = z
  .object({
    host: z
      .string()
      .trim()
      .min(1)
      .max(253)
      .regex(/^[A-Za-z0-9.-]+$/, 'host must be a DNS name or IPv4 address'),
    port: z.number().int().min(1).max(65535),
  })
  .strict()

const profileCommon = {
  id: ProfileId.regex(
    /^[a-z0-9][a-z0-9-]*$/,
    'id may hold lowercase letters, digits and dashes',
  ).optional(),
  name: z.string().trim().min(1).max(100),
  senders: z.array(z.string().trim().min(1).max(21)).max(50),
  /** Another profile that takes never-sent messages while this one is down or out of balance. */
  fallbackProfileId: ProfileId.nullable().optional(),
  /**
   * The country numbers written without their code are read by (ISO 3166); null: none, every
   * number is written with its code; absent: the provider's usual one.
   */
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a country is its two-letter ISO code')
    .nullable()
    .optional(),
  /**
   * Bulk messages reach a recipient only from `from` to `to` of their own local time ("HH:MM");
   * null or absent: at any hour.
   */
  quietHours: z
    .object({
      from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM'),
      to: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM'),
    })
    .strict()
    .refine((q) => q.from < q.to, {
      message: 'the window must open before it closes',
      path: ['to'],
    })
    .nullable()
    .optional(),
}

export const SmppProfileInputSchema = z
  .object({
    kind: z.literal('smpp'),
    ...profileCommon,
    /** Primary host first, then the backup (SMSC: smpp.<domain>:3700, smpp2.<domain>). */
    hosts: z.array(hostPort).min(1).max(2),
    tls: z.boolean(),
    systemId: z.string().min(1).max(15),
    systemType: z
      .array(z.union([z.enum(['SINGLE', 'ISO']), z.string().regex(/^MCON[1-9]$/)]))
      .max(3),
    window: z.number().int().min(1).max(5000),
    ratePerSecond: z.number().int().min(1).max(10000),
    longMessageMode: z.enum(['udh', 'payload']),
  })
  .strict()
export type SmppProfileInput = z.infer<typeof SmppProfileInputSchema>

/** What every HTTP provider profile has: its own endpoint (each customer gets their own host). */
const httpCommon = {
  ...profileCommon,
  baseUrl: z.url({ protocol: /^https?$/, error: 'base URL must be an http(s) address' }).max(500),
  backupUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .nullable()
    .optional(),
  /** Connect + read timeout per request; 5 s unless the provider needs more. */
  timeoutMs: z.number().int().min(1000).max(60_000).optional(),
  /** Requests in flight at once. */
  concurrency: z.number().int().min(1).max(32).optional(),
  /** Send requests per second at most (the provider's rate limit). */
  requestsPerSecond: z.number().min(0.1).max(1000).optional(),
  login: z.string().trim().min(1).max(100),
}

export const OsonSmsProfileInputSchema = z
  .object({
    kind: z.literal('osonsms'),
    ...httpCommon,
    defaultSender: z.string().trim().min(1).max(21).nullable().optional(),
    currency: z.string().trim().min(1).max(8).nullable().optional(),
  })
  .strict()

export const GetsmsProfileInputSchema = z
  .object({
    kind: z.literal('getsms'),
    ...httpCommon,
    /** Alpha sender registered in the account. */
    nickname: z.string().trim().min(1).max(21).nullable().optional(),
    /** The account's short number: messages from it go without a nickname. */
    shortNumber: z.string().trim().min(1).max(21).nullable().optional(),
  })
  .strict()

export const SmscHttpProfileInputSchema = z
  .object({
    kind: z.literal('smsc-http'),
    ...httpCommon,
    /** login + password (default), or an API key as the secret. */
    auth: z.enum(['login', 'apikey']).optional(),
    defaultSender: z.string().trim().min(1).max(21).nullable().optional(),
    translit: z.boolean().optional(),
    validityMinutes: z.number().int().min(1).max(1440).nullable().optional(),
    /**
     * On a team server: SMSC posts statuses, replies and verifying calls to the server's handler
     * (`npm run server -- --callback-url <profile>` prints its address); polled while silent.
     */
    callbacks: z.boolean().optional(),
  })
  .strict()

export const SmsgateProfileInputSchema = z
  .object({
    kind: z.literal('smsgate'),
    ...httpCommon,
    /** JSON (default), GET or XML: the three interfaces of the cascade gateway. */
    interface: z.enum(['json', 'get', 'xml']).optional(),
    /** login + password, or a Bearer token as the secret. */
    auth: z.enum(['password', 'token']).optional(),
    /** Default sender per channel (Viber and SMS need one when used). */
    channelSenders: z.partialRecord(ChannelSchema, z.string().trim().min(1).max(50)).optional(),
    mailingName: z.string().trim().min(1).max(100).optional(),
    vkTemplateId: z
      .union([z.string().trim().min(1).max(50), z.number().int().positive()])
      .optional(),
    vkTemplateData: z.record(z.string().max(50), z.string().max(500)).optional(),
    timeZone: z.string().trim().min(1).max(64).optional(),
    batchSize: z.number().int().min(1).max(100).optional(),
  })
  .strict()

export const ProfileInputSchema = z.discriminatedUnion('kind', [
  SmppProfileInputSchema,
  OsonSmsProfileInputSchema,
  GetsmsProfileInputSchema,
  SmscHttpProfileInputSchema,
  SmsgateProfileInputSchema,
])
export type ProfileInput = z.infer<typeof ProfileInputSchema>

export const phone = z
  .string()
  .trim()
  .min(1, 'phone is required')
  .max(32, 'phone is too long')
  .regex(/^\+?[\d\s()-]+$/, 'phone may hold digits, spaces, brackets, dashes and a leading +')
export const sender = z.string().trim().min(1, 'sender is required').max(21, 'sender is too long')
export const text = z
  .string()
  .min(1, 'text is required')
  .max(MAX_TEXT_LENGTH, `text is longer than ${MAX_TEXT_LENGTH} characters`)

/** A number the account can rent to receive replies on (SMSC receive_phones). */
export const DedicatedNumberSchema = z.object({
  phone: z.string(),
  /** The provider's own type code (SMSC: 1, 4 virtual; 2 SIM hosting). */
  type: z.number(),
  kind: z.enum(['virtual', 'sim-hosting', 'other']),
  /** Rent for a full month. */
  cost: z.number(),
  /** Rent for the rest of this month: what renting now charges. */
  currentCost: z.number(),
  /** Operator and supported notification kinds. */
  info: z.string(),
})
export type DedicatedNumber = z.infer<typeof DedicatedNumberSchema>

/** Cascade options for providers with several channels (smsgate: Viber → WhatsApp → VK → SMS). */
export const CascadeSchema = z
  .object({
    order: z
      .array(ChannelSchema)
      .min(1)
      .max(4)
      .refine((o) => new Set(o).size === o.length, 'each channel may appear once'),
    senders: z.partialRecord(ChannelSchema, z.string().trim().min(1).max(50)).optional(),
    texts: z.partialRecord(ChannelSchema, text).optional(),
    viberButton: z
      .object({ text: z.string().trim().min(1).max(19), url: z.url().max(1000) })
      .strict()
      .nullable()
      .optional(),
    viberImageUrl: z.url().max(1000).nullable().optional(),
    validityMinutes: z.number().int().min(1).max(4320).optional(),
    finalOnRead: z.boolean().optional(),
    mailingName: z.string().trim().max(100).optional(),
  })
  .strict()
export type Cascade = z.infer<typeof CascadeSchema>

/**
 * A message's SMSC type and the fields that type needs (src/shared/message-types.ts says which:
 * a subject for MMS and e-mail, a voice for a call, a bot's name, Viber's button and picture).
 * Absent, or type `sms`: an SMS.
 */
export const MessageTypeSchema = z
  .object({
    type: MessageTypeNameSchema,
    subject: z.string().trim().min(1, 'subject is required').max(200).optional(),
    voice: z.enum(CALL_VOICES).optional(),
    bot: z
      .string()
      .trim()
      .regex(/^@?[A-Za-z][A-Za-z0-9_]{4,31}$/, 'a bot name is 5–32 letters, digits or _')
      .optional(),
    viberButton: z
      .object({ text: z.string().trim().min(1).max(30), url: z.url().max(1000) })
      .strict()
      .nullable()
      .optional(),
    viberImageUrl: z.url().max(1000).nullable().optional(),
  })
  .strict()
export type MessageType = z.infer<typeof MessageTypeSchema>

/**
 * A message as the agent writes it, before it is queued: what messages.send carries besides its
 * profile and key, and what a provider's check() is asked about (with the phone normalised).
 */
export const MessageDraftSchema = z.object({
  sender,
  phone,
  text,
  /** Only for profiles with more channels than SMS. */
  cascade: CascadeSchema.optional(),
  /** Only for profiles with more message types than SMS (SMSC). */
  messageType: MessageTypeSchema.optional(),
})
export type MessageDraft = z.infer<typeof MessageDraftSchema>
