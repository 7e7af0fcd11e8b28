// Quiet hours in a real browser (`npm run serve`): a profile's window set in its editor; a bulk
// send outside its recipients' hours held, the batch saying so; a one-off asked about first.
import { expect, test, type Page } from '@playwright/test'
import { clockOf, localMinute } from '../../src/shared/quiet'
import { callApi, openScreen, startServe, type Served } from './serve'
import { OFFICE_PROFILE } from '../helpers/office-profile'

let served: Served

test.beforeAll(async () => {
  served = await startServe()
})

test.afterAll(async () => {
  expect(await served?.stop()).toBe(0)
})

const open = (page: Page, screen: string) => openScreen(page, served, screen)

test('quiet hours hold a batch until its recipients’ morning, and a one-off asks first', async ({
  page,
}) => {
  test.setTimeout(120_000)
  // A window that is closed now in Dushanbe (UTC+5).
  const from = (localMinute(Date.now(), 300) + 120) % 1380
  await open(page, 'Providers')
  await callApi(page, served, 'profiles.save', OFFICE_PROFILE)
  await page.getByRole('button', { name: 'Open Office SMSC' }).click()
  const editor = page.getByRole('form', { name: 'Profile: Office SMSC' })
  await editor.getByLabel('Bulk messages from').fill(clockOf(from))
  await editor.getByLabel('until').fill(clockOf(from + 60))
  await editor.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible()

  await open(page, 'Bulk import')
  await page.getByLabel('Or paste rows').fill('phone\n992901440001\n992901440002\n')
  await page.getByRole('button', { name: 'Use pasted rows' }).click()
  await page.getByLabel('Provider profile').selectOption({ label: 'Office SMSC' })
  await page.getByLabel('Sender').fill('Shop')
  await page.getByLabel('Message template').fill('Скидка до конца недели')
  await page.getByRole('button', { name: 'Check rows' }).click()
  await page.getByRole('button', { name: 'Send to 2 recipients' }).click()
  await expect(page.getByTestId('batch-held')).toHaveText(
    /^2 messages wait for the recipients’ quiet hours to end/,
  )

  await open(page, 'Compose')
  await page.getByLabel('Provider profile').selectOption({ label: 'Office SMSC' })
  await page.getByLabel('Phone').fill('992901440009')
  await page.getByLabel('Text', { exact: true }).fill('Ваш заказ готов')
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  const ask = page.getByRole('dialog', { name: 'Outside quiet hours' })
  await expect(ask).toContainText(`messages go from ${clockOf(from)} to ${clockOf(from + 60)}`)
  await ask.getByRole('button', { name: 'Send anyway' }).click()
  await expect(page.getByRole('status').filter({ hasText: /Queued as message #\d+/ })).toBeVisible()
})
