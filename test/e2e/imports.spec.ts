// Bulk import in browser mode against the sandbox: a Windows-1251 ;-separated file from Excel
// through the file input, columns mapped, preview and rejected rows with reasons, then the
// batch's counters moving live to Delivered.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import ExcelJS from 'exceljs'
import { saveScreenshot } from './screens'
import { callApi, startServe, type Served } from './serve'

const FIXTURE = resolve(__dirname, '../fixtures/csv/clients-cp1251.csv')

let served: Served

test.beforeAll(async () => {
  served = await startServe()
})

test.afterAll(async () => {
  await served?.stop()
})

test('a Windows-1251 file: bad rows rejected with reasons, the rest delivered live', async ({
  page,
}) => {
  test.setTimeout(120_000)
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.getByRole('button', { name: 'Bulk import' }).click()
  await expect(page.getByRole('heading', { name: 'Bulk import', level: 2 })).toBeVisible()
  await expect(page.getByText('No batches yet.')).toBeVisible()

  // One number opted out before the import.
  await page.getByLabel('Numbers to add, one per line').fill('+992 90 100 00 04')
  await page.getByRole('button', { name: 'Add to stop-list' }).click()
  await expect(page.getByRole('cell', { name: '992901000004', exact: true })).toBeVisible()

  await page.getByLabel('Excel or CSV file').setInputFiles(FIXTURE)
  await expect(page.getByText('9 rows in clients-cp1251.csv')).toBeVisible()
  await expect(page.getByLabel('Encoding')).toHaveValue('windows-1251')
  await expect(page.getByLabel('Delimiter')).toHaveValue(';')
  await expect(page.getByLabel('First row is a header')).toBeChecked()
  const fileRows = page.getByRole('table', { name: 'First rows of the file' })
  await expect(fileRows.getByRole('columnheader', { name: 'Телефон' })).toBeVisible()
  await expect(fileRows.getByRole('cell', { name: 'Мария "Маша"' })).toBeVisible()

  await expect(page.getByLabel('Phone column')).toHaveValue('0')
  await page.getByLabel('Sender').fill('Shop')
  await page.getByLabel('Message template').fill('')
  await page.getByRole('button', { name: 'Insert #Имя#' }).click()
  await page.getByLabel('Message template').press('End')
  await page.getByLabel('Message template').pressSequentially(': ')
  await page.getByRole('button', { name: 'Insert #Текст#' }).click()
  await expect(page.getByLabel('Message template')).toHaveValue('#Имя#: #Текст#')

  const preview = page.getByRole('table', { name: 'Preview' })
  await expect(preview.getByRole('cell', { name: 'Иван: Ваш заказ готов' })).toBeVisible()

  await page.getByRole('button', { name: 'Check rows' }).click()
  await expect(page.getByTestId('summary-recipients')).toHaveText('4')
  await expect(page.getByTestId('summary-rejected')).toHaveText('5')
  await expect(page.getByText('The provider states no prices in advance')).toBeVisible()
  const rejected = page.getByRole('table', { name: 'Rejected rows' })
  const reasonOf = (line: string) =>
    rejected.getByRole('row').filter({ has: page.getByRole('cell', { name: line, exact: true }) })
  await expect(reasonOf('4')).toContainText('Bad phone number')
  await expect(reasonOf('5')).toContainText('Missing value')
  await expect(reasonOf('6')).toContainText('Duplicate in the file')
  await expect(reasonOf('7')).toContainText('On the stop-list')
  await expect(reasonOf('11')).toContainText('Bad phone number')

  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Download rejected rows (CSV)' }).click()
  const file = await download
  expect(file.suggestedFilename()).toBe('rejected.csv')
  // The file holds the same five rows, each with its reason, in the file's own delimiter.
  const csv = readFileSync((await file.path()) as string, 'utf8')
  expect(csv.split('\r\n')[0]).toBe('\uFEFFline;phone;reason;detail;row')
  expect(csv.match(/^\d+;[^;\r\n]*;[^;\r\n]*;/gm)).toEqual([
    expect.stringMatching(/^4;.*;Bad phone number;$/),
    '5;992901000003;Missing value;',
    '6;992901000002;Duplicate in the file;',
    '7;992901000004;On the stop-list;',
    expect.stringMatching(/^11;.*;Bad phone number;$/),
  ])

  await page.getByRole('button', { name: 'Send to 4 recipients' }).click()
  const panel = page.getByTestId('batch-panel')
  await expect(panel).toBeVisible()
  await expect(panel.getByTestId('batch-delivered')).toHaveText('4', { timeout: 60_000 })
  await expect(panel.getByTestId('batch-queued')).toHaveText('0')
  await expect(panel.getByTestId('batch-failed')).toHaveText('0')
  await expect(panel.getByTestId('batch-state')).toHaveText('Done')
  await expect(page.getByText('Queued as batch #1')).toBeVisible()
  const recent = page.getByRole('table', { name: 'Recent batches' })
  await expect(recent.getByRole('row').filter({ hasText: 'clients-cp1251.csv' })).toContainText(
    'Done',
  )
  await saveScreenshot(page, 'import')
})

