// Screenshots of the screens at 1366×768: every run writes them to screenshots/ (not committed);
// UPDATE_SCREENSHOTS=1 also refreshes the committed copies in resources/screens/ that the
// README shows.
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from '@playwright/test'

const ROOT = resolve(__dirname, '../..')

/** As on a typical office laptop. */
const SCREEN = { width: 1366, height: 768 }

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const dirs = [join(ROOT, 'screenshots')]
  if (process.env.UPDATE_SCREENSHOTS === '1') dirs.push(join(ROOT, 'resources', 'screens'))
  // Taken at 1366×768, then the test goes on at the size it had.
  const size = page.viewportSize()
  await page.setViewportSize(SCREEN)
  for (const dir of dirs) {
    mkdirSync(dir, { recursive: true })
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true })
  }
  if (size) await page.setViewportSize(size)
}
