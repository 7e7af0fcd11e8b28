/**
 * The console's core, wired: database, outbox, one provider connection and dispatcher per
 * profile, the embedded sandbox SMSC, the keychain, and the API handlers. Plain Node — the
 * Electron shell and the browser-mode server both wrap what this returns.
 */
import { randomBytes } from 'node:crypto'
import type {
  EventName,
  EventPayload,
  OutboxMessage,
  ProviderProfile,
  SessionState,
} from '../../shared/contract'
import { normalisePhone } from '../../shared/phone'
import { createHistoryHandlers } from './api/history'
import { createImportsHandlers, importServiceFor } from './api/imports'
import { createLookupHandlers } from './api/lookup'
import { createProvidersHandlers } from './api/providers'
import { ApiError, createRouter, refusal, refuse, type Handlers } from './api/router'
import type { CoreContext } from './context'
import { openDataFolder } from './db/folder'
import type { Log } from './log'
import { Outbox, OutboxError } from './outbox/outbox'
import {
  profileFromInput,
  ProfileStore,
  SANDBOX_PROFILE_ID,
  type StoredProfile,
} from './profiles/profiles'
import { errorText, providerRefusal } from './providers/error-phrase'
import { messageIdKeys } from './providers/smpp/receipt'
import { capabilitiesOf, createConnection, inFlightFor } from './providers/registry'
import type { SmppSessionOptions } from './providers/smpp/session'
import type { InboundSms, ProviderConnection } from './providers/types'
import { Sandbox, type SandboxOptions } from './sandbox/sandbox'
import { isStorageError, StorageHealth } from './storage/health'
import { HeldWrites } from './storage/held-writes'
import { canSend, Dispatcher, type DispatcherOptions } from './dispatcher/dispatcher'
import { createFailover } from './dispatcher/failover'
import type { Core, CoreEventListener, CoreOptions } from './types'
import { createKeychainVault, KeychainUnavailableError } from './vault/vault'

export interface CoreTestOptions {
  /** Sandbox behaviour (receipt delay, outcomes) — tests and the Settings screen tune it. */
  sandbox?: SandboxOptions
  /** Faster reconnects and keep-alives for tests. */
  smpp?: Partial<SmppSessionOptions>
  /** Faster polling and retries for tests. */
  dispatcher?: Partial<Pick<DispatcherOptions, 'pollTickMs' | 'policy' | 'retryDelayMs'>>
  /** How long a profile may be down before its fallback takes its never-sent messages. */
  failoverGraceMs?: number
  /** How often to fetch inbound messages from providers that do not push them (default 30 s). */
  inboundPollMs?: number
  /** Write log lines to stderr too. */
  echoLog?: boolean
}

interface Runtime {
  profile: StoredProfile
  connection: ProviderConnection
  dispatcher: Dispatcher
  stopInbound: () => void
  inbound: HeldWrites<InboundSms>
}

