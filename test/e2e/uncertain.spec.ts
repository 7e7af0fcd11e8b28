// A submit whose answer never comes: the row says so and the operator decides, in the page.
// Runs the core in this process with a sandbox SMSC that answers too late, behind the same
// WebSocket adapter `npm run serve` uses.
import { resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import { startWebServer, type WebServer } from '../../src/main/core/adapters/ws'
import { startTestCore, type TestCore } from '../helpers/start-test-core'

let t: TestCore
let web: WebServer

test.beforeAll(async () => {
  t = await startTestCore({
    sandbox: { smpp: { submitResponseDelayMs: 3_000 } },
    smpp: { responseTimeoutMs: 300 },
  })
  web = await startWebServer({ core: t.core, staticDir: resolve(__dirname, '../../out/renderer') })
})

test.afterAll(async () => {
  await web?.close()
  await t?.close()
})

test('an unanswered submit is marked uncertain and the operator resolves it', async ({ page }) => {
  await page.goto(web.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.getByLabel('Phone').fill('992900000001')
  await page.getByLabel('Text').fill('No answer for this one')
  await page.getByRole('button', { name: 'Send' }).click()

  const row = page.getByRole('row').filter({ hasText: '992900000001' })
  await expect(row.getByTestId('message-status')).toHaveText('Uncertain', { timeout: 30_000 })
  const id = await row.getAttribute('data-message-id')
  await expect(row.getByRole('button', { name: `Resend message ${id}` })).toBeVisible()

  await row.getByRole('button', { name: `Mark message ${id} failed` }).click()
  await expect(row.getByTestId('message-status')).toHaveText('Failed')
  await expect(row.getByRole('button', { name: `Resend message ${id}` })).toHaveCount(0)
})
