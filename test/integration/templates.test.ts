// The template library through the core's calls, on a real data folder: saved, listed by name,
// changed, refused at its name when another template has it (any case, ё as е), deleted, every
// window told; and the library is still there after the console restarts.
import { expect, it } from 'vitest'
import { MAX_TEMPLATES, TemplateStore } from '../../src/main/core/templates/store'
import { historyDb } from '../helpers/history-db'
import { scratchPerTest } from '../helpers/scratch'
import { testCore } from '../helpers/test-core'

const t = testCore()
const scratch = scratchPerTest('templates-full')

it('saves, lists by name, renames, refuses a taken name at its field, and deletes', async () => {
  const debt = await t.call('templates.save', {
    name: '  Долг ',
    text: 'Здравствуйте, {name}! Долг {amount} сомони.',
  })
  expect(debt).toMatchObject({ id: expect.any(Number), name: 'Долг' })
  expect(t.pushed('template.updated').at(-1)).toEqual({ id: debt.id, template: debt })
  const hello = await t.call('templates.save', { name: 'Ёлка', text: 'С Новым годом!' })
  expect((await t.call('templates.list', {})).map((x) => x.name)).toEqual(['Долг', 'Ёлка'])

  // Another template's name, however it is written, is refused at the name's field.
  for (const name of ['ДОЛГ', 'елка']) {
    expect(await t.core.handle('templates.save', { name, text: 'x' })).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        issues: [{ path: 'name' }],
        phrase: { id: 'template.nameTaken' },
      },
    })
  }
  // A template may keep its own name in another case.
  const renamed = await t.call('templates.save', { id: hello.id, name: 'ЁЛКА', text: 'Ура' })
  expect(renamed).toMatchObject({ id: hello.id, name: 'ЁЛКА', text: 'Ура' })
  expect(await t.core.handle('templates.save', { id: 9999, name: 'Нет', text: 'x' })).toMatchObject(
    { ok: false, error: { code: 'NOT_FOUND', phrase: { id: 'template.notFound' } } },
  )
  expect(await t.core.handle('templates.save', { name: ' ', text: 'x' })).toMatchObject({
    ok: false,
    error: { code: 'BAD_REQUEST', issues: [{ path: 'name' }] },
  })

  expect(await t.call('templates.delete', { id: debt.id })).toEqual({ deleted: true })
  expect(t.pushed('template.updated').at(-1)).toEqual({ id: debt.id, template: null })
  expect(await t.call('templates.delete', { id: debt.id })).toEqual({ deleted: false })
  expect((await t.call('templates.list', {})).map((x) => x.name)).toEqual(['ЁЛКА'])

  await t.restart()
  expect(await t.call('templates.list', {})).toEqual([renamed])
})

it('a full library refuses one more template, and says how many it holds', async () => {
  const store = new TemplateStore(historyDb(scratch))
  for (let i = 0; i < MAX_TEMPLATES; i++) {
    expect(store.save({ name: `T${i}`, text: 'x' })).toHaveProperty('id')
  }
  expect(store.save({ name: 'one more', text: 'x' })).toEqual({
    refused: 'full',
    max: MAX_TEMPLATES,
  })
  // Changing one still works when the library is full.
  expect(store.save({ id: 1, name: 'T0', text: 'changed' })).toMatchObject({
    id: 1,
    text: 'changed',
  })
  expect(store.list()).toHaveLength(MAX_TEMPLATES)
})
