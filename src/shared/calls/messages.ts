/** One-off messages: sending, the recent list, cancelling, and the agent's word on uncertain ones. */
// Calls and push events of this area, combined into the contract (src/shared/contract.ts).
import { z } from 'zod'
import {
  MessageDraftSchema,
  MessageId,
  MessageStateSchema,
  MessageTypeSchema,
  OutboxMessageSchema,
  ProfileId,
} from '../domain'
import { ReceiptViewSchema } from './history'

/** One change of a message's state (or of its profile, when failover moved it). */
export const TrailStepSchema = z.object({
  at: z.number(),
  from: MessageStateSchema,
  state: MessageStateSchema,
  profileId: z.string(),
  error: z.string().nullable(),
  errorCode: z.string().nullable(),
})
export type TrailStep = z.infer<typeof TrailStepSchema>

/** A message's whole story, as its detail shows it. */
export const MessageDetailSchema = z.object({
  message: OutboxMessageSchema,
  /** The state it was created in (queued, or scheduled). */
  createdState: MessageStateSchema,
  scheduledAt: z.number().nullable(),
  batch: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  /** Every change since, oldest first. */
  trail: z.array(TrailStepSchema),
  receipts: z.array(ReceiptViewSchema),
  /** Its SMSC type's fields (subject, voice, bot, Viber's button), null for an SMS. */
  messageType: MessageTypeSchema.nullable(),
  /** The message this one sends again, and those that sent this one again. */
  resendOf: MessageId.nullable(),
  resentAs: z.array(MessageId),
})
export type MessageDetail = z.infer<typeof MessageDetailSchema>

export const messagesCalls = {
  'messages.send': {
    request: MessageDraftSchema.extend({
      profileId: ProfileId,
      /** The same key twice (a double click, a retried call) stores one message. */
      idempotencyKey: z.string().min(8).max(128).optional(),
      /** Epoch ms to send it at (in the future: it waits, scheduled); now when not given. */
      scheduledAt: z.number().int().positive().optional(),
      /**
       * The agent confirmed sending outside the profile's quiet hours for this recipient (else
       * such a message is refused with `quiet.outside`, for the screen to ask).
       */
      outsideQuietHours: z.boolean().optional(),
    }).strict(),
    response: OutboxMessageSchema,
  },
  /**
   * What a message would cost before it is sent: its parts, and the price per part — named by
   * the provider without sending where it can (`scope` provider, SMSC), else the one it stated
   * lately for numbers like this one (destination), else for any number (profile); null when
   * none is known, so the cost cannot be known in advance.
   */
  'messages.estimate': {
    request: MessageDraftSchema.pick({ phone: true, text: true, sender: true, messageType: true })
      .partial({ sender: true })
      .extend({ profileId: ProfileId })
      .strict(),
    response: z.object({
      parts: z.number().int(),
      phone: z.string(),
      price: z
        .object({
          perPart: z.number(),
          amount: z.number(),
          sample: z.number().int(),
          scope: z.enum(['provider', 'destination', 'profile']),
        })
        .nullable(),
    }),
  },
  'messages.recent': {
    request: z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(),
    response: z.array(OutboxMessageSchema),
  },
  'messages.cancel': {
    request: z.object({ id: MessageId }).strict(),
    response: OutboxMessageSchema,
  },
  /** A message's whole story: its states with their times, its reports, what it repeats. */
  'messages.detail': {
    request: z.object({ id: MessageId }).strict(),
    response: MessageDetailSchema,
  },
  /**
   * A failed, expired or cancelled message sent again, as a new message (never the old one
   * revived): same profile, sender, number, text and channels.
   */
  'messages.resend': {
    request: z
      .object({ id: MessageId, idempotencyKey: z.string().min(8).max(128).optional() })
      .strict(),
    response: OutboxMessageSchema,
  },
  /** Another time for a message not sent yet; a time now or past sends it at once. */
  'messages.reschedule': {
    request: z.object({ id: MessageId, scheduledAt: z.number().int().nonnegative() }).strict(),
    response: OutboxMessageSchema,
  },
  /** One-off messages waiting for their time, the soonest first. */
  'messages.scheduled': {
    request: z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(),
    response: z.array(z.object({ message: OutboxMessageSchema, scheduledAt: z.number() })),
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
