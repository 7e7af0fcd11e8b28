/** HLR lookups and dedicated numbers. */
// Calls and push events of this area, spread into the contract (src/shared/contract.ts).
import { z } from 'zod'
import {
  DedicatedNumberSchema,
  MessageId,
  MessageStateSchema,
  phone,
  PhraseRefSchema,
  ProfileId,
} from '../domain'

/** Most numbers one HLR request may carry (a pasted column of a spreadsheet). */
export const MAX_HLR_PHONES = 1000

export const HlrStatusSchema = z.enum(['pending', 'answered', 'failed'])
export type HlrStatus = z.infer<typeof HlrStatusSchema>

/** One HLR request (an `__HLR__` message) with its answer, when one came. */
export const HlrRowSchema = z.object({
  messageId: MessageId,
  profileId: z.string(),
  phone: z.string(),
  /** pending: no answer yet; answered: the network data came; failed: the request failed. */
  status: HlrStatusSchema,
  /** The request message's outbox state and error (why it failed). */
  state: MessageStateSchema,
  error: z.string().nullable(),
  /** The answer's status word and error code as the provider sent them. */
  stat: z.string().nullable(),
  err: z.string().nullable(),
  imsi: z.string().nullable(),
  msc: z.string().nullable(),
  mcc: z.string().nullable(),
  mnc: z.string().nullable(),
  /** Home country and operator. */
  cn: z.string().nullable(),
  net: z.string().nullable(),
  /** Roaming (or ported-to) country and operator; empty at home. */
  rcn: z.string().nullable(),
  rnet: z.string().nullable(),
  requestedAt: z.number(),
  answeredAt: z.number().nullable(),
})
export type HlrRow = z.infer<typeof HlrRowSchema>

/** A number rented through this console, as the console remembers it. */
export const MyNumberSchema = z.object({
  profileId: z.string(),
  phone: z.string(),
  type: z.number().nullable(),
  kind: z.enum(['virtual', 'sim-hosting', 'other']).nullable(),
  /** Monthly rent as listed when it was rented. */
  monthlyCost: z.number().nullable(),
  /** What renting it charged. */
  charged: z.number(),
  info: z.string(),
  /** Renewed for next month automatically. */
  renew: z.boolean(),
  rentedAt: z.number(),
  updatedAt: z.number(),
})
export type MyNumber = z.infer<typeof MyNumberSchema>

/** Which HLR results: a profile's, with digits anywhere in the number, in a status. */
export const HlrFilter = {
  profileId: ProfileId.optional(),
  /** Digits anywhere in the number. */
  phone: z
    .string()
    .trim()
    .max(32)
    .regex(/^\+?[\d\s()-]*$/, 'phone filter may hold digits only')
    .optional(),
  status: HlrStatusSchema.optional(),
}

export const lookupCalls = {
  /**
   * One HLR request per number (an `__HLR__` message through the outbox). Bad numbers and
   * repeats in the list are reported one by one; the rest are queued.
   */
  'hlr.lookup': {
    request: z
      .object({
        profileId: ProfileId,
        phones: z
          .array(z.string().max(64, 'an entry is longer than 64 characters'))
          .min(1, 'give at least one number')
          .max(MAX_HLR_PHONES, `at most ${MAX_HLR_PHONES} numbers at once`),
        /** The same key again (a double click, a retried call) queues nothing new. */
        requestKey: z.string().min(8).max(100).optional(),
      })
      .strict(),
    response: z.object({
      queued: z.array(z.object({ phone: z.string(), messageId: MessageId })),
      /** Entries left out: why in English, and as a phrase for the operator's language. */
      rejected: z.array(
        z.object({ input: z.string(), reason: z.string(), phrase: PhraseRefSchema.optional() }),
      ),
    }),
  },
  /** HLR requests and their answers, newest first, filtered and paged in SQL. */
  'hlr.results': {
    request: z
      .object({
        ...HlrFilter,
        offset: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    response: z.object({ rows: z.array(HlrRowSchema), total: z.number().int() }),
  },
  /** The current state of some HLR requests (after their messages changed). */
  'hlr.get': {
    request: z.object({ messageIds: z.array(MessageId).min(1).max(500) }).strict(),
    response: z.array(HlrRowSchema),
  },
  /** Numbers free to rent for replies (providers with dedicated numbers). */
  'numbers.free': {
    request: z.object({ profileId: ProfileId }).strict(),
    response: z.array(DedicatedNumberSchema),
  },
  /** Numbers rented through this console (the provider lists only free ones). */
  'numbers.mine': {
    request: z.object({ profileId: ProfileId }).strict(),
    response: z.array(MyNumberSchema),
  },
  /** Rents a number and remembers it among the account's numbers (renewal on). */
  'numbers.rent': {
    request: z
      .object({
        profileId: ProfileId,
        phone,
        /** The listing the agent chose from, kept for the account's list. */
        listing: DedicatedNumberSchema.optional(),
      })
      .strict(),
    response: MyNumberSchema,
  },
  /** Switches a rented number's monthly renewal. */
  'numbers.renewal': {
    request: z.object({ profileId: ProfileId, phone, renew: z.boolean() }).strict(),
    response: MyNumberSchema,
  },
} as const

export const lookupEvents = {} as const
