// Every screen, in English and in Russian, read through Chromium's own accessibility tree: each
// control has a name, and the Russian interface shows neither an English phrase of the
// dictionaries nor any other English (a hard-coded word, main's message, an AM/PM time); and
// checked by axe-core against WCAG 2.1 A and AA (contrast included).
// It imports the renderer's dictionaries, so it is type-checked with the renderer
// (tsconfig.web.json), not with the other end-to-end tests.
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type CDPSession, type Page } from '@playwright/test'
import { detailStrings } from '../../src/renderer/components/message-detail/strings'
import { receiptsStrings } from '../../src/renderer/components/message-detail/receipts.strings'
import { dictionaries, type Lang } from '../../src/renderer/i18n'
import { importStrings } from '../../src/renderer/screens/BulkImport/strings'
import { contactsStrings } from '../../src/renderer/screens/Contacts/strings'
import { numbersStrings } from '../../src/renderer/screens/DedicatedNumbers.strings'
import { reportsStrings } from '../../src/renderer/screens/DeliveryReports/strings'
import { historyStrings } from '../../src/renderer/screens/History.strings'
import { hlrStrings } from '../../src/renderer/screens/HlrLookup.strings'
import { templateStrings } from '../../src/renderer/components/templates/strings'
import { inboxStrings } from '../../src/renderer/screens/Inbox.strings'
import { providersStrings } from '../../src/renderer/screens/Providers/strings'
import { SANDBOX_NAMES } from '../../src/shared/constants'
import { injectInbound, startServe, type Served } from './serve'

const DICTIONARIES: Record<string, Record<Lang, object>> = {
  app: dictionaries,
  detail: detailStrings,
  receipts: receiptsStrings,
  import: importStrings,
  numbers: numbersStrings,
  reports: reportsStrings,
  history: historyStrings,
  hlr: hlrStrings,
  inbox: inboxStrings,
  providers: providersStrings,
}

/** Roles an operator acts on, and roles ARIA says must carry a name. */
const NAMED_ROLES = new Set([
  'button',
  'link',
  'textbox',
  'searchbox',
  'combobox',
  'listbox',
  'option',
  'checkbox',
  'radio',
  'switch',
  'slider',
  'spinbutton',
  'tab',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'treeitem',
  'progressbar',
  'meter',
  'dialog',
  'alertdialog',
  'img',
  'table',
  'grid',
])

interface AXValue {
  value?: unknown
}
interface AXNode {
  nodeId: string
  ignored: boolean
  role?: AXValue
  name?: AXValue
  description?: AXValue
  backendDOMNodeId?: number
}

const words = (s: string) => s.match(/[A-Za-z]{2,}/g)?.length ?? 0

/** English phrases of two words or more whose Russian counterpart says something else. */
function englishPhrases(from: Record<string, Record<Lang, object>> = DICTIONARIES): string[] {
  const found = new Set<string>()
  const walk = (en: unknown, ru: unknown) => {
    if (typeof en === 'string') {
      if (en !== ru && words(en) >= 2) found.add(en)
    } else if (en && typeof en === 'object' && ru && typeof ru === 'object') {
      for (const [key, value] of Object.entries(en)) {
        walk(value, (ru as Record<string, unknown>)[key])
      }
    }
  }
  for (const d of Object.values(from)) walk(d.en, d.ru)
  return [...found]
}

const ENGLISH = englishPhrases()

/** Two Latin words in a row, or a time of day with AM/PM. */
const ENGLISH_RUN = /[A-Za-z][A-Za-z'’]+(?:,? [A-Za-z][A-Za-z'’]+)+|\d:\d\d(?::\d\d)? ?[AP]M\b/g

/**
 * Latin words in the Russian interface that are not English to translate: names of providers,
 * protocols and their fields; what the sandbox's simulated providers answer (their data), and a
 * delivery report as it came; Chromium's own parts of a date-time field, in the browser's
 * language.
 */
