import type { providersCalls } from '../../../shared/calls/providers'
import type { CoreContext, HandlersFor } from '../context'
import { testConnection } from '../profiles/connection-test'
import { settingsView } from '../profiles/settings-view'
import { KeychainUnavailableError } from '../vault/vault'
import { english, phrase } from '../../../shared/phrases'
import { refusal, refuse } from './router'

export function createProvidersHandlers(ctx: CoreContext): HandlersFor<typeof providersCalls> {
  /** The profile's secret, or null; an unavailable keychain is the operator's to hear about. */
  const secretOf = async (profileId: string): Promise<string | null> => {
    try {
      return await ctx.vault.get(profileId)
    } catch (err) {
      if (err instanceof KeychainUnavailableError) throw refusal('UNAVAILABLE', err)
      throw err
    }
  }

  return {
    'profiles.get': async ({ profileId }) => {
      const profile = ctx.requireProfile(profileId)
      return {
        input: settingsView(profile),
        sandbox: profile.sandbox,
        hasPassword: ctx.profileView(profile).hasPassword,
      }
    },

    'profiles.remove': async ({ profileId, cancelUnsent }) => {
      const profile = ctx.requireProfile(profileId)
      if (profile.sandbox) {
        throw refuse('CONFLICT', 'profile.sandboxNotRemovable', { name: profile.name })
      }
      const users = ctx.profiles.fallbackUsers(profileId)
      if (users.length) {
        throw refuse('CONFLICT', 'profile.isFallback', {
          name: profile.name,
          users: users.map((u) => u.name).join(', '),
        })
      }
      const unsent = ctx.outbox.unsentCount(profileId)
      if (unsent > 0 && !cancelUnsent) {
        throw refuse('CONFLICT', 'profile.hasUnsent', { name: profile.name, count: unsent })
      }
      try {
        await ctx.vault.delete(profileId)
      } catch (err) {
        if (err instanceof KeychainUnavailableError) {
          throw refuse('UNAVAILABLE', 'keychain.unavailableKept', {
            reason: err.reason,
            name: profile.name,
          })
        }
        throw err
      }
      ctx.profiles.remove(profileId)
      // Gone from the store, so this only stops its connection and dispatcher.
      await ctx.restartProfile(profileId)
      const cancelled = ctx.outbox.cancelUnsent(
        profileId,
        `Cancelled: the profile ${profile.name} was removed`,
      )
      ctx.emitMessages(cancelled)
      ctx.profilesChanged()
      ctx.log(
        'info',
        `profile ${profileId} removed (${cancelled.length} unsent message(s) cancelled)`,
      )
      return { removed: true as const, cancelled: cancelled.length }
    },

    'profiles.test': async ({ profileId }) => {
      const profile = ctx.requireProfile(profileId)
      const secret = profile.sandbox
        ? (ctx.sandbox.endpoint(profile.kind)?.secret ?? null)
        : await secretOf(profileId)
      if (!secret) {
        return { ok: false, summary: english('test.noPassword'), phrase: phrase('test.noPassword') }
      }
      return testConnection({
        kind: profile.kind,
        connection: () => ctx.connection(profileId),
        restart: () => ctx.restartProfile(profileId),
        secret,
      })
    },
  }
}
