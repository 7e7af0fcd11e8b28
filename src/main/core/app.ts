/**
 * The console's core, wired: the data folder (lock, log, checked database), the stores, the
 * embedded sandbox, each profile's runtime, and the handlers of every area. Plain Node: the
 * Electron shell and the browser-mode server both wrap what this returns.
 */
import { createCallbackHandler } from './callbacks/handler'
import type { EventName, EventPayload, OutboxMessage, ProviderProfile } from '../../shared/contract'
import type { AppInfo } from '../../shared/domain'
import { createAppHandlers } from './api/app'
import { createHistoryHandlers } from './api/history'
import { createImportsHandlers, importServiceFor } from './api/imports'
import { createInboxHandlers } from './api/inbox'
import { createContactsHandlers } from './api/contacts'
import { createTemplatesHandlers } from './api/templates'
import { createExportsHandlers } from './api/exports'
import { ExportFiles } from './exports/files'
import { createLookupHandlers } from './api/lookup'
import { createMessagesHandlers } from './api/messages'
import { createProvidersHandlers } from './api/providers'
import { createRouter, refuse, type Handlers } from './api/router'
import { createSandboxHandlers } from './api/sandbox'
import { createStorageHandlers } from './api/storage'
import { createTeamHandlers } from './api/team'
import { createTeamLinkHandlers } from './api/team-link'
import { createReconcile } from './api/reconcile'
import { createVerificationHandlers } from './api/verification'
import type { CoreContext } from './context'
import { openDataFolder } from './db/folder'
import { openHistoryReader, type HistoryReader } from './history/reader'
import type { Log } from './log'
import type { StoredProfile } from './profiles/profiles'
import type { ReconcileTuning } from './reconcile/service'
import { capabilitiesOf, messageTypesOf } from './providers/registry'
import { ProfileRuntimes, type RuntimeTuning } from './runtime/profile-runtimes'
import { Sandbox, type SandboxOptions } from './sandbox/sandbox'
import { StorageHealth } from './storage/health'
import { openStores } from './stores/remote'
import type { Stores } from './stores/stores'
import type { BusMessage, Coordination } from './runtime/coordination'
import type { AuditStore } from './team/audit'
import { TeamLink } from './team/link'
import { switchingCore } from './team/switching'
import type { Core, CoreEventListener, CoreOptions } from './types'
import { createKeychainVault, type Vault } from './vault/vault'
import { sandboxProfiles } from './profiles/input'

export interface CoreTestOptions extends RuntimeTuning {
  /** Sandbox behaviour (receipt delay, outcomes) — tests and the Settings screen tune it. */
  sandbox?: SandboxOptions
  /** Write log lines to stderr too. */
  echoLog?: boolean
  /** Pauses between tries to reach the team server, if not the default (tests shorten them). */
  teamRetryMs?: readonly number[]
  /** How reconciliations ask the provider about its export jobs (tests ask sooner). */
  reconcile?: ReconcileTuning
  /** The window a customer has to call to verify their number (15 minutes; tests shorten it). */
  verificationTtlMs?: number
}

/** How long after the core's start History's thread boots if no read asked for it sooner. */
const HISTORY_START_AFTER_MS = 3000

export async function createCore(options: CoreOptions & CoreTestOptions): Promise<Core> {
  // The folder's lock, then the log, then the database checked before anything writes to it.
  const folder =
    options.folder ??
    (await openDataFolder({ ...options, nativeBinding: options.sqliteNativeBinding }))
  const { db, log } = folder
  // The stores, on the embedded SQLite database: their SQL runs in a worker thread of its own.
  const stores = openStores(db, {
    workerScript: options.storageWorker,
    nativeBinding: options.sqliteNativeBinding,
    log,
  })
  const vault = options.vault ?? createKeychainVault()
  // The link to a team server, if the agent connects to one: while it is linked, the windows
  // work with the server's core instead of this one (team/switching.ts).
  const link = new TeamLink({ db, vault, log, retryMs: options.teamRetryMs })
  const local = await wireCore({
    options,
    stores,
    vault,
    log,
    link,
    // Slow reads (History, reports, exports, search) on a connection of their own, off main;
    // its thread boots once the window's first load is done, or at the first read.
    history: () =>
      openHistoryReader(db, {
        workerScript: options.historyWorker,
        nativeBinding: options.sqliteNativeBinding,
        log,
        startAfterMs: HISTORY_START_AFTER_MS,
      }),
    closeStorage: () => folder.close(),
  })
  const core = switchingCore(local, link)
  // Back to the server the console worked with when it stopped, if it did.
  await link.start()
  return core
}

