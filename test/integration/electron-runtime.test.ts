// scripts/electron-runtime.mjs, which runs before `npm start`, `npm run dev` and `npm run dist`:
// Electron's runtime present → nothing happens; missing → Electron's own installer fetches it;
// the download impossible → one plain sentence and a non-zero exit. Each case runs the real
// script in its own process against a throwaway copy of the installed electron package (the real
// node_modules/electron stays as it is), with Electron's real installer (@electron/get and its
// zip extractor) talking over real HTTP to a local server that plays ELECTRON_MIRROR and serves a
// small zip made here in place of Electron's 100 MB one.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { crc32 } from 'node:zlib'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

const root = resolve(__dirname, '../..')
const script = join(root, 'scripts', 'electron-runtime.mjs')
const realElectron = join(root, 'node_modules', 'electron')
const version = (
  JSON.parse(readFileSync(join(realElectron, 'package.json'), 'utf8')) as { version: string }
).version

/** The executable's path inside dist/, as Electron's installer writes it to path.txt. */
const executable =
  process.platform === 'darwin'
    ? 'Electron.app/Contents/MacOS/Electron'
    : process.platform === 'win32'
      ? 'electron.exe'
      : 'electron'
const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`
const zipPath = `/v${version}/${zipName}`
const RUNTIME = '#!/bin/sh\necho "stand-in Electron runtime"\n'

let work: string
let server: Server
let mirror: string
let requests: string[] = []
let routes = new Map<string, { status: number; body: Buffer | string }>()

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'electron-runtime-test-'))
  server = createServer((req, res) => {
    requests.push(req.url ?? '')
    const route = routes.get(req.url ?? '') ?? { status: 404, body: 'Not found' }
    res.writeHead(route.status, { 'Content-Length': String(Buffer.byteLength(route.body)) })
    res.end(route.body)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
})

afterAll(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()))
  if (work) rmSync(work, { recursive: true, force: true })
})

beforeEach(() => {
  requests = []
  routes = new Map()
})

let copies = 0
/**
 * A fresh node_modules holding a copy of the electron package without its runtime, next to the
 * real installer dependencies (linked, as npm would hoist them).
 */
function electronCopy(): string {
  const modules = join(work, `copy-${++copies}`, 'node_modules')
  const dir = join(modules, 'electron')
  cpSync(realElectron, dir, {
    recursive: true,
    filter: (src) => !src.startsWith(join(realElectron, 'dist')) && !src.endsWith('path.txt'),
  })
  for (const scope of ['@electron', '@electron-internal']) {
    symlinkSync(join(root, 'node_modules', scope), join(modules, scope), 'junction')
  }
  return dir
}

function installRuntime(dir: string, runtimeVersion: string): void {
  mkdirSync(join(dir, 'dist', executable, '..'), { recursive: true })
  writeFileSync(join(dir, 'dist', executable), RUNTIME)
  writeFileSync(join(dir, 'dist', 'version'), runtimeVersion)
  writeFileSync(join(dir, 'path.txt'), executable)
}

/** A zip of stored (uncompressed) entries, with Unix modes so the runtime stays executable. */
function zip(entries: Array<{ name: string; data: string; mode: number }>): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8')
    const data = Buffer.from(entry.data, 'utf8')
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(10, 4) // version needed
    local.writeUInt16LE(0x21, 12) // date: 1980-01-01
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE((3 << 8) | 20, 4) // made by: Unix
    central.writeUInt16LE(10, 6)
    central.writeUInt16LE(0x21, 14)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(((0o100000 | entry.mode) << 16) >>> 0, 38)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, data)
    centrals.push(central, name)
    offset += local.length + name.length + data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

const runtimeZip = zip([
  { name: executable, data: RUNTIME, mode: 0o755 },
  { name: 'version', data: version, mode: 0o644 },
])

/** The mirror serves the zip and, for the installer's remote check, its SHASUMS256.txt. */
function serveRuntime(dir = `/v${version}`): void {
  routes.set(`${dir}/${zipName}`, { status: 200, body: runtimeZip })
  const sha = createHash('sha256').update(runtimeZip).digest('hex')
  routes.set(`${dir}/SHASUMS256.txt`, { status: 200, body: `${sha} *${zipName}\n` })
}

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function run(dir: string, env: Record<string, string> = {}): Promise<Run> {
  // Nothing from the calling shell may steer the installer: no mirror from an .npmrc, no CI
  // ELECTRON_SKIP_BINARY_DOWNLOAD, no shared download cache, no proxy.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/electron/i.test(key) && !/^(https?|no|all)_proxy$/i.test(key),
    ),
  )
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, [script, '--electron-dir', dir], {
      env: {
        ...base,
        ELECTRON_MIRROR: mirror,
        electron_config_cache: join(work, `cache-${copies}`),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    child.on('error', failed)
    child.on('close', (code) => done({ code, stdout, stderr }))
  })
}

/** One line, naming the script, with no stack trace. */
function expectPlainSentence(stderr: string): void {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '')
  expect(lines, stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^electron-runtime: /)
  expect(stderr).not.toMatch(/^\s+at /m)
  expect(stderr).not.toMatch(/\.js:\d+/)
}

describe('Electron runtime before npm start', () => {
  it('does nothing when the runtime is installed', async () => {
    const dir = electronCopy()
    installRuntime(dir, version)
    serveRuntime()
    const result = await run(dir)
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' })
    expect(requests).toEqual([])
  })

  it("fetches a missing runtime through Electron's installer from ELECTRON_MIRROR", async () => {
    const dir = electronCopy()
    serveRuntime()
    const result = await run(dir, { electron_use_remote_checksums: '1' })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`downloading it (about 100 MB, this once) from ${mirror}`)
    expect(result.stdout).toContain(`Electron ${version} is installed`)
    expect(requests).toContain(zipPath)
    // What electron-vite and the electron package read to find the runtime.
    expect(readFileSync(join(dir, 'path.txt'), 'utf8')).toBe(executable)
    expect(readFileSync(join(dir, 'dist', executable), 'utf8')).toBe(RUNTIME)

    // Once there, the next start does not ask the mirror again.
    requests = []
    expect((await run(dir)).code).toBe(0)
    expect(requests).toEqual([])
  })

  it('finds the runtime on a mirror laid out by bare version with ELECTRON_CUSTOM_DIR', async () => {
    const dir = electronCopy()
    serveRuntime(`/${version}`)
    const result = await run(dir, {
      ELECTRON_CUSTOM_DIR: '{{ version }}',
      electron_use_remote_checksums: '1',
    })
    expect(result.code).toBe(0)
    expect(requests).toContain(`/${version}/${zipName}`)
    expect(readFileSync(join(dir, 'dist', executable), 'utf8')).toBe(RUNTIME)
  })

  it('goes through an HTTP proxy with ELECTRON_GET_USE_PROXY', async () => {
    const dir = electronCopy()
    serveRuntime()
    const tunnels: string[] = []
    const proxy = createServer((_req, res) => res.writeHead(405).end())
    proxy.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
      tunnels.push(req.url ?? '')
      const [host, port] = (req.url ?? '').split(':')
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n')
        upstream.write(head)
        upstream.pipe(client)
        client.pipe(upstream)
      })
      upstream.on('error', () => client.destroy())
      client.on('error', () => upstream.destroy())
    })
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done))
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
      const result = await run(dir, {
        ELECTRON_GET_USE_PROXY: '1',
        HTTP_PROXY: proxyUrl,
        HTTPS_PROXY: proxyUrl,
        NO_PROXY: '',
        electron_use_remote_checksums: '1',
      })
      expect(result.code).toBe(0)
      expect(tunnels).toContain(new URL(mirror).host)
      expect(readFileSync(join(dir, 'dist', executable), 'utf8')).toBe(RUNTIME)
    } finally {
      proxy.closeAllConnections()
      await new Promise<void>((done) => proxy.close(() => done()))
    }
  })

  it('replaces a runtime left from another Electron version', async () => {
    const dir = electronCopy()
    installRuntime(dir, '44.0.0')
    serveRuntime()
    const result = await run(dir, { electron_use_remote_checksums: '1' })
    expect(result.code).toBe(0)
    expect(requests).toContain(zipPath)
    expect(readFileSync(join(dir, 'dist', 'version'), 'utf8')).toBe(version)
  })

  for (const status of [404, 403]) {
    it(`says plainly that the mirror refused the download (${status})`, async () => {
      const dir = electronCopy()
      routes.set(zipPath, { status, body: 'no' })
      const result = await run(dir)
      expect(result.code).toBe(1)
      expectPlainSentence(result.stderr)
      expect(result.stderr).toContain(`could not download Electron ${version} from ${mirror}`)
      expect(result.stderr).toContain(`answered ${status}`)
      expect(result.stderr).toContain(`${mirror.slice(0, -1)}${zipPath}`)
      expect(result.stderr).toContain('set ELECTRON_MIRROR to a reachable mirror')
      expect(existsSync(join(dir, 'path.txt'))).toBe(false)
    })
  }

  it('says plainly that the mirror cannot be reached', async () => {
    const dir = electronCopy()
    // A port that was just free: nothing listens there.
    const closed = createServer()
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((done) => closed.close(() => done()))
    const result = await run(dir, { ELECTRON_MIRROR: `http://127.0.0.1:${port}/` })
    expect(result.code).toBe(1)
    expectPlainSentence(result.stderr)
    expect(result.stderr).toContain(`no connection to 127.0.0.1:${port}`)
    expect(result.stderr).toContain('set ELECTRON_MIRROR to a reachable mirror')
    expect(existsSync(join(dir, 'path.txt'))).toBe(false)
  })

  it("refuses a file that does not match the checksum shipped with Electron's package", async () => {
    const dir = electronCopy()
    serveRuntime()
    // No remote checksums: the installer checks against the package's checksums.json, which
    // holds the real zip's digest, not this one's.
    const result = await run(dir)
    expect(result.code).toBe(1)
    expectPlainSentence(result.stderr)
    expect(result.stderr).toContain('does not match the checksum Electron publishes')
    expect(requests).toContain(zipPath)
    expect(existsSync(join(dir, 'path.txt'))).toBe(false)
  })

  it('never downloads when ELECTRON_SKIP_BINARY_DOWNLOAD is set, as in CI', async () => {
    const dir = electronCopy()
    serveRuntime()
    const result = await run(dir, { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })
    expect(result.code).toBe(1)
    expectPlainSentence(result.stderr)
    expect(result.stderr).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set')
    expect(requests).toEqual([])
  })

  it('names a directory that is not the electron package', async () => {
    const result = await run(join(work, 'nowhere'))
    expect(result.code).toBe(1)
    expectPlainSentence(result.stderr)
    expect(result.stderr).toContain('is not the electron package')
  })
})
