// The WebSocket adapter in front of the real core on a temporary data dir: what a browser
// page (or anything else on this machine) can and cannot do through it.
import { request as httpRequest } from 'node:http'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { MAX_REQUEST_BYTES, MAX_TEXT_LENGTH } from '../../src/shared/contract'
import {
  startWebServer,
  WS_HARD_MAX_PAYLOAD,
  type WebServer,
} from '../../src/main/core/adapters/ws'
import { testCore } from '../helpers/test-core'
import { memoryVault } from '../helpers/vault'

let dir: string
let staticDir: string
let web: WebServer

// This file tests the adapter, not the keychain: the sandbox profile needs no password anyway.
const t = testCore({ vault: memoryVault() })

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bridge-ws-'))
  staticDir = join(dir, 'renderer')
  mkdirSync(join(staticDir, 'assets'), { recursive: true })
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>')
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(dir, 'secret.txt'), 'outside the static root')
  web = await startWebServer({ core: t.core, staticDir })
})

afterAll(async () => {
  await web?.close()
  rmSync(dir, { recursive: true, force: true })
})

const origin = () => `http://127.0.0.1:${web.port}`

interface Client {
  ws: WebSocket
  /** Sends raw text (or an object as JSON) and waits for the next reply frame. */
  raw(frame: string | Buffer): Promise<{ id: number | null; reply: ReplyShape }>
  call(call: string, request: unknown): Promise<ReplyShape>
  events: Array<{ event: string; payload: unknown }>
  close(): void
}
type ReplyShape =
  { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } }

