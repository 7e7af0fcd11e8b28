/**
 * The team server's door: HTTPS and a WebSocket over it. A console signs in with a user name
 * and password (`POST /api/login`, answered with a session token), then opens the WebSocket at
 * /api with that token (`Authorization: Bearer …`) and speaks the same contract as a
 * workstation's window. Every call is checked on the server against the caller's role and the
 * session (which may have expired or been ended since the socket opened); every call that
 * changes something is written to the audit trail, with who, when and from where. The users'
 * calls are answered here (users.ts), every other call by the core.
 */
import { createServer as createHttpsServer } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { Reply } from '../../shared/contract'
import { fail as refused, tooLarge } from '../core/api/refusal'
import { dropSilentSockets, parseEnvelope, recoverId, toBuffer } from '../core/adapters/frames'
import { WS_HARD_MAX_PAYLOAD, WS_PATH } from '../core/adapters/ws'
import {
  AccountError,
  foldUserName,
  type AccountsStore,
  type SessionInfo,
} from '../core/team/accounts'
import type { AuditStore } from '../core/team/audit'
import { mayCall } from '../core/team/roles'
import type { Bus } from '../core/runtime/coordination'
import type { Core } from '../core/types'
import { AUDITED, auditEntryOf } from './audited'
import { callbackParams } from '../core/callbacks/handler'
import { createUsersRouter } from './users'

export interface TeamListenerOptions {
  core: Core
  accounts: AccountsStore
  audit: AuditStore
  /** PEM certificate chain and private key. */
  tls: { cert: string | Buffer; key: string | Buffer }
  host: string
  /** 0 picks a free port. */
  port: number
  version: string
  now?: () => number
  log: (level: 'info' | 'warn' | 'error', message: string) => void
  /** Several servers: a change to a user reaches their consoles on every server. */
  bus?: Bus
}

export interface TeamListener {
  port: number
  close(): Promise<void>
}

/** A sign-in's body is a name and a password: anything bigger is not one. */
const MAX_LOGIN_BYTES = 4096
/** A provider's post to a handler: a status or a message, never more than this. */
const MAX_CALLBACK_BYTES = 64 * 1024
/** Most pushes in one frame. */
const MAX_EVENTS_PER_FRAME = 500

const HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Strict-Transport-Security': 'max-age=31536000',
}

