/**
 * Each provider profile at work: its connection (an SMPP bind or an HTTP client) and its
 * dispatcher, its inbound messages stored before the provider hears so, the polling of
 * providers that do not push them, and the failover that hands a profile's never-sent
 * messages to its fallback while it is down. Started, stopped and restarted per profile.
 */
import type {
  EventName,
  EventPayload,
  InboundMessage,
  OutboxMessage,
  SessionState,
} from '../../../shared/contract'
import { canSend, Dispatcher, type DispatcherOptions } from '../dispatcher/dispatcher'
import { createFailover } from '../dispatcher/failover'
import type { Log } from '../log'
import type { StoredProfile } from '../profiles/profiles'
import { errorText } from '../providers/error-phrase'
import { createConnection, inFlightFor } from '../providers/registry'
import type { SmppSessionOptions } from '../providers/smpp/session'
import type { InboundSms, ProviderConnection } from '../providers/types'
import type { Sandbox } from '../sandbox/sandbox'
import { isStorageError, type StorageHealth } from '../storage/health'
import { HeldWrites } from '../storage/held-writes'
import type { InboxStore, OutboxStore, ProfilesStore } from '../stores/stores'
import type { Vault } from '../vault/vault'

/** Faster reconnects, polls and retries, for tests. */
export interface RuntimeTuning {
  smpp?: Partial<SmppSessionOptions>
  /**
   * A longer request timeout where a busy test machine must not turn a slow answer into none;
   * a shorter identical-request window where a test must not wait smsgate's minute.
   */
  smsgate?: { timeoutMs?: number; duplicateWindowMs?: number }
  dispatcher?: Partial<Pick<DispatcherOptions, 'pollTickMs' | 'policy' | 'retryDelayMs'>>
  /** How long a profile may be down before its fallback takes its never-sent messages. */
  failoverGraceMs?: number
  /** How often to fetch inbound messages from providers that do not push them (default 30 s). */
  inboundPollMs?: number
  /** How often a profile with quiet hours holds the bulk messages whose hour passed (20 s). */
  quietSweepMs?: number
}

export interface RuntimeDeps {
  outbox: OutboxStore
  inbox: InboxStore
  profiles: ProfilesStore
  vault: Vault
  sandbox: Sandbox
  storage: StorageHealth
  log: Log
  emit<K extends EventName>(name: K, payload: EventPayload<K>): void
  emitMessages(messages: OutboxMessage[]): void
  /** Quiet hours held messages of these batches: their counters follow. */
  onQuietHeld?(batches: number[]): void
  /** Messages of these batches were throttled by the provider (batch id → how many). */
  onThrottled?(batches: Map<number, number>): void
  tuning: RuntimeTuning
}

interface Runtime {
  profile: StoredProfile
  connection: ProviderConnection
  dispatcher: Dispatcher
  inbound: HeldWrites<InboundSms>
  stopPolling: () => void
  stopQuiet: () => void
}

const NO_PASSWORD = 'No password stored for this profile'

export class ProfileRuntimes {
  private readonly running = new Map<string, Runtime>()
  /** Whether the keychain held a secret for each real profile when it last started. */
  private readonly passwords = new Map<string, boolean>()
  private readonly failover

  constructor(private readonly d: RuntimeDeps) {
    this.failover = createFailover({
      graceMs: d.tuning.failoverGraceMs ?? 30_000,
      state: (id) => this.running.get(id)?.connection.state() ?? null,
      // A running profile runs as stored: a change to it restarts it.
      fallbackOf: (id) => this.running.get(id)?.profile.fallbackProfileId ?? null,
      move: (from, to) => {
        this.moveToFallback(from, to).catch((err: unknown) =>
          d.log('error', `failover from ${from} to ${to}: ${errorText(err)}`),
        )
      },
    })
  }

  /** Every stored profile, one after another. */
  async startAll(): Promise<void> {
    for (const p of await this.d.profiles.list()) await this.start(p)
  }

