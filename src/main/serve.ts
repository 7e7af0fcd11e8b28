/**
 * `npm run serve`: the console in a browser. Runs the core under plain Node and serves the
 * built renderer on 127.0.0.1 behind a per-run token. Usage:
 *   node out/main/serve.js [--data-dir DIR] [--port N] [--restore-backup]
 * --restore-backup: if the database is refused (damaged, emptied, missing), set it aside and
 * start on the newest backup that passes its check; a sound database is never replaced.
 */
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startWebServer } from './core/adapters/ws'
import { openDataFolder } from './core/db/folder'
import { watchUnhandled } from './core/unhandled'
import { DataFolderError } from './core/db/errors'
import { phraseText } from '../shared/phrases'

watchUnhandled((text) => console.error(`SMS Operator Console: ${text}`))
// Whatever reads this process's output may be gone first (a closed terminal, a pipe into a
// program that ended): a line that cannot be written is dropped, never a crash mid-close.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {})

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '0' },
      'restore-backup': { type: 'boolean', default: false },
    },
    strict: true,
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be 0..65535, not ${values.port}`)
  }
  const dataDir = resolve(
    values['data-dir'] ??
      process.env.SMS_CONSOLE_DATA_DIR ??
      join(homedir(), '.sms-operator-console'),
  )

  const version = packageVersion()
  // The folder first (its lock, its checked database): a refused one is said before any URL.
  const folder = await openDataFolder({
    dataDir,
    mode: 'browser',
    version,
    restoreBackup: values['restore-backup'],
  })
  // Then the page is served while the rest of the core starts; its calls wait for the core,
  // whose code loads only once the URL is out: while the browser loads the page.
  let urlOut!: () => void
  const starting = new Promise<void>((resolve) => (urlOut = resolve))
    .then(() => import('./core/app'))
    .then(({ createCore }) =>
      createCore({
        dataDir,
        mode: 'browser',
        version,
        folder,
        historyWorker: join(__dirname, 'history-worker.js'),
        storageWorker: join(__dirname, 'storage-worker.js'),
        workbookWorker: join(__dirname, 'workbook-worker.js'),
      }),
    )
  let web: Awaited<ReturnType<typeof startWebServer>>
  try {
    web = await startWebServer({ core: starting, port, staticDir: join(__dirname, '../renderer') })
  } catch (err) {
    // The core never started: only the folder to close.
    await folder.close()
    throw err
  }
  let stopping = false
  const stop = (signal: string) => {
    // A second Ctrl+C means "now": skip the graceful unbind.
    if (stopping) process.exit(1)
    stopping = true
    console.info(`SMS Operator Console: ${signal}, closing`)
    // The web server goes first so no call arrives while the SMPP sessions unbind; a core
    // still starting is closed once it is up.
    web
      .close()
      .then(() => starting)
      .then((core) => core.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          console.error('SMS Operator Console: close failed:', err)
          process.exit(1)
        },
      )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  // Only now: whoever reads the URL may stop the server at once, and it must close cleanly.
  console.info(`SMS Operator Console: ${web.url}`)
  urlOut()

  try {
    await starting
  } catch (err) {
    // Stopping already: its own close says how that went.
    if (stopping) return
    await web.close()
    await folder.close()
    throw err
  }
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
      version?: unknown
    }
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0'
  } catch {
    return '0.0.0'
  }
}

main().catch((err: unknown) => {
  // A refused data folder is said in the operator's language, when the terminal's is Russian.
  const text =
    err instanceof DataFolderError
      ? ((russianTerminal() ? phraseText(err.phrase, 'ru') : null) ?? err.message)
      : err instanceof Error
        ? err.message
        : String(err)
  console.error('SMS Operator Console failed to start:', text)
  process.exit(1)
})

function russianTerminal(): boolean {
  const lang = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || ''
  return /^ru/i.test(lang)
}
