import { useId, useState, type FormEvent } from 'react'
import type { Cascade, ChannelName } from '../../../shared/contract'
import { splitComment } from '../../../shared/sms'
import { ApiCallError, call, errorText, newRequestKey } from '../../api/client'
import { Field } from '../../components/Field'
import { ConfirmDialog } from '../../components/lookup/ConfirmDialog'
import { MessagesTable } from '../../components/MessagesTable'
import { ScheduledMessages } from '../../components/ScheduledMessages'
import { formatDateTime, fromLocalInput, toLocalInput } from '../../format'
import { useLang } from '../../stores/lang'
import { ProfileSelect } from '../../components/ProfileSelect'
import { useBalance } from '../../stores/balance'
import { useT } from '../../i18n'
import { useMessages } from '../../stores/messages'
import { useNav } from '../../stores/nav'
import { useProfiles, useShownProfiles } from '../../stores/profiles'
import { defaultProfile } from '../../stores/profile-choice'
import { Channels } from './Channels'
import { CostLine, useEstimate } from './CostLine'
import { composeFieldErrors, type ComposeField, type ComposeFieldErrors } from './fields'
import { MessageText, textTooLong } from './MessageText'
import { teamLinkStrings } from '../../components/team-link/strings'
import { parseTypedText, PING_TEXT, TYPE_RULES } from '../../../shared/message-types'
import {
  EMPTY_TYPE_DRAFT,
  messageTypeOf,
  typeComplete,
  type TypeDraft,
} from '../../components/message-types/draft'
import { TypeFields } from '../../components/message-types/TypeFields'

type Field = ComposeField

