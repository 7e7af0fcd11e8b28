import type { Transport } from './client'

/**
 * Calls `load` now if a connection is open or opening (calls wait for it to open), and at
 * every later opening after one was lost; never twice for the same connection.
 */
export function followConnection(
  connection: Pick<Transport, 'status' | 'onStatus'>,
  load: () => void,
): void {
  // Asked on this connection already (or on its way): its 'open' needs no second load.
  let asked = connection.status() === 'open' || connection.status() === 'connecting'
  if (asked) load()
  connection.onStatus((status) => {
    if (status === 'open' && !asked) load()
    asked = status === 'open' || (asked && status === 'connecting')
  })
}
