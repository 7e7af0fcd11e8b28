#!/usr/bin/env node
// Makes sure Electron's runtime (the binary in node_modules/electron/dist) is there before
// `npm start`, `npm run dev` and `npm run dist`. Since Electron 42, `npm install` no longer
// downloads it: the electron package fetches it on first use of its own bin, while
// electron-vite only reads node_modules/electron/path.txt and stops with "Electron uninstall".
// When the runtime is missing this runs Electron's own installer (the package's install.js,
// i.e. @electron/get), which honours ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR,
// ELECTRON_CUSTOM_FILENAME, electron_config_cache, ELECTRON_GET_USE_PROXY and the rest, verifies
// the download against the checksums shipped in the package and unzips it. A failure comes out
// as one sentence, not as the installer's stack trace. Does nothing when the runtime is there.
//   --electron-dir <dir>   the electron package to check and install into (default: the one
//                          node_modules resolves; tests point it at a throwaway copy)
// ELECTRON_SKIP_BINARY_DOWNLOAD set: never download, fail if the runtime is missing.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { platform as osPlatform, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const NAME = 'electron-runtime'
const MIRROR_HELP =
  'set ELECTRON_MIRROR to a reachable mirror of Electron\'s releases (README, "Electron from a mirror") and try again, or use browser mode (`npm run serve`), which needs no Electron'

/** Prints one plain sentence and exits non-zero. */
function fail(sentence) {
  console.error(`${NAME}: ${sentence}`)
  process.exit(1)
}

function electronPackageDir() {
  const i = process.argv.findIndex((a) => a === '--electron-dir' || a.startsWith('--electron-dir='))
  if (i !== -1) {
    const arg = process.argv[i]
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : process.argv[i + 1]
    if (!value)
      fail('--electron-dir needs a directory: --electron-dir <path to the electron package>')
    return resolve(value)
  }
  try {
    return dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'))
  } catch {
    return fail('the electron package is not installed; run `npm install` first')
  }
}

const electronDir = electronPackageDir()
const installer = join(electronDir, 'install.js')
let version
try {
  version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version
} catch {
  fail(`${electronDir} is not the electron package (no readable package.json)`)
}
if (!existsSync(installer)) {
  fail(`${electronDir} has no install.js, so it is not an electron package this script knows`)
}

// electron-vite runs ELECTRON_EXEC_PATH instead of the package's runtime when it is set.
if (process.env.ELECTRON_EXEC_PATH) {
  if (existsSync(process.env.ELECTRON_EXEC_PATH)) process.exit(0)
  fail(`ELECTRON_EXEC_PATH points at ${process.env.ELECTRON_EXEC_PATH}, which does not exist`)
}

/** The executable inside dist/, as Electron's install.js names it for this platform. */
function platformPath() {
  const platform =
    process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || osPlatform()
  switch (platform) {
    case 'mas':
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron'
    case 'freebsd':
    case 'openbsd':
    case 'linux':
      return 'electron'
    case 'win32':
      return 'electron.exe'
    default:
      return fail(`Electron publishes no runtime for this platform (${platform})`)
  }
}

/** The same test as Electron's install.js: this version, this platform's executable, present. */
function installed() {
  try {
    const distVersion = readFileSync(join(electronDir, 'dist', 'version'), 'utf8')
    const pathTxt = readFileSync(join(electronDir, 'path.txt'), 'utf8')
    return (
      distVersion.trim().replace(/^v/, '') === version &&
      pathTxt === platformPath() &&
      existsSync(join(electronDir, 'dist', pathTxt))
    )
  } catch {
    return false
  }
}

if (installed()) process.exit(0)

const skip = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD
if (skip && skip !== '0' && skip.toLowerCase() !== 'false') {
  fail(
    `the Electron ${version} runtime is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not downloaded; unset that variable and try again, or use browser mode (\`npm run serve\`), which needs no Electron`,
  )
}

// Where @electron/get will look, read from the same settings it reads (.npmrc, package.json
// config, environment), for the messages only: the installer decides.
const mirror =
  process.env.npm_config_electron_mirror ||
  process.env.NPM_CONFIG_ELECTRON_MIRROR ||
  process.env.npm_package_config_electron_mirror ||
  process.env.ELECTRON_MIRROR ||
  null
const source = mirror
  ? withoutCredentials(mirror)
  : 'GitHub (github.com/electron/electron/releases)'

console.info(
  `${NAME}: the Electron ${version} runtime is not installed yet; downloading it (about 100 MB, this once) from ${source}…`,
)

// The installer's temporary download lands in a folder of our own, so its growth can be shown:
// its own progress bar needs a terminal, and its output goes through this script.
const scratch = mkdtempSync(join(tmpdir(), 'electron-runtime-'))
const result = await runInstaller(scratch).finally(() =>
  rmSync(scratch, { recursive: true, force: true }),
)

if (result.code === 0 && installed()) {
  console.info(`${NAME}: Electron ${version} is installed in ${join(electronDir, 'dist')}`)
  process.exit(0)
}
if (result.code === 0) {
  fail(
    `Electron's installer finished, but ${join(electronDir, 'dist', platformPath())} is not there or is not version ${version}; delete ${join(electronDir, 'dist')} and try again`,
  )
}
fail(`could not download Electron ${version} from ${source}: ${reason(result)}; ${MIRROR_HELP}`)

function runInstaller(tempDir) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [installer], {
      cwd: electronDir,
      env: { ...process.env, TMPDIR: tempDir, TMP: tempDir, TEMP: tempDir },
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    })
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk))
    const progress = process.stderr.isTTY ? showProgress(tempDir) : null
    child.on('error', (err) => {
      progress?.stop()
      done({ code: 1, signal: null, output: `Error: ${err.message}` })
    })
    child.on('close', (code, signal) => {
      progress?.stop()
      done({ code, signal, output })
    })
  })
}

function showProgress(dir) {
  let shown = false
  const timer = setInterval(() => {
    const mb = bytesUnder(dir) / 1e6
    if (mb < 1) return
    shown = true
    process.stderr.write(`\r${NAME}: ${mb.toFixed(0)} MB downloaded`)
  }, 1000)
  return {
    stop() {
      clearInterval(timer)
      if (shown) process.stderr.write('\n')
    },
  }
}

function bytesUnder(dir) {
  let total = 0
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      total += entry.isDirectory() ? bytesUnder(path) : statSync(path).size
    }
  } catch {
    // The installer moves and removes its files as it goes.
  }
  return total
}

/** What went wrong, in words, from the installer's output (an error and its stack). */
function reason({ code, signal, output }) {
  if (code === null) return `the installer was stopped by ${signal}`
  const http = /HTTPError: Response code (\d+) \(([^)]*)\) for (\S+)/.exec(output)
  if (http) return `the server answered ${http[1]} ${http[2]} for ${http[3]}`
  if (/fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET/.test(output)) {
    const host = mirror ? safeHost(mirror) : 'github.com'
    return `no connection to ${host} (refused, unknown host, or blocked by a firewall or proxy)`
  }
  if (/checksum/i.test(output)) {
    return 'the file it served does not match the checksum Electron publishes for this version, so it was not installed (the mirror holds a different or damaged file)'
  }
  const first = output
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith('at '))
  return first
    ? first.replace(/^Error: /, '').slice(0, 300)
    : `the installer exited with code ${code}`
}

function safeHost(url) {
  try {
    return new URL(url).host || url
  } catch {
    return url
  }
}

function withoutCredentials(url) {
  try {
    const parsed = new URL(url)
    parsed.username = ''
    parsed.password = ''
    return parsed.href
  } catch {
    return url
  }
}
