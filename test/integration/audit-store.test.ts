// The audit trail on a real PostgreSQL: entries recorded and found again by user, action (one,
// or every action under a prefix), words anywhere and period, newest first in keyset pages; read
// oldest first in chunks for an export; and no entry changed or removed, even by a statement
// typed straight into the database.
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import type { PgDatabase } from '../../src/main/core/stores/postgres/database'
import { PgAudit } from '../../src/main/core/stores/postgres/audit'
import type { AuditEntry, AuditRecord, AuditStore } from '../../src/main/core/team/audit'
import { storeBackends } from '../helpers/store-backends'

const [, backend] = storeBackends<{ audit: AuditStore; db: PgDatabase }>({
  sqlite: () => {
    throw new Error('the audit trail is the team server’s: PostgreSQL only')
  },
  postgres: (db) => ({ audit: new PgAudit(db), db }),
})

const T = Date.UTC(2025, 2, 3, 9, 0)
const MINUTE = 60_000

let audit: AuditStore
let db: PgDatabase

beforeEach(async () => {
  // Every test on an emptied database: emptying the trail stays possible for its owner.
  ;({ audit, db } = await backend.open(() => T))
}, 120_000)
afterAll(() => backend.close())

const entry = (over: Partial<AuditRecord>): AuditRecord => ({
  at: T,
  user: 'olga',
  role: 'supervisor',
  from: '192.0.2.10',
  action: 'messages.send',
  target: null,
  details: {},
  ...over,
})

/** An office's morning: sends, a stop-list change, a profile saved, an import, a sign-in. */
async function morning(): Promise<number[]> {
  const ids: number[] = []
  const add = async (over: Partial<AuditRecord>): Promise<void> => {
    ids.push(await audit.record(entry(over)))
  }
  await add({
    at: T,
    user: 'Anna',
    role: 'agent',
    target: '79161234567',
    details: { messageId: 1, text: 'Ваш заказ готов' },
  })
  await add({
    at: T + MINUTE,
    user: 'olga',
    action: 'stoplist.add',
    target: null,
    details: { phones: ['79160000001', '79160000002'], note: 'Жалоба' },
  })
  await add({
    at: T + 2 * MINUTE,
    user: 'root',
    role: 'administrator',
    action: 'profiles.save',
    target: 'smsc-main',
    details: { name: 'SMSC основной', sandbox: false },
  })
  await add({
    at: T + 3 * MINUTE,
    user: 'anna',
    role: 'agent',
    target: '79167654321',
    details: { messageId: 2, text: 'Ёлка доставлена' },
  })
  await add({
    at: T + 4 * MINUTE,
    user: 'olga',
    action: 'stoplist.remove',
    details: { phones: ['79160000001'] },
  })
  await add({
    at: T + 5 * MINUTE,
    user: 'olga',
    action: 'import.start',
    target: 'batch 7',
    details: { file: 'debtors_100%.csv', rows: 1200 },
  })
  await add({
    at: T + 6 * MINUTE,
    user: null,
    role: null,
    from: null,
    action: 'batch.done',
    target: 'batch 7',
    details: { sent: 1200 },
  })
  return ids
}

const actions = (entries: AuditEntry[]): string[] => entries.map((e) => e.action)