test('an Excel workbook: the list’s sheet chosen, another one on request, a number Excel shortened refused for that', async ({
  page,
}) => {
  const wb = new ExcelJS.Workbook()
  wb.addWorksheet('Notes').addRow(['Fill in the sheet “Clients”'])
  const clients = wb.addWorksheet('Clients')
  clients.addRow(['Phone', 'Name', 'Due'])
  clients.addRow([992901000201, 'Ivan', new Date(Date.UTC(2026, 11, 15))])
  clients.addRow(['9,92901E+11', 'Olga', new Date(Date.UTC(2026, 11, 16))])
  clients.addRow([992901000203, 'Anna', new Date(Date.UTC(2026, 11, 17))])
  clients.getColumn(3).numFmt = 'dd.mm.yyyy'
  const dir = mkdtempSync(join(tmpdir(), 'workbook-'))
  const file = join(dir, 'clients.xlsx')
  await wb.xlsx.writeFile(file)

  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.getByRole('button', { name: 'Bulk import' }).click()
  await page.getByLabel('Excel or CSV file').setInputFiles(file)
  await expect(page.getByText('3 rows in clients.xlsx')).toBeVisible()
  const sheet = page.getByLabel('Sheet')
  await expect(sheet.locator('option:checked')).toHaveText('Clients (4 rows)')
  // A workbook has no encoding or delimiter to choose.
  await expect(page.getByLabel('Encoding')).toHaveCount(0)
  const fileRows = page.getByRole('table', { name: 'First rows of the file' })
  await expect(fileRows.getByRole('cell', { name: '992901000201', exact: true })).toBeVisible()
  await expect(fileRows.getByRole('cell', { name: '15.12.2026', exact: true })).toBeVisible()

  await page.getByLabel('Sender').fill('Shop')
  await page.getByLabel('Message template').fill('{Name}, pay by {Due}')
  await page.getByRole('button', { name: 'Check rows' }).click()
  await expect(page.getByTestId('summary-recipients')).toHaveText('2')
  const rejected = page.getByRole('table', { name: 'Rejected rows' })
  await expect(rejected.getByRole('row').filter({ hasText: '9,92901E+11' })).toContainText(
    'Excel shortened this number to 9,92901E+11',
  )

  await sheet.selectOption({ label: 'Notes (1 row)' })
  await expect(page.getByText('1 row in clients.xlsx')).toBeVisible()
  await expect(
    fileRows.getByRole('cell', { name: 'Fill in the sheet “Clients”', exact: true }),
  ).toBeVisible()
  rmSync(dir, { recursive: true, force: true })
})

test('the screen speaks Russian', async ({ page }) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.getByLabel('Language').selectOption('ru')
  await page.keyboard.press('Alt+2')
  await expect(page.getByRole('heading', { name: 'Массовая рассылка', level: 2 })).toBeVisible()
  await expect(page.getByLabel('Файл Excel или CSV')).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Стоп-лист' })).toBeVisible()
})