const NOT_ENGLISH: (string | RegExp)[] = [
  'SMSC HTTP',
  'System ID',
  'system type',
  /\b(?:MTS|MegaFon|Beeline|Tele2)(?:, (?:sms|call|mms))+/g,
  'Show local date and time picker',
  // A delivery report as it came (its detail shows it raw): the SMPP receipt's own fields.
  /\bsubmit date:\d+ done date:\d+ stat:[A-Z]+ err:/g,
  /\b(?:AM\/PM|Day|Month|Year|Hours|Minutes)\b/g,
]

let served: Served

test.beforeAll(async () => {
  served = await startServe()
})

test.afterAll(async () => {
  await served?.stop()
})

/** The line of `text` around a match, for a failure message. */
function around(text: string, at: number, length: number): string {
  const from = text.lastIndexOf('\n', at) + 1
  const to = text.indexOf('\n', at + length)
  return text.slice(from, to === -1 ? undefined : to).slice(0, 200)
}

class Audit {
  /** Each problem once, with an example and the screens it was seen on. */
  private readonly problems = new Map<string, { example: string; screens: Set<string> }>()
  private cdp: CDPSession | null = null
  screens = 0

  constructor(
    private readonly page: Page,
    private readonly lang: Lang,
  ) {}

  private report(screen: string, problem: string, example = ''): void {
    const seen = this.problems.get(problem) ?? { example, screens: new Set<string>() }
    seen.screens.add(screen)
    this.problems.set(problem, seen)
  }

  private async hint(backendNodeId: number | undefined): Promise<string> {
    if (backendNodeId === undefined || !this.cdp) return '(no DOM node)'
    try {
      const { object } = await this.cdp.send('DOM.resolveNode', { backendNodeId })
      const { result } = await this.cdp.send('Runtime.callFunctionOn', {
        objectId: object.objectId,
        functionDeclaration: `function () {
          const el = this.nodeType === 1 ? this : this.parentElement
          return el ? el.outerHTML.replace(/\\s+/g, ' ').slice(0, 200) : String(this.nodeName)
        }`,
        returnByValue: true,
      })
      return String(result.value)
    } catch (err) {
      return `(node ${backendNodeId}: ${String(err)})`
    }
  }

  /** Reads the computed accessibility tree of the page as it is now. */
  async check(screen: string): Promise<void> {
    this.screens++
    this.cdp ??= await this.page.context().newCDPSession(this.page)
    const { nodes } = (await this.cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] }
    const texts: { where: string; text: string }[] = []
    for (const node of nodes) {
      // Line boxes repeat their StaticText piecewise.
      if (node.ignored || node.role?.value === 'InlineTextBox') continue
      const role = String(node.role?.value ?? '')
      const name = String(node.name?.value ?? '').trim()
      if (NAMED_ROLES.has(role) && name === '') {
        this.report(screen, `${role} without a name: ${await this.hint(node.backendDOMNodeId)}`)
      }
      if (name) texts.push({ where: `${role} name`, text: name })
      const description = String(node.description?.value ?? '').trim()
      if (description) texts.push({ where: `${role} description`, text: description })
    }

