// Which profile a form starts on, and which profiles the lists offer: once a real profile
// exists, the sandbox is never the default, and the sandboxes can be hidden.
import { describe, expect, it } from 'vitest'
import { profileOf } from './profile'
import { defaultProfile, shownProfiles } from '../../../src/renderer/stores/profile-choice'

const profile = (id: string, sandbox: boolean) => profileOf(id, { sandbox })

const sandbox = profile('sandbox', true)
const sandboxOson = profile('sandbox-osonsms', true)
const desk = profile('desk', false)
const branch = profile('branch', false)

describe('defaultProfile', () => {
  it('only sandboxes: the last used, else the first', () => {
    expect(defaultProfile([sandbox, sandboxOson], null)).toBe(sandbox)
    expect(defaultProfile([sandbox, sandboxOson], 'sandbox-osonsms')).toBe(sandboxOson)
  })

  it('a real profile exists: never a sandbox, even the last used one', () => {
    expect(defaultProfile([sandbox, sandboxOson, desk], null)).toBe(desk)
    expect(defaultProfile([sandbox, desk, branch], 'sandbox')).toBe(desk)
    expect(defaultProfile([sandbox, desk, branch], 'branch')).toBe(branch)
  })

  it('a last used profile that is gone: the first real one', () => {
    expect(defaultProfile([sandbox, desk], 'removed')).toBe(desk)
    expect(defaultProfile([], 'desk')).toBeUndefined()
  })
})

describe('shownProfiles', () => {
  it('hides the sandboxes only while a real profile exists', () => {
    expect(shownProfiles([sandbox, desk], true)).toEqual([desk])
    expect(shownProfiles([sandbox, desk], false)).toEqual([sandbox, desk])
    expect(shownProfiles([sandbox, sandboxOson], true)).toEqual([sandbox, sandboxOson])
  })
})
