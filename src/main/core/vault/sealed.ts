/**
 * Provider secrets on a team server: kept in the database only sealed (AES-256-GCM) with a key
 * the server reads from a file or its environment, never from the database — a copy of the
 * database, a backup or a replica alone reveals no password. Each secret is bound to its
 * profile (the profile id is authenticated with it), so a sealed value copied onto another
 * profile does not open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'

const ALGORITHM = 'aes-256-gcm'
const KEY_BYTES = 32
const NONCE_BYTES = 12
/** The sealed form's version, first byte: a later scheme can be told from this one. */
const VERSION = 1

export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SecretKeyError'
  }
}

/** A key as written in a file or a variable: 64 hex digits or 32 bytes in base64. */
export function parseSecretKey(text: string, where: string): Buffer {
  const t = text.trim()
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64')
  if (key.length !== KEY_BYTES || (!/^[0-9a-f]{64}$/i.test(t) && key.toString('base64') !== t)) {
    throw new SecretKeyError(
      `${where} must hold a 32-byte key as 64 hex digits or base64 (make one with: openssl rand -hex 32)`,
    )
  }
  return key
}

/**
 * The server's key: from the file named (readable by its owner only), else from the variable
 * SMS_CONSOLE_SECRET_KEY. Neither: the server cannot keep credentials, and says how to fix it.
 */
export function loadSecretKey(
  file: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Buffer {
  if (file) {
    let text: string
    try {
      const mode = statSync(file).mode
      if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
        throw new SecretKeyError(`the key file ${file} can be read by others: chmod 600 it first`)
      }
      text = readFileSync(file, 'utf8')
    } catch (err) {
      if (err instanceof SecretKeyError) throw err
      throw new SecretKeyError(`the key file ${file} cannot be read (${(err as Error).message})`)
    }
    return parseSecretKey(text, `the key file ${file}`)
  }
  const value = env.SMS_CONSOLE_SECRET_KEY
  if (value) return parseSecretKey(value, 'SMS_CONSOLE_SECRET_KEY')
  throw new SecretKeyError(
    'no key for provider credentials: give --secret-key-file FILE or set SMS_CONSOLE_SECRET_KEY (make one with: openssl rand -hex 32)',
  )
}

/** The secret sealed for one profile: version, nonce, tag and ciphertext in one buffer. */
export function seal(key: Buffer, profileId: string, secret: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES)
  const cipher = createCipheriv(ALGORITHM, key, nonce)
  cipher.setAAD(Buffer.from(profileId, 'utf8'))
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()])
  return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body])
}

/**
 * The secret, or an error that names neither it nor the key: a wrong key, a damaged value or
 * one sealed for another profile all fail the same way.
 */
export function unseal(key: Buffer, profileId: string, sealed: Buffer): string {
  if (sealed.length < 1 + NONCE_BYTES + 16 || sealed[0] !== VERSION) {
    throw new SecretKeyError(`the stored credential of profile ${profileId} is not readable`)
  }
  const nonce = sealed.subarray(1, 1 + NONCE_BYTES)
  const tag = sealed.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + 16)
  const body = sealed.subarray(1 + NONCE_BYTES + 16)
  try {
    const decipher = createDecipheriv(ALGORITHM, key, nonce)
    decipher.setAAD(Buffer.from(profileId, 'utf8'))
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
  } catch {
    throw new SecretKeyError(
      `the stored credential of profile ${profileId} does not open with this server's key (another key, or a damaged value)`,
    )
  }
}