test('a batch that ends with failures raises one desktop notification', async ({ page }) => {
  test.setTimeout(120_000)
  // The OS notification itself cannot show in headless Chromium: record what the page asks for.
  await page.addInitScript(() => {
    const notes: { title: string; body: string }[] = []
    Object.assign(globalThis, { __notes: notes })
    class RecordedNotification {
      static permission = 'granted'
      static requestPermission = () => Promise.resolve('granted')
      constructor(title: string, options?: { body?: string }) {
        notes.push({ title, body: options?.body ?? '' })
      }
    }
    Object.defineProperty(globalThis, 'Notification', { value: RecordedNotification })
  })
  const dir = mkdtempSync(join(tmpdir(), 'batch-alert-'))
  const file = join(dir, 'alerts.csv')
  // 00 at the end: undeliverable in the sandbox.
  writeFileSync(file, 'phone;text\n992935550100;Hello\n992935550101;Hello\n992935550102;Hello\n')
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.getByRole('button', { name: 'Bulk import' }).click()
  await page.getByLabel('Excel or CSV file').setInputFiles(file)
  await expect(page.getByText('3 rows in alerts.csv')).toBeVisible()
  await page.getByLabel('Sender').fill('Shop')
  await page.getByLabel('Message template').fill('Your order is ready')
  await page.getByRole('button', { name: 'Check rows' }).click()
  await expect(page.getByTestId('summary-recipients')).toHaveText('3')
  await page.getByRole('button', { name: 'Send to 3 recipients' }).click()
  const panel = page.getByTestId('batch-panel')
  await expect(panel.getByTestId('batch-failed')).toHaveText('1', { timeout: 60_000 })
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as { __notes: unknown[] }).__notes), {
      timeout: 15_000,
    })
    .toEqual([{ title: expect.stringMatching(/: 1 failed$/), body: '2 delivered, 1 failed of 3' }])
  rmSync(dir, { recursive: true, force: true })
})

test('a whole file’s phone column goes on the stop-list only when the agent says so, and shows at once', async ({
  page,
}) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.getByRole('button', { name: 'Bulk import' }).click()
  const rows = Array.from({ length: 44 }, (_, i) => `9929310000${String(i + 10)}`)
  await page.getByLabel('Or paste rows').fill(['phone', ...rows].join('\n'))
  await page.getByRole('button', { name: 'Use pasted rows' }).click()
  const stopList = page.getByRole('region', { name: 'Stop-list' })
  const before = (await stopList.getByText(/^\d+ numbers?$/).textContent()) ?? ''

  // Asked first, with the count: no, and nothing is added.
  let asked = ''
  page.once('dialog', (d) => {
    asked = d.message()
    void d.dismiss()
  })
  const button = page.getByRole('button', {
    name: 'Add the phone column of this file to the stop-list',
  })
  await button.click()
  await expect
    .poll(() => asked)
    .toBe(
      'Add the numbers of all 44 rows of the column “phone” to the stop-list? No bulk message will go to them.',
    )
  await expect(stopList.getByText(/^\d+ numbers?$/)).toHaveText(before)

  // Yes: all 44, and the list says so without a reload.
  page.once('dialog', (d) => void d.accept())
  await button.click()
  await expect(page.getByRole('status').filter({ hasText: '44 numbers added' })).toBeVisible()
  const was = Number(/\d+/.exec(before)?.[0] ?? 0)
  await expect(stopList.getByText(/^\d+ numbers?$/)).toHaveText(`${was + 44} numbers`)

  // The list goes out as CSV: a header, then every number.
  const downloading = page.waitForEvent('download')
  await stopList.getByRole('button', { name: 'Export CSV' }).click()
  const csv = readFileSync((await (await downloading).path()) as string, 'utf8')
  const lines = csv.split('\r\n').filter(Boolean)
  expect(lines[0]).toBe('\uFEFFPhone,Applies to,Note,Added')
  expect(lines.length - 1).toBe(was + 44)
  expect(lines.filter((l) => l.startsWith('9929310000')).length).toBe(44)
  await expect(
    stopList.getByRole('status').filter({ hasText: `Exported ${was + 44} rows.` }),
  ).toBeVisible()
})

