// SMSC's message types in Compose, in a real browser (`npm run serve`) against the sandbox SMSC:
// the type offers exactly its fields and counts its own way, an SMS that starts with a type's
// prefix is caught before it is sent and can be sent as that type, and every list and the
// message's detail say what it was.
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

test('a text starting with __VIBER__ goes as a Viber message, its button with it', async ({
  page,
}) => {
  await open(page, 'Compose')
  await expect(page.getByLabel('Provider profile').locator('option:checked')).toHaveText(/Sandbox/)
  const type = page.getByLabel('Message type')
  await expect(type).toHaveValue('sms')
  const text = page.getByLabel('Text', { exact: true })
  const counter = page.getByLabel('Message length')
  const send = page.getByRole('button', { name: 'Send', exact: true })

  await page.getByLabel('Phone').fill('+992 90 123 4601')
  await text.fill('__VIBER__: Скидка 20% до пятницы')
  const stray = page.getByTestId('stray-type')
  await expect(stray).toContainText('SMSC would take it as Viber, not an SMS')
  await stray.getByRole('button', { name: 'Send as Viber' }).click()
  await expect(type).toHaveValue('viber')
  await expect(text).toHaveValue('Скидка 20% до пятницы')
  await expect(stray).toBeHidden()
  // One Viber message up to 1,000 characters, not SMS parts.
  await expect(counter).toHaveText('21/1000 · one message')
  await page.getByLabel('Button text').fill('Open')
  await page.getByLabel('Button link').fill('https://shop.example/')

  await send.click()
  await expect(page.getByRole('status').filter({ hasText: /Queued as message #\d+/ })).toBeVisible()
  const row = page.getByRole('row').filter({ hasText: '992901234601' }).first()
  await expect(row.locator('.badge-type')).toHaveText('Viber')
  await expect(row.getByTestId('message-status')).toHaveText('Delivered', { timeout: 30_000 })
  await row.getByRole('button', { name: /^Details of message \d+$/ }).click()
  const dialog = page.getByRole('dialog', { name: /^Message \d+$/ })
  await expect(dialog.getByText('Open → https://shop.example/')).toBeVisible()
  await page.keyboard.press('Escape')
})

test('an e-mail waits for its subject, a call for its voice, a ping has no text', async ({
  page,
}) => {
  await open(page, 'Compose')
  const type = page.getByLabel('Message type')
  const text = page.getByLabel('Text', { exact: true })
  const send = page.getByRole('button', { name: 'Send', exact: true })
  await page.getByLabel('Phone').fill('+992 90 123 4602')
  await text.fill('Счёт за ноябрь во вложении. '.repeat(10))
  await expect(page.getByLabel('Message length')).toHaveText('UCS-2 · 280/335 · 5 parts')

  await type.selectOption({ label: 'e-mail' })
  await expect(page.getByLabel('Message length')).toHaveText('280/10000 · one message')
  await expect(send).toBeDisabled()
  await page.getByLabel('Subject').fill('Счёт 17')
  await expect(send).toBeEnabled()
  await send.click()
  const row = page.getByRole('row').filter({ hasText: '992901234602' }).first()
  await expect(row.locator('.badge-type')).toHaveText('e-mail')
  await expect(row.getByTestId('message-status')).toHaveText('Delivered', { timeout: 30_000 })
  await row.getByRole('button', { name: /^Details of message \d+$/ }).click()
  const dialog = page.getByRole('dialog', { name: /^Message \d+$/ })
  await expect(dialog.getByText('Счёт 17')).toBeVisible()
  await page.keyboard.press('Escape')

  await type.selectOption({ label: 'voice call' })
  await expect(page.getByLabel('Subject')).toBeHidden()
  await expect(page.getByLabel('Voice')).toHaveValue('w')
  await page.getByLabel('Voice').selectOption({ label: 'Male voice 2' })

  await type.selectOption({ label: 'ping SMS' })
  await expect(text).toBeDisabled()
  await expect(page.getByLabel('Message length')).toContainText('A ping SMS has no text')
  await page.getByLabel('Phone').fill('+992 90 123 4603')
  await send.click()
  const ping = page.getByRole('row').filter({ hasText: '992901234603' }).first()
  await expect(ping.locator('.badge-type')).toHaveText('ping SMS')
  await expect(ping.getByTestId('message-status')).toHaveText('Delivered', { timeout: 30_000 })

  // A profile of another provider has no types to offer: the field is gone.
  await page
    .getByLabel('Provider profile')
    .selectOption({ label: 'Sandbox · smsgate (Viber → SMS)' })
  await expect(type).toBeHidden()
})
