// Excel workbooks in the bulk import: every sheet read once off main's thread (a worker of its
// own), the busiest shown sheet chosen, another one on request; numbers stored as numbers keep
// every digit, dates and amounts read as Excel shows them, a number Excel already shortened to
// 9,92901E+11 refused for that reason; the rows queued and delivered like a CSV's. Broken
// workbooks and old .xls files are refused with words that say what to do.
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it } from 'vitest'
import { phraseText } from '../../src/shared/phrases'
import { importDone, upload } from '../helpers/imports'
import { testCore } from '../helpers/test-core'
import { waitFor } from '../helpers/wait'

const t = testCore({ sandbox: { smpp: { receiptDelayMs: 20 } } })
const { call } = t
beforeAll(() => waitFor(() => t.pushed('session.state').length > 0, 'sandbox session'))

/** A workbook as an office keeps one: notes first, the list, an old hidden sheet last. */
async function officeWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.addWorksheet('Инструкция').addRow(['Заполните лист «Клиенты» и отправьте'])
  const list = wb.addWorksheet('Клиенты')
  list.addRow(['Телефон', 'Имя', 'Сумма', 'Оплатить до', 'Приветствие'])
  const due = new Date(Date.UTC(2026, 11, 15))
  const rows: ExcelJS.CellValue[][] = [
    [
      992901000001,
      'Иван',
      1500.5,
      due,
      { formula: '"Здравствуйте, "&B2', result: 'Здравствуйте, Иван' },
    ],
    [
      '+992 90 100 00 02',
      'Ольга',
      200,
      due,
      { formula: '"Здравствуйте, "&B3', result: 'Здравствуйте, Ольга' },
    ],
    [],
    ['9,92901E+11', 'Пётр', 300, due, 'Здравствуйте, Пётр'],
    [
      992901000003,
      { richText: [{ text: 'Ан' }, { text: 'на', font: { bold: true } }] },
      42,
      due,
      'Привет, Анна',
    ],
  ]
  for (const r of rows) list.addRow(r)
  list.getColumn(3).numFmt = '0.00'
  list.getColumn(4).numFmt = 'dd.mm.yyyy'
  const old = wb.addWorksheet('Архив', { state: 'hidden' })
  for (let i = 0; i < 10; i++) old.addRow([992901000100 + i, 'old'])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

async function refusal(name: 'import.finish', request: { uploadId: string }): Promise<string> {
  const reply = await t.core.handle(name, request)
  if (reply.ok) throw new Error(`${name} was expected to fail`)
  return `${reply.error.code} ${reply.error.message}`
}

/** Uploads without finishing: what import.finish answers. */
async function begun(name: string, bytes: Buffer): Promise<string> {
  const { uploadId } = await call('import.begin', { name, size: bytes.length })
  await call('import.chunk', { uploadId, seq: 0, dataBase64: bytes.toString('base64') })
  return uploadId
}

