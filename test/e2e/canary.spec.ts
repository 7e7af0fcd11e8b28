// A canary in a real browser (`npm run serve`): the first recipients go first, too many of them
// fail (numbers ending in 00 fail in the sandbox), the batch pauses itself and says why; Resume
// sends the rest.
import { expect, test, type Page } from '@playwright/test'
import { openScreen, startServe, type Served } from './serve'

let served: Served

test.beforeAll(async () => {
  served = await startServe()
})

test.afterAll(async () => {
  expect(await served?.stop()).toBe(0)
})

const open = (page: Page, screen: string) => openScreen(page, served, screen)

test('a canary pauses its batch by itself when too many of the first fail', async ({ page }) => {
  test.setTimeout(120_000)
  const rows = ['992901770100', '992901770200', '992901770311']
  for (let i = 0; i < 5; i++) rows.push(`99290178000${i}1`)
  await open(page, 'Bulk import')
  await page.getByLabel('Or paste rows').fill(['phone', ...rows].join('\n'))
  await page.getByRole('button', { name: 'Use pasted rows' }).click()
  await page.getByLabel('Sender').fill('Shop')
  await page.getByLabel('Message template').fill('Скидка до конца недели')
  await page.getByRole('button', { name: 'Check rows' }).click()
  await expect(page.getByTestId('summary-recipients')).toHaveText('8')
  await page.getByLabel('Send to the first recipients first (a canary)').check()
  await page.getByLabel('First recipients', { exact: true }).fill('3')
  await page.getByLabel('Pause if more than this % fail').fill('50')
  await page.getByRole('button', { name: 'Send to 8 recipients' }).click()

  const panel = page.getByTestId('batch-panel')
  await expect(panel.getByTestId('batch-canary')).toHaveText(
    'Paused by its canary: 2 of 3 failed, more than 50%. Resume to send the rest anyway.',
    { timeout: 60_000 },
  )
  await expect(panel.getByTestId('batch-state')).toHaveText('Paused')
  await expect(panel.getByTestId('batch-queued')).toHaveText('5')
  await panel.getByRole('button', { name: 'Resume' }).click()
  await expect(panel.getByTestId('batch-delivered')).toHaveText('6', { timeout: 60_000 })
  await expect(panel.getByTestId('batch-canary')).toHaveCount(0)
})
