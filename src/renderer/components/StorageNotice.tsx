import type { StorageState } from '../../shared/calls/storage'
import { dictionaries, type Lang, type Strings } from '../i18n'

const TITLES = {
  full: (t: Strings) => t.storageFull,
  failing: (t: Strings) => t.storageFailing,
  busy: (t: Strings) => t.storageBusy,
} as const

/** What a storage state says to the agent: nothing while every write goes through. */
export function StorageNotice({ state, lang }: { state: StorageState | null; lang: Lang }) {
  const t = dictionaries[lang]
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