export function Compose() {
  const t = useT()
  const profiles = useShownProfiles()
  const lastUsed = useProfiles((s) => s.lastUsed)
  const rememberProfile = useProfiles((s) => s.rememberProfile)
  const upsert = useMessages((s) => s.upsert)
  const ids = useId()
  const lang = useLang((st) => st.lang)

  // A reply from the Inbox (or any screen) arrives as a draft to start from.
  const [draft] = useState(() => useNav.getState().takeDraft())
  const [chosenProfile, setChosenProfile] = useState(draft?.profileId ?? '')
  // null: follow the profile's first sender until the operator types one.
  const [chosenSender, setChosenSender] = useState<string | null>(null)
  const [phone, setPhone] = useState(draft?.phone ?? '')
  const [text, setText] = useState(draft?.text ?? '')
  const [errors, setErrors] = useState<ComposeFieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  // Cascade profiles: which channels to try (always in the provider's order), and a Viber button.
  const [channels, setChannels] = useState<ChannelName[]>(['viber', 'sms'])
  const [buttonText, setButtonText] = useState('')
  const [buttonUrl, setButtonUrl] = useState('')
  // SMSC profiles: the message's type and its fields.
  const [typeDraft, setTypeDraft] = useState<TypeDraft>(EMPTY_TYPE_DRAFT)
  // One key per draft: a double click or a retried call stores one message, not two.
  const [draftKey, setDraftKey] = useState(newRequestKey)
  // Send later: a datetime-local value, in the machine's time.
  const [later, setLater] = useState(false)
  const [sendAt, setSendAt] = useState('')
  const scheduledAt = later ? fromLocalInput(sendAt) : null

  const profile = profiles.find((p) => p.id === chosenProfile) ?? defaultProfile(profiles, lastUsed)
  const profileId = profile?.id ?? ''
  const offered = profile?.capabilities.channels ?? ['sms']
  const cascadeOn = offered.length > 1
  const order = offered.filter((c) => channels.includes(c))
  const sender = chosenSender ?? profile?.senders[0] ?? ''
  const offeredTypes = profile?.capabilities.messageTypes ?? ['sms']
  // A type the profile does not send (another profile chosen since) falls back to SMS.
  const type = offeredTypes.includes(typeDraft.type) ? typeDraft.type : 'sms'
  const typeShown = { ...typeDraft, type }
  const messageType = messageTypeOf(typeShown)
  const noText = TYPE_RULES[type].counts === 'none'
  const sentText = noText ? PING_TEXT : text
  const estimate = useEstimate(profileId, phone, sentText, sender, messageType)
  const valid =
    profileId !== '' &&
    sender.trim() !== '' &&
    phone.trim() !== '' &&
    (noText || splitComment(text).chargedText.length > 0) &&
    !textTooLong(text, type) &&
    typeComplete(typeShown) &&
    (!cascadeOn || order.length > 0) &&
    (!later || scheduledAt !== null)

  const edit = (field: Field) => {
    setNotice(null)
    setFormError(null)
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }))
  }

  /** Main said the recipient is outside the profile's quiet hours: the question, in words. */
  const [quietAsk, setQuietAsk] = useState<string | null>(null)

  const submit = async (event?: FormEvent, outsideQuietHours = false) => {
    event?.preventDefault()
    setQuietAsk(null)
    if (!valid || sending) return
    setSending(true)
    setNotice(null)
    setFormError(null)
    setErrors({})
    try {
      const message = await call('messages.send', {
        profileId,
        sender,
        phone,
        text: sentText,
        idempotencyKey: draftKey,
        cascade: cascadeOn ? cascadeOf(order, buttonText, buttonUrl) : undefined,
        ...(messageType ? { messageType } : {}),
        ...(scheduledAt !== null ? { scheduledAt } : {}),
        ...(outsideQuietHours ? { outsideQuietHours } : {}),
      })
      upsert(message)
      // The next Compose starts on it (HLR and the other screens too, where it can do the job).
      rememberProfile(profileId)
      // A number written the local way went out with its country's code: say where it goes.
      const readAs = message.phone !== phone.replace(/\D/g, '') ? ` ${t.readAs(message.phone)}` : ''
      setNotice(
        // Kept while the team server is unreachable: it has no number until the server has it.
        message.errorCode === 'team:waiting'
          ? teamLinkStrings[lang].keptNotice
          : (message.state === 'scheduled' && scheduledAt !== null
              ? t.scheduledAs(message.id, formatDateTime(scheduledAt, lang))
              : t.queuedAs(message.id)) + readAs,
      )
      setPhone('')
      setText('')
      setDraftKey(newRequestKey())
    } catch (err) {
      if (err instanceof ApiCallError && err.phraseId === 'quiet.outside') {
        setQuietAsk(err.message)
      } else if (err instanceof ApiCallError && err.code === 'BAD_REQUEST') {
        const { fields, rest } = composeFieldErrors(err.issues)
        setErrors(fields)
        if (Object.keys(fields).length === 0) setFormError(err.message)
        else if (rest.length > 0) setFormError(rest.map((i) => i.message).join(' '))
      } else {
        setFormError(errorText(err))
      }
    } finally {
      setSending(false)
    }
  }

  const fieldId = (f: Field) => `${ids}-${f}`
  const errorId = (f: Field) => `${ids}-${f}-error`
  const described = (f: Field, ...more: string[]) =>
    [errors[f] ? errorId(f) : '', ...more].filter(Boolean).join(' ') || undefined
  const fieldError = (f: Field) =>
    errors[f] ? (
      <p id={errorId(f)} className="field-error" role="alert">
        {errors[f]}
      </p>
    ) : null

  return (
    <main className="compose-screen">
      <section className="compose" aria-labelledby={`${ids}-title`}>
        <h2 id={`${ids}-title`}>{t.compose}</h2>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <div className="row">
            <ProfileSelect
              id={fieldId('profileId')}
              label={t.profile}
              profiles={profiles}
              value={profileId}
              invalid={!!errors.profileId}
              describedBy={described('profileId')}
              onChange={(id) => {
                edit('profileId')
                setChosenProfile(id)
                setChosenSender(null)
                // The header's balance follows the profile the agent is about to send with.
                useBalance.getState().choose(id)
              }}
            >
              {profile?.sandbox && (
                <p className="hint">
                  <span className="badge badge-sandbox">{t.sandboxSuffix}</span> {t.sandboxHint}
                </p>
              )}
              {fieldError('profileId')}
            </ProfileSelect>
            <Field id={fieldId('sender')} label={t.sender}>
              <input
                id={fieldId('sender')}
                value={sender}
                list={`${ids}-senders`}
                autoComplete="off"
                spellCheck={false}
                maxLength={64}
                aria-invalid={errors.sender ? true : undefined}
                aria-describedby={described('sender')}
                onChange={(e) => {
                  edit('sender')
                  setChosenSender(e.target.value)
                }}
              />
              <datalist id={`${ids}-senders`}>
                {profile?.senders.map((s) => (
                  <option key={s} value={s} />
                ))}
              </datalist>
              {fieldError('sender')}
            </Field>
            <Field id={fieldId('phone')} label={t.phone}>
              <input
                id={fieldId('phone')}
                value={phone}
                type="tel"
                inputMode="tel"
                autoComplete="off"
                placeholder={t.phonePlaceholder}
                maxLength={64}
                aria-invalid={errors.phone ? true : undefined}
                aria-describedby={described('phone')}
                onChange={(e) => {
                  edit('phone')
                  setPhone(e.target.value)
                }}
              />
              {fieldError('phone')}
            </Field>
          </div>
          {offeredTypes.length > 1 && (
            <TypeFields
              offered={offeredTypes}
              draft={typeShown}
              onChange={(next) => {
                edit('messageType')
                setTypeDraft(next)
              }}
              invalid={!!errors.messageType}
              describedBy={described('messageType')}
              error={fieldError('messageType')}
            />
          )}
          <MessageText
            type={type}
            offeredTypes={offeredTypes}
            onSendAs={(as) => {
              edit('text')
              // "__VIBER__: hello" becomes a Viber message saying "hello" (its fields kept).
              const parsed = parseTypedText(text.trimStart())
              if (parsed.options.type === as) {
                setText(parsed.text)
                setTypeDraft({ ...typeDraft, ...definedOf(parsed.options), type: as })
              } else {
                setText(text.trimStart().replace(/^__[A-Za-z]+__:?\s*/, ''))
                setTypeDraft({ ...typeDraft, type: as })
              }
            }}
            perPart={estimate?.price?.perPart ?? null}
            id={fieldId('text')}
            label={t.text}
            text={text}
            invalid={!!errors.text}
            describedBy={errors.text ? errorId('text') : undefined}
            error={fieldError('text')}
            onChange={(next) => {
              edit('text')
              setText(next)
            }}
            onSubmit={() => void submit()}
          />
          <CostLine current={estimate} profileId={profileId} />
          {cascadeOn && (
            <Channels
              offered={offered}
              channels={channels}
              onChannels={(next) => {
                edit('cascade')
                setChannels(next)
              }}
              buttonText={buttonText}
              buttonUrl={buttonUrl}
              onButton={(text, url) => {
                edit('cascade')
                setButtonText(text)
                setButtonUrl(url)
              }}
              invalid={!!errors.cascade}
              describedBy={described('cascade')}
              error={fieldError('cascade')}
            />
          )}
          <div className="row compose-later">
            <label className="check">
              <input
                type="checkbox"
                checked={later}
                onChange={(e) => {
                  edit('scheduledAt')
                  setLater(e.target.checked)
                  // An hour from now to start from.
                  if (e.target.checked && !sendAt) setSendAt(toLocalInput(Date.now() + 3_600_000))
                }}
              />{' '}
              {t.sendLater}
            </label>
            {later && (
              <Field id={fieldId('scheduledAt')} label={t.sendAt}>
                <input
                  id={fieldId('scheduledAt')}
                  type="datetime-local"
                  value={sendAt}
                  aria-invalid={errors.scheduledAt ? true : undefined}
                  aria-describedby={described('scheduledAt')}
                  onChange={(e) => {
                    edit('scheduledAt')
                    setSendAt(e.target.value)
                  }}
                />
                {fieldError('scheduledAt')}
              </Field>
            )}
          </div>
          <div className="actions-line">
            <button type="submit" className="primary" disabled={!valid || sending}>
              {sending ? t.sending : later ? t.schedule : t.send}
            </button>
            {notice && (
              <span className="notice" role="status">
                {notice}
              </span>
            )}
            {formError && (
              <span className="error" role="alert">
                {formError}
              </span>
            )}
          </div>
        </form>
      </section>
      <ScheduledMessages />
      <MessagesTable />
      {quietAsk && (
        <ConfirmDialog
          title={t.quietTitle}
          confirmLabel={t.quietSend}
          cancelLabel={t.quietWait}
          busy={sending}
          onConfirm={() => void submit(undefined, true)}
          onCancel={() => setQuietAsk(null)}
        >
          <p>{quietAsk}</p>
          <p className="hint">{t.quietHint}</p>
        </ConfirmDialog>
      )}
    </main>
  )
}

/** The fields a parsed typed text names, as Compose's draft holds them. */
function definedOf(o: ReturnType<typeof parseTypedText>['options']): Partial<TypeDraft> {
  const out: Partial<TypeDraft> = {}
  if (o.subject) out.subject = o.subject
  if (o.voice) out.voice = o.voice
  if (o.bot) out.bot = o.bot
  return out
}

/** The cascade as main wants it; a half-filled button goes as is, so main says what is missing. */
function cascadeOf(order: ChannelName[], text: string, url: string): Cascade {
  const button =
    order.includes('viber') && (text.trim() || url.trim())
      ? { text: text.trim(), url: url.trim() }
      : null
  return { order, viberButton: button }
}
