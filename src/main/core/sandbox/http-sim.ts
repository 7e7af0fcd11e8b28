/**
 * The HTTP side every provider simulator shares: a loopback server, request parsing (query,
 * form, JSON, raw body), a log of what arrived, and fault switches for tests — slow answers
 * past the client's timeout, a connection reset, a 5xx, a malformed body. A fault applies to
 * the next matching request; `handled: true` faults run the handler first, so the request
 * counts as processed even though its answer is lost.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { SandboxEndpoint } from '../providers/descriptor'

export interface SimRequest {
  method: string
  path: string
  query: URLSearchParams
  /** Form fields (x-www-form-urlencoded body), merged view: form wins over query. */
  params: URLSearchParams
  json: unknown
  rawBody: string
  headers: IncomingMessage['headers']
  at: number
}

export interface SimResponse {
  status: number
  body: string | Buffer
  contentType?: string
}

export type SimFault =
  /** Answer after `ms` (past the client's timeout): the request was processed. */
  | { kind: 'slow'; ms: number; path?: string }
  /** Destroy the connection; with `handled` after processing the request, else before. */
  | { kind: 'reset'; handled: boolean; path?: string }
  /** Answer with this status and body instead (nothing processed). */
  | { kind: 'status'; status: number; body?: string; contentType?: string; path?: string }
  /** Process the request, then answer with this body (e.g. truncated JSON, an HTML page). */
  | { kind: 'malformed'; body: string; contentType?: string; path?: string }

export type SimHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>

export class HttpSimulator {
  readonly requests: SimRequest[] = []
  readonly faults: SimFault[] = []
  private server: Server | null = null
  private portNumber = 0
  private readonly sockets = new Set<import('node:net').Socket>()

  constructor(
    private readonly handler: SimHandler,
    private readonly options: { host?: string; port?: number; maxRequestsLogged?: number } = {},
  ) {}

  get port(): number {
    return this.portNumber
  }

  get url(): string {
    return `http://127.0.0.1:${this.portNumber}`
  }

  /** Queue a fault for the next request (to `path`, if given). */
  fault(f: SimFault): void {
    this.faults.push(f)
  }

  async start(): Promise<void> {
    if (this.server) return
    const server = createServer((req, res) => void this.serve(req, res))
    server.on('connection', (s) => {
      this.sockets.add(s)
      s.on('close', () => this.sockets.delete(s))
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(
        this.portNumber || this.options.port || 0,
        this.options.host ?? '127.0.0.1',
        () => resolve(),
      )
    })
    this.portNumber = (server.address() as AddressInfo).port
    this.server = server
  }

  /** Stops listening and drops every connection; start() again reuses the same port. */
  async stop(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = null
    for (const s of this.sockets) s.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  private takeFault(path: string): SimFault | null {
    const i = this.faults.findIndex((f) => !f.path || f.path === path)
    if (i < 0) return null
    return this.faults.splice(i, 1)[0] ?? null
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const rawBody = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const type = req.headers['content-type'] ?? ''
    const params = new URLSearchParams(url.searchParams)
    let json: unknown = undefined
    if (type.includes('application/x-www-form-urlencoded')) {
      for (const [k, v] of new URLSearchParams(rawBody)) params.set(k, v)
    } else if (type.includes('json') && rawBody) {
      try {
        json = JSON.parse(rawBody)
      } catch {
        json = undefined
      }
    }
    const request: SimRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      params,
      json,
      rawBody,
      headers: req.headers,
      at: Date.now(),
    }
    this.requests.push(request)
    const max = this.options.maxRequestsLogged ?? 10_000
    if (this.requests.length > max) this.requests.splice(0, this.requests.length - max)

    const fault = this.takeFault(url.pathname)
    if (fault?.kind === 'reset' && !fault.handled) return void req.socket.destroy()
    if (fault?.kind === 'status') {
      return send(res, {
        status: fault.status,
        body: fault.body ?? '',
        contentType: fault.contentType ?? 'text/html',
      })
    }
    let answer: SimResponse
    try {
      answer = await this.handler(request)
    } catch (err) {
      answer = { status: 500, body: `simulator error: ${String(err)}`, contentType: 'text/plain' }
    }
    if (fault?.kind === 'reset') return void req.socket.destroy()
    if (fault?.kind === 'malformed') {
      return send(res, {
        status: answer.status,
        body: fault.body,
        contentType: fault.contentType ?? 'application/json',
      })
    }
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms))
    if (!res.destroyed) send(res, answer)
  }
}

function send(res: ServerResponse, answer: SimResponse): void {
  res.writeHead(answer.status, {
    'Content-Type': answer.contentType ?? 'application/json; charset=utf-8',
  })
  res.end(answer.body)
}

export function json(status: number, body: unknown): SimResponse {
  return { status, body: JSON.stringify(body), contentType: 'application/json; charset=utf-8' }
}

/** What every provider simulator shares: its HTTP server, its address and its life cycle. */
export abstract class ProviderSimulator {
  readonly sim: HttpSimulator

  constructor(server: { host?: string; port?: number } = {}) {
    this.sim = new HttpSimulator((req) => this.handle(req), server)
  }

  /** The provider's API: one request in, the documented answer out. */
  protected abstract handle(req: SimRequest): SimResponse | Promise<SimResponse>

  get url(): string {
    return this.sim.url
  }

  /** Where a sandbox profile connects: the base URL its provider module takes. */
  endpoint(): Omit<SandboxEndpoint, 'login' | 'secret'> {
    const u = new URL(this.url)
    return { baseUrl: `${this.url}/`, host: u.hostname, port: Number(u.port) }
  }

  start(): Promise<void> {
    return this.sim.start()
  }

  /** Stops listening; start() again reuses the same port. */
  stop(): Promise<void> {
    return this.sim.stop()
  }
}
