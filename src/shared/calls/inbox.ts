/** Replies: inbound messages per number they were sent to, and their read marks. */
// Calls and push events of this area, combined into the contract (src/shared/contract.ts).
import { z } from 'zod'
import { InboundMessageSchema, MessageStateSchema, MessageTypeNameSchema } from '../domain'

export const InboxItemSchema = InboundMessageSchema.extend({ read: z.boolean() })
export type InboxItem = z.infer<typeof InboxItemSchema>

/** One number messages were sent to (a dedicated number, a short code), with its counts. */
export const InboxNumberSchema = z.object({
  to: z.string(),
  total: z.number().int(),
  unread: z.number().int(),
  lastAt: z.number(),
})
export type InboxNumber = z.infer<typeof InboxNumberSchema>

/**
 * A conversation: everything a customer wrote in (to any number, through any profile) and
 * everything sent to their number, keyed by the number without its signs (`peer`).
 */
export const ThreadSchema = z.object({
  peer: z.string(),
  /** The customer's address as their latest message gave it. */
  from: z.string(),
  /** Their contact's name, if they have one. */
  name: z.string().nullable(),
  unread: z.number().int(),
  /** The time of the newest message either way. */
  lastAt: z.number(),
  lastText: z.string(),
  lastDirection: z.enum(['in', 'out']),
  /** Where a reply goes out from by default: the profile and number the customer last wrote to. */
  replyProfileId: z.string(),
  replyFrom: z.string(),
})
export type Thread = z.infer<typeof ThreadSchema>

/** One message of a conversation, either way. */
export const ThreadEntrySchema = z.discriminatedUnion('direction', [
  z.object({
    direction: z.literal('in'),
    id: z.number().int(),
    profileId: z.string(),
    from: z.string(),
    to: z.string(),
    text: z.string(),
    at: z.number(),
    read: z.boolean(),
  }),
  z.object({
    direction: z.literal('out'),
    id: z.number().int(),
    profileId: z.string(),
    sender: z.string(),
    phone: z.string(),
    text: z.string(),
    at: z.number(),
    state: MessageStateSchema,
    error: z.string().nullable(),
    /** Its SMSC type when not an SMS. */
    type: MessageTypeNameSchema.optional(),
  }),
])
export type ThreadEntry = z.infer<typeof ThreadEntrySchema>

const Peer = z.string().trim().min(1).max(32)

/** What the agent knows of a customer, beside the conversation. */
export const CustomerSchema = z.object({
  peer: z.string(),
  /** The first message either way, and how many went each way. */
  firstAt: z.number().nullable(),
  received: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int(),
  /** Failed or expired. */
  notDelivered: z.number().int(),
  /** The latest HLR answer about the number. */
  lastHlr: z
    .object({
      at: z.number(),
      net: z.string().nullable(),
      cn: z.string().nullable(),
      mcc: z.string().nullable(),
      /** The network it roams in, if it does. */
      rnet: z.string().nullable(),
      rcn: z.string().nullable(),
    })
    .nullable(),
  /** On the stop-list: no bulk message goes to it. */
  /** Their stop-list entry: for every account (profileId '') before one for a profile. */
  stopped: z
    .object({ note: z.string().nullable(), addedAt: z.number(), profileId: z.string() })
    .nullable(),
  /** Their name and the agents' notes (contacts). */
  contact: z.object({ name: z.string(), notes: z.string() }).nullable(),
})
export type Customer = z.infer<typeof CustomerSchema>

export const inboxCalls = {
  /** Conversations with customers who wrote in, the newest first; by part of the number. */
  'inbox.threads': {
    request: z
      .object({
        search: z.string().trim().max(32).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    response: z.array(ThreadSchema),
  },
  /** One conversation, the newest messages first; older ones by keyset (before a time). */
  'inbox.thread': {
    request: z
      .object({
        peer: Peer,
        beforeAt: z.number().optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    response: z.object({ entries: z.array(ThreadEntrySchema), more: z.boolean() }),
  },
  /** The latest inbound messages, newest first. */
  'inbox.recent': {
    request: z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(),
    response: z.array(InboundMessageSchema),
  },
  /** Inbound messages, newest first; filtered by the number they were sent to. */
  'inbox.list': {
    request: z
      .object({
        to: z.string().trim().min(1).max(21).optional(),
        unreadOnly: z.boolean().optional(),
        /** Keyset paging: messages older than this id. */
        beforeId: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    response: z.object({ messages: z.array(InboxItemSchema), more: z.boolean() }),
  },
  /** A customer's card: their history in numbers, the latest HLR answer, the stop-list. */
  'inbox.customer': {
    request: z.object({ peer: Peer }).strict(),
    response: CustomerSchema,
  },
  /** The numbers inbound messages were sent to, with counts. */
  'inbox.numbers': {
    request: z.object({}).strict(),
    response: z.array(InboxNumberSchema),
  },
  /** Marks messages read: these ids, everything sent to a number, from a customer, or all. */
  'inbox.markRead': {
    request: z
      .object({
        ids: z.array(z.number().int().positive()).min(1).max(500).optional(),
        to: z.string().trim().min(1).max(21).optional(),
        /** Everything one customer wrote (a conversation opened). */
        peer: Peer.optional(),
        all: z.literal(true).optional(),
      })
      .strict()
      .refine((r) => (r.ids ? 1 : 0) + (r.to ? 1 : 0) + (r.peer ? 1 : 0) + (r.all ? 1 : 0) === 1, {
        message: 'give exactly one of ids, to, peer or all',
      }),
    response: z.object({ marked: z.number().int() }),
  },
} as const

export const inboxEvents = {
  /** A subscriber's message arrived (and is stored). */
  'inbox.received': InboundMessageSchema,
  /** How many customers' messages wait unread, after any arrival or any marked read. */
  'inbox.unread': z.object({ count: z.number().int() }),
} as const
