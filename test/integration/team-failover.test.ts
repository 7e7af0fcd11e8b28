// No single point of failure, for real: two team server processes on one real PostgreSQL, an
// SMSC (the SMPP sandbox, in this process) both can reach. A 10,000-message campaign is
// started on the server that does NOT hold the profile's bind (its queueing wakes the other
// through the database); the server holding the bind is killed with SIGKILL in the middle; the
// other takes the profile's lease within seconds and sends the rest. At the SMSC every message
// arrives once — none twice — except those whose submit was in flight at the kill, which are
// `uncertain` and settled as on a workstation (asked of the SMSC with query_sm: the ones it has
// are accepted, so none of them is sent again). Consoles on the surviving server see the moves.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SandboxSmsc } from '../../src/main/core/providers/smpp/sim'
import { openPgDatabase, type PgDatabase } from '../../src/main/core/stores/postgres/database'
import { startPostgres, type Postgres } from '../helpers/postgres'
import {
  connect,
  makeTls,
  signIn,
  startServer,
  type ServerProcess,
  type Tls,
} from '../helpers/team-server'
import { waitForValue } from '../helpers/wait'

const ADMIN = { name: 'admin', password: 'correct horse battery' }
const CAMPAIGN = 10_000
const phone = (i: number) => `7701${String(i).padStart(7, '0')}`
/** An import whose server is gone is interrupted after 2 s of stillness, not 30. */
const TUNING = { SMS_CONSOLE_ORPHAN_IMPORT_MS: '2000' }

