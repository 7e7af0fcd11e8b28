// Contacts in a real browser (`npm run serve`): a group made, contacts imported into it from an
// Excel workbook (local numbers read by the profile's country, other columns as fields), one
// changed by hand, the group exported as a workbook, and a template sent to the group through
// Bulk import, each contact's fields filling its message.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import ExcelJS from 'exceljs'
import { saveScreenshot } from './screens'
import { openScreen, startServe, type Served } from './serve'

let served: Served

test.beforeAll(async () => {
  served = await startServe()
})

test.afterAll(async () => {
  expect(await served?.stop()).toBe(0)
})

const open = (page: Page, screen: string) => openScreen(page, served, screen)

test('contacts imported from Excel into a group, changed, exported, and sent a template as a group', async ({
  page,
}) => {
  test.setTimeout(120_000)
  const dir = mkdtempSync(join(tmpdir(), 'contacts-'))
  const file = join(dir, 'debtors.xlsx')
  const wb = new ExcelJS.Workbook()
  const sheet = wb.addWorksheet('Debtors')
  sheet.addRow(['Phone', 'Name', 'Debt'])
  sheet.addRow([992901220001, 'Farhod', 1500])
  sheet.addRow(['90 122 00 02', 'Dilnoza', 300])
  sheet.addRow(['no number', 'Nobody', 1])
  sheet.addRow([992901220003, 'Rustam', 40])
  await wb.xlsx.writeFile(file)

  await open(page, 'Contacts')
  await expect(page.getByText('No contacts yet. Add one, or import a file.')).toBeVisible()

  await page.getByRole('button', { name: 'New group' }).click()
  const groupDialog = page.getByRole('dialog', { name: 'New group' })
  await expect(groupDialog.getByLabel('Group name')).toBeFocused()
  await groupDialog.getByLabel('Group name').fill('Debtors')
  await groupDialog.getByRole('button', { name: 'Save' }).click()
  await expect(groupDialog).toHaveCount(0)
  const groupFilter = page.getByRole('combobox', { name: /^Group/ })
  await expect(groupFilter.locator('option:checked')).toHaveText('Debtors (0)')

  await page.getByRole('button', { name: 'Import contacts from a file' }).click()
  const importDialog = page.getByRole('dialog', { name: 'Import contacts from a file' })
  await importDialog.getByLabel('Excel or CSV file').setInputFiles(file)
  await expect(importDialog.getByText('4 rows in debtors.xlsx')).toBeVisible()
  await expect(importDialog.getByLabel('Phone column')).toHaveValue('0')
  await expect(importDialog.getByLabel('Name column')).toHaveValue('1')
  await expect(importDialog.getByText('Other columns become fields: Debt.')).toBeVisible()
  await expect(importDialog.getByLabel('Add to group').locator('option:checked')).toHaveText(
    'Debtors',
  )
  await importDialog.getByLabel('Tag them (optional)').fill('debt')
  await importDialog
    .getByLabel('Read local numbers as for')
    .selectOption({ label: 'Sandbox · OsonSMS' })
  await importDialog.getByRole('button', { name: 'Import' }).click()
  await expect(importDialog.getByRole('status')).toContainText('3 added, 0 updated.')
  await expect(importDialog.getByRole('status')).toContainText('1 row was left out')
  await importDialog.getByRole('button', { name: 'Close' }).click()

  await expect(page.getByText('3 contacts', { exact: true })).toBeVisible()
  await expect(page.getByRole('cell', { name: '992901220002' })).toBeVisible()
  await expect(page.getByRole('cell', { name: 'Debt: 300' })).toBeVisible()

  // One changed by hand: a field added.
  await page.getByRole('button', { name: 'Edit 992901220003' }).click()
  const card = page.getByRole('dialog', { name: 'Rustam' })
  await card.getByRole('button', { name: 'Add field' }).click()
  await card.getByLabel('Field 2').fill('City')
  await card.getByLabel('Value 2').fill('Khujand')
  await card.getByRole('button', { name: 'Save' }).click()
  await expect(card).toHaveCount(0)
  await expect(page.getByRole('cell', { name: 'Debt: 40; City: Khujand' })).toBeVisible()

  // Found by words, and the filter saved by name to be found again in one choice.
  await page.getByLabel('Search').fill('dil')
  await expect(page.getByText('1 contact', { exact: true })).toBeVisible()
  await page.getByRole('button', { name: 'Save this filter…' }).click()
  const filterDialog = page.getByRole('dialog', { name: 'Save the filter' })
  await filterDialog.getByLabel('Name of the filter').fill('Dilnoza’s debts')
  await filterDialog.getByRole('button', { name: 'Save' }).click()
  await expect(filterDialog).toHaveCount(0)
  const savedFilter = page.getByRole('combobox', { name: 'Saved filter' })
  await expect(savedFilter.locator('option:checked')).toHaveText('Dilnoza’s debts')
  await page.getByLabel('Search').fill('')
  await expect(page.getByText('3 contacts', { exact: true })).toBeVisible()
  await expect(savedFilter.locator('option:checked')).toHaveText('None')
  await savedFilter.selectOption({ label: 'Dilnoza’s debts' })
  await expect(page.getByText('1 contact', { exact: true })).toBeVisible()
  await expect(page.getByLabel('Search')).toHaveValue('dil')
  await page.getByLabel('Search').fill('')
  await expect(page.getByText('3 contacts', { exact: true })).toBeVisible()

  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export Excel' }).click()
  const exported = await downloading
  const back = new ExcelJS.Workbook()
  await back.xlsx.readFile(await exported.path())
  const rows = back.worksheets[0]!
  expect(rows.getRow(1).values).toEqual([
    undefined,
    'Phone',
    'Name',
    'Notes',
    'Tags',
    'Groups',
    'City',
    'Debt',
  ])
  expect(rows.rowCount).toBe(4)
  await saveScreenshot(page, 'contacts')

  // The group is the recipients of a bulk send.
  await page.getByRole('button', { name: 'Send to 3 contacts…' }).click()
  await expect(page.getByRole('heading', { name: 'Bulk import', level: 2 })).toBeVisible()
  await expect(page.getByText('3 rows in Group “Debtors”')).toBeVisible()
  await page.getByLabel('Sender').fill('Bank')
  await page.getByLabel('Message template').fill('{name}, please pay {Debt}')
  await page.getByRole('button', { name: 'Check rows' }).click()
  await expect(page.getByTestId('summary-recipients')).toHaveText('3')
  await page.getByRole('button', { name: 'Send to 3 recipients' }).click()
  const panel = page.getByTestId('batch-panel')
  await expect(panel.getByTestId('batch-delivered')).toHaveText('3', { timeout: 60_000 })

  // Their names are beside their numbers wherever a list shows them: History here.
  await open(page, 'History')
  await expect(page.getByRole('row').filter({ hasText: '992901220001' }).first()).toContainText(
    '992901220001 · Farhod',
  )
  rmSync(dir, { recursive: true, force: true })
})
