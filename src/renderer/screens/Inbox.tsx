/**
 * The inbox: a conversation per customer who wrote in, the newest first, with unread counts;
 * the open one shows both ways, and a reply goes out from the number the customer wrote to,
 * through the profile it came in on.
 */
import { TypeBadge } from '../components/message-types/TypeBadge'
import { fillKnown } from '../../shared/template'
import { insertText } from '../components/templates/insert'
import { TemplatePicker } from '../components/templates/TemplatePicker'
import { profileLabel } from '../../shared/constants'
import { reasonText } from '../../shared/reason-text'
import { isOptOut } from '../../shared/stop-words'
import { isWaitCall } from '../../shared/verification'
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { Thread, ThreadEntry } from '../../shared/calls/inbox'
import type { MessageState } from '../../shared/contract'
import { call, errorText } from '../api/client'
import { ListState } from '../components/ListState'
import { DetailsButton } from '../components/message-detail/MessageDetail'
import { formatDateTime } from '../format'
import { useT } from '../i18n'
import { useInbox } from '../stores/inbox'
import { useLang } from '../stores/lang'
import { useProfileName, useProfiles, useShownProfiles } from '../stores/profiles'
import { inboxStrings } from './Inbox.strings'
import { CustomerCard } from './InboxCustomer'
import './Inbox.css'

export function Inbox() {
  const lang = useLang((s) => s.lang)
  const t = inboxStrings[lang]
  const ids = useId()
  const view = useInbox()

  useEffect(() => {
    void useInbox.getState().load()
  }, [])

  const open = view.threads.find((x) => x.peer === view.peer) ?? null

  return (
    <main className="inbox-screen" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="visually-hidden">
        {t.title}
      </h2>
      <div className="inbox-layout">
        <section className="inbox-threads" aria-labelledby={`${ids}-threads`}>
          <h2 id={`${ids}-threads`}>{t.conversations}</h2>
          <input
            type="search"
            aria-label={t.search}
            placeholder={t.searchPlaceholder}
            value={view.search}
            maxLength={32}
            onChange={(e) => view.setSearch(e.target.value)}
          />
          <ListState inline loading={view.loading && !view.loaded} loadingText={t.loading} />
          <ListState error={view.error && t.loadFailed(view.error)} />
          {view.loaded && view.threads.length === 0 && (
            <p className="hint">{view.search.trim() ? t.emptyFiltered : t.empty}</p>
          )}
          <ul aria-label={t.conversations}>
            {view.threads.map((x) => (
              <ThreadItem
                key={x.peer}
                thread={x}
                selected={x.peer === view.peer}
                onOpen={() => void view.open(x.peer)}
              />
            ))}
          </ul>
        </section>
        {open ? <Conversation thread={open} /> : <p className="hint inbox-pick">{t.pick}</p>}
        {open && (
          <CustomerCard
            peer={open.peer}
            from={open.from}
            profileId={open.replyProfileId}
            version={`${view.entries.length}:${view.entries[0]?.id ?? ''}:${stateKey(view.entries)}`}
          />
        )}
      </div>
      <SandboxMessage />
    </main>
  )
}

function ThreadItem(props: { thread: Thread; selected: boolean; onOpen(): void }) {
  const lang = useLang((s) => s.lang)
  const t = inboxStrings[lang]
  const { thread: x } = props
  const said =
    x.lastDirection === 'in' && isWaitCall(x.lastText)
      ? t.calledToVerify
      : `${x.lastDirection === 'out' ? t.you : ''}${x.lastText}`
  return (
    <li>
      {/* Its name is what shows, in reading order: "992935550101 2 unread: Hello? 17:04". */}
      <button
        type="button"
        className={x.unread > 0 ? 'inbox-thread unread' : 'inbox-thread'}
        aria-pressed={props.selected}
        onClick={props.onOpen}
      >
        <span className="phone">
          {x.name && <span className="inbox-thread-name">{x.name} </span>}
          {x.from}
        </span>
        <span className="visually-hidden">{t.threadState(x.unread)}</span>
        <span className="inbox-thread-snippet">{said}</span>
        <span className="time">{formatDateTime(x.lastAt, lang)}</span>
        {x.unread > 0 && (
          <span className="count-badge" aria-hidden="true">
            {x.unread}
          </span>
        )}
      </button>
    </li>
  )
}

