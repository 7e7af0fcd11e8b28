// Starts the browser-mode console (`node out/main/serve.js`) on a fresh data dir for a test file.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, type Locator, type Page } from '@playwright/test'

export interface Served {
  /** The printed URL, token included. */
  url: string
  origin: string
  token: string
  dataDir: string
  /** Everything the process wrote, for failure messages. */
  output(): string
  stop(): Promise<number | null>
  /** Kills it for real (SIGKILL), leaving its data folder as the kill found it. */
  kill(): Promise<void>
}

const SERVE_JS = resolve(__dirname, '../../out/main/serve.js')

export interface ServeOptions {
  /** Fills the fresh data dir before the console starts (a seeded database, say). */
  prepare?(dataDir: string): void | Promise<void>
  /** An empty folder of the test's own to use (on a small disk, say) instead of a fresh one. */
  dataDir?: string
}

export async function startServe(options: ServeOptions = {}): Promise<Served> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sms-console-e2e-'))
  try {
    await options.prepare?.(dataDir)
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true })
    throw err
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [SERVE_JS, '--data-dir', dataDir, '--port', '0'],
    // Strict: an unhandled rejection ends the process, and stop() fails the test over it.
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SMS_CONSOLE_STRICT: '1' } },
  )
  let out = ''
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (out += c))
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (out += c))

  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve.js printed no URL in 30 s:\n${out}`)),
      30_000,
    )
    const check = () => {
      const m = /SMS Operator Console: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out)
      if (m?.[1]) {
        clearTimeout(timer)
        resolveUrl(m[1])
      }
    }
    child.stdout?.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`serve.js exited with ${code} before printing its URL:\n${out}`))
    })
  })
  const parsed = new URL(url)
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    output: () => out,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise<void>((done) => child.once('exit', () => done()))
      child.kill('SIGKILL')
      await exited
    },
    async stop() {
      const exited = new Promise<number | null>((done) => {
        if (child.exitCode !== null) done(child.exitCode)
        else child.once('exit', (code) => done(code))
      })
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      const code = await exited
      clearTimeout(timer)
      rmSync(dataDir, { recursive: true, force: true })
      if (out.includes('unhandled rejection')) {
        throw new Error(`the console left a promise rejection unhandled:\n${out}`)
      }
      return code
    },
  }
}

/**
 * The test as the console's own API client, from the page (same origin, the served token):
 * sends one call and returns its answer, failing the test on an error.
 */
export async function callApi(
  page: Page,
  served: Served,
  call: string,
  request: unknown,
): Promise<unknown> {
  const wsUrl = `${served.origin.replace('http', 'ws')}/api?token=${served.token}`
  const reply = await page.evaluate(
    ([url, name, req]) =>
      new Promise<string>((done) => {
        const ws = new WebSocket(url)
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, call: name, request: req }))
        // Pushed events share the socket: wait for the answer to this call.
        ws.onmessage = (e) => {
          const text = String(e.data)
          if ((JSON.parse(text) as { id?: number }).id !== 1) return
          done(text)
          ws.close()
        }
        ws.onerror = () => done('{"error":"socket"}')
      }),
    [wsUrl, call, request] as const,
  )
  const answer = JSON.parse(reply) as { id?: number; reply?: { ok?: boolean; result?: unknown } }
  expect(answer, reply).toMatchObject({ id: 1, reply: { ok: true } })
  return answer.reply?.result
}

/** A subscriber writes in: the sandbox injects the message. */
export async function injectInbound(
  page: Page,
  served: Served,
  request: { from: string; to: string; text: string; profileId?: string },
): Promise<void> {
  await callApi(page, served, 'sandbox.injectInbound', request)
}

/** The console's page, ready, on one of its screens (by the navigation bar's name). */
export async function openScreen(page: Page, served: Served, screen: string): Promise<void> {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: screen })
    .click()
}

/** The header's light for every connection: opens the connections panel if it is closed. */
export async function connectionLights(page: Page): Promise<Locator> {
  const summary = page.getByRole('button', {
    name: /^(Provider connections|Подключения к провайдерам):/,
  })
  if ((await summary.getAttribute('aria-expanded')) !== 'true') await summary.click()
  return page
    .getByRole('list', { name: /^(Provider connections|Подключения к провайдерам)$/ })
    .getByRole('status')
}
