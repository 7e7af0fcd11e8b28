// The team server for real: its process (`npm run server`'s code) on a real PostgreSQL, TLS with
// a self-signed certificate the consoles trust, and consoles as WebSocket clients. Sign-in with
// the administrator made at the first start; a message sent by one console is pushed to every
// console as it moves to delivered; an agent is refused what only a supervisor may do, on the
// server; sessions end for real; every change lands in the audit trail with who and from where;
// provider credentials are stored sealed and never reach a console.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rmSync } from 'node:fs'
import { request } from 'node:https'
import WebSocket from 'ws'
import { openPgDatabase, type PgDatabase } from '../../src/main/core/stores/postgres/database'
import { PgAccounts } from '../../src/main/core/stores/postgres/accounts'
import { PgAudit } from '../../src/main/core/stores/postgres/audit'
import { OFFICE_PROFILE } from '../helpers/office-profile'
import { startPostgres, type Postgres } from '../helpers/postgres'
import {
  connect,
  makeTls,
  post,
  signIn,
  startServer,
  type ServerProcess,
  type Tls,
} from '../helpers/team-server'
import { waitFor, waitForValue } from '../helpers/wait'

const ADMIN = { name: 'Dilnoza', password: 'correct horse battery' }
const AGENT = { name: 'farhod', password: 'agent password 1' }

describe('the team server', () => {
  let pg: Postgres
  let db: PgDatabase
  let tls: Tls
  let server: ServerProcess

  beforeAll(async () => {
    pg = await startPostgres()
    tls = makeTls()
    server = await startServer(pg.url, tls, { admin: ADMIN })
    db = await openPgDatabase(pg.url)
    await new PgAccounts(db).createUser({ ...AGENT, role: 'agent' })
  }, 180_000)

  afterAll(async () => {
    await server?.stop()
    await db?.close()
    await pg?.stop()
    if (tls) rmSync(tls.dir, { recursive: true, force: true })
  })

  it('answers only over TLS a console trusts, and only to a signed-in console', async () => {
    // A console that has not accepted this certificate refuses the connection.
    await expect(
      new Promise((resolve, reject) => {
        const req = request(`${server.url}/api/health`, resolve)
        req.on('error', reject)
        req.end()
      }),
    ).rejects.toThrow(/self[- ]signed/i)
    const wrong = await post(server.url, tls.ca, '/api/login', {
      user: ADMIN.name,
      password: 'not it at all',
    })
    expect(wrong.status).toBe(401)
    expect(wrong.body?.error).toMatchObject({ code: 'BAD_CREDENTIALS' })
    // No token, or a made-up one: the WebSocket is refused before it opens.
    for (const headers of [{}, { Authorization: `Bearer ${'x'.repeat(43)}` }]) {
      const ws = new WebSocket(`${server.url.replace('https', 'wss')}/api`, { ca: tls.ca, headers })
      const status = await new Promise<number>((resolve) =>
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
      )
      expect(status).toBe(401)
    }
  })

  it('sends through the shared core and pushes every move to every console', async () => {
    const token = await signIn(server.url, tls.ca, ADMIN.name, ADMIN.password)
    const one = await connect(server.url, tls.ca, token)
    const two = await connect(
      server.url,
      tls.ca,
      await signIn(server.url, tls.ca, AGENT.name, AGENT.password),
    )
    try {
      const info = await one.call('app.info')
      expect(info.result).toMatchObject({ mode: 'server' })
      const sent = await two.call('messages.send', {
        profileId: 'sandbox',
        sender: 'InfoDesk',
        phone: '+992 90 123 4567',
        text: 'Ваш заказ готов',
      })
      expect(sent.ok).toBe(true)
      const id = (sent.result as { id: number }).id
      for (const c of [one, two]) {
        await waitFor(
          () =>
            c.events.some(
              (e) =>
                e.event === 'message.updated' &&
                (e.payload as { id: number; state: string }).id === id &&
                (e.payload as { state: string }).state === 'delivered',
            ),
          'delivered pushed to each console',
        )
      }
      const detail = await one.call('messages.detail', { id })
      expect(detail.result).toMatchObject({ message: { id, state: 'delivered' } })
      const trail = await new PgAudit(db).search({ action: 'messages.send', limit: 10 })
      expect(
        trail.entries.map(({ user, role, from, action, target }) => ({
          user,
          role,
          from,
          action,
          target,
        })),
      ).toEqual([
        {
          user: AGENT.name,
          role: 'agent',
          from: '127.0.0.1',
          action: 'messages.send',
          target: '992901234567',
        },
      ])
    } finally {
      one.close()
      two.close()
    }
  })

  it('refuses on the server what the caller’s role does not allow', async () => {
    const agent = await connect(
      server.url,
      tls.ca,
      await signIn(server.url, tls.ca, AGENT.name, AGENT.password),
    )
    try {
      const add = await agent.call('stoplist.add', { phones: ['992901234567'] })
      expect(add).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      const save = await agent.call('credentials.set', { profileId: 'sandbox', password: 'x' })
      expect(save).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      const list = await agent.call('stoplist.list', { offset: 0, limit: 10 })
      expect(list.ok).toBe(true)
      const stopped = await db.pool.query('SELECT count(*)::int AS n FROM stop_list')
      expect(stopped.rows[0]).toEqual({ n: 0 })
    } finally {
      agent.close()
    }
  })

  it('ends a session for real: signed out, the open socket is refused at its next call', async () => {
    const token = await signIn(server.url, tls.ca, AGENT.name, AGENT.password)
    const c = await connect(server.url, tls.ca, token)
    expect((await c.call('profiles.list')).ok).toBe(true)
    const out = await post(
      server.url,
      tls.ca,
      '/api/logout',
      {},
      { Authorization: `Bearer ${token}` },
    )
    expect(out.status).toBe(204)
    expect(await c.call('profiles.list')).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    })
    expect(await c.closed).toBe(4001)
  })

  it('keeps provider credentials sealed in the database, and never hands them out', async () => {
    const admin = await connect(
      server.url,
      tls.ca,
      await signIn(server.url, tls.ca, ADMIN.name, ADMIN.password),
    )
    try {
      const secret = 'office-smpp-password-42'
      const saved = await admin.call('profiles.save', OFFICE_PROFILE)
      expect(saved.ok).toBe(true)
      const profileId = (saved.result as { id: string }).id
      const set = await admin.call('credentials.set', { profileId, password: secret })
      expect(set).toMatchObject({ ok: true, result: { hasPassword: true } })
      const stored = await db.pool.query<{ sealed: Buffer }>(
        'SELECT sealed FROM profile_secrets WHERE profile_id = $1',
        [profileId],
      )
      expect(stored.rows).toHaveLength(1)
      expect(stored.rows[0]?.sealed.includes(Buffer.from(secret))).toBe(false)
      const got = await admin.call('profiles.get', { profileId })
      expect(got.ok).toBe(true)
      expect(JSON.stringify(got)).not.toContain(secret)
      const listed = await admin.call('profiles.list')
      expect(listed.result).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: profileId, hasPassword: true })]),
      )
      const trail = await waitForValue(
        () =>
          db.pool.query(
            `SELECT details::text AS d FROM audit_log WHERE action = 'credentials.set'`,
          ),
        (r) => r.rows.length === 1,
        'the credential change in the trail',
      )
      expect(trail.rows[0]?.d).not.toContain(secret)
    } finally {
      admin.close()
    }
  })
})
