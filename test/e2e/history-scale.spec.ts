// History over a million messages, in a plain browser: the console starts on a data dir seeded
// with 1,000,000 messages and History shows their count, keeps only a window of rows in the
// page, reaches the oldest message at the very end and the right ones in the middle, and
// filters and searches them in SQLite with the counts the seed says.
import { expect, test, type Locator, type Page } from '@playwright/test'
import { phoneOf, seededIds, seededMessage, seedHistory, type SeededMessage } from './seed-history'
import { startServe, type Served } from './serve'

const N = 1_000_000
/** Chromium will not lay out an element taller than about this (2^25 px). */
const BROWSER_MAX_PX = 33_554_428

const STATE_LABEL: Record<SeededMessage['state'], string> = {
  queued: 'Queued',
  scheduled: 'Scheduled',
  sending: 'Sending',
  accepted: 'Accepted',
  delivered: 'Delivered',
  failed: 'Failed',
  expired: 'Expired',
  uncertain: 'Uncertain',
  cancelled: 'Cancelled',
}

const PROFILE_NAME: Record<string, string> = {
  sandbox: 'Sandbox (local SMSC simulator)',
  'sandbox-osonsms': 'Sandbox · OsonSMS',
}

let served: Served | undefined

test.afterAll(async () => {
  await served?.stop()
})

/** What a rendered row says, as the cells read. */
interface ShownRow {
  index: number
  id: string
  state: string
  cells: string[]
}

function expected(id: number, index: number): ShownRow {
  const m = seededMessage(id)
  return {
    index,
    id: String(id),
    state: m.state,
    // id, time (left out: it depends on the browser's zone), profile, sender, phone, text,
    // parts, status, reason, and the button that opens the message's detail.
    cells: [
      String(id),
      PROFILE_NAME[m.profileId] ?? m.profileId,
      m.sender,
      m.phone,
      m.text,
      '1',
      STATE_LABEL[m.state],
      m.error ?? '',
      'Details',
    ],
  }
}

/** The rows in the DOM once none is still loading, with their position in the whole list. */
async function shownRows(table: Locator): Promise<ShownRow[]> {
  await expect(table.locator('.vt-loading')).toHaveCount(0)
  return table.locator('[data-message-id]').evaluateAll((rows) =>
    rows.map((r) => {
      const cells = [...r.querySelectorAll('[role="cell"]')].map((c) => c.textContent ?? '')
      return {
        index: Number(r.getAttribute('aria-rowindex')) - 2,
        id: r.getAttribute('data-message-id') ?? '',
        state: r.getAttribute('data-state') ?? '',
        cells: [cells[0], ...cells.slice(2)].map((c) => c ?? ''),
      }
    }),
  )
}

/**
 * Every shown row holds the message its position calls for: `ids[index]`, newest first, or for
 * the whole history `N - index`.
 */
async function expectRowsInPlace(table: Locator, ids: readonly number[] | 'all') {
  const idAt = (i: number) => (ids === 'all' ? N - i : (ids[i] ?? -1))
  const rows = await shownRows(table)
  expect(rows.length).toBeGreaterThanOrEqual(Math.min(ids === 'all' ? N : ids.length, 6))
  expect(rows).toEqual(rows.map((r) => expected(idAt(r.index), r.index)))
  return rows
}

async function scrollBody(table: Locator, to: 'end' | 'middle' | 'top'): Promise<void> {
  await table.locator('.vt-body').evaluate((el, where) => {
    const max = el.scrollHeight - el.clientHeight
    el.scrollTop = where === 'end' ? max : where === 'middle' ? Math.round(max / 2) : 0
  }, to)
}

/** The search box's words, as an agent expects them: each begins a word, any case, е as ё. */
function searchMatches(text: string, words: string[]): boolean {
  const fold = (s: string) => s.toLowerCase().replaceAll('ё', 'е')
  const tokens = fold(text).split(/[^\p{L}\p{N}]+/u)
  return words.every((w) => tokens.some((t) => t.startsWith(fold(w))))
}

async function openHistory(page: Page, url: string): Promise<Locator> {
  await page.goto(url)
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
  await page.keyboard.press('Alt+4')
  await expect(page.getByRole('heading', { name: 'History' })).toBeVisible()
  return page.getByRole('table', { name: 'Message history' })
}

