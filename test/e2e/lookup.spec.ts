// HLR lookup, dedicated numbers and the inbox in the browser against the embedded sandbox:
// what an agent does on each screen, seen through roles and labels.
import { expect, test, type Page } from '@playwright/test'
import { saveScreenshot } from './screens'
import { injectInbound, startServe, type Served } from './serve'

let served: Served

test.beforeAll(async () => {
  served = await startServe()
})

test.afterAll(async () => {
  await served?.stop()
})

async function open(page: Page, screen: string): Promise<void> {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: screen })
    .click()
}

test('an HLR lookup of a pasted list shows the operator fields, and bad entries with reasons', async ({
  page,
}) => {
  await open(page, 'HLR lookup')
  await expect(page.getByText('No lookups yet')).toBeVisible()
  await page.getByLabel('Phone numbers').fill('+7 916 123 45 67\ncall me\n79031234567')
  // Ctrl+Enter in the list sends it, as the Look up button does.
  await page.getByLabel('Phone numbers').press('Control+Enter')
  await expect(page.getByRole('status').filter({ hasText: '2 lookups queued' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Look up' })).toBeEnabled()
  const refused = page.getByRole('list', { name: '1 entry was not looked up:' })
  await expect(refused.getByRole('listitem')).toHaveText(/call me — .*only digits/)
  // The refused entry stays in the box for the agent to fix.
  await expect(page.getByLabel('Phone numbers')).toHaveValue('call me')

  const row = page.getByRole('row').filter({ hasText: '79161234567' })
  await expect(row.getByTestId('hlr-status')).toHaveText('Answered')
  await expect(row.getByTestId('hlr-net')).toHaveText('MTS')
  await expect(row.getByTestId('hlr-mccmnc')).toHaveText('250/01')
  await expect(row.getByTestId('hlr-cn')).toHaveText('Russian Federation')
  await expect(row.getByTestId('hlr-imsi')).toHaveText(/^25001\d{10}$/)
  await expect(row.getByTestId('hlr-rnet')).toHaveText('at home')
  await expect(
    page.getByRole('row').filter({ hasText: '79031234567' }).getByTestId('hlr-status'),
  ).toHaveText('Answered')

  // Lookups travel through the outbox, but no list of messages shows them: not Compose's
  // (its answers came live while this screen was open), nor, read again, History or the reports.
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'Compose' })
    .click()
  await expect(page.getByText('No messages yet.', { exact: true })).toBeVisible()
  await expect(page.getByText('__HLR__')).toHaveCount(0)
  for (const [screen, empty] of [
    ['History', 'Nothing has been sent yet.'],
    ['Delivery reports', 'Nothing was sent in this period.'],
    ['Compose', 'No messages yet.'],
  ] as const) {
    await open(page, screen)
    await expect(page.getByText(empty, { exact: true }), screen).toBeVisible()
    await expect(page.getByText('__HLR__'), screen).toHaveCount(0)
  }
  await open(page, 'HLR lookup')

  // Filtered in the core; and shown again from history after leaving the screen.
  await page.getByLabel('Filter by phone').fill('903')
  await expect(page.getByRole('row').filter({ hasText: '79161234567' })).toHaveCount(0)
  await expect(page.getByRole('row').filter({ hasText: '79031234567' })).toHaveCount(1)
  await page.getByLabel('Filter by phone').fill('')
  await expect(page.getByRole('row').filter({ hasText: '79161234567' })).toHaveCount(1)
  await saveScreenshot(page, 'hlr')
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'Inbox' })
    .click()
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'HLR lookup' })
    .click()
  await expect(
    page.getByRole('row').filter({ hasText: '79161234567' }).getByTestId('hlr-net'),
  ).toHaveText('MTS')
})

