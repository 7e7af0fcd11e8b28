// Screenshots of the screens: every run writes them to screenshots/ (not committed);
// UPDATE_SCREENSHOTS=1 also refreshes the committed copies in resources/screens/ that the
// README shows.
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from '@playwright/test'

const ROOT = resolve(__dirname, '../..')

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const dirs = [join(ROOT, 'screenshots')]
  if (process.env.UPDATE_SCREENSHOTS === '1') dirs.push(join(ROOT, 'resources', 'screens'))
  for (const dir of dirs) {
    mkdirSync(dir, { recursive: true })
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true })
  }
}
