/**
 * The team server's users, sessions and sign-in limits on PostgreSQL, shared by every server of
 * the office: a user made on one signs in on another, a session opened on one is honoured by
 * all, and failed sign-ins count the same whichever server they reach.
 *
 * A sign-in attempt is written down as a failure before its password is checked, and cleared
 * once it proves right: attempts racing on several servers are all counted, so no burst of
 * guesses gets past the limit, and no transaction waits on the slow hash.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { PoolClient, QueryResult } from 'pg'
import {
  AccountError,
  foldUserName,
  LOGIN_MAX_FAILURES,
  LOGIN_WINDOW_MS,
  MAX_USER_NAME,
  SESSION_IDLE_MS,
  SESSION_MAX_MS,
  SESSION_TOUCH_MS,
  type AccountsStore,
  type SessionInfo,
  type SignIn,
  type User,
} from '../../team/accounts'
import { hashPassword, verifyPassword } from '../../team/passwords'
import { isRole, type Role } from '../../team/roles'
import type { PgDatabase } from './database'

/** Advisory locks: changes of who administers take turns ('user'), as do attempts per name
 * ('lgnn') and per address ('lgna'); housekeeping runs on one server at a time ('lgnh'). */
const USERS_LOCK = 0x75736572
const NAME_LOCK = 0x6c676e6e
const ADDRESS_LOCK = 0x6c676e61
const HOUSEKEEPING_LOCK = 0x6c676e68

/** Letters and digits, and . _ - @ inside: what a person types as a sign-in name. */
const NAME_PATTERN = /^[\p{L}\p{N}](?:[\p{L}\p{N}._@-]*[\p{L}\p{N}])?$/u
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

interface UserRow {
  id: number
  name: string
  role: string
  disabled: boolean
  created_at: number
}

const USER_COLUMNS = 'id, name, role, disabled, created_at'

function toUser(r: UserRow): User {
  if (!isRole(r.role)) throw new Error(`user ${r.id} has an unknown role`)
  return { id: r.id, name: r.name, role: r.role, disabled: r.disabled, createdAt: r.created_at }
}

/** An address as counted: an IPv4 client seen through an IPv6 socket is the same client. */
function foldAddress(from: string): string {
  const a = from
    .trim()
    .toLowerCase()
    .replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '')
  return a.slice(0, 100) || 'unknown'
}

const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest()

/**
 * A hash no password matches, checked for a name no user has: a failed sign-in takes as long
 * whether the user exists or not.
 */
let decoy: Promise<string> | null = null
const decoyHash = (): Promise<string> => (decoy ??= hashPassword(randomBytes(24).toString('hex')))

function checkName(name: string): string {
  const n = name.trim().normalize('NFC')
  if (!n) throw new AccountError('BAD_NAME', 'A user needs a name.')
  if ([...n].length > MAX_USER_NAME) {
    throw new AccountError('BAD_NAME', `A user name is at most ${MAX_USER_NAME} characters.`)
  }
  if (!NAME_PATTERN.test(n)) {
    throw new AccountError(
      'BAD_NAME',
      'A user name holds letters and digits, with . _ - @ between them, and no spaces.',
    )
  }
  return n
}

function rateLimited(retryAt: number, now: number): AccountError {
  const minutes = Math.max(1, Math.ceil((retryAt - now) / 60_000))
  return new AccountError(
    'RATE_LIMITED',
    `Too many failed sign-ins for this name or from this address: try again in ${minutes} ` +
      `minute${minutes === 1 ? '' : 's'} (at ${new Date(retryAt).toISOString()}).`,
    retryAt,
  )
}

export class PgAccounts implements AccountsStore {
  constructor(
    private readonly db: PgDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  async bootstrapAdmin(name: string, password: string): Promise<User> {
    const n = checkName(name)
    const hash = await hashPassword(password, n)
    return this.db.transaction(async (c) => {
      // Two servers started at once with the same first administrator make one.
      await c.query('SELECT pg_advisory_xact_lock($1)', [USERS_LOCK])
      const any = await c.query('SELECT 1 FROM users LIMIT 1')
      if (any.rowCount) {
        throw new AccountError('ALREADY_SET_UP', 'The server has users already: sign in as one.')
      }
      const now = this.now()
      const r = await c.query<UserRow>(
        `INSERT INTO users (name, name_folded, role, password_hash, created_at, updated_at,
          password_changed_at) VALUES ($1, $2, 'administrator', $3, $4, $4, $4)
        RETURNING ${USER_COLUMNS}`,
        [n, foldUserName(n), hash, now],
      )
      return toUser(r.rows[0] as UserRow)
    })
  }

  async createUser(input: { name: string; password: string; role: Role }): Promise<User> {
    const n = checkName(input.name)
    if (!isRole(input.role)) throw new Error('not a role')
    const hash = await hashPassword(input.password, n)
    const now = this.now()
    const r = await this.db.pool.query<UserRow>(
      `INSERT INTO users (name, name_folded, role, password_hash, created_at, updated_at,
        password_changed_at) VALUES ($1, $2, $3, $4, $5, $5, $5)
      ON CONFLICT (name_folded) DO NOTHING RETURNING ${USER_COLUMNS}`,
      [n, foldUserName(n), input.role, hash, now],
    )
    const row = r.rows[0]
    if (!row) throw new AccountError('NAME_TAKEN', `There is a user named ${n} already.`)
    return toUser(row)
  }

  async listUsers(): Promise<User[]> {
    const r = await this.db.pool.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users ORDER BY name_folded, id`,
    )
    return r.rows.map(toUser)
  }

  async userByName(name: string): Promise<User | null> {
    const r = await this.db.pool.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users WHERE name_folded = $1`,
      [foldUserName(name)],
    )
    const row = r.rows[0]
    return row ? toUser(row) : null
  }

