// A batch whose provider goes away says why it waits, in the panel and in Delivery reports: the
// profile cannot be reached since when, in words for people, and when it tries again; once the
// provider is back, the messages go out by themselves and the panel says nothing more. Against
// an OsonSMS simulator this test stops and starts again on the same port (a real socket).
import { randomBytes } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { OsonSmsSimulator } from '../../src/main/core/providers/osonsms/sim'
import { startServe, type Served } from './serve'

const LOGIN = 'khujand-desk'
const SALT = `salt-${randomBytes(8).toString('hex')}`
const NAME = 'Khujand desk'

let served: Served
let sim: OsonSmsSimulator
const simOf = (port?: number) =>
  new OsonSmsSimulator({ accounts: { [LOGIN]: SALT }, deliveryDelayMs: 20, port })

test.beforeAll(async () => {
  sim = simOf()
  await sim.start()
  served = await startServe()
})

test.afterAll(async () => {
  await served?.stop()
  await sim?.stop()
})

test('a batch waiting for a provider that went away says why, then goes out by itself', async ({
  page,
}) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.getByRole('button', { name: 'Providers', exact: true }).click()
  await page.getByLabel('Kind of the new profile').selectOption({ label: 'OsonSMS' })
  await page.getByRole('button', { name: 'Add profile' }).click()
  const editor = page.getByRole('form', { name: 'New OsonSMS profile' })
  await editor.getByLabel('Profile name').fill(NAME)
  await editor.getByLabel('Sender names (one per line)').fill('Shop')
  await editor.getByLabel('Base URL').fill(`${sim.url}/`)
  await editor.getByLabel('Login').fill(LOGIN)
  await editor.getByLabel('Password hash salt (pass_salt_hash)').fill(SALT)
  await editor.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('button', { name: `Open ${NAME}` })).toBeVisible()

  // The provider goes away before the batch.
  const port = Number(new URL(sim.url).port)
  await sim.stop()

  await page.getByRole('button', { name: 'Bulk import', exact: true }).click()
  const rows = Array.from({ length: 5 }, (_, i) => `99293555012${i + 1},Client ${i}`)
  await page.getByLabel('Or paste rows').fill(['phone,name', ...rows].join('\n'))
  await page.getByRole('button', { name: 'Use pasted rows' }).click()
  // The real profile is the one offered first, not the sandbox.
  await expect(page.getByLabel('Provider profile').locator('option:checked')).toHaveText(NAME)
  await page.getByLabel('Message template').fill('Hello #name#')
  await page.getByRole('button', { name: 'Check rows' }).click()
  await page.getByRole('button', { name: 'Send to 5 recipients' }).click()

  const panel = page.getByTestId('batch-panel')
  const wait = panel.getByTestId('profile-wait')
  await expect(wait).toContainText(`Waiting for ${NAME}: it cannot be reached since`)
  await expect(wait).toContainText(`nothing answers at 127.0.0.1:${port}`)
  await expect(wait).toContainText(/Next try at \d\d:\d\d:\d\d/)
  await expect(wait).toContainText('none is lost or sent twice')
  await expect(panel.getByTestId('batch-queued')).toHaveText('5')

  // The same in Delivery reports, for the batch.
  await page.getByRole('button', { name: 'Delivery reports', exact: true }).click()
  await page.getByRole('row').filter({ hasText: NAME }).getByRole('button').first().click()
  await expect(page.getByTestId('profile-wait')).toContainText(`Waiting for ${NAME}`)

  // Back: the messages go out by themselves, and nothing waits any more.
  sim = simOf(port)
  await sim.start()
  await page.getByRole('button', { name: 'Bulk import', exact: true }).click()
  await page.getByRole('button', { name: 'Show #1' }).click()
  await expect(panel.getByTestId('batch-delivered')).toHaveText('5', { timeout: 90_000 })
  await expect(wait).toHaveCount(0)
  expect(sim.messages.map((m) => m.phone).sort()).toEqual(rows.map((r) => r.split(',')[0]))
})
