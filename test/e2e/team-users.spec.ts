// The Team screen of a browser-mode console working with a real team server (its process on a
// real PostgreSQL): the administrator makes a user (a weak password refused at its field),
// changes their role, disables them, cannot demote themselves as the last administrator, and
// finds all of it in the audit trail, filtered and exported. A console working alone offers no
// Team screen.
import { readFileSync, rmSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { startPostgres } from '../helpers/postgres'
import { makeTls, startServer } from '../helpers/team-server'
import { saveScreenshot } from './screens'
import { callApi, startServe } from './serve'

const ADMIN = { name: 'Dilnoza', password: 'correct horse battery' }

test('an administrator manages users and reads the audit trail from the Team screen', async ({
  page,
}) => {
  const pg = await startPostgres()
  const tls = makeTls()
  const server = await startServer(pg.url, tls, { admin: ADMIN })
  const served = await startServe()
  try {
    await page.goto(served.url)
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
    const nav = page.getByRole('navigation', { name: 'Screens' })
    // Working alone: no users, no Team screen.
    await expect(nav.getByRole('button', { name: 'Providers', exact: true })).toBeVisible()
    await expect(nav.getByRole('button', { name: 'Team', exact: true })).toHaveCount(0)

    // The console works with the server from now on (its certificate accepted). Asked from a
    // page aside: the console's own page loads again once the link is up.
    const aside = await page.context().newPage()
    // The console's own origin (its socket takes no other), without the console's page.
    await aside.goto(`${served.origin}/team-users-aside`)
    const login = { url: server.url, user: ADMIN.name, password: ADMIN.password }
    const asked = (await callApi(aside, served, 'team.connect', login)) as {
      needsAcceptance: { fingerprint: string }
    }
    await callApi(aside, served, 'team.connect', {
      ...login,
      acceptFingerprint: asked.needsAcceptance.fingerprint,
    })
    await aside.close()
    await page.goto(served.url)
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
    await nav.getByRole('button', { name: 'Team', exact: true }).click()
    await expect(page.getByText('Signed in as Dilnoza (Administrator).')).toBeVisible()
    const users = page.getByRole('table', { name: 'Users' })
    await expect(users.getByRole('row')).toHaveCount(2)

    // A new user: the weak password is refused at the password, then the user is made.
    await page.getByRole('button', { name: 'New user…' }).click()
    const dialog = page.getByRole('dialog', { name: 'New user' })
    await dialog.getByLabel('User name').fill('farhod')
    await dialog.getByLabel('Password', { exact: true }).fill('short')
    await dialog.getByRole('button', { name: 'Create' }).click()
    await expect(dialog.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(
      /Choose another password: it is shorter than 10 characters/,
    )
    await dialog.getByLabel('Password', { exact: true }).fill('agent password 1')
    await dialog.getByRole('button', { name: 'Create' }).click()
    await expect(dialog).toBeHidden()
    await expect(page.getByText('farhod can sign in now.')).toBeVisible()
    await expect(users.getByRole('row', { name: /farhod/ })).toContainText('Active')

    // Another role, then disabled.
    await page.getByLabel('Role of farhod').selectOption({ label: 'Supervisor' })
    await expect(page.getByText(/^farhod is now Supervisor/)).toBeVisible()
    await users
      .getByRole('row', { name: /farhod/ })
      .getByRole('button', { name: 'Disable' })
      .click()
    await page
      .getByRole('dialog', { name: 'Disable farhod?' })
      .getByRole('button', { name: 'Disable' })
      .click()
    await expect(page.getByText('farhod is disabled and signed out everywhere.')).toBeVisible()
    await expect(users.getByRole('row', { name: /farhod/ })).toContainText('Disabled')

    // The only administrator stays one; the list still says so.
    await page.getByLabel('Role of Dilnoza').selectOption({ label: 'Agent' })
    await expect(page.getByRole('alert')).toContainText(
      'Dilnoza is the only administrator: make another one first',
    )
    await expect(page.getByLabel('Role of Dilnoza')).toHaveValue('administrator')

    // The trail says who did what to whom, and from where.
    const trail = page.getByRole('table', { name: 'Audit trail' })
    await page.getByLabel('Action').selectOption({ label: 'Users changed' })
    await expect(trail.getByRole('row', { name: /users\.disable/ })).toContainText('farhod')
    await expect(trail.getByRole('row', { name: /users\.setRole/ }).first()).toContainText(
      'Refused (CONFLICT)',
    )
    await expect(trail.getByRole('row', { name: /users\.create/ }).first()).toContainText(
      '127.0.0.1',
    )
    await page.getByLabel('Words').fill('farhod')
    await page.getByRole('button', { name: 'Search', exact: true }).click()
    // Made (once refused for its password), given a role, disabled.
    await expect(trail.getByRole('row')).toHaveCount(5)
    await expect(page.getByText('4 entries shown, newest first')).toBeVisible()

    await saveScreenshot(page, 'team')

    const downloading = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Export CSV' }).click()
    const csv = readFileSync(await (await downloading).path(), 'utf8')
    const lines = csv.trim().split(/\r?\n/)
    expect(lines[0]).toContain('Time,User,Role,Address,Action,Target,Outcome,Details')
    expect(lines).toHaveLength(5)
    expect(csv).toContain(',Dilnoza,Administrator,127.0.0.1,users.create,farhod,done,')
    expect(csv).not.toContain('agent password 1')

    await page.getByLabel('Language').selectOption('ru')
    await expect(page.getByRole('table', { name: 'Журнал действий' })).toBeVisible()
    await expect(
      page.getByRole('table', { name: 'Пользователи' }).getByRole('row', { name: /farhod/ }),
    ).toContainText('Отключён')
  } finally {
    await served.stop()
    await server.stop()
    await pg.stop()
    rmSync(tls.dir, { recursive: true, force: true })
  }
})
