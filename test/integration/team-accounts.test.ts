// The team server's users, sign-ins and sessions on a real PostgreSQL, shared by two servers
// (two pools on one database, as two server processes would be): wrong passwords refused the
// same whether the user exists or not, failed sign-ins limited per name and per address across
// both servers until the window passes, sessions ending when idle and in any case after a week,
// ended at once by a new password or a disabled user, and tokens stored only as their hash.
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openPgDatabase, type PgDatabase } from '../../src/main/core/stores/postgres/database'
import { PgAccounts } from '../../src/main/core/stores/postgres/accounts'
import {
  AccountError,
  LOGIN_WINDOW_MS,
  SESSION_IDLE_MS,
  SESSION_MAX_MS,
  type AccountErrorCode,
} from '../../src/main/core/team/accounts'
import { startPostgres, type Postgres } from '../helpers/postgres'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const START = Date.UTC(2025, 2, 3, 9, 0)

let pg: Postgres
let dbA: PgDatabase
let dbB: PgDatabase
let clock = START
/** Two servers of one office, on one database and one clock. */
let a: PgAccounts
let b: PgAccounts

beforeAll(async () => {
  pg = await startPostgres()
  dbA = await openPgDatabase(pg.url)
  dbB = await openPgDatabase(pg.url)
}, 120_000)

afterAll(async () => {
  await dbA?.close()
  await dbB?.close()
  await pg?.stop()
})

beforeEach(async () => {
  clock = START
  await dbA.pool.query(
    'TRUNCATE users, user_sessions, login_failures, audit_log RESTART IDENTITY CASCADE',
  )
  a = new PgAccounts(dbA, () => clock)
  b = new PgAccounts(dbB, () => clock)
})

/** The refusal a promise ends in (it must end in one). */
async function refusal(p: Promise<unknown>): Promise<AccountError> {
  const out = await p.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(out instanceof AccountError)) throw new Error(`expected a refusal, got ${String(out)}`)
  return out
}

const code = async (p: Promise<unknown>): Promise<AccountErrorCode> => (await refusal(p)).code

