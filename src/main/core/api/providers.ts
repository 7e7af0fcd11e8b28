import type { providersCalls } from '../../../shared/calls/providers'
import type { CoreContext, HandlersFor } from '../context'

export function createProvidersHandlers(_ctx: CoreContext): HandlersFor<typeof providersCalls> {
  return {}
}
