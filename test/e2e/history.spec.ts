// History and Delivery reports in a plain browser against the sandbox: messages sent from
// Compose in one window move live in Reports in another; History filters, searches, exports.
import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import ExcelJS from 'exceljs'
import { saveScreenshot } from './screens'
import { startServe, type Served } from './serve'

let served: Served

test.beforeAll(async () => {
  served = await startServe()
})

test.afterAll(async () => {
  await served?.stop()
})

async function openConsole(page: Page): Promise<void> {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
}

async function send(page: Page, phone: string, text: string): Promise<void> {
  await page.getByLabel('Phone').fill(phone)
  await page.getByLabel('Text').fill(text)
  await page.getByRole('button', { name: 'Send' }).click()
  await expect(page.getByRole('status').filter({ hasText: /Queued as message #\d+/ })).toBeVisible()
}

test('reports follow sends live; history filters, searches and exports them', async ({
  browser,
}) => {
  const reports = await browser.newPage()
  await openConsole(reports)
  await reports.getByRole('button', { name: 'Delivery reports' }).click()
  await expect(reports.getByRole('heading', { name: 'Delivery reports' })).toBeVisible()
  await expect(reports.getByText('Nothing was sent in this period.')).toBeVisible()
  await expect(reports.getByText('No uncertain messages.')).toBeVisible()

  // Another window sends; the reports window is never reloaded.
  const compose = await browser.newPage()
  await openConsole(compose)
  await send(compose, '992901230001', 'Ваш заказ готов, заберите его')
  // The reports window has read its list before the next two exist (on a busy machine it may
  // or may not have): they must join it live.
  const batchMessages = reports.getByRole('table', { name: 'Messages of this batch' })
  await expect(batchMessages.getByRole('row').filter({ hasText: '992901230001' })).toBeVisible()
  await send(compose, '992901230000', 'This one cannot be delivered')
  await send(compose, '992901230002', 'Reminder: "desk 4", floor 2')

  const oneOff = reports.locator('tr[data-batch-id="null"]')
  await expect(oneOff).toBeVisible()
  await expect(oneOff.getByRole('button', { name: 'Show Single messages' })).toBeVisible()
  await expect(oneOff.getByTestId('count-delivered')).toHaveText('2', { timeout: 30_000 })
  await expect(oneOff.getByTestId('count-failed')).toHaveText('1')
  await expect(oneOff.getByTestId('count-waiting')).toHaveText('0')

  // The failure and its reason, in the list of reasons and on the message's row.
  await expect(reports.getByTestId('failure-reason')).toHaveText(/UNDELIV/)
  const failedRow = reports
    .getByRole('table', { name: 'Messages of this batch' })
    .getByRole('row')
    .filter({ hasText: '992901230000' })
  await expect(failedRow.getByTestId('message-status')).toHaveText('Failed')
  await expect(failedRow.getByTestId('message-reason')).toHaveText(/UNDELIV/)
  await expect(
    reports.getByRole('img', { name: /Delivered 67%, failed or expired 33%/ }),
  ).toBeVisible()

  // The period's trends: drawn by day, the same figures in a table; delivery by operator.
  const byDay = reports.getByRole('table', { name: 'Messages by day' })
  await expect(byDay.getByRole('cell', { name: '66.7%' })).toBeVisible({ timeout: 30_000 })
  await expect(byDay.getByRole('row').nth(1).getByRole('cell')).toHaveText([
    /^\d\d\/\d\d$/,
    '3',
    '2',
    '1',
    '66.7%',
  ])
  const chart = reports.getByRole('img', { name: /^Chart: messages sent, delivered and failed/ })
  await expect(chart.locator('canvas')).toHaveCount(1)
  await expect(
    reports.getByRole('table', { name: 'Delivery by mobile operator' }).getByRole('row', {
      name: /Megafon \(\+992\) 3 66\.7%/,
    }),
  ).toBeVisible()

  // The period's reports as a workbook, a sheet each; its figures as numbers.
  const downloadingReports = reports.waitForEvent('download')
  await reports.getByRole('button', { name: 'Export Excel' }).click()
  const reportsFile = await downloadingReports
  expect(reportsFile.suggestedFilename()).toMatch(/^delivery-reports-\d{8}-\d{4}\.xlsx$/)
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(await reportsFile.path())
  expect(book.worksheets.map((s) => s.name)).toEqual([
    'Volume by day',
    'Failure reasons',
    'Operators',
    'Spend',
  ])
  expect(book.getWorksheet('Volume by day')!.getRow(2).values).toEqual([
    undefined,
    expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
    expect.any(String),
    3,
    2,
    1,
    2 / 3,
  ])
  expect(book.getWorksheet('Failure reasons')!.getRow(2).getCell(2).value).toMatch(/UNDELIV/)
  expect(book.getWorksheet('Operators')!.getRow(2).getCell(1).value).toBe('Megafon')
  await expect(reports.getByText(/^Exported \d+ rows?\.$/)).toBeVisible()

  // Narrow the list by status.
  await reports.getByLabel('Status').selectOption('delivered')
  await expect(
    reports.getByRole('table', { name: 'Messages of this batch' }).getByTestId('message-status'),
  ).toHaveText(['Delivered', 'Delivered'])
  await reports.getByLabel('Status').selectOption('')

  // In Russian: the fixed words are translated, the receipt's own code kept.
  await reports.getByLabel('Language').selectOption('ru')
  await expect(reports.getByTestId('failure-reason')).toHaveText(/^Отчёт о доставке.*UNDELIV/)
  await reports.getByLabel('Язык').selectOption('en')
  await saveScreenshot(reports, 'reports')

  // History.
  const page = reports
  await page.keyboard.press('Alt+4')
  await expect(page.getByRole('heading', { name: 'History' })).toBeVisible()
  const table = page.getByRole('table', { name: 'Message history' })
  const total = page.locator('.history-total')
  await expect(total).toHaveText('3 messages')
  await expect(table.locator('[data-message-id]')).toHaveCount(3)

  // One search box: a whole number, part of one, words and fragments of the text.
  const search = page.getByLabel('Search', { exact: true })
  await expect(search).toHaveAccessibleDescription(/^A phone number or any part of it/)
  await search.fill('+992 90 123 0000')
  await expect(total).toHaveText('1 message')
  await expect(table.locator('[data-message-id]')).toHaveCount(1)
  await expect(table.getByTestId('message-status')).toHaveText('Failed')
  await search.fill('23000')
  await expect(total).toHaveText('1 message')
  await search.fill('')

  await page.getByLabel('Status').selectOption('delivered')
  await expect(total).toHaveText('2 messages')
  await expect(table.getByTestId('message-status')).toHaveText(['Delivered', 'Delivered'])
  await page.getByLabel('Status').selectOption('')

  await search.fill('ЗАКАЗ гот')
  await expect(total).toHaveText('1 message')
  await expect(table.getByRole('row').filter({ hasText: 'Ваш заказ готов' })).toBeVisible()
  // Words in any case, е and ё alike.
  await search.fill('ЗАБЕРИТЁ')
  await expect(total).toHaveText('1 message')
  await search.fill('"аберит"') // in quotes: a fragment, inside a word too
  await expect(total).toHaveText('1 message')
  await search.fill('"desk 4"')
  await expect(total).toHaveText('1 message')
  await search.fill('deliver')
  await expect(total).toHaveText('1 message')
  await page.getByRole('button', { name: 'Clear filters' }).click()
  await expect(total).toHaveText('3 messages')

  // At an office laptop's 1366 px, in both languages, the time, number and status fit their
  // columns (text and reason may be cut, with the whole in a tooltip).
  await page.setViewportSize({ width: 1366, height: 768 })
  // The table by its role alone: its name changes with the language.
  const rows = page.getByRole('table').filter({ has: page.locator('[data-message-id]') })
  for (const lang of ['ru', 'en']) {
    await page.getByLabel(/^(Language|Язык)$/).selectOption(lang)
    await expect(rows.locator('[data-message-id]')).toHaveCount(3)
    // The rows in this language's date format before measuring.
    await expect(rows.locator('[data-col="time"]').first()).toHaveText(
      lang === 'en' ? /^\d\d\/\d\d\/\d{4}, / : /^\d\d\.\d\d\.\d{4}, /,
    )
    const cut = await rows
      .locator('[data-col="time"], [data-col="phone"], [data-col="status"], [data-col="id"]')
      .evaluateAll((cells) =>
        cells
          .filter((c) => {
            // The text's own width against the cell's content box (an ellipsis starts where
            // the text passes the padding, which scrollWidth does not count).
            const range = c.ownerDocument.createRange()
            range.selectNodeContents(c)
            const style = c.ownerDocument.defaultView?.getComputedStyle(c)
            const room =
              c.clientWidth -
              parseFloat(style?.paddingLeft ?? '0') -
              parseFloat(style?.paddingRight ?? '0')
            return range.getBoundingClientRect().width > room
          })
          .map((c) => `${c.getAttribute('data-col')}: ${c.textContent}`),
      )
    expect(cut, lang).toEqual([])
  }

  // A message sent now shows up as new, and comes in on request.
  await send(compose, '992901230003', 'Late one')
  await expect(page.getByText('1 new message since loaded')).toBeVisible()
  await page.getByRole('button', { name: 'Show new messages' }).click()
  await expect(total).toHaveText('4 messages')

  // Export what the filter shows: semicolons, BOM, header, quoted fields.
  await page.getByLabel('Status').selectOption('delivered')
  await expect(total).toHaveText('3 messages', { timeout: 30_000 })
  await page.getByLabel('CSV delimiter').selectOption(';')
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export CSV' }).click()
  const file = await downloading
  expect(file.suggestedFilename()).toMatch(/^history-\d{8}-\d{4}\.csv$/)
  const csv = readFileSync(await file.path(), 'utf8')
  expect(csv.startsWith('\uFEFFID;Created;Updated;Profile;')).toBe(true)
  const lines = csv.trimEnd().split('\r\n')
  expect(lines).toHaveLength(4)
  expect(csv).toContain(';992901230001;Ваш заказ готов, заберите его;')
  expect(csv).toContain(';992901230002;"Reminder: ""desk 4"", floor 2";')
  expect(csv).not.toContain('992901230000')
  await expect(page.getByText('Exported 3 rows.')).toBeVisible()

  // The same rows as an Excel workbook: phones as text, ids as numbers.
  const downloadingXlsx = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export Excel' }).click()
  const xlsx = await downloadingXlsx
  expect(xlsx.suggestedFilename()).toMatch(/^history-\d{8}-\d{4}\.xlsx$/)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(await xlsx.path())
  const sheet = wb.worksheets[0]!
  expect(sheet.rowCount).toBe(4)
  const phones = [2, 3, 4].map((r) => sheet.getRow(r).getCell(7))
  expect(phones.map((c) => c.type)).toEqual([3, 3, 3].map(() => ExcelJS.ValueType.String))
  expect(phones.map((c) => c.value)).toContain('992901230001')
  expect(typeof sheet.getRow(2).getCell(1).value).toBe('number')
  await page.getByLabel('Status').selectOption('')
  await expect(total).toHaveText('4 messages')
  await saveScreenshot(page, 'history')
  await compose.close()
})