export async function startTeamListener(o: TeamListenerOptions): Promise<TeamListener> {
  const now = o.now ?? Date.now
  const server = createHttpsServer({ cert: o.tls.cert, key: o.tls.key, minVersion: 'TLSv1.2' })
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_HARD_MAX_PAYLOAD })
  /** Each open socket's session token, the address it came from and its user (folded name). */
  const sockets = new Map<WebSocket, { token: string; from: string; user: string }>()
  const users = createUsersRouter(o.accounts, o.log)

  server.on('request', (req, res) => {
    void answer(req, res).catch((err: unknown) => {
      o.log('error', `request failed: ${err instanceof Error ? err.message : String(err)}`)
      json(res, 500, { error: { code: 'INTERNAL', message: 'The server failed to answer' } })
    })
  })

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'https://server').pathname
    if (path === '/api/health' && req.method === 'GET') {
      return json(res, 200, { ok: true, version: o.version })
    }
    if (path === '/api/login' && req.method === 'POST') return login(req, res)
    const callback = /^\/api\/callbacks\/([^/]+)$/.exec(path)
    if (callback && req.method === 'POST') return providerCallback(req, res, callback[1] ?? '')
    if (path === '/api/logout' && req.method === 'POST') {
      const token = bearer(req)
      if (token) await o.accounts.revokeSession(token)
      res.writeHead(204, HEADERS).end()
      return
    }
    json(res, 404, { error: { code: 'NOT_FOUND', message: 'No such address on this server' } })
  }

  /**
   * A provider's post to a profile's handler (SMSC: statuses, replies, verifying calls, JSON by
   * fmt=3): no session, its control value is its proof; answered in plain text.
   */
  async function providerCallback(
    req: IncomingMessage,
    res: ServerResponse,
    encodedProfile: string,
  ): Promise<void> {
    const plain = (status: number, text: string) => {
      res.writeHead(status, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end(text)
    }
    if (!o.core.providerCallback) return plain(404, 'No handler here')
    const body = await readBody(req, MAX_CALLBACK_BYTES)
    if (body === null) return plain(413, 'Too large')
    const query = new URL(req.url ?? '/', 'https://server').searchParams
    const params = callbackParams(body, req.headers['content-type'], query)
    if (!params) return plain(400, 'Malformed')
    let profileId: string
    try {
      profileId = decodeURIComponent(encodedProfile)
    } catch {
      return plain(404, 'No handler for this profile')
    }
    const answer = await o.core.providerCallback(profileId, params)
    plain(answer.status, answer.text)
  }

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const from = addressOf(req)
    const body = await readBody(req, MAX_LOGIN_BYTES)
    let input: unknown
    try {
      input = body === null ? null : JSON.parse(body)
    } catch {
      input = null
    }
    const { user, password } = (input ?? {}) as { user?: unknown; password?: unknown }
    if (typeof user !== 'string' || typeof password !== 'string') {
      return json(res, 400, {
        error: { code: 'BAD_REQUEST', message: 'Send {"user": "…", "password": "…"} as JSON' },
      })
    }
    try {
      const signIn = await o.accounts.login(user, password, from)
      await o.audit.record({
        at: now(),
        user: signIn.session.user.name,
        role: signIn.session.user.role,
        from,
        action: 'login',
        target: null,
        details: {},
      })
      json(res, 200, {
        token: signIn.token,
        user: { name: signIn.session.user.name, role: signIn.session.user.role },
        expiresAt: signIn.session.expiresAt,
      })
    } catch (err) {
      if (!(err instanceof AccountError)) throw err
      await o.audit.record({
        at: now(),
        user: null,
        role: null,
        from,
        action: 'login.failed',
        // The name tried, as typed: a supervisor reading the trail sees who is being guessed.
        target: user.slice(0, 64),
        details: { code: err.code },
      })
      const status = err.code === 'RATE_LIMITED' ? 429 : err.code === 'DISABLED' ? 403 : 401
      if (err.retryAt !== undefined) {
        res.setHeader('Retry-After', String(Math.max(1, Math.ceil((err.retryAt - now()) / 1000))))
      }
      json(res, status, {
        error: { code: err.code, message: err.message, retryAt: err.retryAt ?? null },
      })
    }
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'https://server').pathname
      const token = bearer(req)
      const session = path === WS_PATH && token ? await o.accounts.session(token) : null
      if (!session || !token) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
        socket.destroy()
        return
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.set(ws, { token, from: addressOf(req), user: foldUserName(session.user.name) })
        wss.emit('connection', ws, req)
        send(ws, { event: 'team.session', payload: sessionView(session) })
      })
    })().catch(() => socket.destroy())
  })

  const stopPinging = dropSilentSockets(wss)
  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', (err) => o.log('warn', `WebSocket error: ${err.message}`))
    ws.on('close', () => sockets.delete(ws))
    ws.on('message', (data: RawData, isBinary: boolean) => void onFrame(ws, data, isBinary))
  })

  async function onFrame(ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    const bytes = toBuffer(data)
    const big = tooLarge(bytes.length)
    if (big) return send(ws, { id: recoverId(bytes), reply: big })
    if (isBinary) return send(ws, { id: null, reply: fail('BAD_REQUEST', 'Send JSON text frames') })
    const parsed = parseEnvelope(bytes.toString('utf8'))
    if (!parsed.ok) return send(ws, { id: parsed.id, reply: fail('BAD_REQUEST', parsed.message) })
    const seat = sockets.get(ws)
    // Checked at every call: a session ended (signed out elsewhere, user disabled, expired)
    // stops working at once, not when the socket happens to close.
    const session = seat ? await o.accounts.session(seat.token) : null
    if (!seat || !session) {
      send(ws, {
        id: parsed.id,
        reply: fail('UNAUTHORIZED', 'Your session has ended: sign in again'),
      })
      ws.close(4001, 'session ended')
      return
    }
    const { user } = session
    if (!mayCall(user.role, parsed.call)) {
      return send(ws, {
        id: parsed.id,
        reply: fail('FORBIDDEN', `A ${user.role} may not do this (${parsed.call.slice(0, 64)})`),
      })
    }
    let reply: Reply<unknown>
    try {
      reply = users.owns(parsed.call)
        ? await users.handle(parsed.call, parsed.request, session)
        : await o.core.handle(parsed.call, parsed.request)
    } catch (err) {
      o.log('error', `core.handle threw: ${err instanceof Error ? err.message : String(err)}`)
      reply = refused('INTERNAL', 'call.crashed')
    }
    const entry = auditEntryOf(parsed.call, parsed.request, reply)
    if (entry) {
      try {
        await o.audit.record({
          at: now(),
          user: user.name,
          role: user.role,
          from: seat.from,
          ...entry,
        })
      } catch (err) {
        // The call is done: its answer goes out; the missing entry is said in the log.
        o.log('error', `audit entry not written for ${parsed.call}: ${String(err)}`)
      }
    }
    send(ws, { id: parsed.id, reply })
    const name = (parsed.request as { name?: unknown } | null)?.name
    if (reply.ok && users.owns(parsed.call) && AUDITED[parsed.call] && typeof name === 'string') {
      await sessionsChanged(name)
      o.bus?.publish({ kind: 'user', name })
    }
  }

  /**
   * A user was changed: each console they have open hears it now rather than at its next call.
   * A socket whose session ended (disabled, given a new password, signed out everywhere) is
   * closed, as it would be refused at its next call anyway, and so that it hears nothing more
   * of the office's messages meanwhile; one still open is told the user's role as it is now.
   */
  async function sessionsChanged(name: string): Promise<void> {
    const folded = foldUserName(name)
    for (const [ws, seat] of [...sockets]) {
      if (seat.user !== folded) continue
      try {
        const session = await o.accounts.session(seat.token)
        if (!session) {
          sockets.delete(ws)
          ws.close(4001, 'session ended')
        } else {
          send(ws, { event: 'team.session', payload: sessionView(session) })
        }
      } catch (err) {
        o.log('warn', `a console of ${name} was not told of the change: ${String(err)}`)
      }
    }
  }

  o.bus?.onMessage((m) => {
    if (m.kind === 'user') void sessionsChanged(m.name)
  })

  // Pushes gathered for a turn of the loop go out as one frame per console: a campaign moves
  // thousands of messages a second, and each frame costs every console's socket a TLS record.
  let gathered: string[] = []
  const flushEvents = () => {
    if (gathered.length === 0) return
    const frame = `{"events":[${gathered.join(',')}]}`
    gathered = []
    for (const ws of sockets.keys()) {
      if (ws.readyState === ws.OPEN) ws.send(frame)
    }
  }
  const unsubscribe = o.core.subscribe((event, payload) => {
    gathered.push(JSON.stringify({ event, payload }))
    if (gathered.length === 1) setImmediate(flushEvents)
    else if (gathered.length >= MAX_EVENTS_PER_FRAME) flushEvents()
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(o.port, o.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  o.log('info', `team server listening on https://${o.host}:${port}`)

  let closing: Promise<void> | null = null
  return {
    port,
    close() {
      closing ??= (async () => {
        unsubscribe()
        stopPinging()
        for (const ws of wss.clients) ws.close(1001, 'server stopping')
        wss.close()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeAllConnections()
      })()
      return closing
    },
  }
}

function sessionView(s: SessionInfo) {
  return { user: { name: s.user.name, role: s.user.role }, expiresAt: s.expiresAt }
}

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization
  const m = h ? /^Bearer ([A-Za-z0-9_-]{16,200})$/.exec(h) : null
  return m?.[1] ?? null
}

/** The caller's address, IPv4 as such even when it came in as IPv4-mapped IPv6. */
function addressOf(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '')
}

function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > max) {
        resolve(null)
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return
  const text = JSON.stringify(body)
  res.writeHead(status, { ...HEADERS, 'Content-Length': String(Buffer.byteLength(text)) })
  res.end(text)
}

function send(ws: WebSocket, message: unknown): void {
  if (ws.readyState !== ws.OPEN) return
  ws.send(JSON.stringify(message))
}

function fail(code: 'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN', message: string): Reply<never> {
  return { ok: false, error: { code, message } }
}
