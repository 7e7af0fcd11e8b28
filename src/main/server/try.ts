/**
 * `npm run server:try`: the team server in one command, to try it on one machine: a throwaway
 * PostgreSQL cluster (Debian's `postgresql` package), a self-signed certificate for 127.0.0.1
 * made with `openssl`, a fresh key for credentials and an administrator with a password printed
 * once. Everything is removed when it stops (Ctrl-C). For an office, deploy it for real: see
 * the README and deploy/.
 */
import { execFileSync, spawn } from 'node:child_process'
import { X509Certificate, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startPostgres } from './throwaway-postgres'

async function main(): Promise<void> {
  const port = process.env.PORT ?? '8443'
  const dir = mkdtempSync(join(tmpdir(), 'sms-console-try-'))
  const cert = join(dir, 'cert.pem')
  const key = join(dir, 'key.pem')
  // prettier-ignore
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '30', '-subj', '/CN=sms-console-try',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ], { stdio: 'ignore' })
  const secretKey = join(dir, 'secret.key')
  writeFileSync(secretKey, randomBytes(32).toString('hex'), { mode: 0o600 })
  const password = randomBytes(12).toString('base64url')
  const pg = await startPostgres()
  const fingerprint = new X509Certificate(readFileSync(cert)).fingerprint256
  const server = spawn(
    process.execPath,
    [
      join(__dirname, 'server.js'),
      ...['--database', pg.url, '--listen', `127.0.0.1:${port}`],
      ...['--tls-cert', cert, '--tls-key', key, '--secret-key-file', secretKey],
      ...['--data-dir', join(dir, 'data'), '--admin', 'admin'],
    ],
    { stdio: 'inherit', env: { ...process.env, SMS_CONSOLE_ADMIN_PASSWORD: password } },
  )
  process.stdout.write(
    [
      '',
      `Team server for a try-out: https://127.0.0.1:${port}`,
      `  user admin, password ${password}`,
      `  certificate fingerprint (SHA-256) ${fingerprint}`,
      '  everything is removed when it stops (Ctrl-C)',
      '',
    ].join('\n'),
  )
  let cleaning = false
  const clean = async () => {
    if (cleaning) return
    cleaning = true
    if (server.exitCode === null) {
      server.kill('SIGTERM')
      await new Promise((r) => server.once('exit', r))
    }
    await pg.stop()
    rmSync(dir, { recursive: true, force: true })
    process.exit(0)
  }
  process.on('SIGINT', () => void clean())
  process.on('SIGTERM', () => void clean())
  server.once('exit', () => void clean())
}

main().catch((err: unknown) => {
  process.stderr.write(`Team server try-out: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
