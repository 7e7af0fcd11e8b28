// Empty and error states of every screen in browser mode: a fresh console says each list is
// empty (rather than showing a bare table), and when the console server goes away every screen
// says it could not load, under the banner — never a blank screen or an endless "Loading…".
import { expect, test, type Page } from '@playwright/test'
import { connectionLights, startServe, type Served } from './serve'

let served: Served

test.beforeAll(async () => {
  served = await startServe()
})

test.afterAll(async () => {
  await served?.stop()
})

async function open(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: screen, exact: true }).click()
  await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible()
}

test('a fresh console: every list says it is empty', async ({ page }) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await expect(page.getByText('No messages yet.', { exact: true })).toBeVisible()

  const empty: [string, string][] = [
    ['Bulk import', 'No batches yet.'],
    ['Delivery reports', 'Nothing was sent in this period.'],
    ['Delivery reports', 'No uncertain messages.'],
    ['History', 'Nothing has been sent yet.'],
    ['HLR lookup', 'No lookups yet. Enter a number above to see its network.'],
    ['Dedicated numbers', 'No numbers rented through this console yet.'],
    ['Inbox', 'No messages yet. Replies to your dedicated numbers appear here as they arrive.'],
  ]
  for (const [screen, text] of empty) {
    await open(page, screen)
    await expect(page.getByText(text, { exact: true }), `${screen}: ${text}`).toBeVisible()
  }
})

test('the console server goes away: every screen says it could not load', async ({ page }) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  const lights = await connectionLights(page)
  await expect(lights.first()).toHaveAttribute('data-status', /^(bound|ready|connecting)$/)
  await served.stop()
  await expect(page.getByRole('alert').filter({ hasText: 'Not connected' }).first()).toBeVisible()
  await expect(
    page.getByRole('button', { name: /^Provider connections: Unknown: \d+$/ }),
  ).toHaveAttribute('data-status', 'unknown')
  // No connection's state is known any more: every light says so, none stays green.
  const count = await lights.count()
  expect(count).toBeGreaterThan(1)
  for (let i = 0; i < count; i++) {
    await expect(lights.nth(i)).toHaveAttribute('data-status', 'unknown')
    await expect(lights.nth(i)).toHaveAccessibleName(/: unknown$/)
  }

  const failed: [string, RegExp][] = [
    ['Bulk import', /Not connected to the console/],
    ['Delivery reports', /Could not load the reports: Not connected to the console/],
    ['History', /Could not load the history: Not connected to the console/],
    ['HLR lookup', /Could not load the results: Not connected to the console/],
    ['Dedicated numbers', /Not connected to the console/],
    ['Inbox', /Could not load the inbox: Not connected to the console/],
  ]
  for (const [screen, text] of failed) {
    await open(page, screen)
    const main = page.getByRole('main')
    await expect(main.getByRole('alert').filter({ hasText: text }).first(), screen).toBeVisible()
    await expect(main.getByText(/^Loading/), screen).toHaveCount(0)
  }
  // Providers keeps showing the profiles it last heard of (they are pushed as they change),
  // under the banner that says the console cannot be reached.
  await open(page, 'Providers')
  await expect(page.getByRole('button', { name: 'Open Sandbox · OsonSMS' })).toBeVisible()
  const row = page.getByRole('row').filter({ hasText: 'Sandbox · OsonSMS' })
  await expect(row.getByText('Unknown', { exact: true })).toBeVisible()
  await expect(page.getByRole('alert').filter({ hasText: 'Not connected' }).first()).toBeVisible()
  await expect(
    page.getByRole('button', { name: /^Provider connections: Unknown: \d+$/ }),
  ).toHaveAttribute('data-status', 'unknown')
})
