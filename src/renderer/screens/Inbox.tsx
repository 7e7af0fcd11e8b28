import { useEffect, useId, useState } from 'react'
import type { InboxItem } from '../../shared/calls/inbox'
import { errorText } from '../api/client'
import { ListState } from '../components/ListState'
import { formatDateTime } from '../components/lookup/format'
import { useInbox } from '../stores/inbox'
import { useLang } from '../stores/lang'
import { useNav } from '../stores/nav'
import { useProfiles } from '../stores/profiles'
import { inboxStrings } from './Inbox.strings'
import '../components/lookup/lookup.css'
import './Inbox.css'

export function Inbox() {
  const lang = useLang((s) => s.lang)
  const t = inboxStrings[lang]
  const ids = useId()
  const view = useInbox()
  const profiles = useProfiles((s) => s.profiles)
  const [actionError, setActionError] = useState<string | null>(null)

  useEffect(() => {
    void useInbox.getState().load()
    return useInbox.getState().watch()
  }, [])

  const act = async (fn: () => Promise<void>) => {
    setActionError(null)
    try {
      await fn()
    } catch (err) {
      setActionError(errorText(err))
    }
  }

  const reply = (m: InboxItem) => {
    void act(() => useInbox.getState().markRead([m.id]))
    // Back through the profile it came in on, to the subscriber who wrote.
    useNav.getState().compose({ profileId: m.profileId, phone: m.from, text: '' })
  }

  const profileName = (id: string) => profiles.find((p) => p.id === id)?.name ?? id
  const totalUnread = view.numbers.reduce((n, x) => n + x.unread, 0)
  const filtered = view.to !== null || view.unreadOnly
  const heading = view.to ? t.messagesTo(view.to) : t.messages

  return (
    <main className="lookup-screen inbox-screen" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="visually-hidden">
        {t.title}
      </h2>
      <div className="inbox-layout">
        <nav className="inbox-numbers" aria-labelledby={`${ids}-numbers`}>
          <h2 id={`${ids}-numbers`}>{t.numbers}</h2>
          <p className="hint">{t.numbersHint}</p>
          <ul>
            <li>
              <button
                type="button"
                aria-pressed={view.to === null}
                aria-label={t.allLabel(totalUnread)}
                onClick={() => view.setFilter({ to: null })}
              >
                <span>{t.allNumbers}</span>
                {totalUnread > 0 && <span className="inbox-count">{totalUnread}</span>}
              </button>
            </li>
            {view.numbers.map((n) => (
              <li key={n.to}>
                <button
                  type="button"
                  aria-pressed={view.to === n.to}
                  aria-label={t.numberLabel(n.to, n.unread)}
                  onClick={() => view.setFilter({ to: n.to })}
                >
                  <span className="phone">{n.to}</span>
                  {n.unread > 0 && <span className="inbox-count">{n.unread}</span>}
                </button>
              </li>
            ))}
          </ul>
        </nav>

        <section aria-labelledby={`${ids}-messages`}>
          <div className="lookup-toolbar">
            <h2 id={`${ids}-messages`}>{heading}</h2>
            <label className="inbox-check">
              <input
                type="checkbox"
                checked={view.unreadOnly}
                onChange={(e) => view.setFilter({ unreadOnly: e.target.checked })}
              />
              {t.unreadOnly}
            </label>
            <button type="button" onClick={() => void act(() => view.markAllRead())}>
              {t.markAllRead}
            </button>
            <button type="button" disabled={view.loading} onClick={() => void view.load()}>
              {t.refresh}
            </button>
            <ListState inline loading={view.loading} loadingText={t.loading} />
          </div>
          <ListState error={view.error && t.loadFailed(view.error)} />
          {actionError && (
            <p className="error" role="alert">
              {t.actionFailed(actionError)}
            </p>
          )}
          <table aria-labelledby={`${ids}-messages`}>
            <thead>
              <tr>
                <th scope="col">{t.colReceived}</th>
                <th scope="col">{t.colFrom}</th>
                <th scope="col">{t.colTo}</th>
                <th scope="col">{t.colText}</th>
                <th scope="col">{t.colProfile}</th>
                <th scope="col">{t.colActions}</th>
              </tr>
            </thead>
            <tbody>
              <ListState
                columns={6}
                empty={view.messages.length === 0 && view.loaded}
                emptyText={filtered ? t.emptyFiltered : t.empty}
              />
              {view.messages.map((m) => (
                <tr
                  key={m.id}
                  data-inbound-id={m.id}
                  className={m.read ? undefined : 'inbox-unread'}
                >
                  <td className="time">
                    {formatDateTime(m.receivedAt, lang)}
                    {!m.read && <span className="badge inbox-new">{t.unread}</span>}
                  </td>
                  <td className="phone">{m.from}</td>
                  <td className="phone">{m.to}</td>
                  <td className="inbox-text">{m.text}</td>
                  <td>{profileName(m.profileId)}</td>
                  <td className="actions">
                    <button type="button" aria-label={t.replyTo(m.from)} onClick={() => reply(m)}>
                      {t.reply}
                    </button>
                    {!m.read && (
                      <button
                        type="button"
                        aria-label={t.markReadNamed(m.from)}
                        onClick={() => void act(() => view.markRead([m.id]))}
                      >
                        {t.markRead}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {view.more && (
            <div className="lookup-pager">
              <button type="button" disabled={view.loading} onClick={() => void view.loadMore()}>
                {t.loadMore}
              </button>
            </div>
          )}
        </section>
      </div>
    </main>
  )
}
