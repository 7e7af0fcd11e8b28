// The users' calls as a team server answers them: checked by the contract's schemas, each
// refusal of the accounts at the field it is about and in the operator's language, anything
// else an internal failure said only in the log; and a workstation, with no users, saying so.
import { describe, expect, it } from 'vitest'
import { settle } from '../../src/main/core/api/router'
import { createTeamHandlers } from '../../src/main/core/api/team'
import type { CoreContext } from '../../src/main/core/context'
import {
  AccountError,
  type AccountsStore,
  type SessionInfo,
  type User,
} from '../../src/main/core/team/accounts'
import type { AuditQuery, AuditStore } from '../../src/main/core/team/audit'
import { hashPassword } from '../../src/main/core/team/passwords'
import { createUsersRouter } from '../../src/main/server/users'
import { phraseText } from '../../src/shared/phrases'

const user = (name: string, role: User['role'] = 'agent'): User => ({
  id: 1,
  name,
  role,
  disabled: false,
  createdAt: 1_700_000_000_000,
})

const caller: SessionInfo = {
  user: user('Dilnoza', 'administrator'),
  createdAt: 0,
  from: '10.0.0.5',
  expiresAt: 1,
}

/** Accounts that refuse as the real store does, without a database. */
function accounts(over: Partial<AccountsStore> = {}): AccountsStore {
  const refuse = (): never => {
    throw new Error('not expected')
  }
  return {
    bootstrapAdmin: refuse,
    async createUser({ name, password, role }) {
      if (/\s/.test(name)) throw new AccountError('BAD_NAME', 'A user name holds no spaces.')
      if (name === 'farhod') throw new AccountError('NAME_TAKEN', 'There is a user named farhod.')
      await hashPassword(password, name)
      return user(name, role)
    },
    listUsers: async () => [user('Dilnoza', 'administrator'), user('farhod')],
    userByName: async (name) => (name === 'farhod' ? user('farhod') : null),
    async setRole(name) {
      throw new AccountError('LAST_ADMINISTRATOR', `${name} is the only administrator.`)
    },
    disable: async (name) => {
      throw new AccountError('NOT_FOUND', `There is no user named ${name}.`)
    },
    enable: refuse,
    async setPassword(name, password) {
      await hashPassword(password, name)
    },
    login: refuse,
    session: refuse,
    revokeSession: refuse,
    revokeSessions: async () => {
      throw new Error('connection terminated unexpectedly')
    },
    ...over,
  }
}

function router(over?: Partial<AccountsStore>) {
  const logged: string[] = []
  const r = createUsersRouter(accounts(over), (_level, message) => logged.push(message))
  return { r, logged }
}

