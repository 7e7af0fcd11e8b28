// Browser mode's HTTP answers carry a Permissions-Policy that switches off every powerful
// feature the console does not use, on the page itself and on every refusal, over a real
// HTTP connection to the real web server in front of the real core.
import { request as httpRequest } from 'node:http'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWebServer, type WebServer } from '../../src/main/core/adapters/ws'
import { testCore } from '../helpers/test-core'
import { memoryVault } from '../helpers/vault'

let dir: string
let web: WebServer
// The adapter is under test, not the keychain: the sandbox profile needs no password.
const t = testCore({ vault: memoryVault() })

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'permissions-policy-'))
  const staticDir = join(dir, 'renderer')
  mkdirSync(join(staticDir, 'assets'), { recursive: true })
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>')
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'void 0')
  web = await startWebServer({ core: t.core, staticDir })
})

afterAll(async () => {
  await web?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function send(
  method: string,
  path: string,
  host = `127.0.0.1:${web.port}`,
): Promise<{ status: number; policy: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: web.port, method, path, headers: { Host: host } },
      (res) => {
        res.resume()
        res.on('end', () => {
          const value = res.headers['permissions-policy']
          resolve({ status: res.statusCode ?? 0, policy: Array.isArray(value) ? value[0] : value })
        })
      },
    )
    req.on('error', reject)
    req.end()
  })
}

/** The policy as feature → allow-list, parsed the way a browser reads the header. */
function parse(policy: string | undefined): Map<string, string> {
  expect(policy, 'Permissions-Policy header').toBeTypeOf('string')
  const features = new Map<string, string>()
  for (const entry of (policy ?? '').split(',')) {
    const match = /^\s*([a-z][a-z0-9-]*)=(\(.*\))\s*$/.exec(entry)
    expect(match, `malformed entry ${JSON.stringify(entry)}`).not.toBeNull()
    if (match?.[1] && match[2]) features.set(match[1], match[2])
  }
  return features
}

describe('Permissions-Policy in browser mode', () => {
  it('denies the page every powerful feature it does not use', async () => {
    const page = await send('GET', '/')
    expect(page.status).toBe(200)
    const features = parse(page.policy)
    for (const feature of [
      'camera',
      'microphone',
      'geolocation',
      'display-capture',
      'usb',
      'serial',
      'hid',
      'midi',
      'payment',
      'clipboard-read',
      'publickey-credentials-get',
    ]) {
      expect(features.get(feature), feature).toBe('()')
    }
    // Nothing is allowed to anyone: every entry is the empty allow-list.
    expect([...features.values()].every((allow) => allow === '()')).toBe(true)
  })

  it('sends the same policy with scripts, HEAD requests and every refusal', async () => {
    const page = (await send('GET', '/')).policy
    expect(page).toContain('camera=()')
    for (const [method, path, host, status] of [
      ['GET', '/assets/app.js', undefined, 200],
      ['HEAD', '/', undefined, 200],
      ['GET', '/missing.js', undefined, 404],
      ['GET', '/../secret.txt', undefined, 403],
      ['POST', '/', undefined, 405],
      ['GET', '/', 'evil.example', 421],
    ] as const) {
      const res = await send(method, path, host)
      expect(res.status, `${method} ${path}`).toBe(status)
      expect(res.policy, `${method} ${path}`).toBe(page)
    }
  })
})
