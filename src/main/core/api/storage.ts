import type { storageCalls } from '../../../shared/calls/storage'
import type { CoreContext, HandlersFor } from '../context'

export function createStorageHandlers(ctx: CoreContext): HandlersFor<typeof storageCalls> {
  return {
    'storage.state': () => ctx.storage.state(),
  }
}
