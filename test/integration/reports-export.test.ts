// Delivery reports exported as a workbook through the core: messages sent through the SMSC
// sandbox (delivered and priced at 2.50, or failed), then the period's reports written as a
// sheet each — volume by day, failure reasons, operators, spend — read back with exceljs: the
// sheets, their headers in the operator's language, and the figures as numbers. CSV is refused.
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it } from 'vitest'
import { phraseText } from '../../src/shared/phrases'
import { newExportId, readExport } from '../helpers/exports'
import { testCore } from '../helpers/test-core'
import { waitForValue } from '../helpers/wait'

const t = testCore({ sandbox: { 'smsc-http': { operatorAfterMs: 10, finalAfterMs: 20 } } })
const { call } = t

const newId = newExportId
const tz = new Date().getTimezoneOffset()
const PROFILE = 'sandbox-smsc'

const readAll = (exportId: string) => readExport(call, exportId)

async function workbook(lang: 'en' | 'ru'): Promise<{ wb: ExcelJS.Workbook; rows: number }> {
  const exportId = newId()
  const written = await call('export.write', {
    exportId,
    source: { list: 'reports', profileId: PROFILE, from: Date.now() - 86_400_000 },
    format: { kind: 'xlsx' },
    lang,
    tzOffsetMinutes: tz,
  })
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load((await readAll(exportId)) as unknown as ArrayBuffer)
  await call('export.discard', { exportId })
  return { wb, rows: written.rows }
}

/** A sheet's rows as values, the header first (exceljs's rows start at index 1). */
const rowsOf = (sheet: ExcelJS.Worksheet) =>
  sheet.getSheetValues().flatMap((r) => (Array.isArray(r) ? [r.slice(1)] : []))

let spend: { day: string; amount: number; messages: number }[]

beforeAll(async () => {
  // Ending in 00: undeliverable in the sandbox.
  for (const phone of ['79165550301', '79165550302', '79165550300']) {
    await call('messages.send', { profileId: PROFILE, sender: 'SANDBOX', phone, text: 'Hi' })
  }
  await waitForValue(
    () => call('reports.trends', { profileId: PROFILE, tzOffsetMinutes: tz }),
    (r) => r.days.reduce((n, d) => n + d.delivered + d.failed, 0) === 3,
    'every outcome in',
    60_000,
  )
  spend = await waitForValue(
    () => call('reports.spend', { profileId: PROFILE, tzOffsetMinutes: tz }),
    (r) => r.reduce((n, d) => n + d.messages, 0) >= 2,
    'the delivered priced',
  )
})

describe('Delivery reports as a workbook', () => {
  it('writes a sheet per report, headers in English, figures as numbers', async () => {
    const { wb, rows } = await workbook('en')
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      'Volume by day',
      'Failure reasons',
      'Operators',
      'Spend',
    ])
    const [volume, reasons, operators, spent] = wb.worksheets.map(rowsOf)
    const today = new Date(Date.now() - tz * 60_000).toISOString().slice(0, 10)

    expect(volume).toEqual([
      ['Day', 'Profile', 'Sent', 'Delivered', 'Failed', 'Delivery rate'],
      [today, 'Sandbox · SMSC', 3, 2, 1, 2 / 3],
    ])
    expect(wb.worksheets[0]!.getCell('F2').numFmt).toBe('0.0%')

    expect(reasons![0]).toEqual(['Day', 'Reason', 'Code', 'Count'])
    expect(reasons).toHaveLength(2)
    expect(reasons![1]).toEqual([today, expect.any(String), expect.anything(), 1])

    expect(operators![0]).toEqual([
      'Operator',
      'Code',
      'Sent',
      'Delivered',
      'Failed',
      'Delivery rate',
    ])
    // As reports.trends names them; a range the numbering plan does not name is "Not known".
    const { operators: named } = await call('reports.trends', {
      profileId: PROFILE,
      tzOffsetMinutes: tz,
    })
    expect(operators!.slice(1)).toEqual(
      named.map((o) => [
        o.name || 'Not known',
        o.code ? `+${o.code}` : undefined,
        o.sent,
        o.delivered,
        o.failed,
        o.delivered / (o.delivered + o.failed),
      ]),
    )
    expect(named.reduce((n, o) => n + o.sent, 0)).toBe(3)

    expect(spent![0]).toEqual(['Day', 'Profile', 'Messages', 'Amount'])
    // The figures reports.spend gives the screen, oldest first; 2.50 a delivered message.
    expect(spent!.slice(1)).toEqual(
      [...spend].reverse().map((r) => [r.day, 'Sandbox · SMSC', r.messages, r.amount]),
    )
    expect(spent!.slice(1).reduce((n, r) => n + (r[3] as number), 0)).toBeGreaterThanOrEqual(5)
    expect(typeof spent![1]![3]).toBe('number')

    // Every sheet's rows, headers left out.
    expect(rows).toBe(volume!.length + reasons!.length + operators!.length + spent!.length - 4)
  })

  it('in Russian: sheet names, headers and reasons in Russian', async () => {
    const { wb } = await workbook('ru')
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      'Сообщения по дням',
      'Причины недоставки',
      'Операторы',
      'Расходы',
    ])
    const [volume, reasons, , spent] = wb.worksheets.map(rowsOf)
    expect(volume![0]).toEqual([
      'День',
      'Профиль',
      'Отправлено',
      'Доставлено',
      'Не доставлено',
      'Доля доставленных',
    ])
    expect(volume![1]!.slice(1, 5)).toEqual(['Песочница · SMSC', 3, 2, 1])
    expect(reasons![1]![1]).not.toMatch(/[A-Za-z]{2,} [A-Za-z]{2,}/)
    expect(spent![0]).toEqual(['День', 'Профиль', 'Сообщений', 'Списано'])
  })

  it('refuses CSV: the reports are several tables', async () => {
    const exportId = newId()
    const r = await t.core.handle('export.write', {
      exportId,
      source: { list: 'reports' },
      format: { kind: 'csv', delimiter: ';' },
      lang: 'ru',
      tzOffsetMinutes: tz,
    })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('BAD_REQUEST')
      expect(phraseText(r.error.phrase, 'ru')).toMatch(
        /^Отчёты о доставке выгружаются только в Excel/,
      )
    }
    // Nothing was kept under its id.
    expect((await t.core.handle('export.read', { exportId, offset: 0 })).ok).toBe(false)
  })
})
