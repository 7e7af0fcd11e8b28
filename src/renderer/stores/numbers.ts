/**
 * Dedicated numbers per profile: the free list (fetched sparingly — SMSC refuses a third
 * identical request within a minute) and the numbers rented through this console.
 */
import { create } from 'zustand'
import type { DedicatedNumber } from '../../shared/contract'
import type { MyNumber } from '../../shared/calls/lookup'
import { call, errorText } from '../api/client'

interface Loaded<T> {
  items: T[]
  loading: boolean
  error: string | null
  loaded: boolean
}

const EMPTY: Loaded<never> = { items: [], loading: false, error: null, loaded: false }

interface NumbersView {
  free: Record<string, Loaded<DedicatedNumber>>
  mine: Record<string, Loaded<MyNumber>>
  /** Fetches the free list unless it is already here (or `force`: the agent asked). */
  loadFree(profileId: string, force?: boolean): Promise<void>
  loadMine(profileId: string): Promise<void>
  /** Rents a listed number; throws the provider's refusal for the dialog to show. */
  rent(profileId: string, listing: DedicatedNumber): Promise<MyNumber>
  setRenewal(profileId: string, phone: string, renew: boolean): Promise<void>
}

export const freeOf = (s: NumbersView, id: string): Loaded<DedicatedNumber> => s.free[id] ?? EMPTY
export const mineOf = (s: NumbersView, id: string): Loaded<MyNumber> => s.mine[id] ?? EMPTY

export const useNumbers = create<NumbersView>((set, get) => {
  const patch = <K extends 'free' | 'mine'>(
    key: K,
    profileId: string,
    change: Partial<NumbersView[K][string]>,
  ) =>
    set((s) => ({
      [key]: { ...s[key], [profileId]: { ...(s[key][profileId] ?? EMPTY), ...change } },
    }))

  return {
    free: {},
    mine: {},
    async loadFree(profileId, force = false) {
      const current = get().free[profileId]
      if (current?.loading || (current?.loaded && !force)) return
      patch('free', profileId, { loading: true })
      try {
        const items = await call('numbers.free', { profileId })
        patch('free', profileId, { items, loaded: true, error: null })
      } catch (err) {
        patch('free', profileId, { error: errorText(err) })
      } finally {
        patch('free', profileId, { loading: false })
      }
    },
    async loadMine(profileId) {
      patch('mine', profileId, { loading: true })
      try {
        const items = await call('numbers.mine', { profileId })
        patch('mine', profileId, { items, loaded: true, error: null })
      } catch (err) {
        patch('mine', profileId, { error: errorText(err) })
      } finally {
        patch('mine', profileId, { loading: false })
      }
    },
    async rent(profileId, listing) {
      const rented = await call('numbers.rent', { profileId, phone: listing.phone, listing })
      // Taken off the free list here rather than asking the provider again (the repeat limit).
      patch('free', profileId, {
        items: freeOf(get(), profileId).items.filter((n) => n.phone !== listing.phone),
      })
      patch('mine', profileId, {
        items: [rented, ...mineOf(get(), profileId).items.filter((n) => n.phone !== rented.phone)],
      })
      return rented
    },
    async setRenewal(profileId, phone, renew) {
      const updated = await call('numbers.renewal', { profileId, phone, renew })
      patch('mine', profileId, {
        items: mineOf(get(), profileId).items.map((n) => (n.phone === updated.phone ? updated : n)),
      })
    },
  }
})
