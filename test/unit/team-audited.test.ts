// What the team server's audit trail keeps of a call: every call that changes something (the
// table covers the whole contract), never a read; its target; its request without secrets or
// bulk data; and how it ended.
import { describe, expect, it } from 'vitest'
import { callNames } from '../../src/shared/contract'
import { AUDITED, auditEntryOf } from '../../src/main/server/audited'

const done = { ok: true as const, result: { id: 41, state: 'queued' } }

describe('the audit trail of a team server', () => {
  it('classifies every call of the contract, and keeps none of the reads', () => {
    expect(Object.keys(AUDITED).sort()).toEqual([...callNames].sort())
    for (const read of ['history.page', 'messages.recent', 'inbox.thread', 'profiles.list']) {
      expect(auditEntryOf(read, {}, done)).toBe(null)
    }
    expect(auditEntryOf('no.such.call', {}, done)).toBe(null)
    expect(auditEntryOf('__proto__', {}, done)).toBe(null)
  })

  it('keeps a send with its number, its text and its outcome', () => {
    const entry = auditEntryOf(
      'messages.send',
      { profileId: 'office', phone: '992901234567', sender: 'Shop', text: 'Ваш заказ готов' },
      done,
    )
    expect(entry).toEqual({
      action: 'messages.send',
      target: '992901234567',
      details: {
        profileId: 'office',
        phone: '992901234567',
        sender: 'Shop',
        text: 'Ваш заказ готов',
        outcome: 'done',
        result: 41,
      },
    })
  })

  it('never keeps a password, and cuts long texts and lists', () => {
    const entry = auditEntryOf(
      'credentials.set',
      { profileId: 'office', password: 'hunter2-hunter2' },
      { ok: true, result: { hasPassword: true } },
    )
    expect(JSON.stringify(entry)).not.toContain('hunter2')
    expect(entry?.details.password).toBe('(withheld)')
    const many = auditEntryOf(
      'stoplist.add',
      {
        phones: Array.from({ length: 50 }, (_, i) => `99290000${String(i).padStart(4, '0')}`),
        note: 'x'.repeat(500),
      },
      { ok: false, error: { code: 'CONFLICT', message: 'refused' } },
    )
    expect((many?.details.phones as unknown[]).length).toBe(21)
    expect((many?.details.phones as unknown[]).at(-1)).toBe('… 50 in all')
    expect((many?.details.note as string).length).toBe(201)
    expect(many?.details).toMatchObject({ outcome: 'CONFLICT', refusal: 'refused' })
  })
})
