import type { inboxCalls } from '../../../shared/calls/inbox'
import type { CoreContext, HandlersFor } from '../context'
import { InboxStore } from '../inbox/store'

export function createInboxHandlers(ctx: CoreContext): HandlersFor<typeof inboxCalls> {
  const inbox = new InboxStore(ctx.db)
  return {
    'inbox.recent': ({ limit }) => inbox.recent(limit ?? 100),
    'inbox.list': (filter) => inbox.list(filter),
    'inbox.numbers': () => inbox.numbers(),
    'inbox.markRead': (target) => ({ marked: inbox.markRead(target) }),
  }
}
