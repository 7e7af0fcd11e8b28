// Number verification by the customer's call in the browser, against the embedded SMSC sandbox:
// from a conversation, Verify by call shows the number to call and a countdown that moves; the
// customer calls from the sandbox; the inbound polling brings the call and the dialog says
// Verified, the card keeps a badge, the conversation a line for the call.
import { expect, test } from '@playwright/test'
import { saveScreenshot } from './screens'
import { callApi, injectInbound, openScreen, startServe, type Served } from './serve'

let served: Served

test.beforeAll(async () => {
  served = await startServe()
})

test.afterAll(async () => {
  await served?.stop()
})

const CUSTOMER = '79161234567'

test('a customer’s number verified by their call, from their conversation', async ({ page }) => {
  // SMSC HTTP inbound is polled (every 30 s in the served console): the message, then the call.
  test.setTimeout(180_000)
  await openScreen(page, served, 'Inbox')
  await injectInbound(page, served, {
    profileId: 'sandbox-smsc',
    from: '+7 916 123 45 67',
    to: '79001234501',
    text: 'Please confirm my number',
  })
  const threads = page.getByRole('list', { name: 'Conversations' }).getByRole('button')
  await threads.filter({ hasText: CUSTOMER }).click({ timeout: 60_000 })
  const card = page.getByRole('complementary', { name: `About ${CUSTOMER}` })
  await expect(card.getByTestId('customer-verified')).toContainText('Not verified')

  await card.getByRole('button', { name: 'Verify by call' }).click()
  const dialog = page.getByRole('dialog', { name: `Verify ${CUSTOMER} by call` })
  const number = dialog.getByTestId('verify-number')
  await expect(number).toHaveText(/^\+7\d{10}$/)
  const toCall = (await number.textContent())?.slice(1) ?? ''
  const all = dialog.getByRole('list', { name: 'The provider assigns one of these numbers' })
  await expect(all.getByRole('listitem')).not.toHaveCount(0)
  await expect(all.getByRole('listitem').filter({ hasText: `+${toCall}` })).toHaveCount(1)
  // The countdown starts at 15:00 (read from the deadline) and goes down.
  const timer = dialog.getByRole('timer', { name: 'Time left to call' })
  await expect(timer).toHaveText(/^1[45]:\d\d$/)
  const first = (await timer.textContent()) ?? ''
  await expect(timer).not.toHaveText(first)
  await expect(dialog.getByTestId('verify-state')).toHaveText('Waiting for the customer’s call…')
  await saveScreenshot(page, 'verify-by-call')

  // The customer calls, from the sandbox: the number shown is the one called.
  await dialog.getByRole('button', { name: 'Call as the customer (sandbox)' }).click()
  await expect(dialog.getByRole('status').filter({ hasText: `called +${toCall}` })).toBeVisible()
  await expect(dialog.getByTestId('verify-state')).toHaveText(
    /^Verified: the customer called at /,
    { timeout: 60_000 },
  )
  await expect(dialog.getByRole('timer')).toHaveCount(0)
  // The same in Russian.
  await page.getByLabel('Language').selectOption('ru')
  await expect(
    page.getByRole('dialog', { name: `Подтверждение номера ${CUSTOMER} звонком` }),
  ).toContainText('Подтверждено: клиент позвонил')
  await page.getByLabel('Язык').selectOption('en')
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(dialog).toHaveCount(0)

  // The card says so; the conversation has a line for the call, and no reply waits for it.
  await expect(card.getByTestId('customer-verified').getByTestId('verified-badge')).toHaveText(
    '✓ Verified',
  )
  const conversation = page.getByRole('region', { name: `Conversation with ${CUSTOMER}` })
  await expect(conversation.getByText('Called to verify the number')).toBeVisible()
  await expect(conversation.getByText('[waitcall]')).toHaveCount(0)
  const verified = (await callApi(page, served, 'verification.get', { phone: CUSTOMER })) as {
    state: string
    callPhone: string
  }
  expect(verified).toMatchObject({ state: 'verified', callPhone: toCall })
})

test('a contact’s number verified by call from Contacts, with a badge in the list', async ({
  page,
}) => {
  await openScreen(page, served, 'Contacts')
  await page.getByRole('button', { name: 'New contact' }).click()
  const editor = page.getByRole('dialog', { name: 'New contact' })
  await editor.getByLabel('Phone').fill('+7 916 765 43 21')
  await editor.getByLabel('Name').fill('Ivan')
  await editor.getByRole('button', { name: 'Save' }).click()
  const row = page.getByRole('row').filter({ hasText: '79167654321' })
  await expect(row.getByTestId('verified-badge')).toHaveCount(0)
  await row.getByRole('button', { name: /79167654321/ }).click()
  await page
    .getByRole('dialog', { name: 'Ivan' })
    .getByRole('button', { name: 'Verify by call' })
    .click()
  const dialog = page.getByRole('dialog', { name: 'Verify 79167654321 by call' })
  // Asked through the only profile that can: the SMSC HTTP sandbox (never the SMPP one).
  await expect(dialog.getByText('Through Sandbox · SMSC')).toBeVisible()
  await expect(dialog.getByTestId('verify-number')).toHaveText(/^\+7\d{10}$/)
  await dialog.getByRole('button', { name: 'Call as the customer (sandbox)' }).click()
  await expect(dialog.getByTestId('verify-state')).toHaveText(/^Verified/, { timeout: 60_000 })
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(row.getByTestId('verified-badge')).toHaveText('✓ Verified')
})
