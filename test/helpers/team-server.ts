// A real team server process (src/main/server/server.ts run by tsx) on a real PostgreSQL, with
// a self-signed certificate made by `openssl` for 127.0.0.1, and consoles talking to it as the
// desktop does: HTTPS sign-in, then the contract over a TLS WebSocket that trusts exactly that
// certificate.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'

const SERVER = join(__dirname, '../../src/main/server/server.ts')

export interface Tls {
  dir: string
  cert: string
  key: string
  /** The certificate's PEM: what a console that accepted it trusts. */
  ca: string
  secretKeyFile: string
}

/** A self-signed certificate for 127.0.0.1 and a key for sealing credentials, in a temp folder. */
export function makeTls(): Tls {
  const dir = mkdtempSync(join(tmpdir(), 'team-tls-'))
  const cert = join(dir, 'cert.pem')
  const key = join(dir, 'key.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=team-server',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  )
  const secretKeyFile = join(dir, 'secret.key')
  writeFileSync(secretKeyFile, randomBytes(32).toString('hex'), { mode: 0o600 })
  return { dir, cert, key, ca: readFileSync(cert, 'utf8'), secretKeyFile }
}

export interface ServerProcess {
  readonly child: ChildProcess
  port: number
  url: string
  output(): string
  exited: Promise<number | null>
  /** SIGTERM and the exit. */
  stop(): Promise<number | null>
}

export async function startServer(
  database: string,
  tls: Tls,
  opts: {
    admin?: { name: string; password: string }
    dataDir?: string
    env?: NodeJS.ProcessEnv
    /** The port to listen on (a server started again where consoles knew it); free one if not. */
    port?: number
  } = {},
): Promise<ServerProcess> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'team-data-'))
  const args = [
    '--import',
    'tsx',
    SERVER,
    '--database',
    database,
    '--listen',
    `127.0.0.1:${opts.port ?? 0}`,
    '--tls-cert',
    tls.cert,
    '--tls-key',
    tls.key,
    '--secret-key-file',
    tls.secretKeyFile,
    '--data-dir',
    dataDir,
    ...(opts.admin ? ['--admin', opts.admin.name] : []),
  ]
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      SMS_CONSOLE_STRICT: '1',
      ...(opts.admin ? { SMS_CONSOLE_ADMIN_PASSWORD: opts.admin.password } : {}),
      ...opts.env,
    },
  })
  let out = ''
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (out += c))
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (out += c))
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  const port = await new Promise<number>((resolve, reject) => {
    const check = () => {
      const m = /^listening on [^\s]+:(\d+)$/m.exec(out)
      if (m) resolve(Number(m[1]))
    }
    child.stdout?.on('data', check)
    void exited.then((code) => reject(new Error(`server exited with ${code}:\n${out}`)))
  })
  return {
    child,
    port,
    url: `https://127.0.0.1:${port}`,
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
      child.kill('SIGTERM')
      const code = await exited
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true })
      return code
    },
  }
}

/** An HTTPS request trusting only the server's certificate; the status and the JSON body. */
export function post(
  url: string,
  ca: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> | null }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body)
    const req = request(
      `${url}${path}`,
      {
        method: 'POST',
        ca,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(data),
          ...headers,
        },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8').on('data', (c: string) => (text += c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
          }),
        )
      },
    )
    req.on('error', reject)
    req.end(data)
  })
}

export async function signIn(
  url: string,
  ca: string,
  user: string,
  password: string,
): Promise<string> {
  const r = await post(url, ca, '/api/login', { user, password })
  if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body?.token as string
}

export interface Pushed {
  event: string
  payload: unknown
}

export interface Console {
  ws: WebSocket
  events: Pushed[]
  /** The call's reply as the server sent it: { ok, result } or { ok: false, error }. */
  call(
    name: string,
    request?: unknown,
  ): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }>
  closed: Promise<number>
  close(): void
}

/** A console's socket to the server, with its session token. */
export async function connect(url: string, ca: string, token: string): Promise<Console> {
  const ws = new WebSocket(`${url.replace('https', 'wss')}/api`, {
    ca,
    headers: { Authorization: `Bearer ${token}` },
  })
  const events: Pushed[] = []
  const waiting = new Map<number, (reply: never) => void>()
  let next = 1
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as {
      id?: number
      reply?: never
      event?: string
      payload?: unknown
      events?: Pushed[]
    }
    // A turn's pushes come in one frame.
    if (frame.events) events.push(...frame.events)
    else if (frame.event) events.push({ event: frame.event, payload: frame.payload })
    else if (typeof frame.id === 'number') waiting.get(frame.id)?.(frame.reply as never)
  })
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  return {
    ws,
    events,
    call(name, request = {}) {
      const id = next++
      return new Promise((resolve) => {
        waiting.set(id, resolve as (reply: never) => void)
        ws.send(JSON.stringify({ id, call: name, request }))
      })
    },
    closed,
    close: () => ws.close(),
  }
}
