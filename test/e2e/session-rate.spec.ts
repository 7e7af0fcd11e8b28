// The SMPP connection's sending rate on the Providers screen, pushed from the session, in both
// languages; HTTP providers have no rate to show. (How a throttled rate reads is in the unit
// test test/unit/renderer/session-rate.test.ts; the session side in smpp-session.test.ts.)
import { expect, test } from '@playwright/test'
import { startServe, type Served } from './serve'

let served: Served

test.beforeAll(async () => {
  served = await startServe()
})

test.afterAll(async () => {
  await served?.stop()
})

test('the SMPP profile shows its sending rate, in English and in Russian', async ({ page }) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.getByRole('button', { name: 'Providers', exact: true }).click()

  const smpp = page.getByRole('row').filter({
    has: page.getByRole('button', { name: 'Open Sandbox (local SMSC simulator)' }),
  })
  await expect(smpp.getByText('Bound')).toBeVisible()
  await expect(smpp.getByTestId('provider-rate')).toHaveText('30 of 30 msg/s')
  const oson = page.getByRole('row').filter({
    has: page.getByRole('button', { name: 'Open Sandbox · OsonSMS' }),
  })
  await expect(oson.getByTestId('provider-rate')).toHaveCount(0)
  // Not slowed down: the header light says nothing about the rate.
  await expect(page.locator('.session-rate')).toHaveCount(0)

  await page.getByLabel('Language').selectOption('ru')
  const smppRu = page.getByRole('row').filter({
    has: page.getByRole('button', { name: 'Открыть Песочница (локальный симулятор SMSC)' }),
  })
  await expect(smppRu.getByTestId('provider-rate')).toHaveText('30 из 30 сообщ./с')
})