describe('two team servers on one database', () => {
  let pg: Postgres
  let db: PgDatabase
  let tls: Tls
  let smsc: SandboxSmsc
  const servers: ServerProcess[] = []

  beforeAll(async () => {
    pg = await startPostgres()
    tls = makeTls()
    smsc = new SandboxSmsc({
      systemId: 'office',
      password: 'office-pass',
      ratePerSecond: 0,
      receiptDelayMs: 20,
    })
    await smsc.start()
    servers.push(await startServer(pg.url, tls, { admin: ADMIN, env: TUNING }))
    servers.push(await startServer(pg.url, tls, { env: TUNING }))
    db = await openPgDatabase(pg.url)
  }, 180_000)

  afterAll(async () => {
    for (const s of servers) await s.stop()
    await smsc?.stop()
    await db?.close()
    await pg?.stop()
    if (tls) rmSync(tls.dir, { recursive: true, force: true })
  })

  /** The pid of the server process holding the profile's lease, as PostgreSQL sees it. */
  async function leaseHolder(): Promise<number | null> {
    const r = await db.pool.query<{ app: string }>(
      `SELECT a.application_name AS app FROM pg_locks l
        JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE 'sms-console-server:%'
          AND l.objid = (hashtext('office')::bigint & 4294967295)::oid`,
    )
    const app = r.rows[0]?.app
    return app ? Number(app.split(':')[1]) : null
  }

  async function states(): Promise<Record<string, number>> {
    const r = await db.pool.query<{ state: string; n: number }>(
      'SELECT state, count(*)::int AS n FROM messages WHERE profile_id = $1 GROUP BY state',
      ['office'],
    )
    return Object.fromEntries(r.rows.map((x) => [x.state, x.n]))
  }

  it('every message arrives once when the server holding the bind is killed mid-campaign', async () => {
    const [first, second] = servers as [ServerProcess, ServerProcess]
    const admin = await connect(
      first.url,
      tls.ca,
      await signIn(first.url, tls.ca, ADMIN.name, ADMIN.password),
    )
    const saved = await admin.call('profiles.save', {
      kind: 'smpp',
      id: 'office',
      name: 'Office SMPP',
      hosts: [{ host: '127.0.0.1', port: smsc.port }],
      tls: false,
      systemId: 'office',
      systemType: [],
      window: 50,
      ratePerSecond: 250,
      longMessageMode: 'udh',
      senders: ['Office'],
    })
    expect(saved.ok).toBe(true)
    expect(
      (await admin.call('credentials.set', { profileId: 'office', password: 'office-pass' })).ok,
    ).toBe(true)
    const holderPid = await waitForValue(
      leaseHolder,
      (pid) => pid !== null,
      'a server drives the profile',
    )
    const holder = servers.find((s) => s.child.pid === holderPid) as ServerProcess
    const other = holder === first ? second : first
    await waitForValue(
      () => smsc.stats.binds,
      (n) => n >= 1,
      'the profile bound at the SMSC',
    )
    expect(smsc.stats.binds).toBe(1)
    admin.close()

    // The campaign is started through the server that does not send it; a console there watches.
    const console2 = await connect(
      other.url,
      tls.ca,
      await signIn(other.url, tls.ca, ADMIN.name, ADMIN.password),
    )
    const pasted = await console2.call('import.paste', {
      text: ['phone', ...Array.from({ length: CAMPAIGN }, (_, i) => phone(i))].join('\n'),
    })
    expect(pasted.ok).toBe(true)
    const started = await console2.call('import.start', {
      uploadId: (pasted.result as { uploadId: string }).uploadId,
      profileId: 'office',
      sender: 'Office',
      phoneColumn: 0,
      template: 'Скидка до конца недели',
    })
    expect(started.ok).toBe(true)

    // The server sending it tells the other one's consoles, through the database, as it goes.
    await waitForValue(
      () =>
        console2.events.filter(
          (e) =>
            e.event === 'message.updated' && (e.payload as { state: string }).state === 'accepted',
        ).length,
      (n) => n > 0,
      'moves made by the sending server pushed to a console of the other',
      120_000,
    )

    // Mid-campaign: the server holding the bind dies without a word.
    await waitForValue(
      () => smsc.submits.length,
      (n) => n >= 2000,
      'a fifth of the campaign out',
      120_000,
    )
    holder.child.kill('SIGKILL')
    await holder.exited
    const sentBeforeKill = smsc.submits.length
    expect(sentBeforeKill).toBeLessThan(CAMPAIGN)

    // The other takes the lease, binds, and sends the rest.
    await waitForValue(
      leaseHolder,
      (pid) => pid === other.child.pid,
      'the other server took the profile',
      60_000,
    )
    const done = await waitForValue(
      states,
      (s) => (s.delivered ?? 0) + (s.uncertain ?? 0) + (s.failed ?? 0) === CAMPAIGN && !s.accepted,
      'every message settled',
      240_000,
    )
    expect(done.failed ?? 0).toBe(0)

    // At the SMSC: no number twice; every delivered message there once.
    const arrivals = new Map<string, number>()
    for (const m of smsc.submits) arrivals.set(m.dest, (arrivals.get(m.dest) ?? 0) + 1)
    const twice = [...arrivals].filter(([, n]) => n > 1)
    expect(twice).toEqual([])
    const rows = await db.pool.query<{ phone: string; state: string }>(
      `SELECT phone, state FROM messages WHERE profile_id = 'office'`,
    )
    for (const r of rows.rows) {
      if (r.state === 'delivered') expect(arrivals.get(r.phone)).toBe(1)
    }
    // Uncertain only what was in flight at the kill (at most the profile's window of it): said
    // to be interrupted, each arrived at most once (no number twice, above), and settled by
    // the agent as on a workstation, on the surviving server.
    expect(done.uncertain ?? 0).toBeLessThanOrEqual(50)
    const uncertain = await db.pool.query<{ id: number; error_code: string }>(
      `SELECT id, error_code FROM messages WHERE profile_id = 'office' AND state = 'uncertain'`,
    )
    expect(new Set(uncertain.rows.map((r) => r.error_code))).toEqual(
      new Set(uncertain.rows.length > 0 ? ['outbox:interrupted'] : []),
    )
    const decided = uncertain.rows[0]
    if (decided) {
      const r = await console2.call('messages.resolveUncertain', {
        id: decided.id,
        action: 'markFailed',
      })
      expect(r).toMatchObject({ ok: true, result: { state: 'failed' } })
    }
    // Nothing lost: every message either reached the SMSC or is uncertain for the agent.
    expect(rows.rows.filter((r) => r.state !== 'uncertain' && !arrivals.has(r.phone))).toEqual([])

    // The console on the surviving server saw the campaign's messages move.
    expect(console2.events.some((e) => e.event === 'message.updated')).toBe(true)
    console2.close()
  }, 420_000)

  it('an import whose server dies is interrupted, and resumed on another server queues each row once', async () => {
    const alive = servers.find((s) => s.child.exitCode === null && s.child.signalCode === null)
    if (!alive) throw new Error('no server left from the first case')
    const doomed = await startServer(pg.url, tls, { env: TUNING })
    servers.push(doomed)
    const rows = 100_000
    const file = Buffer.from(
      [
        'phone',
        ...Array.from({ length: rows }, (_, i) => `7702${String(i).padStart(7, '0')}`),
      ].join('\n'),
    )
    const upload = async (c: Awaited<ReturnType<typeof connect>>) => {
      const begun = await c.call('import.begin', { name: 'reminders.csv', size: file.length })
      const { uploadId } = begun.result as { uploadId: string }
      for (let seq = 0, at = 0; at < file.length; seq++, at += 150 * 1024) {
        const dataBase64 = file.subarray(at, at + 150 * 1024).toString('base64')
        expect((await c.call('import.chunk', { uploadId, seq, dataBase64 })).ok).toBe(true)
      }
      expect((await c.call('import.finish', { uploadId })).ok).toBe(true)
      return uploadId
    }
    const there = await connect(
      doomed.url,
      tls.ca,
      await signIn(doomed.url, tls.ca, ADMIN.name, ADMIN.password),
    )
    const started = await there.call('import.start', {
      uploadId: await upload(there),
      profileId: 'office',
      sender: 'Office',
      phoneColumn: 0,
      template: 'Напоминание',
      // Queued for tomorrow: this case counts rows queued, not messages sent.
      scheduledAt: Date.now() + 86_400_000,
    })
    expect(started.ok).toBe(true)
    const batchId = (started.result as { id: number }).id
    const queued = async () =>
      (
        await db.pool.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM messages WHERE batch_id = $1',
          [batchId],
        )
      ).rows[0]?.n ?? 0
    await waitForValue(queued, (n) => n > 0, 'the import under way', 120_000)
    doomed.child.kill('SIGKILL')
    await doomed.exited
    const before = await queued()

    const here = await connect(
      alive.url,
      tls.ca,
      await signIn(alive.url, tls.ca, ADMIN.name, ADMIN.password),
    )
    const interrupted = await waitForValue(
      async () => (await here.call('batch.get', { batchId })).result as { importState: string },
      (b) => b.importState === 'interrupted',
      'the import marked interrupted by the surviving server',
      120_000,
    )
    expect(interrupted.importState).toBe('interrupted')
    if (before < rows) {
      // The file is on the dead server's disk: uploaded again here, the same bytes.
      const resumed = await here.call('batch.resumeImport', {
        batchId,
        uploadId: await upload(here),
      })
      expect(resumed.ok).toBe(true)
      await waitForValue(
        async () => (await here.call('batch.get', { batchId })).result as { importState: string },
        (b) => b.importState === 'done',
        'the resumed import done',
        240_000,
      )
    }
    const counted = await db.pool.query<{ n: number; phones: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT phone)::int AS phones FROM messages WHERE batch_id = $1',
      [batchId],
    )
    expect(counted.rows[0]).toEqual({ n: rows, phones: rows })
    there.close()
    here.close()
  }, 600_000)
})