/** What a core is made of, whichever database keeps its stores. */
export interface CoreParts {
  /** A team server's core runs in mode 'server'. */
  options: Omit<CoreOptions, 'mode'> & CoreTestOptions & { mode: AppInfo['mode'] }
  stores: Stores & { close(): Promise<void> }
  vault: Vault
  log: Log
  /** History's reads, opened once the stores have recovered. */
  history: () => HistoryReader
  /** Closes what the stores live in (the data folder, the database pool), after the stores. */
  closeStorage: () => Promise<void>
  /** A team server's audit trail: its search and export (a workstation keeps none). */
  audit?: AuditStore
  /** One of several servers on one database: leases on profiles and the servers' bus. */
  coordination?: Coordination
  /** A workstation's link to a team server (a team server's own core has none). */
  link?: TeamLink
  /** A team server's key, from which each profile's callback secret is derived. */
  callbackKey?: Buffer
}

/**
 * The core over its stores: every profile's runtime, the embedded sandbox and the handlers of
 * every area. The workstation (createCore, SQLite) and the team server (PostgreSQL) both build
 * one this way.
 */
export async function wireCore(parts: CoreParts): Promise<Core> {
  const { options, stores, vault, log } = parts
  const { outbox, inbox, profiles } = stores
  await profiles.ensureSandbox(sandboxProfiles())

  const listeners = new Set<CoreEventListener>(options.onEvent ? [options.onEvent] : [])
  const bus = parts.coordination?.bus
  const emit = <K extends EventName>(name: K, payload: EventPayload<K>) => {
    hear(name, payload)
    // The consoles of the other servers hear it too.
    bus?.publish({ kind: 'event', name, payload } as BusMessage)
  }
  const hear = <K extends EventName>(name: K, payload: EventPayload<K>) => {
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

  // Several servers: an import is interrupted only when the server running it is gone (below).
  if (!parts.coordination) await stores.imports.recoverInterrupted()
  // Several servers: each profile's messages are recovered by the server taking its lease.
  const recovered = parts.coordination ? [] : await outbox.recoverInterrupted()
  if (recovered.length) {
    log(
      'warn',
      `${recovered.length} message(s) were mid-send when the console stopped; marked uncertain`,
    )
  }

  const sandbox = new Sandbox(options.sandbox)
  await sandbox.start()
  log('info', `sandbox simulators: ${sandbox.describe()}`)

  const history = parts.history()

  let importsLater: ReturnType<typeof importServiceFor> | null = null
  const runtimes = new ProfileRuntimes({
    outbox,
    inbox,
    profiles,
    vault,
    sandbox,
    storage,
    log,
    emit,
    emitMessages,
    // The import service is made below; a sweep before it exists has no batch to tell.
    onQuietHeld: (batches) => {
      for (const b of batches) importsLater?.messageChanged(b)
    },
    onThrottled: (batches) => importsLater?.noteThrottled(batches),
    tuning: options,
    leases: parts.coordination?.leases,
    leaseRetryMs: parts.coordination?.leaseRetryMs,
    bus,
  })
  bus?.onMessage((m) => {
    if (m.kind === 'wake') runtimes.wakeHere(m.profileId)
    else if (m.kind === 'callback') runtimes.heardCallback(m.profileId)
    else if (m.kind === 'restart') {
      void runtimes
        .restartHere(m.profileId)
        .catch((err: unknown) => log('error', `restart of ${m.profileId}: ${String(err)}`))
    } else if (m.kind === 'event') {
      if (m.name === 'session.state') {
        runtimes.noteRemoteState(m.payload as EventPayload<'session.state'>)
      }
      hear(m.name, m.payload)
    }
  })
  await runtimes.startAll()

  const profileView = (p: StoredProfile): ProviderProfile => {
    const caps = capabilitiesOf(p.kind)
    return {
      id: p.id,
      name: p.name,
      kind: p.kind,
      sandbox: p.sandbox,
      hasPassword: runtimes.hasPassword(p),
      senders: p.senders,
      fallbackProfileId: p.fallbackProfileId,
      capabilities: {
        balance: caps.balance,
        hlr: caps.hlr,
        dedicatedNumbers: caps.dedicatedNumbers,
        inbound: caps.inbound !== 'none',
        channels: [...caps.channels],
        messageTypes: [...messageTypesOf(p)],
        verifyByCall: caps.verifyByCall,
        exportJobs: caps.exportJobs,
      },
    }
  }

  const ctx: CoreContext = {
    options,
    ...stores,
    vault,
    sandbox,
    log,
    emit,
    emitMessages,
    requireProfile: async (id) => {
      const p = await profiles.get(id)
      if (!p) throw refuse('NOT_FOUND', 'profile.notFound', { id })
      return p
    },
    connection: (id) => runtimes.connection(id),
    wake: (id) => runtimes.wake(id),
    restartProfile: (id) => runtimes.restart(id),
    profileView,
    profilesChanged: async () => {
      emit('profiles.changed', (await profiles.list()).map(profileView))
    },
    storage,
    runtimes,
    history,
    audit: parts.audit ?? null,
  }

  const imports = importServiceFor(ctx, await stores.imports.keptSources())
  importsLater = imports
  const stopSweep = parts.coordination
    ? sweepOrphanImports(parts.coordination, stores, imports, log)
    : () => {}
  // A batch's counters follow its messages to every window.
  listeners.add((name, payload) => {
    if (name === 'message.updated') imports.messageChanged((payload as OutboxMessage).batchId)
  })

  const exportFiles = new ExportFiles(ctx)
  // Reconciliations with the provider's own record: their open jobs are followed from now on.
  const reconcile = createReconcile(ctx, options.reconcile)

  const handlers: Handlers = {
    ...createAppHandlers(ctx),
    ...createMessagesHandlers(ctx),
    ...createImportsHandlers(ctx),
    ...createHistoryHandlers(ctx),
    ...createExportsHandlers(exportFiles),
    ...createLookupHandlers(ctx),
    ...createVerificationHandlers(ctx, options.verificationTtlMs),
    ...createInboxHandlers(ctx),
    ...createContactsHandlers(ctx),
    ...createTemplatesHandlers(ctx),
    ...createProvidersHandlers(ctx),
    ...createSandboxHandlers(ctx),
    ...createStorageHandlers(ctx),
    ...createTeamHandlers(ctx),
    ...createTeamLinkHandlers(parts.link ?? null),
    ...reconcile.handlers,
  }

  const route = createRouter(handlers, log)
  void reconcile
    .start()
    .catch((err: unknown) => log('warn', `reconcile: open jobs not followed: ${String(err)}`))
  let closing: Promise<void> | null = null

  return {
    handle: route,
    ...(parts.callbackKey
      ? {
          providerCallback: createCallbackHandler({
            key: parts.callbackKey,
            profiles,
            runtimes,
            log,
          }),
        }
      : {}),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close() {
      closing ??= (async () => {
        stopSweep()
        reconcile.close()
        await runtimes.stopAll()
        await history.close()
        await stores.close()
        storage.stop()
        await sandbox.stop()
        imports.close()
        exportFiles.close()
        listeners.clear()
        log('info', 'core closed')
        await parts.closeStorage()
      })()
      return closing
    },
  }
}

export type { Log }

/**
 * Several servers: an import still `importing` whose server is gone (no server holds its lease,
 * and its batch has not moved for a while) is interrupted, so an agent can resume it on any
 * server; rows already queued are not queued again.
 */
function sweepOrphanImports(
  coordination: Coordination,
  stores: Stores,
  imports: ReturnType<typeof importServiceFor>,
  log: Log,
): () => void {
  const quietMs = coordination.orphanImportMs ?? 30_000
  let stopped = false
  let timer: NodeJS.Timeout | null = null
  const sweep = async () => {
    for (const b of await stores.imports.recent(200)) {
      if (stopped) return
      if (b.import_state !== 'importing' || imports.runs(b.id)) continue
      if (Date.now() - (b.updated_at ?? b.created_at) < quietMs) continue
      const key = `import:${b.id}`
      if (!(await coordination.leases.acquire(key))) continue
      try {
        await stores.imports.setImportState(
          b.id,
          'interrupted',
          'The server queueing this file stopped: the rows queued before it stopped are sending. Resume the import to queue the rest; rows already queued are not queued again.',
        )
        log('warn', `batch ${b.id}: its import's server is gone; marked interrupted`)
        imports.messageChanged(b.id)
      } finally {
        await coordination.leases.release(key)
      }
    }
  }
  const next = () => {
    timer = setTimeout(
      () => {
        void sweep()
          .catch((err: unknown) =>
            log('warn', `looking for imports of servers gone: ${String(err)}`),
          )
          .finally(() => {
            if (!stopped) next()
          })
      },
      Math.min(quietMs, 10_000),
    )
    timer.unref()
  }
  next()
  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
  }
}
