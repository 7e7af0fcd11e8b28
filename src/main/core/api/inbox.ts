import type { inboxCalls } from '../../../shared/calls/inbox'
import type { CoreContext, HandlersFor } from '../context'

export function createInboxHandlers(ctx: CoreContext): HandlersFor<typeof inboxCalls> {
  const inbox = ctx.inbox
  return {
    'inbox.recent': ({ limit }) => inbox.recent(limit ?? 100),
    'inbox.list': (filter) => inbox.list(filter),
    'inbox.numbers': () => inbox.numbers(),
    'inbox.threads': ({ search, limit }) => inbox.threads(search ?? '', limit ?? 100),
    'inbox.thread': ({ peer, beforeAt, limit }) => inbox.thread(peer, beforeAt, limit ?? 100),
    'inbox.markRead': async (target) => ({ marked: await inbox.markRead(target) }),
  }
}
