// A throwaway PostgreSQL, for the tests and the server's try-out (`npm run server:try`): Debian's `postgresql` binaries, a throwaway cluster made
// by `initdb` in a temporary folder as a user that is not root (the server refuses root), on a
// free port of 127.0.0.1, stopped and removed afterwards.
//
//   const pg = await startPostgres()   // in beforeAll
//   new Pool({ connectionString: pg.url }) …
//   await pg.stop()                    // in afterAll
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { promisify } from 'node:util'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client } from 'pg'

export interface Postgres {
  /** postgres://… of the cluster's superuser, database `console`. */
  url: string
  stop(): Promise<void>
}

/** Where Debian puts the server's programs (the newest version installed). */
function binDir(): string {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : []
  if (!versions[0]) {
    throw new Error(
      'No PostgreSQL server here: install Debian’s `postgresql` package (`.ci/run` does)',
    )
  }
  return join(root, versions[0], 'bin')
}

const run = promisify(execFile)

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const address = s.address()
      const port = typeof address === 'object' && address ? address.port : 0
      s.close(() => resolve(port))
    })
  })
}

/** Root runs the server as the `postgres` user the package made; anyone else as themselves. */
function asServerUser(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0
    ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]]
    : [cmd, args]
}

export async function startPostgres(): Promise<Postgres> {
  const bin = binDir()
  const dir = mkdtempSync(join(tmpdir(), 'console-pg-'))
  const data = join(dir, 'data')
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(dir, uid, gid)
  }
  const [initCmd, initArgs] = asServerUser(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'console',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C',
    '--no-sync',
  ])
  await run(initCmd, initArgs)
  const port = await freePort()
  const [cmd, args] = asServerUser(join(bin, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${dir}`,
    '-c',
    'fsync=off',
  ])
  const server: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  server.stderr?.setEncoding('utf8').on('data', (c: string) => (log = (log + c).slice(-4000)))
  const base = `postgres://console@127.0.0.1:${port}`
  // Ready once it takes a connection (it says so in its log too, but a connection is the proof).
  const deadline = Date.now() + 60_000
  for (;;) {
    if (server.exitCode !== null) throw new Error(`PostgreSQL stopped at start:\n${log}`)
    const c = new Client({ connectionString: `${base}/postgres` })
    let connected = false
    try {
      await c.connect()
      connected = true
      await c.query('CREATE DATABASE console')
      await c.end()
      break
    } catch (err) {
      // A client that never connected has nothing to end (and its end() would never settle).
      if (connected) await c.end().catch(() => {})
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not start: ${String(err)}\n${log}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  return {
    url: `${base}/console`,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r))
        // The server's fast shutdown (a signal to `runuser` would not reach it).
        const [stopCmd, stopArgs] = asServerUser(join(bin, 'pg_ctl'), [
          'stop',
          '-D',
          data,
          '-m',
          'fast',
          '-w',
        ])
        await run(stopCmd, stopArgs)
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
