/** Contacts: a customer's name and notes by their number, shown wherever the number is. */
// Calls and push events of this area, combined into the contract (src/shared/contract.ts).
import { z } from 'zod'

export const ContactSchema = z.object({
  /** Digits only, as messages store a number. */
  phone: z.string(),
  name: z.string(),
  notes: z.string(),
  updatedAt: z.number(),
})
export type Contact = z.infer<typeof ContactSchema>

export const contactsCalls = {
  /** A number's contact, written as given (an empty name and notes remove it). */
  'contacts.save': {
    request: z
      .object({
        phone: z.string().trim().min(1).max(32),
        name: z.string().trim().max(200),
        notes: z.string().max(4000),
      })
      .strict(),
    response: ContactSchema.nullable(),
  },
} as const

export const contactsEvents = {
  /** A contact was saved or removed (null: removed): every window names the number anew. */
  'contact.updated': z.object({ phone: z.string(), contact: ContactSchema.nullable() }),
} as const
