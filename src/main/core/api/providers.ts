import type { providersCalls } from '../../../shared/calls/providers'
import type { CoreContext, HandlersFor } from '../context'
import { testConnection } from '../profiles/connection-test'
import { settingsView } from '../profiles/settings-view'
import { KeychainUnavailableError } from '../vault/vault'
import { ApiError } from './router'

export function createProvidersHandlers(ctx: CoreContext): HandlersFor<typeof providersCalls> {
  /** The profile's secret, or null; an unavailable keychain is the operator's to hear about. */
  const secretOf = async (profileId: string): Promise<string | null> => {
    try {
      return await ctx.vault.get(profileId)
    } catch (err) {
      if (err instanceof KeychainUnavailableError) throw new ApiError('UNAVAILABLE', err.message)
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
        throw new ApiError(
          'CONFLICT',
          `${profile.name} is a sandbox profile: it comes with the console and cannot be removed`,
        )
      }
      const users = ctx.profiles.fallbackUsers(profileId)
      if (users.length) {
        throw new ApiError(
          'CONFLICT',
          `${profile.name} is the fallback of ${users.map((u) => u.name).join(', ')}: choose another fallback there first`,
        )
      }
      const unsent = ctx.outbox.unsentCount(profileId)
      if (unsent > 0 && !cancelUnsent) {
        throw new ApiError(
          'CONFLICT',
          `${profile.name} still has ${unsent} message(s) waiting to be sent: cancel them with the removal, or wait until they are sent`,
        )
      }
      try {
        await ctx.vault.delete(profileId)
      } catch (err) {
        if (err instanceof KeychainUnavailableError) {
          throw new ApiError(
            'UNAVAILABLE',
            `${err.message}. ${profile.name} was kept, so its password can still be cleared`,
          )
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
        return {
          ok: false,
          summary: 'No password is saved for this profile: enter it and save it first.',
        }
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
