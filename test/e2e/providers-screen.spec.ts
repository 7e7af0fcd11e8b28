// Providers and credentials: an OsonSMS profile against a local simulator, its secret saved to the
// OS keychain and never shown again, Test connection with the balance, offered in Compose, removed.
// The keychain is real: run through scripts/with-secret-service.mjs (npm run test:e2e does).
import { randomBytes } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { OsonSmsSimulator } from '../../src/main/core/providers/osonsms/sim'
import { saveScreenshot } from './screens'
import { connectionLights, startServe, type Served } from './serve'

const LOGIN = 'dushanbe-desk'
const SALT = `salt-${randomBytes(8).toString('hex')}`
const NAME = 'Dushanbe desk'

let served: Served
let sim: OsonSmsSimulator

test.beforeAll(async () => {
  sim = new OsonSmsSimulator({ accounts: { [LOGIN]: SALT }, balance: 321.5, deliveryDelayMs: 50 })
  await sim.start()
  served = await startServe()
})

test.afterAll(async () => {
  await served?.stop()
  await sim?.stop()
})

test('add an OsonSMS profile, save its secret, test it, send from it, remove it', async ({
  page,
  browser,
}) => {
  // A second tab on Compose follows the profile list without a reload.
  const other = await browser.newPage()
  await other.goto(served.url)
  await expect(other.locator('html')).toHaveAttribute('data-ready', 'true')
  const otherProfile = other.getByLabel('Provider profile').getByRole('option', { name: NAME })
  await expect(otherProfile).toHaveCount(0)

  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  // The header tells a balance from the start (the first profile that reports one).
  await expect(page.getByRole('status', { name: /^Balance of / })).toContainText(/\d+\.\d\d/)

  await page.getByRole('button', { name: 'Providers', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Providers and credentials' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Open Sandbox · OsonSMS' })).toBeVisible()

  await page.getByLabel('Kind of the new profile').selectOption({ label: 'OsonSMS' })
  await page.getByRole('button', { name: 'Add profile' }).click()
  const editor = page.getByRole('form', { name: 'New OsonSMS profile' })
  await editor.getByLabel('Profile name').fill(NAME)
  await editor.getByLabel('Sender names (one per line)').fill('Shop')

  // A bad base URL is refused next to its field, and nothing is saved.
  await editor.getByLabel('Base URL').fill('ftp://example.com/')
  await editor.getByLabel('Login').fill(LOGIN)
  await editor.getByRole('button', { name: 'Save' }).click()
  await expect(editor.getByRole('alert').filter({ hasText: 'http(s) address' })).toBeVisible()
  await expect(page.getByRole('button', { name: `Open ${NAME}` })).toHaveCount(0)

  await editor.getByLabel('Base URL').fill(`${sim.url}/`)
  await editor.getByLabel('Balance currency').fill('TJS')
  // Tested before it is saved: the result stands next to the button, and nothing is stored.
  const testButton = editor.getByRole('button', { name: 'Test connection' })
  await testButton.click()
  await expect(editor.getByRole('status', { name: 'Connection failed' })).toContainText(
    'Enter the password (or API key) to test these settings.',
  )
  await editor.getByLabel('Password hash salt (pass_salt_hash)').fill(SALT)
  await testButton.click()
  const early = editor.getByRole('status', { name: 'Connection works' })
  await expect(early).toContainText('balance 321.50 TJS')
  await expect(testButton).toHaveAccessibleDescription(/^Connection works/)
  await expect(page.getByRole('button', { name: `Open ${NAME}` })).toHaveCount(0)
  // A change to the settings takes the result about the old ones away.
  await editor.getByLabel('Balance currency').fill('TJS ')
  await expect(early).toHaveCount(0)
  await editor.getByRole('button', { name: 'Save' }).click()

  const saved = page.getByRole('form', { name: `Profile: ${NAME}` })
  await expect(
    saved.getByRole('status').filter({ hasText: 'secret is in the keychain' }),
  ).toBeVisible()
  await expect(saved.getByText('Saved in the OS keychain')).toBeVisible()
  await expect(saved.getByLabel('Password hash salt (pass_salt_hash)')).toHaveValue('')
  await expect(otherProfile).toHaveCount(1)
  const row = page.getByRole('row').filter({ hasText: NAME })
  await expect(row.getByTestId('secret-state')).toHaveText('saved')
  // The secret is nowhere in the page: not in its text, its markup, or any field's value.
  expect(await page.content()).not.toContain(SALT)
  const values = await page
    .locator('input, textarea')
    .evaluateAll((els) => els.map((e) => (e as { value: string }).value))
  expect(values.join('\n')).not.toContain(SALT)

  await saved.getByRole('button', { name: 'Test connection' }).click()
  const result = saved.getByRole('status', { name: 'Connection works' })
  await expect(result).toContainText('balance 321.50 TJS')
  await saveScreenshot(page, 'providers')

  // Reopening the profile fills the form again, still without the secret.
  await saved.getByRole('button', { name: 'Close' }).click()
  await page.getByRole('button', { name: `Open ${NAME}` }).click()
  const reopened = page.getByRole('form', { name: `Profile: ${NAME}` })
  await expect(reopened.getByLabel('Base URL')).toHaveValue(`${sim.url}/`)
  await expect(reopened.getByLabel('Login')).toHaveValue(LOGIN)
  await expect(reopened.getByText('Saved in the OS keychain')).toBeVisible()
  expect(await page.content()).not.toContain(SALT)

  // Compose offers it, and starts on it: once a real profile exists, the sandbox is never the
  // default (a customer's message must not vanish into it), even after a reload.
  const chosen = page.getByLabel('Provider profile').locator('option:checked')
  await page.getByRole('button', { name: 'Compose', exact: true }).click()
  await expect(chosen).toHaveText(NAME)
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await expect(chosen).toHaveText(NAME)

  // The sandboxes can leave every list and the header, and stay hidden after a reload.
  await expect(await connectionLights(page)).toHaveCount(6)
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: 'Providers', exact: true }).click()
  await page.getByRole('checkbox', { name: /^Hide the sandbox profiles/ }).check()
  const lights = await connectionLights(page)
  await expect(lights).toHaveCount(1)
  await expect(lights).toHaveAccessibleName(new RegExp(`^Connection ${NAME}:`))
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await expect(await connectionLights(page)).toHaveCount(1)
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: 'Compose', exact: true }).click()
  await expect(page.getByLabel('Provider profile').getByRole('option')).toHaveText([NAME])
  await page.getByRole('button', { name: 'Providers', exact: true }).click()
  await page.getByRole('checkbox', { name: /^Hide the sandbox profiles/ }).uncheck()
  await expect(await connectionLights(page)).toHaveCount(6)
  await page.keyboard.press('Escape')

  // A message goes out through it to the simulator.
  await page.getByRole('button', { name: 'Compose', exact: true }).click()
  await page.getByLabel('Provider profile').selectOption({ label: NAME })
  await page.getByLabel('Phone').fill('992 93 555 0177')
  await page.getByLabel('Text').fill('Your order 4812 is ready')
  await page.getByRole('button', { name: 'Send' }).click()
  const sent = page.getByRole('row').filter({ hasText: '992935550177' }).first()
  await expect(sent.getByTestId('message-status')).toHaveText('Delivered', { timeout: 30_000 })
  expect(sim.messages.map((m) => m.phone)).toContain('992935550177')

  // Remove it: gone from the list and from Compose; the message stays in the history.
  await page.getByRole('button', { name: 'Providers', exact: true }).click()
  await page.getByRole('button', { name: `Open ${NAME}` }).click()
  const editing = page.getByRole('form', { name: `Profile: ${NAME}` })
  await editing.getByRole('button', { name: 'Remove profile' }).click()
  await editing
    .getByRole('group', { name: 'Remove profile' })
    .getByRole('button', { name: 'Remove' })
    .click()
  await expect(page.getByRole('status').filter({ hasText: `${NAME} removed.` })).toBeVisible()
  await expect(page.getByRole('button', { name: `Open ${NAME}` })).toHaveCount(0)
  await expect(otherProfile).toHaveCount(0)
  await other.close()
  await page.getByRole('button', { name: 'Compose', exact: true }).click()
  await expect(page.getByLabel('Provider profile').getByRole('option', { name: NAME })).toHaveCount(
    0,
  )
  await expect(page.getByRole('row').filter({ hasText: '992935550177' }).first()).toBeVisible()
})

test('a sandbox profile is read-only but can be tested; it cannot be removed', async ({ page }) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.getByRole('button', { name: 'Providers', exact: true }).click()
  await page.getByRole('button', { name: 'Open Sandbox (local SMSC simulator)' }).click()
  const form = page.getByRole('form', { name: 'Profile: Sandbox (local SMSC simulator)' })
  await expect(form.getByLabel('Profile name')).toBeDisabled()
  await expect(form.getByRole('button', { name: 'Remove profile' })).toHaveCount(0)
  await form.getByRole('button', { name: 'Test connection' }).click()
  await expect(form.getByRole('status', { name: 'Connection works' })).toContainText(
    'Bound to 127.0.0.1',
  )
})