function Conversation({ thread }: { thread: Thread }) {
  const lang = useLang((s) => s.lang)
  const t = inboxStrings[lang]
  const app = useT()
  const ids = useId()
  const view = useInbox()
  const profileName = useProfileName()
  // Oldest at the top, as a conversation reads.
  const entries = [...view.entries].reverse()

  return (
    <section className="inbox-conversation" aria-labelledby={`${ids}-with`}>
      <header className="inbox-conversation-head">
        <h2 id={`${ids}-with`}>
          {t.withCustomer(thread.name ? `${thread.name} (${thread.from})` : thread.from)}
        </h2>
        <p className="hint">{t.wroteTo(thread.replyFrom, profileName(thread.replyProfileId))}</p>
      </header>
      <ListState error={view.threadError && t.threadFailed(view.threadError)} />
      {view.more && (
        <button type="button" disabled={view.threadLoading} onClick={() => void view.loadOlder()}>
          {t.loadOlder}
        </button>
      )}
      <ol className="inbox-entries" aria-label={t.messages}>
        {entries.map((e) => (
          <Entry key={`${e.direction}-${e.id}`} entry={e} stateName={app.states} />
        ))}
      </ol>
      <ListState inline loading={view.threadLoading} loadingText={t.loading} />
      <ReplyForm key={thread.peer} thread={thread} />
    </section>
  )
}

function Entry({
  entry: e,
  stateName,
}: {
  entry: ThreadEntry
  stateName: Record<MessageState, string>
}) {
  const lang = useLang((s) => s.lang)
  const t = inboxStrings[lang]
  // A verifying call the provider recorded: a line of the conversation, not the customer's words.
  if (e.direction === 'in' && isWaitCall(e.text)) {
    return (
      <li className="inbox-entry inbox-entry-system" data-direction="system">
        <p className="inbox-entry-text">{t.calledToVerify}</p>
        <span className="inbox-entry-meta">
          <span className="time">{formatDateTime(e.at, lang)}</span>
        </span>
      </li>
    )
  }
  return (
    <li className={`inbox-entry inbox-entry-${e.direction}`} data-direction={e.direction}>
      <span className="visually-hidden">{e.direction === 'in' ? t.incoming : t.outgoing}</span>
      <p className="inbox-entry-text">
        {e.direction === 'out' && <TypeBadge type={e.type} />}
        {e.text}
      </p>
      {e.direction === 'in' && isOptOut(e.text) && (
        <p className="inbox-entry-optout" data-testid="opt-out">
          {t.optedOut}
        </p>
      )}
      <span className="inbox-entry-meta">
        <span className="time">{formatDateTime(e.at, lang)}</span>
        {e.direction === 'out' && (
          <>
            <span
              className={`badge badge-${e.state}`}
              data-testid="message-status"
              title={e.error ? reasonText(e.error, lang) : undefined}
            >
              {stateName[e.state]}
            </span>
            <DetailsButton messageId={e.id} lang={lang} />
          </>
        )}
      </span>
    </li>
  )
}

