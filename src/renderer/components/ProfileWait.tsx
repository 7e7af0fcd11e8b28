/**
 * What messages that wait in the outbox are waiting for, where they wait (a batch's panel, its
 * report): the profile's connection cannot be reached since when, why, and when it tries again;
 * or it is paused or stopped. And what the agent can do: resume it, or open Providers.
 */
import { useState } from 'react'
import { call, errorText } from '../api/client'
import { useT } from '../i18n'
import { mainSays } from '../main-phrases'
import { useConnection } from '../stores/connection'
import { useLang } from '../stores/lang'
import { useNav } from '../stores/nav'
import { useProfileName } from '../stores/profiles'
import { useSessions } from '../stores/sessions'
import { waitOf } from './profile-wait'
import { formatTime } from '../format'

interface Props {
  profileId: string
  /** How many of its messages wait to go out: with none, nothing is said. */
  waiting: number
}

export function ProfileWait({ profileId, waiting }: Props) {
  const t = useT()
  const lang = useLang((s) => s.lang)
  const known = useConnection((s) => s.status) === 'open'
  const state = useSessions((s) => s.byProfile[profileId])
  const since = useSessions((s) => s.since[profileId])
  const name = useProfileName()(profileId)
  const go = useNav((s) => s.go)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const wait = known && waiting > 0 ? waitOf(state) : null
  if (!wait || !state) return null
  const time = (ms: number) => formatTime(ms, lang, true)
  const at = since === undefined ? '' : time(since)
  const reason = state.detail ? mainSays(state.detail, state.detailPhrase, lang) : null

  const resume = async () => {
    setBusy(true)
    try {
      useSessions.getState().apply(await call('profiles.resume', { profileId }))
      setError(null)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  const headline =
    wait.kind === 'connecting'
      ? t.waitConnecting(name)
      : wait.kind === 'unreachable'
        ? t.waitUnreachable(name, at)
        : wait.kind === 'paused'
          ? t.waitPaused(name, at)
          : t.waitStopped(name, at)
  return (
    <div className="profile-wait" role="status" data-testid="profile-wait">
      <p>
        <strong>{headline}</strong>
        {reason && <> {reason}</>}
        {wait.kind === 'unreachable' && wait.retryAt !== null && (
          <> {t.waitNextTry(time(wait.retryAt))}</>
        )}
      </p>
      <p className="hint">{wait.kind === 'paused' ? t.waitPausedHint : t.waitHint}</p>
      <div className="actions-line">
        {(wait.kind === 'paused' || wait.kind === 'stopped') && (
          <button type="button" className="primary" disabled={busy} onClick={() => void resume()}>
            {t.waitResume}
          </button>
        )}
        <button type="button" onClick={() => go('providers')}>
          {t.waitOpenProviders}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
