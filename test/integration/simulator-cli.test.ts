// `npm run sim -- <kind>`: each provider simulator started alone, as a real process.
import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ProviderKindSchema } from '../../src/shared/contract'

const CLI = join(__dirname, '../../src/main/core/sandbox/cli.ts')

describe('simulator CLI', () => {
  it.each(ProviderKindSchema.options)(
    'starts the %s simulator, which accepts connections, and stops on SIGTERM',
    async (kind) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', CLI, kind, '--port', '0', '--login', 'agent', '--secret', 'pw-1'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      )
      let out = ''
      child.stdout.on('data', (d: Buffer) => (out += d.toString()))
      child.stderr.on('data', (d: Buffer) => (out += d.toString()))
      const line = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no address printed: ${out}`)), 30_000)
        const check = () => {
          const m = new RegExp(
            `^${kind} simulator: (\\S+) \\(login agent, secret pw-1\\)`,
            'm',
          ).exec(out)
          if (m?.[1]) {
            clearTimeout(timer)
            resolve(m[1])
          } else setTimeout(check, 20)
        }
        check()
      })
      const port = Number(new URL(line.replace(/^smpp:/, 'http:')).port)
      await new Promise<void>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.destroy()
          resolve()
        })
        socket.on('error', reject)
      })
      child.kill('SIGTERM')
      const code = await new Promise<number | null>((resolve) =>
        child.once('exit', (c) => resolve(c)),
      )
      expect(code).toBe(0)
    },
  )

  it('refuses an unknown kind with its usage', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'pigeon'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const code = await new Promise<number | null>((resolve) =>
      child.once('exit', (c) => resolve(c)),
    )
    expect(code).toBe(2)
    expect(err).toMatch(/usage: npm run sim -- <smpp\|osonsms\|smsc-http\|getsms\|smsgate>/)
  })
})
