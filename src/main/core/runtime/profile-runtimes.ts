/**
 * Each provider profile at work: its connection (an SMPP bind or an HTTP client) and its
 * dispatcher, its inbound messages stored before the provider hears so, the polling of
 * providers that do not push them, and the failover that hands a profile's never-sent
 * messages to its fallback while it is down. Started, stopped and restarted per profile.
 */
import type { ProviderCallback } from '../providers/types'
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
import type { Verification } from '../../../shared/calls/verification'
import { isWaitCall } from '../../../shared/verification'
import type { Bus, Leases } from './coordination'

/** Faster reconnects, polls and retries, for tests. */
export interface RuntimeTuning {
  smpp?: Partial<SmppSessionOptions>
  /**
   * A longer request timeout where a busy test machine must not turn a slow answer into none;
   * a shorter identical-request window where a test must not wait smsgate's minute.
   */
  smsgate?: { timeoutMs?: number; duplicateWindowMs?: number }
  /** SMSC's window of repeated requests (a minute), shorter where a test must not wait it. */
  'smsc-http'?: { limiterWindowMs?: number }
  dispatcher?: Partial<Pick<DispatcherOptions, 'pollTickMs' | 'policy' | 'retryDelayMs'>>
  /** How long a profile may be down before its fallback takes its never-sent messages. */
  failoverGraceMs?: number
  /** How often to fetch inbound messages from providers that do not push them (default 30 s). */
  inboundPollMs?: number
  /** How often a profile with quiet hours holds the bulk messages whose hour passed (20 s). */
  quietSweepMs?: number
  /**
   * How long after the provider's last callback its statuses are taken as pushed (status polls
   * wait); past it, polling goes on as without callbacks (default 10 minutes).
   */
  callbackSilenceMs?: number
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
  /**
   * One of several servers on one database: a profile runs here only while this server holds
   * its lease; the others are looked for every `leaseRetryMs` (default 2 s).
   */
  leases?: Leases
  leaseRetryMs?: number
  /** Tells the other servers: wake or restart a profile this server does not drive. */
  bus?: Bus
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
  /** Profiles another server drives: their states as that server last said them. */
  private readonly remote = new Map<string, SessionState | null>()
  /** Profiles being started (their lease asked for): never two starts of one at once. */
  private readonly starting = new Set<string>()
  private leaseTimer: NodeJS.Timeout | null = null
  private stopped = false
  /** When each profile's provider last called the team server's handler. */
  private readonly lastCallback = new Map<string, number>()

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

  /** Every stored profile, one after another (here, or by the server holding its lease). */
  async startAll(): Promise<void> {
    for (const p of await this.d.profiles.list()) await this.start(p)
    const leases = this.d.leases
    if (!leases) return
    // The connection holding the leases broke: another server may take any profile now, so
    // none is driven here until its lease is held again.
    leases.onLost(() => {
      this.d.log('warn', 'the leases on provider profiles were lost: stopping them here')
      for (const id of [...this.running.keys()]) void this.stop(id, false)
    })
    const look = () => {
      this.leaseTimer = setTimeout(() => {
        void this.takeFree().finally(() => {
          if (!this.stopped) look()
        })
      }, this.d.leaseRetryMs ?? 2000)
      this.leaseTimer.unref()
    }
    look()
  }

  /** Profiles no server drives (their server died, or they are new) are taken here. */
  private async takeFree(): Promise<void> {
    try {
      for (const p of await this.d.profiles.list()) {
        if (this.stopped) return
        if (!this.running.has(p.id)) await this.start(p)
      }
    } catch (err) {
      this.d.log('warn', `looking for profiles to drive: ${errorText(err)}`)
    }
  }

  /** What another server said of a profile it drives. */
  noteRemoteState(state: SessionState): void {
    if (!this.running.has(state.profileId)) this.remote.set(state.profileId, state)
  }

  /**
   * Stops whatever runs for the profile and starts it again as stored (if it still is); the
   * server driving it does so, wherever the change was made.
   */
  async restart(profileId: string): Promise<void> {
    await this.restartHere(profileId)
    if (this.d.bus && !this.running.has(profileId)) {
      this.d.bus.publish({ kind: 'restart', profileId })
    }
  }

  /** A restart asked by another server: only if this one drives the profile (or may). */
  async restartHere(profileId: string): Promise<void> {
    await this.stop(profileId)
    const profile = await this.d.profiles.get(profileId)
    if (profile) await this.start(profile)
  }

  async stopAll(): Promise<void> {
    this.stopped = true
    if (this.leaseTimer) clearTimeout(this.leaseTimer)
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
    this.wake(profileId)
    this.failover.check(profileId)
  }

  /** Something is due for the profile: its dispatcher looks now, on whichever server runs it. */
  wake(profileId: string): void {
    if (this.running.has(profileId)) this.wakeHere(profileId)
    else this.d.bus?.publish({ kind: 'wake', profileId })
  }

  /** A wake from another server: never passed on again. */
  wakeHere(profileId: string): void {
    this.running.get(profileId)?.dispatcher.wake()
  }

