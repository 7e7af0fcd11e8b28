import { useEffect } from 'react'
import { transport } from './api/client'
import { ConnectionBanner } from './components/ConnectionBanner'
import { LanguageSelect } from './components/LanguageSelect'
import { SessionIndicators } from './components/SessionIndicators'
import { useLang, useT } from './i18n'
import { Compose } from './screens/Compose'
import { useMessages } from './stores/messages'
import { useProfiles } from './stores/profiles'
import { useSessions } from './stores/sessions'

function loadAll(): void {
  void useProfiles.getState().load()
  void useSessions.getState().load()
  void useMessages.getState().load()
}

export function App() {
  const t = useT()
  const lang = useLang((s) => s.lang)
  const profilesLoaded = useProfiles((s) => s.loaded)

  useEffect(() => {
    if (transport.status() === 'open') loadAll()
    // Each (re)connection reloads everything: pushes sent while away were missed.
    return transport.onStatus((status) => {
      if (status === 'open') loadAll()
    })
  }, [])

  useEffect(() => {
    document.documentElement.lang = lang
    document.title = t.appTitle
  }, [lang, t])

  useEffect(() => {
    // The signal end-to-end tests (and the Electron shell's log) wait for.
    if (profilesLoaded) document.documentElement.dataset.ready = 'true'
  }, [profilesLoaded])

  return (
    <div className="app">
      <header className="topbar">
        <h1>{t.appTitle}</h1>
        <SessionIndicators />
        <LanguageSelect />
      </header>
      <ConnectionBanner />
      <Compose />
    </div>
  )
}
