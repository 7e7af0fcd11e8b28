/**
 * The account balance shown in the header: for the profile Compose (or any screen) names, else
 * the first profile that reports one. Refreshed on demand, every few minutes, and whenever a
 * connection test brings a fresh figure.
 */
import { create } from 'zustand'
import { call, errorText } from '../api/client'

export interface BalanceReading {
  amount: number | null
  currency: string | null
  /** Why there is no figure (the provider's refusal, no password, offline). */
  error: string | null
  at: number
}

interface BalanceState {
  /** The profile another screen chose (Compose's selection); null: the first with a balance. */
  chosen: string | null
  byProfile: Record<string, BalanceReading>
  loading: Record<string, boolean>
  choose(profileId: string | null): void
  refresh(profileId: string): Promise<void>
  record(profileId: string, amount: number, currency: string | null): void
}

export const useBalance = create<BalanceState>((set, get) => ({
  chosen: null,
  byProfile: {},
  loading: {},
  choose: (profileId) => set({ chosen: profileId }),
  async refresh(profileId) {
    if (get().loading[profileId]) return
    set((s) => ({ loading: { ...s.loading, [profileId]: true } }))
    let reading: BalanceReading
    try {
      const b = await call('profiles.balance', { profileId })
      reading = { amount: b.amount, currency: b.currency, error: null, at: Date.now() }
    } catch (err) {
      reading = {
        amount: null,
        currency: null,
        error: errorText(err),
        at: Date.now(),
      }
    }
    set((s) => ({
      byProfile: { ...s.byProfile, [profileId]: reading },
      loading: { ...s.loading, [profileId]: false },
    }))
  },
  record(profileId, amount, currency) {
    set((s) => ({
      byProfile: { ...s.byProfile, [profileId]: { amount, currency, error: null, at: Date.now() } },
    }))
  },
}))

/**
 * The currency of a profile's account, once its balance has been read (the header reads the
 * chosen profile's): what its prices are in. Null while not known.
 */
export function useCurrency(profileId: string | null): string | null {
  return useBalance((s) => (profileId ? (s.byProfile[profileId]?.currency ?? null) : null))
}

/** How often the header asks again on its own. */
export const BALANCE_REFRESH_MS = 3 * 60_000
