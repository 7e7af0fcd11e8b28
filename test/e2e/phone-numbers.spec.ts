// Numbers written the local way in a real browser: Compose sends "8 (912) 345-67-89" through an
// SMSC sandbox (Russia is SMSC's usual country) to +79123456789 and says so; a profile's
// country is chosen on its form and kept.
import { expect, test } from '@playwright/test'
import ExcelJS from 'exceljs'
import { startServe, type Served } from './serve'

let served: Served

test.beforeAll(async () => {
  served = await startServe()
})

test.afterAll(async () => {
  expect(await served?.stop()).toBe(0)
})

test('a local number goes out with its country’s code, and the profile’s country is its to choose', async ({
  page,
}) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.getByLabel('Phone').fill('8 (912) 345-67-89')
  await page.getByLabel('Text', { exact: true }).fill('Ваш заказ готов')
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(
    page.getByRole('status').filter({ hasText: /^Queued as message #\d+\./ }),
  ).toHaveText(/The number was written the local way: it goes to \+79123456789\.$/)
  await expect(page.getByRole('row').filter({ hasText: '79123456789' }).first()).toBeVisible()

  await page.getByRole('button', { name: 'Providers', exact: true }).click()
  await page.getByLabel('Kind of the new profile').selectOption({ label: 'OsonSMS' })
  await page.getByRole('button', { name: 'Add profile' }).click()
  const editor = page.getByRole('form', { name: 'New OsonSMS profile' })
  const country = editor.getByLabel('Numbers without a country code are from')
  await expect(country.locator('option:checked')).toHaveText('The provider’s usual country')
  await country.selectOption({ label: 'Uzbekistan' })
  await editor.getByLabel('Profile name').fill('Tashkent office')
  await editor.getByLabel('Sender names (one per line)').fill('Shop')
  await editor.getByLabel('Base URL').fill('https://api.osonsms.example/')
  await editor.getByLabel('Login').fill('tashkent')
  await editor.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('button', { name: 'Open Tashkent office' })).toBeVisible()
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.getByRole('button', { name: 'Providers', exact: true }).click()
  await page.getByRole('button', { name: 'Open Tashkent office' }).click()
  await expect(
    page
      .getByRole('form', { name: /Tashkent office/ })
      .getByLabel('Numbers without a country code are from')
      .locator('option:checked'),
  ).toHaveText('Uzbekistan')

  // A pasted file's local numbers are read the same way; the summary says how, and flags a
  // landline.
  await page.getByRole('button', { name: 'Bulk import', exact: true }).click()
  await page
    .getByLabel('Or paste rows', { exact: true })
    .fill('телефон;имя\n8 (912) 345-67-01;Иван\n8 (912) 345-67-02;Ольга\n+7 495 123-45-67;Офис\n')
  await page.getByRole('button', { name: 'Use pasted rows' }).click()
  await page
    .getByLabel('Provider profile')
    .selectOption({ label: 'Sandbox (local SMSC simulator)' })
  await page.getByLabel('Sender', { exact: true }).fill('Shop')
  await page.getByLabel('Message template').fill('Здравствуйте, #имя#!')
  await page.getByRole('button', { name: 'Check rows' }).click()
  await expect(page.getByTestId('summary-local-numbers')).toHaveText(
    '2 numbers were written the local way and read as numbers of Russia: 8 (912) 345-67-01 → +79123456701.',
  )
  await expect(page.getByTestId('summary-not-mobile')).toContainText(
    '1 number is not mobile by the numbering plan',
  )
})