test('history of a million messages: count, window, both ends, filters and search', async ({
  page,
}) => {
  // Seeding writes a million rows through the real triggers and indexes: allow for it.
  test.setTimeout(300_000)
  served = await startServe({ prepare: (dir) => seedHistory(dir, N) })

  const table = await openHistory(page, served.url)
  const total = page.locator('.history-total')
  const body = table.locator('.vt-body')
  await expect(total).toHaveText('1,000,000 messages')
  await expect(table).toHaveAttribute('aria-rowcount', String(N + 1))

  // The newest message on top; only a window of rows in the DOM.
  const newest = table.locator(`[data-message-id="${N}"]`)
  await expect(newest).toBeVisible()
  await expectRowsInPlace(table, 'all')
  expect(await table.getByRole('row').count()).toBeLessThan(200)

  // Paging down from the keyboard shows the next rows, none skipped however long the list.
  await body.focus()
  const before = await expectRowsInPlace(table, 'all')
  const lastBefore = Math.max(...before.map((r) => r.index))
  await page.keyboard.press('PageDown')
  await expect(table.locator(`[aria-rowindex="2"]`)).toHaveCount(0)
  const paged = await expectRowsInPlace(table, 'all')
  const pagedFirst = Math.min(...paged.map((r) => r.index))
  expect(pagedFirst).toBeGreaterThan(0)
  expect(pagedFirst).toBeLessThanOrEqual(lastBefore + 1)
  // And an arrow moves by one row.
  await page.keyboard.press('ArrowDown')
  await expect(table.locator(`[aria-rowindex="${pagedFirst + 2}"]`)).toHaveCount(0)
  await expect(table.locator('[data-message-id]').first()).toHaveAttribute(
    'aria-rowindex',
    String(pagedFirst + 3),
  )
  await page.keyboard.press('Home')
  await expect(newest).toBeInViewport()

  // The scroll area stands for a million rows without passing what the browser can lay out.
  const { scrollHeight, clientHeight } = await body.evaluate((el) => ({
    scrollHeight: el.scrollHeight,
    clientHeight: el.clientHeight,
  }))
  expect(scrollHeight).toBeGreaterThan(clientHeight * 100)
  expect(scrollHeight).toBeLessThan(BROWSER_MAX_PX)

  // The very end, from the keyboard: the oldest message, in full, in view.
  await body.focus()
  await page.keyboard.press('End')
  const oldest = table.locator('[data-message-id="1"]')
  await expect(oldest).toBeInViewport()
  await expect(oldest).toHaveAttribute('aria-rowindex', String(N + 1))
  const atEnd = await expectRowsInPlace(table, 'all')
  expect(atEnd.at(-1)?.id).toBe('1')
  expect(await table.getByRole('row').count()).toBeLessThan(200)

  // The middle: rows around the 500,000th, each the message that belongs there.
  await scrollBody(table, 'middle')
  await expect(table.locator('[data-message-id="1"]')).toHaveCount(0)
  const middle = await expectRowsInPlace(table, 'all')
  const indexes = middle.map((r) => r.index)
  expect(Math.min(...indexes)).toBeGreaterThan(N / 2 - 100)
  expect(Math.max(...indexes)).toBeLessThan(N / 2 + 100)
  expect(await table.getByRole('row').count()).toBeLessThan(200)

  // A little up from there with the wheel: the newer rows join on, still each in its place.
  const top = Math.min(...indexes)
  await body.hover()
  await page.mouse.wheel(0, -300)
  await expect(table.locator(`[aria-rowindex="${top - 5 + 2}"]`)).toBeVisible()
  const wheeled = await expectRowsInPlace(table, 'all')
  // Nothing skipped: the rows a wheel turn leaves are the ones just above what was in view.
  expect(Math.max(...wheeled.map((r) => r.index))).toBeGreaterThanOrEqual(top - 1)

  // A whole number: exactly its four messages, newest first.
  const searchField = page.getByLabel('Search', { exact: true })
  const phone = phoneOf(123_457)
  const ofPhone = seededIds(N, (m) => m.phone === phone)
  expect(ofPhone).toEqual([873_457, 623_457, 373_457, 123_457])
  await searchField.fill(phone)
  await expect(total).toHaveText('4 messages')
  await expect(table.locator('[data-message-id]')).toHaveCount(4)
  await expectRowsInPlace(table, ofPhone)

  // Part of a number: every phone (or text) holding those digits, however deep in the history.
  const digits = '0012345'
  const ofDigits = seededIds(N, (m) => m.phone.includes(digits) || m.text.includes(digits))
  expect(ofDigits.length).toBeGreaterThan(4)
  await searchField.fill(digits)
  await expect(total).toHaveText(`${ofDigits.length} messages`)
  await expectRowsInPlace(table, ofDigits)
  await searchField.fill('')
  await expect(total).toHaveText('1,000,000 messages')

  // A rare pair of words, in another case and with е for ё: the hundred parcels, both ends.
  const search = searchField
  const parcelWords = ['ЖДЕТ', 'душанбе']
  const parcels = seededIds(N, (m) => searchMatches(m.text, parcelWords))
  expect(parcels).toHaveLength(100)
  await search.fill(parcelWords.join(' '))
  await expect(total).toHaveText('100 messages')
  await expect(table.locator(`[data-message-id="${parcels[0]}"]`)).toBeVisible()
  await expectRowsInPlace(table, parcels)
  await body.focus()
  await page.keyboard.press('End')
  await expect(table.locator(`[data-message-id="${parcels.at(-1)}"]`)).toBeInViewport()
  await expectRowsInPlace(table, parcels)

  // A common word: an eighth of the history, counted, and its oldest match at the very end.
  const orderWords = ['заказ']
  const orders = seededIds(N, (m) => searchMatches(m.text, orderWords))
  expect(orders).toHaveLength(N / 8)
  await search.fill(orderWords.join(' '))
  await expect(total).toHaveText(`${orders.length.toLocaleString('en')} messages`)
  await expectRowsInPlace(table, orders)
  await scrollBody(table, 'end')
  await expect(table.locator(`[data-message-id="${orders.at(-1)}"]`)).toBeInViewport()
  await expectRowsInPlace(table, orders)
  await scrollBody(table, 'middle')
  await expect(table.locator(`[data-message-id="${orders.at(-1)}"]`)).toHaveCount(0)
  await expectRowsInPlace(table, orders)

  // Search and a status together, then everything cleared: the million again, from the top.
  await page.getByLabel('Status').selectOption('failed')
  const failedOrders = seededIds(
    N,
    (m) => m.state === 'failed' && searchMatches(m.text, orderWords),
  )
  await expect(total).toHaveText(`${failedOrders.length.toLocaleString('en')} messages`)
  await expectRowsInPlace(table, failedOrders)
  await page.getByRole('button', { name: 'Clear filters' }).click()
  await expect(total).toHaveText('1,000,000 messages')
  await expect(newest).toBeVisible()
  await expectRowsInPlace(table, 'all')
})
