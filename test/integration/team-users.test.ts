// An office's people on a real team server (its process on a real PostgreSQL, consoles over TLS
// WebSockets): the administrator makes an agent and a supervisor; each gets what their role
// allows, checked on the server; a weak password is refused at its field; disabling a user and
// changing a role reach the consoles they have open; the trail says who did what to whom and
// from where, and exports as a file; the last administrator stays one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rmSync } from 'node:fs'
import type { Core } from '../../src/main/core/types'
import type { AuditEntry } from '../../src/shared/calls/team'
import { callerOf } from '../helpers/core'
import { newExportId, readExport } from '../helpers/exports'
import { startPostgres, type Postgres } from '../helpers/postgres'
import {
  connect,
  makeTls,
  post,
  signIn,
  startServer,
  type Console,
  type ServerProcess,
  type Tls,
} from '../helpers/team-server'
import { waitFor } from '../helpers/wait'

const ADMIN = { name: 'Dilnoza', password: 'correct horse battery' }
const AGENT = { name: 'farhod', password: 'agent password 1', role: 'agent' }
const SUPERVISOR = { name: 'Malika.R', password: 'supervisor password 1', role: 'supervisor' }

describe('users and the audit trail on a team server', () => {
  let pg: Postgres
  let tls: Tls
  let server: ServerProcess
  let admin: Console
  const open: Console[] = []

  /** A console signed in as this user. */
  const consoleOf = async (user: { name: string; password: string }): Promise<Console> => {
    const c = await connect(
      server.url,
      tls.ca,
      await signIn(server.url, tls.ca, user.name, user.password),
    )
    open.push(c)
    return c
  }

  beforeAll(async () => {
    pg = await startPostgres()
    tls = makeTls()
    server = await startServer(pg.url, tls, { admin: ADMIN })
    admin = await consoleOf(ADMIN)
  }, 180_000)

  afterAll(async () => {
    for (const c of open) c.close()
    await server?.stop()
    await pg?.stop()
    if (tls) rmSync(tls.dir, { recursive: true, force: true })
  })

  it('lets the administrator make an agent and a supervisor, each allowed what their role is', async () => {
    for (const user of [AGENT, SUPERVISOR]) {
      const made = await admin.call('users.create', user)
      expect(made).toMatchObject({
        ok: true,
        result: { name: user.name, role: user.role, disabled: false },
      })
    }
    const list = await admin.call('users.list')
    expect((list.result as { name: string; role: string }[]).map((u) => [u.name, u.role])).toEqual([
      [ADMIN.name, 'administrator'],
      [AGENT.name, 'agent'],
      [SUPERVISOR.name, 'supervisor'],
    ])

    const agent = await consoleOf(AGENT)
    expect(await agent.call('users.me')).toEqual({
      ok: true,
      result: { name: AGENT.name, role: 'agent' },
    })
    for (const [name, request] of [
      ['users.list', {}],
      ['audit.search', { limit: 10 }],
      ['users.create', { name: 'someone', password: 'a long password', role: 'administrator' }],
      ['users.setRole', { name: AGENT.name, role: 'administrator' }],
    ] as const) {
      expect([name, await agent.call(name, request)]).toMatchObject([
        name,
        { ok: false, error: { code: 'FORBIDDEN' } },
      ])
    }

    const supervisor = await consoleOf(SUPERVISOR)
    expect((await supervisor.call('users.me')).result).toEqual({
      name: SUPERVISOR.name,
      role: 'supervisor',
    })
    const trail = await supervisor.call('audit.search', { limit: 50 })
    expect(trail.ok).toBe(true)
    expect(await supervisor.call('users.create', { ...AGENT, name: 'zarina' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    expect(await supervisor.call('users.list')).toMatchObject({ error: { code: 'FORBIDDEN' } })
  })

  it('refuses a weak password, a taken name and a bad one at their fields, saying why', async () => {
    const short = await admin.call('users.create', {
      name: 'zarina',
      password: 'short',
      role: 'agent',
    })
    expect(short).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: 'Choose another password: it is shorter than 10 characters',
        issues: [{ path: 'password', phrase: { id: 'password.short', params: { min: 10 } } }],
      },
    })
    const same = await admin.call('users.create', {
      name: 'zarina.karimova',
      password: 'Zarina.Karimova',
      role: 'agent',
    })
    expect(same).toMatchObject({
      error: { issues: [{ path: 'password', phrase: { id: 'password.isName' } }] },
    })
    const taken = await admin.call('users.create', {
      name: 'FARHOD',
      password: 'another good one',
      role: 'agent',
    })
    expect(taken).toMatchObject({
      error: { code: 'CONFLICT', issues: [{ path: 'name', phrase: { id: 'user.nameTaken' } }] },
    })
    const spaced = await admin.call('users.create', {
      name: 'two words',
      password: 'another good one',
      role: 'agent',
    })
    expect(spaced).toMatchObject({
      error: { code: 'BAD_REQUEST', issues: [{ path: 'name', phrase: { id: 'user.badName' } }] },
    })
    const reset = await admin.call('users.setPassword', { name: AGENT.name, password: '12345' })
    expect(reset).toMatchObject({
      error: { code: 'BAD_REQUEST', issues: [{ path: 'password' }] },
    })
    const nobody = await admin.call('users.disable', { name: 'nobody' })
    expect(nobody).toMatchObject({
      error: { code: 'NOT_FOUND', phrase: { id: 'user.notFound', params: { name: 'nobody' } } },
    })
    // Nothing of it was made.
    expect((await admin.call('users.list')).result).toHaveLength(3)
  })

  it('ends a disabled user’s open console at once, and lets them back when enabled', async () => {
    const token = await signIn(server.url, tls.ca, AGENT.name, AGENT.password)
    const agent = await connect(server.url, tls.ca, token)
    open.push(agent)
    expect((await agent.call('profiles.list')).ok).toBe(true)

    const disabled = await admin.call('users.disable', { name: AGENT.name })
    expect(disabled).toMatchObject({ ok: true, result: { name: AGENT.name, disabled: true } })
    expect(await agent.closed).toBe(4001)
    // The session is over for good: the token opens no socket, the password no session.
    const again = await post(server.url, tls.ca, '/api/login', {
      user: AGENT.name,
      password: AGENT.password,
    })
    expect(again).toMatchObject({ status: 403, body: { error: { code: 'DISABLED' } } })
    await expect(connect(server.url, tls.ca, token)).rejects.toThrow(/401/)

    expect(await admin.call('users.enable', { name: AGENT.name })).toMatchObject({
      ok: true,
      result: { disabled: false },
    })
    const back = await consoleOf(AGENT)
    expect((await back.call('users.me')).result).toMatchObject({ name: AGENT.name })
  })

  it('ends a disabled user’s console on another server of the office too, at once', async () => {
    const second = await startServer(pg.url, tls)
    try {
      const elsewhere = await connect(
        second.url,
        tls.ca,
        await signIn(second.url, tls.ca, AGENT.name, AGENT.password),
      )
      expect((await elsewhere.call('profiles.list')).ok).toBe(true)
      // Disabled on the first server: the second hears it through the database.
      await admin.call('users.disable', { name: AGENT.name })
      expect(await elsewhere.closed).toBe(4001)
      await admin.call('users.enable', { name: AGENT.name })
    } finally {
      await second.stop()
    }
  })

  it('applies a new role to a console already open, at its next call', async () => {
    const supervisor = await consoleOf(SUPERVISOR)
    expect((await supervisor.call('audit.search', { limit: 1 })).ok).toBe(true)

    const changed = await admin.call('users.setRole', { name: SUPERVISOR.name, role: 'agent' })
    expect(changed).toMatchObject({ ok: true, result: { role: 'agent' } })
    expect(await supervisor.call('audit.search', { limit: 1 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    expect((await supervisor.call('users.me')).result).toEqual({
      name: SUPERVISOR.name,
      role: 'agent',
    })
    // The console was told too, so that it stops offering what the role no longer allows.
    await waitFor(
      () =>
        supervisor.events.some(
          (e) =>
            e.event === 'team.session' &&
            (e.payload as { user: { role: string } }).user.role === 'agent',
        ),
      'the new role pushed to the open console',
    )

    await admin.call('users.setRole', { name: SUPERVISOR.name, role: 'supervisor' })
    expect((await supervisor.call('audit.search', { limit: 1 })).ok).toBe(true)
  })

  it('signs a user out of every console, and a new password ends their sessions too', async () => {
    const one = await consoleOf(AGENT)
    const two = await consoleOf(AGENT)
    const out = await admin.call('users.signOutEverywhere', { name: AGENT.name })
    expect(out).toMatchObject({ ok: true })
    expect((out.result as { sessions: number }).sessions).toBeGreaterThanOrEqual(2)
    expect(await one.closed).toBe(4001)
    expect(await two.closed).toBe(4001)

    const three = await consoleOf(AGENT)
    const password = 'a new agent password'
    expect(await admin.call('users.setPassword', { name: AGENT.name, password })).toMatchObject({
      ok: true,
      result: { name: AGENT.name },
    })
    expect(await three.closed).toBe(4001)
    expect(
      (await post(server.url, tls.ca, '/api/login', { user: AGENT.name, password: AGENT.password }))
        .status,
    ).toBe(401)
    AGENT.password = password
    await consoleOf(AGENT)
  })

  it('keeps the last administrator one', async () => {
    const demote = await admin.call('users.setRole', { name: ADMIN.name, role: 'supervisor' })
    expect(demote).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: `${ADMIN.name} is the only administrator: make another one first`,
        phrase: { id: 'user.lastAdministrator' },
      },
    })
    expect(await admin.call('users.disable', { name: ADMIN.name })).toMatchObject({
      error: { code: 'CONFLICT' },
    })
    expect((await admin.call('users.me')).result).toEqual({
      name: ADMIN.name,
      role: 'administrator',
    })
  })

  it('finds who did what to whom in the trail, from where, a page at a time', async () => {
    const supervisor = await consoleOf(SUPERVISOR)
    const made = await supervisor.call('audit.search', {
      user: ADMIN.name.toLowerCase(),
      action: 'users.create',
      limit: 10,
    })
    const entries = (made.result as { entries: AuditEntry[] }).entries
    const done = entries.filter((e) => e.details.outcome === 'done')
    expect(done.map(({ user, role, from, target }) => ({ user, role, from, target }))).toEqual([
      { user: ADMIN.name, role: 'administrator', from: '127.0.0.1', target: SUPERVISOR.name },
      { user: ADMIN.name, role: 'administrator', from: '127.0.0.1', target: AGENT.name },
    ])
    expect(done[1]?.details).toMatchObject({ role: 'agent', password: '(withheld)' })
    // Refused attempts are kept too, with why; no password typed is.
    expect(entries.some((e) => e.details.outcome === 'BAD_REQUEST')).toBe(true)
    expect(JSON.stringify(entries)).not.toMatch(/agent password|short"|12345/)

    const changes = await supervisor.call('audit.search', {
      action: 'users.',
      text: AGENT.name,
      limit: 100,
    })
    const actions = (changes.result as { entries: AuditEntry[] }).entries.map((e) => e.action)
    expect(actions).toEqual(
      expect.arrayContaining([
        'users.create',
        'users.disable',
        'users.enable',
        'users.signOutEverywhere',
        'users.setPassword',
      ]),
    )

    const who = await supervisor.call('audit.search', { action: 'users.disable', limit: 10 })
    expect(
      (who.result as { entries: AuditEntry[] }).entries.map(({ user, from, target, details }) => ({
        user,
        from,
        target,
        outcome: details.outcome,
      })),
    ).toEqual([
      // Refused: the last administrator.
      { user: ADMIN.name, from: '127.0.0.1', target: ADMIN.name, outcome: 'CONFLICT' },
      // The agent disabled twice: on their console here, then on another server's.
      { user: ADMIN.name, from: '127.0.0.1', target: AGENT.name, outcome: 'done' },
      { user: ADMIN.name, from: '127.0.0.1', target: AGENT.name, outcome: 'done' },
      { user: ADMIN.name, from: '127.0.0.1', target: 'nobody', outcome: 'NOT_FOUND' },
    ])

    // Newest first, a page at a time, every entry once.
    const seen: number[] = []
    let before: number | undefined
    for (let more = true; more;) {
      const page = await supervisor.call('audit.search', { action: 'users.', before, limit: 3 })
      const r = page.result as { entries: AuditEntry[]; more: boolean }
      seen.push(...r.entries.map((e) => e.id))
      before = r.entries.at(-1)?.id
      more = r.more
    }
    expect(seen).toEqual([...seen].sort((a, b) => b - a))
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.length).toBeGreaterThan(10)
  })

  it('exports the trail, filtered as searched, as a file', async () => {
    const supervisor = await consoleOf(SUPERVISOR)
    const call = callerOf(() => ({ handle: supervisor.call }) as unknown as Core)
    const exportId = newExportId()
    const written = await call('export.write', {
      exportId,
      source: { list: 'audit', filter: { action: 'users.create' } },
      format: { kind: 'csv', delimiter: ';' },
      lang: 'en',
      tzOffsetMinutes: 0,
    })
    const csv = (await readExport(call, exportId)).toString('utf8').replace(/^\uFEFF/, '')
    await call('export.discard', { exportId })
    const lines = csv.trim().split(/\r?\n/)
    expect(lines[0]).toBe('Time;User;Role;Address;Action;Target;Outcome;Details')
    expect(lines).toHaveLength(written.rows + 1)
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(
            `;${ADMIN.name};Administrator;127\\.0\\.0\\.1;users\\.create;${AGENT.name};done;`,
          ),
        ),
        expect.stringMatching(new RegExp(`;users\\.create;${SUPERVISOR.name};done;`)),
      ]),
    )
    expect(csv).not.toContain('agent password')
    // Every row is a users.create: the filter held.
    expect(lines.slice(1).every((l) => l.includes(';users.create;'))).toBe(true)

    const agent = await consoleOf(AGENT)
    const refused = await agent.call('export.write', {
      exportId: newExportId(),
      source: { list: 'audit', filter: {} },
      format: { kind: 'xlsx' },
      lang: 'en',
      tzOffsetMinutes: 0,
    })
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})
