/**
 * The renderer's one door to main. In Electron it is the preload's `window.api`; in a plain
 * browser it is a WebSocket to the serve process. Nothing else in the renderer knows which.
 */
import type {
  ApiIssue,
  Bridge,
  CallName,
  CallRequest,
  CallResponse,
  ErrorCode,
  EventName,
  EventPayload,
  Reply,
} from '../../shared/contract'
import { isEventName } from '../../shared/constants'
import { dictionaries } from '../i18n'
import { useLang } from '../stores/lang'
import { mainSays } from '../main-phrases'

/** no-token: browser mode opened without the access token, so no connection is attempted. */
export type ConnectionStatus = 'connecting' | 'open' | 'closed' | 'no-token'

export interface Transport extends Bridge {
  status(): ConnectionStatus
  onStatus(listener: (status: ConnectionStatus) => void): () => void
}

/**
 * A failed call: the code and message main sent, plus the fields it found wrong, each by its
 * path in the request; the message and the issues in the operator's language. A message (or an
 * issue) with a phrase is worded by its id (src/shared/phrases.ts); one without, or with a phrase
 * this renderer cannot word, by its shape (main-phrases.ts), else as main said it.
 */
export class ApiCallError extends Error {
  readonly code: ErrorCode
  readonly issues: ApiIssue[]
  /** Which of main's phrases the refusal is (a screen that answers one in its own way). */
  readonly phraseId: string | null

  constructor(code: ErrorCode, message: string, issues: ApiIssue[] = [], phrase?: unknown) {
    const lang = useLang.getState().lang
    super(mainSays(message, phrase, lang))
    this.name = 'ApiCallError'
    this.code = code
    const id = (phrase as { id?: unknown } | undefined)?.id
    this.phraseId = typeof id === 'string' ? id : null
    this.issues = issues.map((i) => ({ ...i, message: mainSays(i.message, i.phrase, lang) }))
  }
}

/** A failed call in words for the agent: an ApiCallError's message as worded above, else as it came. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** A key for a request the agent may send twice (double click): the core stores it once. */
export function newRequestKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('')
}

/** The client's own words, in the operator's language when the call fails. */
const own = () => dictionaries[useLang.getState().lang]

type Listener = (payload: unknown) => void

function unavailable(message: string): Reply<never> {
  return { ok: false, error: { code: 'UNAVAILABLE', message } }
}

function electronTransport(api: Bridge): Transport {
  return {
    invoke: (name, request) => api.invoke(name, request),
    on: (name, listener) => api.on(name, listener),
    status: () => 'open',
    onStatus: () => () => {},
  }
}

const TOKEN_KEY = 'sms-console-token'
const RETRY_MS = [500, 1000, 2000, 5000, 10000]

/** Reads the token once, then takes it out of the address bar so it is not shared by accident. */
function takeToken(): string | null {
  const params = new URLSearchParams(location.search)
  const fromUrl = params.get('token')
  if (fromUrl) {
    try {
      sessionStorage.setItem(TOKEN_KEY, fromUrl)
      params.delete('token')
      const rest = params.toString()
      history.replaceState(
        null,
        '',
        `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`,
      )
    } catch {
      // Without storage the token stays in the URL; the page still works.
    }
    return fromUrl
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY)
  } catch {
    return null
  }
}

export function webSocketTransport(token: string | null, url?: string): Transport {
  const listeners = new Map<string, Set<Listener>>()
  const statusListeners = new Set<(s: ConnectionStatus) => void>()
  const pending = new Map<number, (reply: Reply<unknown>) => void>()
  /** Calls made while connecting: not sent yet. */
  const queue: { id: number; frame: string }[] = []
  let status: ConnectionStatus = token ? 'connecting' : 'no-token'
  let socket: WebSocket | null = null
  let nextId = 1
  let failures = 0

  const setStatus = (next: ConnectionStatus) => {
    if (next === status) return
    status = next
    for (const l of statusListeners) l(next)
  }

  const connect = () => {
    if (!token) return
    const target = url ?? `ws://${location.host}/api?token=${encodeURIComponent(token)}`
    const ws = new WebSocket(target)
    socket = ws
    setStatus('connecting')
    ws.onopen = () => {
      failures = 0
      setStatus('open')
      for (const { frame } of queue.splice(0)) ws.send(frame)
    }
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return
      let frame: { id?: unknown; reply?: Reply<unknown>; event?: unknown; payload?: unknown }
      try {
        frame = JSON.parse(event.data) as typeof frame
      } catch {
        return
      }
      if (typeof frame.event === 'string') {
        if (!isEventName(frame.event)) return
        for (const l of listeners.get(frame.event) ?? []) l(frame.payload)
        return
      }
      if (typeof frame.id === 'number' && frame.reply) {
        const resolve = pending.get(frame.id)
        pending.delete(frame.id)
        resolve?.(frame.reply)
      }
    }
    ws.onclose = () => {
      if (socket !== ws) return
      socket = null
      // Calls on this socket will never be answered: fail them now. Those still waiting for
      // it to open never left: the console was simply not reachable.
      const unsent = new Set(queue.splice(0).map((q) => q.id))
      for (const [id, resolve] of pending) {
        pending.delete(id)
        resolve(unavailable(unsent.has(id) ? own().callOffline : own().callClosed))
      }
      setStatus('closed')
      const delay = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)] ?? 10000
      failures++
      setTimeout(connect, delay)
    }
  }
  connect()

  return {
    invoke<K extends CallName>(name: K, request: CallRequest<K>): Promise<Reply<CallResponse<K>>> {
      if (status === 'no-token') {
        return Promise.resolve(unavailable(own().callNoToken))
      }
      if (status === 'closed') {
        return Promise.resolve(unavailable(own().callOffline))
      }
      const id = nextId++
      // `id` goes first: the server reads it from the head of a frame too large to parse.
      const frame = JSON.stringify({ id, call: name, request })
      return new Promise((resolve) => {
        pending.set(id, resolve as (reply: Reply<unknown>) => void)
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(frame)
        else queue.push({ id, frame })
      })
    },
    on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void {
      const set = listeners.get(name) ?? new Set<Listener>()
      listeners.set(name, set)
      const l = listener as Listener
      set.add(l)
      return () => set.delete(l)
    },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener)
      return () => statusListeners.delete(listener)
    },
  }
}

/** Inside the desktop app (not a plain browser page): main can open files itself. */
export const isDesktop = window.api !== undefined

export const transport: Transport = window.api
  ? electronTransport(window.api)
  : webSocketTransport(takeToken())

/** Calls main and unwraps the reply: the result, or an ApiCallError with main's code and text. */
export async function call<K extends CallName>(
  name: K,
  request: CallRequest<K>,
): Promise<CallResponse<K>> {
  const reply = await transport.invoke(name, request)
  if (reply.ok) return reply.result
  throw new ApiCallError(
    reply.error.code,
    reply.error.message,
    reply.error.issues,
    reply.error.phrase,
  )
}

export function onEvent<K extends EventName>(
  name: K,
  listener: (payload: EventPayload<K>) => void,
): () => void {
  return transport.on(name, listener)
}
