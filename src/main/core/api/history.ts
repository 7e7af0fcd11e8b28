import type { historyCalls } from '../../../shared/calls/history'
import type { CoreContext, HandlersFor } from '../context'

export function createHistoryHandlers(_ctx: CoreContext): HandlersFor<typeof historyCalls> {
  return {}
}
