/** The interface's language, remembered per machine (English until the agent picks Russian). */
import { create } from 'zustand'
import type { Lang } from '../i18n'

const LANG_KEY = 'sms-console-lang'

function initialLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'ru' ? 'ru' : 'en'
  } catch {
    return 'en'
  }
}

interface LangState {
  lang: Lang
  setLang(lang: Lang): void
}

export const useLang = create<LangState>((set) => ({
  lang: initialLang(),
  setLang(lang) {
    try {
      localStorage.setItem(LANG_KEY, lang)
    } catch {
      // Not remembered; the choice still applies to this window.
    }
    document.documentElement.lang = lang
    set({ lang })
  },
}))
