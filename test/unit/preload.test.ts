// The preload with a stand-in `electron`: what it exposes and what it lets through.
import { describe, expect, it, vi } from 'vitest'
import type { Bridge } from '../../src/shared/contract'

type IpcListener = (event: unknown, ...args: unknown[]) => void

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>()
  const listeners = new Set<IpcListener>()
  return {
    exposed,
    listeners,
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: vi.fn(async () => ({ ok: true, result: 'from main' })),
      on: (_channel: string, l: IpcListener) => listeners.add(l),
      removeListener: (_channel: string, l: IpcListener) => listeners.delete(l),
    },
  }
})
vi.mock('electron', () => ({
  contextBridge: electron.contextBridge,
  ipcRenderer: electron.ipcRenderer,
}))

await import('../../src/preload/index')
const api = electron.exposed.get('api') as Bridge
const emit = (...args: unknown[]) => {
  for (const l of electron.listeners) l({}, ...args)
}

describe('preload', () => {
  it('exposes window.api with invoke and on, and nothing else', () => {
    expect([...electron.exposed.keys()]).toEqual(['api'])
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on'])
  })

  it('forwards contract calls and refuses other names locally', async () => {
    expect(await api.invoke('app.info', {})).toEqual({ ok: true, result: 'from main' })
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('api:invoke', 'app.info', {})
    electron.ipcRenderer.invoke.mockClear()
    const reply = await (api.invoke as (n: string, r: unknown) => Promise<unknown>)('fs.read', {})
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } })
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled()
  })

  it('delivers only the named event and stops after unsubscribe', () => {
    const got: unknown[] = []
    const off = api.on('session.state', (p) => got.push(p))
    emit('message.updated', { id: 1 })
    emit('session.state', { profileId: 'sandbox' })
    expect(got).toEqual([{ profileId: 'sandbox' }])
    off()
    emit('session.state', { profileId: 'again' })
    expect(got).toHaveLength(1)
    expect(electron.listeners.size).toBe(0)
  })

  it('ignores subscriptions to names outside the contract', () => {
    const off = (api.on as (n: string, l: () => void) => () => void)('ipc.raw', () => {})
    expect(electron.listeners.size).toBe(0)
    off()
  })
})
