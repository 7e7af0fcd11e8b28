// Team server passwords: stored as scrypt hashes that name their own cost and salt, checked in
// constant time, and a new password refused, saying why, when it is too easy to guess.
import { randomBytes, scryptSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AccountError } from '../../src/main/core/team/accounts'
import {
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  passwordProblem,
  verifyPassword,
} from '../../src/main/core/team/passwords'

describe('a stored password', () => {
  it('verifies the password it was made from, and no other', async () => {
    const stored = await hashPassword('correct horse battery')
    expect(await verifyPassword('correct horse battery', stored)).toBe(true)
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false)
    expect(await verifyPassword('correct horse battery ', stored)).toBe(false)
    expect(await verifyPassword('', stored)).toBe(false)
    expect(await verifyPassword('x'.repeat(MAX_PASSWORD_LENGTH + 1), stored)).toBe(false)
  })

  it('names the algorithm, its cost and a salt of its own, never the password', async () => {
    const a = await hashPassword('пароль-для-смен')
    const b = await hashPassword('пароль-для-смен')
    expect(a).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
    expect(a).not.toBe(b)
    expect(a).not.toContain('пароль')
    expect(await verifyPassword('пароль-для-смен', b)).toBe(true)
  })

  it('verifies a hash made with another cost, as the stored text says it', async () => {
    // A hash as an earlier (cheaper) setting made it still verifies: the cost is read from it.
    const salt = randomBytes(16)
    const hash = scryptSync('a longer passphrase', salt, 32, { N: 2 ** 14, r: 8, p: 1 })
    const b64 = (b: Buffer): string => b.toString('base64').replace(/=+$/, '')
    const older = `$scrypt$ln=14,r=8,p=1$${b64(salt)}$${b64(hash)}`
    expect(await verifyPassword('a longer passphrase', older)).toBe(true)
    expect(await verifyPassword('a longer passphrasE', older)).toBe(false)
    // The same salt and hash read with another cost is another hash.
    expect(await verifyPassword('a longer passphrase', older.replace('ln=14', 'ln=13'))).toBe(false)
  })

  it('is the same password however its letters were composed', async () => {
    const stored = await hashPassword('Йогурт и кофе') // й as one character
    expect(await verifyPassword('Йогурт и кофе'.normalize('NFD'), stored)).toBe(true)
  })

  it('refuses to check against a stored text it did not write', async () => {
    await expect(verifyPassword('whatever-it-is', 'plain text')).rejects.toThrow(
      'not a hash this server knows',
    )
    // A cost planted in the table to exhaust the server's memory is no hash either.
    await expect(
      verifyPassword(
        'whatever-it-is',
        '$scrypt$ln=30,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA',
      ),
    ).rejects.toThrow('not a hash this server knows')
  })
})

describe('a new password', () => {
  it('is refused, saying why, when empty, blank, short, absurdly long or the name', async () => {
    expect(passwordProblem('')).toBe('the password is empty')
    expect(passwordProblem(' '.repeat(12))).toBe('the password is only spaces')
    expect(passwordProblem('x'.repeat(MIN_PASSWORD_LENGTH - 1))).toBe(
      `the password is shorter than ${MIN_PASSWORD_LENGTH} characters`,
    )
    expect(passwordProblem('x'.repeat(MAX_PASSWORD_LENGTH + 1))).toBe(
      `the password is longer than ${MAX_PASSWORD_LENGTH} characters`,
    )
    expect(passwordProblem('Supervisor.Anna', 'supervisor.anna')).toBe(
      'the password is the user name',
    )
    // Characters, not bytes: ten Cyrillic letters are ten.
    expect(passwordProblem('абвгдеёжзи')).toBeNull()

    const refused = await hashPassword('kitten7').catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(AccountError)
    expect(refused).toMatchObject({
      code: 'WEAK_PASSWORD',
      message: `Choose another password: the password is shorter than ${MIN_PASSWORD_LENGTH} characters.`,
    })
    // The refusal never repeats the password.
    expect((refused as Error).message).not.toContain('kitten7')
  })
})
