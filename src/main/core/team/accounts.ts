/**
 * The team server's users, their sign-ins and their open sessions, as the server sees them:
 * one interface, kept in the shared database (stores/postgres/accounts.ts) so that every server
 * of the office knows the same users, honours the same sessions and counts the same failed
 * sign-ins.
 *
 * A sign-in gives a token (32 random bytes); the database keeps only its SHA-256, so a copy of
 * the database opens no console. A session ends after SESSION_IDLE_MS without use, and in any
 * case SESSION_MAX_MS after the sign-in; disabling a user or setting their password ends all of
 * theirs at once.
 *
 * Failed sign-ins are counted per user name and per address: after LOGIN_MAX_FAILURES within
 * LOGIN_WINDOW_MS, further attempts are refused without looking at the password until the
 * window has passed, so guessing a password through the sign-in takes years, not minutes.
 */
import type { Role } from './roles'

/** A session unused this long has ended: a console left open overnight signs in again. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000
/** However busy, a session ends this long after its sign-in. */
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000
/** How often a session's last use is written: its idle time is known to within this. */
export const SESSION_TOUCH_MS = 60 * 1000
/** Failed sign-ins counted within this window… */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000
/** …up to this many; the next attempt waits for the window to pass. */
export const LOGIN_MAX_FAILURES = 5

export const MAX_USER_NAME = 64

/** A user name as names are compared (and the audit trail searched): 'Anna' and 'anna ' are one. */
export function foldUserName(name: string): string {
  return name.trim().normalize('NFC').toLowerCase()
}

export interface User {
  id: number
  /** As it was given when the user was made; unique in any case. */
  name: string
  role: Role
  disabled: boolean
  createdAt: number
}

export interface SessionInfo {
  user: User
  /** When it was opened by a sign-in, and from where. */
  createdAt: number
  from: string
  /** When it ends unless it is used before (never later than createdAt + SESSION_MAX_MS). */
  expiresAt: number
}

export interface SignIn {
  /** The session's token: given to the console once, never stored as it is. */
  token: string
  session: SessionInfo
}

export type AccountErrorCode =
  /** Wrong name or password; the same whether the user exists or not. */
  | 'BAD_CREDENTIALS'
  /** Too many failed sign-ins for this name or from this address: `retryAt` says until when. */
  | 'RATE_LIMITED'
  /** The right password, but the user was disabled. */
  | 'DISABLED'
  | 'WEAK_PASSWORD'
  | 'BAD_NAME'
  | 'NAME_TAKEN'
  | 'NOT_FOUND'
  /** The first administrator is made only while there is no user at all. */
  | 'ALREADY_SET_UP'
  /** The change would leave no enabled administrator to manage users and profiles. */
  | 'LAST_ADMINISTRATOR'

/**
 * A refusal about accounts, in words fit for the person at the console: never a password, a
 * token, or whether a name that failed to sign in exists.
 */
export class AccountError extends Error {
  constructor(
    readonly code: AccountErrorCode,
    message: string,
    /** RATE_LIMITED: when (epoch ms) the next attempt is taken. */
    readonly retryAt?: number,
  ) {
    super(message)
    this.name = 'AccountError'
  }
}

export interface AccountsStore {
  /**
   * The first administrator, made only while there is no user at all (ALREADY_SET_UP after),
   * however many servers start at once.
   */
  bootstrapAdmin(name: string, password: string): Promise<User>
  createUser(input: { name: string; password: string; role: Role }): Promise<User>
  /** Every user, by name. */
  listUsers(): Promise<User[]>
  /** By name in any case; null when there is none. */
  userByName(name: string): Promise<User | null>
  setRole(name: string, role: Role): Promise<User>
  /** Ends every session of theirs; a disabled user cannot sign in. */
  disable(name: string): Promise<User>
  enable(name: string): Promise<User>
  /** A new password (the policy of passwords.ts); ends every session of theirs. */
  setPassword(name: string, password: string): Promise<void>

  /**
   * Signs in, counting a failure against the name and the address `from` (RATE_LIMITED while
   * either has had too many); a success clears the name's count.
   */
  login(name: string, password: string, from: string): Promise<SignIn>
  /** The session of a token, if it is open; using it keeps it from going idle. */
  session(token: string): Promise<SessionInfo | null>
  /** Signs out: the token opens nothing any more. Whether it was open. */
  revokeSession(token: string): Promise<boolean>
  /** Ends every session of a user (signs them out of every console); how many were open. */
  revokeSessions(name: string): Promise<number>
}
