// When the window loads what every screen needs: the moment the socket opens, again at each
// reconnection, never for a socket that does not open. The connection here is a status source
// driven by the test (a real WebSocket transport needs a page's `window`; the browser tests
// cover it against the real server, a refused token included).
import { describe, expect, it } from 'vitest'
import type { ConnectionStatus } from '../../../src/renderer/api/client'
import { followConnection } from '../../../src/renderer/api/follow'

function connection(initial: ConnectionStatus) {
  let status = initial
  const listeners = new Set<(s: ConnectionStatus) => void>()
  return {
    status: () => status,
    onStatus(l: (s: ConnectionStatus) => void) {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    set(next: ConnectionStatus) {
      status = next
      for (const l of listeners) l(next)
    },
  }
}

describe('loading on connection', () => {
  it('asks the moment the socket opens, not before', () => {
    const c = connection('connecting')
    let loads = 0
    followConnection(c, () => loads++)
    expect(loads).toBe(0)
    c.set('open')
    expect(loads).toBe(1)
  })

  it('asks again each time a lost connection opens again; a socket that never opens asks nothing', () => {
    const c = connection('connecting')
    let loads = 0
    followConnection(c, () => loads++)
    c.set('closed')
    c.set('connecting')
    c.set('closed')
    expect(loads).toBe(0)
    c.set('connecting')
    c.set('open')
    expect(loads).toBe(1)
    c.set('closed')
    c.set('connecting')
    c.set('open')
    expect(loads).toBe(2)
  })

  it('inside the desktop app (always open) asks once; without a token never', () => {
    let loads = 0
    followConnection(connection('open'), () => loads++)
    expect(loads).toBe(1)
    followConnection(connection('no-token'), () => loads++)
    expect(loads).toBe(1)
  })
})