function ReplyForm({ thread }: { thread: Thread }) {
  const lang = useLang((s) => s.lang)
  const t = inboxStrings[lang]
  const ids = useId()
  const profiles = useProfiles((s) => s.profiles)
  const profileName = useProfileName()
  const profile = profiles.find((p) => p.id === thread.replyProfileId)
  // The number the customer wrote to first, then the profile's own senders.
  const senders = [thread.replyFrom, ...(profile?.senders ?? [])].filter(
    (s, i, all) => all.indexOf(s) === i,
  )
  const [sender, setSender] = useState(thread.replyFrom)
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // One key per reply: a double click or a retried call stores one message.
  const key = useRef(crypto.randomUUID())
  const boxRef = useRef<HTMLTextAreaElement>(null)

  // A canned reply: the customer's name from their contact, the number as they wrote it.
  const putTemplate = (template: string) => {
    const box = boxRef.current
    const values = new Map([['phone', thread.from]])
    if (thread.name) values.set('name', thread.name)
    const next = insertText(
      text,
      fillKnown(template, values),
      box ? { start: box.selectionStart, end: box.selectionEnd } : null,
    )
    setText(next.text)
    requestAnimationFrame(() => {
      box?.focus()
      box?.setSelectionRange(next.caret, next.caret)
    })
  }

  const send = async (e?: FormEvent) => {
    e?.preventDefault()
    if (busy || text.trim() === '') return
    setBusy(true)
    setError(null)
    try {
      const sent = await call('messages.send', {
        profileId: thread.replyProfileId,
        sender,
        phone: thread.peer,
        text,
        idempotencyKey: key.current,
      })
      useInbox.getState().sent(sent)
      key.current = crypto.randomUUID()
      setText('')
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="inbox-reply" aria-label={t.replyForm} onSubmit={(e) => void send(e)}>
      <label>
        {t.replyFrom}
        <select value={sender} onChange={(e) => setSender(e.target.value)}>
          {senders.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <span className="hint">
        {t.replyProfile} {profileName(thread.replyProfileId)}
      </span>
      <label className="inbox-reply-text">
        {t.replyText}
        <textarea
          ref={boxRef}
          rows={3}
          value={text}
          aria-describedby={`${ids}-hint`}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send()
          }}
        />
      </label>
      <span id={`${ids}-hint`} className="hint">
        {t.sendHint}
      </span>
      <TemplatePicker onPick={putTemplate} currentText={text} />
      <button type="submit" className="primary" disabled={busy || text.trim() === ''}>
        {busy ? t.sending : t.send}
      </button>
      {error && (
        <p className="error" role="alert">
          {t.sendFailed(error)}
        </p>
      )}
    </form>
  )
}

/**
 * With a sandbox that takes customers' messages (SMPP, SMSC): one written as a customer would,
 * to try the inbox without a phone.
 */
function SandboxMessage() {
  const lang = useLang((s) => s.lang)
  const t = inboxStrings[lang]
  const sandboxes = useShownProfiles().filter((p) => p.sandbox && p.capabilities.inbound)
  const [profileId, setProfileId] = useState('')
  const [from, setFrom] = useState('+992 93 555 0101')
  const [to, setTo] = useState('7781')
  const [text, setText] = useState('')
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null)
  const [busy, setBusy] = useState(false)
  if (sandboxes.length === 0) return null
  const chosen = sandboxes.find((p) => p.id === profileId) ?? sandboxes[0]

  const send = async (e: FormEvent) => {
    e.preventDefault()
    if (busy || !chosen) return
    setBusy(true)
    setSaid(null)
    try {
      await call('sandbox.injectInbound', { from, to, text, profileId: chosen.id })
      setSaid({ ok: true, text: t.simulated })
      setText('')
    } catch (err) {
      setSaid({ ok: false, text: t.simulateFailed(errorText(err)) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <details className="inbox-simulate">
      <summary>{t.simulate}</summary>
      <form aria-label={t.simulate} onSubmit={(e) => void send(e)}>
        <label>
          {t.simulateProfile}
          <select value={chosen?.id ?? ''} onChange={(e) => setProfileId(e.target.value)}>
            {sandboxes.map((p) => (
              <option key={p.id} value={p.id}>
                {profileLabel(p, lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.simulateFrom}
          <input value={from} onChange={(e) => setFrom(e.target.value)} inputMode="tel" />
        </label>
        <label>
          {t.simulateTo}
          <input value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label className="inbox-simulate-text">
          {t.simulateText}
          <input value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" disabled={busy || text.trim() === ''}>
          {t.simulateSend}
        </button>
      </form>
      {said && (
        <p className={said.ok ? 'notice' : 'error'} role={said.ok ? 'status' : 'alert'}>
          {said.text}
        </p>
      )}
    </details>
  )
}

/** The outgoing messages' states, so the card counts again as they are delivered. */
function stateKey(entries: readonly ThreadEntry[]): string {
  return entries.map((e) => (e.direction === 'out' ? e.state[0] : '')).join('')
}
