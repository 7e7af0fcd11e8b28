/**
 * Who this console works as, and a team server's users as its administrator manages them. Read
 * at every connection: on a team server, the person signed in and their role (which decides
 * what the Team screen offers); on a workstation, nobody, and no Team screen. A change made
 * here lands in the list as the server answered it.
 */
import { create } from 'zustand'
import type { TeamRole, TeamUser } from '../../shared/calls/team'
import type { AppInfo } from '../../shared/domain'
import { call, errorText } from '../api/client'
import { foldName, withUser } from '../screens/Team/view'

interface TeamState {
  /** The console's mode as main (or the server it works with) says; null until it has said. */
  mode: AppInfo['mode'] | null
  /** The person signed in on a team server. */
  me: { name: string; role: TeamRole } | null
  users: TeamUser[]
  usersLoaded: boolean
  usersLoading: boolean
  usersError: string | null
  /** Asks who this console works as; on a workstation, nobody. */
  loadIdentity(): Promise<void>
  loadUsers(): Promise<void>
  /** Each change throws the server's refusal as the call's error (its issues name the field). */
  create(input: { name: string; password: string; role: TeamRole }): Promise<TeamUser>
  setRole(name: string, role: TeamRole): Promise<TeamUser>
  disable(name: string): Promise<TeamUser>
  enable(name: string): Promise<TeamUser>
  setPassword(name: string, password: string): Promise<TeamUser>
  /** How many sessions were ended. */
  signOutEverywhere(name: string): Promise<number>
}

let identitySeq = 0
let usersSeq = 0

export const useTeam = create<TeamState>((set, get) => {
  /** The list, and who this console is, as the server now has the user. */
  const changed = (user: TeamUser): TeamUser => {
    const me = get().me
    set((s) => ({
      users: withUser(s.users, user),
      me: me && foldName(me.name) === foldName(user.name) ? { ...me, role: user.role } : me,
    }))
    return user
  }

  return {
    mode: null,
    me: null,
    users: [],
    usersLoaded: false,
    usersLoading: false,
    usersError: null,

    async loadIdentity() {
      const seq = ++identitySeq
      try {
        const info = await call('app.info', {})
        const me = info.mode === 'server' ? await call('users.me', {}) : null
        if (seq === identitySeq) set({ mode: info.mode, me })
      } catch {
        // Asked again at the next connection; meanwhile the console offers no Team screen.
        if (seq === identitySeq) set({ me: null })
      }
    },

    async loadUsers() {
      const seq = ++usersSeq
      set({ usersLoading: true, usersError: null })
      try {
        const users = await call('users.list', {})
        if (seq === usersSeq) set({ users, usersLoaded: true })
      } catch (err) {
        if (seq === usersSeq) set({ usersError: errorText(err) })
      } finally {
        if (seq === usersSeq) set({ usersLoading: false })
      }
    },

    create: async (input) => changed(await call('users.create', input)),
    setRole: async (name, role) => changed(await call('users.setRole', { name, role })),
    disable: async (name) => changed(await call('users.disable', { name })),
    enable: async (name) => changed(await call('users.enable', { name })),
    setPassword: async (name, password) =>
      changed(await call('users.setPassword', { name, password })),
    signOutEverywhere: async (name) => (await call('users.signOutEverywhere', { name })).sessions,
  }
})