  /** Stops whatever runs for the profile and starts it again as stored (if it still is). */
  async restart(profileId: string): Promise<void> {
    await this.stop(profileId)
    const profile = await this.d.profiles.get(profileId)
    if (profile) await this.start(profile)
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.stop(id)))
    this.failover.stop()
  }

  /**
   * A connection for settings not saved yet, started for a connection test: nothing listens to
   * its states or inbound messages and nothing is sent through it; the caller stops it.
   */
  trial(profile: StoredProfile, secret: string): ProviderConnection {
    const connection = createConnection({ profile, secret, sandbox: null, tuning: this.d.tuning })
    connection.start()
    return connection
  }

  connection(profileId: string): ProviderConnection | null {
    return this.running.get(profileId)?.connection ?? null
  }

  /** Something was queued for the profile: send it now, or let its fallback take it. */
  queued(profileId: string): void {
    this.running.get(profileId)?.dispatcher.wake()
    this.failover.check(profileId)
  }

  wake(profileId: string): void {
    this.running.get(profileId)?.dispatcher.wake()
  }

  /** A real profile whose secret the keychain holds (sandbox profiles need none). */
  hasPassword(profile: StoredProfile): boolean {
    return profile.sandbox || this.passwords.get(profile.id) === true
  }

  /** The profile's connection state, saying why a stopped one is not running. */
  state(profileId: string): SessionState {
    const rt = this.running.get(profileId)
    if (!rt) return offline(profileId, 'The profile could not be started')
    const state = rt.connection.state()
    if (!rt.profile.sandbox && this.passwords.get(profileId) === false) {
      if (state.status === 'stopped') return offline(profileId, NO_PASSWORD)
    }
    return state
  }

  sessions(): SessionState[] {
    return [...this.running.keys()].map((id) => this.state(id))
  }

  private async start(profile: StoredProfile): Promise<void> {
    const { log, emit, storage } = this.d
    const endpoint = profile.sandbox ? this.d.sandbox.endpoint(profile.kind) : null
    let secret: string | null = endpoint?.secret ?? null
    if (!profile.sandbox) {
      try {
        secret = await this.d.vault.get(profile.id)
      } catch (err) {
        log('warn', `keychain unavailable for profile ${profile.id}: ${errorText(err)}`)
        secret = null
      }
      this.passwords.set(profile.id, secret !== null)
      if (secret) log.mask(secret)
    }
    let connection: ProviderConnection
    try {
      connection = createConnection({
        profile,
        secret: secret ?? '',
        sandbox: endpoint,
        tuning: this.d.tuning,
      })
    } catch (err) {
      log('error', `profile ${profile.id}: ${errorText(err)}`)
      emit('session.state', offline(profile.id, errorText(err)))
      return
    }
    const dispatcher = new Dispatcher({
      outbox: this.d.outbox,
      connection,
      maxInFlight: inFlightFor(profile, connection),
      onChange: (messages) => {
        this.d.emitMessages(messages)
        // Messages handed back (paused, offline) may now belong to the fallback profile.
        if (messages.some((m) => m.state === 'queued')) this.failover.check(profile.id)
      },
      onError: (err) => log('error', `dispatcher ${profile.id}: ${errorText(err)}`),
      onThrottled: (batches) => this.d.onThrottled?.(batches),
      storage,
      ...this.d.tuning.dispatcher,
    })
    connection.on('state', (state) => {
      emit('session.state', state)
      if (state.status !== 'bound' && state.status !== 'ready' && state.detail) {
        log('info', `${profile.id}: ${state.status} (${state.detail})`)
      }
      this.failover.check(profile.id)
    })
    // Stored before the provider hears so; held and written again while the disk refuses.
    const inbound = new HeldWrites<InboundSms>({
      name: `inbound:${profile.id}`,
      storage,
      write: async (items) => {
        await this.received(profile.id, await this.d.inbox.record(profile.id, items))
      },
      onError: (err) =>
        log('error', `could not store an inbound message for ${profile.id}: ${errorText(err)}`),
    })
    connection.on('inbound', (sms, stored) => inbound.add(sms, stored))
    const stopPolling = this.pollInbound(profile.id, connection)
    const stopQuiet = this.sweepQuiet(profile)
    this.running.set(profile.id, {
      profile,
      connection,
      dispatcher,
      inbound,
      stopPolling,
      stopQuiet,
    })
    dispatcher.start()
    if (secret) connection.start()
    else emit('session.state', offline(profile.id, NO_PASSWORD))
  }

  async stop(profileId: string): Promise<void> {
    const rt = this.running.get(profileId)
    if (!rt) return
    this.running.delete(profileId)
    rt.stopPolling()
    rt.stopQuiet()
    rt.inbound.stop()
    await rt.connection.stop()
    await rt.dispatcher.stop()
  }

  /**
   * Quiet hours, kept while the profile runs: every few seconds its queued bulk messages whose
   * recipients' window has closed meanwhile wait, scheduled for its next opening (a message
   * queued outside its window waits from the start: see the import).
   */
  private sweepQuiet(profile: StoredProfile): () => void {
    const quiet = profile.quietHours
    if (!quiet) return () => {}
    const { outbox, log } = this.d
    let stopped = false
    const sweep = async () => {
      try {
        const { held, batches } = await outbox.holdQuiet(profile.id, quiet)
        if (held > 0 && !stopped) {
          log('info', `${profile.id}: ${held} bulk messages wait for their recipients' hours`)
          this.d.onQuietHeld?.(batches)
        }
      } catch (err) {
        log('warn', `quiet hours for ${profile.id}: ${errorText(err)}`)
      }
    }
    void sweep()
    const timer = setInterval(() => void sweep(), this.d.tuning.quietSweepMs ?? 20_000)
    timer.unref()
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }

  /**
   * A profile that is paused (login, balance) or down for longer than the grace period hands
   * its never-sent messages to its fallback profile, if it names one.
   */
  private async moveToFallback(from: string, to: string): Promise<void> {
    const target = this.running.get(to)
    if (!target || !canSend(target.connection)) return
    const { outbox, log } = this.d
    const name = target.profile.name
    const fromName = this.running.get(from)?.profile.name ?? from
    const moved = await outbox.reroute(from, to, `Sent through ${name}: ${fromName} is unavailable`)
    if (moved.length === 0) return
    log('warn', `failover: ${moved.length} message(s) moved from ${from} to ${to}`)
    this.d.emitMessages(moved)
    target.dispatcher.wake()
  }

  /** Messages stored as they came: every window hears; an opt-out's answer goes out. */
  private async received(
    profileId: string,
    { stored, replies }: { stored: InboundMessage[]; replies: OutboxMessage[] },
  ): Promise<void> {
    for (const m of stored) this.d.emit('inbox.received', m)
    if (stored.length > 0) this.d.emit('inbox.unread', { count: await this.d.inbox.unreadCount() })
    if (replies.length > 0) {
      this.d.emitMessages(replies)
      this.queued(profileId)
    }
  }

  /** Providers without push inbound: fetch new messages now and then, from where we left off. */
  private pollInbound(profileId: string, connection: ProviderConnection): () => void {
    if (connection.capabilities.inbound !== 'poll' || !connection.pollInbound) return () => {}
    const { inbox, storage, log } = this.d
    const every = this.d.tuning.inboundPollMs ?? 30_000
    const writer = `inbound-poll:${profileId}`
    let stopped = false
    let timer: NodeJS.Timeout | null = null
    const tick = async () => {
      if (stopped) return
      if (canSend(connection) && connection.pollInbound) {
        try {
          const { messages, cursor } = await connection.pollInbound(await inbox.cursor(profileId))
          if (!stopped) {
            // Not stored, the cursor stays: the next poll fetches the same messages again.
            await this.received(profileId, await inbox.record(profileId, messages, cursor))
            storage.recovered(writer)
          }
        } catch (err) {
          if (isStorageError(err)) storage.failed(writer, err, 0)
          else connection.noteFailure?.(err)
          log('warn', `inbound poll for ${profileId}: ${errorText(err)}`)
        }
      }
      if (!stopped) timer = setTimeout(() => void tick(), every)
    }
    timer = setTimeout(() => void tick(), Math.min(every, 2000))
    return () => {
      stopped = true
      if (timer) clearTimeout(timer)
      storage.recovered(writer)
    }
  }
}

export function offline(profileId: string, detail: string): SessionState {
  return { profileId, status: 'offline', host: null, detail, retryAt: null }
}
