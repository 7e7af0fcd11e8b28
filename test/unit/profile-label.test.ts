// A built-in sandbox profile's name reads in the operator's language; a name the operator gave
// (or a real profile's) is shown as written.
import { describe, expect, it } from 'vitest'
import { profileLabel, SANDBOX_NAMES } from '../../src/shared/constants'
import { sandboxProfiles } from '../../src/main/core/profiles/input'

describe('profile names', () => {
  it('translates every built-in sandbox name, and only while it is the built-in one', () => {
    const builtIn = sandboxProfiles()
    expect(builtIn.length).toBe(Object.keys(SANDBOX_NAMES).length)
    for (const p of builtIn) {
      const shown = { ...p, sandbox: true }
      expect(profileLabel(shown, 'en')).toBe(p.name)
      expect(profileLabel(shown, 'ru')).toMatch(/^Песочница/)
      expect(profileLabel({ ...shown, name: 'Тест отдела' }, 'ru')).toBe('Тест отдела')
    }
    // A real profile keeps its name, even one that reads like a sandbox's.
    expect(profileLabel({ name: SANDBOX_NAMES.smpp.en, kind: 'smpp', sandbox: false }, 'ru')).toBe(
      SANDBOX_NAMES.smpp.en,
    )
  })
})
