import { profileLabel } from '../../shared/constants'
import { useEffect, useId, useRef, useState } from 'react'
import type { ProviderKind, ProviderProfile, SessionStatus } from '../../shared/contract'
import { useT } from '../i18n'
import { useProvidersT } from '../screens/Providers/strings'
import { mainSays } from '../main-phrases'
import { BALANCE_REFRESH_MS, useBalance } from '../stores/balance'
import { useConnection } from '../stores/connection'
import { useLang } from '../stores/lang'
import { useNav } from '../stores/nav'
import { useShownProfiles } from '../stores/profiles'
import { useSessions } from '../stores/sessions'
import { balanceFigure } from './BalanceBadge'
import { summarize, toneOf } from './connection-summary'
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
 * The header's connections: one compact button, worst state first with counts, that holds its
 * place however many profiles there are; it opens a panel with every profile's light, its rate
 * when the provider slowed it down, and its balance. While the console itself cannot be
 * reached, no state is known: every light says so instead of its last colour.
 */
export function ConnectionSummary() {
  const t = useT()
  const profiles = useShownProfiles()
  const sessions = useSessions((s) => s.byProfile)
  const known = useConnection((s) => s.status) === 'open'
  const [open, setOpen] = useState(false)
  const panelId = useId()
  const root = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)

  const statusOf = (p: ProviderProfile): SessionStatus | 'unknown' =>
    known ? (sessions[p.id]?.status ?? 'offline') : 'unknown'
  const summary = summarize(profiles.map(statusOf))

  useEffect(() => {
    if (!open) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return
      setOpen(false)
      button.current?.focus()
    }
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('keydown', onKey)
    document.addEventListener('pointerdown', onPointer)
    return () => {
      document.removeEventListener('keydown', onKey)
      document.removeEventListener('pointerdown', onPointer)
    }
  }, [open])

  return (
    <div className="connections" ref={root}>
      <button
        ref={button}
        type="button"
        className="connections-summary"
        data-status={summary.worst ?? 'none'}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {/* The name is what shows, after what it is about: "Provider connections: Down: 2, …" */}
        <span className="visually-hidden">{t.connections}: </span>
        {summary.groups.length === 0 && <span>{t.noProfiles}</span>}
        {summary.groups.map((g, i) => (
          <span key={g.tone} className={`summary-group session-${g.tone}`}>
            <span className="dot" aria-hidden="true" />
            <span className="summary-label">{t.summaryTone[g.tone]}:</span>{' '}
            <strong className="summary-count">{g.count}</strong>
            {i < summary.groups.length - 1 && <span className="visually-hidden">, </span>}
          </span>
        ))}
        <span className="summary-caret" aria-hidden="true">
          ▾
        </span>
      </button>
      <div id={panelId} className="connections-panel" hidden={!open}>
        {open && <ConnectionList profiles={profiles} statusOf={statusOf} known={known} />}
        <button
          type="button"
          className="connections-manage"
          onClick={() => {
            setOpen(false)
            useNav.getState().go('providers')
          }}
        >
          {t.manageProfiles}
        </button>
      </div>
    </div>
  )
}

function ConnectionList({
  profiles,
  statusOf,
  known,
}: {
  profiles: ProviderProfile[]
  statusOf: (p: ProviderProfile) => SessionStatus | 'unknown'
  known: boolean
}) {
  const t = useT()
  const pt = useProvidersT()
  const sessions = useSessions((s) => s.byProfile)
  const lang = useLang((s) => s.lang)
  const balances = useBalance((s) => s.byProfile)
  const refresh = useBalance((s) => s.refresh)

  // Opening the panel brings every balance it shows up to date, once per refresh period.
  useEffect(() => {
    const now = Date.now()
    for (const p of profiles) {
      if (!p.capabilities.balance) continue
      const at = useBalance.getState().byProfile[p.id]?.at ?? 0
      if (now - at > BALANCE_REFRESH_MS) void refresh(p.id)
    }
  }, [profiles, refresh])

  return (
    <ul className="sessions" aria-label={t.connections}>
      {profiles.map((p) => {
        const status = statusOf(p)
        const state = known ? sessions[p.id] : undefined
        const said = status === 'unknown' ? t.sessionUnknown : t.sessions[status]
        const rate = sessionRate(state, pt)
        const slowed = rate?.slowed ? rate : null
        const label = [t.connectionLabel(profileLabel(p, lang), said), slowed?.detail]
          .filter(Boolean)
          .join('; ')
        const why = known
          ? [state?.host, state?.detail && mainSays(state.detail, state.detailPhrase, lang)]
          : [pt.sessionUnknownWhy]
        const balance = p.capabilities.balance ? balances[p.id] : undefined
        return (
          <li key={p.id} className={`session session-${toneOf(status)}`}>
            <span
              className="session-light"
              role="status"
              aria-label={label}
              data-status={status}
              title={[label, ...why].filter(Boolean).join(' · ')}
            >
              <span className="dot" aria-hidden="true" />
              <span className="session-name">{p.sandbox ? KIND_NAMES[p.kind] : p.name}</span>
              <span className="session-status">{said}</span>
              {slowed && <span className="session-rate">{slowed.text}</span>}
            </span>
            {p.capabilities.balance && (
              <span
                className="session-balance"
                data-state={balance?.error ? 'error' : 'ok'}
                title={balance?.error ?? undefined}
              >
                {balanceFigure(balance, pt)}
              </span>
            )}
          </li>
        )
      })}
    </ul>
  )
}
