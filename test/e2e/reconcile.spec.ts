// Reconciling with the provider's own record in a plain browser, against the SMSC sandbox: messages
// sent, our history made to differ (one message uncertain, as a lost answer leaves it; another
// with a price the provider did not charge), a reconciliation started from History, its job seen
// moving to Compared, the differences listed by kind, and the provider's status adopted.
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import Database from 'better-sqlite3'
import { expect, test, type Page } from '@playwright/test'
import { callApi, openScreen, startServe, type Served } from './serve'

let served: Served

test.beforeAll(async () => {
  served = await startServe()
})

test.afterAll(async () => {
  await served?.stop()
})

interface Sent {
  id: number
  phone: string
  state: string
}

async function recent(page: Page): Promise<Sent[]> {
  return (await callApi(page, served, 'messages.recent', { limit: 20 })) as Sent[]
}

test('a reconciliation from History finds the differences, and adopts the provider’s status', async ({
  page,
}) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  const phones = ['79161230011', '79161230012', '79161230013']
  const sent: Sent[] = []
  for (const phone of phones) {
    sent.push(
      (await callApi(page, served, 'messages.send', {
        profileId: 'sandbox-smsc',
        sender: 'InfoDesk',
        phone,
        text: `Заказ ${phone.slice(-2)} готов`,
      })) as Sent,
    )
  }
  await expect
    .poll(async () => (await recent(page)).filter((m) => m.state === 'delivered').length, {
      timeout: 90_000,
    })
    .toBe(3)
  const [, dearer, uncertain] = sent as [Sent, Sent, Sent]
  // Our history differs from the provider's: one answer lost (uncertain), one price not the one
  // the provider charged.
  const db = new Database(join(served.dataDir, 'console.db'))
  try {
    db.prepare(
      `UPDATE messages SET state = 'uncertain', error_code = 'outbox:uncertain',
        provider_ids = '[]', next_poll_at = NULL WHERE id = ?`,
    ).run(uncertain.id)
    db.prepare('DELETE FROM message_provider_ids WHERE message_id = ?').run(uncertain.id)
    db.prepare('DELETE FROM delivery_receipts WHERE message_id = ?').run(uncertain.id)
    db.prepare(`UPDATE delivery_receipts SET price = '1.00' WHERE message_id = ?`).run(dearer.id)
  } finally {
    db.close()
  }

  await openScreen(page, served, 'History')
  await page.getByRole('button', { name: 'Reconcile with the provider…' }).click()
  await expect(page.getByRole('heading', { name: 'Reconcile with the provider' })).toBeVisible()
  const form = page.getByRole('form', { name: 'New reconciliation' })
  await expect(form.getByRole('combobox', { name: 'Provider profile' })).toContainText('SMSC')
  // A day of the provider's calendar (SMSC: Moscow time).
  const day = new Date(Date.now() + 180 * 60_000).toISOString().slice(0, 10)
  await form.getByLabel('From', { exact: true }).fill(day)
  await form.getByLabel('To', { exact: true }).fill(day)
  await form.getByRole('button', { name: 'Start' }).click()

  const jobs = page.getByRole('table', { name: 'Reconciliations' })
  await expect(jobs.getByRole('row')).toHaveCount(2)
  // The job's row, in either language.
  const job = page.locator('tr[data-job-id]')
  await expect(job.getByTestId('reconcile-state')).toHaveText(
    /Waiting at the provider|Being exported|Comparing|Compared/,
  )
  await expect(job.getByTestId('reconcile-state')).toHaveText('Compared', { timeout: 60_000 })
  await expect(job.getByTestId('reconcile-found')).toHaveText('2 differences')

  const kinds = page.getByRole('group', { name: 'Kind of difference' })
  await expect(kinds.getByRole('button')).toHaveText([
    'Only at the provider (0)',
    'Only ours (0)',
    'Status differs (1)',
    'Price differs (1)',
  ])
  await expect(page.getByTestId('reconcile-progress')).toContainText(
    '3 messages in the provider’s record, 3 in ours',
  )

  // The uncertain one: ours says Uncertain, the provider's says Delivered.
  const statuses = page.getByRole('table', { name: 'Differences: Status differs' })
  const row = statuses.locator(`tr[data-message-id="${uncertain.id}"]`)
  await expect(row.getByTestId('our-state')).toHaveText('Uncertain')
  await expect(row.getByTestId('their-state')).toHaveText('Delivered (code 1)')

  const axe = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes[0]?.html ?? ''}`)).toEqual([])

  await row.getByRole('button', { name: `Adopt provider’s status for ${uncertain.phone}` }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'was adopted for 1 message' }),
  ).toBeVisible()
  await expect(row).toContainText('Adopted')
  await expect(page.getByRole('button', { name: /Adopt provider’s status for all/ })).toHaveCount(0)
  const detail = (await callApi(page, served, 'messages.detail', { id: uncertain.id })) as {
    message: { state: string }
    trail: { from: string; state: string }[]
  }
  expect(detail.message.state).toBe('delivered')
  expect(detail.trail.at(-1)).toMatchObject({ from: 'accepted', state: 'delivered' })

  // The price the provider charged beside ours.
  await kinds.getByRole('button', { name: 'Price differs (1)' }).click()
  const prices = page.getByRole('table', { name: 'Differences: Price differs' })
  await expect(
    prices.locator(`tr[data-message-id="${dearer.id}"]`).getByRole('cell'),
  ).toContainText(['79161230012', /./, 'Delivered', 'Delivered (code 1)', '1.00', '2.50'])

  // In Russian, every word of it.
  await page.getByLabel('Language').selectOption('ru')
  await expect(page.getByRole('heading', { name: 'Сверка с провайдером' })).toBeVisible()
  await expect(job.getByTestId('reconcile-state')).toHaveText('Сверено')
  await expect(job.getByTestId('reconcile-found')).toHaveText('2 расхождения')
  await expect(page.getByRole('group', { name: 'Вид расхождения' }).getByRole('button')).toHaveText(
    ['Только у провайдера (0)', 'Только у нас (0)', 'Разный статус (1)', 'Разная цена (1)'],
  )
  await expect(page.getByRole('main')).not.toContainText(/[A-Za-z]{2,}(?:,? [A-Za-z]{2,})+/)
  await page.getByLabel('Язык').selectOption('en')

  // Back to History.
  await page.getByRole('button', { name: 'Back to History' }).click()
  await expect(page.getByRole('button', { name: 'Reconcile with the provider…' })).toBeVisible()
})
