// The header at a typical office laptop's 1366×768 with many provider profiles: one compact
// connections summary, worst state first, whatever the number of profiles, and a panel with
// every profile's state and balance. Nothing on any screen, in English or Russian, runs off to
// the side. It measures the page in the page, so it is type-checked with the renderer
// (tsconfig.web.json).
import { expect, test, type Page } from '@playwright/test'
import { dictionaries } from '../../src/renderer/i18n'
import { SCREEN_IDS } from '../../src/renderer/stores/nav'
import { callApi, startServe, type Served } from './serve'

let served: Served

test.beforeAll(async () => {
  served = await startServe()
})

test.afterAll(async () => {
  await served?.stop()
})

test.use({ viewport: { width: 1366, height: 768 } })

/** The navigation's names of the screens, in each language, from the dictionaries. */
const SCREENS = {
  en: SCREEN_IDS.map((id) => dictionaries.en.nav[id]),
  ru: SCREEN_IDS.map((id) => dictionaries.ru.nav[id]),
}

/** What sticks out past the window's right edge, by tag and text, or null. */
async function overflow(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    if (document.documentElement.scrollWidth > width) {
      for (const el of document.querySelectorAll('body *')) {
        const box = el.getBoundingClientRect()
        if (box.width > 0 && box.right > width + 0.5) {
          return `${el.tagName}.${el.className}: ${(el.textContent ?? '').slice(0, 60)} (right ${box.right} > ${width})`
        }
      }
      return `the page is ${document.documentElement.scrollWidth} px wide`
    }
    return null
  })
}

test('ten profiles at 1366×768: one compact summary, a panel with every profile, nothing overflows', async ({
  page,
}) => {
  await page.goto(served.url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  // Ten real profiles beside the five sandboxes, with the long names offices give them: five
  // SMPP connections to a port where nothing answers, five HTTP ones.
  for (let i = 1; i <= 5; i++) {
    await callApi(page, served, 'profiles.save', {
      kind: 'smpp',
      name: `Dushanbe office ${i}: backup SMPP route via the old gateway`,
      hosts: [{ host: '127.0.0.1', port: 1 }],
      tls: false,
      systemId: `office${i}`,
      systemType: [],
      window: 10,
      ratePerSecond: 50,
      longMessageMode: 'udh',
      senders: ['Office'],
    })
    await callApi(page, served, 'profiles.save', {
      kind: 'osonsms',
      name: `Khujand branch ${i}: OsonSMS marketing account`,
      baseUrl: 'http://127.0.0.1:1/',
      login: `branch${i}`,
      senders: ['Branch'],
    })
  }

  const summary = page.getByRole('button', { name: /^Provider connections: / })
  // The SMPP profiles cannot connect: the summary leads with them, and counts all fifteen.
  await expect(summary).toHaveAttribute('data-status', /^(bad|warn)$/)
  const said = ((await summary.textContent()) ?? '').replace('▾', '').trim()
  const counts = [...said.matchAll(/: (\d+)/g)].map((m) => Number(m[1]))
  expect(
    counts.reduce((a, b) => a + b, 0),
    said,
  ).toBe(15)
  expect(said, 'the worst state first').toMatch(/^Provider connections: (Down|Connecting): /)

  for (const lang of ['en', 'ru'] as const) {
    await page.getByLabel(/^(Language|Язык)$/).selectOption(lang)
    for (const screen of SCREENS[lang]) {
      await page
        .getByRole('navigation', { name: /^(Screens|Разделы)$/ })
        .getByRole('button', { name: screen, exact: true })
        .click()
      await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible()
      expect(await overflow(page), `${lang}: ${screen}`).toBeNull()
      // The header holds one line: the title does not wrap, nothing in it leaves the window.
      const header = await page.getByRole('banner').boundingBox()
      expect(header?.height, `${lang}: ${screen}: header height`).toBeLessThan(56)
      const nav = await page.getByRole('navigation', { name: /^(Screens|Разделы)$/ }).boundingBox()
      expect(nav?.height, `${lang}: ${screen}: navigation on one line`).toBeLessThan(48)
    }
  }

  // The panel lists every profile, with its balance where the provider tells one; it fits in
  // the window, closes with Escape and gives focus back to the summary.
  await page.getByLabel('Язык').selectOption('en')
  await summary.click()
  await expect(summary).toHaveAttribute('aria-expanded', 'true')
  const list = page.getByRole('list', { name: 'Provider connections' })
  await expect(list.getByRole('status')).toHaveCount(15)
  await expect(
    list.getByRole('status', { name: /^Connection Dushanbe office 3: backup SMPP/ }),
  ).toHaveAttribute('data-status', /^(connecting|reconnecting|offline)$/)
  await expect(
    list
      .locator('.session-balance')
      .filter({ hasText: /\d+\.\d\d/ })
      .first(),
  ).toBeVisible()
  const panel = await list.boundingBox()
  expect(panel).not.toBeNull()
  expect((panel?.x ?? -1) >= 0 && (panel?.x ?? 0) + (panel?.width ?? 0) <= 1366).toBe(true)
  expect(await overflow(page)).toBeNull()
  await page.keyboard.press('Escape')
  await expect(list).toBeHidden()
  await expect(summary).toBeFocused()

  // Its way to the profiles themselves.
  await summary.click()
  await page.getByRole('button', { name: 'Manage profiles…' }).click()
  await expect(page.getByRole('heading', { name: 'Providers and credentials' })).toBeVisible()
  await expect(list).toBeHidden()
})

test("a first start speaks the system's language; the agent's choice then stays", async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: 'ru-RU' })
  try {
    const page = await context.newPage()
    await page.goto(served.url)
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru')
    await expect(page.getByRole('navigation', { name: 'Разделы' })).toBeVisible()
    await page.getByLabel('Язык').selectOption('en')
    await page.reload()
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  } finally {
    await context.close()
  }
})
