/**
 * One-off messages waiting for their time, the soonest first: each can be moved to another
 * time, sent now or cancelled. Read again whenever one of them changes, one is scheduled, or
 * the connection to the console comes back.
 */
import { useCallback, useEffect, useId, useState } from 'react'
import type { OutboxMessage } from '../../shared/contract'
import { call, errorText, onEvent } from '../api/client'
import { formatDateTime, fromLocalInput, toLocalInput } from '../format'
import { useT } from '../i18n'
import { useConnection } from '../stores/connection'
import { useLang } from '../stores/lang'
import { useProfileName } from '../stores/profiles'
import { ListState } from './ListState'
import { DetailsButton } from './message-detail/MessageDetail'
import { useAction } from './use-action'
import { Phone } from './Phone'

interface Scheduled {
  message: OutboxMessage
  scheduledAt: number
}

export function ScheduledMessages() {
  const t = useT()
  const ids = useId()
  const [rows, setRows] = useState<Scheduled[]>([])
  const [error, setError] = useState<string | null>(null)
  const [reads, setReads] = useState(0)
  const reload = useCallback(() => setReads((n) => n + 1), [])

  // Asked once the console can be reached, and again at each reconnection (the banner says
  // why while it cannot).
  const online = useConnection((s) => s.status === 'open')

  useEffect(() => {
    if (!online) return
    let live = true
    call('messages.scheduled', {})
      .then((r) => {
        if (!live) return
        setRows(r)
        setError(null)
      })
      .catch((err: unknown) => live && setError(errorText(err)))
    return () => {
      live = false
    }
  }, [reads, online])

  useEffect(() => {
    const offUpdated = onEvent('message.updated', (m) => {
      if (
        m.batchId === null &&
        (m.state === 'scheduled' || rows.some((r) => r.message.id === m.id))
      )
        reload()
    })
    return offUpdated
  }, [rows, reload])

  if (rows.length === 0 && !error) return null
  return (
    <section className="recent scheduled" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t.scheduledTitle}</h2>
      <ListState error={error && t.loadFailed(error)} />
      <table aria-labelledby={`${ids}-title`}>
        <thead>
          <tr>
            <th scope="col">{t.colId}</th>
            <th scope="col">{t.colSendAt}</th>
            <th scope="col">{t.colProfile}</th>
            <th scope="col">{t.colPhone}</th>
            <th scope="col">{t.colText}</th>
            <th scope="col">{t.colActions}</th>
          </tr>
        </thead>
        <tbody>
          <ListState columns={6} empty={rows.length === 0} emptyText={t.noScheduled} />
          {rows.map((r) => (
            <Row key={r.message.id} row={r} onChanged={reload} />
          ))}
        </tbody>
      </table>
    </section>
  )
}

function Row({ row, onChanged }: { row: Scheduled; onChanged(): void }) {
  const t = useT()
  const lang = useLang((s) => s.lang)
  const profileName = useProfileName()
  const { message: m } = row
  const [at, setAt] = useState(() => toLocalInput(row.scheduledAt))
  const { busy, error, run } = useAction()
  const chosen = fromLocalInput(at)
  const act = async (fn: () => Promise<unknown>) => {
    if (await run(fn)) onChanged()
  }

  return (
    <tr data-message-id={m.id} data-state={m.state}>
      <td className="num">{m.id}</td>
      <td className="time" data-testid="scheduled-at">
        {formatDateTime(row.scheduledAt, lang)}
      </td>
      <td>{profileName(m.profileId)}</td>
      <td className="phone">
        <Phone phone={m.phone} />
      </td>
      <td className="text" title={m.text}>
        {m.text}
      </td>
      <td className="actions">
        <input
          type="datetime-local"
          aria-label={t.moveTo(m.id)}
          value={at}
          onChange={(e) => setAt(e.target.value)}
        />
        <button
          type="button"
          disabled={busy || chosen === null || chosen === row.scheduledAt}
          onClick={() =>
            void act(() => call('messages.reschedule', { id: m.id, scheduledAt: chosen ?? 0 }))
          }
        >
          {t.move}
        </button>
        <button
          type="button"
          aria-label={t.sendNowLabel(m.id)}
          disabled={busy}
          onClick={() => void act(() => call('messages.reschedule', { id: m.id, scheduledAt: 0 }))}
        >
          {t.sendNow}
        </button>
        <button
          type="button"
          className="danger"
          aria-label={t.cancelLabel(m.id)}
          disabled={busy}
          onClick={() => void act(() => call('messages.cancel', { id: m.id }))}
        >
          {t.cancelSending}
        </button>
        <DetailsButton messageId={m.id} lang={lang} />
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
      </td>
    </tr>
  )
}
