// The Electron IPC adapter with a stand-in `electron` module: who may call, what reaches the
// core, and where events go. (The real app is covered by test/e2e/electron.spec.ts.)
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Reply } from '../../src/shared/contract'
import type { Core, CoreEventListener } from '../../src/main/core/types'

type Handler = (event: unknown, name: unknown, request: unknown) => Promise<Reply<unknown>>

const electron = vi.hoisted(() => {
  const handlers = new Map<string, Handler>()
  const windows: Array<{
    isDestroyed(): boolean
    webContents: { isDestroyed(): boolean; getURL(): string; send: ReturnType<typeof vi.fn> }
  }> = []
  return {
    handlers,
    windows,
    ipcMain: {
      handle: (channel: string, fn: Handler) => handlers.set(channel, fn),
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    BrowserWindow: {
      getAllWindows: () => windows,
      fromWebContents: (wc: unknown) => windows.find((w) => w.webContents === wc) ?? null,
    },
  }
})
vi.mock('electron', () => ({ ipcMain: electron.ipcMain, BrowserWindow: electron.BrowserWindow }))

const { registerIpc } = await import('../../src/main/ipc')

const APP_URL = 'file:///app/out/renderer/index.html'
let listener: CoreEventListener | null
const core: Core & { handle: ReturnType<typeof vi.fn> } = {
  handle: vi.fn(async (): Promise<Reply<unknown>> => ({ ok: true, result: 'done' })),
  subscribe: (l) => {
    listener = l
    return () => (listener = null)
  },
  close: async () => {},
}

function window(url: string) {
  const w = {
    isDestroyed: () => false,
    webContents: { isDestroyed: () => false, getURL: () => url, send: vi.fn() },
  }
  electron.windows.push(w)
  return w
}

function invoke(
  sender: unknown,
  frame: { url: string; parent: unknown } | null,
  name: unknown,
  request: unknown,
) {
  const handler = electron.handlers.get('api:invoke')
  if (!handler) throw new Error('no handler registered')
  return handler({ sender, senderFrame: frame }, name, request)
}

let dispose: () => void
beforeEach(() => {
  dispose?.()
  electron.windows.length = 0
  core.handle.mockClear()
  dispose = registerIpc({ core, isAppUrl: (url) => url.split('#')[0] === APP_URL })
})

describe('IPC adapter', () => {
  it('passes calls from our window’s top frame to the core', async () => {
    const w = window(APP_URL)
    const reply = await invoke(w.webContents, { url: APP_URL, parent: null }, 'app.info', {})
    expect(reply).toEqual({ ok: true, result: 'done' })
    expect(core.handle).toHaveBeenCalledWith('app.info', {})
  })

  it('refuses sub-frames, foreign pages, unknown senders and vanished frames', async () => {
    const w = window(APP_URL)
    const refused = [
      await invoke(w.webContents, { url: APP_URL, parent: {} }, 'app.info', {}),
      await invoke(w.webContents, { url: 'https://evil.example/', parent: null }, 'app.info', {}),
      await invoke({}, { url: APP_URL, parent: null }, 'app.info', {}),
      await invoke(w.webContents, null, 'app.info', {}),
    ]
    for (const reply of refused)
      expect(reply).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } })
    expect(core.handle).not.toHaveBeenCalled()
  })

  it('refuses an oversized request before the core sees it', async () => {
    const w = window(APP_URL)
    const reply = await invoke(w.webContents, { url: APP_URL, parent: null }, 'messages.send', {
      text: 'x'.repeat(300 * 1024),
    })
    expect(reply).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } })
    expect(core.handle).not.toHaveBeenCalled()
  })

  it('still answers when the core throws', async () => {
    const w = window(APP_URL)
    core.handle.mockRejectedValueOnce(new Error('boom'))
    const reply = await invoke(w.webContents, { url: APP_URL, parent: null }, 'app.info', {})
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })

  it('pushes events only to live windows showing our page', () => {
    const ours = window(APP_URL)
    const foreign = window('https://evil.example/')
    const payload = {
      profileId: 'sandbox',
      status: 'bound',
      host: null,
      detail: null,
      retryAt: null,
    } as const
    listener?.('session.state', payload)
    expect(ours.webContents.send).toHaveBeenCalledWith('api:event', 'session.state', payload)
    expect(foreign.webContents.send).not.toHaveBeenCalled()
  })

  it('unregisters on dispose', () => {
    dispose()
    expect(electron.handlers.has('api:invoke')).toBe(false)
    expect(listener).toBeNull()
    dispose = () => {}
  })
})
