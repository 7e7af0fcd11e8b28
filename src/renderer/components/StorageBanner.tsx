import { useLang } from '../stores/lang'
import { useStorage } from '../stores/storage'
import { StorageNotice } from './StorageNotice'

/** Says, until it clears, that main cannot write to its data folder and what waits meanwhile. */
export function StorageBanner() {
  const state = useStorage((s) => s.state)
  const lang = useLang((s) => s.lang)
  return <StorageNotice state={state} lang={lang} />
}