async function connect(
  query = `?token=${web.token}`,
  headers: Record<string, string> = { Origin: origin() },
): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${web.port}/api${query}`, { headers })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  const waiting: Array<(m: { id: number | null; reply: ReplyShape }) => void> = []
  const events: Array<{ event: string; payload: unknown }> = []
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as {
      id?: number | null
      reply?: ReplyShape
      event?: string
      payload?: unknown
    }
    if (m.event) events.push({ event: m.event, payload: m.payload })
    else waiting.shift()?.({ id: m.id ?? null, reply: m.reply as ReplyShape })
  })
  let next = 1
  const raw = (frame: string | Buffer) =>
    new Promise<{ id: number | null; reply: ReplyShape }>((resolve) => {
      waiting.push(resolve)
      ws.send(frame)
    })
  return {
    ws,
    raw,
    events,
    call: async (call, request) => (await raw(JSON.stringify({ id: next++, call, request }))).reply,
    close: () => ws.close(),
  }
}

/** Tries to open the socket; resolves with the HTTP status the upgrade was refused with. */
function refusedStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      ws.terminate()
    })
    ws.once('open', () => {
      ws.close()
      reject(new Error('the socket was opened'))
    })
    ws.once('error', () => {})
  })
}

function get(
  path: string,
  host = `127.0.0.1:${web.port}`,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: web.port, path, headers: { Host: host } },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

const send = (over: Record<string, unknown> = {}) => ({
  profileId: 'sandbox',
  sender: 'InfoDesk',
  phone: '+992 90 123 4567',
  text: 'Hello from the test',
  ...over,
})

describe('WebSocket API', () => {
  it('answers a good call and pushes the message to delivered', async () => {
    const c = await connect()
    const info = await c.call('app.info', {})
    expect(info).toEqual({ ok: true, result: expect.objectContaining({ mode: 'browser' }) })
    const profiles = await c.call('profiles.list', {})
    expect(profiles).toMatchObject({
      ok: true,
      result: expect.arrayContaining([expect.objectContaining({ id: 'sandbox', sandbox: true })]),
    })
    const sent = await c.call('messages.send', send())
    expect(sent).toMatchObject({ ok: true, result: { phone: '992901234567', state: 'queued' } })
    const id = sent.ok ? (sent.result as { id: number }).id : -1
    const states = () =>
      c.events
        .filter((e) => e.event === 'message.updated')
        .map((e) => e.payload as { id: number; state: string })
        .filter((m) => m.id === id)
        .map((m) => m.state)
    await expect.poll(states, { timeout: 20_000 }).toContain('delivered')
    expect(states()).toContain('accepted')
    c.close()
  })

  it('gives each malformed call a typed error and keeps answering', async () => {
    const c = await connect()
    const bad: Array<[string, string | Buffer, string]> = [
      [
        'wrong type',
        JSON.stringify({ id: 1, call: 'messages.send', request: send({ phone: 992901234567 }) }),
        'BAD_REQUEST',
      ],
      [
        'missing field',
        JSON.stringify({ id: 2, call: 'messages.send', request: send({ text: undefined }) }),
        'BAD_REQUEST',
      ],
      ['unknown call', JSON.stringify({ id: 3, call: 'system.exec', request: {} }), 'UNKNOWN_CALL'],
      [
        'text too long',
        JSON.stringify({
          id: 4,
          call: 'messages.send',
          request: send({ text: 'a'.repeat(MAX_TEXT_LENGTH + 1) }),
        }),
        'BAD_REQUEST',
      ],
      [
        'extra request field',
        JSON.stringify({ id: 5, call: 'app.info', request: { admin: true } }),
        'BAD_REQUEST',
      ],
      [
        'extra envelope field',
        JSON.stringify({ id: 6, call: 'app.info', request: {}, sudo: 1 }),
        'BAD_REQUEST',
      ],
      ['non-JSON', '{"id": 7, "call": ', 'BAD_REQUEST'],
      ['JSON but no envelope', '[1,2,3]', 'BAD_REQUEST'],
      ['binary frame', Buffer.from([0, 1, 2]), 'BAD_REQUEST'],
      [
        'over MAX_REQUEST_BYTES',
        JSON.stringify({
          id: 8,
          call: 'messages.send',
          request: send({ text: 'a'.repeat(MAX_REQUEST_BYTES) }),
        }),
        'TOO_LARGE',
      ],
    ]
    for (const [what, frame, code] of bad) {
      const { reply } = await c.raw(frame)
      expect(reply.ok, what).toBe(false)
      if (!reply.ok) expect(reply.error.code, what).toBe(code)
      expect((await c.call('app.info', {})).ok, `answers after ${what}`).toBe(true)
    }
    c.close()
  })

  it('names the offending field of a bad send and echoes the id when it can', async () => {
    const c = await connect()
    const { id, reply } = await c.raw(
      JSON.stringify({ id: 41, call: 'messages.send', request: send({ phone: 'call me' }) }),
    )
    expect(id).toBe(41)
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('phone') },
    })
    const big = await c.raw(
      JSON.stringify({ id: 42, call: 'app.info', request: { pad: 'x'.repeat(MAX_REQUEST_BYTES) } }),
    )
    expect(big.id).toBe(42)
    const notJson = await c.raw('nonsense')
    expect(notJson.id).toBeNull()
    c.close()
  })

  it('closes with 1009 on a frame over the hard limit, and the server lives on', async () => {
    const c = await connect()
    const closed = new Promise<number>((resolve) => c.ws.once('close', (code) => resolve(code)))
    c.ws.send('x'.repeat(WS_HARD_MAX_PAYLOAD + 1))
    expect(await closed).toBe(1009)
    const again = await connect()
    expect((await again.call('app.info', {})).ok).toBe(true)
    again.close()
  })

  it('refuses a wrong token, a missing token and a foreign Origin', async () => {
    const url = (q: string) => `ws://127.0.0.1:${web.port}/api${q}`
    expect(await refusedStatus(url('?token=' + 'f'.repeat(64)), { Origin: origin() })).toBe(401)
    expect(await refusedStatus(url(`?token=${web.token.slice(0, -1)}`), { Origin: origin() })).toBe(
      401,
    )
    expect(await refusedStatus(url(''), { Origin: origin() })).toBe(401)
    expect(await refusedStatus(url(`?token=${web.token}`), { Origin: 'http://evil.example' })).toBe(
      403,
    )
    expect(
      await refusedStatus(url(`?token=${web.token}`), { Origin: `http://localhost:${web.port}` }),
    ).toBe(403)
    expect(await refusedStatus(url(`?token=${web.token}`), {})).toBe(403)
    expect(
      await refusedStatus(`ws://127.0.0.1:${web.port}/other?token=${web.token}`, {
        Origin: origin(),
      }),
    ).toBe(404)
  })
})

