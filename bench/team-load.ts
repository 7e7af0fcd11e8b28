// A team server under an office's load: 20 consoles (WebSocket clients over TLS, each signed in)
// on one server (the built `out/main/server.js`, its own process, on a throwaway PostgreSQL)
// while a 100,000-message campaign goes out over SMPP to the sandbox SMSC (a process of its own).
// Prints JSON: how late each push event reaches each console (p50, p99, max: from the moment
// the server stored the message's move to the console's receipt of it), and the campaign's
// throughput — against the same campaign on a single workstation (createCore on SQLite, in the
// bench's process: the anchor), and their ratio.
// Run: npm run build, then npx tsx bench/team-load.ts [messages] [consoles]
//      (default 100,000 and 20)
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { createCore } from '../src/main/core/app'
import { startPostgres } from '../src/main/server/throwaway-postgres'
import type { CallName, CallRequest, CallResponse, Reply } from '../src/shared/contract'
import { makeTls, type Tls } from '../test/helpers/team-server'
import { CONSOLE_NODE_FLAGS } from './node-flags'
import { startSmscProcess } from './smsc'

const MESSAGES = Number(process.argv[2] ?? 100_000)
const CONSOLES = Number(process.argv[3] ?? 20)
const PROFILE = 'bench-smpp'
const PASSWORD = 'bench-smsc-password'
const ADMIN = { name: 'admin', password: 'bench admin password' }

const profileInput = (port: number) => ({
  kind: 'smpp' as const,
  id: PROFILE,
  name: 'Bench SMSC',
  senders: ['InfoDesk'],
  hosts: [{ host: '127.0.0.1', port }],
  tls: false,
  systemId: 'bench',
  systemType: [],
  window: 1000,
  ratePerSecond: 10000,
  longMessageMode: 'udh' as const,
})

function csv(dir: string): string {
  const file = join(dir, 'campaign.csv')
  const lines = ['phone;name']
  for (let i = 0; i < MESSAGES; i++) lines.push(`99293${String(i).padStart(7, '0')};Client ${i}`)
  writeFileSync(file, lines.join('\r\n') + '\r\n')
  return file
}