test('renting a number asks with the charge, then lists it with its renewal switch', async ({
  page,
}) => {
  await open(page, 'Dedicated numbers')
  await expect(page.getByLabel('Provider profile')).toHaveValue('sandbox-smsc')
  await expect(page.getByText('No numbers rented through this console yet.')).toBeVisible()
  const free = page.getByRole('table', { name: 'Free numbers' })
  const offer = free.getByRole('row').filter({ hasText: '79001234501' })
  await expect(offer).toContainText('Virtual')
  await expect(offer).toContainText('300.00')
  await expect(offer).toContainText('150.00')
  await expect(offer).toContainText('MTS')

  await page.getByRole('button', { name: 'Rent 79001234501' }).click()
  const dialog = page.getByRole('dialog', { name: 'Rent 79001234501?' })
  await expect(dialog.getByTestId('rent-charge')).toHaveText(
    'Your account is charged 150.00 now, for the rest of this month.',
  )
  // Cancel changes nothing.
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(page.getByRole('table', { name: 'Your numbers' }).getByRole('row')).toHaveCount(2)

  await page.getByRole('button', { name: 'Rent 79001234501' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Rent for 150.00' }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(page.getByRole('status').filter({ hasText: '79001234501 is yours' })).toBeVisible()
  const mine = page.getByRole('table', { name: 'Your numbers' })
  const owned = mine.getByRole('row').filter({ hasText: '79001234501' })
  await expect(owned).toContainText('150.00')
  const renewal = owned.getByRole('switch', { name: 'Auto-renewal for 79001234501' })
  await expect(renewal).toBeChecked()
  await expect(free.getByRole('row').filter({ hasText: '79001234501' })).toHaveCount(0)
  await saveScreenshot(page, 'numbers')

  await renewal.uncheck()
  await expect(renewal).not.toBeChecked()
  // The account's list comes from the core: still there, renewal off, after a reload.
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'Dedicated numbers' })
    .click()
  await expect(page.getByRole('switch', { name: 'Auto-renewal for 79001234501' })).not.toBeChecked()
  // The same screen in Russian.
  await page.getByLabel('Language').selectOption('ru')
  await expect(page.getByRole('table', { name: 'Ваши номера' })).toBeVisible()
  await expect(page.getByRole('switch', { name: 'Автопродление для 79001234501' })).toBeVisible()
  await page.getByLabel('Язык').selectOption('en')
})

test('inbound messages arrive live per number, and Reply opens Compose pre-filled', async ({
  page,
}) => {
  // SMSC HTTP inbound is polled (every 30 s in the served console), SMPP MO is pushed.
  test.setTimeout(120_000)
  await open(page, 'Inbox')
  await expect(page.getByText('No messages yet.')).toBeVisible()
  await injectInbound(page, served, {
    profileId: 'sandbox-smsc',
    from: '+7 701 999 00 11',
    to: '79001234501',
    text: 'Когда доставка?',
  })
  await injectInbound(page, served, {
    from: '+992 93 555 0101',
    to: '7781',
    text: 'Where is order 4812?',
  })
  const first = page.getByRole('row').filter({ hasText: 'Where is order 4812?' })
  await expect(first).toBeVisible()
  await expect(first).toContainText('992935550101')
  await expect(first).toContainText('New')
  const numbers = page.getByRole('navigation', { name: 'Numbers' })
  await expect(numbers.getByRole('button', { name: '7781, 1 unread' })).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: 'Когда доставка?' })).toBeVisible({
    timeout: 60_000,
  })

  await numbers.getByRole('button', { name: '79001234501, 1 unread' }).click()
  await expect(page.getByRole('heading', { name: 'Messages to 79001234501' })).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: 'Where is order 4812?' })).toHaveCount(0)
  await saveScreenshot(page, 'inbox')

  await page.getByRole('button', { name: 'Reply to 77019990011' }).click()
  await expect(page.getByRole('heading', { name: 'Compose' })).toBeVisible()
  await expect(page.getByLabel('Phone')).toHaveValue('77019990011')
  await expect(page.getByLabel('Provider profile')).toHaveValue('sandbox-smsc')
  await expect(page.getByLabel('Text')).toHaveValue('')

  // Replying marked it read.
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'Inbox' })
    .click()
  await expect(
    page.getByRole('navigation', { name: 'Numbers' }).getByRole('button', {
      name: '79001234501, all read',
    }),
  ).toBeVisible()
})
