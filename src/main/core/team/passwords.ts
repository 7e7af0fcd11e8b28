/**
 * Team server passwords, kept as slow hashes: scrypt with a random salt, so each guess against
 * a stolen copy of the users table costs 32 MiB and a tenth of a second, for one account only
 * (instead of nothing, for all of them at once). The stored text names the algorithm and its
 * cost (`$scrypt$ln=15,r=8,p=1$<salt>$<hash>`), so the cost can be raised later while every
 * password set before still verifies with the cost it was set with.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  passwordIssue,
  type PasswordIssue,
} from '../../../shared/password-policy'
import { AccountError } from './accounts'

export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH }

/** The cost of new hashes: 2^15 rounds of 8 blocks, 32 MiB and about a tenth of a second each. */
const COST = { ln: 15, r: 8, p: 1 }
const SALT_BYTES = 16
const HASH_BYTES = 32

/**
 * What a stored hash may ask for: beyond this (or 256 MiB for one check), the stored text is
 * damaged or planted to exhaust the server.
 */
const LIMITS = { ln: [10, 18], r: [1, 16], p: [1, 4] } as const
const MAX_MEMORY = 256 * 1024 * 1024

interface Params {
  ln: number
  r: number
  p: number
}

const PROBLEMS: Record<PasswordIssue, string> = {
  empty: 'the password is empty',
  long: `the password is longer than ${MAX_PASSWORD_LENGTH} characters`,
  spaces: 'the password is only spaces',
  short: `the password is shorter than ${MIN_PASSWORD_LENGTH} characters`,
  name: 'the password is the user name',
}

/** Why a new password cannot be used (the policy of shared/password-policy.ts), or null. */
export function passwordProblem(password: string, name?: string): string | null {
  const issue = passwordIssue(password, name)
  return issue && PROBLEMS[issue]
}

/** The stored form of a new password; refused with WEAK_PASSWORD when passwordProblem says so. */
export async function hashPassword(password: string, name?: string): Promise<string> {
  const problem = passwordProblem(password, name)
  if (problem) throw new AccountError('WEAK_PASSWORD', `Choose another password: ${problem}.`)
  const salt = randomBytes(SALT_BYTES)
  const hash = await derive(password, salt, COST, HASH_BYTES)
  return `$scrypt$ln=${COST.ln},r=${COST.r},p=${COST.p}$${b64(salt)}$${b64(hash)}`
}

/**
 * Whether the password is the one stored. An empty or over-long one is simply wrong (never
 * hashed: a megabyte "password" would cost the server, not the caller). A stored text that is
 * not a hash this code wrote is an error, not a wrong password: the account needs a new one.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored)
  if (!parsed) throw new Error('the stored password is not a hash this server knows')
  const length = [...password].length
  if (length === 0 || length > MAX_PASSWORD_LENGTH) return false
  const hash = await derive(password, parsed.salt, parsed.params, parsed.hash.length)
  return timingSafeEqual(hash, parsed.hash)
}

function derive(password: string, salt: Buffer, params: Params, length: number): Promise<Buffer> {
  const N = 2 ** params.ln
  const options: ScryptOptions = {
    N,
    r: params.r,
    p: params.p,
    // Node's default ceiling (32 MiB) is exactly today's need: room for it and some more.
    maxmem: 128 * N * params.r * params.p + 16 * 1024 * 1024,
  }
  // The same password typed on another keyboard or system is the same password.
  const text = password.normalize('NFC')
  return new Promise((resolve, reject) => {
    scrypt(text, salt, length, options, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

const b64 = (b: Buffer): string => b.toString('base64').replace(/=+$/, '')

function parse(stored: string): { params: Params; salt: Buffer; hash: Buffer } | null {
  const m =
    /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(
      stored,
    )
  if (!m) return null
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) }
  for (const key of ['ln', 'r', 'p'] as const) {
    const [min, max] = LIMITS[key]
    if (params[key] < min || params[key] > max) return null
  }
  if (128 * 2 ** params.ln * params.r > MAX_MEMORY) return null
  const salt = Buffer.from(m[4] as string, 'base64')
  const hash = Buffer.from(m[5] as string, 'base64')
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return null
  return { params, salt, hash }
}