test('the numbers a search finds are taken off the stop-list, asked first, and put back with Undo', async ({
  page,
}) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.getByRole('button', { name: 'Bulk import' }).click()
  await page
    .getByLabel('Numbers to add, one per line')
    .fill('+996 555 100 001\n+996 555 100 002\n+996 555 100 003\n+7 916 555 0100')
  await page.getByRole('button', { name: 'Add to stop-list' }).click()
  await expect(page.getByRole('status').filter({ hasText: '4 numbers added' })).toBeVisible()

  await page.getByLabel('Search the stop-list').fill('996555')
  const rows = page.getByRole('table', { name: 'Stop-list' }).getByRole('row')
  await expect(rows).toHaveCount(4) // the header and three numbers
  await page.getByRole('button', { name: 'Take the numbers found off…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Take the numbers found off…' })
  await expect(dialog).toContainText(
    'Take the 3 numbers starting with 996555 off the stop-list? Bulk messages will reach them again. You can undo it.',
  )
  await dialog.getByRole('button', { name: 'Take them off' }).click()
  await expect(dialog).toBeHidden()
  const notice = page.getByRole('status').filter({ hasText: 'taken off the stop-list' })
  await expect(notice).toContainText('3 numbers taken off the stop-list.')
  await expect(page.getByText('The stop-list is empty.')).toBeVisible()

  await notice.getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'back on the stop-list' })).toHaveText(
    '3 numbers are back on the stop-list.',
  )
  await expect(rows).toHaveCount(4)
  await page.getByLabel('Search the stop-list').fill('')
  await expect(page.getByRole('cell', { name: '79165550100', exact: true })).toBeVisible()
})

test('a number stopped for one profile says so, is shown by its scope, and is removed from it alone', async ({
  page,
}) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.getByRole('button', { name: 'Bulk import' }).click()
  const stopList = page.getByRole('region', { name: 'Stop-list' })
  await stopList.getByLabel('Numbers to add, one per line').fill('+992 93 777 0001')
  await stopList.getByLabel('Applies to').selectOption({ label: 'Sandbox · OsonSMS' })
  await stopList.getByRole('button', { name: 'Add to stop-list' }).click()
  await expect(stopList.getByRole('status').filter({ hasText: '1 number added' })).toBeVisible()
  await stopList.getByLabel('Applies to').selectOption({ label: 'All profiles' })
  await stopList.getByLabel('Numbers to add, one per line').fill('+992 93 777 0001')
  await stopList.getByRole('button', { name: 'Add to stop-list' }).click()

  await stopList.getByLabel('Search the stop-list').fill('992937770001')
  const table = stopList.getByRole('table', { name: 'Stop-list' })
  await expect(table.getByRole('row')).toHaveCount(3)
  await expect(table.getByRole('columnheader', { name: 'Applies to' })).toBeVisible()
  await expect(table.getByRole('cell', { name: 'Sandbox · OsonSMS', exact: true })).toBeVisible()

  await stopList.getByLabel('Show entries for').selectOption({ label: 'All profiles' })
  await expect(table.getByRole('row')).toHaveCount(2)
  await expect(table.getByRole('cell', { name: 'All profiles', exact: true })).toBeVisible()

  await stopList.getByLabel('Show entries for').selectOption({ label: 'Any profile' })
  await table
    .getByRole('button', { name: 'Remove 992937770001 (Sandbox · OsonSMS) from the stop-list' })
    .click()
  await expect(table.getByRole('row')).toHaveCount(2)
  await expect(table.getByRole('cell', { name: 'All profiles', exact: true })).toBeVisible()
  const left = (await callApi(page, served, 'stoplist.list', { query: '992937770001' })) as {
    items: { profileId: string }[]
  }
  expect(left.items.map((e) => e.profileId)).toEqual([''])
})
