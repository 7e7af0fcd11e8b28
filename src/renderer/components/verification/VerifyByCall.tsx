/**
 * Number verification by the customer's call (SMSC HTTP profiles): the agent asks, the provider
 * names a number the customer calls from their phone within 15 minutes, and the call, once
 * recorded, verifies the number. The dialog shows that number in large digits with every number
 * it may be, a countdown read from the verification's deadline (not from when the dialog opened:
 * reopened, it shows what is left), then Verified as main pushes it, or Expired when time is up.
 * Offered only where a profile can do it: SMPP profiles have no HTTP endpoint to ask.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import type { Verification } from '../../../shared/calls/verification'
import { peerOf } from '../../../shared/constants'
import type { ProviderProfile } from '../../../shared/contract'
import { remainingMs, verificationState } from '../../../shared/verification'
import { call, errorText } from '../../api/client'
import { formatCountdown, formatDateTime } from '../../format'
import { useLang } from '../../stores/lang'
import { useProfileName, useShownProfiles } from '../../stores/profiles'
import { useLatestVerification, useVerifications } from '../../stores/verification'
import { Dialog } from '../Dialog'
import { verifyStrings } from './VerifyByCall.strings'
import './verify.css'

/** The profiles on screen that verify numbers by call; none: the action is not offered. */
export function useVerifyProfiles(): ProviderProfile[] {
  const shown = useShownProfiles()
  return useMemo(() => shown.filter((p) => p.capabilities.verifyByCall), [shown])
}