  async setRole(name: string, role: Role): Promise<User> {
    if (!isRole(role)) throw new Error('not a role')
    return this.changeAdministration(name, role !== 'administrator', (c, id) =>
      c.query<UserRow>(
        `UPDATE users SET role = $2, updated_at = $3 WHERE id = $1 RETURNING ${USER_COLUMNS}`,
        [id, role, this.now()],
      ),
    )
  }

  async disable(name: string): Promise<User> {
    return this.changeAdministration(name, true, async (c, id) => {
      await c.query('DELETE FROM user_sessions WHERE user_id = $1', [id])
      return c.query<UserRow>(
        `UPDATE users SET disabled = true, updated_at = $2 WHERE id = $1
        RETURNING ${USER_COLUMNS}`,
        [id, this.now()],
      )
    })
  }

  async enable(name: string): Promise<User> {
    const r = await this.db.pool.query<UserRow>(
      `UPDATE users SET disabled = false, updated_at = $2 WHERE name_folded = $1
      RETURNING ${USER_COLUMNS}`,
      [foldUserName(name), this.now()],
    )
    const row = r.rows[0]
    if (!row) throw notFound(name)
    return toUser(row)
  }

  async setPassword(name: string, password: string): Promise<void> {
    const user = await this.userByName(name)
    if (!user) throw notFound(name)
    const hash = await hashPassword(password, user.name)
    await this.db.transaction(async (c) => {
      const now = this.now()
      const r = await c.query(
        `UPDATE users SET password_hash = $2, password_changed_at = $3, updated_at = $3
        WHERE id = $1`,
        [user.id, hash, now],
      )
      if (!r.rowCount) throw notFound(name)
      // Whoever knew the old password is signed out everywhere; the user, locked out by failed
      // attempts, may sign in with the new one at once.
      await c.query('DELETE FROM user_sessions WHERE user_id = $1', [user.id])
      await c.query('DELETE FROM login_failures WHERE name_folded = $1', [foldUserName(user.name)])
    })
  }

