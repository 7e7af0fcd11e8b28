import { create } from 'zustand'
import type { ProviderProfile } from '../../shared/contract'
import { call, errorText, onEvent } from '../api/client'

interface ProfilesState {
  profiles: ProviderProfile[]
  loaded: boolean
  error: string | null
  load(): Promise<void>
}

export const useProfiles = create<ProfilesState>((set) => ({
  profiles: [],
  loaded: false,
  error: null,
  async load() {
    try {
      set({ profiles: await call('profiles.list', {}), loaded: true, error: null })
    } catch (err) {
      set({ error: errorText(err) })
    }
  },
}))

// Another window (or a browser tab) added, edited or removed a profile: follow it here too.
onEvent('profiles.changed', (profiles) =>
  useProfiles.setState({ profiles, loaded: true, error: null }),
)
