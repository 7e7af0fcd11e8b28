/**
 * The interface's language, remembered per machine. Until the agent picks one it follows the
 * system's: Russian where the system speaks Russian or a language of the region whose offices
 * work in Russian (Kazakh, Kyrgyz, Tajik, Uzbek, Belarusian), English elsewhere.
 */
import { create } from 'zustand'
import type { Lang } from '../i18n'

const LANG_KEY = 'sms-console-lang'

const RUSSIAN_SPEAKING = /^(ru|kk|ky|tg|uz|be)\b/i

/** The system's choice, from the languages it prefers (navigator.languages). */
export function systemLang(preferred: readonly string[]): Lang {
  return preferred.length > 0 && RUSSIAN_SPEAKING.test(preferred[0] ?? '') ? 'ru' : 'en'
}

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(LANG_KEY)
    if (saved === 'ru' || saved === 'en') return saved
  } catch {
    // No storage: the system's language, as on a first start.
  }
  return systemLang(typeof navigator === 'undefined' ? [] : navigator.languages)
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
