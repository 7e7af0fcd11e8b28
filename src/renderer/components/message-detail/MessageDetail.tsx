/**
 * A message's whole story, opened from any list that shows it (Compose's recent messages,
 * History, Delivery reports, a conversation): what it is, every state it went through with its
 * time and reason, its delivery reports as they came, and what the agent can do with it now —
 * send it again as a new message, cancel it, ask the provider, decide on an uncertain one.
 * It follows the message live while open.
 */
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import type { MessageDetail, TrailStep } from '../../../shared/calls/messages'
import type { MessageState } from '../../../shared/contract'
import { call, errorText, newRequestKey, onEvent } from '../../api/client'
import { formatDateTime } from '../../format'
import { useT, type Lang } from '../../i18n'
import { useLang } from '../../stores/lang'
import { useProfileName } from '../../stores/profiles'
import { Dialog } from '../Dialog'
import { reasonText } from '../../../shared/reason-text'
import { ListState } from '../ListState'
import './MessageDetail.css'
import { ReceiptsTable } from './ReceiptsTable'
import { useMessageDetail } from './store'
import { detailStrings } from './strings'
import { Phone } from '../Phone'
import { messageTypeStrings } from '../message-types/strings'
import { TYPE_RULES } from '../../../shared/message-types'

/** The button in a message's row or bubble that opens its detail. */
export function DetailsButton(props: { messageId: number; lang: Lang }) {
  const s = detailStrings[props.lang]
  return (
    <button
      type="button"
      className="detail-open"
      aria-label={s.openLabel(props.messageId)}
      onClick={() => useMessageDetail.getState().open(props.messageId)}
    >
      {s.open}
    </button>
  )
}

/** The open detail, above every screen (mounted once, in App). */
export function MessageDetailDialog() {
  const id = useMessageDetail((s) => s.id)
  return id === null ? null : createPortal(<DetailDialog id={id} />, document.body)
}

type Loaded =
  | { kind: 'loading' }
  | { kind: 'ok'; id: number; detail: MessageDetail }
  | { kind: 'error'; id: number; message: string }

const RESENDABLE: readonly MessageState[] = ['failed', 'expired', 'cancelled']
const CANCELLABLE: readonly MessageState[] = ['queued', 'scheduled']
const CHECKABLE: readonly MessageState[] = ['accepted', 'uncertain']

function DetailDialog({ id }: { id: number }) {
  const lang = useLang((s) => s.lang)
  const s = detailStrings[lang]
  const close = useMessageDetail((v) => v.close)
  const closeRef = useRef<HTMLButtonElement>(null)
  const [got, setLoaded] = useState<Loaded>({ kind: 'loading' })
  // Another message opened from this one (Sent again as …) loads in its place.
  const loaded: Loaded = got.kind !== 'loading' && got.id !== id ? { kind: 'loading' } : got
  // Bumped after the agent acted on the message: its story is read again.
  const [reads, setReads] = useState(0)
  const reload = useCallback(() => setReads((n) => n + 1), [])

  useEffect(() => {
    let live = true
    let seq = 0
    const read = () => {
      const mine = ++seq
      call('messages.detail', { id })
        .then((detail) => live && mine === seq && setLoaded({ kind: 'ok', id, detail }))
        .catch(
          (err: unknown) =>
            live && mine === seq && setLoaded({ kind: 'error', id, message: errorText(err) }),
        )
    }
    read()
    // Live: each change of this message reads its story again.
    const off = onEvent('message.updated', (m) => {
      if (m.id === id) read()
    })
    return () => {
      live = false
      off()
    }
  }, [id, reads])

  return (
    <Dialog
      title={s.title(id)}
      onClose={close}
      initialFocus={closeRef}
      className="detail-dialog"
      bodyClassName="detail-body"
      describedByBody={false}
      actions={
        <div className="actions-line">
          <button ref={closeRef} type="button" onClick={close}>
            {s.close}
          </button>
        </div>
      }
    >
      <ListState
        error={loaded.kind === 'error' ? s.failed(loaded.message) : null}
        loading={loaded.kind === 'loading'}
        loadingText={s.loading}
      >
        {loaded.kind === 'ok' && (
          <Story key={id} detail={loaded.detail} lang={lang} onChanged={reload} />
        )}
      </ListState>
    </Dialog>
  )
}

