// Who may make which call on a team server: every call of the contract has its least role, and
// the lines between agent, supervisor and administrator fall where the office expects them.
import { describe, expect, it } from 'vitest'
import { callNames, type CallName } from '../../src/shared/contract'
import { atLeast, CALL_ROLES, isRole, mayCall, ROLES } from '../../src/main/core/team/roles'

describe('the roles of the team server', () => {
  it('give every call of the contract a role, and no call the contract lacks', () => {
    expect(Object.keys(CALL_ROLES).sort()).toEqual([...callNames].sort())
    for (const name of callNames) expect(ROLES).toContain(CALL_ROLES[name])
  })

  it('rank administrator over supervisor over agent', () => {
    expect(atLeast('administrator', 'supervisor')).toBe(true)
    expect(atLeast('supervisor', 'agent')).toBe(true)
    expect(atLeast('supervisor', 'supervisor')).toBe(true)
    expect(atLeast('agent', 'supervisor')).toBe(false)
    expect(atLeast('supervisor', 'administrator')).toBe(false)
    expect(isRole('supervisor')).toBe(true)
    expect(isRole('root')).toBe(false)
  })

  it('let an agent send, answer customers, look numbers up and read, and nothing more', () => {
    const may: CallName[] = [
      'messages.send',
      'messages.cancel',
      'messages.resolveUncertain',
      'inbox.threads',
      'inbox.thread',
      'inbox.markRead',
      'hlr.lookup',
      'history.page',
      'templates.list',
      'contacts.list',
      'contacts.names',
      'profiles.list',
      'sessions.list',
      'stoplist.list',
    ]
    for (const call of may) expect([call, mayCall('agent', call)]).toEqual([call, true])
    const mayNot: CallName[] = [
      'stoplist.add',
      'stoplist.remove',
      'stoplist.clear',
      'stoplist.importUpload',
      'import.start',
      'import.begin',
      'batch.cancel',
      'batch.resendFailed',
      'templates.save',
      'contacts.save',
      'contacts.delete',
      'history.exportCsv',
      'export.write',
      'reports.trends',
      'profiles.save',
      'profiles.get',
      'credentials.set',
      'numbers.rent',
      'sandbox.injectInbound',
    ]
    for (const call of mayNot) expect([call, mayCall('agent', call)]).toEqual([call, false])
  })

  it('let a supervisor run campaigns, keep the stop-list and read every report, but not touch profiles, credentials or the simulators', () => {
    const may: CallName[] = [
      'import.begin',
      'import.validate',
      'import.start',
      'batch.pause',
      'batch.cancel',
      'stoplist.add',
      'stoplist.clear',
      'stoplist.setReply',
      'reports.batches',
      'reports.spend',
      'export.write',
      'templates.save',
      'groups.save',
      'contacts.importUpload',
      'messages.send',
    ]
    for (const call of may) expect([call, mayCall('supervisor', call)]).toEqual([call, true])
    const mayNot: CallName[] = [
      'profiles.save',
      'profiles.remove',
      'profiles.test',
      'credentials.set',
      'credentials.clear',
      'numbers.rent',
      'sandbox.injectInbound',
    ]
    for (const call of mayNot) expect([call, mayCall('supervisor', call)]).toEqual([call, false])
  })

  it('let an administrator make every call', () => {
    for (const call of callNames) expect(mayCall('administrator', call)).toBe(true)
  })

  it('refuse a call the contract does not have, whoever asks', () => {
    expect(mayCall('administrator', 'users.dropAll')).toBe(false)
    expect(mayCall('administrator', 'toString')).toBe(false)
    expect(mayCall('administrator', '__proto__')).toBe(false)
  })
})
