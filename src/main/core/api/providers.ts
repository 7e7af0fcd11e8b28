import { randomBytes } from 'node:crypto'
import type { ConnectionTest, providersCalls } from '../../../shared/calls/providers'
import type { ProfileInput } from '../../../shared/domain'
import { english, phrase } from '../../../shared/phrases'
import type { CoreContext, HandlersFor } from '../context'
import { testConnection } from '../profiles/connection-test'
import { SANDBOX_PROFILE_ID } from '../profiles/profiles'
import { profileFromInput } from '../profiles/input'
import { settingsView } from '../profiles/settings-view'
import { providerRefusal } from '../providers/error-phrase'
import { KeychainUnavailableError } from '../vault/vault'
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

  const keychainCall = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn()
    } catch (err) {
      if (err instanceof KeychainUnavailableError) throw refusal('UNAVAILABLE', err)
      throw err
    }
  }

  /** Test settings before they are saved, on a connection of their own, stopped afterwards. */
  const testDraft = async (
    input: ProfileInput,
    password: string | null,
  ): Promise<ConnectionTest> => {
    const saved = input.id ? await ctx.profiles.get(input.id) : null
    if (saved?.sandbox) throw refuse('CONFLICT', 'profile.sandboxReadOnly')
    if (input.fallbackProfileId) await ctx.requireProfile(input.fallbackProfileId)
    if (password) ctx.log.mask(password)
    const secret = password ?? (saved ? await secretOf(saved.id) : null)
    if (!secret) {
      return {
        ok: false,
        summary: english('test.typePassword'),
        phrase: phrase('test.typePassword'),
      }
    }
    const profile = profileFromInput(input.id ?? 'unsaved', input)
    let connection = ctx.runtimes.trial(profile, secret)
    try {
      return await testConnection({
        kind: profile.kind,
        connection: () => connection,
        restart: async () => {
          await connection.stop()
          connection = ctx.runtimes.trial(profile, secret)
        },
        fresh: true,
        secret,
      })
    } finally {
      await connection.stop()
    }
  }

  /** A new password (or none) takes effect at once: the profile starts again with it. */
  const credentialsChanged = async (profileId: string) => {
    await ctx.restartProfile(profileId)
    await ctx.profilesChanged()
  }

  return {
    'profiles.list': async () => (await ctx.profiles.list()).map(ctx.profileView),
    'profiles.save': async (input) => {
      const id = input.id ?? slug(input.name)
      if ((await ctx.profiles.get(id))?.sandbox) throw refuse('CONFLICT', 'profile.sandboxReadOnly')
      if (input.fallbackProfileId === id)
        throw refuse('BAD_REQUEST', 'profile.ownFallback').at('fallbackProfileId')
      if (input.fallbackProfileId) await ctx.requireProfile(input.fallbackProfileId)
      const profile = profileFromInput(id, input)
      await ctx.profiles.save(profile)
      await ctx.restartProfile(id)
      await ctx.profilesChanged()
      return ctx.profileView(profile)
    },
    'profiles.balance': async ({ profileId }) => {
      const profile = await ctx.requireProfile(profileId)
      const connection = ctx.connection(profileId)
      const pending = connection?.capabilities.balance ? connection.balance?.() : undefined
      if (!pending) throw refuse('UNAVAILABLE', 'profile.noBalance', { name: profile.name })
      try {
        return await pending
      } catch (err) {
        connection?.noteFailure?.(err)
        // Provider errors name the provider, the call and the reason, never the credentials.
        throw providerRefusal(err)
      }
    },
    'profiles.resume': async ({ profileId }) => {
      await ctx.requireProfile(profileId)
      await ctx.restartProfile(profileId)
      return ctx.runtimes.state(profileId)
    },
    'credentials.set': async ({ profileId, password }) => {
      const profile = await ctx.requireProfile(profileId)
      if (profile.sandbox) throw refuse('CONFLICT', 'profile.sandboxNoPassword')
      ctx.log.mask(password)
      await keychainCall(() => ctx.vault.set(profileId, password))
      await credentialsChanged(profileId)
      return { hasPassword: true as const }
    },
    'credentials.clear': async ({ profileId }) => {
      await ctx.requireProfile(profileId)
      await keychainCall(() => ctx.vault.delete(profileId))
      await credentialsChanged(profileId)
      return { hasPassword: false as const }
    },
    'sessions.list': () => ctx.runtimes.sessions(),

    'profiles.get': async ({ profileId }) => {
      const profile = await ctx.requireProfile(profileId)
      return {
        input: settingsView(profile),
        sandbox: profile.sandbox,
        hasPassword: ctx.profileView(profile).hasPassword,
      }
    },

    'profiles.remove': async ({ profileId, cancelUnsent }) => {
      const profile = await ctx.requireProfile(profileId)
      if (profile.sandbox) {
        throw refuse('CONFLICT', 'profile.sandboxNotRemovable', { name: profile.name })
      }
      const users = await ctx.profiles.fallbackUsers(profileId)
      if (users.length) {
        throw refuse('CONFLICT', 'profile.isFallback', {
          name: profile.name,
          users: users.map((u) => u.name).join(', '),
        })
      }
      const unsent = await ctx.outbox.unsentCount(profileId)
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
      await ctx.profiles.remove(profileId)
      // Gone from the store, so this only stops its connection and dispatcher.
      await ctx.restartProfile(profileId)
      const cancelled = await ctx.outbox.cancelUnsent(
        profileId,
        `Cancelled: the profile ${profile.name} was removed`,
      )
      ctx.emitMessages(cancelled)
      await ctx.profilesChanged()
      ctx.log(
        'info',
        `profile ${profileId} removed (${cancelled.length} unsent message(s) cancelled)`,
      )
      return { removed: true as const, cancelled: cancelled.length }
    },

    'profiles.test': async (request) => {
      if ('draft' in request) return testDraft(request.draft, request.password ?? null)
      const { profileId } = request
      const profile = await ctx.requireProfile(profileId)
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

/** A profile id from its name: lowercase letters, digits and dashes. */
function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
  return s && s !== SANDBOX_PROFILE_ID ? s : `profile-${randomBytes(3).toString('hex')}`
}
