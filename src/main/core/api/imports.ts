import type { importsCalls } from '../../../shared/calls/imports'
import type { CoreContext, HandlersFor } from '../context'

export function createImportsHandlers(_ctx: CoreContext): HandlersFor<typeof importsCalls> {
  return {}
}
