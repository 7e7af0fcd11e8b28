// A message's delivery reports from its History row, in a plain browser against the sandbox:
// a Viber → SMS cascade shows its total price and what each channel cost, in both languages.
import { expect, test } from '@playwright/test'
import { startServe, type Served } from './serve'

let served: Served

test.beforeAll(async () => {
  served = await startServe()
})

test.afterAll(async () => {
  await served?.stop()
})

test('History shows a cascade’s reports with the price of each channel', async ({ page }) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page
    .getByLabel('Provider profile')
    .selectOption({ label: 'Sandbox · smsgate (Viber → SMS)' })
  // …11: the sandbox fails every channel but SMS, so Viber and SMS are both charged.
  await page.getByLabel('Phone').fill('+7 705 555 0111')
  await page.getByLabel('Text').fill('Your order 4812 is ready')
  await page.getByRole('button', { name: 'Send' }).click()
  const sent = page.getByRole('row').filter({ hasText: '77055550111' }).first()
  await expect(sent.getByTestId('message-status')).toHaveText('Delivered', { timeout: 45_000 })

  await page.keyboard.press('Alt+4')
  await expect(page.getByRole('heading', { name: 'History' })).toBeVisible()
  // The row of the message, whichever language the table is named in.
  const row = page.locator('[data-message-id]').filter({ hasText: '77055550111' })
  await expect(page.getByRole('table', { name: 'Message history' }).locator(row)).toBeVisible()
  await row.getByRole('button', { name: /^Delivery reports and prices of message \d+$/ }).click()
  const dialog = page.getByRole('dialog', { name: /^Delivery reports of message \d+$/ })
  await expect(dialog).toBeVisible()
  const last = dialog.getByTestId('receipt').last()
  await expect(last).toContainText('Delivered')
  await expect(last.getByTestId('receipt-price')).toHaveText('3.40')
  await expect(last.getByTestId('receipt-channel-prices')).toHaveText('Viber 0.90 · SMS 2.50')
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(dialog).toBeHidden()

  // In Russian.
  await page.getByLabel('Language').selectOption('ru')
  await row.getByRole('button', { name: /^Отчёты о доставке и цены сообщения \d+$/ }).click()
  const ru = page.getByRole('dialog', { name: /^Отчёты о доставке сообщения \d+$/ })
  await expect(ru.getByRole('columnheader', { name: 'Цена по каналам' })).toBeVisible()
  await expect(ru.getByTestId('receipt').last()).toContainText('Доставлено')
  await expect(ru.getByTestId('receipt').last().getByTestId('receipt-channel-prices')).toHaveText(
    'Viber 0.90 · SMS 2.50',
  )
  await page.keyboard.press('Escape')
  await expect(ru).toBeHidden()
  await page.getByLabel('Язык').selectOption('en')
})
