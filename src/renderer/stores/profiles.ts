import { useCallback, useMemo } from 'react'
import { create } from 'zustand'
import type { ProviderProfile } from '../../shared/contract'
import { call, errorText, onEvent } from '../api/client'
import { profileLabel } from '../../shared/constants'
import { useLang } from './lang'
import { shownProfiles } from './profile-choice'

const HIDE_SANDBOX_KEY = 'sms-console-hide-sandbox'
const LAST_PROFILE_KEY = 'sms-console-last-profile'

interface ProfilesState {
  profiles: ProviderProfile[]
  loaded: boolean
  error: string | null
  /** The agent hid the sandbox profiles (remembered per machine; only while a real one exists). */
  hideSandbox: boolean
  /** The profile Compose last sent from, on this machine (read once, kept here). */
  lastUsed: string | null
  load(): Promise<void>
  setHideSandbox(hide: boolean): void
  /** Compose sent from it: the next forms start on it. */
  rememberProfile(profileId: string): void
}

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

function store(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key)
    else localStorage.setItem(key, value)
  } catch {
    // Not remembered; the choice still applies to this window.
  }
}

export const useProfiles = create<ProfilesState>((set) => ({
  profiles: [],
  loaded: false,
  error: null,
  hideSandbox: stored(HIDE_SANDBOX_KEY) === '1',
  lastUsed: stored(LAST_PROFILE_KEY),
  async load() {
    try {
      set({ profiles: await call('profiles.list', {}), loaded: true, error: null })
    } catch (err) {
      set({ error: errorText(err) })
    }
  },
  setHideSandbox(hide) {
    store(HIDE_SANDBOX_KEY, hide ? '1' : null)
    set({ hideSandbox: hide })
  },
  rememberProfile(profileId) {
    store(LAST_PROFILE_KEY, profileId)
    set({ lastUsed: profileId })
  },
}))

// Another window (or a browser tab) added, edited or removed a profile: follow it here too.
onEvent('profiles.changed', (profiles) =>
  useProfiles.setState({ profiles, loaded: true, error: null }),
)

export function useShownProfiles(): ProviderProfile[] {
  const profiles = useProfiles((s) => s.profiles)
  const hide = useProfiles((s) => s.hideSandbox)
  return useMemo(() => shownProfiles(profiles, hide), [profiles, hide])
}

/**
 * A profile's name by its id, in the operator's language (a built-in sandbox's translated); the
 * id itself for a profile gone since.
 */
export function useProfileName(): (id: string) => string {
  const profiles = useProfiles((s) => s.profiles)
  const lang = useLang((s) => s.lang)
  return useCallback(
    (id: string) => {
      const p = profiles.find((x) => x.id === id)
      return p ? profileLabel(p, lang) : id
    },
    [profiles, lang],
  )
}
