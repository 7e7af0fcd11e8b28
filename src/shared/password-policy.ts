/**
 * What a team server takes as a new password, as data both sides read: the server refuses a
 * password by it (main/core/team/passwords.ts) and says why in the operator's language; the
 * console states the rule beside the field before anyone types.
 */

/** The shortest new password: short ones fall to guessing even at scrypt's cost per guess. */
export const MIN_PASSWORD_LENGTH = 10
/** Longer than anyone types or a password manager makes: above it, a request is not a password. */
export const MAX_PASSWORD_LENGTH = 1024

export type PasswordIssue = 'empty' | 'long' | 'spaces' | 'short' | 'name'

/**
 * Why a new password cannot be used, or null when it can. The name is the account's: a password
 * that is the name itself is the first thing anyone guesses.
 */
export function passwordIssue(password: string, name?: string): PasswordIssue | null {
  const length = [...password].length
  if (length === 0) return 'empty'
  if (length > MAX_PASSWORD_LENGTH) return 'long'
  if (password.trim() === '') return 'spaces'
  if (length < MIN_PASSWORD_LENGTH) return 'short'
  if (name !== undefined && password.trim().toLowerCase() === name.trim().toLowerCase()) {
    return 'name'
  }
  return null
}
