#!/usr/bin/env node
// Runs a command where a real Secret Service answers: the desktop's own when there is one,
// otherwise a throwaway gnome-keyring inside its own D-Bus session (Linux CI, headless boxes).
// Sets SMS_CONSOLE_SECRET_SERVICE=1 when it started one, so keychain tests know it is real.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const args = process.argv.slice(2)
if (args.length === 0) {
  console.error('usage: with-secret-service.mjs <command> [args...]')
  process.exit(2)
}

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0
const alreadyInside = process.env.SMS_CONSOLE_SECRET_SERVICE === '1'

if (
  alreadyInside ||
  process.platform !== 'linux' ||
  !has('dbus-run-session') ||
  !has('gnome-keyring-daemon')
) {
  if (!alreadyInside && process.platform === 'linux') {
    console.error(
      'with-secret-service: dbus-run-session or gnome-keyring-daemon missing; keychain tests will say so',
    )
  }
  const r = spawnSync(args[0], args.slice(1), {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  })
  process.exit(r.status ?? 1)
}

const home = mkdtempSync(join(tmpdir(), 'sms-console-keyring-'))
const script = [
  // The keyring lives in the throwaway HOME; the password only unlocks this test keyring.
  'echo -n test-keyring | HOME="$KEYRING_HOME" XDG_DATA_HOME="$KEYRING_HOME/.local/share" gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null',
  'export SMS_CONSOLE_SECRET_SERVICE=1',
  'exec "$@"',
].join('\n')
const r = spawnSync('dbus-run-session', ['--', 'sh', '-c', script, 'sh', ...args], {
  stdio: 'inherit',
  env: { ...process.env, KEYRING_HOME: home },
})
rmSync(home, { recursive: true, force: true })
process.exit(r.status ?? 1)
