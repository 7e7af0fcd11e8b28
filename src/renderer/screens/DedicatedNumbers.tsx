import { useEffect, useId, useState } from 'react'
import type { DedicatedNumber } from '../../shared/contract'
import type { MyNumber } from '../../shared/calls/lookup'
import { ListState } from '../components/ListState'
import { ConfirmDialog } from '../components/lookup/ConfirmDialog'
import { ProfileSelect } from '../components/ProfileSelect'
import { errorText } from '../api/client'
import { formatDateTime, formatMoney } from '../format'
import { freeOf, mineOf, useNumbers } from '../stores/numbers'
import { useLang } from '../stores/lang'
import { useProfiles, useShownProfiles } from '../stores/profiles'
import { defaultProfile } from '../stores/profile-choice'
import { numbersStrings } from './DedicatedNumbers.strings'
import '../components/lookup/lookup.css'
import './DedicatedNumbers.css'

export function DedicatedNumbers() {
  const lang = useLang((s) => s.lang)
  const t = numbersStrings[lang]
  const ids = useId()
  const profiles = useShownProfiles().filter((p) => p.capabilities.dedicatedNumbers)
  const [chosen, setChosen] = useState('')
  const lastUsed = useProfiles((s) => s.lastUsed)
  const profileId =
    profiles.find((p) => p.id === chosen)?.id ?? defaultProfile(profiles, lastUsed)?.id ?? ''

  const free = useNumbers((s) => freeOf(s, profileId))
  const mine = useNumbers((s) => mineOf(s, profileId))
  const [confirming, setConfirming] = useState<DedicatedNumber | null>(null)
  const [renting, setRenting] = useState(false)
  const [rentError, setRentError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  useEffect(() => {
    if (!profileId) return
    void useNumbers.getState().loadFree(profileId)
    void useNumbers.getState().loadMine(profileId)
  }, [profileId])

  const money = (n: number | null) => formatMoney(n, lang)
  const typeText = (kind: MyNumber['kind'], type: number | null) =>
    [kind ? t.kinds[kind] : null, type !== null ? t.typeCode(type) : null]
      .filter(Boolean)
      .join(' · ') || '—'

  const confirmRent = async () => {
    if (!confirming) return
    setRenting(true)
    setRentError(null)
    try {
      const rented = await useNumbers.getState().rent(profileId, confirming)
      setNotice(t.rented(rented.phone, money(rented.charged)))
      setConfirming(null)
    } catch (err) {
      setRentError(errorText(err))
    } finally {
      setRenting(false)
    }
  }

  return (
    <main className="lookup-screen numbers-screen" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="visually-hidden">
        {t.title}
      </h2>
      <div className="numbers-head">
        <ProfileSelect
          id={`${ids}-profile`}
          label={t.profile}
          profiles={profiles}
          value={profileId}
          emptyLabel={t.noProfiles}
          onChange={(id) => {
            setChosen(id)
            setNotice(null)
          }}
        />
        {profiles.length === 0 && <p className="hint">{t.noProfilesHint}</p>}
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
      </div>

      {profileId && (
        <section aria-labelledby={`${ids}-mine`}>
          <div className="lookup-toolbar">
            <h2 id={`${ids}-mine`}>{t.mine}</h2>
            <button
              type="button"
              disabled={mine.loading}
              onClick={() => void useNumbers.getState().loadMine(profileId)}
            >
              {t.refreshMine}
            </button>
            <ListState inline loading={mine.loading} loadingText={t.loading} />
          </div>
          <p className="hint">{t.mineHint}</p>
          <ListState error={mine.error && t.loadFailed(mine.error)} />
          <table aria-labelledby={`${ids}-mine`}>
            <thead>
              <tr>
                <th scope="col">{t.colPhone}</th>
                <th scope="col">{t.colType}</th>
                <th scope="col">{t.colMonthly}</th>
                <th scope="col">{t.colCharged}</th>
                <th scope="col">{t.colInfo}</th>
                <th scope="col">{t.colRented}</th>
                <th scope="col">{t.colRenewal}</th>
              </tr>
            </thead>
            <tbody>
              <ListState
                columns={7}
                empty={mine.items.length === 0 && mine.loaded}
                emptyText={t.noMine}
              />
              {mine.items.map((n) => (
                <MineRow
                  key={n.phone}
                  number={n}
                  typeText={typeText(n.kind, n.type)}
                  money={money}
                  rentedAt={formatDateTime(n.rentedAt, lang)}
                  profileId={profileId}
                />
              ))}
            </tbody>
          </table>
        </section>
      )}

      {profileId && (
        <section aria-labelledby={`${ids}-free`}>
          <div className="lookup-toolbar">
            <h2 id={`${ids}-free`}>{t.free}</h2>
            <button
              type="button"
              disabled={free.loading}
              onClick={() => void useNumbers.getState().loadFree(profileId, true)}
            >
              {t.refreshFree}
            </button>
            <ListState inline loading={free.loading} loadingText={t.loading} />
          </div>
          <p className="hint">{t.freeHint}</p>
          <ListState error={free.error && t.loadFailed(free.error)} />
          <table aria-labelledby={`${ids}-free`}>
            <thead>
              <tr>
                <th scope="col">{t.colPhone}</th>
                <th scope="col">{t.colType}</th>
                <th scope="col">{t.colMonthly}</th>
                <th scope="col">{t.colCurrent}</th>
                <th scope="col">{t.colInfo}</th>
                <th scope="col">{t.colActions}</th>
              </tr>
            </thead>
            <tbody>
              <ListState
                columns={6}
                empty={free.items.length === 0 && free.loaded}
                emptyText={t.noFree}
              />
              {free.items.map((n) => (
                <tr key={n.phone} data-phone={n.phone}>
                  <td className="phone">{n.phone}</td>
                  <td>{typeText(n.kind, n.type)}</td>
                  <td className="num">{money(n.cost)}</td>
                  <td className="num">{money(n.currentCost)}</td>
                  <td>{n.info || '—'}</td>
                  <td className="actions">
                    <button
                      type="button"
                      aria-label={t.rentNamed(n.phone)}
                      onClick={() => {
                        setRentError(null)
                        setNotice(null)
                        setConfirming(n)
                      }}
                    >
                      {t.rent}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {confirming && (
        <ConfirmDialog
          title={t.confirmTitle(confirming.phone)}
          confirmLabel={renting ? t.renting : t.confirmRent(money(confirming.currentCost))}
          cancelLabel={t.cancel}
          busy={renting}
          error={rentError}
          onConfirm={() => void confirmRent()}
          onCancel={() => setConfirming(null)}
        >
          <p>
            {typeText(confirming.kind, confirming.type)}
            {confirming.info ? ` · ${confirming.info}` : ''}
          </p>
          <p data-testid="rent-charge">{t.confirmCharge(money(confirming.currentCost))}</p>
          <p className="hint">{t.confirmMonthly(money(confirming.cost))}</p>
        </ConfirmDialog>
      )}
    </main>
  )
}

function MineRow(props: {
  number: MyNumber
  typeText: string
  money: (n: number | null) => string
  rentedAt: string
  profileId: string
}) {
  const lang = useLang((s) => s.lang)
  const t = numbersStrings[lang]
  const n = props.number
  // The switch moves at once; a refusal puts it back and says why.
  const [pending, setPending] = useState<boolean | null>(null)
  const [error, setError] = useState<string | null>(null)
  const renew = pending ?? n.renew
  const toggle = async (next: boolean) => {
    setPending(next)
    setError(null)
    try {
      await useNumbers.getState().setRenewal(props.profileId, n.phone, next)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setPending(null)
    }
  }
  return (
    <tr data-phone={n.phone}>
      <td className="phone">{n.phone}</td>
      <td>{props.typeText}</td>
      <td className="num">{props.money(n.monthlyCost)}</td>
      <td className="num">{props.money(n.charged)}</td>
      <td>{n.info || '—'}</td>
      <td className="time">{props.rentedAt}</td>
      <td>
        <label className="numbers-switch">
          <input
            type="checkbox"
            role="switch"
            aria-label={t.renewalNamed(n.phone)}
            checked={renew}
            aria-busy={pending !== null}
            disabled={pending !== null}
            onChange={(e) => void toggle(e.target.checked)}
          />
          <span aria-hidden="true">{renew ? t.renewalOn : t.renewalOff}</span>
        </label>
        {error && (
          <span className="status-error" role="alert">
            {t.renewalFailed(error)}
          </span>
        )}
      </td>
    </tr>
  )
}
