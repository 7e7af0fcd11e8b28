/**
 * The console's core, wired: database, outbox, one provider connection and dispatcher per
 * profile, the embedded sandbox SMSC, the keychain, and the API handlers. Plain Node — the
 * Electron shell and the browser-mode server both wrap what this returns.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type {
  EventName,
  EventPayload,
  OutboxMessage,
  ProviderProfile,
  SessionState,
  SmppProfileInput,
} from '../../shared/contract'
import { normalisePhone } from '../../shared/phone'
import { ApiError, createRouter, type Handlers } from './api/router'
import { openDatabase } from './db/database'
import { Dispatcher } from './dispatcher/dispatcher'
import { createLog, type Log } from './log'
import { Outbox, OutboxError } from './outbox/outbox'
import { ProfileStore, SANDBOX_PROFILE_ID, type StoredProfile } from './profiles/profiles'
import { messageIdKeys } from './providers/smpp/receipt'
import { SmppSession } from './providers/smpp/session'
import type { InboundSms, ProviderConnection } from './providers/types'
import { sandboxDemoOutcome } from './sandbox/demo'
import { SandboxSmsc, type SandboxSmscOptions } from './sandbox/smsc'
import type { Core, CoreEventListener, CoreOptions } from './types'
import { createKeychainVault, KeychainUnavailableError } from './vault/vault'

export interface CoreTestOptions {
  /** Sandbox behaviour (receipt delay, outcomes) — tests and the Settings screen tune it. */
  sandbox?: Partial<SandboxSmscOptions>
  /** Faster reconnects and keep-alives for tests. */
  smpp?: {
    reconnectInitialMs?: number
    reconnectMaxMs?: number
    enquireLinkMs?: number
    responseTimeoutMs?: number
  }
  /** Write log lines to stderr too. */
  echoLog?: boolean
}

interface Runtime {
  profile: StoredProfile
  connection: ProviderConnection
  dispatcher: Dispatcher
}

