/**
 * The servers' bus on PostgreSQL: LISTEN/NOTIFY on one channel. Each server listens on a
 * connection of its own and publishes through its pool; a notification names the server that
 * sent it, so none hears itself. Events are gathered for a few milliseconds and sent together
 * (a campaign moves thousands of messages a second); a group too big for one notification
 * (PostgreSQL takes 8000 bytes) goes into a table and the notification names its row.
 */
import { Client } from 'pg'
import type { Bus, BusMessage } from '../../runtime/coordination'
import type { PgDatabase } from './database'

const CHANNEL = 'console_bus'
/** Below PostgreSQL's 8000-byte limit on a notification's payload, with room for the envelope. */
const MAX_NOTIFY = 7000
/** How long events wait to go together. */
const GATHER_MS = 20
/** Spilled groups are read within moments; older ones are removed as new ones are written. */
const SPILL_KEPT_MS = 60_000

interface Envelope {
  /** The server that sent it. */
  s: string
  /** Messages, or the row of bus_spill holding them. */
  m?: BusMessage[]
  spill?: number
}

export class PgBus implements Bus {
  private listener: Client | null = null
  private readonly listeners: ((m: BusMessage) => void)[] = []
  private pending: BusMessage[] = []
  private timer: NodeJS.Timeout | null = null
  private sending: Promise<void> = Promise.resolve()
  private closed = false
  private reconnectTimer: NodeJS.Timeout | null = null

  private constructor(
    private readonly db: PgDatabase,
    private readonly connectionString: string,
    readonly serverId: string,
    private readonly log: (level: 'warn', message: string) => void,
  ) {}

  static async open(
    db: PgDatabase,
    connectionString: string,
    serverId: string,
    log: (level: 'warn', message: string) => void,
  ): Promise<PgBus> {
    const bus = new PgBus(db, connectionString, serverId, log)
    await bus.listen()
    return bus
  }

  onMessage(listener: (m: BusMessage) => void): void {
    this.listeners.push(listener)
  }

  publish(message: BusMessage): void {
    if (this.closed) return
    this.pending.push(message)
    // Wakes and restarts go at once; events a moment later, together.
    if (message.kind !== 'event') return this.flushSoon(0)
    this.flushSoon(GATHER_MS)
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.flush()
    await this.sending
    this.closed = true
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    const c = this.listener
    this.listener = null
    await c?.end().catch(() => {})
  }

  private flushSoon(ms: number): void {
    if (this.timer && ms > 0) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      this.flush()
    }, ms)
  }

  /** Sends what is pending, in order, in as few notifications as fit. */
  private flush(): void {
    const messages = this.pending
    this.pending = []
    if (messages.length === 0) return
    const groups: BusMessage[][] = []
    let group: BusMessage[] = []
    let size = 0
    for (const m of messages) {
      const n = JSON.stringify(m).length
      if (group.length > 0 && size + n > MAX_NOTIFY) {
        groups.push(group)
        group = []
        size = 0
      }
      group.push(m)
      size += n + 1
    }
    groups.push(group)
    this.sending = this.sending.then(async () => {
      for (const g of groups) {
        try {
          await this.send(g)
        } catch (err) {
          // Consoles of other servers miss these moves until their next reload; said in the log.
          this.log('warn', `bus: ${g.length} message(s) not published: ${String(err)}`)
        }
      }
    })
  }

  private async send(group: BusMessage[]): Promise<void> {
    const text = JSON.stringify({ s: this.serverId, m: group } satisfies Envelope)
    if (Buffer.byteLength(text) <= MAX_NOTIFY) {
      await this.db.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, text])
      return
    }
    await this.db.transaction(async (c) => {
      await c.query('DELETE FROM bus_spill WHERE at < $1', [Date.now() - SPILL_KEPT_MS])
      const r = await c.query<{ id: number }>(
        'INSERT INTO bus_spill (at, messages) VALUES ($1, $2) RETURNING id',
        [Date.now(), JSON.stringify(group)],
      )
      const spill = { s: this.serverId, spill: r.rows[0]?.id } satisfies Envelope
      await c.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(spill)])
    })
  }

  private async listen(): Promise<void> {
    const c = new Client({
      connectionString: this.connectionString,
      application_name: `sms-console-bus:${this.serverId}`,
      keepAlive: true,
    })
    const broke = () => {
      if (this.listener !== c) return
      this.listener = null
      void c.end().catch(() => {})
      if (this.closed) return
      this.log('warn', 'bus: the connection to the database broke; listening again')
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null
        this.listen().catch(() => broke())
      }, 1000)
    }
    c.on('error', broke)
    c.on('end', broke)
    c.on('notification', (n) => {
      if (n.channel === CHANNEL && n.payload) void this.heard(n.payload)
    })
    this.listener = c
    await c.connect()
    await c.query(`LISTEN ${CHANNEL}`)
  }

  private async heard(payload: string): Promise<void> {
    let envelope: Envelope
    try {
      envelope = JSON.parse(payload) as Envelope
    } catch {
      return
    }
    if (envelope.s === this.serverId) return
    let messages = envelope.m ?? []
    if (envelope.spill !== undefined) {
      const r = await this.db.pool
        .query<{ messages: BusMessage[] }>('SELECT messages FROM bus_spill WHERE id = $1', [
          envelope.spill,
        ])
        .catch(() => null)
      messages = r?.rows[0]?.messages ?? []
    }
    for (const m of messages) for (const l of this.listeners) l(m)
  }
}
