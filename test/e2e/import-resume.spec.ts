// A bulk import broken off for real: the browser-mode console is killed with SIGKILL while it
// queues a big file, then started again on the same data folder. The batch offers Resume and
// queues the rest; the same file opened again is recognised and its numbers are not messaged
// twice unless the agent says so.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { startServe, type Served } from './serve'

const ROWS = 300_000
let dir: string
let file: string
const running: Served[] = []

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'import-resume-e2e-'))
  file = join(dir, 'clients.csv')
  const lines = ['phone,name']
  for (let i = 0; i < ROWS; i++) lines.push(`99293${String(i).padStart(7, '0')},Client ${i}`)
  writeFileSync(file, lines.join('\r\n') + '\r\n')
})

test.afterAll(async () => {
  for (const s of running) await s.stop()
  rmSync(dir, { recursive: true, force: true })
})

async function openImport(page: Page, served: Served): Promise<void> {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.getByRole('button', { name: 'Bulk import', exact: true }).click()
}

async function openFile(page: Page): Promise<void> {
  await page.getByLabel('Excel or CSV file').setInputFiles(file)
  await expect(page.getByText(`${ROWS.toLocaleString('en')} rows in clients.csv`)).toBeVisible()
  await page.getByLabel('Sender').fill('Shop')
  await page.getByLabel('Message template').fill('Hello #name#, your order is ready')
  await page.getByRole('button', { name: 'Check rows' }).click()
  // 300,000 rows are checked, perhaps while the first import's batch sends: give it time.
  await expect(page.getByTestId('summary-recipients')).toHaveText(ROWS.toLocaleString('en'), {
    timeout: 120_000,
  })
}

test('an import killed mid-way resumes from its panel; the same file again skips its numbers', async ({
  page,
}) => {
  test.setTimeout(300_000)
  const data = join(dir, 'data')
  const first = await startServe({ dataDir: data })
  await openImport(page, first)
  await openFile(page)
  await page
    .getByRole('button', { name: `Send to ${ROWS.toLocaleString('en')} recipients` })
    .click()
  const panel = page.getByTestId('batch-panel')
  // Killed while its rows are being queued.
  await expect(panel.getByText(/Queueing: [1-9][\d,]* of 300,000/)).toBeVisible()
  await first.kill()

  const second = await startServe({ dataDir: data })
  running.push(second)
  await openImport(page, second)
  await page.getByRole('button', { name: 'Show #1' }).click()
  await expect(panel.getByText('Queueing was interrupted')).toBeVisible()
  await expect(panel.getByText(/resume the import to queue the rest/)).toBeVisible()
  await panel.getByRole('button', { name: 'Resume the import' }).click()
  await expect(panel.getByText('All rows queued')).toBeVisible({ timeout: 120_000 })
  await expect(panel.getByRole('button', { name: 'Resume the import' })).toHaveCount(0)
  // Every row of the file is in the batch once, whatever state its message is in by now.
  const counters = ['queued', 'sent', 'delivered', 'failed', 'uncertain', 'cancelled']
  await expect
    .poll(async () => {
      let sum = 0
      for (const c of counters) {
        sum += Number((await panel.getByTestId(`batch-${c}`).innerText()).replace(/\D/g, ''))
      }
      return sum
    })
    .toBe(ROWS)

  // The same file again: recognised, and nobody is messaged twice unless the agent says so.
  await openFile(page)
  await expect(page.getByTestId('earlier-import')).toContainText(
    'This file was imported before: batch #1',
  )
  await expect(page.getByTestId('summary-already-queued')).toContainText(
    `${ROWS.toLocaleString('en')} of these numbers already got this message`,
  )
  await expect(page.getByRole('button', { name: 'No row can be sent' })).toBeDisabled()
  await page.getByLabel('Send to them again anyway').check()
  await expect(
    page.getByRole('button', { name: `Send to ${ROWS.toLocaleString('en')} recipients` }),
  ).toBeEnabled()
})