/** "Verify by call" for a number, and its dialog; nothing where no profile can verify. */
export function VerifyByCallButton(props: {
  phone: string
  /** The profile to ask through when it can (the one the customer writes in on). */
  profileId?: string | null
  className?: string
}) {
  const lang = useLang((s) => s.lang)
  const t = verifyStrings[lang]
  const profiles = useVerifyProfiles()
  const [open, setOpen] = useState(false)
  if (profiles.length === 0) return null
  return (
    <>
      <button type="button" className={props.className} onClick={() => setOpen(true)}>
        {t.action}
      </button>
      {open && (
        <VerifyByCallDialog
          phone={props.phone}
          profileId={props.profileId}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  )
}

/** A clock that moves every half second while `active`. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return
    const first = setTimeout(() => setNow(Date.now()), 0)
    const timer = setInterval(() => setNow(Date.now()), 500)
    return () => {
      clearTimeout(first)
      clearInterval(timer)
    }
  }, [active])
  return now
}

/**
 * Opened: once main has said what the number's latest verification is, one still waiting is
 * shown as it stands (reopened, the countdown goes on); otherwise the provider is asked anew.
 */
export function VerifyByCallDialog(props: {
  phone: string
  profileId?: string | null
  onClose(): void
}) {
  const lang = useLang((s) => s.lang)
  const t = verifyStrings[lang]
  const latest = useLatestVerification(props.phone)
  const [openedAt] = useState(() => Date.now())
  const known = latest !== undefined || !/^\d{5,20}$/.test(peerOf(props.phone))
  if (!known) {
    return (
      <Dialog
        title={t.title(props.phone)}
        onClose={props.onClose}
        describedByBody={false}
        className="verify-dialog"
        actions={
          <div className="actions-line">
            <button type="button" onClick={props.onClose}>
              {t.close}
            </button>
          </div>
        }
      >
        <p className="hint" role="status">
          {t.asking}
        </p>
      </Dialog>
    )
  }
  const waiting = latest && verificationState(latest, openedAt) === 'waiting' ? latest : null
  return <VerifyFlow {...props} waiting={waiting} />
}

function VerifyFlow(props: {
  phone: string
  profileId?: string | null
  onClose(): void
  /** The number's verification still waiting when the dialog opened, if any. */
  waiting: Verification | null
}) {
  const { phone, onClose } = props
  const lang = useLang((s) => s.lang)
  const t = verifyStrings[lang]
  const ids = useId()
  const profiles = useVerifyProfiles()
  const profileName = useProfileName()
  const [profileId, setProfileId] = useState(
    () =>
      props.waiting?.profileId ??
      profiles.find((p) => p.id === props.profileId)?.id ??
      profiles[0]?.id ??
      '',
  )
  /** The verification this dialog shows, as started (or found waiting) here. */
  const [mine, setMine] = useState<Verification | null>(props.waiting)
  // …and as main last pushed it (its call recorded), under the number main normalised.
  const pushed = useVerifications((s) => (mine ? s.latest.get(mine.phone) : undefined))
  const shown = pushed && mine && pushed.id === mine.id ? pushed : mine
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const closeRef = useRef<HTMLButtonElement>(null)
  const sandbox = profiles.find((p) => p.id === shown?.profileId)?.sandbox === true

  const waitingNow = shown !== null && shown.verifiedAt === null
  const now = useNow(waitingNow)
  const state = shown ? verificationState(shown, now) : null

  const ask = async () => {
    if (!profileId) return
    setBusy(true)
    setError(null)
    try {
      setMine(await useVerifications.getState().start(profileId, phone))
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  // Nothing waiting when it opened: the provider is asked for a number at once.
  useEffect(() => {
    if (props.waiting) return
    const timer = setTimeout(() => void ask(), 0)
    return () => clearTimeout(timer)
    // Once, as the dialog opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const canAskAgain =
    !busy &&
    (error !== null || state === 'expired' || (shown !== null && shown.profileId !== profileId))

  return (
    <Dialog
      title={t.title(phone)}
      onClose={onClose}
      initialFocus={closeRef}
      describedByBody={false}
      className="verify-dialog"
      actions={
        <div className="actions-line">
          {canAskAgain && (
            <button type="button" className="primary" onClick={() => void ask()}>
              {error !== null ? t.tryAgain : t.askAgain}
            </button>
          )}
          <button ref={closeRef} type="button" onClick={onClose}>
            {t.close}
          </button>
        </div>
      }
    >
      {profiles.length > 1 ? (
        <label className="verify-through">
          {t.through}{' '}
          <select value={profileId} disabled={busy} onChange={(e) => setProfileId(e.target.value)}>
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {profileName(p.id)}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p className="hint">
          {t.through} {profileName(profileId)}
        </p>
      )}
      {busy && (
        <p className="hint" role="status">
          {t.asking}
        </p>
      )}
      {error !== null && (
        <p className="error" role="alert">
          {t.failed(error)}
        </p>
      )}
      {shown && state && (
        <div className="verify-body" data-state={state}>
          {state === 'waiting' && <p>{t.callThis}</p>}
          <dl>
            <dt id={`${ids}-number`}>{t.numberLabel}</dt>
            <dd className="verify-number" data-testid="verify-number">
              +{shown.callPhone}
            </dd>
            {shown.allPhones.length > 1 && (
              <>
                <dt id={`${ids}-all`}>{t.allNumbers}</dt>
                <dd>
                  <ul className="verify-all" aria-labelledby={`${ids}-all`}>
                    {shown.allPhones.map((n) => (
                      <li key={n}>+{n}</li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
            {state === 'waiting' && (
              <>
                <dt id={`${ids}-left`}>{t.timeLeft}</dt>
                <dd>
                  <span
                    className="verify-countdown"
                    role="timer"
                    aria-labelledby={`${ids}-left`}
                    data-testid="verify-countdown"
                  >
                    {formatCountdown(remainingMs(shown, now))}
                  </span>
                </dd>
              </>
            )}
          </dl>
          {state === 'waiting' && sandbox && <SandboxCall verification={shown} />}
          <p className={`verify-state verify-${state}`} role="status" data-testid="verify-state">
            {state === 'verified'
              ? t.verified(formatDateTime(shown.verifiedAt, lang, true))
              : state === 'expired'
                ? t.expired
                : t.waiting}
          </p>
        </div>
      )}
    </Dialog>
  )
}

/** A sandbox profile's verification: the simulator calls as the customer would. */
function SandboxCall({ verification: v }: { verification: Verification }) {
  const lang = useLang((s) => s.lang)
  const t = verifyStrings[lang]
  const [busy, setBusy] = useState(false)
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null)
  const callIn = async () => {
    setBusy(true)
    setSaid(null)
    try {
      const { to } = await call('sandbox.customerCalls', { profileId: v.profileId, from: v.phone })
      setSaid({ ok: true, text: t.simulated(to) })
    } catch (err) {
      setSaid({ ok: false, text: t.simulateFailed(errorText(err)) })
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="verify-sandbox">
      <button type="button" disabled={busy} onClick={() => void callIn()}>
        {t.simulateCall}
      </button>
      {said && (
        <p className={said.ok ? 'notice' : 'error'} role={said.ok ? 'status' : 'alert'}>
          {said.text}
        </p>
      )}
    </div>
  )
}

/** "Verified" beside a number whose latest verification was verified by the customer's call. */
export function VerifiedBadge({ phone }: { phone: string }) {
  const lang = useLang((s) => s.lang)
  const t = verifyStrings[lang]
  const latest = useLatestVerification(phone)
  if (!latest || latest.verifiedAt === null) return null
  return (
    <span
      className="badge badge-delivered verify-badge"
      title={t.badgeTitle(formatDateTime(latest.verifiedAt, lang))}
      data-testid="verified-badge"
    >
      <span aria-hidden="true">✓ </span>
      {t.badge}
    </span>
  )
}

/** A customer card's line: whether the number was verified by call, and the action. */
export function VerificationCardRow(props: { phone: string; profileId?: string | null }) {
  const lang = useLang((s) => s.lang)
  const t = verifyStrings[lang]
  const profiles = useVerifyProfiles()
  const latest = useLatestVerification(props.phone)
  // Waiting turns to not verified when the time is up, without a push.
  const now = useNow(latest?.verifiedAt === null)
  if (profiles.length === 0 && !latest) return null
  const state = latest ? verificationState(latest, now) : null
  return (
    <>
      <dt>{t.cardTitle}</dt>
      <dd data-testid="customer-verified">
        {state === 'verified' && latest ? (
          <VerifiedLine at={latest.verifiedAt} />
        ) : state === 'waiting' ? (
          t.cardWaiting
        ) : (
          t.cardNot
        )}{' '}
        <VerifyByCallButton phone={props.phone} profileId={props.profileId} />
      </dd>
    </>
  )
}

function VerifiedLine({ at }: { at: number | null }) {
  const lang = useLang((s) => s.lang)
  const t = verifyStrings[lang]
  return (
    <span className="verify-verified">
      <span className="badge badge-delivered verify-badge" data-testid="verified-badge">
        <span aria-hidden="true">✓ </span>
        {t.badge}
      </span>{' '}
      {t.cardVerified(formatDateTime(at, lang))}
    </span>
  )
}
