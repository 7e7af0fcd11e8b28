#!/usr/bin/env node
// Builds better-sqlite3 for the Electron runtime into build/native/electron/, leaving the Node
// build in node_modules alone (tests and browser mode use that one). The Electron main process
// picks this file through better-sqlite3's `nativeBinding` option; packaged builds carry it as
// an extra resource. Runs before `npm start`, `npm run dev` and `npm run dist` (after
// scripts/electron-runtime.mjs has made sure the runtime is there); does nothing when up to date.
//   --required   fail instead of skipping when the Electron runtime is not installed
import { spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  copyFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))
const required = process.argv.includes('--required')
const outDir = join(root, 'build', 'native', 'electron')
const outFile = join(outDir, 'better_sqlite3.node')
const stampFile = join(outDir, 'stamp.json')

const version = (pkg) =>
  JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version
const electronVersion = version('electron')
const sqliteVersion = version('better-sqlite3')
const arch = process.env.npm_config_arch || process.arch
const stamp = JSON.stringify({ electronVersion, sqliteVersion, arch, platform: process.platform })

if (existsSync(outFile) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp)
  process.exit(0)

// Not require('electron'): that starts a download when the runtime is missing.
const electronDir = dirname(require.resolve('electron/package.json'))
const pathTxt = join(electronDir, 'path.txt')
const electronBinary = existsSync(pathTxt)
  ? join(
      process.env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist'),
      readFileSync(pathTxt, 'utf8'),
    )
  : null
if (!electronBinary || !existsSync(electronBinary)) {
  // `npm install` does not download it (Electron 42 and later): scripts/electron-runtime.mjs,
  // run before this by `npm start`, `npm run dev` and `npm run dist`, does.
  const why = 'the Electron runtime is not installed'
  const fix = '`npm start` downloads it, or run `node scripts/electron-runtime.mjs`'
  if (required) {
    console.error(`electron-native: cannot build better-sqlite3 for Electron: ${why}; ${fix}`)
    process.exit(1)
  }
  console.warn(`electron-native: skipped, ${why}; ${fix}`)
  process.exit(0)
}

const src = dirname(require.resolve('better-sqlite3/package.json'))
const work = mkdtempSync(join(tmpdir(), 'better-sqlite3-electron-'))
try {
  for (const part of ['package.json', 'binding.gyp', 'src', 'deps'])
    cpSync(join(src, part), join(work, part), { recursive: true })
  const bin = (name) =>
    join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name)
  const run = (cmd, args) =>
    spawnSync(cmd, args, { cwd: work, stdio: 'inherit', shell: process.platform === 'win32' })
  // A prebuilt binary when the registry of prebuilds is reachable, else compile from source.
  let r = run(bin('prebuild-install'), [
    '--runtime',
    'electron',
    '--target',
    electronVersion,
    '--arch',
    arch,
  ])
  if (r.status !== 0 || !existsSync(join(work, 'build', 'Release', 'better_sqlite3.node'))) {
    r = run(bin('node-gyp'), [
      'rebuild',
      '--release',
      `--target=${electronVersion}`,
      `--arch=${arch}`,
      '--dist-url=https://electronjs.org/headers',
    ])
  }
  const built = join(work, 'build', 'Release', 'better_sqlite3.node')
  if (r.status !== 0 || !existsSync(built)) {
    console.error('electron-native: building better-sqlite3 for Electron failed (see above)')
    process.exit(1)
  }
  mkdirSync(outDir, { recursive: true })
  copyFileSync(built, outFile)
  writeFileSync(stampFile, stamp)
  console.info(
    `electron-native: better-sqlite3 ${sqliteVersion} built for Electron ${electronVersion} (${arch})`,
  )
} finally {
  rmSync(work, { recursive: true, force: true })
}
