import { existsSync } from 'node:fs'
import { chromium, defineConfig } from '@playwright/test'

// Playwright's own Chromium when `npx playwright install` has run, else the system one.
function chromiumPath(): string | undefined {
  try {
    if (existsSync(chromium.executablePath())) return undefined
  } catch {
    // No bundled browser registered for this platform.
  }
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
}

export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: false,
  workers: 1,
  reporter: 'list',
  // Generous bounds: tests wait on states, and CI shares its machine with other work.
  timeout: 180_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  use: {
    headless: true,
    // A typical office laptop's screen: every screen is tested at the size agents have.
    viewport: { width: 1366, height: 768 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
})
