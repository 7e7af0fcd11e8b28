/**
 * Number verification by the customer's call (SMSC HTTP profiles: `wait_call.php`): the provider
 * names a number to call within 15 minutes; the call comes back as an inbound `[waitcall]`
 * message, which verifies the customer's number (src/shared/verification.ts).
 */
// Calls and push events of this area, combined into the contract (src/shared/contract.ts).
import { z } from 'zod'
import { phone, ProfileId } from '../domain'

export const VerificationStateSchema = z.enum(['waiting', 'verified', 'expired'])

export const VerificationSchema = z.object({
  id: z.number().int(),
  profileId: z.string(),
  /** The customer's number, normalised as every number the console stores (digits only). */
  phone: z.string(),
  /** The number the customer must call. */
  callPhone: z.string(),
  /** Every number the provider may have assigned (depending on the country), callPhone among them. */
  allPhones: z.array(z.string()),
  requestedAt: z.number(),
  /** requestedAt + 15 minutes: a call after it does not verify. */
  expiresAt: z.number(),
  /** When the call was recorded (the provider's time of it); null until it is. */
  verifiedAt: z.number().nullable(),
  /** As of when it was read: waiting, verified, or expired without a call. */
  state: VerificationStateSchema,
})
export type Verification = z.infer<typeof VerificationSchema>

export const verificationCalls = {
  /** Asks the provider for the number this customer must call, and starts waiting for the call. */
  'verification.start': {
    request: z.object({ profileId: ProfileId, phone }).strict(),
    response: VerificationSchema,
  },
  /** The latest verification of a number, or null when it was never asked for. */
  'verification.get': {
    request: z.object({ phone }).strict(),
    response: VerificationSchema.nullable(),
  },
  /** The latest verification of each of these numbers (or of every number), newest first. */
  'verification.list': {
    request: z
      .object({
        phones: z.array(phone).min(1).max(500).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    response: z.array(VerificationSchema),
  },
} as const

export const verificationEvents = {
  /** A verification started, or its call was recorded. */
  'verification.updated': VerificationSchema,
} as const
