// Browser mode (`node out/main/serve.js`) on its data folder, for real: a second server on a folder
// already in use names the holder's process and exits; a damaged database is refused, pointing
// at --restore-backup, and with it the console starts on the newest good backup, whose messages
// History shows.
import { spawn, type ChildProcess } from 'node:child_process'
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import { openDataFolder } from '../../src/main/core/db/folder'
import { seededMessage, seedHistory } from './seed-history'

const SERVE_JS = resolve(__dirname, '../../out/main/serve.js')
const running: ChildProcess[] = []
const dirs: string[] = []

test.afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

interface Serve {
  child: ChildProcess
  output(): string
  /** The URL it printed, or the exit code if it exited first. */
  outcome: Promise<{ url: string } | { code: number | null }>
}

function serve(dataDir: string, args: string[] = []): Serve {
  const child = spawn(process.execPath, [SERVE_JS, '--data-dir', dataDir, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.push(child)
  let out = ''
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (out += c))
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (out += c))
  const outcome = new Promise<{ url: string } | { code: number | null }>((done) => {
    child.stdout?.on('data', () => {
      const m = /SMS Operator Console: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out)
      if (m?.[1]) done({ url: m[1] })
    })
    child.once('exit', (code) => done({ code }))
  })
  return { child, output: () => out, outcome }
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sms-console-folder-'))
  dirs.push(d)
  return d
}

test('a second server on a folder in use names the first one and exits', async ({ page }) => {
  const dataDir = tempDir()
  const first = serve(dataDir)
  const started = await first.outcome
  if (!('url' in started)) throw new Error(`the first server did not start:\n${first.output()}`)

  const second = serve(dataDir)
  expect(await second.outcome).toEqual({ code: 1 })
  expect(second.output()).toContain(`process ${first.child.pid}, browser mode`)
  expect(second.output()).toContain(`is using the data folder ${dataDir}`)

  // The first one carries on serving.
  await page.goto(started.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
})

test('a damaged database is refused; --restore-backup starts on the newest good backup', async ({
  page,
}) => {
  test.setTimeout(120_000)
  const dataDir = tempDir()
  seedHistory(dataDir, 5000)
  const folder = await openDataFolder({ dataDir, mode: 'browser', version: 'test' })
  const backup = await folder.backups.takeNow()
  await folder.close()
  expect(backup).not.toBeNull()
  // A page in the middle of the file overwritten, as a failing disk might.
  const dbFile = join(dataDir, 'console.db')
  const pages = statSync(dbFile).size / 4096
  const fd = openSync(dbFile, 'r+')
  writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(pages / 2) * 4096)
  closeSync(fd)
  const damaged = readFileSync(dbFile)

  const refused = serve(dataDir)
  expect(await refused.outcome).toEqual({ code: 1 })
  expect(refused.output()).toContain(`The database ${dbFile} is damaged`)
  expect(refused.output()).toContain('start the console with --restore-backup')
  expect(readFileSync(dbFile).equals(damaged)).toBe(true)

  const restored = serve(dataDir, ['--restore-backup'])
  const started = await restored.outcome
  if (!('url' in started)) throw new Error(`--restore-backup did not start:\n${restored.output()}`)
  expect(restored.output()).toContain('Restored the backup of')

  await page.goto(started.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.getByRole('button', { name: 'History' }).click()
  await expect(page.getByText(seededMessage(5000).text).first()).toBeVisible()
})

test('a server whose terminal went away still closes cleanly on SIGTERM', async () => {
  const dataDir = tempDir()
  const server = serve(dataDir)
  const started = await server.outcome
  if (!('url' in started)) throw new Error(`the server did not start:\n${server.output()}`)
  // Whatever read its output is gone (a closed terminal, a pipe to a finished program): the
  // lines it writes as it closes fail with EPIPE, which must not cut the close short.
  server.child.stdout?.destroy()
  server.child.stderr?.destroy()
  const exited = new Promise<number | null>((done) => server.child.once('exit', done))
  server.child.kill('SIGTERM')
  expect(await exited).toBe(0)
  // It closed its database and let the folder go: a new server starts on it at once.
  const next = serve(dataDir)
  expect(await next.outcome).toMatchObject({ url: expect.stringContaining('http://127.0.0.1:') })
})
