// Connect to a team server from the browser-mode console: the real server process on a real
// PostgreSQL with a self-signed certificate. The dialog shows the certificate's fingerprint in
// full for acceptance before anything is sent; accepted, the header says the console is online
// as the agent; the server killed, the header says it is unreachable and a send made meanwhile
// waits for it.
import { X509Certificate } from 'node:crypto'
import { rmSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { PgAccounts } from '../../src/main/core/stores/postgres/accounts'
import { openPgDatabase } from '../../src/main/core/stores/postgres/database'
import { startPostgres } from '../helpers/postgres'
import { makeTls, startServer } from '../helpers/team-server'
import { startServe } from './serve'

const ADMIN = { name: 'Dilnoza', password: 'correct horse battery' }
const AGENT = { name: 'farhod', password: 'agent password 1' }

test('a console connects to a team server after accepting its certificate, and says when it is gone', async ({
  page,
}) => {
  const pg = await startPostgres()
  const tls = makeTls()
  const server = await startServer(pg.url, tls, { admin: ADMIN })
  const db = await openPgDatabase(pg.url)
  await new PgAccounts(db).createUser({ ...AGENT, role: 'agent' })
  const served = await startServe()
  try {
    await page.goto(served.url)
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
    await page.getByRole('button', { name: 'Team server: none' }).click()
    const dialog = page.getByRole('dialog', { name: 'Team server' })
    await dialog.getByLabel('Server address').fill(server.url)
    await dialog.getByLabel('User name').fill(AGENT.name)
    await dialog.getByLabel('Password').fill(AGENT.password)
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click()

    const asking = page.getByRole('dialog', { name: 'Accept this certificate?' })
    const fingerprint = new X509Certificate(tls.ca).fingerprint256
    await expect(asking.getByText(fingerprint, { exact: true })).toBeVisible()
    await expect(asking).toContainText('team-server')
    await asking.getByRole('button', { name: 'Accept this certificate and connect' }).click()

    // The page loads again on the server's data.
    const online = page.getByRole('button', { name: 'Team server: online as farhod (agent)' })
    await expect(online).toBeVisible()
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
    await page.getByLabel('Language').selectOption('ru')
    await expect(
      page.getByRole('button', { name: 'Командный сервер: на связи как farhod (агент)' }),
    ).toBeVisible()
    await page.getByLabel('Язык').selectOption('en')

    server.child.kill('SIGKILL')
    await server.exited
    await expect(page.getByRole('button', { name: 'Team server unreachable' })).toBeVisible()
    await page.getByLabel('Phone').fill('+992 90 123 4567')
    await page.getByLabel('Text', { exact: true }).fill('Ваш заказ готов')
    await page.getByRole('button', { name: 'Send', exact: true }).click()
    await expect(page.getByText('Kept here: the team server is unreachable.')).toBeVisible()
    await expect(
      page.getByRole('button', { name: 'Team server unreachable — 1 send waiting' }),
    ).toBeVisible()
  } finally {
    await served.stop()
    await server.stop()
    await db.close()
    await pg.stop()
    rmSync(tls.dir, { recursive: true, force: true })
  }
})
