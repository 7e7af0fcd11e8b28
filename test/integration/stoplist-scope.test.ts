// The stop-list per provider account or for all of them, through the core on a real data
// folder: an entry for one profile keeps bulk sends through that profile (and only it) away
// from the number, an entry for every profile keeps all of them away; the list is filtered,
// cleared and undone by scope; a database from before scopes keeps its entries for every profile.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { migrations } from '../../src/main/core/db/migrations'
import { ImportStore } from '../../src/main/core/imports/store'
import { testCore } from '../helpers/test-core'
import { waitForValue } from '../helpers/wait'

const t = testCore()

const PHONES = ['992901000001', '992901000002', '992901000003', '992901000004']

async function stoppedThrough(profileId: string): Promise<number> {
  const analysis = await t.call('import.paste', { text: ['phone', ...PHONES].join('\n') })
  const summary = await t.call('import.validate', {
    uploadId: analysis.uploadId,
    profileId,
    sender: 'Shop',
    phoneColumn: 0,
    template: 'Скидка до конца недели',
  })
  await t.call('import.discard', { uploadId: analysis.uploadId })
  return summary.byReason.stopListed ?? 0
}

describe('entries for one profile or for all', () => {
  it('keeps a number away from the sends of the profiles it holds for', async () => {
    await t.call('stoplist.add', { phones: ['992901000001'], note: 'для всех' })
    await t.call('stoplist.add', {
      phones: ['992901000002'],
      note: 'только SMPP',
      profileId: 'sandbox',
    })
    await t.call('stoplist.add', {
      phones: ['992901000003'],
      note: 'только OsonSMS',
      profileId: 'sandbox-osonsms',
    })
    expect(await stoppedThrough('sandbox')).toBe(2)
    expect(await stoppedThrough('sandbox-osonsms')).toBe(2)
    expect(await stoppedThrough('sandbox-smsc')).toBe(1)

    // The same number for every profile and for one: two entries, each removable alone.
    await t.call('stoplist.add', { phones: ['992901000002'], note: 'для всех' })
    expect((await t.call('stoplist.list', { query: '992901000002' })).total).toBe(2)
    expect(
      await t.call('stoplist.remove', { phones: ['992901000002'], profileId: 'sandbox' }),
    ).toEqual({ removed: 1 })
    expect((await t.call('stoplist.list', { query: '992901000002' })).items).toMatchObject([
      { profileId: '', note: 'для всех' },
    ])
    expect(await stoppedThrough('sandbox-smsc')).toBe(2)

    // Filtered by scope.
    const scoped = async (profileId: string) =>
      (await t.call('stoplist.list', { profileId })).items.map((e) => e.phone).sort()
    expect(await scoped('')).toEqual(['992901000001', '992901000002'])
    expect(await scoped('sandbox-osonsms')).toEqual(['992901000003'])
    expect(await scoped('sandbox')).toEqual([])

    // Without a scope, a removal takes every entry of the number.
    await t.call('stoplist.add', { phones: ['992901000001'], profileId: 'sandbox' })
    expect(await t.call('stoplist.remove', { phones: ['992901000001'] })).toEqual({ removed: 2 })
    expect(await stoppedThrough('sandbox')).toBe(1)
  })

  it('refuses an entry for a profile that does not exist', async () => {
    const r = await t.core.handle('stoplist.add', {
      phones: ['992901000004'],
      profileId: 'no-such-profile',
    })
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect((await t.call('stoplist.list', { query: '992901000004' })).total).toBe(0)
  })

  it('clears one profile’s entries, and undo puts each back where it was', async () => {
    await t.call('stoplist.clear', {})
    await t.call('stoplist.add', { phones: ['992935000001', '992935000002'] })
    await t.call('stoplist.add', {
      phones: ['992935000002', '992935000003'],
      profileId: 'sandbox-osonsms',
    })
    const before = (await t.call('stoplist.list', {})).items
    const cleared = await t.call('stoplist.clear', { profileId: 'sandbox-osonsms' })
    expect(cleared.cleared).toBe(2)
    expect((await t.call('stoplist.list', {})).items.map((e) => [e.phone, e.profileId])).toEqual([
      ['992935000001', ''],
      ['992935000002', ''],
    ])
    await t.call('stoplist.undoClear', { undoToken: cleared.undoToken as string })
    expect((await t.call('stoplist.list', {})).items).toEqual(before)
  })

  it('a failed message sent again skips a number stopped for its profile, not for another', async () => {
    await t.call('stoplist.clear', {})
    const text = 'sandbox fails numbers ending 00'
    const analysis = await t.call('import.paste', {
      text: ['phone', '992950000100', '992950000200'].join('\n'),
    })
    const batch = await t.call('import.start', {
      uploadId: analysis.uploadId,
      profileId: 'sandbox',
      sender: 'Shop',
      phoneColumn: 0,
      template: text,
    })
    await waitForValue(
      () => t.call('batch.get', { batchId: batch.id }),
      (b) => b.state === 'done' && b.counters.failed === 2,
      'both failed',
      60_000,
    )
    expect(await t.call('batch.resendable', { batchId: batch.id })).toEqual({ count: 2 })
    await t.call('stoplist.add', { phones: ['992950000100'], profileId: 'sandbox-osonsms' })
    expect(await t.call('batch.resendable', { batchId: batch.id })).toEqual({ count: 2 })
    await t.call('stoplist.add', { phones: ['992950000200'], profileId: 'sandbox' })
    expect(await t.call('batch.resendable', { batchId: batch.id })).toEqual({ count: 1 })
  })
})

it('a stop-list from before scopes holds for every profile, and its undo too', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stop-scope-'))
  try {
    const file = join(dir, 'console.db')
    const before = migrations.findIndex((m) => m.name === 'stop-list per account')
    expect(before).toBeGreaterThan(0)
    const old = openDatabase(file, { migrations: migrations.slice(0, before) })
    old
      .prepare(`INSERT INTO stop_list (phone, note, added_at) VALUES ('992900000001', 'стоп', 5)`)
      .run()
    old
      .prepare(
        `INSERT INTO stop_list_cleared (token, phone, note, added_at, cleared_at)
        VALUES ('t1', '992900000002', NULL, 6, 7)`,
      )
      .run()
    old.close()

    const db = openDatabase(file)
    try {
      const store = new ImportStore(db, () => 10)
      expect(store.stopList(null, 0, 10)).toEqual({
        total: 1,
        items: [{ phone: '992900000001', profileId: '', note: 'стоп', addedAt: 5 }],
      })
      expect([...store.stoppedAmong(['992900000001'], 'any-profile')]).toEqual(['992900000001'])
      expect(store.undoStopChunk('t1', 10)).toEqual({ moved: 1, restored: 1 })
      expect(store.stopList('9929000000', 0, 10, '').total).toBe(2)
    } finally {
      db.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
