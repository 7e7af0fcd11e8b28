import { profileLabel } from '../../shared/constants'
import { useEffect } from 'react'
import './BalanceBadge.css'
import { useBalance, BALANCE_REFRESH_MS, type BalanceReading } from '../stores/balance'
import { useProvidersT, type ProvidersStrings } from '../screens/Providers/strings'
import { useLang } from '../stores/lang'
import { useShownProfiles } from '../stores/profiles'
import { formatTime } from '../format'

/** The header's balance: the chosen profile's, or the first profile that reports one. */
export function BalanceBadge() {
  const t = useProvidersT()
  const lang = useLang((s) => s.lang)
  const profiles = useShownProfiles()
  const chosen = useBalance((s) => s.chosen)
  const withBalance = profiles.filter((p) => p.capabilities.balance)
  const profile = withBalance.find((p) => p.id === chosen) ?? withBalance[0]
  const profileId = profile?.id ?? null
  const reading = useBalance((s) => (profileId ? s.byProfile[profileId] : undefined))
  const loading = useBalance((s) => (profileId ? s.loading[profileId] === true : false))
  const refresh = useBalance((s) => s.refresh)

  useEffect(() => {
    if (!profileId) return
    void refresh(profileId)
    const timer = setInterval(() => void refresh(profileId), BALANCE_REFRESH_MS)
    return () => clearInterval(timer)
  }, [profileId, refresh])

  if (!profile) {
    return (
      <div className="balance-badge balance-none" role="status" aria-label={t.balance}>
        {t.balanceNone}
      </div>
    )
  }
  const figure = balanceFigure(reading, t)
  const title = [reading?.error, reading ? t.balanceAt(formatTime(reading.at, lang, true)) : null]
    .filter(Boolean)
    .join(' · ')
  return (
    <div className="balance-badge" data-state={reading?.error ? 'error' : 'ok'}>
      <output
        aria-label={t.balanceOf(profileLabel(profile, lang))}
        title={title || undefined}
        aria-live="polite"
      >
        <span className="balance-label">{t.balance}</span>{' '}
        <span className="balance-profile">{profileLabel(profile, lang)}</span>:{' '}
        <strong className="balance-amount">{figure}</strong>
      </output>
      <button
        type="button"
        className="balance-refresh"
        aria-label={t.balanceRefresh}
        title={t.balanceRefresh}
        disabled={loading}
        onClick={() => void refresh(profile.id)}
      >
        ↻
      </button>
    </div>
  )
}

/** A balance as the header shows it: the amount and currency, or why there is none yet. */
export function balanceFigure(
  reading: BalanceReading | undefined,
  t: Pick<ProvidersStrings, 'balanceUnavailable' | 'balanceLoading'>,
): string {
  if (reading?.amount !== null && reading?.amount !== undefined) {
    return `${reading.amount.toFixed(2)}${reading.currency ? ` ${reading.currency}` : ''}`
  }
  return reading?.error ? t.balanceUnavailable : t.balanceLoading
}