/** The anchor: the same campaign through a workstation's core on SQLite. */
async function workstation(file: string, smscPort: number): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-team-ws-'))
  const core = await createCore({
    dataDir,
    mode: 'browser',
    version: 'bench',
    vault: {
      get: (id: string) => Promise.resolve(id === PROFILE ? PASSWORD : null),
      set: () => Promise.resolve(),
      delete: () => Promise.resolve(true),
    },
    chooseImportFile: async () => file,
  })
  const call = async <K extends CallName>(name: K, req: CallRequest<K>) => {
    const r = (await core.handle(name, req)) as Reply<CallResponse<K>>
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`)
    return r.result
  }
  try {
    await call('profiles.save', profileInput(smscPort))
    await call('credentials.set', { profileId: PROFILE, password: PASSWORD })
    const { analysis } = await call('import.openFile', { title: 'bench' })
    if (!analysis) throw new Error('no file')
    const started = performance.now()
    const batch = await call('import.start', {
      uploadId: analysis.uploadId,
      profileId: PROFILE,
      sender: 'InfoDesk',
      phoneColumn: 0,
      template: 'Dear #name#, your parcel is ready',
    })
    for (;;) {
      const b = await call('batch.get', { batchId: batch.id })
      if (b.importState !== 'importing' && b.counters.queued === 0) break
      await new Promise((r) => setTimeout(r, 50))
    }
    return (performance.now() - started) / 1000
  } finally {
    await core.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

function post(url: string, ca: string, path: string, body: unknown): Promise<{ token: string }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body)
    const req = request(
      `${url}${path}`,
      { method: 'POST', ca, headers: { 'Content-Type': 'application/json' } },
      (res) => {
        let text = ''
        res.setEncoding('utf8').on('data', (c: string) => (text += c))
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`${path}: ${res.statusCode} ${text}`))
          else resolve(JSON.parse(text) as { token: string })
        })
      },
    )
    req.on('error', reject)
    req.end(data)
  })
}

interface BenchConsole {
  call(name: string, request: unknown): Promise<unknown>
  /** How late each message.updated reached this console (ms). */
  lateness: number[]
  close(): void
}

async function openConsole(url: string, tls: Tls, token: string): Promise<BenchConsole> {
  const ws = new WebSocket(`${url.replace('https', 'wss')}/api`, {
    ca: tls.ca,
    headers: { Authorization: `Bearer ${token}` },
  })
  const lateness: number[] = []
  const waiting = new Map<number, (r: Reply<unknown>) => void>()
  let next = 1
  ws.on('message', (data) => {
    const at = Date.now()
    type Push = { event?: string; payload?: { updatedAt?: number } }
    const f = JSON.parse(String(data)) as Push & {
      id?: number
      reply?: Reply<unknown>
      events?: Push[]
    }
    for (const e of f.events ?? (f.event ? [f] : [])) {
      if (e.event === 'message.updated' && typeof e.payload?.updatedAt === 'number') {
        lateness.push(at - e.payload.updatedAt)
      }
    }
    if (typeof f.id === 'number' && f.reply) waiting.get(f.id)?.(f.reply)
  })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  return {
    lateness,
    call: (name, req) =>
      new Promise((resolve, reject) => {
        const id = next++
        waiting.set(id, (r) =>
          r.ok ? resolve(r.result) : reject(new Error(`${name}: ${r.error.message}`)),
        )
        ws.send(JSON.stringify({ id, call: name, request: req }))
      }),
    close: () => ws.close(),
  }
}

/** The campaign through a team server with CONSOLES consoles watching. */
async function server(file: string, smscPort: number) {
  const pg = await startPostgres()
  const tls = makeTls()
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-team-srv-'))
  const child = spawn(
    process.execPath,
    [
      ...CONSOLE_NODE_FLAGS,
      join(__dirname, '../out/main/server.js'),
      ...['--database', pg.url, '--listen', '127.0.0.1:0', '--data-dir', dataDir],
      ...['--tls-cert', tls.cert, '--tls-key', tls.key, '--secret-key-file', tls.secretKeyFile],
      ...['--admin', ADMIN.name],
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, SMS_CONSOLE_ADMIN_PASSWORD: ADMIN.password },
    },
  )
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = ''
      child.stdout?.setEncoding('utf8').on('data', (c: string) => {
        out += c
        const m = /^listening on [^\s]+:(\d+)$/m.exec(out)
        if (m) resolve(Number(m[1]))
      })
      child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)))
    })
    const url = `https://127.0.0.1:${port}`
    const consoles: BenchConsole[] = []
    for (let i = 0; i < CONSOLES; i++) {
      const { token } = await post(url, tls.ca, '/api/login', {
        user: ADMIN.name,
        password: ADMIN.password,
      })
      consoles.push(await openConsole(url, tls, token))
    }
    const admin = consoles[0] as BenchConsole
    await admin.call('profiles.save', profileInput(smscPort))
    await admin.call('credentials.set', { profileId: PROFILE, password: PASSWORD })
    // The file uploaded as the browser does: begin, chunks, finish.
    const bytes = (await import('node:fs')).readFileSync(file)
    const { uploadId } = (await admin.call('import.begin', {
      name: 'campaign.csv',
      size: bytes.length,
    })) as {
      uploadId: string
    }
    const CHUNK = 150 * 1024
    for (let seq = 0, at = 0; at < bytes.length; seq++, at += CHUNK) {
      await admin.call('import.chunk', {
        uploadId,
        seq,
        dataBase64: bytes.subarray(at, at + CHUNK).toString('base64'),
      })
    }
    await admin.call('import.finish', { uploadId })
    const started = performance.now()
    const batch = (await admin.call('import.start', {
      uploadId,
      profileId: PROFILE,
      sender: 'InfoDesk',
      phoneColumn: 0,
      template: 'Dear #name#, your parcel is ready',
    })) as { id: number }
    for (;;) {
      const b = (await admin.call('batch.get', { batchId: batch.id })) as {
        importState: string
        counters: { queued: number }
      }
      if (b.importState !== 'importing' && b.counters.queued === 0) break
      await new Promise((r) => setTimeout(r, 100))
    }
    const seconds = (performance.now() - started) / 1000
    // What was pushed up to now, every console's.
    const all = consoles.flatMap((c) => c.lateness).sort((a, b) => a - b)
    const at = (q: number) => all[Math.min(all.length - 1, Math.floor(q * all.length))] ?? null
    for (const c of consoles) c.close()
    return {
      seconds,
      events: all.length,
      eventsPerConsole: Math.round(all.length / CONSOLES),
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      maxMs: all.at(-1) ?? null,
    }
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    await pg.stop()
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(tls.dir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'bench-team-'))
  const smsc = await startSmscProcess(PASSWORD)
  try {
    const file = csv(work)
    const team = await server(file, smsc.port)
    const single = await workstation(file, smsc.port)
    const perSecond = (s: number) => Math.round(MESSAGES / s)
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: `team server: ${CONSOLES} consoles watching while a ${MESSAGES}-message campaign goes out over SMPP`,
          console: {
            messagesPerSecond: perSecond(team.seconds),
            seconds: Math.round(team.seconds * 10) / 10,
            pushLatency: {
              p50Ms: team.p50Ms,
              p99Ms: team.p99Ms,
              maxMs: team.maxMs,
              events: team.events,
              eventsPerConsole: team.eventsPerConsole,
            },
          },
          anchor: {
            what: 'the same campaign on a single workstation (SQLite)',
            messagesPerSecond: perSecond(single),
            seconds: Math.round(single * 10) / 10,
          },
          ratio: Math.round((single / team.seconds) * 100) / 100,
        },
        null,
        2,
      )}\n`,
    )
  } finally {
    smsc.child.kill()
    rmSync(work, { recursive: true, force: true })
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
})
