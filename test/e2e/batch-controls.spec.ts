// The keyboard and a batch's controls in browser mode: Alt+1…9 open the screens and Ctrl+Enter
// sends from Compose; a scheduled batch is paused, resumed and cancelled from its panel; the
// rejected rows download as a CSV in the operator's language.
import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { startServe, type Served } from './serve'

let served: Served

test.beforeAll(async () => {
  served = await startServe()
})

test.afterAll(async () => {
  await served?.stop()
})

const SCREENS = [
  'Compose',
  'Bulk import',
  'Delivery reports',
  'History',
  'HLR lookup',
  'Dedicated numbers',
  'Inbox',
  'Contacts',
  'Providers',
]

test('Alt+1…9 open the screens in order, each at its first field; Ctrl+Enter sends; dialogs keep focus', async ({
  page,
}) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  const nav = page.getByRole('navigation', { name: 'Screens' })
  for (const [i, name] of [...SCREENS.entries()].reverse()) {
    await page.keyboard.press(`Alt+${i + 1}`)
    await expect(nav.getByRole('button', { name, exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    )
    // The keyboard lands on the screen's first field.
    await expect(page.getByRole('main').locator(':focus'), name).toHaveCount(1)
  }
  await page.keyboard.press('Alt+4')
  await expect(page.getByLabel('Search', { exact: true })).toBeFocused()
  await page.keyboard.press('Alt+7')
  await expect(page.getByLabel('Search conversations by number or name')).toBeFocused()
  await nav.getByRole('button', { name: 'Inbox', exact: true }).focus()
  // Again on the screen already open: back to its first field.
  await page.keyboard.press('Alt+7')
  await expect(page.getByLabel('Search conversations by number or name')).toBeFocused()
  await page.keyboard.press('Alt+1')

  await page.getByLabel('Phone').fill('992901230011')
  await page.getByLabel('Text').fill('Sent from the keyboard')
  await page.getByLabel('Text').press('Control+Enter')
  await expect(page.getByRole('status').filter({ hasText: /Queued as message #\d+/ })).toBeVisible()
  const row = page.getByRole('row').filter({ hasText: '992901230011' }).first()
  await expect(row.getByTestId('message-status')).toHaveText('Delivered', { timeout: 30_000 })

  // A dialog keeps the keyboard inside, and gives it back to its button when it closes.
  await page.keyboard.press('Alt+4')
  const open = page.getByRole('button', { name: /^Details of message \d+$/ })
  await open.first().click()
  const dialog = page.getByRole('dialog', { name: /^Message \d+$/ })
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused()
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab')
    await page.keyboard.press('Tab')
    await expect(dialog.locator(':focus')).toHaveCount(1)
  }
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await expect(open.first()).toBeFocused()
})

test('a scheduled batch: pause, resume and cancel from its panel; rejected rows in Russian', async ({
  page,
}) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.getByRole('button', { name: 'Bulk import', exact: true }).click()

  const rows = Array.from({ length: 20 }, (_, i) => `9929200000${String(i + 10)},Client ${i}`)
  await page.getByLabel('Or paste rows').fill(['phone,name', ...rows, '12345,Short'].join('\n'))
  await page.getByRole('button', { name: 'Use pasted rows' }).click()
  await expect(page.getByLabel('Delimiter')).toHaveValue(',')
  await page.getByLabel('Sender').fill('Shop')
  await page.getByLabel('Message template').fill('Hello #name#')
  // An hour from now, in the local time the field takes.
  const later = new Date(Date.now() + 3_600_000)
  const local = new Date(later.getTime() - later.getTimezoneOffset() * 60_000)
  await page.getByLabel('Send at (optional)').fill(local.toISOString().slice(0, 16))

  // Checked from the Russian interface: the rejected rows' file is written in Russian.
  await page.getByLabel('Language').selectOption('ru')
  await page.getByRole('button', { name: 'Проверить строки' }).click()
  await expect(page.getByTestId('summary-recipients')).toHaveText('20')
  await expect(page.getByTestId('summary-rejected')).toHaveText('1')
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Скачать отклонённые строки (CSV)' }).click()
  const csv = readFileSync((await (await downloading).path()) as string, 'utf8')
  expect(csv.split('\r\n')[0]).toBe('\uFEFFстрока,телефон,причина,подробности,строка файла')
  expect(csv).toContain('22,12345,Неверный номер,"Номер 12345 слишком короткий: укажите')

  await page.getByLabel('Язык').selectOption('en')
  await page.getByRole('button', { name: 'Send to 20 recipients' }).click()
  const panel = page.getByTestId('batch-panel')
  await expect(panel.getByTestId('batch-queued')).toHaveText('20')
  await expect(panel.getByTestId('batch-state')).toHaveText('Sending')

  await panel.getByRole('button', { name: 'Pause' }).click()
  await expect(panel.getByTestId('batch-state')).toHaveText('Paused')
  await panel.getByRole('button', { name: 'Resume' }).click()
  await expect(panel.getByTestId('batch-state')).toHaveText('Sending')

  page.once('dialog', (d) => void d.accept())
  await panel.getByRole('button', { name: 'Cancel the rest' }).click()
  await expect(panel.getByTestId('batch-state')).toHaveText('Cancelled')
  await expect(panel.getByTestId('batch-cancelled')).toHaveText('20')
  await expect(panel.getByTestId('batch-queued')).toHaveText('0')
  await expect(panel.getByRole('button', { name: 'Resume' })).toHaveCount(0)
})

test('the failed and expired of a batch are sent again as a new batch, the count confirmed first', async ({
  page,
}) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.getByRole('button', { name: 'Bulk import', exact: true }).click()
  // The sandbox fails numbers ending in 00 and expires those ending in 99: three of twelve.
  const phones = ['992921000100', '992921000199', '992921000200']
  for (let i = 1; i <= 9; i++) phones.push(`99292100001${i}`)
  await page.getByLabel('Or paste rows').fill(['phone', ...phones].join('\n'))
  await page.getByRole('button', { name: 'Use pasted rows' }).click()
  await page.getByLabel('Sender').fill('Shop')
  await page.getByLabel('Message template').fill('Your parcel is ready')
  await page.getByRole('button', { name: 'Check rows' }).click()
  await page.getByRole('button', { name: 'Send to 12 recipients' }).click()
  const panel = page.getByTestId('batch-panel')
  await expect(panel.getByTestId('batch-state')).toHaveText('Done', { timeout: 45_000 })
  await expect(panel.getByTestId('batch-failed')).toHaveText('3')
  await expect(panel.getByTestId('batch-delivered')).toHaveText('9')
  const firstTitle = (await panel.getByRole('heading').textContent()) ?? ''

  let asked = ''
  page.once('dialog', (d) => {
    asked = d.message()
    void d.accept()
  })
  await panel.getByRole('button', { name: 'Send the failed again…' }).click()
  // The new batch takes the panel: the same three, sent again (and failing again here).
  await expect(panel.getByRole('heading')).toHaveText(/ ↻$/)
  expect(asked).toMatch(/^Send the 3 failed and expired messages of “.+” again, as a new batch\?$/)
  expect(await panel.getByRole('heading').textContent()).not.toBe(firstTitle)
  await expect(panel.getByTestId('batch-state')).toHaveText('Done', { timeout: 45_000 })
  await expect(panel.getByTestId('batch-failed')).toHaveText('3')
  await expect(panel.getByTestId('batch-delivered')).toHaveText('0')

  // From the first batch's report: each message goes again once, so nothing is left to send.
  const firstName = firstTitle.replace(/^Batch #\d+: /, '')
  await page.getByRole('button', { name: 'Delivery reports', exact: true }).click()
  // Newest first: the batch resent (an earlier test's batch may bear the same name further down).
  await page
    .getByRole('button', { name: `Show ${firstName}`, exact: true })
    .first()
    .click()
  await page.getByRole('button', { name: 'Send the failed again…' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'has been sent again already' }),
  ).toHaveText('Every failed message of this batch has been sent again already.')
})
