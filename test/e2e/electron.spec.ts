// The same operator flows through the real Electron app (sending, bulk import, replies,
// templates, contacts and group sends, opt-outs, the canary). Skips itself where Electron's
// runtime has not been downloaded (`npm install` does not; `npm start` does, CI never does).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  _electron as electron,
  expect,
  test,
  type ElectronApplication,
  type Page,
} from '@playwright/test'
import ExcelJS from 'exceljs'
import { connectionLights } from './serve'

const root = resolve(__dirname, '../..')

/**
 * Where the Electron binary is, without require('electron'): that module downloads the
 * binary over the network when it is missing, which a test must never trigger.
 */
function electronBinary(): string | null {
  const pkg = join(root, 'node_modules', 'electron')
  const pathFile = join(pkg, 'path.txt')
  if (!existsSync(pathFile)) return null
  const relative = readFileSync(pathFile, 'utf8').trim()
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkg, 'dist')
  const binary = join(base, relative)
  return existsSync(binary) ? binary : null
}

const binary = electronBinary()
test.skip(
  binary === null,
  'No Electron runtime in node_modules/electron: `npm install` does not download it; `node scripts/electron-runtime.mjs` (or `npm start`) does, and enables this test',
)

let app: ElectronApplication
let page: Page
let dataDir: string

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sms-console-electron-'))
  app = await electron.launch({
    executablePath: binary ?? undefined,
    args: [
      // Chromium refuses to start as root without this; the window itself stays sandboxed.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      join(root, 'out', 'main', 'index.js'),
      '--data-dir',
      dataDir,
    ],
    env: { ...process.env, ELECTRON_RENDERER_URL: '' },
  })
  page = await app.firstWindow()
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 })
})