  async login(name: string, password: string, from: string): Promise<SignIn> {
    const folded = foldUserName(name).slice(0, 4 * MAX_USER_NAME)
    const address = foldAddress(from)
    await this.housekeeping()
    const attempt = await this.db.transaction(async (c) => {
      // Attempts for one name, and from one address, take turns to be counted.
      await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [NAME_LOCK, folded])
      await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ADDRESS_LOCK, address])
      const now = this.now()
      const since = now - LOGIN_WINDOW_MS
      // The LOGIN_MAX_FAILURES-th latest failure in the window: once it is out of the window,
      // fewer than the limit are left in it.
      const limit = await c.query<{ at: number | null }>(
        `SELECT max(at) AS at FROM (
          (SELECT at FROM login_failures WHERE name_folded = $1 AND at > $3
            ORDER BY at DESC OFFSET $4 LIMIT 1)
          UNION ALL
          (SELECT at FROM login_failures WHERE address = $2 AND at > $3
            ORDER BY at DESC OFFSET $4 LIMIT 1)) AS f`,
        [folded, address, since, LOGIN_MAX_FAILURES - 1],
      )
      const fifth = limit.rows[0]?.at
      if (fifth !== null && fifth !== undefined) throw rateLimited(fifth + LOGIN_WINDOW_MS, now)
      const pending = await c.query<{ id: number }>(
        'INSERT INTO login_failures (name_folded, address, at) VALUES ($1, $2, $3) RETURNING id',
        [folded, address, now],
      )
      const user = await c.query<UserRow & { password_hash: string }>(
        `SELECT ${USER_COLUMNS}, password_hash FROM users WHERE name_folded = $1`,
        [folded],
      )
      return { pendingId: (pending.rows[0] as { id: number }).id, user: user.rows[0] }
    })

    const row = attempt.user
    const right = await verifyPassword(password, row ? row.password_hash : await decoyHash())
    if (!row || !right) throw new AccountError('BAD_CREDENTIALS', 'Wrong user name or password.')
    // The attempt stays counted: a disabled account is no way to guess without a limit.
    if (row.disabled) throw new AccountError('DISABLED', 'This user is disabled.')

    return this.db.transaction(async (c) => {
      const now = this.now()
      // The right password clears the name's count; the address keeps any failures for others.
      await c.query('DELETE FROM login_failures WHERE (name_folded = $1 AND at > $2) OR id = $3', [
        folded,
        now - LOGIN_WINDOW_MS,
        attempt.pendingId,
      ])
      const token = randomBytes(32).toString('base64url')
      const r = await c.query<UserRow>(
        `WITH s AS (INSERT INTO user_sessions (token_hash, user_id, from_addr, created_at,
          last_seen_at) SELECT $1, id, $3, $4, $4 FROM users
          WHERE id = $2 AND NOT disabled AND password_hash = $5 RETURNING user_id)
        SELECT ${USER_COLUMNS} FROM users WHERE id = (SELECT user_id FROM s)`,
        [hashToken(token), row.id, address, now, row.password_hash],
      )
      const user = r.rows[0]
      // Disabled, or given another password, while this one was being checked.
      if (!user) throw new AccountError('BAD_CREDENTIALS', 'Wrong user name or password.')
      return {
        token,
        session: {
          user: toUser(user),
          createdAt: now,
          from: address,
          expiresAt: Math.min(now + SESSION_IDLE_MS, now + SESSION_MAX_MS),
        },
      }
    })
  }

  async session(token: string): Promise<SessionInfo | null> {
    if (!TOKEN_PATTERN.test(token)) return null
    const hash = hashToken(token)
    const r = await this.db.pool.query<
      UserRow & { s_created_at: number; last_seen_at: number; from_addr: string }
    >(
      `SELECT u.id, u.name, u.role, u.disabled, u.created_at, s.created_at AS s_created_at,
        s.last_seen_at, s.from_addr
      FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
      [hash],
    )
    const row = r.rows[0]
    if (!row || row.disabled) return null
    const now = this.now()
    const end = Math.min(row.last_seen_at + SESSION_IDLE_MS, row.s_created_at + SESSION_MAX_MS)
    if (now >= end) {
      await this.db.pool.query('DELETE FROM user_sessions WHERE token_hash = $1', [hash])
      return null
    }
    let seen = row.last_seen_at
    // Written once a minute at most: a console's every call is no write of the database.
    if (now - seen >= SESSION_TOUCH_MS) {
      await this.db.pool.query(
        'UPDATE user_sessions SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $2',
        [hash, now],
      )
      seen = now
    }
    return {
      user: toUser(row),
      createdAt: row.s_created_at,
      from: row.from_addr,
      expiresAt: Math.min(seen + SESSION_IDLE_MS, row.s_created_at + SESSION_MAX_MS),
    }
  }

  async revokeSession(token: string): Promise<boolean> {
    if (!TOKEN_PATTERN.test(token)) return false
    const r = await this.db.pool.query('DELETE FROM user_sessions WHERE token_hash = $1', [
      hashToken(token),
    ])
    return (r.rowCount ?? 0) > 0
  }

  async revokeSessions(name: string): Promise<number> {
    const user = await this.userByName(name)
    if (!user) throw notFound(name)
    const r = await this.db.pool.query('DELETE FROM user_sessions WHERE user_id = $1', [user.id])
    return r.rowCount ?? 0
  }

  /**
   * A change that may take a user's administration away (a lower role, disabled), refused when
   * it would leave no enabled administrator; such changes take turns, so two administrators
   * demoting each other at once leave one.
   */
  private changeAdministration(
    name: string,
    takesAway: boolean,
    change: (c: PoolClient, id: number) => Promise<QueryResult<UserRow>>,
  ): Promise<User> {
    return this.db.transaction(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [USERS_LOCK])
      const r = await c.query<UserRow>(
        `SELECT ${USER_COLUMNS} FROM users WHERE name_folded = $1 FOR UPDATE`,
        [foldUserName(name)],
      )
      const user = r.rows[0]
      if (!user) throw notFound(name)
      if (takesAway && user.role === 'administrator' && !user.disabled) {
        const others = await c.query(
          `SELECT 1 FROM users WHERE role = 'administrator' AND NOT disabled AND id <> $1 LIMIT 1`,
          [user.id],
        )
        if (!others.rowCount) {
          throw new AccountError(
            'LAST_ADMINISTRATOR',
            `${user.name} is the only administrator: make another one first.`,
          )
        }
      }
      const changed = await change(c, user.id)
      return toUser(changed.rows[0] as UserRow)
    })
  }

  /** Failures out of the window and sessions that ended are removed, by one server at a time. */
  private async housekeeping(): Promise<void> {
    await this.db.transaction(async (c) => {
      const got = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [
        HOUSEKEEPING_LOCK,
      ])
      if (!got.rows[0]?.ok) return
      const now = this.now()
      await c.query('DELETE FROM login_failures WHERE at <= $1', [now - LOGIN_WINDOW_MS])
      await c.query('DELETE FROM user_sessions WHERE created_at <= $1 OR last_seen_at <= $2', [
        now - SESSION_MAX_MS,
        now - SESSION_IDLE_MS,
      ])
    })
  }
}

function notFound(name: string): AccountError {
  return new AccountError('NOT_FOUND', `There is no user named ${name.trim()}.`)
}
