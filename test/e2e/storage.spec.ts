// The disk under the data folder fills up for real (a small tmpfs filled to the last byte)
// while the browser-mode console runs: subscribers' messages arrive until one cannot be stored.
// The window says so until space returns; then the message is stored and shows in the Inbox.
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { mountTmpfs, tmpfsUnavailable } from '../helpers/tmpfs'
import { connectionLights, injectInbound, startServe } from './serve'

test.skip(tmpfsUnavailable !== null, `needs a tmpfs: ${tmpfsUnavailable ?? ''}`)

test('the window says the disk is full until it clears; the message that waited then arrives', async ({
  page,
}) => {
  const disk = mountTmpfs(64)
  const served = await startServe({ dataDir: join(disk.dir, 'data') })
  try {
    await page.goto(served.url)
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
    await page.getByRole('button', { name: 'Inbox', exact: true }).click()
    await expect(page.getByText('No messages yet.')).toBeVisible()
    // The sandbox SMSC delivers the subscriber's message over the console's SMPP bind.
    const lights = await connectionLights(page)
    await expect(lights.and(page.locator('[data-status="bound"]'))).toHaveCount(1)

    disk.fill()
    // The log the database writes through is reused once copied, so the first messages may
    // still fit; they keep coming until one cannot be stored.
    const banner = page
      .getByRole('alert')
      .filter({ hasText: "The disk holding the console's data is full" })
    const sent: string[] = []
    while ((await banner.count()) === 0) {
      expect(sent.length, 'messages stored on a full disk').toBeLessThan(200)
      const text = `Are you open on Saturday? (${sent.length + 1})`
      sent.push(text)
      await injectInbound(page, served, { from: '+992 93 555 0177', to: '1234', text })
    }
    await expect(banner).toContainText('Waiting to be written: 1')
    await page.getByLabel('Language').selectOption('ru')
    await expect(
      page.getByRole('alert').filter({ hasText: 'Диск с данными консоли заполнен' }),
    ).toContainText('Ждут записи: 1')
    await page.getByLabel('Язык').selectOption('en')

    disk.free()
    await expect(banner).toHaveCount(0)
    // The one that waited is stored and shown like the others.
    await expect(page.getByText(sent.at(-1) ?? '', { exact: true })).toBeVisible()
  } finally {
    await served.stop()
    disk.unmount()
  }
})