export async function createCore(options: CoreOptions & CoreTestOptions): Promise<Core> {
  // The folder's lock, then the log, then the database checked before anything writes to it.
  const folder = await openDataFolder({ ...options, nativeBinding: options.sqliteNativeBinding })
  const { db, log } = folder
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

  // Writes the disk refuses are held and retried; every window hears while that lasts.
  const storage = new StorageHealth((state) => emit('storage.state', state))

  const recovered = outbox.recoverInterrupted()
  if (recovered.length) {
    log(
      'warn',
      `${recovered.length} message(s) were mid-send when the console stopped; marked uncertain`,
    )
  }

  const sandbox = new Sandbox(options.sandbox)
  await sandbox.start()
  log('info', `sandbox SMSC listening on 127.0.0.1:${sandbox.smsc.port}`)

  const hasPassword = new Map<string, boolean>()
  const runtimes = new Map<string, Runtime>()

  const startRuntime = async (profile: StoredProfile): Promise<void> => {
    const endpoint = profile.sandbox ? sandbox.endpoint(profile.kind) : null
    let secret: string | null = endpoint?.secret ?? null
    if (!profile.sandbox) {
      try {
        secret = await vault.get(profile.id)
      } catch (err) {
        log('warn', `keychain unavailable for profile ${profile.id}: ${errorText(err)}`)
        secret = null
      }
      hasPassword.set(profile.id, secret !== null)
      if (secret) log.mask(secret)
    }
    let connection: ProviderConnection
    try {
      connection = createConnection({
        profile,
        secret: secret ?? '',
        sandbox: endpoint,
        smppTuning: options.smpp,
      })
    } catch (err) {
      log('error', `profile ${profile.id}: ${errorText(err)}`)
      emit('session.state', offline(profile.id, errorText(err)))
      return
    }
    const dispatcher = new Dispatcher({
      outbox,
      connection,
      maxInFlight: inFlightFor(profile, connection),
      onChange: (messages) => {
        emitMessages(messages)
        // Messages handed back (paused, offline) may now belong to the fallback profile.
        if (messages.some((m) => m.state === 'queued')) failover.check(profile.id)
      },
      onError: (err) => log('error', `dispatcher ${profile.id}: ${errorText(err)}`),
      storage,
      ...options.dispatcher,
    })
    connection.on('state', (state) => {
      emit('session.state', state)
      if (state.status !== 'bound' && state.status !== 'ready' && state.detail) {
        log('info', `${profile.id}: ${state.status} (${state.detail})`)
      }
      failover.check(profile.id)
    })
    // Stored before the provider hears so; held and written again while the disk refuses.
    const inbound = new HeldWrites<InboundSms>({
      name: `inbound:${profile.id}`,
      storage,
      write: (items) => {
        for (const m of outbox.recordInboundBatch(profile.id, items, null))
          emit('inbox.received', m)
      },
      onError: (err) =>
        log('error', `could not store an inbound message for ${profile.id}: ${errorText(err)}`),
    })
    connection.on('inbound', (sms: InboundSms, stored) => inbound.add(sms, stored))
    const stopInbound = pollInbound(profile.id, connection)
    runtimes.set(profile.id, { profile, connection, dispatcher, stopInbound, inbound })
    dispatcher.start()
    if (secret) connection.start()
    else emit('session.state', offline(profile.id, 'No password stored for this profile'))
  }

  /**
   * A profile that is paused (login, balance) or down for longer than the grace period hands
   * its never-sent messages to its fallback profile, if it names one.
   */
  const failover = createFailover({
    graceMs: options.failoverGraceMs ?? 30_000,
    state: (id) => runtimes.get(id)?.connection.state() ?? null,
    fallbackOf: (id) => profiles.get(id)?.fallbackProfileId ?? null,
    move: (from, to) => {
      const target = runtimes.get(to)
      if (!target || !canSend(target.connection)) return
      const name = profiles.get(to)?.name ?? to
      const moved = outbox.reroute(
        from,
        to,
        `Sent through ${name}: ${profiles.get(from)?.name ?? from} is unavailable`,
      )
      if (moved.length === 0) return
      log('warn', `failover: ${moved.length} message(s) moved from ${from} to ${to}`)
      emitMessages(moved)
      target.dispatcher.wake()
    },
  })

  /** Providers without push inbound: fetch new messages now and then, from where we left off. */
  function pollInbound(profileId: string, connection: ProviderConnection): () => void {
    if (connection.capabilities.inbound !== 'poll' || !connection.pollInbound) return () => {}
    let stopped = false
    let timer: NodeJS.Timeout | null = null
    const tick = async () => {
      if (stopped) return
      if (canSend(connection) && connection.pollInbound) {
        try {
          const { messages, cursor } = await connection.pollInbound(outbox.inboundCursor(profileId))
          if (!stopped) {
            // Not stored, the cursor stays: the next poll fetches the same messages again.
            for (const m of outbox.recordInboundBatch(profileId, messages, cursor))
              emit('inbox.received', m)
            storage.recovered(`inbound-poll:${profileId}`)
          }
        } catch (err) {
          if (isStorageError(err)) storage.failed(`inbound-poll:${profileId}`, err, 0)
          log('warn', `inbound poll for ${profileId}: ${errorText(err)}`)
        }
      }
      if (!stopped) timer = setTimeout(() => void tick(), options.inboundPollMs ?? 30_000)
    }
    timer = setTimeout(() => void tick(), Math.min(options.inboundPollMs ?? 30_000, 2000))
    return () => {
      stopped = true
      if (timer) clearTimeout(timer)
      storage.recovered(`inbound-poll:${profileId}`)
    }
  }

  const stopRuntime = async (id: string): Promise<void> => {
    const rt = runtimes.get(id)
    if (!rt) return
    runtimes.delete(id)
    rt.stopInbound()
    rt.inbound.stop()
    await rt.connection.stop()
    await rt.dispatcher.stop()
  }

  for (const p of profiles.list()) await startRuntime(p)

  const toView = (p: StoredProfile): ProviderProfile => {
    const caps = capabilitiesOf(p.kind)
    return {
      id: p.id,
      name: p.name,
      kind: p.kind,
      sandbox: p.sandbox,
      hasPassword: p.sandbox || hasPassword.get(p.id) === true,
      senders: p.senders,
      fallbackProfileId: p.fallbackProfileId,
      capabilities: {
        balance: caps.balance,
        hlr: caps.hlr,
        dedicatedNumbers: caps.dedicatedNumbers,
        inbound: caps.inbound !== 'none',
        channels: [...caps.channels],
      },
    }
  }

  const requireProfile = (id: string): StoredProfile => {
    const p = profiles.get(id)
    if (!p) throw refuse('NOT_FOUND', 'profile.notFound', { id })
    return p
  }

  /** A provider call the profile may not offer: asks the capability flag, not the kind. */
  const providerCall = async <T>(
    profileId: string,
    capability: 'dedicatedNumbers' | 'balance',
    fn: (c: ProviderConnection) => Promise<T> | undefined,
  ): Promise<T> => {
    const profile = requireProfile(profileId)
    const rt = runtimes.get(profileId)
    const pending = rt && rt.connection.capabilities[capability] ? fn(rt.connection) : undefined
    if (!pending) throw refuse('UNAVAILABLE', LACKS[capability], { name: profile.name })
    try {
      return await pending
    } catch (err) {
      // Provider errors name the provider, the call and the reason, never the credentials.
      throw providerRefusal(err)
    }
  }

  const outboxCall = <T>(fn: () => T): T => {
    try {
      return fn()
    } catch (err) {
      if (err instanceof OutboxError) throw refusal(err.code, err)
      throw err
    }
  }

  const keychainCall = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn()
    } catch (err) {
      if (err instanceof KeychainUnavailableError) throw refusal('UNAVAILABLE', err)
      throw err
    }
  }

  function profilesChanged(): void {
    emit('profiles.changed', profiles.list().map(toView))
  }

  const ctx: CoreContext = {
    options,
    db,
    outbox,
    profiles,
    vault,
    sandbox,
    log,
    emit,
    emitMessages,
    requireProfile,
    connection: (id) => runtimes.get(id)?.connection ?? null,
    wake: (id) => runtimes.get(id)?.dispatcher.wake(),
    restartProfile: async (id) => {
      await stopRuntime(id)
      const profile = profiles.get(id)
      if (profile) await startRuntime(profile)
    },
    profileView: toView,
    profilesChanged,
    storage,
  }

  const imports = importServiceFor(ctx)
  // A batch's counters follow its messages to every window.
  listeners.add((name, payload) => {
    if (name === 'message.updated') imports.messageChanged((payload as OutboxMessage).batchId)
  })

  const handlers: Handlers = {
    ...createProvidersHandlers(ctx),
    ...createHistoryHandlers(ctx),
    ...createLookupHandlers(ctx),
    ...createImportsHandlers(ctx),
    'app.info': () => ({ version: options.version, mode: options.mode }),
    'storage.state': () => storage.state(),
    'profiles.list': () => profiles.list().map(toView),
    'profiles.save': async (input) => {
      const id = input.id ?? slug(input.name)
      const existing = profiles.get(id)
      if (existing?.sandbox) throw refuse('CONFLICT', 'profile.sandboxReadOnly')
      if (input.fallbackProfileId === id) throw refuse('BAD_REQUEST', 'profile.ownFallback')
      if (input.fallbackProfileId) requireProfile(input.fallbackProfileId)
      const profile = profileFromInput(id, input)
      profiles.save(profile)
      await stopRuntime(id)
      await startRuntime(profile)
      profilesChanged()
      return toView(profile)
    },
    'profiles.balance': ({ profileId }) => providerCall(profileId, 'balance', (c) => c.balance?.()),
    'numbers.free': ({ profileId }) =>
      providerCall(profileId, 'dedicatedNumbers', (c) => c.listFreeNumbers?.()),
    'profiles.resume': async ({ profileId }) => {
      const profile = requireProfile(profileId)
      await stopRuntime(profileId)
      await startRuntime(profile)
      const rt = runtimes.get(profileId)
      return rt ? rt.connection.state() : offline(profileId, 'The profile could not be started')
    },
    'credentials.set': async ({ profileId, password }) => {
      const profile = requireProfile(profileId)
      if (profile.sandbox) throw refuse('CONFLICT', 'profile.sandboxNoPassword')
      log.mask(password)
      await keychainCall(() => vault.set(profileId, password))
      await stopRuntime(profileId)
      await startRuntime(profile)
      profilesChanged()
      return { hasPassword: true as const }
    },
    'credentials.clear': async ({ profileId }) => {
      const profile = requireProfile(profileId)
      await keychainCall(() => vault.delete(profileId))
      await stopRuntime(profileId)
      await startRuntime(profile)
      profilesChanged()
      return { hasPassword: false as const }
    },
    'messages.send': ({ profileId, sender, phone, text, idempotencyKey, cascade }) => {
      const profile = requireProfile(profileId)
      const checked = normalisePhone(phone)
      if (!checked.ok) throw new ApiError('BAD_REQUEST', checked.reason, checked.phrase)
      if (cascade) {
        const offered = capabilitiesOf(profile.kind).channels
        const missing = cascade.order.filter((c) => !offered.includes(c))
        if (missing.length) {
          throw refuse('BAD_REQUEST', 'message.channelsUnsupported', {
            name: profile.name,
            channels: missing.join(', '),
          })
        }
      }
      const problem = runtimes.get(profileId)?.connection.check?.({
        messageId: 0,
        idempotencyKey: idempotencyKey ?? 'draft',
        numericKey: 1,
        sender,
        phone: checked.phone,
        text,
        wantReceipt: true,
        cascade: cascade ?? null,
      })
      if (problem) throw new ApiError('BAD_REQUEST', problem.reason, problem.phrase)
      const message = outboxCall(() =>
        outbox.enqueue({
          profileId,
          sender,
          phone: checked.phone,
          text,
          idempotencyKey,
          options: cascade ? { cascade } : null,
        }),
      )
      emit('message.updated', message)
      runtimes.get(profileId)?.dispatcher.wake()
      failover.check(profileId)
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
    'sandbox.injectInbound': async ({ from, to, text, profileId }) => {
      const checked = normalisePhone(from)
      if (!checked.ok) throw new ApiError('BAD_REQUEST', checked.reason, checked.phrase)
      const target = requireProfile(profileId ?? SANDBOX_PROFILE_ID)
      if (!target.sandbox) throw refuse('CONFLICT', 'sandbox.notSandbox', { name: target.name })
      if (target.kind === 'smsc-http') {
        sandbox.smscHttp.injectInbound({ phone: checked.phone, message: text, toPhone: to })
        return { parts: 1 }
      }
      if (target.kind !== 'smpp') {
        throw refuse('UNAVAILABLE', 'sandbox.noInbound', { name: target.name })
      }
      if (sandbox.smsc.boundCount() === 0) throw refuse('UNAVAILABLE', 'sandbox.notBound')
      // The parts the console acknowledged: 0 while it could not store the message yet.
      return { parts: await sandbox.smsc.injectInbound({ from: checked.phone, to, text }) }
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
        failover.stop()
        storage.stop()
        await sandbox.stop()
        imports.close()
        listeners.clear()
        log('info', 'core closed')
        await folder.close()
      })()
      return closing
    },
  }
}

export type { Log }

function offline(profileId: string, detail: string): SessionState {
  return { profileId, status: 'offline', host: null, detail, retryAt: null }
}

const LACKS = {
  balance: 'profile.noBalance',
  dedicatedNumbers: 'profile.noNumbers',
} as const

function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
  return s && s !== SANDBOX_PROFILE_ID ? s : `profile-${randomBytes(3).toString('hex')}`
}
