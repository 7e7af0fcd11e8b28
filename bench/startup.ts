// Process start → page ready in browser mode: `node out/main/serve.js` on a fresh data folder,
// until the page says it is ready (`<html data-ready>`, its profiles loaded over the bridge).
// Anchor, in the same run: plain Node serving the same built page until the browser's `load`.
// Prints JSON. Needs a build (`npx electron-vite build`). Run: npx tsx bench/startup.ts [runs]
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser } from '@playwright/test'
import { CONSOLE_NODE_FLAGS } from './node-flags'

const RUNS = Number(process.argv[2] ?? 7)
const ROOT = resolve(__dirname, '..')
const SERVE_JS = join(ROOT, 'out/main/serve.js')
const RENDERER = join(ROOT, 'out/renderer')

// The same page served by nothing but node:http: what the console's start is compared with.
const PLAIN_SERVER = `
const http = require('node:http'), fs = require('node:fs'), path = require('node:path')
const root = ${JSON.stringify(RENDERER)}
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }
const server = http.createServer((req, res) => {
  const file = path.join(root, new URL(req.url, 'http://x').pathname.replace(/\\/$/, '/index.html'))
  fs.readFile(file, (err, body) => {
    if (err) return res.writeHead(404).end()
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' })
    res.end(body)
  })
})
server.listen(0, '127.0.0.1', () => console.log('SMS Operator Console: http://127.0.0.1:' + server.address().port + '/'))
`

function urlOf(child: ChildProcess): Promise<string> {
  return new Promise((done, fail) => {
    let out = ''
    child.stdout?.setEncoding('utf8').on('data', (c: string) => {
      out += c
      const m = /SMS Operator Console: (http:\/\/\S+)/.exec(out)
      if (m?.[1]) done(m[1])
    })
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (out += c))
    child.once('exit', (code) => fail(new Error(`exited with ${code} before its URL:\n${out}`)))
  })
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  child.kill('SIGTERM')
  await exited
}

interface Run {
  url: number
  load: number
  ready: number
}

async function once(browser: Browser, args: string[], ready: 'data-ready' | 'load'): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-startup-'))
  const page = await browser.newPage()
  const start = performance.now()
  // As `npm run serve` starts it (the plain server too, alike).
  const child = spawn(
    process.execPath,
    [...CONSOLE_NODE_FLAGS, ...args, '--data-dir', dataDir, '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  try {
    const url = await urlOf(child)
    const urlAt = performance.now()
    await page.goto(url, { waitUntil: 'load' })
    const loadAt = performance.now()
    if (ready === 'data-ready') {
      await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' })
    }
    return { url: urlAt - start, load: loadAt - start, ready: performance.now() - start }
  } finally {
    await page.close()
    await stop(child)
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return Math.round(s[Math.floor(s.length / 2)] ?? NaN)
}

async function main(): Promise<void> {
  if (!existsSync(SERVE_JS)) throw new Error('no build: run `npx electron-vite build` first')
  const browser = await chromium.launch({
    executablePath: existsSync(chromium.executablePath()) ? undefined : '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
  try {
    // One of each first: disk caches and the browser warm up alike for both.
    await once(browser, [SERVE_JS], 'data-ready')
    await once(browser, ['-e', PLAIN_SERVER, '--'], 'load')
    const consoleRuns: Run[] = []
    const anchorRuns: Run[] = []
    for (let i = 0; i < RUNS; i++) {
      consoleRuns.push(await once(browser, [SERVE_JS], 'data-ready'))
      anchorRuns.push(await once(browser, ['-e', PLAIN_SERVER, '--'], 'load'))
    }
    const consoleMs = median(consoleRuns.map((r) => r.ready))
    const anchorMs = median(anchorRuns.map((r) => r.ready))
    console.info(
      JSON.stringify(
        {
          bench: 'process start → page ready (browser mode)',
          runs: RUNS,
          console: {
            readyMs: consoleMs,
            urlPrintedMs: median(consoleRuns.map((r) => r.url)),
            pageLoadedMs: median(consoleRuns.map((r) => r.load)),
          },
          anchor: {
            what: 'plain node:http serving the same page, until load',
            readyMs: anchorMs,
            urlPrintedMs: median(anchorRuns.map((r) => r.url)),
            pageLoadedMs: median(anchorRuns.map((r) => r.load)),
          },
          ratio: Math.round((anchorMs / consoleMs) * 100) / 100,
        },
        null,
        2,
      ),
    )
  } finally {
    await browser.close()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
