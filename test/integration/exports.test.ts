// Exports written in main: History, the stop-list and HLR results as an Excel workbook (opened
// again with exceljs to read what Excel would) or CSV, read back in pages; a long list streams
// with progress; a hostile or stale call is refused and changes nothing.
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it } from 'vitest'
import { phraseText } from '../../src/shared/phrases'
import { newExportId, readExport } from '../helpers/exports'
import { testCore } from '../helpers/test-core'
import { waitFor, waitForValue } from '../helpers/wait'

const t = testCore({ sandbox: { smpp: { receiptDelayMs: 5 } } })
const { call } = t
beforeAll(() => waitFor(() => t.pushed('session.state').length > 0, 'sandbox session'))

const newId = newExportId
const en = { lang: 'en' as const, tzOffsetMinutes: -300 }

const readAll = (exportId: string) => readExport(call, exportId)

async function sheetOf(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  const sheet = wb.worksheets[0]
  if (!sheet) throw new Error('no sheet in the workbook')
  return sheet
}

describe('exports', () => {
  it('History as a workbook: ids and parts as numbers, phones as text with every digit', async () => {
    const sent = []
    for (const [i, phone] of ['992901234567', '79161234567012'].entries()) {
      sent.push(
        await call('messages.send', {
          profileId: 'sandbox',
          sender: 'InfoDesk',
          phone,
          text: i === 0 ? '=HYPERLINK("x")' : 'Ваш заказ готов',
        }),
      )
    }
    for (const m of sent) {
      await waitForValue(
        async () =>
          (await call('history.page', { filter: {}, limit: 10 })).rows.find((r) => r.id === m.id),
        (r) => r?.state === 'delivered',
        `message ${m.id} delivered`,
      )
    }
    const exportId = newId()
    const written = await call('export.write', {
      exportId,
      source: { list: 'history', filter: {} },
      format: { kind: 'xlsx' },
      ...en,
    })
    expect(written.rows).toBe(2)
    const bytes = await readAll(exportId)
    expect(bytes.length).toBe(written.bytes)
    const sheet = await sheetOf(bytes)
    expect(sheet.name).toBe('Messages')
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'ID',
      'Created',
      'Updated',
      'Profile',
      'Batch',
      'Sender',
      'Phone',
      'Text',
      'Encoding',
      'Parts',
      'Status',
      'Reason',
      'Provider IDs',
    ])
    // Newest first, as History lists them.
    const newest = sheet.getRow(2)
    expect(newest.getCell(1).value).toBe(sent[1]!.id)
    expect(newest.getCell(7).value).toBe('79161234567012')
    expect(newest.getCell(7).type).toBe(ExcelJS.ValueType.String)
    expect(newest.getCell(10).value).toBe(1)
    expect(newest.getCell(11).value).toBe('delivered')
    // A text that looks like a formula is text in a workbook, never a formula.
    expect(sheet.getRow(3).getCell(8).value).toBe('=HYPERLINK("x")')
    expect(sheet.getRow(3).getCell(8).type).toBe(ExcelJS.ValueType.String)

    expect(await call('export.discard', { exportId })).toEqual({ discarded: true })
    const gone = await t.core.handle('export.read', { exportId, offset: 0 })
    expect(gone.ok).toBe(false)
    if (!gone.ok) {
      expect(gone.error.code).toBe('NOT_FOUND')
      expect(phraseText(gone.error.phrase, 'ru')).toBe(
        'Такой выгрузки нет: она уже сохранена или отменена',
      )
    }
  })

  it('a long stop-list streams to a workbook with progress, and as CSV the same rows', async () => {
    const phones = Array.from({ length: 12_000 }, (_, i) => `99293${String(i).padStart(7, '0')}`)
    for (let i = 0; i < phones.length; i += 1000) {
      await call('stoplist.add', { phones: phones.slice(i, i + 1000), note: 'отказ' })
    }
    const exportId = newId()
    const written = await call('export.write', {
      exportId,
      source: { list: 'stoplist' },
      format: { kind: 'xlsx' },
      lang: 'ru',
      tzOffsetMinutes: 0,
    })
    expect(written.rows).toBe(12_000)
    const progress = t.pushed('export.progress').filter((p) => p.exportId === exportId)
    expect(progress.at(-1)).toEqual({ exportId, rows: 12_000 })
    const sheet = await sheetOf(await readAll(exportId))
    expect(sheet.name).toBe('Стоп-лист')
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Телефон',
      'Действует для',
      'Заметка',
      'Добавлен',
    ])
    expect(sheet.rowCount).toBe(12_001)
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      '992930000000',
      'Все профили',
      'отказ',
      expect.any(String),
    ])
    await call('export.discard', { exportId })

    const csvId = newId()
    await call('export.write', {
      exportId: csvId,
      source: { list: 'stoplist' },
      format: { kind: 'csv', delimiter: ';' },
      lang: 'ru',
      tzOffsetMinutes: 0,
    })
    const csv = (await readAll(csvId)).toString('utf8').split('\r\n')
    expect(csv[0]).toBe('\uFEFFТелефон;Действует для;Заметка;Добавлен')
    expect(csv[1]).toMatch(/^992930000000;Все профили;отказ;\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    expect(csv.filter((l) => l !== '')).toHaveLength(12_001)
    await call('export.discard', { exportId: csvId })
  })

  it('the stop-list as CSV in order of number, text a person wrote guarded', async () => {
    const phones = ['992977000007', '992977000003', '992977000005', '992977000001']
    await call('stoplist.add', { phones, note: '=HYPERLINK("x")' })
    const exportId = newId()
    await call('export.write', {
      exportId,
      source: { list: 'stoplist' },
      format: { kind: 'csv', delimiter: ';' },
      lang: 'ru',
      tzOffsetMinutes: 0,
    })
    const lines = (await readAll(exportId)).toString('utf8').split('\r\n')
    const ours = lines.filter((l) => l.startsWith('99297700000'))
    expect(ours.map((l) => l.split(';')[0])).toEqual([
      '992977000001',
      '992977000003',
      '992977000005',
      '992977000007',
    ])
    // Text a person wrote never runs as a formula; the time reads as a date.
    expect(ours[0]).toMatch(
      /^992977000001;Все профили;"'=HYPERLINK\(""x""\)";\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/,
    )
    await call('export.discard', { exportId })
  })

  it('HLR results as a workbook, filtered as the screen has them', async () => {
    const reply = await call('hlr.lookup', { profileId: 'sandbox', phones: ['79161234567'] })
    const [queued] = reply.queued
    await waitForValue(
      () => call('hlr.get', { messageIds: [queued!.messageId] }),
      (rows) => rows[0]?.status === 'answered',
      'the HLR answer',
    )
    const exportId = newId()
    await call('export.write', {
      exportId,
      source: { list: 'hlr', status: 'answered' },
      format: { kind: 'xlsx' },
      ...en,
    })
    const sheet = await sheetOf(await readAll(exportId))
    expect(sheet.getRow(1).getCell(1).value).toBe('Phone')
    expect(sheet.getRow(2).getCell(1).value).toBe('79161234567')
    expect(sheet.getRow(2).getCell(2).value).toBe('Answered')
    expect(sheet.rowCount).toBe(2)
    await call('export.discard', { exportId })
  })

  it('refuses a malformed id, a source it does not know, and a second write under one id', async () => {
    const bad = await t.core.handle('export.write', {
      exportId: '../../etc',
      source: { list: 'stoplist' },
      format: { kind: 'xlsx' },
      ...en,
    })
    expect(bad.ok).toBe(false)
    const unknown = await t.core.handle('export.write', {
      exportId: newId(),
      source: { list: 'passwords' },
      format: { kind: 'xlsx' },
      ...en,
    })
    expect(unknown.ok).toBe(false)
    if (!unknown.ok) expect(unknown.error.code).toBe('BAD_REQUEST')
    const exportId = newId()
    const request = {
      exportId,
      source: { list: 'stoplist' as const },
      format: { kind: 'xlsx' as const },
      ...en,
    }
    await call('export.write', request)
    const twice = await t.core.handle('export.write', request)
    expect(twice.ok).toBe(false)
    if (!twice.ok) expect(twice.error.code).toBe('CONFLICT')
    // The first is still there to read.
    expect((await readAll(exportId)).length).toBeGreaterThan(0)
    await call('export.discard', { exportId })
  })
})
