/**
 * The console's link to a team server, as main reports it: team.status, then team.status
 * pushes. Whom the windows work with changes what every screen shows: when the console starts
 * or stops working with a server (or moves to another), the page loads again from scratch;
 * when the server is back after being unreachable, what every screen needs is read again,
 * since its pushes were missed meanwhile.
 */
import { create } from 'zustand'
import type { LinkStatus } from '../../shared/calls/team-link'
import { call, onEvent, transport } from '../api/client'
import { followConnection } from '../api/follow'
import { useMessages } from './messages'
import { useProfiles } from './profiles'
import { useSessions } from './sessions'
import { useStorage } from './storage'

interface TeamLinkState {
  status: LinkStatus | null
  /** The Team server dialog is open. */
  open: boolean
  load(): Promise<void>
  setOpen(open: boolean): void
}

export const useTeamLink = create<TeamLinkState>((set) => ({
  status: null,
  open: false,
  async load() {
    try {
      apply(await call('team.status', {}))
    } catch {
      // The connection banner says why; the next connection asks again.
    }
  },
  setOpen: (open) => set({ open }),
}))

/** Whose data the windows see: the console's own, or a server's (by its address). */
function worldOf(s: LinkStatus): string | null {
  return s.state === 'off' ? null : s.url
}

export function apply(next: LinkStatus): void {
  const before = useTeamLink.getState().status
  useTeamLink.setState({ status: next })
  if (!before) return
  if (worldOf(before) !== worldOf(next)) {
    location.reload()
    return
  }
  const back = next.state === 'online' && before.state !== 'online'
  const handedOver = next.state === 'online' && next.waiting < before.waiting
  if (back || handedOver) {
    void useProfiles.getState().load()
    void useSessions.getState().load()
    void useMessages.getState().load()
    void useStorage.getState().load()
  }
}

onEvent('team.status', apply)
followConnection(transport, () => void useTeamLink.getState().load())
