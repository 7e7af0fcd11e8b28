// The template library in a real browser (`npm run serve`): a text saved as a template from
// Compose, its name refused when another has it, picked by searching while typing; a canned
// reply that takes the customer's name from their contact; the template of a bulk import.
import { resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { saveScreenshot } from './screens'
import { callApi, injectInbound, openScreen, startServe, type Served } from './serve'

let served: Served

test.beforeAll(async () => {
  served = await startServe()
})

test.afterAll(async () => {
  expect(await served?.stop()).toBe(0)
})

const open = (page: Page, screen: string) => openScreen(page, served, screen)

test('a text saved as a template, refused under a taken name, found while typing and put in', async ({
  page,
}) => {
  await open(page, 'Compose')
  const text = page.getByLabel('Text', { exact: true })
  await text.fill('Здравствуйте, {name}! Ваш заказ №{order} готов к выдаче.')
  await page.getByRole('button', { name: 'Insert template' }).click()
  await page.getByRole('button', { name: 'Save this text as a template…' }).click()

  const library = page.getByRole('dialog', { name: 'Templates' })
  await expect(library.getByLabel('Name')).toBeFocused()
  await library.getByLabel('Name').fill('Заказ готов')
  await expect(library.getByText('UCS-2 · 1 part')).toBeVisible()
  await expect(library.getByText('Variables: {name}, {order}')).toBeVisible()
  await expect(library.getByTestId('template-preview').locator('mark')).toHaveText([
    '{name}',
    '{order}',
  ])
  await library.getByRole('button', { name: 'Save' }).click()
  await expect(
    library.getByRole('status').filter({ hasText: 'Saved «Заказ готов».' }),
  ).toBeVisible()
  await expect(
    library.getByRole('navigation', { name: 'Saved templates' }).getByRole('button', {
      name: 'Заказ готов',
    }),
  ).toHaveAttribute('aria-current', 'true')

  // A second template under the same name, written otherwise, is refused at the name.
  await library.getByRole('button', { name: '+ New template' }).click()
  await library.getByLabel('Name').fill('заказ ГОТОВ ')
  await library.getByLabel('Text', { exact: true }).fill('Your order is ready.')
  await library.getByRole('button', { name: 'Save' }).click()
  await expect(library.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true')
  await expect(library.getByRole('alert')).toHaveText(
    'A template named «Заказ готов» exists already: choose another name',
  )
  await library.getByLabel('Name').fill('Order ready')
  await library.getByRole('button', { name: 'Save' }).click()
  await expect(
    library.getByRole('status').filter({ hasText: 'Saved «Order ready».' }),
  ).toBeVisible()
  await saveScreenshot(page, 'templates')
  await library.getByRole('button', { name: 'Close' }).click()
  await expect(library).toBeHidden()

  // Picked by words of its text, with the keyboard; the box takes it at the caret.
  await text.fill('')
  await page.getByRole('button', { name: 'Insert template' }).click()
  const search = page.getByRole('combobox', { name: 'Find a template' })
  await expect(search).toBeFocused()
  await search.fill('выдач')
  const options = page.getByRole('listbox', { name: 'Saved templates' }).getByRole('option')
  await expect(options).toHaveCount(1)
  await expect(options).toContainText('Заказ готов')
  await search.press('Enter')
  await expect(text).toHaveValue('Здравствуйте, {name}! Ваш заказ №{order} готов к выдаче.')
  await expect(text).toBeFocused()
  // One message cannot fill a variable: the agent is told to write the value in.
  await expect(page.getByTestId('template-unfilled')).toContainText('{name}, {order}')
  await text.fill('Ваш заказ №4812 готов.')
  await expect(page.getByTestId('template-unfilled')).toBeHidden()

  // A search that finds nothing says so; Escape closes the list and gives the button back.
  await page.getByRole('button', { name: 'Insert template' }).click()
  await search.fill('nothing like this')
  await expect(page.getByText('No template has «nothing like this».')).toBeVisible()
  await search.press('Escape')
  await expect(search).toBeHidden()
  await expect(page.getByRole('button', { name: 'Insert template' })).toBeFocused()

  // Deleted from the library, asked first; gone from every list.
  await page.getByRole('button', { name: 'Insert template' }).click()
  await page.getByRole('button', { name: 'Manage templates…' }).click()
  await library
    .getByRole('navigation', { name: 'Saved templates' })
    .getByRole('button', { name: 'Order ready' })
    .click()
  await library.getByRole('button', { name: 'Delete' }).click()
  await library
    .getByRole('group', { name: 'Delete «Order ready»?' })
    .getByRole('button', { name: 'Delete' })
    .click()
  await expect(
    library.getByRole('status').filter({ hasText: 'Deleted «Order ready».' }),
  ).toBeVisible()
  await expect(
    library.getByRole('navigation', { name: 'Saved templates' }).getByRole('listitem'),
  ).toHaveText(['Заказ готов'])
  await page.keyboard.press('Escape')
  await expect(library).toBeHidden()
})

test('a canned reply names the customer from their contact; an import takes a template', async ({
  page,
}) => {
  await page.goto(served.url)
  await callApi(page, served, 'templates.save', {
    name: 'Спасибо',
    text: '{name}, спасибо за обращение! Ответим в течение часа. {signature}',
  })
  await callApi(page, served, 'templates.save', {
    name: 'Рассылка: заказ готов',
    text: 'Здравствуйте, {Имя}! Ваш заказ готов.',
  })
  await injectInbound(page, served, {
    from: '+992 93 555 0177',
    to: '7781',
    text: 'Где мой заказ?',
  })
  await callApi(page, served, 'contacts.save', {
    phone: '992935550177',
    name: 'Зарина',
    notes: '',
  })
  await open(page, 'Inbox')
  await page
    .getByRole('list', { name: 'Conversations' })
    .getByRole('button')
    .filter({ hasText: 'Зарина' })
    .click()
  const reply = page.getByRole('form', { name: /Reply/ })
  await reply.getByRole('button', { name: 'Insert template' }).click()
  await reply.getByRole('combobox', { name: 'Find a template' }).fill('спас')
  await reply.getByRole('option', { name: /Спасибо/ }).click()
  // The name the contact has; what nobody knows stays for the agent to write.
  await expect(reply.getByRole('textbox')).toHaveValue(
    'Зарина, спасибо за обращение! Ответим в течение часа. {signature}',
  )

  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'Bulk import' })
    .click()
  await page
    .getByLabel('Excel or CSV file')
    .setInputFiles(resolve(__dirname, '../fixtures/csv/clients-cp1251.csv'))
  await expect(page.getByText('9 rows in clients-cp1251.csv')).toBeVisible()
  await page.getByRole('button', { name: 'Insert template' }).click()
  await page.getByRole('combobox', { name: 'Find a template' }).fill('рассылка')
  await page.getByRole('combobox', { name: 'Find a template' }).press('Enter')
  await expect(page.getByLabel('Message template')).toHaveValue(
    'Здравствуйте, {Имя}! Ваш заказ готов.',
  )
  // Its variable filled from the file's column of that name.
  await expect(page.getByText('Здравствуйте, Иван! Ваш заказ готов.')).toBeVisible()
})