export async function createCore(options: CoreOptions & CoreTestOptions): Promise<Core> {
  const log = createLog(join(options.dataDir, 'logs'), options.echoLog)
  const db = openDatabase(join(options.dataDir, 'console.db'), {
    nativeBinding: options.sqliteNativeBinding,
  })
  const vault = options.vault ?? createKeychainVault()
  const outbox = new Outbox(db, { idKeys: messageIdKeys })
  const profiles = new ProfileStore(db)
  profiles.ensureSandbox()

  const listeners = new Set<CoreEventListener>()
  const emit = <K extends EventName>(name: K, payload: EventPayload<K>) => {
    for (const l of listeners) {
      try {
        l(name, payload)
      } catch (err) {
        log('warn', `event listener failed on ${name}: ${String(err)}`)
      }
    }
  }
  const emitMessages = (messages: OutboxMessage[]) => {
    for (const m of messages) emit('message.updated', m)
  }

  const recovered = outbox.recoverInterrupted()
  if (recovered.length) {
    log(
      'warn',
      `${recovered.length} message(s) were mid-send when the console stopped; marked uncertain`,
    )
  }

  // The sandbox SMSC: a throwaway password per run, so nothing about it needs the keychain.
  const sandboxPassword = randomBytes(6).toString('hex')
  const smsc = new SandboxSmsc({
    systemId: 'sandbox',
    password: sandboxPassword,
    outcome: sandboxDemoOutcome,
    ...options.sandbox,
  })
  await smsc.start()
  log('info', `sandbox SMSC listening on 127.0.0.1:${smsc.port}`)

  const hasPassword = new Map<string, boolean>()
  const runtimes = new Map<string, Runtime>()

  const startRuntime = async (profile: StoredProfile): Promise<void> => {
    let password: string | null
    if (profile.sandbox) {
      password = sandboxPassword
    } else {
      try {
        password = await vault.get(profile.id)
      } catch (err) {
        log('warn', `keychain unavailable for profile ${profile.id}: ${errorText(err)}`)
        password = null
      }
      hasPassword.set(profile.id, password !== null)
      if (password) log.mask(password)
    }
    const settings = profile.settings
    const connection = new SmppSession({
      profileId: profile.id,
      hosts: profile.sandbox ? [{ host: '127.0.0.1', port: smsc.port }] : settings.hosts,
      tls: profile.sandbox ? false : settings.tls,
      systemId: settings.systemId,
      password: password ?? '',
      systemType: settings.systemType,
      window: settings.window,
      ratePerSecond: settings.ratePerSecond,
      longMessageMode: settings.longMessageMode,
      ...options.smpp,
    })
    const dispatcher = new Dispatcher({
      outbox,
      connection,
      // About a second of sending handed to the session at a time: an urgent one-off never waits
      // behind a whole window of bulk, and a crash leaves few messages uncertain.
      maxInFlight: Math.min(settings.window, Math.max(1, Math.ceil(settings.ratePerSecond))),
      onChange: emitMessages,
      onError: (err) => log('error', `dispatcher ${profile.id}: ${errorText(err)}`),
    })
    connection.on('state', (state) => {
      emit('session.state', state)
      if (state.status !== 'bound' && state.detail)
        log('info', `${profile.id}: ${state.status} (${state.detail})`)
    })
    connection.on('inbound', (sms: InboundSms) => {
      try {
        emit('inbox.received', outbox.recordInbound(profile.id, sms))
      } catch (err) {
        log('error', `could not store an inbound message for ${profile.id}: ${errorText(err)}`)
      }
    })
    runtimes.set(profile.id, { profile, connection, dispatcher })
    dispatcher.start()
    if (password) connection.start()
    else emit('session.state', offline(profile.id, 'No password stored for this profile'))
  }

  const stopRuntime = async (id: string): Promise<void> => {
    const rt = runtimes.get(id)
    if (!rt) return
    runtimes.delete(id)
    await rt.connection.stop()
    await rt.dispatcher.stop()
  }

  for (const p of profiles.list()) await startRuntime(p)

  const toView = (p: StoredProfile): ProviderProfile => ({
    id: p.id,
    name: p.name,
    kind: p.kind,
    sandbox: p.sandbox,
    hasPassword: p.sandbox || hasPassword.get(p.id) === true,
    senders: p.senders,
  })

  const requireProfile = (id: string): StoredProfile => {
    const p = profiles.get(id)
    if (!p) throw new ApiError('NOT_FOUND', `No provider profile ${JSON.stringify(id)}`)
    return p
  }

  const outboxCall = <T>(fn: () => T): T => {
    try {
      return fn()
    } catch (err) {
      if (err instanceof OutboxError) throw new ApiError(err.code, err.message)
      throw err
    }
  }

  const keychainCall = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn()
    } catch (err) {
      if (err instanceof KeychainUnavailableError) throw new ApiError('UNAVAILABLE', err.message)
      throw err
    }
  }

  const handlers: Handlers = {
    'app.info': () => ({ version: options.version, mode: options.mode }),
    'profiles.list': () => profiles.list().map(toView),
    'profiles.save': async (input: SmppProfileInput) => {
      const id = input.id ?? slug(input.name)
      if (id === SANDBOX_PROFILE_ID)
        throw new ApiError('CONFLICT', 'The sandbox profile cannot be edited')
      const profile: StoredProfile = {
        id,
        name: input.name,
        kind: 'smpp',
        sandbox: false,
        senders: input.senders,
        settings: {
          hosts: input.hosts,
          tls: input.tls,
          systemId: input.systemId,
          systemType: input.systemType,
          window: input.window,
          ratePerSecond: input.ratePerSecond,
          longMessageMode: input.longMessageMode,
        },
      }
      profiles.save(profile)
      await stopRuntime(id)
      await startRuntime(profile)
      return toView(profile)
    },
    'credentials.set': async ({ profileId, password }) => {
      const profile = requireProfile(profileId)
      if (profile.sandbox) throw new ApiError('CONFLICT', 'The sandbox profile needs no password')
      log.mask(password)
      await keychainCall(() => vault.set(profileId, password))
      await stopRuntime(profileId)
      await startRuntime(profile)
      return { hasPassword: true as const }
    },
    'credentials.clear': async ({ profileId }) => {
      const profile = requireProfile(profileId)
      await keychainCall(() => vault.delete(profileId))
      await stopRuntime(profileId)
      await startRuntime(profile)
      return { hasPassword: false as const }
    },
    'messages.send': ({ profileId, sender, phone, text, idempotencyKey }) => {
      requireProfile(profileId)
      const checked = normalisePhone(phone)
      if (!checked.ok) throw new ApiError('BAD_REQUEST', checked.reason)
      const message = outboxCall(() =>
        outbox.enqueue({ profileId, sender, phone: checked.phone, text, idempotencyKey }),
      )
      emit('message.updated', message)
      runtimes.get(profileId)?.dispatcher.wake()
      return message
    },
    'messages.recent': ({ limit }) => outbox.recent(limit ?? 100),
    'messages.cancel': ({ id }) => {
      const m = outboxCall(() => outbox.cancel(id))
      emit('message.updated', m)
      return m
    },
    'messages.resolveUncertain': ({ id, action }) => {
      const m = outboxCall(() => outbox.resolveUncertain(id, action))
      emit('message.updated', m)
      runtimes.get(m.profileId)?.dispatcher.wake()
      return m
    },
    'sandbox.injectInbound': async ({ from, to, text }) => {
      const checked = normalisePhone(from)
      if (!checked.ok) throw new ApiError('BAD_REQUEST', checked.reason)
      const parts = await smsc.injectInbound({ from: checked.phone, to, text })
      if (parts === 0)
        throw new ApiError('UNAVAILABLE', 'The sandbox profile is not bound right now')
      return { parts }
    },
    'sessions.list': () => [...runtimes.values()].map((rt) => sessionView(rt)),
    'inbox.recent': ({ limit }) => outbox.recentInbound(limit ?? 100),
  }

  const sessionView = (rt: Runtime): SessionState => {
    const state = rt.connection.state()
    if (
      !rt.profile.sandbox &&
      hasPassword.get(rt.profile.id) === false &&
      state.status === 'stopped'
    ) {
      return offline(rt.profile.id, 'No password stored for this profile')
    }
    return state
  }

  const route = createRouter(handlers, log)
  let closing: Promise<void> | null = null

  return {
    handle: route,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close() {
      closing ??= (async () => {
        await Promise.all([...runtimes.keys()].map((id) => stopRuntime(id)))
        await smsc.stop()
        db.close()
        listeners.clear()
        log('info', 'core closed')
      })()
      return closing
    },
  }
}

export type { Log }

function offline(profileId: string, detail: string): SessionState {
  return { profileId, status: 'offline', host: null, detail, retryAt: null }
}

function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
  return s && s !== SANDBOX_PROFILE_ID ? s : `profile-${randomBytes(3).toString('hex')}`
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
