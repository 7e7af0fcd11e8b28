/**
 * Connect to a team server: its address, the user and password; a certificate this computer
 * does not vouch for shown in full for the agent to accept (nothing is sent to the server
 * before); then who is signed in where, the sends kept while the server was unreachable and
 * those it refused, and signing out to work alone again.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { createPortal } from 'react-dom'
import type { CertificateView, Handover, LinkStatus } from '../../../shared/calls/team-link'
import { ApiCallError, call, errorText } from '../../api/client'
import { formatDateTime, formatNumber } from '../../format'
import { mainSays } from '../../main-phrases'
import { useLang } from '../../stores/lang'
import { apply } from '../../stores/team-link'
import { Dialog } from '../Dialog'
import { Field } from '../Field'
import { useTeamLinkT } from './strings'

interface Props {
  status: LinkStatus
  onClose(): void
}

export function TeamLinkDialog({ status, onClose }: Props) {
  const t = useTeamLinkT()
  const lang = useLang((s) => s.lang)
  const ids = useId()
  const first = useRef<HTMLInputElement>(null)
  const [url, setUrl] = useState(status.url ?? '')
  const [user, setUser] = useState(status.user ?? '')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [asking, setAsking] = useState<CertificateView | null>(null)
  const [dropOffer, setDropOffer] = useState(false)
  const [refused, setRefused] = useState<Handover[]>([])

  const linked = status.state !== 'off'
  const canSignIn = status.state !== 'online' && status.state !== 'connecting'
  const certificateChanged = status.problem?.phrase?.id === 'link.certificateChanged'

  useEffect(() => {
    if (status.failed === 0) return
    let live = true
    call('team.handovers', { state: 'failed', limit: 20 }).then(
      (list) => live && setRefused(list),
      () => {},
    )
    return () => {
      live = false
    }
  }, [status.failed])

  const act = async (run: () => Promise<void>) => {
    if (busy) return
    setBusy(true)
    setError(null)
    setNotice(null)
    try {
      await run()
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  const connect = (acceptFingerprint?: string) =>
    act(async () => {
      const answer = await call('team.connect', {
        url,
        user,
        password,
        ...(acceptFingerprint ? { acceptFingerprint } : {}),
      })
      if ('needsAcceptance' in answer) {
        setAsking(answer.needsAcceptance)
        return
      }
      setAsking(null)
      setPassword('')
      apply(answer.status)
      if (answer.status.state === 'online') onClose()
    })

  const submit = (e: FormEvent) => {
    e.preventDefault()
    void connect()
  }

  const disconnect = (dropWaiting: boolean) =>
    act(async () => {
      try {
        apply(await call('team.disconnect', dropWaiting ? { dropWaiting } : {}))
        setDropOffer(false)
      } catch (err) {
        if (err instanceof ApiCallError && err.phraseId === 'link.sendsWaiting') setDropOffer(true)
        throw err
      }
    })

  const forget = () =>
    act(async () => {
      if (!status.url) return
      await call('team.forgetCertificate', { url: status.url })
      setNotice(t.forgotten)
    })

  const when = (text: string) => {
    const ms = Date.parse(text)
    return Number.isNaN(ms) ? text : formatDateTime(ms, lang)
  }

  const problem = status.problem
    ? mainSays(status.problem.message, status.problem.phrase, lang)
    : null

  return createPortal(
    <Dialog
      title={asking ? t.acceptTitle : t.title}
      onClose={onClose}
      busy={busy}
      initialFocus={first}
      className="team-dialog"
      describedByBody={false}
      actions={
        <div className="actions-line">
          {asking ? (
            <>
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() => void connect(asking.fingerprint)}
              >
                {t.accept}
              </button>
              <button type="button" disabled={busy} onClick={() => setAsking(null)}>
                {t.dontAccept}
              </button>
            </>
          ) : (
            <>
              {linked && (
                <button type="button" disabled={busy} onClick={() => void disconnect(false)}>
                  {t.disconnect}
                </button>
              )}
              {dropOffer && status.waiting > 0 && (
                <button type="button" disabled={busy} onClick={() => void disconnect(true)}>
                  {t.dropAndDisconnect(status.waiting, formatNumber(status.waiting, lang))}
                </button>
              )}
              {certificateChanged && (
                <button type="button" disabled={busy} onClick={() => void forget()}>
                  {t.forget}
                </button>
              )}
              <button type="button" disabled={busy} onClick={onClose}>
                {t.close}
              </button>
            </>
          )}
        </div>
      }
    >
      {asking ? (
        <div data-testid="team-certificate">
          <p>{t.acceptIntro}</p>
          <dl className="team-facts">
            <dt>{t.server}</dt>
            <dd>{asking.url}</dd>
            <dt>{t.subject}</dt>
            <dd>{asking.subject}</dd>
            <dt>{t.issuer}</dt>
            <dd>{asking.issuer}</dd>
            <dt>{t.validity}</dt>
            <dd>{t.validRange(when(asking.validFrom), when(asking.validTo))}</dd>
          </dl>
          <p id={`${ids}-fp-label`}>{t.fingerprint}</p>
          <p className="team-fingerprint" aria-labelledby={`${ids}-fp-label`}>
            {asking.fingerprint}
          </p>
        </div>
      ) : (
        <>
          {!linked && <p>{t.intro}</p>}
          {linked && (
            <dl className="team-facts" aria-label={t.title}>
              <dt>{t.server}</dt>
              <dd>{status.url}</dd>
              <dt>{t.signedInAs}</dt>
              <dd>
                {status.user}
                {status.role ? ` (${t.roles[status.role]})` : ''}
              </dd>
              <dt>{t.state}</dt>
              <dd data-state={status.state}>{t.states[status.state]}</dd>
              <dt>{t.certificate}</dt>
              <dd className={status.fingerprint ? 'team-fingerprint' : undefined}>
                {status.fingerprint ?? t.systemTrusted}
              </dd>
            </dl>
          )}
          {problem && status.state !== 'online' && (
            <p className="team-problem" role="alert">
              {problem}
            </p>
          )}
          {status.waiting > 0 && (
            <p>{t.waiting(status.waiting, formatNumber(status.waiting, lang))}</p>
          )}
          {status.failed > 0 && refused.length > 0 && (
            <>
              <p>{t.failed(status.failed, formatNumber(status.failed, lang))}</p>
              <ul className="team-handovers">
                {refused.map((h) => (
                  <li key={h.id}>
                    {formatDateTime(h.createdAt, lang)} · +{h.phone.replace(/^\+/, '')} ·{' '}
                    {h.text.slice(0, 40)} — {h.error}
                  </li>
                ))}
              </ul>
            </>
          )}
          {canSignIn && (
            <form onSubmit={submit} aria-label={status.state === 'off' ? t.connect : t.signIn}>
              <Field id={`${ids}-url`} label={t.url}>
                <input
                  ref={first}
                  id={`${ids}-url`}
                  type="url"
                  inputMode="url"
                  autoComplete="url"
                  value={url}
                  required
                  placeholder="https://"
                  aria-describedby={`${ids}-url-hint`}
                  onChange={(e) => setUrl(e.target.value)}
                />
                <small id={`${ids}-url-hint`}>{t.urlHint}</small>
              </Field>
              <Field id={`${ids}-user`} label={t.user}>
                <input
                  id={`${ids}-user`}
                  autoComplete="username"
                  value={user}
                  required
                  onChange={(e) => setUser(e.target.value)}
                />
              </Field>
              <Field id={`${ids}-password`} label={t.password}>
                <input
                  id={`${ids}-password`}
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  required
                  onChange={(e) => setPassword(e.target.value)}
                />
              </Field>
              <div className="actions-line">
                <button type="submit" className="primary" disabled={busy}>
                  {busy ? t.connecting : status.state === 'off' ? t.connect : t.signIn}
                </button>
              </div>
            </form>
          )}
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {notice && <p role="status">{notice}</p>}
    </Dialog>,
    document.body,
  )
}