describe('users', () => {
  it('makes the first administrator only while there is no user, once for two servers', async () => {
    const both = await Promise.allSettled([
      a.bootstrapAdmin('admin', 'first-admin-pass'),
      b.bootstrapAdmin('Admin', 'other-admin-pass'),
    ])
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const lost = both.find((r) => r.status === 'rejected')
    expect(lost?.status === 'rejected' && lost.reason).toMatchObject({ code: 'ALREADY_SET_UP' })
    expect(await a.listUsers()).toEqual([
      {
        id: 1,
        name: expect.stringMatching(/^[Aa]dmin$/),
        role: 'administrator',
        disabled: false,
        createdAt: START,
      },
    ])
    expect(await code(a.bootstrapAdmin('second', 'second-admin-pass'))).toBe('ALREADY_SET_UP')
  })

  it('keeps names unique in any case, and signs in by a name in any case', async () => {
    await a.createUser({ name: 'Anna', password: 'anna-password-1', role: 'agent' })
    expect(
      await code(b.createUser({ name: 'anna', password: 'other-password', role: 'supervisor' })),
    ).toBe('NAME_TAKEN')
    expect(
      await code(a.createUser({ name: ' ANNA ', password: 'other-password', role: 'agent' })),
    ).toBe('NAME_TAKEN')
    await a.createUser({ name: 'Борис', password: 'пароль-бориса', role: 'supervisor' })
    expect(await b.userByName('БОРИС')).toMatchObject({ name: 'Борис', role: 'supervisor' })
    expect(await b.userByName('nobody')).toBeNull()
    expect((await b.listUsers()).map((u) => u.name)).toEqual(['Anna', 'Борис'])

    const signIn = await b.login('aNNa', 'anna-password-1', '10.0.0.7')
    expect(signIn.session.user).toMatchObject({ name: 'Anna', role: 'agent' })
  })

  it('refuses a name it cannot take and a weak password, saying what is wrong', async () => {
    expect(await code(a.createUser({ name: '', password: 'long-enough-1', role: 'agent' }))).toBe(
      'BAD_NAME',
    )
    expect(
      await code(a.createUser({ name: 'two words', password: 'long-enough-1', role: 'agent' })),
    ).toBe('BAD_NAME')
    expect(
      await code(a.createUser({ name: 'x'.repeat(65), password: 'long-enough-1', role: 'agent' })),
    ).toBe('BAD_NAME')
    const weak = await refusal(a.createUser({ name: 'dina', password: 'dina123', role: 'agent' }))
    expect(weak.code).toBe('WEAK_PASSWORD')
    expect(weak.message).toMatch(/shorter than 10 characters/)
    expect(weak.message).not.toContain('dina123')
    const asName = await refusal(
      a.createUser({ name: 'dina.kuznetsova', password: 'Dina.Kuznetsova', role: 'agent' }),
    )
    expect(asName).toMatchObject({
      code: 'WEAK_PASSWORD',
      message: 'Choose another password: the password is the user name.',
    })
    expect(await a.listUsers()).toEqual([])
  })

  it('changes roles, and never leaves the office without an enabled administrator', async () => {
    await a.bootstrapAdmin('root', 'root-password-1')
    await a.createUser({ name: 'vera', password: 'vera-password', role: 'agent' })
    expect(await code(a.setRole('root', 'supervisor'))).toBe('LAST_ADMINISTRATOR')
    expect(await code(a.disable('root'))).toBe('LAST_ADMINISTRATOR')
    expect(await a.setRole('VERA', 'administrator')).toMatchObject({
      name: 'vera',
      role: 'administrator',
    })
    // Two administrators demoting each other at once, on two servers: one of them stays.
    const both = await Promise.allSettled([a.setRole('root', 'agent'), b.setRole('vera', 'agent')])
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect((await a.listUsers()).filter((u) => u.role === 'administrator')).toHaveLength(1)
    expect(await code(a.setRole('nobody', 'agent'))).toBe('NOT_FOUND')
  })

  it('takes a role change into the next call of an open session', async () => {
    await a.createUser({ name: 'gleb', password: 'gleb-password', role: 'agent' })
    const { token } = await a.login('gleb', 'gleb-password', '10.0.0.8')
    await b.setRole('gleb', 'supervisor')
    expect((await a.session(token))?.user.role).toBe('supervisor')
  })
})