test('Compose tells what a message will cost, or plainly that it cannot be known yet', async ({
  page,
}) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  // The SMPP sandbox names no prices and has stated none.
  await page
    .getByLabel('Provider profile')
    .selectOption({ label: 'Sandbox (local SMSC simulator)' })
  const cost = page.getByTestId('compose-cost')
  await page.getByLabel('Phone').fill('+7 903 555 01 01')
  await page.getByLabel('Text', { exact: true }).fill('Hello')
  await expect(cost).toHaveText(
    'Cost unknown: the provider has stated no price lately, and states none in advance.',
  )
  // SMSC names its price for the number, asked without sending, in the account's currency.
  await page.getByLabel('Provider profile').selectOption({ label: 'Sandbox · SMSC' })
  await expect(cost).toHaveText(
    'Cost 2.50 RUB: 1 part × 2.50 RUB, the provider’s price for this number (asked without sending).',
  )
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(page.getByRole('row').filter({ hasText: '79035550101' }).first()).toContainText(
    'Delivered',
    { timeout: 30_000 },
  )
  await page.getByLabel('Phone').fill('+7 903 555 01 02')
  await page.getByLabel('Text', { exact: true }).fill('Ваш заказ готов к выдаче. '.repeat(4))
  await expect(cost).toHaveText(
    'Cost 5.00 RUB: 2 parts × 2.50 RUB, the provider’s price for this number (asked without sending).',
  )
  // A typographic quote that makes it UCS-2: the plain text saves a part, and its price.
  await page
    .getByLabel('Text', { exact: true })
    .fill(
      `Your order “4812” is ready — pick it up today… ${'Thanks for shopping with us. '.repeat(2)}`,
    )
  await expect(
    page.getByRole('button', { name: 'Use plain characters: 2 parts → 1 part (saves ≈ 2.50)' }),
  ).toBeVisible()
  // And what it cost is in the reports' spend, by day and profile.
  await page.getByRole('button', { name: 'Delivery reports', exact: true }).click()
  const spend = page.getByRole('table', { name: 'Spend' })
  await expect(spend.getByRole('row').filter({ hasText: 'Sandbox · SMSC' })).toContainText('2.50')
  await expect(page.getByTestId('spend-total')).toHaveText('2.50')
  // Drawn by day too, a line per profile; the chart's legend is named as the chart.
  const chartName = /^Chart: what the providers charged each day, by profile, over 1 day;/
  const chart = page.getByRole('img', { name: chartName })
  await expect(chart.locator('canvas')).toHaveCount(1)
  await expect(chart.locator('table')).toHaveAttribute('aria-label', chartName)
  await expect(chart.locator('table')).toContainText('Sandbox · SMSC')

  // The reports as a workbook: what was spent on its own sheet, the amount a number.
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export Excel' }).click()
  const file = await downloading
  expect(file.suggestedFilename()).toMatch(/^delivery-reports-\d{8}-\d{4}\.xlsx$/)
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(await file.path())
  const spent = book.getWorksheet('Spend')!
  expect(spent.getRow(1).values).toEqual([undefined, 'Day', 'Profile', 'Messages', 'Amount'])
  expect(spent.getRow(2).values).toEqual([
    undefined,
    expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
    'Sandbox · SMSC',
    1,
    2.5,
  ])
})

test('a batch’s cost before sending, by destination, as SMSC prices each', async ({ page }) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.getByRole('button', { name: 'Bulk import', exact: true }).click()
  await page
    .getByLabel('Or paste rows', { exact: true })
    .fill('phone\n+7 912 345 67 11\n+7 912 345 67 12\n+992 90 123 45 11\n')
  await page.getByRole('button', { name: 'Use pasted rows' }).click()
  await page.getByLabel('Provider profile').selectOption({ label: 'Sandbox · SMSC' })
  await page.getByLabel('Message template').fill('Скидка до конца недели')
  await page.getByRole('button', { name: 'Check rows' }).click()
  const table = page.getByRole('table', { name: 'Cost by destination' })
  await expect(table.getByRole('row')).toHaveCount(3)
  const russia = table.getByRole('row').filter({ hasText: '+79123…' })
  await expect(russia.getByRole('cell')).toHaveText([
    '+79123…',
    '2',
    '2',
    '2.50',
    '5.00',
    'named by the provider',
  ])
  await expect(
    page.getByText(/the provider’s own prices for these numbers, asked without sending/),
  ).toBeVisible()
})