test.afterAll(async () => {
  await app?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

test('the window gets exactly the contract and nothing of Node', async () => {
  const surface = await page.evaluate(async () => {
    const g = globalThis as unknown as {
      api?: Record<string, unknown> & {
        invoke(name: string, request: unknown): Promise<{ ok: boolean; error?: { code: string } }>
      }
      require?: unknown
      process?: unknown
    }
    const unknown = await g.api?.invoke('system.exec', {})
    return {
      keys: Object.keys(g.api ?? {}).sort(),
      unknownCode: unknown?.error?.code ?? null,
      require: typeof g.require,
      process: typeof g.process,
    }
  })
  expect(surface).toEqual({
    keys: ['invoke', 'on'],
    unknownCode: 'UNKNOWN_CALL',
    require: 'undefined',
    process: 'undefined',
  })
})

test('sends through the sandbox and follows the message to delivered', async () => {
  await expect(page.getByLabel('Provider profile').locator('option:checked')).toHaveText(/Sandbox/)
  const lights = await connectionLights(page)
  await expect(lights.and(page.locator('[data-status="bound"]')).first()).toBeVisible()
  await page.keyboard.press('Escape')

  await page.getByLabel('Phone').fill('+992 90 765 4321')
  await page.getByLabel('Text').fill('Привет')
  await expect(page.getByLabel('Message length')).toHaveText('UCS-2 · 6/70 · 1 part')
  await page.getByRole('button', { name: 'Send' }).click()

  const row = page.getByRole('row').filter({ hasText: '992907654321' }).first()
  await expect(row.getByTestId('message-status')).toHaveText('Delivered', { timeout: 30_000 })
})

test('shows main’s validation error next to the phone field', async () => {
  await page.getByLabel('Phone').fill('call me')
  await page.getByLabel('Text').fill('Hello')
  await page.getByRole('button', { name: 'Send' }).click()
  await expect(page.getByLabel('Phone')).toHaveAccessibleDescription(/phone may hold digits/)
})

test('bulk import opens a file through the desktop dialog, read in place by main', async () => {
  const fixture = join(root, 'test', 'fixtures', 'csv', 'clients-cp1251.csv')
  // The OS dialog cannot be clicked by a test: main's dialog answers with the fixture's path.
  const titles = await app.evaluate(({ dialog }, path) => {
    const asked: string[] = []
    ;(globalThis as { askedTitles?: string[] }).askedTitles = asked
    dialog.showOpenDialog = (async (...args: unknown[]) => {
      const options = args.at(-1) as { title?: string }
      asked.push(options.title ?? '')
      return { canceled: false, filePaths: [path] }
    }) as typeof dialog.showOpenDialog
    return asked
  }, fixture)
  expect(titles).toEqual([])

  await page.getByRole('button', { name: 'Bulk import' }).click()
  // The desktop app offers its own dialog instead of the page's file input.
  await expect(page.locator('input[type="file"]')).toHaveCount(0)
  await page.getByRole('button', { name: 'Open a CSV file…' }).click()
  await expect(page.getByText('9 rows in clients-cp1251.csv')).toBeVisible()
  await expect(page.getByLabel('Encoding')).toHaveValue('windows-1251')
  await expect(page.getByRole('table', { name: 'First rows of the file' })).toContainText(
    'Мария "Маша"',
  )
  const asked = await app.evaluate(
    () => (globalThis as { askedTitles?: string[] }).askedTitles ?? [],
  )
  expect(asked).toEqual(['Choose the CSV file to send'])
})

test('a failed message’s story opens from Compose’s list and sends it again, in the desktop app', async () => {
  await page.getByRole('button', { name: 'Compose' }).click()
  await page.getByLabel('Phone').fill('+992 90 765 4300')
  await page.getByLabel('Text').fill('Your parcel is at the post office')
  await page.getByRole('button', { name: 'Send' }).click()
  const row = page.getByRole('row').filter({ hasText: '992907654300' }).first()
  await expect(row.getByTestId('message-status')).toHaveText('Failed', { timeout: 30_000 })
  await row.getByRole('button', { name: /^Details of message \d+$/ }).click()
  const dialog = page.getByRole('dialog', { name: /^Message \d+$/ })
  await expect(dialog.getByTestId('detail-step')).toHaveCount(4)
  await dialog.getByRole('button', { name: 'Send again as a new message' }).click()
  await expect(dialog.getByRole('status')).toHaveText(/^Sent again as message \d+\./)
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
})

test('a reply counts in the window’s title until read, and the customer card names the number', async () => {
  await page.getByRole('button', { name: 'Inbox' }).click()
  await page.getByText('Simulate a customer’s message (sandbox)').click()
  const simulate = page.getByRole('form', { name: 'Simulate a customer’s message (sandbox)' })
  await simulate.getByLabel('Customer’s number').fill('+992 93 555 0111')
  await simulate.getByLabel('Message', { exact: true }).fill('Is my order ready?')
  await simulate.getByRole('button', { name: 'Receive it' }).click()
  // The window's title counts it (the dock or launcher badge too, where the desktop has one).
  await expect(page).toHaveTitle(/^\(\d+\) SMS Operator Console$/, { timeout: 30_000 })
  await page
    .getByRole('list', { name: 'Conversations' })
    .getByRole('button')
    .filter({ hasText: '992935550111' })
    .click()
  await expect(page).toHaveTitle('SMS Operator Console')
  const card = page.getByRole('complementary', { name: 'About 992935550111' })
  await card.getByLabel('Name').fill('Малика')
  await card.getByRole('button', { name: 'Save' }).click()
  await expect(
    page.getByRole('heading', { name: 'Conversation with Малика (992935550111)' }),
  ).toBeVisible()
})

test('a text saved as a template is picked again from Compose, in the desktop app', async () => {
  await page.getByRole('button', { name: 'Compose' }).click()
  const text = page.getByLabel('Text', { exact: true })
  await text.fill('Ваш платёж получен, спасибо!')
  await page.getByRole('button', { name: 'Insert template' }).click()
  await page.getByRole('button', { name: 'Save this text as a template…' }).click()
  const library = page.getByRole('dialog', { name: 'Templates' })
  await library.getByLabel('Name').fill('Платёж получен')
  await library.getByRole('button', { name: 'Save' }).click()
  await expect(
    library.getByRole('status').filter({ hasText: 'Saved «Платёж получен».' }),
  ).toBeVisible()
  await library.getByRole('button', { name: 'Close' }).click()
  await text.fill('')
  await page.getByRole('button', { name: 'Insert template' }).click()
  await page.getByRole('combobox', { name: 'Find a template' }).fill('платеж')
  await page.getByRole('combobox', { name: 'Find a template' }).press('Enter')
  await expect(text).toHaveValue('Ваш платёж получен, спасибо!')
})

test('contacts from a workbook, through the desktop dialog, into a group, and sent a template', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'electron-contacts-'))
  const file = join(dir, 'debtors.xlsx')
  const wb = new ExcelJS.Workbook()
  const sheet = wb.addWorksheet('Debtors')
  sheet.addRow(['Phone', 'Name', 'Debt'])
  sheet.addRow(['992901330001', 'Farhod', 1500])
  sheet.addRow(['992901330002', 'Dilnoza', 300])
  await wb.xlsx.writeFile(file)
  await app.evaluate(({ dialog }, path) => {
    dialog.showOpenDialog = (async () => ({
      canceled: false,
      filePaths: [path],
    })) as unknown as typeof dialog.showOpenDialog
  }, file)

  await page.getByRole('button', { name: 'Contacts' }).click()
  await page.getByRole('button', { name: 'New group' }).click()
  const groupDialog = page.getByRole('dialog', { name: 'New group' })
  await groupDialog.getByLabel('Group name').fill('Debtors')
  await groupDialog.getByRole('button', { name: 'Save' }).click()
  await page.getByRole('button', { name: 'Import contacts from a file' }).click()
  const importDialog = page.getByRole('dialog', { name: 'Import contacts from a file' })
  await importDialog.getByRole('button', { name: 'Open an Excel or CSV file…' }).click()
  await expect(importDialog.getByText('2 rows in debtors.xlsx')).toBeVisible()
  await importDialog.getByRole('button', { name: 'Import' }).click()
  await expect(importDialog.getByRole('status')).toContainText('2 added, 0 updated.')
  await importDialog.getByRole('button', { name: 'Close' }).click()

  await page.getByRole('button', { name: 'Send to 2 contacts…' }).click()
  await page.getByLabel('Sender').fill('Bank')
  await page.getByLabel('Message template').fill('{name}, please pay {Debt}')
  await page.getByRole('button', { name: 'Check rows' }).click()
  await page.getByRole('button', { name: 'Send to 2 recipients' }).click()
  await expect(page.getByTestId('batch-panel').getByTestId('batch-delivered')).toHaveText('2', {
    timeout: 60_000,
  })
  rmSync(dir, { recursive: true, force: true })
})

