// A message's detail, in a plain browser against the sandbox: opened from History, from
// Compose's list and from a conversation, it tells the message's story (every state with its
// time, its reports as they came, with prices per channel for a cascade), follows it live, and
// sends a failed one again as a new message — in English and in Russian.
import { expect, test, type Page } from '@playwright/test'
import { saveScreenshot } from './screens'
import { startServe, type Served } from './serve'

let served: Served

test.beforeAll(async () => {
  served = await startServe()
})

test.afterAll(async () => {
  await served?.stop()
})

/** Compose, on the SMPP sandbox. */
async function composeOnSmpp(page: Page): Promise<void> {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page
    .getByLabel('Provider profile')
    .selectOption({ label: 'Sandbox (local SMSC simulator)' })
}

async function send(page: Page, phone: string, text: string): Promise<void> {
  await page.getByLabel('Phone').fill(phone)
  await page.getByLabel('Text').fill(text)
  await page.getByRole('button', { name: 'Send' }).click()
}

test('History shows a cascade’s reports with the price of each channel', async ({ page }) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page
    .getByLabel('Provider profile')
    .selectOption({ label: 'Sandbox · smsgate (Viber → SMS)' })
  // …11: the sandbox fails every channel but SMS, so Viber and SMS are both charged.
  await send(page, '+7 705 555 0111', 'Your order 4812 is ready')
  const sent = page.getByRole('row').filter({ hasText: '77055550111' }).first()
  await expect(sent.getByTestId('message-status')).toHaveText('Delivered', { timeout: 45_000 })

  await page.keyboard.press('Alt+4')
  await expect(page.getByRole('heading', { name: 'History' })).toBeVisible()
  // The row of the message, whichever language the table is named in.
  const row = page.locator('[data-message-id]').filter({ hasText: '77055550111' })
  await expect(page.getByRole('table', { name: 'Message history' }).locator(row)).toBeVisible()
  await row.getByRole('button', { name: /^Details of message \d+$/ }).click()
  const dialog = page.getByRole('dialog', { name: /^Message \d+$/ })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByTestId('detail-state')).toHaveText('Delivered')
  const last = dialog.getByTestId('receipt').last()
  await expect(last).toContainText('Delivered')
  await expect(last.getByTestId('receipt-price')).toHaveText('3.40')
  await expect(last.getByTestId('receipt-channel-prices')).toHaveText('Viber 0.90 · SMS 2.50')
  await expect(dialog.getByText('3.40', { exact: true }).first()).toBeVisible()
  // Nothing to do with a delivered message.
  await expect(dialog.getByRole('group', { name: 'What can be done' })).toHaveCount(0)
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(dialog).toBeHidden()

  // In Russian.
  await page.getByLabel('Language').selectOption('ru')
  await row.getByRole('button', { name: /^Подробно о сообщении \d+$/ }).click()
  const ru = page.getByRole('dialog', { name: /^Сообщение \d+$/ })
  await expect(ru.getByRole('columnheader', { name: 'Цена по каналам' })).toBeVisible()
  await expect(ru.getByTestId('receipt').last()).toContainText('Доставлено')
  await expect(ru.getByTestId('receipt').last().getByTestId('receipt-channel-prices')).toHaveText(
    'Viber 0.90 · SMS 2.50',
  )
  await page.keyboard.press('Escape')
  await expect(ru).toBeHidden()
  await page.getByLabel('Язык').selectOption('en')
})

test('a failed message’s story, and Send again as a new message from Compose’s list', async ({
  page,
}) => {
  await composeOnSmpp(page)
  // In the sandbox, numbers ending in 00 fail.
  await send(page, '+992 90 123 4500', 'Your parcel is at the post office')
  const row = page.getByRole('row').filter({ hasText: '992901234500' }).first()
  // Opened while it is still on its way, the detail follows it to the end.
  await row.getByRole('button', { name: /^Details of message \d+$/ }).click()
  const dialog = page.getByRole('dialog', { name: /^Message \d+$/ })
  await expect(dialog.getByTestId('detail-state')).toHaveText('Failed', { timeout: 45_000 })
  const steps = dialog.getByTestId('detail-step')
  await expect(steps.first()).toContainText('Created: Queued')
  await expect(steps).toHaveCount(4)
  await expect(steps.nth(1)).toHaveAttribute('data-state', 'sending')
  await expect(steps.nth(2)).toHaveAttribute('data-state', 'accepted')
  await expect(steps.nth(3)).toHaveAttribute('data-state', 'failed')
  await expect(dialog.getByTestId('receipt-raw').last()).toContainText('stat:UNDELIV')
  await saveScreenshot(page, 'message-detail')
  const title = (await dialog.getByRole('heading').first().textContent()) ?? ''
  const firstId = Number(/\d+/.exec(title)?.[0])

  await dialog.getByRole('button', { name: 'Send again as a new message' }).click()
  const said = dialog.getByRole('status').filter({ hasText: /^Sent again as message \d+\./ })
  await expect(said).toBeVisible()
  const secondId = Number(/message (\d+)/.exec((await said.textContent()) ?? '')?.[1])
  expect(secondId).toBeGreaterThan(firstId)
  await expect(dialog.getByText('Sent again as', { exact: true })).toBeVisible()
  // The new one opens in its place, naming the one it repeats, and goes out by itself.
  await said.getByRole('button', { name: `Message ${secondId}` }).click()
  await expect(dialog).toHaveAccessibleName(`Message ${secondId}`)
  await expect(dialog.getByRole('button', { name: `Message ${firstId}` })).toBeVisible()
  await expect(dialog.getByTestId('detail-state')).toHaveText('Failed', { timeout: 45_000 })
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  // Compose's list holds both, the new one as a message of its own.
  await expect(page.locator(`[data-message-id="${secondId}"]`)).toContainText('992901234500')
  await expect(page.locator(`[data-message-id="${firstId}"]`)).toHaveAttribute(
    'data-state',
    'failed',
  )
})

