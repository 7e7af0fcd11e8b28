import type { sandboxCalls } from '../../../shared/calls/sandbox'
import { normalisePhone } from '../../../shared/phone'
import type { CoreContext, HandlersFor } from '../context'
import { SANDBOX_PROFILE_ID } from '../profiles/profiles'
import { refuse, refuseField } from './router'

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
  }
}
