/**
 * The contract's frames over a WebSocket, as both servers read them (browser mode's loopback
 * server and the team server): `{ id, call, request }` in, `{ id, reply }` and
 * `{ event, payload }` out, JSON text.
 */
import type { RawData, WebSocket, WebSocketServer } from 'ws'

export type Envelope =
  | { ok: true; id: number; call: string; request: unknown }
  | { ok: false; id: number | null; message: string }

export function parseEnvelope(text: string): Envelope {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, id: null, message: 'The frame is not JSON' }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, id: null, message: 'Expected an object {id, call, request}' }
  }
  const record = value as Record<string, unknown>
  const id = isId(record.id) ? record.id : null
  if (id === null) return { ok: false, id, message: 'id must be a non-negative integer' }
  if (typeof record.call !== 'string') return { ok: false, id, message: 'call must be a string' }
  const extra = Object.keys(record).filter((k) => k !== 'id' && k !== 'call' && k !== 'request')
  if (extra.length > 0) {
    return { ok: false, id, message: `Unknown envelope field(s): ${extra.slice(0, 5).join(', ')}` }
  }
  return { ok: true, id, call: record.call, request: record.request }
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

/** An oversized frame is not parsed; our client writes `id` first, so its head names it. */
export function recoverId(bytes: Buffer): number | null {
  const head = bytes.subarray(0, 64).toString('utf8')
  const match = /^\s*\{\s*"id"\s*:\s*(\d{1,15})\s*[,}]/.exec(head)
  return match?.[1] ? Number(match[1]) : null
}

export function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data
  if (Array.isArray(data)) return Buffer.concat(data)
  return Buffer.from(data)
}

/**
 * Sockets whose peer vanished without a close (a laptop asleep, a cable pulled) are found by a
 * ping every `everyMs` and dropped when the last one went unanswered. Returns the stop.
 */
export function dropSilentSockets(wss: WebSocketServer, everyMs = 30_000): () => void {
  const alive = new WeakSet<WebSocket>()
  wss.on('connection', (ws: WebSocket) => {
    alive.add(ws)
    ws.on('pong', () => alive.add(ws))
  })
  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate()
        continue
      }
      alive.delete(ws)
      ws.ping()
    }
  }, everyMs)
  pinger.unref()
  return () => clearInterval(pinger)
}
