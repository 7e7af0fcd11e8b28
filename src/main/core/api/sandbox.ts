import type { sandboxCalls } from '../../../shared/calls/sandbox'
import { normalisePhone } from '../../../shared/phone'
import type { CoreContext, HandlersFor } from '../context'
import { phoneCountry } from '../profiles/country'
import { SANDBOX_PROFILE_ID } from '../profiles/profiles'
import { PROVIDERS } from '../providers/registry'
import { refuse, refuseField } from './router'

/** The SMSC HTTP sandbox: the one whose simulator verifies numbers by call. */
const SANDBOX_SMSC_PROFILE_ID = PROVIDERS['smsc-http'].profile.sandbox.id

export function createSandboxHandlers(ctx: CoreContext): HandlersFor<typeof sandboxCalls> {
  return {
    'sandbox.injectInbound': async ({ from, to, text, profileId }) => {
      const checked = normalisePhone(from)
      if (!checked.ok) throw refuseField('from', checked)
      const target = await ctx.requireProfile(profileId ?? SANDBOX_PROFILE_ID)
      if (!target.sandbox) throw refuse('CONFLICT', 'sandbox.notSandbox', { name: target.name })
      const inject = ctx.sandbox.inboundOf(target.kind)
      if (!inject) throw refuse('UNAVAILABLE', 'sandbox.noInbound', { name: target.name })
      const parts = await inject({ from: checked.phone, to, text })
      if (parts === null) throw refuse('UNAVAILABLE', 'sandbox.notBound')
      return { parts }
    },
    'sandbox.customerCalls': async ({ from, profileId }) => {
      const target = await ctx.requireProfile(profileId ?? SANDBOX_SMSC_PROFILE_ID)
      if (!target.sandbox) throw refuse('CONFLICT', 'sandbox.notSandbox', { name: target.name })
      const checked = normalisePhone(from, phoneCountry(target))
      if (!checked.ok) throw refuseField('from', checked)
      const callIn = ctx.sandbox.customerCallOf(target.kind)
      if (!callIn) throw refuse('UNAVAILABLE', 'verification.unsupported', { name: target.name })
      const to = await callIn(checked.phone)
      if (to === null) throw refuse('NOT_FOUND', 'sandbox.noNumberToCall', { phone: checked.phone })
      return { to }
    },
  }
}
