import type { lookupCalls } from '../../../shared/calls/lookup'
import type { CoreContext, HandlersFor } from '../context'

export function createLookupHandlers(_ctx: CoreContext): HandlersFor<typeof lookupCalls> {
  return {}
}
