/** Replies: inbound messages per number they were sent to, and their read marks. */
// Calls and push events of this area, combined into the contract (src/shared/contract.ts).
import { z } from 'zod'
import { InboundMessageSchema } from '../domain'

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

export const inboxCalls = {
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
  /** The numbers inbound messages were sent to, with counts. */
  'inbox.numbers': {
    request: z.object({}).strict(),
    response: z.array(InboxNumberSchema),
  },
  /** Marks messages read: these ids, or everything sent to a number (or everything). */
  'inbox.markRead': {
    request: z
      .object({
        ids: z.array(z.number().int().positive()).min(1).max(500).optional(),
        to: z.string().trim().min(1).max(21).optional(),
        all: z.literal(true).optional(),
      })
      .strict()
      .refine((r) => (r.ids ? 1 : 0) + (r.to ? 1 : 0) + (r.all ? 1 : 0) === 1, {
        message: 'give exactly one of ids, to or all',
      }),
    response: z.object({ marked: z.number().int() }),
  },
} as const

export const inboxEvents = {
  /** A subscriber's message arrived (and is stored). */
  'inbox.received': InboundMessageSchema,
} as const
