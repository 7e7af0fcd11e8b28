// Clearing the stop-list in bulk, and undoing it, through the core on a real data folder: a
// search's numbers (or the whole list) go, a chunk per transaction; undo puts them back with
// their notes and dates; a number added again meanwhile keeps its newer entry.
import { expect, it } from 'vitest'
import { testCore } from '../helpers/test-core'

const t = testCore()

const listed = async (query?: string) =>
  (await t.call('stoplist.list', { ...(query ? { query } : {}), limit: 500 })).items

it('clears a search’s numbers, and undo puts them back as they were', async () => {
  // More than one chunk of numbers under one prefix, and a few under another.
  const many = Array.from({ length: 2500 }, (_, i) => `99290${String(i).padStart(7, '0')}`)
  for (let i = 0; i < many.length; i += 1000) {
    await t.call('stoplist.add', { phones: many.slice(i, i + 1000), note: 'campaign opt-out' })
  }
  await t.call('stoplist.add', { phones: ['79165550001', '79165550002'], note: 'asked by phone' })
  const before = await listed('7916')

  const cleared = await t.call('stoplist.clear', { query: '99290' })
  expect(cleared).toEqual({ cleared: 2500, undoToken: expect.stringMatching(/^[0-9a-f-]{36}$/) })
  expect((await t.call('stoplist.list', {})).total).toBe(2)

  // Added again meanwhile: it stays as added now.
  await t.call('stoplist.add', { phones: [many[7] as string], note: 'again' })
  const undone = await t.call('stoplist.undoClear', { undoToken: cleared.undoToken as string })
  expect(undone).toEqual({ restored: 2499 })
  expect((await t.call('stoplist.list', {})).total).toBe(2502)
  expect((await listed(many[7])).map((e) => e.note)).toEqual(['again'])
  expect((await listed(many[8])).map((e) => e.note)).toEqual(['campaign opt-out'])
  // An undo used already restores nothing more.
  expect(await t.call('stoplist.undoClear', { undoToken: cleared.undoToken as string })).toEqual({
    restored: 0,
  })

  // The whole list, and back.
  const all = await t.call('stoplist.clear', {})
  expect(all.cleared).toBe(2502)
  expect((await t.call('stoplist.list', {})).total).toBe(0)
  expect(await t.call('stoplist.clear', {})).toEqual({ cleared: 0, undoToken: null })
  await t.call('stoplist.undoClear', { undoToken: all.undoToken as string })
  expect(await listed('7916')).toEqual(before)
})
