// The banner as React renders it from the pushed storage state, in both languages: each kind of
// trouble has its own title and advice, and what waits is counted. Rendered to markup on Node.
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { StorageState } from '../../../src/shared/calls/storage'
import { StorageNotice } from '../../../src/renderer/components/StorageNotice'

/** The banner's text as the agent reads it. */
function banner(state: StorageState, lang: 'en' | 'ru' = 'en'): string {
  return renderToStaticMarkup(<StorageNotice state={state} lang={lang} />)
    .replace(/<[^>]+>/g, '')
    .replaceAll('&#x27;', "'")
}

const since = new Date(2026, 11, 6, 17, 3).getTime()
/** A 24-hour clock in both languages (renderer/format.ts). */
const at = (_lang: string) => '17:03'

describe('storage banner', () => {
  it('says nothing while every write goes through', () => {
    expect(banner({ status: 'ok', since: null, waiting: 0, detail: null })).toBe('')
  })

  it('tells a locked database from a full disk, and that nothing is lost', () => {
    const busy = banner({ status: 'busy', since, waiting: 1234, detail: 'database is locked' })
    expect(
      busy.startsWith(`The console's database is held by another connection since ${at('en')}.`),
    ).toBe(true)
    expect(busy).toContain('Waiting to be written: 1,234')
    expect(busy).toContain('written by itself once the database is free')
    expect(busy).not.toMatch(/space|disk/i)

    const full = banner({ status: 'full', since, waiting: 0, detail: 'database or disk is full' })
    expect(full).toMatch(/^The disk holding the console's data is full/)
    expect(full).toContain('Free some space')
    expect(full).not.toContain('Waiting to be written')
  })

  it('speaks Russian when the agent chose it', () => {
    const busy = banner({ status: 'busy', since, waiting: 3, detail: null }, 'ru')
    expect(busy.startsWith(`База данных консоли занята другим соединением с ${at('ru')}.`)).toBe(
      true,
    )
    expect(busy).toContain('Ждут записи: 3')
    const failing = banner({ status: 'failing', since: null, waiting: 0, detail: null }, 'ru')
    expect(failing).toContain('Проверьте диск')
  })
})
