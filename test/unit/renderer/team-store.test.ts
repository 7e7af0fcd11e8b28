// The Team screen's state: what it offers to whom (nothing on a workstation or to an agent),
// how a change lands in the users' list and in who this console is, how the trail's filters
// become a search, and its pages read one after another, a late answer to an older search
// dropped.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AuditEntry, TeamUser } from '../../../src/shared/calls/team'

const calls: { name: string; request: unknown }[] = []
const answers = new Map<string, (request: unknown) => unknown>()

vi.mock('../../../src/renderer/api/client', () => ({
  call: (name: string, request: unknown) => {
    calls.push({ name, request })
    const answer = answers.get(name)
    return answer
      ? Promise.resolve().then(() => answer(request))
      : Promise.reject(new Error(`${name} not expected`))
  },
  errorText: (err: unknown) => (err instanceof Error ? err.message : String(err)),
  onEvent: () => () => {},
  isDesktop: false,
}))

const { useTeam } = await import('../../../src/renderer/stores/team')
const { useAudit, AUDIT_PAGE } = await import('../../../src/renderer/stores/audit')
const { auditFilterOf, detailsLine, EMPTY_AUDIT_FORM, outcomeOf, teamSections, withUser } =
  await import('../../../src/renderer/screens/Team/view')

const user = (name: string, role: TeamUser['role'] = 'agent', disabled = false): TeamUser => ({
  name,
  role,
  disabled,
  createdAt: 1,
})

const entry = (id: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  id,
  at: id * 1000,
  user: 'Dilnoza',
  role: 'administrator',
  from: '10.0.0.5',
  action: 'users.create',
  target: 'farhod',
  details: { outcome: 'done' },
  ...over,
})

beforeEach(() => {
  calls.length = 0
  answers.clear()
  useTeam.setState({ mode: null, me: null, users: [], usersLoaded: false, usersError: null })
  useAudit.setState({ filter: {}, entries: [], more: false, loaded: false, error: null })
})

describe('what the Team screen offers', () => {
  it('offers nothing on a workstation, nor to an agent; the trail to a supervisor; both to an administrator', () => {
    expect(teamSections('electron', null)).toBeNull()
    expect(teamSections('browser', { role: 'administrator' })).toBeNull()
    expect(teamSections('server', null)).toBeNull()
    expect(teamSections('server', { role: 'agent' })).toBeNull()
    expect(teamSections('server', { role: 'supervisor' })).toEqual({ users: false, audit: true })
    expect(teamSections('server', { role: 'administrator' })).toEqual({
      users: true,
      audit: true,
    })
  })

  it('asks who this console is only when it works with a team server', async () => {
    answers.set('app.info', () => ({ version: '1', mode: 'electron' }))
    await useTeam.getState().loadIdentity()
    expect(calls.map((c) => c.name)).toEqual(['app.info'])
    expect(useTeam.getState()).toMatchObject({ mode: 'electron', me: null })

    answers.set('app.info', () => ({ version: '1', mode: 'server' }))
    answers.set('users.me', () => ({ name: 'Malika', role: 'supervisor' }))
    await useTeam.getState().loadIdentity()
    expect(useTeam.getState()).toMatchObject({
      mode: 'server',
      me: { name: 'Malika', role: 'supervisor' },
    })
  })
})