describe('an Excel workbook', () => {
  it('opens like a CSV: its sheets listed, the list chosen, every cell as Excel shows it', async () => {
    const analysis = await upload(call, 'клиенты.xlsx', await officeWorkbook(), 4096)
    expect(analysis.sheets).toEqual([
      { name: 'Инструкция', rows: 1, hidden: false },
      { name: 'Клиенты', rows: 5, hidden: false },
      { name: 'Архив', rows: 10, hidden: true },
    ])
    expect(analysis).toMatchObject({
      sheet: 1,
      hasHeader: true,
      columns: ['Телефон', 'Имя', 'Сумма', 'Оплатить до', 'Приветствие'],
      rowCount: 4,
      phoneColumn: 0,
    })
    // Rows numbered as in the sheet: the empty row 4 is no row at all.
    expect(analysis.preview.map((r) => r.line)).toEqual([2, 3, 5, 6])
    expect(analysis.preview[0]?.cells).toEqual([
      '992901000001',
      'Иван',
      '1500.50',
      '15.12.2026',
      'Здравствуйте, Иван',
    ])
    expect(analysis.preview[3]?.cells.slice(0, 3)).toEqual(['992901000003', 'Анна', '42.00'])
    const progress = t.pushed('import.progress').filter((p) => p.uploadId === analysis.uploadId)
    expect(progress.at(-1)).toMatchObject({ step: 'analyse', done: true, error: null })

    const mapping = {
      uploadId: analysis.uploadId,
      profileId: 'sandbox',
      sender: 'Shop',
      phoneColumn: 0,
      template: '{Приветствие}! К оплате {Сумма} до {Оплатить до}',
    }
    const summary = await call('import.validate', mapping)
    expect(summary).toMatchObject({ recipients: 3, rejected: 1, byReason: { badPhone: 1 } })
    const shortened = summary.rejectedPreview[0]
    expect(shortened).toMatchObject({ line: 5, phone: '9,92901E+11' })
    expect(shortened?.detail).toMatch(/^Excel shortened this number to 9,92901E\+11/)
    expect(summary.preview[0]?.text).toBe('Здравствуйте, Иван! К оплате 1500.50 до 15.12.2026')

    const batch = await call('import.start', mapping)
    expect(await importDone(call, batch.id)).toMatchObject({ importState: 'done', total: 3 })
    const queued = (await call('messages.recent', { limit: 20 })).filter(
      (m) => m.batchId === batch.id,
    )
    expect(queued.map((m) => [m.phone, m.text]).sort()).toEqual([
      ['992901000001', 'Здравствуйте, Иван! К оплате 1500.50 до 15.12.2026'],
      ['992901000002', 'Здравствуйте, Ольга! К оплате 200.00 до 15.12.2026'],
      ['992901000003', 'Привет, Анна! К оплате 42.00 до 15.12.2026'],
    ])
  })

  it('reads the sheet the operator chooses, and refuses one it does not have', async () => {
    const first = await upload(call, 'клиенты.xlsx', await officeWorkbook())
    const archive = await call('import.analyse', { uploadId: first.uploadId, sheet: 2 })
    expect(archive).toMatchObject({ sheet: 2, hasHeader: false, rowCount: 10, columns: ['1', '2'] })
    expect(archive.preview[9]).toEqual({ line: 10, cells: ['992901000109', 'old'] })
    const summary = await call('import.validate', {
      uploadId: first.uploadId,
      profileId: 'sandbox',
      sender: 'Shop',
      phoneColumn: 0,
      template: 'Привет',
    })
    expect(summary.recipients).toBe(10)

    const reply = await t.core.handle('import.analyse', { uploadId: first.uploadId, sheet: 7 })
    expect(reply.ok).toBe(false)
    if (!reply.ok) {
      expect(reply.error.code).toBe('BAD_REQUEST')
      expect(phraseText(reply.error.phrase, 'ru')).toBe('В этой книге нет листа 8')
    }
    // The refusal changed nothing: the sheet read before is still the one read.
    expect((await call('import.validate', { ...summaryMapping(first.uploadId) })).recipients).toBe(
      10,
    )
    await call('import.discard', { uploadId: first.uploadId })
  })

  it('a broken workbook or an Excel 97–2003 file is refused with what to do', async () => {
    const whole = await officeWorkbook()
    const cut = whole.subarray(0, Math.floor(whole.length / 2))
    const broken = await begun('cut.xlsx', cut)
    expect(await refusal('import.finish', { uploadId: broken })).toMatch(
      /^BAD_REQUEST This file is not a readable Excel workbook \(\.xlsx\): /,
    )

    const xls = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ])
    const old = await begun('clients.xls', xls)
    expect(await refusal('import.finish', { uploadId: old })).toBe(
      'BAD_REQUEST This is an Excel 97–2003 workbook (.xls): save it in Excel as .xlsx or CSV and open that',
    )
  })
})

function summaryMapping(uploadId: string) {
  return { uploadId, profileId: 'sandbox', sender: 'Shop', phoneColumn: 0, template: 'Привет' }
}
