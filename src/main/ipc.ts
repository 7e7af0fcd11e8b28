/**
 * Electron adapter: the renderer's `window.api.invoke` lands here and goes to the core; the
 * core's push events go out to every live window. Only our own window's top frame is heard.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type Reply } from '../shared/contract'
import { fail, tooLarge } from './core/api/refusal'
import type { Core } from './core/types'

export interface IpcOptions {
  core: Core
  /** True for the URL our renderer is loaded from (dev server or the packaged index.html). */
  isAppUrl(url: string): boolean
  log?: (level: 'info' | 'warn' | 'error', message: string) => void
}

export function registerIpc({ core, isAppUrl, log = () => {} }: IpcOptions): () => void {
  ipcMain.handle(
    IPC_INVOKE_CHANNEL,
    async (event: IpcMainInvokeEvent, name: unknown, request: unknown): Promise<Reply<unknown>> => {
      const refusal = checkSender(event, isAppUrl)
      if (refusal) {
        log('warn', `IPC call refused: ${refusal}`)
        return {
          ok: false,
          error: {
            code: 'UNAVAILABLE',
            message: 'Calls are accepted only from the console window',
          },
        }
      }
      const big = tooLarge(sizeOf(request))
      if (big) return big
      try {
        return await core.handle(name, request)
      } catch (err) {
        // Core.handle promises never to throw; the window still gets an answer if it does.
        log('error', `core.handle threw: ${err instanceof Error ? err.message : String(err)}`)
        return fail('INTERNAL', 'call.crashed')
      }
    },
  )

  const unsubscribe = core.subscribe((name, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (win.isDestroyed() || win.webContents.isDestroyed()) continue
      if (!isAppUrl(win.webContents.getURL())) continue
      win.webContents.send(IPC_EVENT_CHANNEL, name, payload)
    }
  })

  return () => {
    unsubscribe()
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL)
  }
}

function checkSender(event: IpcMainInvokeEvent, isAppUrl: (url: string) => boolean): string | null {
  const frame = event.senderFrame
  if (!frame) return 'the sending frame is gone'
  if (frame.parent !== null) return 'a sub-frame may not call the API'
  if (!BrowserWindow.fromWebContents(event.sender)) return 'the sender is not a console window'
  if (!isAppUrl(frame.url)) return `foreign page ${JSON.stringify(frame.url.slice(0, 200))}`
  return null
}

/** Structured clone has no byte count; the JSON length is close enough to enforce the cap. */
function sizeOf(request: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(request) ?? '')
  } catch {
    return 0
  }
}
