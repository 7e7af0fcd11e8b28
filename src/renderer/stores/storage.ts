/** Whether main can write to its data folder: storage.state, then storage.state pushes. */
import { create } from 'zustand'
import type { StorageState } from '../../shared/calls/storage'
import { call, onEvent } from '../api/client'

interface StorageStore {
  state: StorageState | null
  load(): Promise<void>
}

export const useStorage = create<StorageStore>((set) => ({
  state: null,
  async load() {
    try {
      set({ state: await call('storage.state', {}) })
    } catch {
      // The connection banner already says why; the next reconnect reloads.
    }
  },
}))

onEvent('storage.state', (state) => useStorage.setState({ state }))