describe('static files', () => {
  it('serves the renderer with a CSP and the right types', async () => {
    const index = await get('/')
    expect(index.status).toBe(200)
    expect(index.headers['content-type']).toMatch(/text\/html/)
    expect(String(index.headers['content-security-policy'])).toContain("script-src 'self'")
    const js = await get('/assets/app.js?v=1')
    expect(js.status).toBe(200)
    expect(js.headers['content-type']).toMatch(/text\/javascript/)
    expect((await get('/missing.js')).status).toBe(404)
  })

  it('refuses paths that leave the static folder', async () => {
    for (const path of [
      '/../package.json',
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%252e%252e/secret.txt',
      '/assets/%00.js',
      '/%c0%ae%c0%ae/secret.txt',
    ]) {
      const res = await get(path)
      expect([403, 404], path).toContain(res.status)
      expect(res.body, path).not.toContain('outside the static root')
    }
    expect((await get('/../secret.txt')).status).toBe(403)
  })

  it('answers only its own Host name', async () => {
    expect((await get('/', `evil.example:${web.port}`)).status).toBe(421)
  })

  it('serves a file rebuilt since it was first read as it is now', async () => {
    const file = join(staticDir, 'assets', 'rebuilt.js')
    writeFileSync(file, 'console.log("first build")')
    expect((await get('/assets/rebuilt.js')).body).toBe('console.log("first build")')
    writeFileSync(file, 'console.log("the second, longer build")')
    const again = await get('/assets/rebuilt.js')
    expect(again.body).toBe('console.log("the second, longer build")')
    expect(again.headers['content-length']).toBe(String(again.body.length))
    rmSync(file)
    expect((await get('/assets/rebuilt.js')).status).toBe(404)
  })
})

describe('a core still starting', () => {
  it('serves the page at once; calls made meanwhile are answered once the core is up', async () => {
    let up!: (core: typeof t.core) => void
    const early = await startWebServer({
      core: new Promise<typeof t.core>((resolve) => (up = resolve)),
      staticDir,
    })
    try {
      const page = await new Promise<number>((resolve, reject) => {
        httpRequest(
          {
            host: '127.0.0.1',
            port: early.port,
            path: '/',
            headers: { Host: `127.0.0.1:${early.port}` },
          },
          (res) => resolve(res.statusCode ?? 0),
        )
          .on('error', reject)
          .end()
      })
      expect(page).toBe(200)
      const ws = new WebSocket(`ws://127.0.0.1:${early.port}/api?token=${early.token}`, {
        headers: { Origin: `http://127.0.0.1:${early.port}` },
      })
      await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject))
      const frames: { id?: number; reply?: ReplyShape; event?: string }[] = []
      const answered = new Promise<void>((resolve) =>
        ws.on('message', (data) => {
          const m = JSON.parse(String(data)) as { id?: number; reply?: ReplyShape; event?: string }
          frames.push(m)
          if (m.id === 1) resolve()
        }),
      )
      ws.send(JSON.stringify({ id: 1, call: 'profiles.list', request: {} }))
      // Nothing can answer yet: the socket stays open and quiet until the core is given.
      await new Promise((resolve) => setImmediate(resolve))
      expect(frames).toEqual([])
      up(t.core)
      await answered
      const reply = frames.find((f) => f.id === 1)?.reply
      expect(reply?.ok).toBe(true)
      // And its events reach the page from then on.
      const sent = await t.core.handle('messages.send', send({ text: 'after the start' }))
      expect(sent.ok).toBe(true)
      await expect.poll(() => frames.some((f) => f.event === 'message.updated')).toBe(true)
      ws.close()
    } finally {
      await early.close()
    }
  })

  it('closes the API sockets when the start fails', async () => {
    let fail!: (err: Error) => void
    const failing = await startWebServer({
      core: new Promise<typeof t.core>((_, reject) => (fail = reject)),
      staticDir,
    })
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${failing.port}/api?token=${failing.token}`, {
        headers: { Origin: `http://127.0.0.1:${failing.port}` },
      })
      await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject))
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
      fail(new Error('the database is damaged'))
      expect(await closed).toBe(1011)
    } finally {
      await failing.close()
    }
  })
})