describe('the users’ calls on a team server', () => {
  it('answers the users’ calls and leaves every other call to the core', () => {
    const { r } = router()
    expect(r.owns('users.list')).toBe(true)
    expect(r.owns('users.me')).toBe(true)
    expect(r.owns('audit.search')).toBe(false)
    expect(r.owns('messages.send')).toBe(false)
    expect(r.owns('users.__proto__')).toBe(false)
    expect(r.owns('users.toString')).toBe(false)
  })

  it('says who is asking, and lists the users without anything secret', async () => {
    const { r } = router()
    expect(await r.handle('users.me', {}, caller)).toEqual({
      ok: true,
      result: { name: 'Dilnoza', role: 'administrator' },
    })
    const list = await r.handle('users.list', {}, caller)
    expect(list).toEqual({
      ok: true,
      result: [
        { name: 'Dilnoza', role: 'administrator', disabled: false, createdAt: 1_700_000_000_000 },
        { name: 'farhod', role: 'agent', disabled: false, createdAt: 1_700_000_000_000 },
      ],
    })
  })

  it('checks a request by the contract’s schema first', async () => {
    const { r } = router()
    const reply = await r.handle('users.create', { name: 'zarina', password: 'x' }, caller)
    expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(!reply.ok && reply.error.issues?.map((i) => i.path)).toEqual(['role'])
    expect(await r.handle('users.setRole', { name: 'a', role: 'root' }, caller)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', issues: [{ path: 'role' }] },
    })
  })

  it.each([
    ['', 'password.empty', 'Задайте пароль: он пустой'],
    ['          ', 'password.spaces', 'Выберите другой пароль: он состоит из одних пробелов'],
    ['short', 'password.short', 'Выберите другой пароль: он короче 10 символов'],
    [
      'Zarina.Karimova',
      'password.isName',
      'Выберите другой пароль: он совпадает с именем пользователя',
    ],
    ['x'.repeat(1025), 'password.long', 'Выберите другой пароль: он длиннее 1024 символов'],
  ])('refuses the weak password %j at its field, in either language', async (password, id, ru) => {
    const { r } = router()
    const reply = await r.handle(
      'users.create',
      { name: 'zarina.karimova', password, role: 'agent' },
      caller,
    )
    expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    const issue = !reply.ok ? reply.error.issues?.[0] : undefined
    expect(issue).toMatchObject({ path: 'password', phrase: { id } })
    expect(phraseText(issue?.phrase, 'ru')).toBe(ru)
    const again = await r.handle('users.setPassword', { name: 'zarina.karimova', password }, caller)
    expect(again).toMatchObject({ error: { issues: [{ path: 'password', phrase: { id } }] } })
  })

  it('refuses a taken or bad name at the name, an unknown user and the last administrator', async () => {
    const { r } = router()
    expect(
      await r.handle(
        'users.create',
        { name: 'farhod', password: 'a good long password', role: 'agent' },
        caller,
      ),
    ).toMatchObject({
      error: {
        code: 'CONFLICT',
        message: 'There is a user named farhod already',
        issues: [{ path: 'name', phrase: { id: 'user.nameTaken', params: { name: 'farhod' } } }],
      },
    })
    expect(
      await r.handle(
        'users.create',
        { name: 'two words', password: 'a good long password', role: 'agent' },
        caller,
      ),
    ).toMatchObject({
      error: { code: 'BAD_REQUEST', issues: [{ path: 'name', phrase: { id: 'user.badName' } }] },
    })
    expect(await r.handle('users.disable', { name: ' nobody ' }, caller)).toMatchObject({
      error: { code: 'NOT_FOUND', phrase: { id: 'user.notFound', params: { name: 'nobody' } } },
    })
    const last = await r.handle('users.setRole', { name: 'Dilnoza', role: 'agent' }, caller)
    expect(last).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'Dilnoza is the only administrator: make another one first',
        phrase: { id: 'user.lastAdministrator', params: { name: 'Dilnoza' } },
      },
    })
  })

  it('answers what the user now is after a new password', async () => {
    const { r } = router()
    const reply = await r.handle(
      'users.setPassword',
      { name: 'farhod', password: 'a good long password' },
      caller,
    )
    expect(reply).toMatchObject({ ok: true, result: { name: 'farhod', role: 'agent' } })
  })

  it('keeps a failure that is no one’s mistake in the log, not in the reply', async () => {
    const { r, logged } = router()
    const reply = await r.handle('users.signOutEverywhere', { name: 'farhod' }, caller)
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(JSON.stringify(reply)).not.toContain('connection terminated')
    expect(logged.join('\n')).toContain('connection terminated unexpectedly')
  })
})

describe('a workstation', () => {
  const log = () => {}
  const handlers = (audit: AuditStore | null) =>
    createTeamHandlers({ audit } as unknown as CoreContext)

  it('has no users and no trail, and says so', async () => {
    const h = handlers(null)
    for (const [name, request] of [
      ['users.me', {}],
      ['users.list', {}],
      ['users.disable', { name: 'farhod' }],
      ['audit.search', { limit: 10 }],
    ] as const) {
      const reply = await settle(name, request, h[name] as (r: unknown) => unknown, log)
      expect(reply).toMatchObject({
        ok: false,
        error: { code: 'UNAVAILABLE', phrase: { id: 'team.serverOnly' } },
      })
    }
  })

  it('searches the trail a team server’s core is given', async () => {
    const asked: AuditQuery[] = []
    const audit: AuditStore = {
      record: async () => 1,
      search: async (q) => {
        asked.push(q)
        return { entries: [], more: false }
      },
      chunk: async () => [],
    }
    const h = handlers(audit)
    const reply = await settle(
      'audit.search',
      { user: ' farhod ', action: 'users.', before: 40, limit: 20 },
      h['audit.search'] as (r: unknown) => unknown,
      log,
    )
    expect(reply).toEqual({ ok: true, result: { entries: [], more: false } })
    expect(asked).toEqual([{ user: 'farhod', action: 'users.', before: 40, limit: 20 }])
  })
})