test('a reply’s detail opens from its conversation, in Russian', async ({ page }) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.keyboard.press('Alt+7')
  await page.getByText('Simulate a customer’s message (sandbox)').click()
  const simulate = page.getByRole('form', { name: 'Simulate a customer’s message (sandbox)' })
  await simulate.getByLabel('Customer’s number').fill('+992 90 111 4455')
  await simulate.getByLabel('Message', { exact: true }).fill('Где мой заказ?')
  await simulate.getByRole('button', { name: 'Receive it' }).click()
  const threads = page.getByRole('list', { name: 'Conversations' }).getByRole('button')
  await threads.filter({ hasText: '992901114455' }).click()
  const reply = page.getByRole('form', { name: /Reply/ })
  await reply.getByLabel('Your reply').fill('Заказ уже в пути')
  await reply.getByLabel('Your reply').press('Control+Enter')

  await page.getByLabel('Language').selectOption('ru')
  const bubble = page.locator('[data-direction="out"]').filter({ hasText: 'Заказ уже в пути' })
  await bubble.getByRole('button', { name: /^Подробно о сообщении \d+$/ }).click()
  const dialog = page.getByRole('dialog', { name: /^Сообщение \d+$/ })
  await expect(dialog.getByTestId('detail-state')).toHaveText('Доставлено', { timeout: 45_000 })
  await expect(dialog.getByTestId('detail-step').first()).toContainText('Создано: В очереди')
  await expect(dialog.getByText('Заказ уже в пути')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await page.getByLabel('Язык').selectOption('en')
})

test('Compose schedules a message; the scheduled list moves it, sends it now or cancels it', async ({
  page,
}) => {
  await composeOnSmpp(page)
  const scheduled = page.getByRole('table', { name: 'Scheduled messages' })

  for (const [phone, text] of [
    ['+992 90 555 0171', 'Your appointment is tomorrow at 10:00'],
    ['+992 90 555 0172', 'Your parcel arrives tomorrow'],
  ] as const) {
    await page.getByLabel('Phone').fill(phone)
    await page.getByLabel('Text').fill(text)
    await page.getByLabel('Send later').check()
    // An hour from now is where the field starts.
    await expect(page.getByLabel('Send at')).not.toHaveValue('')
    await page.getByRole('button', { name: 'Schedule' }).click()
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: /^Message #\d+ will go at \d\d\/\d\d\/\d{4}, \d\d:\d\d\.$/ }),
    ).toBeVisible()
  }
  const first = scheduled.getByRole('row').filter({ hasText: '992905550171' })
  const second = scheduled.getByRole('row').filter({ hasText: '992905550172' })
  await expect(first).toBeVisible()
  await expect(second).toBeVisible()

  // Another time: a day later.
  const before = (await first.getByTestId('scheduled-at').textContent()) ?? ''
  const id = Number(await first.getAttribute('data-message-id'))
  const later = new Date(Date.now() + 26 * 3_600_000)
  const local = new Date(later.getTime() - later.getTimezoneOffset() * 60_000)
  await first.getByLabel(`New time for message ${id}`).fill(local.toISOString().slice(0, 16))
  await first.getByRole('button', { name: 'Move' }).click()
  await expect(first.getByTestId('scheduled-at')).not.toHaveText(before)

  // Sent now: it leaves the list and is delivered; the other one is cancelled.
  await first.getByRole('button', { name: `Send message ${id} now` }).click()
  await expect(first).toHaveCount(0)
  const recent = page.getByRole('table', { name: 'Recent messages' })
  await expect(
    recent.locator(`[data-message-id="${id}"]`).getByTestId('message-status'),
  ).toHaveText('Delivered', { timeout: 45_000 })
  const otherId = Number(await second.getAttribute('data-message-id'))
  await second.getByRole('button', { name: `Cancel message ${otherId}` }).click()
  await expect(scheduled).toHaveCount(0)
  await expect(
    recent.locator(`[data-message-id="${otherId}"]`).getByTestId('message-status'),
  ).toHaveText('Cancelled')
})
