/**
 * The only thing the sandboxed renderer gets from main: `window.api`, exactly the contract's
 * invoke/on. No ipcRenderer, no Node, no channel names leak past this file.
 *
 * A sandboxed preload can require nothing but `electron`, so this file imports the contract
 * for its types only; the name lists below are checked against it by the compiler.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type {
  Bridge,
  CallName,
  CallRequest,
  CallResponse,
  EventName,
  EventPayload,
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_CHANNEL,
  Reply,
} from '../shared/contract'

const INVOKE_CHANNEL: typeof IPC_INVOKE_CHANNEL = 'api:invoke'
const EVENT_CHANNEL: typeof IPC_EVENT_CHANNEL = 'api:event'

// `satisfies Record<…, true>` fails to compile when the contract gains or loses a name.
const CALLS = {
  'app.info': true,
  'profiles.list': true,
  'profiles.save': true,
  'credentials.set': true,
  'credentials.clear': true,
  'messages.send': true,
  'messages.recent': true,
  'messages.cancel': true,
  'messages.resolveUncertain': true,
  'profiles.balance': true,
  'numbers.free': true,
  'numbers.rent': true,
  'numbers.renewal': true,
  'profiles.resume': true,
  'sandbox.injectInbound': true,
  'sessions.list': true,
  'inbox.recent': true,
} satisfies Record<CallName, true>

const EVENTS = {
  'message.updated': true,
  'session.state': true,
  'inbox.received': true,
} satisfies Record<EventName, true>

const isCall = (name: unknown): name is CallName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(CALLS, name)
const isEvent = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(EVENTS, name)

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
