/**
 * A message's delivery reports, opened from its row: when each came, what it said, through
 * which channel, and what it cost — for a cascade, what each channel cost beside the total.
 */
import { useEffect, useId, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import type { ReceiptView } from '../../../shared/calls/history'
import { call, errorText } from '../../api/client'
import type { Lang } from '../../i18n'
import { useDialogFocus } from '../dialog-focus'
import { ListState } from '../ListState'
import '../lookup/lookup.css'
import './Receipts.css'
import { reasonText } from './reasons'
import { channelPricesText, receiptsStrings } from './receipts.strings'
import { formatDateTime } from '../../format'

/** The button in a message's row; the reports open in a dialog above the table. */
export function ReceiptsButton(props: { messageId: number; lang: Lang }) {
  const [open, setOpen] = useState(false)
  const s = receiptsStrings[props.lang]
  return (
    <>
      <button
        type="button"
        className="receipts-open"
        aria-label={s.openLabel(props.messageId)}
        onClick={() => setOpen(true)}
      >
        {s.open}
      </button>
      {open &&
        createPortal(
          <ReceiptsDialog
            messageId={props.messageId}
            lang={props.lang}
            onClose={() => setOpen(false)}
          />,
          document.body,
        )}
    </>
  )
}

type Loaded =
  { kind: 'loading' } | { kind: 'ok'; receipts: ReceiptView[] } | { kind: 'error'; message: string }

function ReceiptsDialog(props: { messageId: number; lang: Lang; onClose(): void }) {
  const { messageId, lang, onClose } = props
  const s = receiptsStrings[lang]
  const id = useId()
  const closeRef = useRef<HTMLButtonElement>(null)
  const dialogRef = useRef<HTMLDivElement>(null)
  useDialogFocus(dialogRef, closeRef)
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' })

  useEffect(() => {
    let live = true
    call('history.receipts', { id: messageId })
      .then((receipts) => live && setLoaded({ kind: 'ok', receipts }))
      .catch((err: unknown) => live && setLoaded({ kind: 'error', message: errorText(err) }))
    return () => {
      live = false
    }
  }, [messageId])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])

  return (
    <div className="lookup-backdrop">
      <div
        ref={dialogRef}
        className="lookup-dialog receipts-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
      >
        <h3 id={`${id}-title`}>{s.title(messageId)}</h3>
        <div className="lookup-dialog-body">
          <ListState
            error={loaded.kind === 'error' ? s.failed(loaded.message) : null}
            loading={loaded.kind === 'loading'}
            loadingText={s.loading}
            empty={loaded.kind === 'ok' && loaded.receipts.length === 0}
            emptyText={s.none}
          >
            {loaded.kind === 'ok' && (
              <table className="receipts-table" aria-label={s.table}>
                <thead>
                  <tr>
                    <th scope="col">{s.colTime}</th>
                    <th scope="col">{s.colOutcome}</th>
                    <th scope="col">{s.colChannel}</th>
                    <th scope="col">{s.colPrice}</th>
                    <th scope="col">{s.colByChannel}</th>
                    <th scope="col">{s.colReason}</th>
                  </tr>
                </thead>
                <tbody>
                  {loaded.receipts.map((r, i) => (
                    <tr key={i} data-testid="receipt">
                      <td>{formatDateTime(r.receivedAt, lang, true)}</td>
                      <td>{s.outcomes[r.outcome] ?? r.outcome}</td>
                      <td>{r.channel ? s.channels[r.channel] : ''}</td>
                      <td className="num" data-testid="receipt-price">
                        {r.price ?? ''}
                      </td>
                      <td data-testid="receipt-channel-prices">{channelPricesText(r.prices, s)}</td>
                      <td>
                        {r.reason || r.reasonCode
                          ? reasonText(r.reason ?? '', lang, r.reasonCode)
                          : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </ListState>
        </div>
        <div className="actions-line">
          <button ref={closeRef} type="button" onClick={onClose}>
            {s.close}
          </button>
        </div>
      </div>
    </div>
  )
}