describe('signing in', () => {
  beforeEach(async () => {
    await a.createUser({ name: 'olga', password: 'olga-password', role: 'supervisor' })
  })

  it('opens a session on one server that every server honours, until it is signed out', async () => {
    const signIn = await a.login('olga', 'olga-password', '192.0.2.10')
    expect(signIn.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(signIn.session).toEqual({
      user: { id: 1, name: 'olga', role: 'supervisor', disabled: false, createdAt: START },
      createdAt: START,
      from: '192.0.2.10',
      expiresAt: START + SESSION_IDLE_MS,
    })
    expect(await b.session(signIn.token)).toEqual(signIn.session)
    expect(await b.session('not a token')).toBeNull()
    expect(await b.session('A'.repeat(43))).toBeNull()

    expect(await b.revokeSession(signIn.token)).toBe(true)
    expect(await a.session(signIn.token)).toBeNull()
    expect(await a.revokeSession(signIn.token)).toBe(false)
  })

  it('refuses a wrong password and an unknown name alike, naming neither', async () => {
    const wrong = await refusal(a.login('olga', 'olga-passwort', '192.0.2.10'))
    const unknown = await refusal(a.login('nobody', 'olga-password', '192.0.2.10'))
    expect(wrong.code).toBe('BAD_CREDENTIALS')
    expect(unknown.code).toBe('BAD_CREDENTIALS')
    expect(unknown.message).toBe(wrong.message)
    expect(wrong.message).not.toMatch(/olga/)
  })

  it('stores a session token only as its hash', async () => {
    const { token } = await a.login('olga', 'olga-password', '192.0.2.10')
    const rows = await dbA.pool.query<Record<string, unknown>>('SELECT * FROM user_sessions')
    expect(rows.rows).toHaveLength(1)
    const row = rows.rows[0] as Record<string, unknown>
    expect(row.token_hash).toEqual(createHash('sha256').update(token).digest())
    const asText = JSON.stringify(rows.rows) + Object.values(row).map(String).join('\n')
    expect(asText).not.toContain(token)
    expect(asText).not.toContain(Buffer.from(token, 'base64url').toString('hex'))
    // Nor is any password kept as it was typed.
    const users = await dbA.pool.query('SELECT * FROM users')
    expect(JSON.stringify(users.rows)).not.toContain('olga-password')
  })

  it('refuses every attempt after five failures, the right password too, on every server, until the window passes', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await code(a.login('olga', `guess-number-${i}`, '198.51.100.1'))).toBe(
        'BAD_CREDENTIALS',
      )
      clock += MINUTE
    }
    // The first failure was at START: the limit holds until it is out of the window.
    const limited = await refusal(a.login('olga', 'olga-password', '198.51.100.1'))
    expect(limited.code).toBe('RATE_LIMITED')
    expect(limited.retryAt).toBe(START + LOGIN_WINDOW_MS)
    expect(limited.message).toBe(
      'Too many failed sign-ins for this name or from this address: try again in 10 minutes ' +
        `(at ${new Date(START + LOGIN_WINDOW_MS).toISOString()}).`,
    )
    expect(limited.message).not.toContain('olga-password')
    // The other server, and another address, are told the same about this name.
    expect(await code(b.login('OLGA', 'olga-password', '203.0.113.5'))).toBe('RATE_LIMITED')
    // Refused attempts are not counted: the window's end stays where it was.
    clock = START + LOGIN_WINDOW_MS - 1
    expect(await code(b.login('olga', 'olga-password', '198.51.100.1'))).toBe('RATE_LIMITED')
    clock = START + LOGIN_WINDOW_MS
    const signIn = await b.login('olga', 'olga-password', '198.51.100.1')
    expect(signIn.session.user.name).toBe('olga')
  })

  it('limits the same for a name no user has', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await code(a.login('ghost', `guess-${i}-abcdef`, '198.51.100.1'))).toBe(
        'BAD_CREDENTIALS',
      )
    }
    expect(await code(b.login('ghost', 'anything-at-all', '198.51.100.2'))).toBe('RATE_LIMITED')
  })

  it('clears the name’s count on a success', async () => {
    for (let i = 0; i < 4; i++) await code(a.login('olga', `guess-${i}-abcdef`, '198.51.100.1'))
    await a.login('olga', 'olga-password', '198.51.100.1')
    for (let i = 0; i < 4; i++) await code(a.login('olga', `again-${i}-abcdef`, '198.51.100.9'))
    expect((await b.login('olga', 'olga-password', '198.51.100.9')).session.user.name).toBe('olga')
  })

  it('limits an address that tries many names, while the names stay open from elsewhere', async () => {
    await a.createUser({ name: 'petr', password: 'petr-password', role: 'agent' })
    const names = ['olga', 'petr', 'ivan', 'maria', 'olga']
    for (const [i, name] of names.entries()) {
      expect(await code(a.login(name, `spray-${i}-abcdef`, '::ffff:198.51.100.66'))).toBe(
        'BAD_CREDENTIALS',
      )
    }
    // The same client, whether seen over IPv4 or as an IPv4 address mapped into IPv6.
    expect(await code(b.login('petr', 'petr-password', '198.51.100.66'))).toBe('RATE_LIMITED')
    expect((await b.login('petr', 'petr-password', '198.51.100.67')).session.user.name).toBe('petr')
  })

  it('lets no burst of guesses on two servers at once past the limit', async () => {
    const guesses = Array.from({ length: 12 }, (_, i) =>
      (i % 2 ? a : b).login('olga', `burst-guess-${i}`, `198.51.100.${i}`).then(
        () => 'signed in',
        (e: unknown) => (e instanceof AccountError ? e.code : String(e)),
      ),
    )
    const outcomes = await Promise.all(guesses)
    expect(outcomes.filter((o) => o === 'BAD_CREDENTIALS')).toHaveLength(5)
    expect(outcomes.filter((o) => o === 'RATE_LIMITED')).toHaveLength(7)
  })
})

