/**
 * Browser-mode adapter: serves the built renderer over HTTP on 127.0.0.1 and carries the
 * contract over one WebSocket at /api. No Electron here: `npm run serve` and the tests use it.
 *
 * Wire protocol (JSON text frames):
 *   client → server  { id: number, call: string, request: unknown }
 *   server → client  { id: number | null, reply: Reply }   (id null: it could not be recovered)
 *   server → client  { event: EventName, payload: unknown }
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { readFileSync, realpathSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { ErrorCode, Reply } from '../../../shared/contract'
import { MAX_REQUEST_BYTES } from '../../../shared/constants'
import { fail as refused, tooLarge } from '../api/refusal'
import type { Core } from '../types'
import { CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY } from './csp'
import { dropSilentSockets, parseEnvelope, recoverId, toBuffer } from './frames'

export const WS_PATH = '/api'
/**
 * Frames up to this size are read and answered TOO_LARGE (the connection lives on); bigger
 * ones make `ws` close the socket with 1009 before buffering them.
 */
export const WS_HARD_MAX_PAYLOAD = MAX_REQUEST_BYTES * 4

export interface WebServerOptions {
  /**
   * The core, or its start: the page is served at once and its calls wait for the core. A
   * start that fails closes the API sockets (whoever started it says why).
   */
  core: Core | Promise<Core>
  /** Only loopback: the API token travels in the URL and nothing here is meant for a network. */
  host?: '127.0.0.1'
  /** 0 picks a free port. */
  port?: number
  /** The built renderer (out/renderer). */
  staticDir: string
  /** Secret the page must present to open the API socket; random 32 bytes (hex) by default. */
  token?: string
  log?: (level: 'info' | 'warn' | 'error', message: string) => void
}

export interface WebServer {
  /** The page to open, token included. */
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  // No camera, microphone, location, USB, payment… for the page or anything it could embed.
  'Permissions-Policy': PERMISSIONS_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // The page URL carries the API token: never hand it to anyone as a referrer.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // No Cross-Origin-Opener-Policy: the page never opens a window and nothing can open it
  // usefully without the token, so it would guard nothing, and Chromium answers it by moving
  // the page into a new renderer process at every load (~200 ms of each start, measured).
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1'
  if (host !== '127.0.0.1') {
    throw new Error(`The web server binds to 127.0.0.1 only, not ${String(host)}`)
  }
  const token = options.token ?? randomBytes(32).toString('hex')
  if (token.length < 16) throw new Error('The API token must be at least 16 characters')
  const tokenDigest = digest(token)
  const log = options.log ?? (() => {})
  const staticRoot = realpathSync(resolve(options.staticDir))

  let origin = ''
  let hostHeader = ''

