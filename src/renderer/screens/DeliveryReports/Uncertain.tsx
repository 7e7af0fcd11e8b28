/**
 * Messages the provider never answered for: they may or may not have gone out. Each can be
 * checked with the provider, resent, or marked failed.
 */
import { useId, useState } from 'react'
import type { OutboxMessage } from '../../../shared/contract'
import { call, errorText } from '../../api/client'
import { ListState } from '../../components/ListState'
import { reasonText } from '../../../shared/reason-text'
import { DetailsButton } from '../../components/message-detail/MessageDetail'
import { useLang } from '../../stores/lang'
import { useReportsT } from './strings'
import { formatDateTime } from '../../format'
import { Phone } from '../../components/Phone'

export function UncertainList({
  messages,
  onChanged,
}: {
  messages: OutboxMessage[]
  onChanged: () => void
}) {
  const s = useReportsT()
  const id = useId()
  return (
    <section className="reports-uncertain" aria-labelledby={id}>
      <h3 id={id}>{s.uncertain}</h3>
      <p className="hint">{s.uncertainHint}</p>
      <ListState empty={messages.length === 0} emptyText={s.noUncertain}>
        <table aria-labelledby={id}>
          <thead>
            <tr>
              <th scope="col">{s.colId}</th>
              <th scope="col">{s.colTime}</th>
              <th scope="col">{s.colPhone}</th>
              <th scope="col">{s.colText}</th>
              <th scope="col">{s.colReason}</th>
              <th scope="col">{s.colActions}</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <UncertainRow key={m.id} message={m} onChanged={onChanged} />
            ))}
          </tbody>
        </table>
      </ListState>
    </section>
  )
}

function UncertainRow({
  message: m,
  onChanged,
}: {
  message: OutboxMessage
  onChanged: () => void
}) {
  const lang = useLang((st) => st.lang)
  const s = useReportsT()
  const [busy, setBusy] = useState(false)
  const [note, setNote] = useState<{ text: string; bad: boolean } | null>(null)
  const act = async (fn: () => Promise<string | null>) => {
    setBusy(true)
    setNote(null)
    try {
      const text = await fn()
      if (text) setNote({ text, bad: false })
      onChanged()
    } catch (err) {
      setNote({ text: errorText(err), bad: true })
    } finally {
      setBusy(false)
    }
  }
  const check = () =>
    act(async () => {
      const r = await call('reports.checkStatus', { id: m.id })
      return s.checked(
        m.id,
        r.outcome === 'updated' ? (r.detail ?? '') : `${s.unchanged}: ${r.detail ?? ''}`,
      )
    })
  const resolve = (action: 'resend' | 'markFailed') =>
    act(async () => {
      await call('messages.resolveUncertain', { id: m.id, action })
      return null
    })
  return (
    <tr data-message-id={m.id}>
      <td className="num">{m.id}</td>
      <td>{formatDateTime(m.createdAt, lang, true)}</td>
      <td>
        <Phone phone={m.phone} />
      </td>
      <td className="text" title={m.text}>
        {m.text}
      </td>
      <td className="reason">{m.error ? reasonText(m.error, lang, m.errorCode) : ''}</td>
      <td className="actions">
        <DetailsButton messageId={m.id} lang={lang} />
        <button
          type="button"
          aria-label={s.checkLabel(m.id)}
          disabled={busy}
          onClick={() => void check()}
        >
          {s.checkStatus}
        </button>
        <button
          type="button"
          aria-label={s.resendLabel(m.id)}
          disabled={busy}
          onClick={() => void resolve('resend')}
        >
          {s.resend}
        </button>
        <button
          type="button"
          className="danger"
          aria-label={s.markFailedLabel(m.id)}
          disabled={busy}
          onClick={() => void resolve('markFailed')}
        >
          {s.markFailed}
        </button>
        {note && (
          <span className={note.bad ? 'error' : 'note'} role={note.bad ? 'alert' : 'status'}>
            {note.text}
          </span>
        )}
      </td>
    </tr>
  )
}
