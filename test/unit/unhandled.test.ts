// What main does with a promise rejection nobody handled, in a real child process: the desktop
// app and browser mode report it and keep running; under the end-to-end tests they exit.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { STRICT_EXIT_CODE } from '../../src/main/core/unhandled'

const script = `
  const { watchUnhandled } = require(${JSON.stringify(join(__dirname, '../../src/main/core/unhandled.ts'))})
  watchUnhandled((text) => console.error('reported ' + text))
  void Promise.reject(new Error('a write nobody awaited'))
  setTimeout(() => console.log('still running'), 50)
`

function run(strict: boolean) {
  return spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, SMS_CONSOLE_STRICT: strict ? '1' : '' },
  })
}

it('reports an unhandled rejection and keeps running', () => {
  const r = run(false)
  expect(r.stderr).toContain('reported unhandled rejection: Error: a write nobody awaited')
  expect(r.stdout).toContain('still running')
  expect(r.status).toBe(0)
})

it('exits on one under the end-to-end tests (SMS_CONSOLE_STRICT=1)', () => {
  const r = run(true)
  expect(r.stderr).toContain('reported unhandled rejection')
  expect(r.stdout).not.toContain('still running')
  expect(r.status).toBe(STRICT_EXIT_CODE)
})
