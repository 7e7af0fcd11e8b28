// Provider credentials sealed with the team server's key: they open with that key for that
// profile only; another key, another profile or a changed byte opens nothing, and no error
// names the secret. The key is read from a file only its owner can read, or the environment.
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadSecretKey, parseSecretKey, seal, unseal } from '../../src/main/core/vault/sealed'

const KEY = randomBytes(32)
const dir = mkdtempSync(join(tmpdir(), 'sealed-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('sealed credentials', () => {
  it('open with the key for their profile, and never show the secret sealed', () => {
    const secret = 'smpp-pass-Ёжик-42'
    const sealed = seal(KEY, 'office', secret)
    expect(sealed.includes(Buffer.from(secret))).toBe(false)
    expect(unseal(KEY, 'office', sealed)).toBe(secret)
    // Sealed twice, two different values: equal passwords cannot be spotted in the table.
    expect(seal(KEY, 'office', secret).equals(sealed)).toBe(false)
  })

  it('do not open with another key, for another profile, or once a byte changed', () => {
    const sealed = seal(KEY, 'office', 'hunter2-hunter2')
    const tampered = Buffer.from(sealed)
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1
    for (const attempt of [
      () => unseal(randomBytes(32), 'office', sealed),
      () => unseal(KEY, 'branch', sealed),
      () => unseal(KEY, 'office', tampered),
      () => unseal(KEY, 'office', Buffer.from([9, 9, 9])),
    ]) {
      expect(attempt).toThrow(/profile (office|branch)/)
      try {
        attempt()
      } catch (err) {
        expect(String(err)).not.toContain('hunter2')
      }
    }
  })

  it('take the key as 64 hex digits or base64, from a private file or the environment', () => {
    const hex = KEY.toString('hex')
    expect(parseSecretKey(hex, 'x').equals(KEY)).toBe(true)
    expect(parseSecretKey(` ${KEY.toString('base64')}\n`, 'x').equals(KEY)).toBe(true)
    expect(() => parseSecretKey('abc', 'the key file k')).toThrow(
      /the key file k must hold a 32-byte key/,
    )
    expect(() => parseSecretKey(randomBytes(16).toString('hex'), 'x')).toThrow(/32-byte/)

    const file = join(dir, 'secret.key')
    writeFileSync(file, `${hex}\n`, { mode: 0o600 })
    expect(loadSecretKey(file, {}).equals(KEY)).toBe(true)
    chmodSync(file, 0o644)
    expect(() => loadSecretKey(file, {})).toThrow(/can be read by others: chmod 600/)
    expect(() => loadSecretKey(join(dir, 'none'), {})).toThrow(/cannot be read/)
    expect(loadSecretKey(undefined, { SMS_CONSOLE_SECRET_KEY: hex }).equals(KEY)).toBe(true)
    expect(() => loadSecretKey(undefined, {})).toThrow(
      /--secret-key-file FILE or set SMS_CONSOLE_SECRET_KEY/,
    )
  })
})
