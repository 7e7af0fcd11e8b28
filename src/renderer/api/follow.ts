import type { Transport } from './client'

/**
 * Calls `load` when the connection is open: now if it is, and at each opening, the moment the
 * socket opens (not when a screen first renders). A socket that never opens (a refused token,
 * no server) asks nothing, so no screen fails to load on top of the banner that says why.
 */
export function followConnection(
  connection: Pick<Transport, 'status' | 'onStatus'>,
  load: () => void,
): void {
  if (connection.status() === 'open') load()
  connection.onStatus((status) => {
    if (status === 'open') load()
  })
}
