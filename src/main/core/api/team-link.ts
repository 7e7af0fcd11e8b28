import type { teamLinkCalls } from '../../../shared/calls/team-link'
import type { HandlersFor } from '../context'
import type { TeamLink } from '../team/link'
import { refuse } from './router'

/**
 * The console's link to a team server (team/link.ts). A team server's own core has none: it
 * connects to no other server, and says so.
 */
export function createTeamLinkHandlers(link: TeamLink | null): HandlersFor<typeof teamLinkCalls> {
  const here = (): TeamLink => {
    if (!link) throw refuse('UNAVAILABLE', 'link.notHere')
    return link
  }
  return {
    'team.status': () => here().status(),
    'team.connect': (request) => here().connect(request),
    'team.disconnect': (request) => here().disconnect(request),
    'team.forgetCertificate': ({ url }) => ({ forgotten: here().forgetCertificate(url) }),
    'team.handovers': (filter) => here().handoverList(filter),
  }
}