/** A typed message's type and the fields it went with (subject, voice, bot, Viber's button). */
function typeFacts(d: MessageDetail, lang: Lang): [string, string][] {
  const o = d.messageType
  if (!o || o.type === 'sms') return []
  const ts = messageTypeStrings[lang]
  const out: [string, string][] = [[ts.type, ts.name(o.type)]]
  if (o.subject) out.push([ts.subject, o.subject])
  if (o.voice) out.push([ts.voice, ts.voices[o.voice]])
  if (o.bot) out.push([ts.bot, o.bot])
  if (o.viberButton) out.push([ts.button, `${o.viberButton.text} → ${o.viberButton.url}`])
  if (o.viberImageUrl) out.push([ts.image, o.viberImageUrl])
  return out
}

function Story(props: { detail: MessageDetail; lang: Lang; onChanged(): void }) {
  const { detail: d, lang } = props
  const { message: m } = d
  const s = detailStrings[lang]
  const t = useT()
  const profileName = useProfileName()
  const open = useMessageDetail((v) => v.open)
  const price = [...d.receipts].reverse().find((r) => r.price)?.price ?? null
  const ids = useId()

  const facts: [string, ReactNode][] = [
    [
      s.state,
      <span key="state" className={`badge badge-${m.state}`} data-testid="detail-state">
        {t.states[m.state]}
      </span>,
    ],
    ...(m.error ? [[s.reason, reasonText(m.error, lang, m.errorCode)] as [string, string]] : []),
    [s.profile, profileName(m.profileId)],
    [s.sender, m.sender],
    [
      s.phone,
      <span key="phone" className="phone">
        <Phone phone={m.phone} />
      </span>,
    ],
    ...typeFacts(d, lang),
    [
      s.text,
      <span key="text" className="detail-text">
        {m.text}
      </span>,
    ],
    [
      s.size,
      m.type && TYPE_RULES[m.type].counts !== 'sms'
        ? messageTypeStrings[lang].name(m.type)
        : `${m.encoding === 'GSM7' ? 'GSM-7' : 'UCS-2'} · ${s.parts(m.parts)}`,
    ],
    ...(d.batch ? [[s.batch, d.batch.name] as [string, string]] : []),
    [s.created, formatDateTime(m.createdAt, lang, true)],
    ...(d.scheduledAt !== null
      ? [[s.scheduledFor, formatDateTime(d.scheduledAt, lang)] as [string, string]]
      : []),
    ...(m.providerIds.length > 0
      ? [[s.providerIds, m.providerIds.join(', ')] as [string, string]]
      : []),
    [s.attempts, String(m.attempts)],
    ...(price ? [[s.price, price] as [string, string]] : []),
    ...(d.resendOf !== null
      ? [
          [s.resendOf, <MessageLink key="of" id={d.resendOf} lang={lang} onOpen={open} />] as [
            string,
            ReactNode,
          ],
        ]
      : []),
    ...(d.resentAs.length > 0
      ? [
          [
            s.resentAs,
            <span key="as" className="detail-links">
              {d.resentAs.map((r) => (
                <MessageLink key={r} id={r} lang={lang} onOpen={open} />
              ))}
            </span>,
          ] as [string, ReactNode],
        ]
      : []),
  ]

  return (
    <>
      <dl className="detail-facts" aria-label={s.facts}>
        {facts.map(([label, value]) => (
          // The text and the reason take a line of their own.
          <div key={label} className={label === s.text || label === s.reason ? 'wide' : undefined}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <Actions detail={d} lang={lang} onChanged={props.onChanged} />
      <h4 id={`${ids}-story`}>{s.story}</h4>
      <ol className="detail-trail" aria-labelledby={`${ids}-story`}>
        {steps(d).map((step, i) => (
          <li key={i} data-testid="detail-step" data-state={step.state}>
            <span className="time">{formatDateTime(step.at, lang, true)}</span>
            {i === 0 ? (
              <span>{s.createdAs(t.states[step.state])}</span>
            ) : step.from === step.state ? (
              <span>{s.movedTo(profileName(step.profileId))}</span>
            ) : (
              <span className={`badge badge-${step.state}`}>{t.states[step.state]}</span>
            )}
            {step.error && i > 0 && (
              <span className="detail-step-reason">
                {reasonText(step.error, lang, step.errorCode)}
              </span>
            )}
          </li>
        ))}
      </ol>
      <h4 id={`${ids}-receipts`}>{s.receipts}</h4>
      {d.receipts.length === 0 ? (
        <p className="hint">{s.noReceipts}</p>
      ) : (
        <ReceiptsTable receipts={d.receipts} lang={lang} label={s.receipts} />
      )}
    </>
  )
}

/**
 * Its creation, then each change; a message stored before its changes were kept ends with the
 * state it is in now, at the time it last moved.
 */
function steps(d: MessageDetail): TrailStep[] {
  const { message: m } = d
  const created: TrailStep = {
    at: m.createdAt,
    from: d.createdState,
    state: d.createdState,
    profileId: d.trail[0]?.profileId ?? m.profileId,
    error: null,
    errorCode: null,
  }
  const all = [created, ...d.trail]
  const last = all.at(-1)
  if (last && last.state !== m.state) {
    all.push({ ...last, at: m.updatedAt, from: last.state, state: m.state, error: m.error })
  }
  return all
}

function MessageLink(props: { id: number; lang: Lang; onOpen(id: number): void }) {
  return (
    <button type="button" className="link-button" onClick={() => props.onOpen(props.id)}>
      {detailStrings[props.lang].openMessage(props.id)}
    </button>
  )
}

/** What the agent can do with the message in the state it is in. */
function Actions(props: { detail: MessageDetail; lang: Lang; onChanged(): void }) {
  const { message: m } = props.detail
  const s = detailStrings[props.lang]
  const open = useMessageDetail((v) => v.open)
  const [busy, setBusy] = useState(false)
  const [note, setNote] = useState<{ text: string; bad: boolean; resent?: number } | null>(null)
  // One key per message shown: a double click sends it again once.
  const [resendKey] = useState(newRequestKey)

  const act = async (fn: () => Promise<{ text: string; resent?: number } | null>) => {
    setBusy(true)
    setNote(null)
    try {
      const said = await fn()
      if (said) setNote({ ...said, bad: false })
      props.onChanged()
    } catch (err) {
      setNote({ text: errorText(err), bad: true })
    } finally {
      setBusy(false)
    }
  }

  const buttons: {
    label: string
    danger?: boolean
    run(): Promise<{ text: string; resent?: number } | null>
  }[] = []
  if (RESENDABLE.includes(m.state)) {
    buttons.push({
      label: s.resend,
      run: async () => {
        const again = await call('messages.resend', { id: m.id, idempotencyKey: resendKey })
        return { text: s.resent(again.id), resent: again.id }
      },
    })
  }
  if (CANCELLABLE.includes(m.state)) {
    buttons.push({
      label: s.cancel,
      danger: true,
      run: async () => {
        await call('messages.cancel', { id: m.id })
        return { text: s.cancelled }
      },
    })
  }
  if (CHECKABLE.includes(m.state)) {
    buttons.push({
      label: s.checkStatus,
      run: async () => {
        const r = await call('reports.checkStatus', { id: m.id })
        return { text: s.checked(r.outcome === 'updated' ? (r.detail ?? '') : s.unchanged) }
      },
    })
  }
  if (m.state === 'uncertain') {
    buttons.push(
      {
        label: s.resendSame,
        run: async () => {
          await call('messages.resolveUncertain', { id: m.id, action: 'resend' })
          return null
        },
      },
      {
        label: s.markFailed,
        danger: true,
        run: async () => {
          await call('messages.resolveUncertain', { id: m.id, action: 'markFailed' })
          return null
        },
      },
    )
  }
  if (buttons.length === 0 && !note) return null

  return (
    <div className="detail-actions" role="group" aria-label={s.actions}>
      {buttons.map((b) => (
        <button
          key={b.label}
          type="button"
          className={b.danger ? 'danger' : undefined}
          disabled={busy}
          onClick={() => void act(b.run)}
        >
          {b.label}
        </button>
      ))}
      {note && (
        <span className={note.bad ? 'error' : 'notice'} role={note.bad ? 'alert' : 'status'}>
          {note.text}
          {note.resent !== undefined && (
            <>
              {' '}
              <button
                type="button"
                className="link-button"
                onClick={() => open(note.resent as number)}
              >
                {s.openMessage(note.resent)}
              </button>
            </>
          )}
        </span>
      )}
    </div>
  )
}
