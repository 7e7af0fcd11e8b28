/**
 * The core the adapters (Electron IPC, browser mode's WebSocket) serve: the console's own core
 * while it works alone, exactly as before; the team server's, through the link, while it works
 * with one. Either way the renderer speaks the same contract and hears the same events. The
 * link's own calls (team.*) are always the console's.
 */
import type { CoreEventListener, Core } from '../types'
import { teamLinkCalls } from '../../../shared/calls/team-link'
import type { TeamLink } from './link'

const OWN_CALLS: ReadonlySet<string> = new Set(Object.keys(teamLinkCalls))

export function switchingCore(local: Core, link: TeamLink): Core {
  const listeners = new Set<CoreEventListener>()
  const hear: CoreEventListener = (name, payload) => {
    for (const l of listeners) {
      try {
        l(name, payload)
      } catch {
        // One window's listener failing must not keep the event from the others.
      }
    }
  }
  // While linked, what the console's own core does (its sandbox, its outbox) is not what the
  // agent is looking at: only the server's events reach the windows.
  const offLocal = local.subscribe((name, payload) => {
    if (!link.linked) hear(name, payload)
  })
  const offPushes = link.onPush(hear)
  const offStatus = link.onStatus((status) => hear('team.status', status))

  let closing: Promise<void> | null = null
  return {
    handle(name, request) {
      if (!link.linked || (typeof name === 'string' && OWN_CALLS.has(name))) {
        return local.handle(name, request)
      }
      return link.call(name, request)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close() {
      closing ??= (async () => {
        offLocal()
        offPushes()
        offStatus()
        listeners.clear()
        await link.close()
        await local.close()
      })()
      return closing
    },
  }
}
