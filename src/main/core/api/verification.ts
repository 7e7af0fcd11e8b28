import type { verificationCalls } from '../../../shared/calls/verification'
import { peerOf } from '../../../shared/constants'
import { normalisePhone } from '../../../shared/phone'
import { VERIFY_CALL_MS } from '../../../shared/verification'
import type { CoreContext, HandlersFor } from '../context'
import { phoneCountry } from '../profiles/country'
import { errorText, providerRefusal } from '../providers/error-phrase'
import { refuse, refuseField } from './router'

/** Latest verifications listed when no numbers are named. */
const RECENT = 100

/**
 * Number verification by the customer's call: the provider (SMSC HTTP's wait_call.php) names the
 * number to call; the call comes back through the profile's inbound messages as `[waitcall]`,
 * which the inbox store takes (stores/stores.ts, InboxStore.record) and the profile's runtime
 * pushes as `verification.updated`. `ttlMs`: the window to call in (15 minutes; tests shorten
 * it, the provider's own window staying what it is).
 */
export function createVerificationHandlers(
  ctx: CoreContext,
  ttlMs = VERIFY_CALL_MS,
): HandlersFor<typeof verificationCalls> {
  return {
    'verification.start': async ({ profileId, phone }) => {
      const profile = await ctx.requireProfile(profileId)
      if (!ctx.profileView(profile).capabilities.verifyByCall) {
        throw refuse('UNAVAILABLE', 'verification.unsupported', { name: profile.name })
      }
      const checked = normalisePhone(phone, phoneCountry(profile))
      if (!checked.ok) throw refuseField('phone', checked)
      const connection = ctx.connection(profileId)
      if (!connection?.waitCall) {
        throw refuse('UNAVAILABLE', 'verification.notRunning', { name: profile.name })
      }
      // The window is counted from before the provider was asked: it started counting no later.
      const requestedAt = Date.now()
      let numbers: { phone: string; allPhones: string[] }
      try {
        numbers = await connection.waitCall(checked.phone)
      } catch (err) {
        // A provider that cannot be reached: the profile's state says so, as after a send.
        connection.noteFailure?.(err)
        ctx.log('warn', `${profileId}: no number to call for ${checked.phone}: ${errorText(err)}`)
        // The repeat limit, the provider's error codes, a garbled reply: as they are worded.
        throw providerRefusal(err)
      }
      const started = await ctx.verifications.start({
        profileId,
        phone: checked.phone,
        callPhone: numbers.phone,
        allPhones: numbers.allPhones,
        requestedAt,
        expiresAt: requestedAt + ttlMs,
      })
      ctx.log('info', `${profileId}: ${checked.phone} is to call ${numbers.phone} to verify`)
      ctx.emit('verification.updated', started)
      return started
    },
    'verification.get': async ({ phone }) => {
      const [latest] = await ctx.verifications.latest([peerOf(phone)])
      return latest ?? null
    },
    'verification.list': async ({ phones, limit }) => {
      const found = phones
        ? await ctx.verifications.latest([...new Set(phones.map(peerOf))])
        : await ctx.verifications.recent(limit ?? RECENT)
      return limit ? found.slice(0, limit) : found
    },
  }
}