describe('the users’ list', () => {
  it('takes a user as the server answered, in the server’s order, whatever the case of the name', () => {
    const list = [user('Dilnoza', 'administrator'), user('farhod')]
    expect(withUser(list, user('Anvar')).map((u) => u.name)).toEqual(['Anvar', 'Dilnoza', 'farhod'])
    expect(withUser(list, user('FARHOD', 'supervisor', true))).toEqual([
      user('Dilnoza', 'administrator'),
      user('FARHOD', 'supervisor', true),
    ])
  })

  it('lands each change in the list, and one to this console’s own user in who it is', async () => {
    useTeam.setState({
      me: { name: 'Dilnoza', role: 'administrator' },
      users: [user('Dilnoza', 'administrator')],
    })
    answers.set('users.create', (r) => ({ ...user('zarina'), ...(r as { role: string }) }))
    const made = await useTeam
      .getState()
      .create({ name: 'zarina', password: 'a long password', role: 'supervisor' })
    expect(made.role).toBe('supervisor')
    expect(calls.at(-1)).toEqual({
      name: 'users.create',
      request: { name: 'zarina', password: 'a long password', role: 'supervisor' },
    })
    expect(useTeam.getState().users.map((u) => u.name)).toEqual(['Dilnoza', 'zarina'])

    answers.set('users.setRole', (r) => user('dilnoza', (r as { role: 'agent' }).role))
    await useTeam.getState().setRole('Dilnoza', 'supervisor')
    expect(useTeam.getState().me).toEqual({ name: 'Dilnoza', role: 'supervisor' })

    answers.set('users.disable', () => user('zarina', 'supervisor', true))
    await useTeam.getState().disable('zarina')
    expect(useTeam.getState().users.find((u) => u.name === 'zarina')?.disabled).toBe(true)

    answers.set('users.signOutEverywhere', () => ({ sessions: 3 }))
    expect(await useTeam.getState().signOutEverywhere('zarina')).toBe(3)
  })

  it('throws a refusal as it came, leaving the list as it was', async () => {
    useTeam.setState({ users: [user('Dilnoza', 'administrator')] })
    answers.set('users.setRole', () => {
      throw new Error('Dilnoza is the only administrator: make another one first')
    })
    await expect(useTeam.getState().setRole('Dilnoza', 'agent')).rejects.toThrow(
      'only administrator',
    )
    expect(useTeam.getState().users).toEqual([user('Dilnoza', 'administrator')])
  })

  it('says why the list could not be read', async () => {
    answers.set('users.list', () => {
      throw new Error('A supervisor may not do this (users.list)')
    })
    await useTeam.getState().loadUsers()
    expect(useTeam.getState()).toMatchObject({
      usersLoaded: false,
      usersLoading: false,
      usersError: 'A supervisor may not do this (users.list)',
    })
  })
})

describe('the audit trail', () => {
  it('makes a search of the filters typed, leaving out what is empty', () => {
    expect(auditFilterOf(EMPTY_AUDIT_FORM)).toEqual({})
    const from = '2026-03-01T09:00'
    const to = '2026-03-02T18:30'
    expect(
      auditFilterOf({ user: ' farhod ', action: 'users.', text: '  992 90 ', from, to }),
    ).toEqual({
      user: 'farhod',
      action: 'users.',
      text: '992 90',
      from: new Date(from).getTime(),
      to: new Date(to).getTime(),
    })
    expect(auditFilterOf({ ...EMPTY_AUDIT_FORM, from: 'not a time' })).toEqual({})
  })

  it('says an entry’s details in a line, and how it ended apart', () => {
    const details = {
      name: 'farhod',
      role: 'agent',
      password: '(withheld)',
      phones: ['992901234567', '992901234568'],
      outcome: 'CONFLICT',
      refusal: 'refused',
    }
    expect(detailsLine(details)).toBe(
      'name: farhod, role: agent, password: (withheld), phones: ["992901234567","992901234568"]',
    )
    expect(outcomeOf(details)).toBe('CONFLICT')
    expect(outcomeOf({ code: 'BAD_CREDENTIALS' })).toBeNull()
  })

  it('reads newest first a page at a time, each next page under the last entry shown', async () => {
    answers.set('audit.search', (r) => {
      const { before } = r as { before?: number }
      return before === undefined
        ? { entries: [entry(9), entry(8)], more: true }
        : { entries: [entry(before - 1)], more: false }
    })
    await useAudit.getState().search({ action: 'users.' })
    await useAudit.getState().loadMore()
    expect(calls.map((c) => c.request)).toEqual([
      { action: 'users.', limit: AUDIT_PAGE },
      { action: 'users.', before: 8, limit: AUDIT_PAGE },
    ])
    expect(useAudit.getState()).toMatchObject({
      filter: { action: 'users.' },
      more: false,
      loaded: true,
      loading: false,
      error: null,
    })
    expect(useAudit.getState().entries.map((e) => e.id)).toEqual([9, 8, 7])
  })

  it('drops a late answer to an older search', async () => {
    let release: (v: unknown) => void = () => {}
    answers.set(
      'audit.search',
      (r) =>
        new Promise((resolve) => {
          if ((r as { user?: string }).user === 'slow') release = resolve
          else resolve({ entries: [entry(2, { user: 'fast' })], more: false })
        }),
    )
    const slow = useAudit.getState().search({ user: 'slow' })
    await Promise.resolve()
    await useAudit.getState().search({ user: 'fast' })
    release({ entries: [entry(1, { user: 'slow' })], more: true })
    await slow
    expect(useAudit.getState()).toMatchObject({ filter: { user: 'fast' }, more: false })
    expect(useAudit.getState().entries.map((e) => e.user)).toEqual(['fast'])
  })

  it('says why the trail could not be read', async () => {
    answers.set('audit.search', () => {
      throw new Error('An agent may not do this (audit.search)')
    })
    await useAudit.getState().search({})
    expect(useAudit.getState()).toMatchObject({
      error: 'An agent may not do this (audit.search)',
      entries: [],
      loading: false,
    })
  })
})
