/**
 * What every screen needs from main, loaded as soon as the page runs (calls made while the
 * socket connects go out the moment it opens, before the first render is even laid out) and
 * again after each reconnection, since pushes sent while away were missed.
 */
import { transport } from '../api/client'
import { followConnection } from '../api/follow'
import { useMessages } from './messages'
import { useProfiles } from './profiles'
import { useSessions } from './sessions'
import { useStorage } from './storage'

function loadAll(): void {
  void useProfiles.getState().load()
  void useSessions.getState().load()
  void useMessages.getState().load()
  void useStorage.getState().load()
}

export function loadOnEveryConnection(): void {
  followConnection(transport, loadAll)
}
