// The console in a plain browser (`npm run serve`), driven the way an operator uses it.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { connectionLights, startServe, type Served } from './serve'

let served: Served

test.beforeAll(async () => {
  served = await startServe()
})

test.afterAll(async () => {
  const code = await served?.stop()
  expect(code, 'serve.js exits cleanly on SIGTERM').toBe(0)
})

async function openConsole(page: Page): Promise<void> {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
}

test('sends through the sandbox and follows the message to delivered', async ({ page }) => {
  await openConsole(page)

  const profile = page.getByLabel('Provider profile')
  await expect(profile.locator('option:checked')).toHaveText(/Sandbox/)
  await expect(page.getByText('Messages go to the local simulator')).toBeVisible()
  const lights = await connectionLights(page)
  await expect(lights.and(page.locator('[data-status="bound"]')).first()).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByLabel('Sender')).not.toHaveValue('')

  const counter = page.getByLabel('Message length')
  const send = page.getByRole('button', { name: 'Send' })
  await expect(send).toBeDisabled()

  await page.getByLabel('Phone').fill('+992 90 123 4567')
  await page.getByLabel('Text').fill('Hello')
  await expect(counter).toHaveText('GSM-7 · 5/160 · 1 part')
  await page.getByLabel('Text').fill('Привет! '.repeat(10))
  await expect(counter).toHaveText('UCS-2 · 80/134 · 2 parts')
  await page.getByLabel('Text').fill('Your parcel is ready: pick it up at desk 4 [ref 7781]')
  // 53 characters, but [ and ] are GSM-7 extension characters: two septets each.
  await expect(counter).toHaveText('GSM-7 · 55/160 · 1 part')

  await expect(send).toBeEnabled()
  await send.click()
  await expect(page.getByRole('status').filter({ hasText: /Queued as message #\d+/ })).toBeVisible()

  const row = page.getByRole('row').filter({ hasText: '992901234567' }).first()
  await expect(row).toBeVisible()
  // No reload: the status cell follows the message.updated pushes to the end.
  await expect(row.getByTestId('message-status')).toHaveText('Delivered', { timeout: 30_000 })
  await expect(page.getByLabel('Phone')).toHaveValue('')

  if (process.env.UPDATE_SCREENSHOT === '1') {
    // The README's picture: a few delivered messages and a Cyrillic draft in the counter.
    await page.getByLabel('Phone').fill('992 93 555 0101')
    await page.getByLabel('Text').fill('Ваш код подтверждения: 4812')
    await send.click()
    await expect(page.getByTestId('message-status').first()).toHaveText('Delivered', {
      timeout: 30_000,
    })
    await page.setViewportSize({ width: 1200, height: 640 })
    await page.getByLabel('Phone').fill('992 91 700 2233')
    await page
      .getByLabel('Text')
      .fill('Здравствуйте! Ваша заявка №4812 принята, курьер приедет завтра с 10:00 до 14:00.')
    await page.screenshot({ path: resolve(__dirname, '../../resources/screenshot.png') })
  }
})

test('shows main’s validation error next to the phone field', async ({ page }) => {
  await openConsole(page)
  const phone = page.getByLabel('Phone')
  await phone.fill('call me')
  await page.getByLabel('Text').fill('Hello')
  await page.getByRole('button', { name: 'Send' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'phone may hold digits' })).toBeVisible()
  await expect(phone).toHaveAttribute('aria-invalid', 'true')
  await expect(phone).toHaveAccessibleDescription(/phone may hold digits/)

  // Past the schema, the number check in main: too short to be a subscriber number.
  await phone.fill('12345')
  await expect(phone).not.toHaveAttribute('aria-invalid', 'true')
  await page.getByRole('button', { name: 'Send' }).click()
  await expect(phone).toHaveAccessibleDescription(/too short/)
  await expect(page.getByRole('row').filter({ hasText: /^12345$/ })).toHaveCount(0)

  // Main names the field by its path, so the same refusal lands there in Russian too.
  await page.getByLabel('Language').selectOption('ru')
  await page.getByRole('button', { name: 'Отправить' }).click()
  await expect(page.getByLabel('Телефон')).toHaveAccessibleDescription(/слишком короткий/)
  await page.getByLabel('Язык').selectOption('en')
})

test('switches the interface to Russian and back', async ({ page }) => {
  await openConsole(page)
  await page.getByLabel('Language').selectOption('ru')
  await expect(page.getByLabel('Телефон')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Отправить' })).toBeVisible()
  await page.getByLabel('Язык').selectOption('en')
  await expect(page.getByLabel('Phone')).toBeVisible()
})

test('a page without the token gets no API and says why', async ({ page }) => {
  await page.goto(`${served.origin}/`)
  await expect(page.getByRole('alert')).toContainText('this page has no access token')
  await expect(page.locator('html')).not.toHaveAttribute('data-ready', 'true')

  await page.goto(`${served.origin}/?token=${'0'.repeat(64)}`)
  await expect(page.getByRole('alert')).toContainText('refused this page’s token')
  await expect(page.locator('html')).not.toHaveAttribute('data-ready', 'true')
})

test('a page from another origin cannot open the API socket, even with the token', async ({
  page,
}) => {
  const other: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' })
    res.end('<!doctype html><title>elsewhere</title>')
  })
  await new Promise<void>((done) => other.listen(0, '127.0.0.1', done))
  try {
    const port = (other.address() as AddressInfo).port
    await page.goto(`http://127.0.0.1:${port}/`)
    const wsUrl = `${served.origin.replace('http', 'ws')}/api?token=${served.token}`
    const outcome = await page.evaluate(
      (url) =>
        new Promise<string>((done) => {
          const ws = new WebSocket(url)
          ws.onopen = () => done('open')
          ws.onclose = () => done('refused')
        }),
      wsUrl,
    )
    expect(outcome).toBe('refused')
  } finally {
    await new Promise((done) => other.close(done))
  }
})

test('a quote or a dash that forces UCS-2 is named, and one click keeps the text GSM-7', async ({
  page,
}) => {
  await openConsole(page)
  const text = `Your order “4812” is ready — pick it up today… ${'Thanks for shopping with us. '.repeat(2)}`
  await page.getByLabel('Text').fill(text)
  await expect(page.getByLabel('Message length')).toHaveText(/^UCS-2 · \d+\/134 · 2 parts$/)
  const check = page.getByTestId('gsm-check')
  await expect(check).toContainText(
    'Goes as UCS-2 (70 characters a part) because of «“» «”» «—» «…».',
  )
  await check.getByRole('button', { name: 'Use plain characters: 2 parts → 1 part' }).click()
  await expect(page.getByLabel('Text')).toHaveValue(
    `Your order "4812" is ready - pick it up today... ${'Thanks for shopping with us. '.repeat(2)}`,
  )
  await expect(page.getByLabel('Message length')).toHaveText(/^GSM-7 · \d+\/160 · 1 part$/)
  await expect(check).toHaveCount(0)

  // A Russian text is UCS-2 by its language: nothing to say.
  await page.getByLabel('Text').fill('Ваш заказ «4812» готов')
  await expect(page.getByLabel('Message length')).toHaveText(/^UCS-2/)
  await expect(check).toHaveCount(0)
  await page.getByLabel('Text').fill('')
})
