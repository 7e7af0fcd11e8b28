/**
 * `npm run server`: the team server. The same core as a workstation's, run headless over
 * PostgreSQL, shared by every agent's console over HTTPS and a WebSocket:
 *
 *   node out/main/server.js --database postgres://user@host/db --listen 0.0.0.0:8443 \
 *     --tls-cert cert.pem --tls-key key.pem [--secret-key-file key.hex] [--data-dir DIR] \
 *     [--admin NAME]
 *
 * --database: or SMS_CONSOLE_DATABASE_URL. --secret-key-file: the key provider credentials are
 * sealed with (or SMS_CONSOLE_SECRET_KEY). --admin: the first administrator, made when the
 * server has no user yet, with the password in SMS_CONSOLE_ADMIN_PASSWORD.
 *
 *   node out/main/server.js --callback-url PROFILE --public-url https://sms.office.example:8443
 *     [--secret-key-file key.hex]
 *
 * prints the address to give SMSC for a profile's statuses and replies (its secret in it: the
 * server's key makes it), and exits.
 */
import { readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { homedir, hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { wireCore } from '../core/app'
import { createLog } from '../core/log'
import { messageIdKeys, normaliseMessageId } from '../core/providers/smpp/receipt'
import { PgAccounts } from '../core/stores/postgres/accounts'
import { PgAudit } from '../core/stores/postgres/audit'
import { openPgDatabase } from '../core/stores/postgres/database'
import { PgBus } from '../core/stores/postgres/bus'
import { PgHistory } from '../core/stores/postgres/history'
import { PgLeases } from '../core/stores/postgres/leases'
import { pgStores } from '../core/stores/postgres/stores'
import { PgVault } from '../core/stores/postgres/vault'
import { AccountError } from '../core/team/accounts'
import { watchUnhandled } from '../core/unhandled'
import { loadSecretKey } from '../core/vault/sealed'
import { startTeamListener } from './listener'
import { callbackUrl } from '../core/callbacks/handler'

export class UsageError extends Error {}

export interface ServerArgs {
  database: string
  host: string
  port: number
  tlsCert: string
  tlsKey: string
  secretKeyFile: string | undefined
  dataDir: string
  admin: string | undefined
}

/** `--callback-url PROFILE`: the handler's address for a profile, asked without a server. */
export function callbackUrlArgs(
  argv: string[],
  env: NodeJS.ProcessEnv,
): { profileId: string; publicUrl: string; secretKeyFile: string | undefined } | null {
  const { values } = parseArgs({ args: argv, options: SERVER_OPTIONS, strict: true })
  const profileId = values['callback-url']
  if (profileId === undefined) return null
  const publicUrl = values['public-url'] ?? env.SMS_CONSOLE_PUBLIC_URL
  if (!publicUrl || !/^https:\/\/[^/\s]+/.test(publicUrl)) {
    throw new UsageError(
      '--callback-url needs --public-url https://HOST[:PORT] (or SMS_CONSOLE_PUBLIC_URL): the address SMSC reaches this server at',
    )
  }
  return { profileId, publicUrl, secretKeyFile: values['secret-key-file'] }
}

const SERVER_OPTIONS = {
  database: { type: 'string' },
  listen: { type: 'string', default: '127.0.0.1:8443' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'secret-key-file': { type: 'string' },
  'data-dir': { type: 'string' },
  admin: { type: 'string' },
  'callback-url': { type: 'string' },
  'public-url': { type: 'string' },
} as const

export function serverArgs(argv: string[], env: NodeJS.ProcessEnv): ServerArgs {
  const { values } = parseArgs({ args: argv, options: SERVER_OPTIONS, strict: true })
  const database = values.database ?? env.SMS_CONSOLE_DATABASE_URL
  if (!database) {
    throw new UsageError('--database postgres://… (or SMS_CONSOLE_DATABASE_URL) is required')
  }
  const listen = /^(.+):(\d{1,5})$/.exec(values.listen)
  const port = Number(listen?.[2])
  if (!listen || port > 65535) {
    throw new UsageError(`--listen must be HOST:PORT (0.0.0.0:8443), not ${values.listen}`)
  }
  if (!values['tls-cert'] || !values['tls-key']) {
    throw new UsageError(
      '--tls-cert FILE and --tls-key FILE are required: consoles reach the server only over TLS',
    )
  }
  return {
    database,
    host: (listen[1] as string).replace(/^\[(.*)\]$/, '$1'),
    port,
    tlsCert: values['tls-cert'],
    tlsKey: values['tls-key'],
    secretKeyFile: values['secret-key-file'],
    dataDir: resolve(
      values['data-dir'] ?? env.SMS_CONSOLE_DATA_DIR ?? join(homedir(), '.sms-console-server'),
    ),
    admin: values.admin,
  }
}

async function main(): Promise<void> {
  const asked = callbackUrlArgs(process.argv.slice(2), process.env)
  if (asked) {
    const key = loadSecretKey(asked.secretKeyFile)
    process.stdout.write(`${callbackUrl(asked.publicUrl, key, asked.profileId)}\n`)
    return
  }
  const args = serverArgs(process.argv.slice(2), process.env)
  const tls = { cert: readFileSync(args.tlsCert), key: readFileSync(args.tlsKey) }
  const key = loadSecretKey(args.secretKeyFile)
  const version = packageVersion()
  const log = createLog(join(args.dataDir, 'logs'), true)
  const db = await openPgDatabase(args.database)
  const accounts = new PgAccounts(db)
  const audit = new PgAudit(db)
  if (args.admin) await bootstrap(accounts, args.admin, log)

  const stores = pgStores(db, { idKeys: messageIdKeys, ownKey: normaliseMessageId })
  // Several servers may share the database: each profile is driven by the one holding its
  // lease, and what happens on one reaches the consoles of all.
  const serverId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
  const leases = new PgLeases(args.database, `sms-console-server:${process.pid}`)
  const bus = await PgBus.open(db, args.database, serverId, log)
  const core = await wireCore({
    options: {
      dataDir: args.dataDir,
      mode: 'server',
      version,
      echoLog: true,
      // Tests shorten how long the handler's silence is waited out before polling again.
      callbackSilenceMs: tuning('SMS_CONSOLE_CALLBACK_SILENCE_MS'),
      inboundPollMs: tuning('SMS_CONSOLE_INBOUND_POLL_MS'),
    },
    stores: { ...stores, close: async () => {} },
    vault: new PgVault(db, key),
    log,
    history: () => new PgHistory(db),
    audit,
    coordination: { leases, bus, orphanImportMs: tuning('SMS_CONSOLE_ORPHAN_IMPORT_MS') },
    // SMSC's statuses and replies posted to /api/callbacks/<profile>, each profile's secret
    // made from the server's key.
    callbackKey: key,
    closeStorage: async () => {
      await bus.close()
      await leases.close()
      await db.close()
    },
  })
  const listener = await startTeamListener({
    core,
    accounts,
    audit,
    tls,
    host: args.host,
    port: args.port,
    version,
    log,
    bus,
  })
  // The port in a line of its own: whoever started the server (a test, a script) reads it here.
  process.stdout.write(`listening on ${args.host}:${listener.port}\n`)

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    log('info', `${signal}: stopping`)
    void listener
      .close()
      .then(() => core.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          log('error', `stopping failed: ${String(err)}`)
          process.exit(1)
        },
      )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

/** The first administrator, when the server has no user yet. */
async function bootstrap(accounts: PgAccounts, name: string, log: (l: 'info', m: string) => void) {
  const password = process.env.SMS_CONSOLE_ADMIN_PASSWORD
  if (!password) {
    throw new UsageError('--admin NAME needs the password in SMS_CONSOLE_ADMIN_PASSWORD')
  }
  try {
    await accounts.bootstrapAdmin(name, password)
    log('info', `administrator ${name} created`)
  } catch (err) {
    // A server started again with the same command: the office is set up already.
    if (err instanceof AccountError && err.code === 'ALREADY_SET_UP') return
    throw err
  }
}

/** A tuning in milliseconds from the environment (tests shorten waits), else the default. */
function tuning(name: string): number | undefined {
  const v = Number(process.env[name])
  return Number.isFinite(v) && v > 0 ? v : undefined
}

function packageVersion(): string {
  for (const dir of [__dirname, join(__dirname, '..'), join(__dirname, '..', '..')]) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        version?: string
      }
      if (pkg.version) return pkg.version
    } catch {
      // Not here: one level up.
    }
  }
  return '0.0.0'
}

if (require.main === module) {
  watchUnhandled((text) => console.error(`SMS Operator Console server: ${text}`))
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {})
  main().catch((err: unknown) => {
    const text = err instanceof Error ? err.message : String(err)
    process.stderr.write(`SMS Operator Console server: ${text}\n`)
    process.exit(err instanceof UsageError ? 2 : 1)
  })
}