test('a reply “стоп” lands its number on the stop-list, in the desktop app', async () => {
  await page.getByRole('button', { name: 'Inbox' }).click()
  await page.getByText('Simulate a customer’s message (sandbox)').click()
  const simulate = page.getByRole('form', { name: 'Simulate a customer’s message (sandbox)' })
  await simulate.getByLabel('Customer’s number').fill('+992 93 555 0177')
  await simulate.getByLabel('Message', { exact: true }).fill('Стоп')
  await simulate.getByRole('button', { name: 'Receive it' }).click()
  await page
    .getByRole('list', { name: 'Conversations' })
    .getByRole('button')
    .filter({ hasText: '992935550177' })
    .click()
  await expect(page.getByTestId('opt-out')).toHaveText(
    'Asked to stop: the number is on the stop-list, no bulk message goes to it.',
  )
  await page.getByRole('button', { name: 'Bulk import' }).click()
  await page.getByLabel('Search the stop-list').fill('992935550177')
  await expect(
    page.getByRole('table', { name: 'Stop-list' }).getByRole('cell', { name: 'Стоп' }),
  ).toBeVisible()
})

test('a canary pauses its batch by itself, in the desktop app', async () => {
  await page.getByRole('button', { name: 'Bulk import' }).click()
  const rows = ['992901880100', '992901880200', '992901880311', '992901880411']
  await page.getByLabel('Or paste rows').fill(['phone', ...rows].join('\n'))
  await page.getByRole('button', { name: 'Use pasted rows' }).click()
  await page.getByLabel('Sender').fill('Shop')
  await page.getByLabel('Message template').fill('Скидка до конца недели')
  await page.getByRole('button', { name: 'Check rows' }).click()
  await page.getByLabel('Send to the first recipients first (a canary)').check()
  await page.getByLabel('First recipients', { exact: true }).fill('2')
  await page.getByLabel('Pause if more than this % fail').fill('50')
  await page.getByRole('button', { name: 'Send to 4 recipients' }).click()
  await expect(page.getByTestId('batch-panel').getByTestId('batch-canary')).toHaveText(
    'Paused by its canary: 2 of 2 failed, more than 50%. Resume to send the rest anyway.',
    { timeout: 60_000 },
  )
})
