/** Provider profiles, their credentials and their connections: add, edit, remove, test, resume. */
// Calls and push events of this area, spread into the contract (src/shared/contract.ts).
import { z } from 'zod'
import {
  PhraseRefSchema,
  ProfileId,
  ProfileInputSchema,
  ProviderProfileSchema,
  SessionStateSchema,
} from '../domain'

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
  'profiles.list': { request: z.object({}).strict(), response: z.array(ProviderProfileSchema) },
  /** Creates or updates a provider profile (never its password: see credentials.set). */
  'profiles.save': { request: ProfileInputSchema, response: ProviderProfileSchema },
  'credentials.set': {
    request: z.object({ profileId: ProfileId, password: z.string().min(1).max(1024) }).strict(),
    response: z.object({ hasPassword: z.literal(true) }),
  },
  'credentials.clear': {
    request: z.object({ profileId: ProfileId }).strict(),
    response: z.object({ hasPassword: z.literal(false) }),
  },
  /** The account balance, for providers that tell it. */
  'profiles.balance': {
    request: z.object({ profileId: ProfileId }).strict(),
    response: z.object({ amount: z.number(), currency: z.string().nullable() }),
  },
  /** After a pause (login, balance): try the provider again. */
  'profiles.resume': {
    request: z.object({ profileId: ProfileId }).strict(),
    response: SessionStateSchema,
  },
  /** Every profile's connection state. */
  'sessions.list': { request: z.object({}).strict(), response: z.array(SessionStateSchema) },
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
  /**
   * Asks the provider something harmless (balance, a status, a bind) and says what it found: of
   * a saved profile as it runs, or of settings not saved yet (a new profile, or an edited one),
   * with the password typed or, for a saved profile, the keychain's. An unsaved test stores
   * nothing and leaves the running connection alone.
   */
  'profiles.test': {
    request: z.union([
      z.object({ profileId: ProfileId }).strict(),
      z
        .object({ draft: ProfileInputSchema, password: z.string().min(1).max(1024).optional() })
        .strict(),
    ]),
    response: ConnectionTestSchema,
  },
} as const

export const providersEvents = {
  /** A profile's connection changed state (bound, reconnecting, paused, …). */
  'session.state': SessionStateSchema,
  /** Profiles were added, edited, removed or their password set: every profile, as listed. */
  'profiles.changed': z.array(ProviderProfileSchema),
} as const
