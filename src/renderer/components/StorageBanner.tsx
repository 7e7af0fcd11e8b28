import { useT, type Strings } from '../i18n'
import { useLang } from '../stores/lang'
import { useStorage } from '../stores/storage'

const TITLES = {
  full: (t: Strings) => t.storageFull,
  failing: (t: Strings) => t.storageFailing,
  busy: (t: Strings) => t.storageBusy,
} as const

/** Says, until it clears, that main cannot write to its data folder and what waits meanwhile. */
export function StorageBanner() {
  const t = useT()
  const lang = useLang((s) => s.lang)
  const state = useStorage((s) => s.state)
  if (!state || state.status === 'ok') return null
  const since = state.since
    ? new Date(state.since).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' })
    : null
  return (
    <div className="banner banner-error" role="alert" data-storage={state.status}>
      <strong>{TITLES[state.status](t)}</strong>
      {since && ` ${t.storageSince(since)}`}{' '}
      {state.waiting > 0 && `${t.storageWaiting(state.waiting.toLocaleString(lang))} `}
      {t.storageAdvice[state.status]}
    </div>
  )
}
