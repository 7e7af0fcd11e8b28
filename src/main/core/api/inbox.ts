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
    'inbox.customer': ({ peer }) => inbox.customer(peer),
    'inbox.markRead': async (target) => {
      const marked = await inbox.markRead(target)
      if (marked > 0) ctx.emit('inbox.unread', { count: await inbox.unreadCount() })
      return { marked }
    },
  }
}
