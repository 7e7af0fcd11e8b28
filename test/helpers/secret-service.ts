// Tests that need the OS keychain: a real Secret Service (scripts/with-secret-service.mjs, which
// `npm run test:integration` runs through) or, outside CI, a skip that says why.
import { describe } from 'vitest'

export const realSecretService = process.env.SMS_CONSOLE_SECRET_SERVICE === '1'

if (!realSecretService && process.env.CI) {
  throw new Error(
    'CI must run the keychain tests against a real Secret Service: run them through scripts/with-secret-service.mjs',
  )
}

/** `describe` when a real Secret Service answers; else a skip whose title says why. */
export function withSecretService(title: string, body: () => void): void {
  if (realSecretService) describe(title, body)
  else
    describe.skip(`${title} (skipped: no Secret Service; run via npm run test:integration)`, body)
}
