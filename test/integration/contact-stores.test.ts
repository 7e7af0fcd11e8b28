// Contacts, groups and saved filters, the same tests against SQLite and a real PostgreSQL: a
// contact kept until nothing is left of it, found by words, digits, group and tag, listed in
// order of name and of number, a file's rows merged (a number twice in one chunk too), groups
// named once, filters saved by name.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ContactStore } from '../../src/main/core/contacts/store'
import { PgContacts } from '../../src/main/core/stores/postgres/contacts'
import { SqliteContactsStore } from '../../src/main/core/stores/sqlite'
import type { ContactsStore } from '../../src/main/core/stores/stores'
import { storeBackends } from '../helpers/store-backends'

const BACKENDS = storeBackends<ContactsStore>({
  sqlite: (db, now) => new SqliteContactsStore(new ContactStore(db, now)),
  postgres: (db, now) => new PgContacts(db, now),
})

describe.each(BACKENDS)('contacts on $name', (backend) => {
  let clock = 7000
  let s: ContactsStore
  beforeAll(async () => {
    s = await backend.open(() => clock)
  }, 120_000)
  beforeEach(async () => {
    clock = 7000
    s = await backend.open(() => clock)
  })
  afterAll(() => backend.close())

  const group = async (name: string) => {
    const g = await s.saveGroup({ name })
    if (!('id' in g)) throw new Error(`group ${name} refused`)
    return g
  }

  it('saves a contact, keeps what a change leaves out, and removes it when nothing is left', async () => {
    const debtors = await group('Должники')
    const saved = await s.save('992901000001', {
      name: 'Фарход',
      notes: 'VIP',
      fields: { Долг: '1500', Город: 'Душанбе' },
      tags: ['долг'],
      groups: [debtors.id, 999],
    })
    expect(saved).toEqual({
      phone: '992901000001',
      name: 'Фарход',
      notes: 'VIP',
      fields: { Долг: '1500', Город: 'Душанбе' },
      tags: ['долг'],
      groups: [debtors.id],
      updatedAt: 7000,
    })
    clock = 8000
    expect(await s.save('992901000001', { name: 'Фарход А.', notes: '' })).toMatchObject({
      name: 'Фарход А.',
      notes: '',
      fields: { Долг: '1500', Город: 'Душанбе' },
      tags: ['долг'],
      groups: [debtors.id],
      updatedAt: 8000,
    })
    expect(
      await s.save('992901000001', { name: '', notes: ' ', fields: {}, tags: [], groups: [] }),
    ).toBeNull()
    expect(await s.get('992901000001')).toBeNull()
    expect((await s.groups())[0]).toEqual({ id: debtors.id, name: 'Должники', size: 0 })
  })

  it('finds contacts by words of a name or tag, digits, group and tag; in order of name', async () => {
    const g = await group('Khujand')
    await s.save('992901000003', { name: 'Ёлкин Пётр', notes: '', tags: ['vip'], groups: [g.id] })
    await s.save('992901000001', { name: 'Алиев', notes: '', tags: ['долг'] })
    await s.save('992935000002', { name: 'Бобо', notes: '', tags: ['vip', 'долг'], groups: [g.id] })
    const phones = async (filter: Parameters<ContactsStore['page']>[0]) =>
      (await s.page(filter, 0, 10)).items.map((c) => c.phone)
    expect(await phones({})).toEqual(['992901000001', '992935000002', '992901000003'])
    expect(await phones({ query: 'елкин' })).toEqual(['992901000003'])
    expect(await phones({ query: 'ДОЛГ' })).toEqual(['992901000001', '992935000002'])
    expect(await phones({ query: '935' })).toEqual(['992935000002'])
    expect(await phones({ groupId: g.id })).toEqual(['992935000002', '992901000003'])
    expect(await phones({ tag: 'vip', groupId: g.id, query: 'бобо' })).toEqual(['992935000002'])
    expect(await s.page({ tag: 'долг' }, 1, 1)).toMatchObject({
      total: 2,
      items: [{ phone: '992935000002' }],
    })
    expect(await s.tags()).toEqual(['vip', 'долг'])
    // In order of number after a number: an export's or a send's chunks.
    expect((await s.chunk({}, '992901000001', 10)).map((c) => c.phone)).toEqual([
      '992901000003',
      '992935000002',
    ])
    expect((await s.chunk({ tag: 'vip' }, '', 1)).map((c) => c.phone)).toEqual(['992901000003'])
    expect(await s.names(['992901000003', '992999999999'])).toEqual({
      '992901000003': 'Ёлкин Пётр',
    })
  })

  it('merges a file’s rows: new and known counted, names kept, fields patched, a tag once', async () => {
    const g = await group('Рассылка')
    await s.save('992901000001', {
      name: 'Фарход',
      notes: 'n',
      fields: { Город: 'Душанбе' },
      tags: ['старый'],
    })
    const merged = await s.merge(
      [
        { phone: '992901000001', name: '', fields: { Долг: '100' } },
        { phone: '992901000002', name: 'Дилноза', fields: { Долг: '300' } },
        // The same number twice in one chunk: merged in order.
        { phone: '992901000002', name: '', fields: { Город: 'Худжанд' } },
      ],
      g.id,
      'долг',
    )
    expect(merged).toEqual({ added: 1, updated: 2 })
    expect(await s.get('992901000001')).toMatchObject({
      name: 'Фарход',
      notes: 'n',
      fields: { Город: 'Душанбе', Долг: '100' },
      tags: ['старый', 'долг'],
      groups: [g.id],
    })
    expect(await s.get('992901000002')).toMatchObject({
      name: 'Дилноза',
      fields: { Долг: '300', Город: 'Худжанд' },
      tags: ['долг'],
    })
    // Again with the same tag: not added twice.
    await s.merge([{ phone: '992901000001', name: 'Фарход А.', fields: {} }], null, 'долг')
    expect(await s.get('992901000001')).toMatchObject({
      name: 'Фарход А.',
      tags: ['старый', 'долг'],
    })
    expect(await s.fieldNames({})).toEqual(['Город', 'Долг'])
    expect(await s.fieldNames({ query: 'дилноза' })).toEqual(['Город', 'Долг'])
    expect((await s.groups()).map((x) => [x.name, x.size])).toEqual([['Рассылка', 2]])
  })

  it('names a group once, renames it, and removes it leaving its contacts', async () => {
    const a = await group('Должники')
    expect(await s.saveGroup({ name: ' должники ' })).toEqual({
      refused: 'nameTaken',
      name: ' должники ',
    })
    expect(await s.saveGroup({ id: a.id, name: 'Должники 2026' })).toEqual({
      id: a.id,
      name: 'Должники 2026',
      size: 0,
    })
    expect(await s.saveGroup({ id: 12345, name: 'Нет такой' })).toEqual({
      refused: 'notFound',
      id: 12345,
    })
    await s.save('992901000001', { name: 'Фарход', notes: '', groups: [a.id] })
    expect(await s.hasGroup(a.id)).toBe(true)
    expect(await s.deleteGroup(a.id)).toBe(true)
    expect(await s.hasGroup(a.id)).toBe(false)
    expect(await s.get('992901000001')).toMatchObject({ name: 'Фарход', groups: [] })
    expect(await s.remove(['992901000001', '992901000009'])).toBe(1)
  })

  it('saves filters by name, the same name again replacing one', async () => {
    const first = await s.saveFilter('Должники', { tag: 'долг', query: '' })
    expect(first).toEqual({ id: expect.any(Number), name: 'Должники', filter: { tag: 'долг' } })
    const again = await s.saveFilter('ДОЛЖНИКИ', { query: 'фар' })
    expect(again).toEqual({ id: first.id, name: 'ДОЛЖНИКИ', filter: { query: 'фар' } })
    await s.saveFilter('Апрель', { groupId: 3 })
    expect((await s.filters()).map((f) => [f.name, f.filter])).toEqual([
      ['Апрель', { groupId: 3 }],
      ['ДОЛЖНИКИ', { query: 'фар' }],
    ])
    expect(await s.deleteFilter(first.id)).toBe(true)
    expect(await s.deleteFilter(first.id)).toBe(false)
  })
})