  const server = createServer((req, res) => serveStatic(req, res))
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_HARD_MAX_PAYLOAD })

  const core = Promise.resolve(options.core)
  // The start's failure belongs to whoever started it; here it only closes the sockets.
  core.catch(() => {
    for (const ws of wss.clients) ws.close(1011, 'the console failed to start')
  })

  function serveStatic(req: IncomingMessage, res: ServerResponse): void {
    if (req.headers.host !== hostHeader) {
      // A foreign Host means DNS rebinding or a proxy: this server answers only its own name.
      return plain(res, 421, 'Misdirected request')
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD')
      return plain(res, 405, 'Method not allowed')
    }
    const file = resolveStatic(staticRoot, req.url ?? '/')
    if (file === 'forbidden') return plain(res, 403, 'Forbidden')
    if (file === null) return plain(res, 404, 'Not found')
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
    let body: Buffer
    try {
      body = bodyOf(file)
    } catch {
      return plain(res, 404, 'Not found')
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': type,
      'Content-Length': String(body.length),
      'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'no-cache',
    })
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  /**
   * The built page's files, read once and kept (a few hundred kB): each is answered in one
   * write, so the page loads in full even while the core is still starting beside it. A file
   * changed since it was read (a rebuild while the server runs) is read again.
   */
  const bodies = new Map<string, { mtimeMs: number; size: number; body: Buffer }>()
  function bodyOf(file: string): Buffer {
    const { mtimeMs, size } = statSync(file)
    const kept = bodies.get(file)
    if (kept && kept.mtimeMs === mtimeMs && kept.size === size) return kept.body
    const body = readFileSync(file)
    bodies.set(file, { mtimeMs, size, body })
    return body
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = checkUpgrade(req)
    if (refusal) {
      log('warn', `WebSocket refused: ${refusal.reason}`)
      socket.end(
        `HTTP/1.1 ${refusal.status} ${refusal.status === 401 ? 'Unauthorized' : refusal.status === 404 ? 'Not Found' : 'Forbidden'}\r\n` +
          'Connection: close\r\nContent-Length: 0\r\n\r\n',
      )
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })

  function checkUpgrade(req: IncomingMessage): { status: number; reason: string } | null {
    let url: URL
    try {
      url = new URL(req.url ?? '/', origin)
    } catch {
      return { status: 404, reason: 'bad URL' }
    }
    if (url.pathname !== WS_PATH) return { status: 404, reason: `path ${url.pathname}` }
    if (req.headers.host !== hostHeader) return { status: 403, reason: 'foreign Host header' }
    if (req.headers.origin !== origin) {
      return { status: 403, reason: `foreign Origin ${JSON.stringify(req.headers.origin ?? null)}` }
    }
    const presented = url.searchParams.get('token')
    if (!presented) return { status: 401, reason: 'no token' }
    if (!timingSafeEqual(digest(presented), tokenDigest)) {
      return { status: 401, reason: 'wrong token' }
    }
    return null
  }

  const stopPinging = dropSilentSockets(wss)

  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', (err) => log('warn', `WebSocket error: ${err.message}`))
    ws.on('message', (data: RawData, isBinary: boolean) => {
      void onFrame(ws, data, isBinary)
    })
  })

  async function onFrame(ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    const bytes = toBuffer(data)
    const big = tooLarge(bytes.length)
    if (big) return send(ws, { id: recoverId(bytes), reply: big })
    if (isBinary) return send(ws, { id: null, reply: fail('BAD_REQUEST', 'Send JSON text frames') })
    const parsed = parseEnvelope(bytes.toString('utf8'))
    if (!parsed.ok) return send(ws, { id: parsed.id, reply: fail('BAD_REQUEST', parsed.message) })
    let reply: Reply<unknown>
    try {
      reply = await (await core).handle(parsed.call, parsed.request)
    } catch (err) {
      // Core.handle promises never to throw; if it does anyway, this socket still gets an answer.
      log('error', `core.handle threw: ${err instanceof Error ? err.message : String(err)}`)
      reply = refused('INTERNAL', 'call.crashed')
    }
    send(ws, { id: parsed.id, reply })
  }

  function send(ws: WebSocket, message: unknown): void {
    if (ws.readyState !== ws.OPEN) return
    ws.send(JSON.stringify(message))
  }

  let unsubscribe = () => {}
  let closed = false
  void core.then(
    (ready) => {
      if (closed) return
      unsubscribe = ready.subscribe((event, payload) => {
        const frame = JSON.stringify({ event, payload })
        for (const ws of wss.clients) {
          if (ws.readyState === ws.OPEN) ws.send(frame)
        }
      })
    },
    () => {},
  )

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolvePromise()
    })
  })
  const port = (server.address() as AddressInfo).port
  hostHeader = `${host}:${port}`
  origin = `http://${hostHeader}`

  let closing: Promise<void> | null = null
  return {
    url: `${origin}/?token=${token}`,
    port,
    token,
    close() {
      closing ??= new Promise<void>((done) => {
        closed = true
        stopPinging()
        unsubscribe()
        for (const ws of wss.clients) ws.close(1001, 'server closing')
        wss.close()
        server.close(() => done())
        server.closeAllConnections()
      })
      return closing
    },
  }
}

/**
 * Maps a request URL to a file under root, 'forbidden' for any attempt to leave it (raw or
 * percent-encoded `..`, backslashes, NUL, symlinks pointing out), or null when there is none.
 */
export function resolveStatic(root: string, rawUrl: string): string | 'forbidden' | null {
  const pathPart = rawUrl.split(/[?#]/, 1)[0] ?? '/'
  let decoded: string
  try {
    decoded = decodeURIComponent(pathPart)
  } catch {
    return 'forbidden'
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) {
    return 'forbidden'
  }
  if (decoded.split('/').some((segment) => segment === '..' || segment === '.')) {
    return 'forbidden'
  }
  const wanted = decoded.endsWith('/') ? `${decoded}index.html` : decoded
  const candidate = resolve(root, `.${wanted}`)
  if (!inside(root, candidate)) return 'forbidden'
  let real: string
  try {
    real = realpathSync(candidate)
  } catch {
    return null
  }
  if (!inside(root, real)) return 'forbidden'
  try {
    if (!statSync(real).isFile()) return null
  } catch {
    return null
  }
  return real
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.includes(`..${sep}`)
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest()
}

function fail(code: ErrorCode, message: string): Reply<never> {
  return { ok: false, error: { code, message } }
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  })
  res.end(text)
}
