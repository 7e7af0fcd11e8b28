import type { OutboxMessage } from '../../shared/contract'
import { call } from '../api/client'
import { useT } from '../i18n'
import { useLang } from '../stores/lang'
import { reasonText } from '../../shared/reason-text'
import { ListState } from './ListState'
import { DetailsButton } from './message-detail/MessageDetail'
import { useAction } from './use-action'
import { useMessages } from '../stores/messages'
import { useProfiles } from '../stores/profiles'
import { formatTime } from '../format'
import { Phone } from './Phone'
import { TypeBadge } from './message-types/TypeBadge'

/** Recent messages; each status cell follows message.updated live. */
export function MessagesTable() {
  const t = useT()
  const messages = useMessages((s) => s.messages)
  const error = useMessages((s) => s.error)
  const profiles = useProfiles((s) => s.profiles)
  const profileName = (id: string) => {
    const p = profiles.find((x) => x.id === id)
    return p ? (p.sandbox ? t.sandboxSuffix : p.name) : id
  }
  return (
    <section className="recent" aria-labelledby="recent-title">
      <h2 id="recent-title">{t.recent}</h2>
      <ListState error={error && t.loadFailed(error)} />
      <table aria-labelledby="recent-title">
        <thead>
          <tr>
            <th scope="col">{t.colId}</th>
            <th scope="col">{t.colTime}</th>
            <th scope="col">{t.colProfile}</th>
            <th scope="col">{t.colSender}</th>
            <th scope="col">{t.colPhone}</th>
            <th scope="col">{t.colText}</th>
            <th scope="col">{t.colSize}</th>
            <th scope="col">{t.colStatus}</th>
            <th scope="col">{t.colActions}</th>
          </tr>
        </thead>
        <tbody>
          <ListState columns={9} empty={messages.length === 0} emptyText={t.noMessages} />
          {messages.map((m) => (
            <Row key={m.id} message={m} profileName={profileName(m.profileId)} />
          ))}
        </tbody>
      </table>
    </section>
  )
}

function Row({ message: m, profileName }: { message: OutboxMessage; profileName: string }) {
  const t = useT()
  const lang = useLang((s) => s.lang)
  const reason = m.error ? reasonText(m.error, lang, m.errorCode) : null
  const { busy, error, run } = useAction()
  const resolve = (action: 'resend' | 'markFailed') =>
    run(() => call('messages.resolveUncertain', { id: m.id, action }))
  return (
    <tr data-message-id={m.id} data-state={m.state}>
      <td className="num">{m.id}</td>
      <td className="time">{formatTime(m.createdAt, lang, true)}</td>
      <td>{profileName}</td>
      <td>{m.sender}</td>
      <td className="phone">
        <Phone phone={m.phone} />
      </td>
      <td className="text" title={m.text}>
        <TypeBadge type={m.type} />
        {m.text}
      </td>
      <td className="size">
        {m.encoding === 'GSM7' ? 'GSM-7' : 'UCS-2'} × {m.parts}
      </td>
      <td className="status">
        <span
          className={`badge badge-${m.state}`}
          data-testid="message-status"
          title={m.state === 'uncertain' ? t.uncertainHint : (reason ?? undefined)}
        >
          {t.states[m.state]}
        </span>
        {reason && m.state !== 'uncertain' && <span className="status-error">{reason}</span>}
      </td>
      <td className="actions">
        <DetailsButton messageId={m.id} lang={lang} />
        {m.state === 'uncertain' && (
          <>
            <button
              type="button"
              aria-label={t.resendLabel(m.id)}
              disabled={busy}
              onClick={() => void resolve('resend')}
            >
              {t.resend}
            </button>
            <button
              type="button"
              className="danger"
              aria-label={t.markFailedLabel(m.id)}
              disabled={busy}
              onClick={() => void resolve('markFailed')}
            >
              {t.markFailed}
            </button>
          </>
        )}
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
      </td>
    </tr>
  )
}
