// Contacts as campaign lists, through the core's calls on a real data folder: groups made and
// refused by name, contacts imported from an Excel workbook into a group (local numbers read by
// the profile's country, every other column a field), found by group, tag and words, exported
// as a workbook, and a group's bulk send queued from them with their fields as variables.
import { randomBytes } from 'node:crypto'
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it } from 'vitest'
import { ContactStore } from '../../src/main/core/contacts/store'
import { phraseText } from '../../src/shared/phrases'
import { historyDb } from '../helpers/history-db'
import { importDone, upload } from '../helpers/imports'
import { scratchPerTest } from '../helpers/scratch'
import { testCore } from '../helpers/test-core'
import { waitFor } from '../helpers/wait'

const t = testCore({ sandbox: { smpp: { receiptDelayMs: 5 } } })
const { call } = t
beforeAll(() => waitFor(() => t.pushed('session.state').length > 0, 'sandbox session'))

async function debtors(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const sheet = wb.addWorksheet('Должники')
  sheet.addRow(['Телефон', 'ФИО', 'Долг', 'Город'])
  sheet.addRow([992901110001, 'Алиев Фарход', 1500, 'Душанбе'])
  sheet.addRow(['90 111 00 02', 'Каримова Дильноза', 300, 'Худжанд'])
  sheet.addRow(['звонить', 'Без номера', 10, ''])
  sheet.addRow([992901110003, 'Назаров Рустам', 0, 'Душанбе'])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

describe('contact lists', () => {
  let groupId = 0

  it('groups are made, renamed, and a second one of the same name is refused at the name', async () => {
    const g = await call('groups.save', { name: 'Должники' })
    expect(g).toMatchObject({ name: 'Должники', size: 0 })
    groupId = g.id
    const taken = await t.core.handle('groups.save', { name: '  должники ' })
    expect(taken).toMatchObject({ ok: false, error: { issues: [{ path: 'name' }] } })
    if (!taken.ok) expect(phraseText(taken.error.phrase, 'ru')).toBe('Группа «должники» уже есть')
    const other = await call('groups.save', { name: 'VIP' })
    expect(await call('groups.save', { id: other.id, name: 'VIP клиенты' })).toMatchObject({
      id: other.id,
      name: 'VIP клиенты',
    })
    expect((await call('groups.list', {})).map((x) => x.name)).toEqual(['VIP клиенты', 'Должники'])
  })

  it('imports a workbook into a group: local numbers by the profile’s country, columns as fields', async () => {
    const analysis = await upload(call, 'должники.xlsx', await debtors())
    const done = await call('contacts.importUpload', {
      uploadId: analysis.uploadId,
      phoneColumn: 0,
      nameColumn: 1,
      groupId,
      tag: 'долг',
      // OsonSMS's sandbox reads numbers as Tajik ones.
      profileId: 'sandbox-osonsms',
    })
    expect(done).toMatchObject({ added: 3, updated: 0, invalid: 1 })
    expect(done.invalidRows).toEqual([
      { line: 4, phone: 'звонить', reason: expect.stringMatching(/only digits/) },
    ])
    expect(t.pushed('contacts.changed').length).toBeGreaterThan(0)
    const inGroup = await call('contacts.list', { filter: { groupId } })
    expect(inGroup.total).toBe(3)
    expect(inGroup.items[1]).toMatchObject({
      phone: '992901110002',
      name: 'Каримова Дильноза',
      fields: { Долг: '300', Город: 'Худжанд' },
      tags: ['долг'],
      groups: [groupId],
    })
    // The same file again updates, never duplicates.
    const again = await call('contacts.importUpload', {
      uploadId: analysis.uploadId,
      phoneColumn: 0,
      nameColumn: 1,
      groupId,
      profileId: 'sandbox-osonsms',
    })
    expect(again).toMatchObject({ added: 0, updated: 3 })
    expect((await call('contacts.list', { filter: { query: 'алиев' } })).items[0]?.name).toBe(
      'Алиев Фарход',
    )
    expect((await call('groups.list', {})).find((g) => g.id === groupId)?.size).toBe(3)
    expect(await call('contacts.tags', {})).toContain('долг')
    expect((await call('contacts.list', { filter: { tag: 'долг', query: '0003' } })).total).toBe(1)
  })

  it('a contact saved by hand keeps what the change leaves out; removed, it leaves its groups', async () => {
    const saved = await call('contacts.save', {
      phone: '+992 90 111 0003',
      name: 'Назаров Р.',
      notes: 'платит в конце месяца',
    })
    expect(saved).toMatchObject({ fields: { Долг: '0', Город: 'Душанбе' }, groups: [groupId] })
    expect(
      await t.core.handle('contacts.save', {
        phone: '992901110003',
        name: 'X',
        notes: '',
        fields: { '=cmd|': 'x' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
  })

  it('exports the group as a workbook, phones as text, a column per field', async () => {
    const exportId = randomBytes(16).toString('hex')
    await call('export.write', {
      exportId,
      source: { list: 'contacts', filter: { groupId } },
      format: { kind: 'xlsx' },
      lang: 'ru',
      tzOffsetMinutes: 0,
    })
    const page = await call('export.read', { exportId, offset: 0 })
    expect(page.nextOffset).toBeNull()
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(page.dataBase64, 'base64') as unknown as ArrayBuffer)
    const sheet = wb.worksheets[0]!
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Телефон',
      'Имя',
      'Заметки',
      'Метки',
      'Группы',
      'Город',
      'Долг',
    ])
    expect(sheet.getRow(2).values).toEqual(
      [undefined, '992901110001', 'Алиев Фарход', '', 'долг', 'Должники', 'Душанбе', '1500'].map(
        (v) => (v === '' ? undefined : v),
      ),
    )
    await call('export.discard', { exportId })
  })

  it('a group is the recipients of a bulk send, its fields the template’s variables', async () => {
    const analysis = await call('import.fromContacts', {
      filter: { groupId },
      name: 'Группа «Должники»',
    })
    expect(analysis).toMatchObject({
      name: 'Группа «Должники»',
      columns: ['phone', 'name', 'Город', 'Долг'],
      rowCount: 3,
      phoneColumn: 0,
    })
    const mapping = {
      uploadId: analysis.uploadId,
      profileId: 'sandbox',
      sender: 'Bank',
      phoneColumn: 0,
      template: '{name}, ваш долг {Долг} сомони',
    }
    const summary = await call('import.validate', mapping)
    expect(summary).toMatchObject({ recipients: 3, rejected: 0 })
    const batch = await call('import.start', mapping)
    expect(await importDone(call, batch.id)).toMatchObject({ importState: 'done', total: 3 })
    const texts = (await call('messages.recent', { limit: 20 }))
      .filter((m) => m.batchId === batch.id)
      .map((m) => m.text)
      .sort()
    expect(texts).toEqual([
      'Алиев Фарход, ваш долг 1500 сомони',
      'Каримова Дильноза, ваш долг 300 сомони',
      'Назаров Р., ваш долг 0 сомони',
    ])
  })

  it('a filter saved by name finds the same contacts again, and is the recipients of a send', async () => {
    const filter = { groupId, tag: 'долг', query: 'дильноз' }
    const saved = await call('filters.save', { name: 'Должники: Дильноза', filter })
    expect(saved).toEqual({ id: expect.any(Number), name: 'Должники: Дильноза', filter })
    // The same name again (any case) replaces its filter; blank parts are not kept.
    const changed = await call('filters.save', {
      name: 'должники: дильноза',
      filter: { groupId, tag: '', query: '' },
    })
    expect(changed).toEqual({ id: saved.id, name: 'должники: дильноза', filter: { groupId } })
    await call('filters.save', { name: 'Все с долгом', filter: { tag: 'долг' } })
    const list = await call('filters.list', {})
    expect(list.map((f) => f.name)).toEqual(['Все с долгом', 'должники: дильноза'])
    const again = list.find((f) => f.name === 'Все с долгом')!
    expect((await call('contacts.list', { filter: again.filter })).total).toBe(3)
    const analysis = await call('import.fromContacts', {
      filter: again.filter,
      name: 'Фильтр «Все с долгом»',
    })
    expect(analysis.rowCount).toBe(3)
    expect(await call('filters.delete', { id: again.id })).toEqual({ deleted: true })
    expect(await call('filters.delete', { id: again.id })).toEqual({ deleted: false })
    expect((await call('filters.list', {})).map((f) => f.id)).toEqual([saved.id])
    expect(await t.core.handle('filters.save', { name: '  ', filter: {} })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', issues: [{ path: 'name' }] },
    })
  })

  it('a deleted group leaves its contacts; deleted contacts leave the lists', async () => {
    expect(await call('groups.delete', { id: groupId })).toEqual({ deleted: true })
    expect((await call('contacts.list', { filter: { tag: 'долг' } })).total).toBe(3)
    expect(await call('contacts.delete', { phones: ['992901110001'] })).toEqual({ deleted: 1 })
    expect((await call('contacts.list', { filter: { tag: 'долг' } })).total).toBe(2)
    const gone = await t.core.handle('contacts.importUpload', {
      uploadId: 'a'.repeat(32),
      phoneColumn: 0,
      nameColumn: null,
      groupId,
    })
    expect(gone).toMatchObject({ ok: false })
  })
})

describe('merging a file’s rows into contacts', () => {
  const scratch = scratchPerTest('contact-merge-')
  it('keeps a name the row lacks, merges fields, adds a tag once, and counts new and known', () => {
    const store = new ContactStore(historyDb(scratch, 'contacts.db'), () => 5000)
    store.save('992901110009', {
      name: 'Ирина',
      notes: 'звонить утром',
      fields: { Город: 'Душанбе' },
    })
    expect(
      store.merge(
        [
          { phone: '992901110009', name: '', fields: { Долг: '50' } },
          { phone: '992901110010', name: 'Олим', fields: {} },
        ],
        null,
        'долг',
      ),
    ).toEqual({ added: 1, updated: 1 })
    store.merge([{ phone: '992901110009', name: '', fields: { Долг: '70' } }], null, 'долг')
    expect(store.get('992901110009')).toMatchObject({
      name: 'Ирина',
      notes: 'звонить утром',
      fields: { Город: 'Душанбе', Долг: '70' },
      tags: ['долг'],
    })
  })
})
