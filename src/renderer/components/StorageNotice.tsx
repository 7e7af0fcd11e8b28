import type { StorageState } from '../../shared/calls/storage'
import { dictionaries, type Lang, type Strings } from '../i18n'
import { formatNumber, formatTime } from '../format'

const TITLES = {
  full: (t: Strings) => t.storageFull,
  failing: (t: Strings) => t.storageFailing,
  busy: (t: Strings) => t.storageBusy,
} as const

/** What a storage state says to the agent: nothing while every write goes through. */
export function StorageNotice({ state, lang }: { state: StorageState | null; lang: Lang }) {
  const t = dictionaries[lang]
  if (!state || state.status === 'ok') return null
  const since = state.since ? formatTime(state.since, lang) : null
  return (
    <div className="banner banner-error" role="alert" data-storage={state.status}>
      <strong>{TITLES[state.status](t)}</strong>
      {since && ` ${t.storageSince(since)}`}{' '}
      {state.waiting > 0 && `${t.storageWaiting(formatNumber(state.waiting, lang))} `}
      {t.storageAdvice[state.status]}
    </div>
  )
}
