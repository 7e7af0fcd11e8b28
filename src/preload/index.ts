/**
 * The only thing the sandboxed renderer gets from main: `window.api`, exactly the contract's
 * invoke/on. No ipcRenderer, no Node, no channel names leak past this file.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_CHANNEL,
  isCallName,
  isEventName,
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
    if (!isCallName(name)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'UNKNOWN_CALL', message: `Unknown call ${JSON.stringify(String(name))}` },
      })
    }
    return ipcRenderer.invoke(IPC_INVOKE_CHANNEL, name, request) as Promise<Reply<CallResponse<K>>>
  },
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void {
    if (!isEventName(name) || typeof listener !== 'function') return () => {}
    const handler = (_event: IpcRendererEvent, eventName: unknown, payload: unknown) => {
      if (eventName === name) listener(payload as EventPayload<K>)
    }
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler)
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler)
    }
  },
}

contextBridge.exposeInMainWorld('api', api)