describe('sessions', () => {
  beforeEach(async () => {
    await a.createUser({ name: 'olga', password: 'olga-password', role: 'supervisor' })
  })

  it('end after SESSION_IDLE_MS unused; each use keeps one open', async () => {
    const idle = await a.login('olga', 'olga-password', '192.0.2.10')
    const used = await a.login('olga', 'olga-password', '192.0.2.11')
    clock = START + SESSION_IDLE_MS - 1
    expect(await b.session(used.token)).toMatchObject({ expiresAt: clock + SESSION_IDLE_MS })
    clock = START + SESSION_IDLE_MS
    expect(await a.session(idle.token)).toBeNull()
    clock = START + 2 * SESSION_IDLE_MS - 2
    expect(await a.session(used.token)).not.toBeNull()
    clock = START + 3 * SESSION_IDLE_MS - 2
    expect(await a.session(used.token)).toBeNull()
    // An ended session stays ended, whatever the clock says after.
    clock = START
    expect(await a.session(used.token)).toBeNull()
    expect(await a.session(idle.token)).toBeNull()
  })

  it('note their use at most once a minute, and still slide by it', async () => {
    const { token } = await a.login('olga', 'olga-password', '192.0.2.10')
    clock = START + 30_000
    expect((await a.session(token))?.expiresAt).toBe(START + SESSION_IDLE_MS)
    clock = START + 90_000
    expect((await a.session(token))?.expiresAt).toBe(START + 90_000 + SESSION_IDLE_MS)
  })

  it('end SESSION_MAX_MS after the sign-in, however busy', async () => {
    const { token } = await a.login('olga', 'olga-password', '192.0.2.10')
    for (clock = START; clock < START + SESSION_MAX_MS; clock += 6 * HOUR) {
      expect((await b.session(token))?.expiresAt).toBe(
        Math.min(clock + SESSION_IDLE_MS, START + SESSION_MAX_MS),
      )
    }
    clock = START + SESSION_MAX_MS
    expect(await b.session(token)).toBeNull()
  })

  it('all end when the user’s password is set, and the new one signs in', async () => {
    const one = await a.login('olga', 'olga-password', '192.0.2.10')
    const two = await b.login('olga', 'olga-password', '192.0.2.11')
    await b.setPassword('OLGA', 'a-new-password')
    expect(await a.session(one.token)).toBeNull()
    expect(await a.session(two.token)).toBeNull()
    expect(await code(a.login('olga', 'olga-password', '192.0.2.10'))).toBe('BAD_CREDENTIALS')
    expect((await a.login('olga', 'a-new-password', '192.0.2.10')).session.user.name).toBe('olga')
    expect(await code(a.setPassword('olga', 'short'))).toBe('WEAK_PASSWORD')
    expect(await code(a.setPassword('nobody', 'long-enough-pass'))).toBe('NOT_FOUND')
  })

  it('all end when the user is disabled, who cannot sign in until enabled', async () => {
    const { token } = await a.login('olga', 'olga-password', '192.0.2.10')
    expect(await b.disable('olga')).toMatchObject({ disabled: true })
    expect(await a.session(token)).toBeNull()
    // The right password learns the user is disabled; a wrong one learns nothing.
    expect(await code(a.login('olga', 'olga-password', '192.0.2.10'))).toBe('DISABLED')
    expect(await code(a.login('olga', 'olga-passwort', '192.0.2.10'))).toBe('BAD_CREDENTIALS')
    await b.enable('olga')
    expect((await a.login('olga', 'olga-password', '192.0.2.10')).session.user.disabled).toBe(false)
  })

  it('all end when the user is signed out everywhere', async () => {
    const one = await a.login('olga', 'olga-password', '192.0.2.10')
    const two = await a.login('olga', 'olga-password', '192.0.2.11')
    expect(await b.revokeSessions('Olga')).toBe(2)
    expect(await a.session(one.token)).toBeNull()
    expect(await a.session(two.token)).toBeNull()
    expect(await code(a.revokeSessions('nobody'))).toBe('NOT_FOUND')
  })
})
