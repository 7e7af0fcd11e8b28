// The template library's store, the same tests against SQLite and a real PostgreSQL: names
// unique as a search compares them, kept in order of name, changed and removed; and on
// PostgreSQL, two saves of one new name at once on two connections (as two servers would save)
// make one template.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { PgTemplates } from '../../src/main/core/stores/postgres/templates'
import { SqliteTemplatesStore } from '../../src/main/core/stores/sqlite'
import type { TemplatesStore } from '../../src/main/core/stores/stores'
import { MAX_TEMPLATES, TemplateStore } from '../../src/main/core/templates/store'
import { storeBackends } from '../helpers/store-backends'

const BACKENDS = storeBackends<TemplatesStore>({
  sqlite: (db, now) => new SqliteTemplatesStore(new TemplateStore(db, now)),
  postgres: (db, now) => new PgTemplates(db, now),
})

describe.each(BACKENDS)('the template library on $name', (backend) => {
  let clock = 5000
  let s: TemplatesStore
  beforeAll(async () => {
    s = await backend.open(() => clock)
  }, 120_000)
  beforeEach(async () => {
    clock = 5000
    s = await backend.open(() => clock)
  })
  afterAll(() => backend.close())

  it('saves, lists by name, changes and removes', async () => {
    const debt = await s.save({ name: '  Долг ', text: '{name}, ваш долг {Долг}' })
    expect(debt).toEqual({
      id: expect.any(Number),
      name: 'Долг',
      text: '{name}, ваш долг {Долг}',
      updatedAt: 5000,
    })
    const ready = await s.save({ name: 'Заказ готов', text: 'Ваш заказ готов' })
    await s.save({ name: 'ёлка', text: 'С Новым годом!' })
    expect((await s.list()).map((t) => t.name)).toEqual(['Долг', 'ёлка', 'Заказ готов'])

    clock = 6000
    if (!('id' in ready)) throw new Error('saved')
    expect(await s.save({ id: ready.id, name: 'Заказ готов', text: 'Заберите заказ' })).toEqual({
      id: ready.id,
      name: 'Заказ готов',
      text: 'Заберите заказ',
      updatedAt: 6000,
    })
    expect(await s.delete(ready.id)).toBe(true)
    expect(await s.delete(ready.id)).toBe(false)
    expect(await s.save({ id: ready.id, name: 'x', text: 'y' })).toEqual({
      refused: 'notFound',
      id: ready.id,
    })
    expect((await s.list()).map((t) => t.name)).toEqual(['Долг', 'ёлка'])
  })

  it('refuses a name another template has, as a search compares it', async () => {
    const first = await s.save({ name: 'Елка', text: 'a' })
    expect(await s.save({ name: 'ёлка ', text: 'b' })).toEqual({
      refused: 'nameTaken',
      name: 'Елка',
    })
    // Its own name again is no clash.
    if (!('id' in first)) throw new Error('saved')
    expect(await s.save({ id: first.id, name: 'ЕЛКА', text: 'c' })).toMatchObject({ name: 'ЕЛКА' })
  })

  it('keeps at most MAX_TEMPLATES', async () => {
    for (let i = 0; i < MAX_TEMPLATES; i++) await s.save({ name: `t${i}`, text: 'x' })
    expect(await s.save({ name: 'one more', text: 'x' })).toEqual({
      refused: 'full',
      max: MAX_TEMPLATES,
    })
  }, 120_000)
})

describe('the template library saved at once on two connections of PostgreSQL', () => {
  const [, pg] = storeBackends<TemplatesStore>({
    sqlite: () => {
      throw new Error('not used')
    },
    postgres: (db, now) => new PgTemplates(db, now),
  })
  afterAll(() => pg.close())

  it('two saves of one new name at once make one template, the other is told', async () => {
    const a = await pg.open(Date.now)
    const b = await pg.open(Date.now)
    const both = await Promise.all([
      a.save({ name: 'Напоминание', text: 'a' }),
      b.save({ name: 'напоминание', text: 'b' }),
    ])
    expect(both.filter((r) => 'id' in r)).toHaveLength(1)
    expect(both.filter((r) => 'refused' in r)).toEqual([
      { refused: 'nameTaken', name: expect.stringMatching(/^[Нн]апоминание$/) },
    ])
    expect(await a.list()).toHaveLength(1)
  }, 120_000)
})
