/** The local simulators: what a subscriber would do, done on request (sandbox profiles only). */
// Calls and push events of this area, combined into the contract (src/shared/contract.ts).
import { z } from 'zod'
import { phone, ProfileId, text } from '../domain'

export const sandboxCalls = {
  /** The simulator sends an inbound SMS to the console, as a subscriber would. */
  'sandbox.injectInbound': {
    request: z
      .object({
        from: phone,
        to: z.string().trim().min(1).max(21),
        text,
        /** Which sandbox receives it (default: the SMPP one). */
        profileId: ProfileId.optional(),
      })
      .strict(),
    /** Parts the console acknowledged: 0 when it could not store the message yet. */
    response: z.object({ parts: z.number().int() }),
  },
  /**
   * The customer calls the number the provider gave them to verify theirs (verification.start):
   * the simulator records the call as the provider does, an inbound `[waitcall]` message.
   */
  'sandbox.customerCalls': {
    request: z
      .object({
        from: phone,
        /** Which sandbox they were given the number by (default: the SMSC HTTP one). */
        profileId: ProfileId.optional(),
      })
      .strict(),
    /** The number the customer called. */
    response: z.object({ to: z.string() }),
  },
} as const

export const sandboxEvents = {} as const