describe('the audit trail on PostgreSQL', () => {
  it('keeps an entry as recorded', async () => {
    const id = await audit.record(
      entry({
        target: '79161234567',
        details: {
          messageId: 42,
          parts: 2,
          cascade: ['sms', 'viber'],
          nested: { ok: true, none: null },
        },
      }),
    )
    expect(await audit.search({ limit: 10 })).toEqual({
      entries: [
        {
          id,
          at: T,
          user: 'olga',
          role: 'supervisor',
          from: '192.0.2.10',
          action: 'messages.send',
          target: '79161234567',
          details: {
            messageId: 42,
            parts: 2,
            cascade: ['sms', 'viber'],
            nested: { ok: true, none: null },
          },
        },
      ],
      more: false,
    })
  })

  it('finds entries by user in any case, by action or every action under a prefix, newest first', async () => {
    await morning()
    const anna = await audit.search({ user: 'ANNA', limit: 10 })
    expect(anna.entries.map((e) => e.details.messageId)).toEqual([2, 1])
    expect(actions((await audit.search({ action: 'stoplist.add', limit: 10 })).entries)).toEqual([
      'stoplist.add',
    ])
    expect(actions((await audit.search({ action: 'stoplist.', limit: 10 })).entries)).toEqual([
      'stoplist.remove',
      'stoplist.add',
    ])
    expect(
      actions((await audit.search({ user: 'olga', action: 'import.start', limit: 10 })).entries),
    ).toEqual(['import.start'])
    // The server's own doings have no user.
    expect((await audit.search({ action: 'batch.done', limit: 10 })).entries[0]).toMatchObject({
      user: null,
      role: null,
      from: null,
    })
  })

  it('finds words anywhere in the user, action, target and details, in any case, ё as е', async () => {
    await morning()
    const find = async (text: string): Promise<string[]> =>
      actions((await audit.search({ text, limit: 10 })).entries)
    expect(await find('жалоба')).toEqual(['stoplist.add'])
    expect(await find('79160000001')).toEqual(['stoplist.remove', 'stoplist.add'])
    expect(await find('елка')).toEqual(['messages.send'])
    expect(await find('smsc ОСНОВНОЙ')).toEqual(['profiles.save'])
    expect(await find('batch 7')).toEqual(['batch.done', 'import.start'])
    expect(await find('sandbox')).toEqual(['profiles.save'])
    // LIKE's wildcards are searched as they are written.
    expect(await find('100%')).toEqual(['import.start'])
    expect(await find('1_0')).toEqual([])
    expect(await find('заказ отменён')).toEqual([])
  })

  it('narrows to a period: from its start, up to but not including its end', async () => {
    await morning()
    const period = await audit.search({ from: T + MINUTE, to: T + 4 * MINUTE, limit: 10 })
    expect(actions(period.entries)).toEqual(['messages.send', 'profiles.save', 'stoplist.add'])
    expect(
      (await audit.search({ user: 'anna', from: T + MINUTE, limit: 10 })).entries,
    ).toHaveLength(1)
  })

  it('pages newest first by keyset: an entry recorded meanwhile shifts no page', async () => {
    const ids = await morning()
    const first = await audit.search({ limit: 3 })
    expect(first.entries.map((e) => e.id)).toEqual([ids[6], ids[5], ids[4]])
    expect(first.more).toBe(true)
    await audit.record(entry({ at: T + 10 * MINUTE, action: 'messages.cancel' }))
    const second = await audit.search({ before: first.entries[2]?.id, limit: 3 })
    expect(second.entries.map((e) => e.id)).toEqual([ids[3], ids[2], ids[1]])
    expect(second.more).toBe(true)
    const last = await audit.search({ before: second.entries[2]?.id, limit: 3 })
    expect(last.entries.map((e) => e.id)).toEqual([ids[0]])
    expect(last.more).toBe(false)
    // With a filter too.
    const stop = await audit.search({ action: 'stoplist.', limit: 1 })
    expect(stop).toMatchObject({ entries: [{ action: 'stoplist.remove' }], more: true })
    const stop2 = await audit.search({ action: 'stoplist.', before: stop.entries[0]?.id, limit: 1 })
    expect(stop2).toMatchObject({ entries: [{ action: 'stoplist.add' }], more: false })
  })

  it('reads the whole trail oldest first, chunk by chunk, for an export', async () => {
    const ids = await morning()
    const read: number[] = []
    let after = 0
    for (;;) {
      const chunk = await audit.chunk(after, 3)
      if (chunk.length === 0) break
      read.push(...chunk.map((e) => e.id))
      after = chunk[chunk.length - 1]?.id ?? after
    }
    expect(read).toEqual(ids)
  })

  it('refuses to change or remove an entry, whoever asks the database', async () => {
    const [first] = await morning()
    await expect(
      db.pool.query(`UPDATE audit_log SET user_name = 'someone else' WHERE id = $1`, [first]),
    ).rejects.toThrow('the audit trail is append-only: UPDATE refused')
    await expect(db.pool.query('DELETE FROM audit_log WHERE id = $1', [first])).rejects.toThrow(
      'the audit trail is append-only: DELETE refused',
    )
    await expect(db.pool.query('DELETE FROM audit_log')).rejects.toThrow('append-only')
    const all = await audit.chunk(0, 100)
    expect(all).toHaveLength(7)
    expect(all[0]).toMatchObject({ id: first, user: 'Anna' })
  })

  it('refuses an entry without an action, or with details too large to be a record', async () => {
    await expect(audit.record(entry({ action: ' ' }))).rejects.toThrow('needs an action')
    await expect(audit.record(entry({ details: { blob: 'x'.repeat(70_000) } }))).rejects.toThrow(
      'larger than',
    )
    expect(await audit.chunk(0, 10)).toEqual([])
  })

  it('searches words through a trigram index (Debian’s server has pg_trgm)', async () => {
    const r = await db.pool.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'audit_log_text'`)
    expect(r.rowCount).toBe(1)
  })
})
