/**
 * The customer beside their conversation: since when and how much was written each way, how
 * much of it was delivered, the network the latest HLR lookup found, and the stop-list, which
 * the agent can change from here. Read again as the conversation moves.
 */
import { useEffect, useId, useState, type FormEvent } from 'react'
import type { Customer } from '../../shared/calls/inbox'
import { call, errorText } from '../api/client'
import { ListState } from '../components/ListState'
import { formatCountry, formatDateTime } from '../format'
import { useLang } from '../stores/lang'
import { useProfileName } from '../stores/profiles'
import { useNav } from '../stores/nav'
import { inboxStrings } from './Inbox.strings'
import { VerificationCardRow } from '../components/verification/VerifyByCall'

export function CustomerCard(props: {
  peer: string
  from: string
  version: string
  /** The profile the customer writes in on: a verification by call asks through it if it can. */
  profileId?: string
}) {
  const { peer } = props
  const lang = useLang((s) => s.lang)
  const t = inboxStrings[lang]
  const profileName = useProfileName()
  const ids = useId()
  const [got, setGot] = useState<{ peer: string; customer: Customer } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [reads, setReads] = useState(0)
  const customer = got?.peer === peer ? got.customer : null

  useEffect(() => {
    let live = true
    call('inbox.customer', { peer })
      .then((c) => {
        if (!live) return
        setGot({ peer, customer: c })
        setError(null)
      })
      .catch((err: unknown) => live && setError(errorText(err)))
    return () => {
      live = false
    }
    // `version` changes as the conversation moves (a message either way, a state).
  }, [peer, props.version, reads])

  const toggleStop = async (c: Customer) => {
    setBusy(true)
    try {
      if (c.stopped) await call('stoplist.remove', { phones: [c.peer] })
      else await call('stoplist.add', { phones: [c.peer], note: t.stopNote })
      setReads((n) => n + 1)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  const hlr = customer?.lastHlr ?? null
  return (
    <aside className="inbox-customer" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>
        <span className="visually-hidden">{t.card(props.from)}</span>
        <span aria-hidden="true">{t.cardTitle}</span>
      </h3>
      <ListState error={error && t.cardFailed(error)} />
      {customer && (
        <dl>
          <dt>{t.firstContact}</dt>
          <dd data-testid="customer-first">{formatDateTime(customer.firstAt, lang)}</dd>
          <dt>{t.messagesTitle}</dt>
          <dd data-testid="customer-messages">
            {t.messagesCount(customer.received, customer.sent)}
            <br />
            {t.outcome(customer.delivered, customer.notDelivered)}
            <br />
            <button
              type="button"
              className="link-button"
              onClick={() => useNav.getState().history(customer.peer)}
            >
              {t.showInHistory}
            </button>
          </dd>
          <dt>{t.network}</dt>
          <dd data-testid="customer-network">
            {hlr ? (
              <>
                {[hlr.net, formatCountry(hlr.mcc, hlr.cn, lang)].filter(Boolean).join(', ')}
                {hlr.rnet && (
                  <>
                    {' · '}
                    {t.roaming(
                      [hlr.rnet, formatCountry(null, hlr.rcn, lang)].filter(Boolean).join(', '),
                    )}
                  </>
                )}
                <br />
                <span className="hint">{t.lookedUpAt(formatDateTime(hlr.at, lang))}</span>
              </>
            ) : (
              <span className="hint">{t.notLookedUp}</span>
            )}
          </dd>
          <VerificationCardRow phone={peer} profileId={props.profileId} />
          <dt>{t.stopList}</dt>
          <dd data-testid="customer-stop">
            {customer.stopped
              ? customer.stopped.profileId === ''
                ? t.stopped(formatDateTime(customer.stopped.addedAt, lang))
                : t.stoppedFor(
                    formatDateTime(customer.stopped.addedAt, lang),
                    profileName(customer.stopped.profileId),
                  )
              : t.notStopped}{' '}
            <button
              type="button"
              className={customer.stopped ? undefined : 'danger'}
              disabled={busy}
              onClick={() => void toggleStop(customer)}
            >
              {customer.stopped ? t.removeStop : t.addStop}
            </button>
          </dd>
        </dl>
      )}
      {customer && (
        <ContactForm
          key={peer}
          peer={peer}
          name={customer.contact?.name ?? ''}
          notes={customer.contact?.notes ?? ''}
          onSaved={() => setReads((n) => n + 1)}
        />
      )}
    </aside>
  )
}

/** The customer's name and the agents' notes, saved as their contact. */
function ContactForm(props: { peer: string; name: string; notes: string; onSaved(): void }) {
  const lang = useLang((s) => s.lang)
  const t = inboxStrings[lang]
  const ids = useId()
  const [name, setName] = useState(props.name)
  const [notes, setNotes] = useState(props.notes)
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const changed = name !== props.name || notes !== props.notes

  const save = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setSaid(null)
    try {
      await call('contacts.save', { phone: props.peer, name, notes })
      setSaid({ ok: true, text: t.contactSaved })
      props.onSaved()
    } catch (err) {
      setSaid({ ok: false, text: errorText(err) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="inbox-contact" aria-label={t.cardTitle} onSubmit={(e) => void save(e)}>
      <label htmlFor={`${ids}-name`}>{t.contactName}</label>
      <input
        id={`${ids}-name`}
        value={name}
        maxLength={200}
        autoComplete="off"
        onChange={(e) => setName(e.target.value)}
      />
      <label htmlFor={`${ids}-notes`}>{t.contactNotes}</label>
      <textarea
        id={`${ids}-notes`}
        rows={3}
        value={notes}
        maxLength={4000}
        onChange={(e) => setNotes(e.target.value)}
      />
      <button type="submit" disabled={busy || !changed}>
        {t.saveContact}
      </button>
      {said && (
        <span className={said.ok ? 'notice' : 'error'} role={said.ok ? 'status' : 'alert'}>
          {said.text}
        </span>
      )}
    </form>
  )
}
