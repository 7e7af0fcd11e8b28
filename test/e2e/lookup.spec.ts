// HLR lookup, dedicated numbers and the inbox in the browser against the embedded sandbox:
// what an agent does on each screen, seen through roles and labels.
import ExcelJS from 'exceljs'
import { expect, test, type Page } from '@playwright/test'
import { saveScreenshot } from './screens'
import { callApi, injectInbound, openScreen, startServe, type Served } from './serve'

let served: Served

test.beforeAll(async () => {
  served = await startServe()
})

test.afterAll(async () => {
  await served?.stop()
})

/** A conversation's name: its number, whether read, its newest word, then its time. */
const named = (start: string) => new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\d`)

const open = (page: Page, screen: string) => openScreen(page, served, screen)

test('an HLR lookup of a pasted list shows the operator fields, and bad entries with reasons', async ({
  page,
}) => {
  await open(page, 'HLR lookup')
  await expect(page.getByText('No lookups yet')).toBeVisible()
  await page.getByLabel('Phone numbers').fill('+7 916 123 45 67\ncall me\n79031234567')
  // Ctrl+Enter in the list sends it, as the Look up button does.
  await page.getByLabel('Phone numbers').press('Control+Enter')
  await expect(page.getByRole('status').filter({ hasText: '2 lookups queued' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Look up' })).toBeEnabled()
  const refused = page.getByRole('list', { name: '1 entry was not looked up:' })
  await expect(refused.getByRole('listitem')).toHaveText(/call me — .*only digits/)
  // The refused entry stays in the box for the agent to fix.
  await expect(page.getByLabel('Phone numbers')).toHaveValue('call me')

  const row = page.getByRole('row').filter({ hasText: '79161234567' })
  await expect(row.getByTestId('hlr-status')).toHaveText('Answered')
  await expect(row.getByTestId('hlr-net')).toHaveText('MTS')
  await expect(row.getByTestId('hlr-mccmnc')).toHaveText('250/01')
  // The country by its network code, in the interface's language.
  await expect(row.getByTestId('hlr-cn')).toHaveText('Russia')
  await page.getByLabel('Language').selectOption('ru')
  await expect(row.getByTestId('hlr-cn')).toHaveText('Россия')
  await page.getByLabel('Язык').selectOption('en')
  await expect(row.getByTestId('hlr-imsi')).toHaveText(/^25001\d{10}$/)
  await expect(row.getByTestId('hlr-rnet')).toHaveText('at home')
  await expect(
    page.getByRole('row').filter({ hasText: '79031234567' }).getByTestId('hlr-status'),
  ).toHaveText('Answered')

  // Lookups travel through the outbox, but no list of messages shows them: not Compose's
  // (its answers came live while this screen was open), nor, read again, History or the reports.
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'Compose' })
    .click()
  await expect(page.getByText('No messages yet.', { exact: true })).toBeVisible()
  await expect(page.getByText('__HLR__')).toHaveCount(0)
  for (const [screen, empty] of [
    ['History', 'Nothing has been sent yet.'],
    ['Delivery reports', 'Nothing was sent in this period.'],
    ['Compose', 'No messages yet.'],
  ] as const) {
    await open(page, screen)
    await expect(page.getByText(empty, { exact: true }), screen).toBeVisible()
    await expect(page.getByText('__HLR__'), screen).toHaveCount(0)
  }
  await open(page, 'HLR lookup')

  // Filtered in the core; and shown again from history after leaving the screen.
  await page.getByLabel('Filter by phone').fill('903')
  await expect(page.getByRole('row').filter({ hasText: '79161234567' })).toHaveCount(0)
  await expect(page.getByRole('row').filter({ hasText: '79031234567' })).toHaveCount(1)
  // The export writes what the filter shows, the number as text.
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export Excel' }).click()
  const file = await downloading
  expect(file.suggestedFilename()).toMatch(/^hlr-\d{8}-\d{4}\.xlsx$/)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(await file.path())
  const sheet = wb.worksheets[0]!
  expect(sheet.rowCount).toBe(2)
  expect(sheet.getRow(2).getCell(1).value).toBe('79031234567')
  expect(sheet.getRow(2).getCell(4).value).toBe('MTS')
  await expect(page.getByRole('status').filter({ hasText: 'Exported 1 row.' })).toBeVisible()
  await page.getByLabel('Filter by phone').fill('')
  await expect(page.getByRole('row').filter({ hasText: '79161234567' })).toHaveCount(1)
  await saveScreenshot(page, 'hlr')
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'Inbox' })
    .click()
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'HLR lookup' })
    .click()
  await expect(
    page.getByRole('row').filter({ hasText: '79161234567' }).getByTestId('hlr-net'),
  ).toHaveText('MTS')
})

test('renting a number asks with the charge, then lists it with its renewal switch', async ({
  page,
}) => {
  await open(page, 'Dedicated numbers')
  await expect(page.getByLabel('Provider profile')).toHaveValue('sandbox-smsc')
  await expect(page.getByText('No numbers rented through this console yet.')).toBeVisible()
  const free = page.getByRole('table', { name: 'Free numbers' })
  const offer = free.getByRole('row').filter({ hasText: '79001234501' })
  await expect(offer).toContainText('Virtual')
  await expect(offer).toContainText('300.00')
  await expect(offer).toContainText('150.00')
  await expect(offer).toContainText('MTS')

  await page.getByRole('button', { name: 'Rent 79001234501' }).click()
  const dialog = page.getByRole('dialog', { name: 'Rent 79001234501?' })
  await expect(dialog.getByTestId('rent-charge')).toHaveText(
    'Your account is charged 150.00 now, for the rest of this month.',
  )
  // Cancel changes nothing.
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(page.getByRole('table', { name: 'Your numbers' }).getByRole('row')).toHaveCount(2)

  await page.getByRole('button', { name: 'Rent 79001234501' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Rent for 150.00' }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(page.getByRole('status').filter({ hasText: '79001234501 is yours' })).toBeVisible()
  const mine = page.getByRole('table', { name: 'Your numbers' })
  const owned = mine.getByRole('row').filter({ hasText: '79001234501' })
  await expect(owned).toContainText('150.00')
  const renewal = owned.getByRole('switch', { name: 'Auto-renewal for 79001234501' })
  await expect(renewal).toBeChecked()
  await expect(free.getByRole('row').filter({ hasText: '79001234501' })).toHaveCount(0)
  await saveScreenshot(page, 'numbers')

  await renewal.uncheck()
  await expect(renewal).not.toBeChecked()
  // The account's list comes from the core: still there, renewal off, after a reload.
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'Dedicated numbers' })
    .click()
  await expect(page.getByRole('switch', { name: 'Auto-renewal for 79001234501' })).not.toBeChecked()
  // The same screen in Russian.
  await page.getByLabel('Language').selectOption('ru')
  await expect(page.getByRole('table', { name: 'Ваши номера' })).toBeVisible()
  await expect(page.getByRole('switch', { name: 'Автопродление для 79001234501' })).toBeVisible()
  await page.getByLabel('Язык').selectOption('en')
})

test('replies cannot be missed: conversations per customer, live, unread counts, notifications, and a reply from the number written to', async ({
  page,
}) => {
  // SMSC HTTP inbound is polled (every 30 s in the served console), SMPP MO is pushed.
  test.setTimeout(120_000)
  // The OS notification itself cannot show in headless Chromium: record what the page asks
  // for, and let the test click it as the agent would.
  await page.addInitScript(() => {
    const notes: { title: string; body: string; click(): void }[] = []
    Object.assign(globalThis, { __notes: notes })
    class RecordedNotification {
      static permission = 'granted'
      static requestPermission = () => Promise.resolve('granted')
      onclick: (() => void) | null = null
      constructor(title: string, options?: { body?: string }) {
        notes.push({ title, body: options?.body ?? '', click: () => this.onclick?.() })
      }
      close() {}
    }
    Object.defineProperty(globalThis, 'Notification', { value: RecordedNotification })
  })
  const notes = () =>
    page.evaluate(() =>
      (globalThis as unknown as { __notes: { title: string; body: string }[] }).__notes.map(
        (n) => ({ title: n.title, body: n.body }),
      ),
    )
  await open(page, 'Inbox')
  await expect(page.getByText('No messages yet.')).toBeVisible()
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'Compose' })
    .click()

  // Two customers write in while the agent is on another screen.
  await injectInbound(page, served, {
    profileId: 'sandbox-smsc',
    from: '+7 701 999 00 11',
    to: '79001234501',
    text: 'Когда доставка?',
  })
  await injectInbound(page, served, {
    from: '+992 93 555 0101',
    to: '7781',
    text: 'Where is order 4812?',
  })
  await injectInbound(page, served, { from: '+992 93 555 0101', to: '7781', text: 'Hello?' })
  const inboxTab = page.getByRole('navigation', { name: 'Screens' }).getByRole('button', {
    name: 'Inbox',
  })
  // The tab and the window title count what waits; each message raised a notification.
  await expect(inboxTab).toHaveAccessibleDescription(/^[23] unread$/)
  await expect.poll(notes, { timeout: 15_000 }).toEqual(
    expect.arrayContaining([
      { title: 'New message from 992935550101', body: 'Where is order 4812?' },
      { title: 'New message from 992935550101', body: 'Hello?' },
    ]),
  )
  await expect(page).toHaveTitle(/^\([23]\) SMS Operator Console$/)
  await expect(inboxTab).toHaveAccessibleDescription('3 unread', { timeout: 60_000 })
  await expect(page).toHaveTitle('(3) SMS Operator Console')

  // A notification opens its conversation: both of the customer's messages, read now.
  await page.evaluate(() =>
    (globalThis as unknown as { __notes: { body: string; click(): void }[] }).__notes
      .find((n) => n.body === 'Hello?')
      ?.click(),
  )
  const conversation = page.getByRole('region', { name: 'Conversation with 992935550101' })
  await expect(conversation).toBeVisible()
  await expect(conversation.getByText('Writes to 7781 through')).toBeVisible()
  const entries = conversation.getByRole('list', { name: 'Messages' }).getByRole('listitem')
  await expect(entries).toHaveText([/Where is order 4812\?/, /Hello\?/])
  await expect(inboxTab).toHaveAccessibleDescription('1 unread')
  await expect(page).toHaveTitle('(1) SMS Operator Console')
  const threads = page.getByRole('list', { name: 'Conversations' }).getByRole('button')
  await expect(threads).toHaveCount(2)
  const ours = threads.filter({ hasText: '992935550101' })
  await expect(ours).toHaveAccessibleName(named('992935550101 all read: Hello?'))
  await expect(threads.filter({ hasText: '77019990011' })).toHaveAccessibleName(
    named('77019990011 1 unread: Когда доставка?'),
  )

  // The reply goes out from the number the customer wrote to, and shows in the conversation.
  const reply = conversation.getByRole('form', { name: 'Reply' })
  await expect(reply.getByLabel('From')).toHaveValue('7781')
  await reply.getByLabel('Your reply').fill('It leaves the warehouse today.')
  await reply.getByLabel('Your reply').press('Control+Enter')
  await expect(entries).toHaveCount(3)
  await expect(entries.last()).toContainText('It leaves the warehouse today.')
  await expect(entries.last().getByTestId('message-status')).toHaveText('Delivered', {
    timeout: 30_000,
  })
  await expect(ours).toHaveAccessibleName(
    named('992935550101 all read: You: It leaves the warehouse today.'),
  )
  // The newest word of any conversation puts it first.
  await expect(threads.first()).toHaveAccessibleName(/^992935550101/)
  // A new message into the open conversation is read as it arrives: no notification.
  const before = (await notes()).length
  await injectInbound(page, served, { from: '992935550101', to: '7781', text: 'Thank you!' })
  await expect(entries).toHaveCount(4)
  await expect(entries.last()).toContainText('Thank you!')
  await expect(inboxTab).toHaveAccessibleDescription('1 unread')
  expect((await notes()).length).toBe(before)
  await saveScreenshot(page, 'inbox')

  // By part of the number.
  await page.getByLabel('Search conversations by number or name').fill('9990')
  await expect(threads).toHaveCount(1)
  await expect(threads).toHaveAccessibleName(/^77019990011 1 unread/)
  await threads.click()
  await expect(
    page.getByRole('region', { name: 'Conversation with 77019990011' }).getByLabel('From'),
  ).toHaveValue('79001234501')
  await expect(inboxTab).not.toHaveAttribute('aria-describedby')
  await expect(page).toHaveTitle('SMS Operator Console')

  // The sandbox writes in as a customer from the screen.
  await page.getByLabel('Search conversations by number or name').fill('')
  await page.getByText('Simulate a customer’s message (sandbox)').click()
  const simulate = page.getByRole('form', { name: 'Simulate a customer’s message (sandbox)' })
  await simulate.getByLabel('Customer’s number').fill('+992 90 111 2233')
  await simulate.getByLabel('Message', { exact: true }).fill('Do you deliver on Sundays?')
  await simulate.getByRole('button', { name: 'Receive it' }).click()
  await expect(threads.first()).toHaveAccessibleName(
    named('992901112233 1 unread: Do you deliver on Sundays?'),
  )
  await expect(inboxTab).toHaveAccessibleDescription('1 unread')
})

test('the customer beside a conversation: counts, the network the last lookup found, the stop-list', async ({
  page,
}) => {
  await open(page, 'HLR lookup')
  await page.getByLabel('Phone numbers').fill('+7 916 555 0042')
  await page.getByRole('button', { name: 'Look up' }).click()
  await expect(
    page.getByRole('row').filter({ hasText: '79165550042' }).getByTestId('hlr-status'),
  ).toHaveText('Answered')

  await open(page, 'Inbox')
  await page.getByText('Simulate a customer’s message (sandbox)').click()
  const simulate = page.getByRole('form', { name: 'Simulate a customer’s message (sandbox)' })
  await simulate.getByLabel('Customer’s number').fill('+7 916 555 0042')
  await simulate.getByLabel('Message', { exact: true }).fill('Please stop the newsletters')
  await simulate.getByRole('button', { name: 'Receive it' }).click()
  await page
    .getByRole('list', { name: 'Conversations' })
    .getByRole('button')
    .filter({ hasText: '79165550042' })
    .click()
  const card = page.getByRole('complementary', { name: 'About 79165550042' })
  await expect(card.getByTestId('customer-messages')).toContainText('1 received · 0 sent')
  await expect(card.getByTestId('customer-network')).toContainText('MTS, Russia')
  await expect(card.getByTestId('customer-stop')).toContainText('Not on the stop-list.')

  // The agent puts the number on the stop-list from here, and takes it off again.
  await card.getByRole('button', { name: 'Add to the stop-list' }).click()
  await expect(card.getByTestId('customer-stop')).toContainText('On the stop-list since')
  await card.getByRole('button', { name: 'Remove from the stop-list' }).click()
  await expect(card.getByTestId('customer-stop')).toContainText('Not on the stop-list.')

  // Named here, the conversation is found by part of the name, in any case.
  await card.getByLabel('Name').fill('Иван Петров')
  await card.getByLabel('Notes').fill('Prefers calls after 18:00')
  await card.getByRole('button', { name: 'Save' }).click()
  await expect(card.getByRole('status')).toHaveText('Saved.')
  await expect(
    page.getByRole('heading', { name: 'Conversation with Иван Петров (79165550042)' }),
  ).toBeVisible()
  await page.getByLabel('Search conversations by number or name').fill('петров')
  const threads = page.getByRole('list', { name: 'Conversations' }).getByRole('button')
  await expect(threads).toHaveCount(1)
  await expect(threads).toContainText('Иван Петров')
  await page.getByLabel('Search conversations by number or name').fill('')

  // A reply counts as it goes out and is delivered.
  const reply = page.getByRole('form', { name: /Reply/ })
  await reply.getByLabel('Your reply').fill('Done: you will get no more newsletters.')
  await reply.getByLabel('Your reply').press('Control+Enter')
  await expect(card.getByTestId('customer-messages')).toContainText('1 received · 1 sent')
  await expect(card.getByTestId('customer-messages')).toContainText('1 delivered', {
    timeout: 45_000,
  })

  // The number's whole history is one click away.
  await card.getByRole('button', { name: 'Every message sent to the number, in History' }).click()
  await expect(page.getByRole('heading', { name: 'History' })).toBeVisible()
  await expect(page.getByRole('searchbox', { name: 'Search', exact: true })).toHaveValue(
    '79165550042',
  )
  await expect(
    page.getByRole('table', { name: 'Message history' }).locator('[data-message-id]'),
  ).toHaveCount(1)
})

test('a reply “стоп” lands the number on the stop-list, is answered once, and the conversation says so', async ({
  page,
}) => {
  // The answer to an opt-out is set on the stop-list.
  await open(page, 'Bulk import')
  const answer = page.getByRole('group', { name: 'Answer to an opt-out' })
  await answer.getByLabel('Answer who opts out').check()
  await expect(answer.getByLabel('The answer')).toHaveValue(
    'You are unsubscribed and will get no more messages from us.',
  )
  await answer.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(answer.getByRole('status')).toHaveText('Saved: who opts out gets this answer.')
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'Inbox' })
    .click()
  await page.getByText('Simulate a customer’s message (sandbox)').click()
  const simulate = page.getByRole('form', { name: 'Simulate a customer’s message (sandbox)' })
  await simulate.getByLabel('Customer’s number').fill('+992 93 555 0166')
  await simulate.getByLabel('Message', { exact: true }).fill('Стоп')
  await simulate.getByRole('button', { name: 'Receive it' }).click()
  await page
    .getByRole('list', { name: 'Conversations' })
    .getByRole('button')
    .filter({ hasText: '992935550166' })
    .click()
  await expect(page.getByTestId('opt-out')).toHaveText(
    'Asked to stop: the number is on the stop-list, no bulk message goes to it.',
  )
  const card = page.getByRole('complementary', { name: 'About 992935550166' })
  await expect(card.getByTestId('customer-stop')).toContainText('On the stop-list since')
  // Answered from the number written to, in the conversation.
  await expect(
    page.getByText('You are unsubscribed and will get no more messages from us.'),
  ).toBeVisible()
  // The other tests here meet customers who are not answered.
  await callApi(page, served, 'stoplist.setReply', { text: null })
})
