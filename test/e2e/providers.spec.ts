// One message through each provider kind's sandbox, from the Compose screen to Delivered:
// the same screen, whatever the provider (SMPP push receipts or HTTP status polling).
import { expect, test } from '@playwright/test'
import { startServe, type Served } from './serve'

let served: Served

test.beforeAll(async () => {
  served = await startServe()
})

test.afterAll(async () => {
  await served?.stop()
})

const KINDS: { profile: string; phone: string; shown: string }[] = [
  { profile: 'Sandbox (local SMSC simulator)', phone: '+7 701 555 0123', shown: '77015550123' },
  { profile: 'Sandbox · OsonSMS', phone: '992 93 555 0123', shown: '992935550123' },
  { profile: 'Sandbox · GETSMS.UZ', phone: '998 90 555 0123', shown: '998905550123' },
  { profile: 'Sandbox · SMSC', phone: '+7 702 555 0123', shown: '77025550123' },
  { profile: 'Sandbox · smsgate (Viber → SMS)', phone: '+7 703 555 0123', shown: '77035550123' },
]

for (const kind of KINDS) {
  test(`${kind.profile}: sent from Compose and delivered`, async ({ page }) => {
    await page.goto(served.url)
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
    await page.getByLabel('Provider profile').selectOption({ label: kind.profile })
    await expect(page.getByText('Messages go to the local simulator')).toBeVisible()
    await page.getByLabel('Phone').fill(kind.phone)
    await page.getByLabel('Text').fill(`Order 4812 is ready (${kind.profile})`)
    await page.getByRole('button', { name: 'Send' }).click()
    const row = page.getByRole('row').filter({ hasText: kind.shown }).first()
    await expect(row).toBeVisible()
    await expect(row.getByTestId('message-status')).toHaveText('Delivered', { timeout: 45_000 })
  })
}

test('a cascade profile offers its channels; Viber with a button is delivered', async ({
  page,
}) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page
    .getByLabel('Provider profile')
    .selectOption({ label: 'Sandbox · smsgate (Viber → SMS)' })
  const channels = page.getByRole('group', { name: 'Channels, tried in this order' })
  await expect(channels.getByRole('checkbox', { name: 'Viber', exact: true })).toBeChecked()
  await expect(channels.getByRole('checkbox', { name: 'SMS', exact: true })).toBeChecked()
  await expect(channels.getByRole('checkbox', { name: 'WhatsApp', exact: true })).not.toBeChecked()
  await page.getByLabel('Viber button caption').fill('Track order')
  await page.getByLabel('Phone').fill('+7 704 555 0123')
  await page.getByLabel('Text').fill('Your order 4812 is on its way')
  // A button without its link is refused before anything is queued, and says why.
  await page.getByRole('button', { name: 'Send' }).click()
  await expect(page.getByRole('alert').filter({ hasText: /url/i })).toBeVisible()
  await expect(channels).toHaveAccessibleDescription(/url/i)
  await page.getByLabel('Viber button link').fill('https://example.com/track/4812')
  await page.getByRole('button', { name: 'Send' }).click()
  const row = page.getByRole('row').filter({ hasText: '77045550123' }).first()
  await expect(row.getByTestId('message-status')).toHaveText('Delivered', { timeout: 45_000 })
})

test('a single-channel profile shows no channel choice', async ({ page }) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.getByLabel('Provider profile').selectOption({ label: 'Sandbox · OsonSMS' })
  await expect(page.getByRole('group', { name: 'Channels, tried in this order' })).toHaveCount(0)
})
