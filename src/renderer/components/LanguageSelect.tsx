import { useT, type Lang } from '../i18n'
import { useLang } from '../stores/lang'

export function LanguageSelect() {
  const t = useT()
  const lang = useLang((s) => s.lang)
  const setLang = useLang((s) => s.setLang)
  return (
    <label className="lang">
      <span className="visually-hidden">{t.language}</span>
      <select
        aria-label={t.language}
        value={lang}
        onChange={(e) => setLang(e.target.value as Lang)}
      >
        <option value="en">English</option>
        <option value="ru">Русский</option>
      </select>
    </label>
  )
}
