// Main's refusals and failures read in Russian in the Russian interface: an OsonSMS profile whose
// provider cannot be reached fails "Test connection" in Russian, and removing it while another
// profile falls back on it is refused in Russian. The whole flow runs in the Russian interface.
// The keychain is real: run through scripts/with-secret-service.mjs (npm run test:e2e does).
import { createServer } from 'node:net'
import { expect, test } from '@playwright/test'
import { startServe, type Served } from './serve'

const MAIN = 'Худжанд'
const OTHER = 'Куляб'

let served: Served
let port: number

test.beforeAll(async () => {
  served = await startServe()
  // A port that was just free: nothing listens there, so every connection is refused. Taken
  // once the console is up, so none of its own simulators can be given it meanwhile.
  const probe = createServer()
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()))
  port = (probe.address() as { port: number }).port
  await new Promise<void>((r) => probe.close(() => r()))
})

test.afterAll(async () => {
  await served?.stop()
})

test('in Russian, a provider that cannot be reached and a refused removal read in Russian', async ({
  page,
}) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.getByLabel('Language').selectOption('ru')
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru')
  await page.getByRole('button', { name: 'Провайдеры', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Провайдеры и учётные данные' })).toBeVisible()

  // A profile whose provider is not there, with its secret saved.
  await page.getByLabel('Тип нового профиля').selectOption({ label: 'OsonSMS' })
  await page.getByRole('button', { name: 'Добавить профиль' }).click()
  const editor = page.getByRole('form', { name: 'Новый профиль OsonSMS' })
  await editor.getByLabel('Название профиля').fill(MAIN)
  await editor.getByLabel('Имена отправителя (по одному в строке)').fill('Shop')
  await editor.getByLabel('Базовый URL').fill(`http://127.0.0.1:${port}/`)
  await editor.getByLabel('Логин').fill('khujand')
  await editor.getByLabel('Соль хеша пароля (pass_salt_hash)').fill('salt-e2e-phrases')
  await editor.getByRole('button', { name: 'Сохранить' }).click()
  const saved = page.getByRole('form', { name: `Профиль: ${MAIN}` })
  await expect(saved.getByText('Сохранён в системном хранилище ключей')).toBeVisible()

  // "Test connection": the failure is worded in Russian; the provider's own words stay.
  await saved.getByRole('button', { name: 'Проверить подключение' }).click()
  const failed = saved.getByRole('status', { name: 'Подключение не удалось' })
  await expect(failed).toContainText('OsonSMS balance: не удалось связаться с провайдером')
  await expect(failed).not.toContainText('could not be reached')
  await saved.getByRole('button', { name: 'Закрыть' }).click()

  // A second profile that falls back on the first.
  await page.getByLabel('Тип нового профиля').selectOption({ label: 'OsonSMS' })
  await page.getByRole('button', { name: 'Добавить профиль' }).click()
  const second = page.getByRole('form', { name: 'Новый профиль OsonSMS' })
  await second.getByLabel('Название профиля').fill(OTHER)
  await second.getByLabel('Имена отправителя (по одному в строке)').fill('Shop')
  await second.getByLabel('Базовый URL').fill(`http://127.0.0.1:${port}/`)
  await second.getByLabel('Логин').fill('kulob')
  await second.getByLabel('Резервный профиль').selectOption({ label: MAIN })
  await second.getByRole('button', { name: 'Сохранить' }).click()
  await expect(page.getByRole('form', { name: `Профиль: ${OTHER}` })).toBeVisible()
  await page
    .getByRole('form', { name: `Профиль: ${OTHER}` })
    .getByRole('button', { name: 'Закрыть' })
    .click()

  // Removing the first is refused, in Russian, naming the profile that falls back on it.
  await page.getByRole('button', { name: `Открыть ${MAIN}` }).click()
  const editing = page.getByRole('form', { name: `Профиль: ${MAIN}` })
  await editing.getByRole('button', { name: 'Удалить профиль' }).click()
  await editing
    .getByRole('group', { name: 'Удалить профиль' })
    .getByRole('button', { name: 'Удалить', exact: true })
    .click()
  const refused = editing.getByRole('alert')
  await expect(refused).toHaveText(
    `Профиль «${MAIN}» — резервный для: ${OTHER}. Сначала выберите там другой резервный профиль`,
  )
  await expect(page.getByRole('button', { name: `Открыть ${MAIN}` })).toBeVisible()
})