    // axe-core's WCAG 2.1 A and AA rules (contrast, names, roles, structure) on the same page.
    const axe = await new AxeBuilder({ page: this.page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze()
    for (const v of axe.violations) {
      const node = v.nodes[0]
      const where = node ? `${node.target.join(' ')}: ${node.html.slice(0, 160)}` : ''
      this.report(screen, `axe ${v.id} (${v.impact ?? 'minor'}): ${v.help}`, where)
    }
    if (this.lang !== 'ru') return

    // What the accessibility tree may leave out: visible text, and text only in attributes.
    const dom = await this.page.evaluate(() => {
      const out: { where: string; text: string }[] = [
        { where: 'visible text', text: document.body.innerText },
        { where: 'title', text: document.title },
      ]
      for (const el of document.querySelectorAll('*')) {
        for (const attr of ['aria-label', 'title', 'placeholder', 'aria-description', 'alt']) {
          const v = el.getAttribute(attr)
          if (v) out.push({ where: `${el.tagName.toLowerCase()}[${attr}]`, text: v })
        }
      }
      return out
    })
    for (const { where, text } of [...texts, ...dom]) {
      for (const phrase of ENGLISH) {
        const at = text.indexOf(phrase)
        if (at === -1) continue
        this.report(screen, `English “${phrase}”`, `${where}: ${around(text, at, phrase.length)}`)
      }
      // English from outside the dictionaries: words hard-coded in a component, main's messages,
      // times formatted for the browser's locale instead of the interface's.
      let rest = text
      for (const allowed of NOT_ENGLISH)
        rest = rest.replaceAll(allowed, (m) => ' '.repeat(m.length))
      for (const m of rest.matchAll(ENGLISH_RUN)) {
        const words = m[0].replace(/\d+/g, 'N')
        this.report(screen, `English “${words}”`, `${where}: ${around(text, m.index, m[0].length)}`)
      }
    }
  }

  assertClean(): void {
    const lines = [...this.problems].map(
      ([problem, { example, screens }]) =>
        `[${this.lang}] ${problem}${example ? ` (${example})` : ''}\n    on: ${[...screens].join('; ')}`,
    )
    expect(lines, lines.join('\n')).toEqual([])
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const startsWith = (prefix: string) => new RegExp(`^${escape(prefix)}`)

test('every dictionary gives English phrases to look for', () => {
  expect(ENGLISH).toContain('Provider profile')
  // A dictionary whose Russian is still a copy of its English (nothing to tell apart) gives none.
  const silent = Object.entries(DICTIONARIES)
    .filter(([name, d]) => englishPhrases({ [name]: d }).length === 0)
    .map(([name]) => name)
  expect(silent).toEqual([])
})

for (const lang of ['en', 'ru'] as const) {
  test(`every screen in ${lang === 'en' ? 'English' : 'Russian'}: controls named${
    lang === 'ru' ? ', no English left' : ''
  }`, async ({ page }) => {
    test.setTimeout(180_000)
    const t = dictionaries[lang]
    const imp = importStrings[lang]
    const num = numbersStrings[lang]
    const rep = reportsStrings[lang]
    const his = historyStrings[lang]
    const hlr = hlrStrings[lang]
    const inb = inboxStrings[lang]
    const prov = providersStrings[lang]
    const audit = new Audit(page, lang)

    await page.goto(served.url)
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
    if (lang === 'ru') await page.getByLabel('Language').selectOption('ru')
    await expect(page.locator('html')).toHaveAttribute('lang', lang)
    const nav = page.getByRole('navigation', { name: t.navLabel })
    const go = async (id: keyof typeof t.nav) => {
      await nav.getByRole('button', { name: t.nav[id], exact: true }).click()
      await expect(nav.getByRole('button', { name: t.nav[id], exact: true })).toHaveAttribute(
        'aria-current',
        'page',
      )
    }

    // Compose, then a few messages so that the tables further on have rows. The test's own data
    // is in Russian, so that any English on the page is the console's.
    await expect(page.getByRole('heading', { name: t.compose })).toBeVisible()
    await audit.check('Compose, before sending')
    const suffix = lang === 'en' ? '1' : '2'
    const delivered = `99290123450${suffix}`
    const failed = `992901234${suffix}00`
    // The first through the SMSC sandbox, which states a price: the reports draw their spend.
    const profile = page.getByLabel(t.profile, { exact: true })
    for (const phone of [`7916555020${suffix}`, delivered, failed, `992901235${suffix}07`]) {
      await profile.selectOption({
        label: SANDBOX_NAMES[phone.startsWith('7') ? 'smsc-http' : 'smpp'][lang],
      })
      await page.getByLabel(t.phone, { exact: true }).fill(phone)
      await page.getByLabel(t.text, { exact: true }).fill(`Проверка связи ${phone}`)
      await page.getByRole('button', { name: t.send, exact: true }).click()
      await expect(page.getByLabel(t.phone, { exact: true })).toHaveValue('')
    }
    await expect(page.getByRole('row').filter({ hasText: delivered }).first()).toContainText(
      t.states.delivered,
      { timeout: 30_000 },
    )
    await expect(page.getByRole('row').filter({ hasText: failed }).first()).toContainText(
      t.states.failed,
      { timeout: 30_000 },
    )
    await audit.check('Compose, with sent messages')

    // The template picker, and the library opened to save the text being written.
    const tpl = templateStrings[lang]
    await page.getByLabel(t.text, { exact: true }).fill('Здравствуйте, {имя}! Заказ готов.')
    await page.getByRole('button', { name: tpl.pick, exact: true }).click()
    await expect(page.getByRole('combobox', { name: tpl.search })).toBeFocused()
    await audit.check('Compose, the template picker')
    await page.getByRole('button', { name: tpl.saveAs, exact: true }).click()
    const library = page.getByRole('dialog', { name: tpl.title })
    await library.getByLabel(tpl.name, { exact: true }).fill(`Заказ ${lang}`)
    await library.getByRole('button', { name: tpl.save, exact: true }).click()
    await expect(library.getByRole('button', { name: tpl.del, exact: true })).toBeVisible()
    await audit.check('Compose, the template library')
    await library.getByRole('button', { name: tpl.close, exact: true }).click()
    await page.getByLabel(t.text, { exact: true }).fill('')

    // Bulk import: the empty screen, then a pasted file at the mapping step and its summary.
    await go('import')
    await expect(page.getByRole('heading', { name: imp.title, level: 2 })).toBeVisible()
    await audit.check('Bulk import')
    await page
      .getByLabel(imp.paste, { exact: true })
      .fill('телефон;имя\n992901110001;Иван\n992901110002;Мария\nне телефон;Олег\n')
    await page.getByRole('button', { name: imp.usePaste }).click()
    await expect(page.getByLabel(imp.phoneColumn)).toBeVisible()
    await expect(page.getByRole('table', { name: imp.preview })).toBeVisible()
    await audit.check('Bulk import, mapping')
    await page.getByLabel(imp.sender, { exact: true }).fill('Магазин')
    await page.getByLabel(imp.template).fill('Здравствуйте, #имя#')
    await page.getByRole('button', { name: imp.check }).click()
    await expect(page.getByRole('table', { name: imp.rejectedRows })).toBeVisible()
    await audit.check('Bulk import, summary')

    // Delivery reports with the single messages opened.
    await go('reports')
    await expect(page.getByRole('heading', { name: t.nav.reports, level: 2 })).toBeVisible()
    await page.getByRole('button', { name: rep.show(rep.oneOff) }).click()
    await expect(page.getByRole('table', { name: rep.messages })).toBeVisible()
    // The period's spend drawn by day, its legend a table named as the chart.
    const spendChart = page.getByRole('img', { name: rep.spendChartLabel(1) })
    await expect(spendChart.locator('canvas')).toHaveCount(1)
    await expect(spendChart.locator('table')).toHaveAttribute('aria-label', rep.spendChartLabel(1))
    await audit.check('Delivery reports, single messages')

    // History with its rows.
    await go('history')
    const history = page.getByRole('table', { name: his.table })
    await expect(history.getByRole('cell', { name: delivered, exact: true })).toBeVisible()
    await audit.check('History')
    // A failed message's detail: its story, its reports, what can be done.
    const det = detailStrings[lang]
    await history
      .locator('[data-message-id]')
      .filter({ hasText: failed })
      .getByRole('button', { name: startsWith(det.openLabel(0).replace(/0$/, '')) })
      .click()
    const detail = page.getByRole('dialog', { name: startsWith(det.title(0).replace(/0$/, '')) })
    await expect(detail.getByRole('button', { name: det.resend })).toBeVisible()
    await expect(detail.getByTestId('receipt')).not.toHaveCount(0)
    await audit.check('History, a failed message’s detail')
    await page.keyboard.press('Escape')
    await expect(detail).toHaveCount(0)

    // HLR lookup, empty and with an answer.
    await go('hlr')
    await expect(page.getByRole('heading', { name: hlr.newLookup })).toBeVisible()
    await audit.check('HLR lookup')
    await page.getByLabel(hlr.phones).fill(`7916123456${suffix}`)
    await page.getByRole('button', { name: hlr.lookUp, exact: true }).click()
    await expect(
      page
        .getByRole('row')
        .filter({ hasText: `7916123456${suffix}` })
        .first(),
    ).toContainText(hlr.statuses.answered)
    await audit.check('HLR lookup, with results')

    // Dedicated numbers, and the renting dialog (cancelled).
    await go('numbers')
    const free = page.getByRole('table', { name: num.free })
    await expect(free.getByRole('button', { name: startsWith(num.rentNamed('')) })).not.toHaveCount(
      0,
    )
    await audit.check('Dedicated numbers')
    await free
      .getByRole('button', { name: startsWith(num.rentNamed('')) })
      .first()
      .click()
    const dialog = page.getByRole('dialog')
    await expect(dialog).toBeVisible()
    await audit.check('Dedicated numbers, rent dialog')
    await dialog.getByRole('button', { name: num.cancel, exact: true }).click()
    await expect(dialog).toHaveCount(0)

    // Inbox, empty and with a message.
    await go('inbox')
    await expect(page.getByRole('heading', { name: inb.conversations })).toBeVisible()
    await audit.check('Inbox')
    await injectInbound(page, served, {
      from: '+992 93 555 0101',
      to: '7781',
      text: `Ответ ${lang}`,
    })
    const thread = page.getByRole('list', { name: inb.conversations }).getByRole('button')
    await expect(thread.filter({ hasText: `Ответ ${lang}` })).toBeVisible()
    await thread.filter({ hasText: `Ответ ${lang}` }).click()
    await expect(
      page.getByRole('heading', { name: inb.withCustomer('992935550101') }),
    ).toBeVisible()
    await audit.check('Inbox, a conversation open')

    // Contacts: the list, a contact's card and the import of a file.
    const con = contactsStrings[lang]
    await go('contacts')
    await expect(page.getByRole('heading', { name: t.nav.contacts, level: 2 })).toBeVisible()
    await audit.check('Contacts')
    await page.getByRole('button', { name: con.newContact, exact: true }).click()
    const card = page.getByRole('dialog', { name: con.newContact })
    await card.getByLabel(con.phone, { exact: true }).fill(`99290555010${suffix}`)
    await card.getByRole('button', { name: con.addField }).click()
    await audit.check('Contacts, a new contact')
    await card.getByLabel(con.name, { exact: true }).fill('Зарина')
    await card.getByRole('button', { name: con.save, exact: true }).click()
    await expect(card).toHaveCount(0)
    await expect(page.getByRole('button', { name: con.edit(`99290555010${suffix}`) })).toBeVisible()
    await page.getByRole('button', { name: con.importTitle }).click()
    await expect(page.getByRole('dialog', { name: con.importTitle })).toBeVisible()
    await audit.check('Contacts, import from a file')
    await page.keyboard.press('Escape')

    // Providers: the list, a sandbox profile, and the editor of a new profile.
    await go('providers')
    await expect(page.getByRole('heading', { name: prov.title })).toBeVisible()
    const open = page.getByRole('button', { name: startsWith(prov.edit('')) })
    await expect(open).not.toHaveCount(0)
    await audit.check('Providers')
    await open.first().click()
    await expect(page.getByRole('form', { name: startsWith(prov.editorEdit('')) })).toBeVisible()
    await audit.check('Providers, a sandbox profile')
    for (const kind of ['smpp', 'osonsms', 'smsc-http', 'getsms', 'smsgate'] as const) {
      await page.getByLabel(prov.newKind).selectOption({ label: prov.kinds[kind] })
      await page.getByRole('button', { name: prov.add, exact: true }).click()
      const editor = page.getByRole('form', { name: prov.editorNew(prov.kinds[kind]) })
      await expect(editor).toBeVisible()
      await audit.check(`Providers, new ${kind} profile`)
      // Saving an empty form shows the field errors: they are named too.
      await editor.getByRole('button', { name: prov.save, exact: true }).click()
      await expect(editor.getByRole('alert').first()).toBeVisible()
      await audit.check(`Providers, new ${kind} profile with errors`)
    }

    expect(audit.screens).toBeGreaterThan(20)
    audit.assertClean()
  })
}
