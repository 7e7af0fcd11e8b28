// The Team screen as React renders it for each person: on a workstation it says users live on a
// team server; a supervisor sees the audit trail only; an administrator also the users, with
// their roles and states and what can be done to them. Rendered to markup on Node.
import { renderToStaticMarkup } from 'react-dom/server'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AuditEntry, TeamUser } from '../../../src/shared/calls/team'

vi.mock('../../../src/renderer/api/client', () => ({
  call: () => Promise.reject(new Error('not in this test')),
  errorText: (err: unknown) => (err instanceof Error ? err.message : String(err)),
  onEvent: () => () => {},
  newRequestKey: () => '0'.repeat(32),
  isDesktop: false,
}))

const { Team } = await import('../../../src/renderer/screens/Team')
const { useTeam } = await import('../../../src/renderer/stores/team')
const { useAudit } = await import('../../../src/renderer/stores/audit')
const { useLang } = await import('../../../src/renderer/stores/lang')

/**
 * Sets a store's state as the screen reads it: rendered on Node, React reads a store through its
 * server snapshot (the store's first state), so that state is set too.
 */
function given<T extends object>(
  store: { setState(p: Partial<T>): void; getInitialState(): T },
  state: Partial<T>,
) {
  store.setState(state)
  Object.assign(store.getInitialState(), state)
}

const user = (name: string, role: TeamUser['role'], disabled = false): TeamUser => ({
  name,
  role,
  disabled,
  createdAt: Date.UTC(2026, 2, 1, 9),
})

const entry: AuditEntry = {
  id: 7,
  at: Date.UTC(2026, 2, 1, 9, 30),
  user: 'Dilnoza',
  role: 'administrator',
  from: '10.0.0.5',
  action: 'users.disable',
  target: 'farhod',
  details: { name: 'farhod', outcome: 'done' },
}

/** The screen's text as a person reads it. */
const text = () =>
  renderToStaticMarkup(<Team />)
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')

beforeEach(() => {
  given(useLang, { lang: 'en' })
  given(useTeam, {
    users: [user('Dilnoza', 'administrator'), user('farhod', 'agent', true)],
    usersLoaded: true,
  })
  given(useAudit, { entries: [entry], loaded: true, more: true, filter: {} })
})

describe('the Team screen', () => {
  it('says on a workstation that users live on a team server', () => {
    given(useTeam, { mode: 'electron', me: null })
    const said = text()
    expect(said).toContain('kept by a team server')
    expect(said).not.toContain('Audit trail')
  })

  it('shows a supervisor the trail only', () => {
    given(useTeam, { mode: 'server', me: { name: 'Malika', role: 'supervisor' } })
    const said = text()
    expect(said).toContain('Signed in as Malika (Supervisor).')
    expect(said).toContain('Audit trail')
    expect(said).toContain('users.disable')
    expect(said).toContain('10.0.0.5')
    expect(said).toContain('More')
    expect(said).not.toContain('New user')
  })

  it('shows an administrator the users too, each with their state and what can be done', () => {
    given(useTeam, { mode: 'server', me: { name: 'Dilnoza', role: 'administrator' } })
    const said = text()
    expect(said).toContain('2 users')
    expect(said).toMatch(/Dilnoza \(you\)/)
    expect(said).toContain('Disabled')
    expect(said).toContain('Enable')
    expect(said).toContain('Sign out everywhere')
    expect(said).toContain('Audit trail')
  })

  it('speaks Russian when the person chose it', () => {
    given(useLang, { lang: 'ru' })
    given(useTeam, { mode: 'server', me: { name: 'Dilnoza', role: 'administrator' } })
    const said = text()
    expect(said).toContain('2 пользователя')
    expect(said).toContain('Журнал действий')
    expect(said).toContain('Отключён')
  })
})
