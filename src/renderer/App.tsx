import { useEffect, useRef } from 'react'
import { BalanceBadge } from './components/BalanceBadge'
import { BatchAlerts } from './components/BatchAlerts'
import { ConnectionBanner } from './components/ConnectionBanner'
import { ConnectionSummary } from './components/ConnectionSummary'
import { LanguageSelect } from './components/LanguageSelect'
import { ReplyAlerts } from './components/ReplyAlerts'
import { MessageDetailDialog } from './components/message-detail/MessageDetail'
import { StorageBanner } from './components/StorageBanner'
import { TeamLinkBadge } from './components/team-link/TeamLinkBadge'
import { useT } from './i18n'
import { useLang } from './stores/lang'
import { BulkImport } from './screens/BulkImport'
import { Compose } from './screens/Compose'
import { Contacts } from './screens/Contacts'
import { DedicatedNumbers } from './screens/DedicatedNumbers'
import { DeliveryReports } from './screens/DeliveryReports'
import { History } from './screens/History'
import { HlrLookup } from './screens/HlrLookup'
import { Inbox } from './screens/Inbox'
import { Providers } from './screens/Providers'
import { Team } from './screens/Team'
import { teamSections } from './screens/Team/view'
import { shownScreens, useNav, type ScreenId } from './stores/nav'
import { useInbox } from './stores/inbox'
import { useProfiles } from './stores/profiles'
import { useTeam } from './stores/team'
import { inboxStrings } from './screens/Inbox.strings'

const SCREENS: Record<ScreenId, () => React.JSX.Element> = {
  compose: Compose,
  import: BulkImport,
  reports: DeliveryReports,
  history: History,
  hlr: HlrLookup,
  numbers: DedicatedNumbers,
  inbox: Inbox,
  contacts: Contacts,
  providers: Providers,
  team: Team,
}

export function App() {
  const t = useT()
  const lang = useLang((s) => s.lang)
  const profilesLoaded = useProfiles((s) => s.loaded)
  const screen = useNav((s) => s.screen)
  const go = useNav((s) => s.go)
  const Screen = SCREENS[screen]
  const unread = useInbox((s) => s.unread)
  // On a team server, its own screen for the roles that use it.
  const team = useTeam((s) => teamSections(s.mode, s.me) !== null)
  const screens = shownScreens(team)

  // A screen opened from the keyboard takes the keyboard to its first field.
  const focusScreen = useRef(false)
  useEffect(() => {
    // Alt+1…9 (and 0 for a tenth) open the screens in the order of the navigation bar.
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return
      const { mode, me } = useTeam.getState()
      const target = shownScreens(teamSections(mode, me) !== null)[
        e.key === '0' ? 9 : Number(e.key) - 1
      ]
      if (target) {
        e.preventDefault()
        if (target === useNav.getState().screen) focusFirstField()
        else {
          focusScreen.current = true
          go(target)
        }
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [go])

  useEffect(() => {
    if (!focusScreen.current) return
    focusScreen.current = false
    focusFirstField()
  }, [screen])

  useEffect(() => {
    document.documentElement.lang = lang
    // Replies waiting show in the window title (the taskbar's and the browser tab's).
    document.title = unread > 0 ? `(${unread}) ${t.appTitle}` : t.appTitle
  }, [lang, t, unread])

  useEffect(() => {
    // The signal end-to-end tests (and the Electron shell's log) wait for.
    if (profilesLoaded) document.documentElement.dataset.ready = 'true'
  }, [profilesLoaded])

  return (
    <div className="app">
      <header className="topbar">
        <h1>{t.appTitle}</h1>
        <ConnectionSummary />
        <BalanceBadge />
        <TeamLinkBadge />
        <LanguageSelect />
      </header>
      <nav className="screens-nav" aria-label={t.navLabel}>
        {screens.map((id, i) => (
          <button
            key={id}
            type="button"
            className={id === screen ? 'active' : undefined}
            aria-current={id === screen ? 'page' : undefined}
            title={t.shortcut(`Alt+${(i + 1) % 10}`)}
            aria-describedby={id === 'inbox' && unread > 0 ? 'nav-inbox-unread' : undefined}
            onClick={() => go(id)}
          >
            {t.nav[id]}
            {id === 'inbox' && unread > 0 && (
              <span className="count-badge" aria-hidden="true">
                {unread}
              </span>
            )}
          </button>
        ))}
        {unread > 0 && (
          <span id="nav-inbox-unread" className="visually-hidden">
            {inboxStrings[lang].unreadCount(unread)}
          </span>
        )}
      </nav>
      <ConnectionBanner />
      <StorageBanner />
      <Screen />
      <BatchAlerts />
      <ReplyAlerts />
      <MessageDetailDialog />
    </div>
  )
}

/** The open screen's first field (else its first control), for the keyboard. */
function focusFirstField(): void {
  const main = document.querySelector('main')
  const field =
    main?.querySelector<HTMLElement>(
      'input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled])',
    ) ?? main?.querySelector<HTMLElement>('button:not([disabled]), [href]')
  field?.focus()
}
