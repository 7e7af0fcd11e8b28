import type { ProviderKind, SessionStatus } from '../../shared/contract'
import { useT } from '../i18n'
import { useProvidersT } from '../screens/Providers/strings'
import { mainSays } from '../main-phrases'
import { useConnection } from '../stores/connection'
import { useLang } from '../stores/lang'
import { useShownProfiles } from '../stores/profiles'
import { useSessions } from '../stores/sessions'
import { sessionRate } from './session-rate'

// The sandbox profiles differ only by the provider they simulate: name that.
const KIND_NAMES: Record<ProviderKind, string> = {
  smpp: 'SMPP',
  osonsms: 'OsonSMS',
  'smsc-http': 'SMSC',
  getsms: 'GETSMS',
  smsgate: 'smsgate',
}

/**
 * One light per profile: bound, (re)connecting, or offline/stopped; a connection slowed down by
 * the provider's throttling also shows its current rate against the profile's. While the console
 * itself cannot be reached, no state is known: every light says so instead of its last colour.
 */
export function SessionIndicators() {
  const t = useT()
  const pt = useProvidersT()
  const profiles = useShownProfiles()
  const sessions = useSessions((s) => s.byProfile)
  const known = useConnection((s) => s.status) === 'open'
  const lang = useLang((s) => s.lang)
  return (
    <ul className="sessions" aria-label={t.connections}>
      {profiles.map((p) => {
        // While the console cannot be reached, its last word on any connection is no longer true.
        const state = known ? sessions[p.id] : undefined
        const status: SessionStatus | 'unknown' = known ? (state?.status ?? 'offline') : 'unknown'
        const said = status === 'unknown' ? t.sessionUnknown : t.sessions[status]
        const rate = sessionRate(state, pt)
        const slowed = rate?.slowed ? rate : null
        const label = [t.connectionLabel(p.name, said), slowed?.detail].filter(Boolean).join('; ')
        const why = known
          ? [state?.host, state?.detail && mainSays(state.detail, state.detailPhrase, lang)]
          : [pt.sessionUnknownWhy]
        return (
          <li
            key={p.id}
            className={`session session-${tone(status)}`}
            role="status"
            aria-label={label}
            data-status={status}
            title={[label, ...why].filter(Boolean).join(' · ')}
          >
            <span className="dot" aria-hidden="true" />
            <span className="session-name">{p.sandbox ? KIND_NAMES[p.kind] : p.name}</span>
            <span className="session-status">{said}</span>
            {slowed && <span className="session-rate">{slowed.text}</span>}
          </li>
        )
      })}
    </ul>
  )
}

function tone(status: SessionStatus | 'unknown'): 'ok' | 'warn' | 'bad' | 'unknown' {
  if (status === 'unknown') return 'unknown'
  if (status === 'bound' || status === 'ready') return 'ok'
  if (status === 'connecting' || status === 'reconnecting') return 'warn'
  return 'bad'
}
