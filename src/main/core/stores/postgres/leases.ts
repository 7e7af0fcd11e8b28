/**
 * Which server drives which provider profile, when several share one database: a profile is
 * driven (bound to its provider, its messages claimed and sent) only by the server holding its
 * PostgreSQL advisory lock. The locks are held on one connection of their own: when a server
 * dies — killed, its machine gone — the database ends that connection and its locks with it,
 * and another server takes the profile at its next look. A server that loses that connection
 * (the database restarted, the network) stops driving every profile at once: it can no longer
 * know that no other server has taken them.
 */
import { Client } from 'pg'
import type { Leases } from '../../runtime/coordination'

/** The advisory lock's first key: profiles' leases ('smsp' as an integer). */
const LEASE_SPACE = 0x736d7370

export class PgLeases implements Leases {
  private client: Client | null = null
  private connecting: Promise<Client> | null = null
  private readonly held = new Set<string>()
  private readonly lostListeners: (() => void)[] = []
  private closed = false
  /** The connection's queries, one after another (it runs one at a time). */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly connectionString: string,
    /** Shown in pg_stat_activity: which server holds which leases. */
    private readonly applicationName: string,
  ) {}

  onLost(listener: () => void): void {
    this.lostListeners.push(listener)
  }

  async acquire(profileId: string): Promise<boolean> {
    return this.serial(async () => {
      if (this.held.has(profileId)) return true
      const c = await this.connection()
      const r = await c.query<{ ok: boolean }>(
        'SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok',
        [LEASE_SPACE, profileId],
      )
      const ok = r.rows[0]?.ok === true
      if (ok) this.held.add(profileId)
      return ok
    })
  }

  async release(profileId: string): Promise<void> {
    await this.serial(async () => {
      if (!this.held.delete(profileId) || !this.client) return
      await this.client
        .query('SELECT pg_advisory_unlock($1, hashtext($2))', [LEASE_SPACE, profileId])
        .catch(() => this.lost())
    })
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn)
    this.queue = run.catch(() => {})
    return run
  }

  async close(): Promise<void> {
    this.closed = true
    this.held.clear()
    const c = this.client
    this.client = null
    await c?.end().catch(() => {})
  }

  private connection(): Promise<Client> {
    if (this.closed) return Promise.reject(new Error('the leases are closed'))
    if (this.client) return Promise.resolve(this.client)
    this.connecting ??= (async () => {
      const c = new Client({
        connectionString: this.connectionString,
        application_name: this.applicationName,
        // A dead peer is noticed within seconds, not at the operating system's leisure.
        keepAlive: true,
        keepAliveInitialDelayMillis: 5000,
      })
      c.on('error', () => this.lost())
      c.on('end', () => this.lost())
      try {
        await c.connect()
      } catch (err) {
        await c.end().catch(() => {})
        throw err
      }
      this.client = c
      return c
    })().finally(() => {
      this.connecting = null
    })
    return this.connecting
  }

  /** The connection broke: every lease it held is gone, whatever this server still runs. */
  private lost(): void {
    const c = this.client
    this.client = null
    if (c) void c.end().catch(() => {})
    if (this.held.size === 0 || this.closed) return
    this.held.clear()
    for (const l of this.lostListeners) l()
  }
}
