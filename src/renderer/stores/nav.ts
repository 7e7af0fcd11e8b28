/** Which screen is open. Other screens can send the agent somewhere (Inbox → Reply → Compose). */
import { create } from 'zustand'
import type { ContactFilter } from '../../shared/calls/contacts'

export const SCREEN_IDS = [
  'compose',
  'import',
  'reports',
  'history',
  'hlr',
  'numbers',
  'inbox',
  'contacts',
  'providers',
] as const
/** A team server's screen (its users and audit trail), after the others, for the roles using it. */
export const TEAM_SCREEN = 'team'
export type ScreenId = (typeof SCREEN_IDS)[number] | typeof TEAM_SCREEN

/** The screens the navigation offers, in its order. */
export function shownScreens(team: boolean): readonly ScreenId[] {
  return team ? [...SCREEN_IDS, TEAM_SCREEN] : SCREEN_IDS
}

/** A draft another screen hands to Compose (a reply, a resend with changes). */
export interface ComposeDraft {
  profileId?: string
  phone?: string
  text?: string
}

interface NavState {
  screen: ScreenId
  draft: ComposeDraft | null
  go(screen: ScreenId): void
  compose(draft: ComposeDraft): void
  takeDraft(): ComposeDraft | null
  /** What History opens searching for, when another screen sends the agent there. */
  historyQuery: string | null
  history(query: string): void
  takeHistoryQuery(): string | null
  /** Contacts Bulk import opens with as its recipients (Contacts → Send to this group). */
  recipients: { filter: ContactFilter; name: string } | null
  sendTo(filter: ContactFilter, name: string): void
  takeRecipients(): { filter: ContactFilter; name: string } | null
}

export const useNav = create<NavState>((set, get) => ({
  screen: 'compose',
  draft: null,
  go: (screen) => set({ screen }),
  compose: (draft) => set({ screen: 'compose', draft }),
  takeDraft: () => {
    const d = get().draft
    if (d) set({ draft: null })
    return d
  },
  historyQuery: null,
  history: (query) => set({ screen: 'history', historyQuery: query }),
  takeHistoryQuery: () => {
    const q = get().historyQuery
    if (q !== null) set({ historyQuery: null })
    return q
  },
  recipients: null,
  sendTo: (filter, name) => set({ screen: 'import', recipients: { filter, name } }),
  takeRecipients: () => {
    const r = get().recipients
    if (r) set({ recipients: null })
    return r
  },
}))