  /** Whether this server drives the profile now. */
  drives(profileId: string): boolean {
    return this.running.has(profileId)
  }

  /** A real profile whose secret the keychain holds (sandbox profiles need none). */
  hasPassword(profile: StoredProfile): boolean {
    return profile.sandbox || this.passwords.get(profile.id) === true
  }

  /** The profile's connection state, saying why a stopped one is not running. */
  state(profileId: string): SessionState {
    const rt = this.running.get(profileId)
    const remote = this.remote.get(profileId)
    if (!rt && remote) return remote
    if (!rt) return offline(profileId, 'The profile could not be started')
    const state = rt.connection.state()
    if (!rt.profile.sandbox && this.passwords.get(profileId) === false) {
      if (state.status === 'stopped') return offline(profileId, NO_PASSWORD)
    }
    return state
  }

  sessions(): SessionState[] {
    return [...new Set([...this.running.keys(), ...this.remote.keys()])].map((id) => this.state(id))
  }

  private async start(profile: StoredProfile): Promise<void> {
    if (this.starting.has(profile.id) || this.running.has(profile.id) || this.stopped) return
    this.starting.add(profile.id)
    try {
      if (this.d.leases) {
        if (!(await this.d.leases.acquire(profile.id))) {
          if (!this.remote.has(profile.id)) this.remote.set(profile.id, null)
          return
        }
        this.remote.delete(profile.id)
        // Taken over (or first driven): what the last server had mid-send may or may not have
        // reached the provider, as after a workstation's restart.
        const recovered = await this.d.outbox.recoverInterrupted(profile.id)
        if (recovered.length > 0) {
          this.d.log(
            'warn',
            `${profile.id}: ${recovered.length} message(s) were mid-send when its last server stopped; marked uncertain`,
          )
          this.d.emitMessages(recovered)
        }
        this.d.log('info', `${profile.id}: driven by this server`)
      }
      await this.run(profile)
    } catch (err) {
      this.d.log('error', `profile ${profile.id}: ${errorText(err)}`)
      await this.d.leases?.release(profile.id).catch(() => {})
    } finally {
      this.starting.delete(profile.id)
    }
  }

  private async run(profile: StoredProfile): Promise<void> {
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
      // Statuses posted to the team server's handler: no need to ask, until it falls silent.
      statusesPushed: () => this.callbacksFresh(profile.id),
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

  /** Stops the profile here; `release`: let another server take it (false: the lease is gone). */
  async stop(profileId: string, release = true): Promise<void> {
    const rt = this.running.get(profileId)
    if (!rt) return
    this.running.delete(profileId)
    rt.stopPolling()
    rt.stopQuiet()
    rt.inbound.stop()
    await rt.connection.stop()
    await rt.dispatcher.stop()
    if (release) await this.d.leases?.release(profileId).catch(() => {})
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
    {
      stored,
      replies,
      verified = [],
    }: { stored: InboundMessage[]; replies: OutboxMessage[]; verified?: Verification[] },
  ): Promise<void> {
    // A verifying call (`[waitcall]`) is no customer's words: its verification tells instead.
    for (const m of stored) if (!isWaitCall(m.text)) this.d.emit('inbox.received', m)
    for (const v of verified) this.d.emit('verification.updated', v)
    if (stored.length > 0) this.d.emit('inbox.unread', { count: await this.d.inbox.unreadCount() })
    if (replies.length > 0) {
      this.d.emitMessages(replies)
      this.queued(profileId)
    }
  }

  /**
   * What a provider posted to the team server's handler (a status, a reply, a verifying call),
   * already checked: stored as a polled one would be, so a repeat changes nothing (a final
   * state stays, a message the provider named is kept once). Any server may take it: the
   * stores are shared; the profile's own server hears of it to rest its status polls.
   */
  async callback(profileId: string, cb: ProviderCallback): Promise<OutboxMessage[]> {
    // The others hear at most every half minute: a campaign's statuses are many callbacks.
    const last = this.lastCallback.get(profileId) ?? -Infinity
    if (Date.now() - last > 30_000) this.d.bus?.publish({ kind: 'callback', profileId })
    this.heardCallback(profileId)
    if (cb.kind === 'status') {
      const answered = await this.d.outbox.applyAnswers(profileId, [], [cb.receipt])
      this.d.emitMessages(answered.receipts)
      return answered.receipts
    }
    await this.received(
      profileId,
      await this.d.inbox.record(profileId, [{ ...cb.sms, ref: cb.ref }]),
    )
    return []
  }

  /** The profile's provider called the handler (here, or at another server). */
  heardCallback(profileId: string): void {
    this.lastCallback.set(profileId, Date.now())
  }

  /** The provider posts to the handler lately: polls rest (replies still kept once if both). */
  private callbacksFresh(profileId: string): boolean {
    const last = this.lastCallback.get(profileId)
    return last !== undefined && Date.now() - last < (this.d.tuning.callbackSilenceMs ?? 600_000)
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
      if (canSend(connection) && connection.pollInbound && !this.callbacksFresh(profileId)) {
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
