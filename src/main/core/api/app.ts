import type { appCalls } from '../../../shared/calls/app'
import type { CoreContext, HandlersFor } from '../context'

export function createAppHandlers(ctx: CoreContext): HandlersFor<typeof appCalls> {
  return {
    'app.info': () => ({ version: ctx.options.version, mode: ctx.options.mode }),
  }
}
