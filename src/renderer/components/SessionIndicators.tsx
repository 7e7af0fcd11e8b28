import type { SessionStatus } from '../../shared/contract'
import { useT } from '../i18n'
import { useProfiles } from '../stores/profiles'
import { useSessions } from '../stores/sessions'

/** One light per profile: bound, (re)connecting, or offline/stopped. */
export function SessionIndicators() {
  const t = useT()
  const profiles = useProfiles((s) => s.profiles)
  const sessions = useSessions((s) => s.byProfile)
  return (
    <ul className="sessions" aria-label={t.connections}>
      {profiles.map((p) => {
        const state = sessions[p.id]
        const status: SessionStatus = state?.status ?? 'offline'
        const label = t.connectionLabel(p.name, t.sessions[status])
        return (
          <li
            key={p.id}
            className={`session session-${tone(status)}`}
            role="status"
            aria-label={label}
            data-status={status}
            title={[label, state?.host, state?.detail].filter(Boolean).join(' · ')}
          >
            <span className="dot" aria-hidden="true" />
            <span className="session-name">{p.sandbox ? t.sandboxSuffix : p.name}</span>
            <span className="session-status">{t.sessions[status]}</span>
          </li>
        )
      })}
    </ul>
  )
}

function tone(status: SessionStatus): 'ok' | 'warn' | 'bad' {
  if (status === 'bound' || status === 'ready') return 'ok'
  if (status === 'connecting' || status === 'reconnecting') return 'warn'
  return 'bad'
}
