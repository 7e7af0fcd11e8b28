/**
 * What every screen needs from main, loaded the moment the socket opens (followed from the
 * page's first script, not from a screen's first render, which waits for the first paint)
 * and again after each reconnection, since pushes sent while away were missed.
 */
import { transport } from '../api/client'
import { followConnection } from '../api/follow'
import { useMessages } from './messages'
import { useProfiles } from './profiles'
import { useSessions } from './sessions'
import { useStorage } from './storage'
import { useTeam } from './team'

function loadAll(): void {
  void useProfiles.getState().load()
  void useSessions.getState().load()
  void useMessages.getState().load()
  void useStorage.getState().load()
  // Who this console works as (on a team server): what the Team screen offers follows it.
  void useTeam.getState().loadIdentity()
}

export function loadOnEveryConnection(): void {
  followConnection(transport, loadAll)
}
