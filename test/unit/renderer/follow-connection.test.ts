// When the window loads what every screen needs: at once while the socket opens, and again at
// each reconnection, never twice for one connection. The connection here is a status source
// driven by the test (a real WebSocket transport needs a page's `window`; the browser tests
// cover it against the real server).
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
  it('asks while the socket opens, once for that connection', () => {
    const c = connection('connecting')
    let loads = 0
    followConnection(c, () => loads++)
    expect(loads).toBe(1)
    c.set('open')
    expect(loads).toBe(1)
  })

  it('asks again after a lost connection opens again, and after a first try that failed', () => {
    const c = connection('connecting')
    let loads = 0
    followConnection(c, () => loads++)
    c.set('closed')
    c.set('connecting')
    expect(loads).toBe(1)
    c.set('open')
    expect(loads).toBe(2)
    c.set('closed')
    c.set('connecting')
    c.set('open')
    expect(loads).toBe(3)
  })

  it('inside the desktop app (always open) asks once; without a token never', () => {
    let loads = 0
    followConnection(connection('open'), () => loads++)
    expect(loads).toBe(1)
    followConnection(connection('no-token'), () => loads++)
    expect(loads).toBe(1)
  })
})
