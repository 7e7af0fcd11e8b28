/** One-off messages: sending, the recent list, cancelling, and the agent's word on uncertain ones. */
// Calls and push events of this area, combined into the contract (src/shared/contract.ts).
import { z } from 'zod'
import { MessageDraftSchema, MessageId, OutboxMessageSchema, ProfileId } from '../domain'

export const messagesCalls = {
  'messages.send': {
    request: MessageDraftSchema.extend({
      profileId: ProfileId,
      /** The same key twice (a double click, a retried call) stores one message. */
      idempotencyKey: z.string().min(8).max(128).optional(),
    }).strict(),
    response: OutboxMessageSchema,
  },
  'messages.recent': {
    request: z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(),
    response: z.array(OutboxMessageSchema),
  },
  'messages.cancel': {
    request: z.object({ id: MessageId }).strict(),
    response: OutboxMessageSchema,
  },
  /** The operator's decision on a message whose submit got no answer. */
  'messages.resolveUncertain': {
    request: z.object({ id: MessageId, action: z.enum(['resend', 'markFailed']) }).strict(),
    response: OutboxMessageSchema,
  },
} as const

export const messagesEvents = {
  /** A message was queued or changed state. */
  'message.updated': OutboxMessageSchema,
} as const
