/** Provider profiles and credentials: add, edit, remove, test connection. */
// Calls and push events of this area, spread into the contract (src/shared/contract.ts).
import { z } from 'zod'
import { PhraseRefSchema, ProfileId, ProfileInputSchema } from '../domain'

/** A profile's editable settings, shaped as profiles.save takes them: never a secret. */
export const ProfileSettingsViewSchema = z.object({
  /** The settings as profiles.save takes them back (id set). */
  input: ProfileInputSchema,
  sandbox: z.boolean(),
  /** Whether a secret is stored in the keychain; the secret itself never leaves main. */
  hasPassword: z.boolean(),
})
export type ProfileSettingsView = z.infer<typeof ProfileSettingsViewSchema>

export const ConnectionTestSchema = z.object({
  ok: z.boolean(),
  /** What was found, in the operator's words (no provider reply text that could hold a secret). */
  summary: z.string(),
  /** The summary as a phrase of src/shared/phrases.ts, for the operator's language. */
  phrase: PhraseRefSchema.optional(),
  balance: z.object({ amount: z.number(), currency: z.string().nullable() }).optional(),
})
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>

export const providersCalls = {
  /**
   * Removes a profile and its keychain entry. Refused for sandbox profiles and for a profile
   * another one uses as fallback; messages already sent through it stay in the history.
   */
  'profiles.remove': {
    request: z
      .object({
        profileId: ProfileId,
        /** Cancel its queued and scheduled messages too (otherwise removal is refused while any wait). */
        cancelUnsent: z.boolean().optional(),
      })
      .strict(),
    response: z.object({ removed: z.literal(true), cancelled: z.number().int() }),
  },
  /** The settings of one profile to fill the edit form; the secret is never part of them. */
  'profiles.get': {
    request: z.object({ profileId: ProfileId }).strict(),
    response: ProfileSettingsViewSchema,
  },
  /** Asks the provider something harmless (balance, a status, a bind) and says what it found. */
  'profiles.test': {
    request: z.object({ profileId: ProfileId }).strict(),
    response: ConnectionTestSchema,
  },
} as const

export const providersEvents = {} as const
