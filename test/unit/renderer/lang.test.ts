import { describe, expect, it } from 'vitest'
import { systemLang } from '../../../src/renderer/stores/lang'

describe('the language on a first start', () => {
  it("follows the system's: Russian for Russian and the region's languages, English elsewhere", () => {
    expect(systemLang(['ru-RU', 'en-US'])).toBe('ru')
    expect(systemLang(['kk-KZ'])).toBe('ru')
    expect(systemLang(['uz'])).toBe('ru')
    expect(systemLang(['en-GB', 'ru'])).toBe('en')
    expect(systemLang(['de-DE'])).toBe('en')
    expect(systemLang([])).toBe('en')
  })
})
