// `npm run dist` must hand out an Electron binary that refuses to run as plain Node, ignores
// NODE_OPTIONS and --inspect, loads the app only from its asar and checks that asar's integrity.
// electron-builder flips these fuses from electron-builder.yml's `electronFuses`. Electron's
// runtime cannot be downloaded here, so the packager gets a stand-in Electron distribution whose
// binary carries the fuse sentinel and wire the real one carries (in Electron's default states);
// everything else is the real thing: electron-builder's CLI packages a project with the real
// electron-builder.yml, and @electron/fuses reads the fuses back from the packaged binary.
import { execFile } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = resolve(__dirname, '../..')
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
const OFF = '0'.charCodeAt(0)
const ON = '1'.charCodeAt(0)
// Electron's own defaults, fuse by fuse, plus a ninth fuse newer than @electron/fuses' list.
const ELECTRON_DEFAULT_WIRE = '101100011'

interface AppPackage {
  name: string
  productName: string
  version: string
  main: string
}

let work: string
let packagedBinary: string
let appOutDir: string

function run(args: string[], cwd: string): Promise<string> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      args,
      // CI set: electron-builder would otherwise consider publishing.
      { cwd, env: { ...process.env, CI: '' }, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) fail(new Error(`${err.message}\n${stdout}\n${stderr}`))
        else done(`${stdout}${stderr}`)
      },
    )
  })
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sms-console-fuses-'))
  const app = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as AppPackage
  const electronVersion = (
    JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as {
      version: string
    }
  ).version

  // The project being packaged: the app's identity and the files electron-builder.yml names.
  const project = join(work, 'project')
  mkdirSync(join(project, 'out', 'main'), { recursive: true })
  mkdirSync(join(project, 'build', 'native', 'electron'), { recursive: true })
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({
      name: app.name,
      productName: app.productName,
      version: app.version,
      main: app.main,
      description: 'packaging test',
      author: 'packaging test',
      license: 'UNLICENSED',
    }),
  )
  writeFileSync(join(project, app.main), 'void 0\n')
  writeFileSync(join(project, 'build', 'native', 'electron', 'better_sqlite3.node'), 'stand-in')

  // The stand-in Electron distribution (see the top of this file).
  const dist = join(work, 'electron-dist')
  mkdirSync(join(dist, 'resources'), { recursive: true })
  mkdirSync(join(dist, 'locales'), { recursive: true })
  writeFileSync(join(dist, 'version'), electronVersion)
  const binary = join(dist, 'electron')
  writeFileSync(
    binary,
    Buffer.concat([
      Buffer.alloc(4096, 0x90),
      Buffer.from(SENTINEL, 'latin1'),
      Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]),
      Buffer.from(ELECTRON_DEFAULT_WIRE, 'latin1'),
      Buffer.alloc(4096, 0x90),
    ]),
  )
  chmodSync(binary, 0o755)

  const output = join(work, 'release')
  await run(
    [
      join(root, 'node_modules', 'electron-builder', 'cli.js'),
      '--linux',
      'dir',
      '--x64',
      '--publish',
      'never',
      '--projectDir',
      project,
      '--config',
      join(root, 'electron-builder.yml'),
      `-c.electronDist=${dist}`,
      `-c.electronVersion=${electronVersion}`,
      `-c.directories.output=${output}`,
    ],
    project,
  )
  appOutDir = join(output, 'linux-unpacked')
  packagedBinary = join(appOutDir, app.name)
})

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('packaged Electron fuses', () => {
  it('turns off running as Node, NODE_OPTIONS and --inspect', async () => {
    const wire = await getCurrentFuseWire(packagedBinary)
    expect(wire[FuseV1Options.RunAsNode]).toBe(OFF)
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(OFF)
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(OFF)
  })

  it('loads the app only from its asar and validates the asar', async () => {
    const wire = await getCurrentFuseWire(packagedBinary)
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ON)
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(ON)
    // Only app.asar will be looked for, so the app must be there and nowhere else.
    expect(existsSync(join(appOutDir, 'resources', 'app.asar'))).toBe(true)
    expect(existsSync(join(appOutDir, 'resources', 'app'))).toBe(false)
  })

  it('leaves the fuses it does not mean to set as Electron ships them', async () => {
    const wire = await getCurrentFuseWire(packagedBinary)
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(OFF)
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(ON)
    const ninth: unknown = Object.entries(wire).find(([index]) => index === '8')?.[1]
    expect(ninth).toBe(ON)
  })
})
