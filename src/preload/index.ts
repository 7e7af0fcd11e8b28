/**
 * The only thing the sandboxed renderer gets from main: `window.api`, exactly the contract's
 * invoke/on. No ipcRenderer, no Node, no channel names leak past this file.
 *
 * A sandboxed preload can require nothing but `electron`: the contract is bundled into this
 * file (electron.vite.config.ts), so the names it accepts are the contract's own.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  IPC_EVENT_CHANNEL as EVENT_CHANNEL,
  IPC_INVOKE_CHANNEL as INVOKE_CHANNEL,
  isCallName as isCall,
  isEventName as isEvent,
  type Bridge,
  type CallName,
  type CallRequest,
  type CallResponse,
  type EventName,
  type EventPayload,
  type Reply,
} from '../shared/contract'

const api: Bridge = {
  invoke<K extends CallName>(name: K, request: CallRequest<K>): Promise<Reply<CallResponse<K>>> {
    // Refused here too, so a bad name never reaches main; main checks again regardless.
    if (!isCall(name)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'UNKNOWN_CALL', message: `Unknown call ${JSON.stringify(String(name))}` },
      })
    }
    return ipcRenderer.invoke(INVOKE_CHANNEL, name, request) as Promise<Reply<CallResponse<K>>>
  },
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void {
    if (!isEvent(name) || typeof listener !== 'function') return () => {}
    const handler = (_event: IpcRendererEvent, eventName: unknown, payload: unknown) => {
      if (eventName === name) listener(payload as EventPayload<K>)
    }
    ipcRenderer.on(EVENT_CHANNEL, handler)
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler)
    }
  },
}

contextBridge.exposeInMainWorld('api', api)
