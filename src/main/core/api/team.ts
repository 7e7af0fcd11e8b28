/**
 * The team area as the core answers it. The audit trail is searched here, on a team server
 * whose core was given one. The users' calls need to know who is asking, which only the team
 * server's door knows: the server answers them itself (src/main/server/users.ts) and none
 * reaches the core there. A workstation has neither users nor a trail, and says so.
 */
import type { teamCalls } from '../../../shared/calls/team'
import type { CoreContext, HandlersFor } from '../context'
import type { AuditStore } from '../team/audit'
import { refuse } from './router'

/** The team server's trail, or the refusal a workstation gives. */
export function trailOf(ctx: Pick<CoreContext, 'audit'>): AuditStore {
  if (!ctx.audit) throw refuse('UNAVAILABLE', 'team.serverOnly')
  return ctx.audit
}

export function createTeamHandlers(ctx: CoreContext): HandlersFor<typeof teamCalls> {
  const serverOnly = (): never => {
    throw refuse('UNAVAILABLE', 'team.serverOnly')
  }
  return {
    'users.me': serverOnly,
    'users.list': serverOnly,
    'users.create': serverOnly,
    'users.setRole': serverOnly,
    'users.disable': serverOnly,
    'users.enable': serverOnly,
    'users.setPassword': serverOnly,
    'users.signOutEverywhere': serverOnly,
    'audit.search': (query) => trailOf(ctx).search(query),
  }
}
