import { useId, useMemo, useState, type FormEvent } from 'react'
import { MAX_TEXT_LENGTH } from '../../shared/constants'
import type { Cascade, ChannelName } from '../../shared/contract'
import { checkGsm } from '../../shared/gsm-check'
import { analyzeSms, COMMENT_MARKER, MAX_PARTS } from '../../shared/sms'
import { ApiCallError, call, errorText, newRequestKey } from '../api/client'
import { Field } from '../components/Field'
import { MessagesTable } from '../components/MessagesTable'
import { ScheduledMessages } from '../components/ScheduledMessages'
import { formatDateTime, fromLocalInput, toLocalInput } from '../format'
import { useLang } from '../stores/lang'
import { ProfileSelect } from '../components/ProfileSelect'
import { useBalance } from '../stores/balance'
import { useT } from '../i18n'
import { useMessages } from '../stores/messages'
import { useNav } from '../stores/nav'
import { useProfiles, useShownProfiles } from '../stores/profiles'
import { defaultProfile } from '../stores/profile-choice'
import { composeFieldErrors, type ComposeField, type ComposeFieldErrors } from './Compose.fields'

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
  const analysis = useMemo(() => analyzeSms(text), [text])
  // Why it goes as UCS-2, where that is a slip (a quote, a dash, a look-alike letter, an emoji)
  // rather than the language of the text.
  const gsm = useMemo(() => checkGsm(analysis.chargedText), [analysis.chargedText])
  const slips =
    gsm.fixed !== null || (gsm.chars.length > 0 && gsm.chars.every((c) => !/\p{L}/u.test(c.char)))
      ? gsm.chars
      : []
  const capacity = analysis.perPart * Math.max(analysis.parts, 1)
  const tooLong = text.length > MAX_TEXT_LENGTH || analysis.parts > MAX_PARTS
  const valid =
    profileId !== '' &&
    sender.trim() !== '' &&
    phone.trim() !== '' &&
    analysis.chargedText.length > 0 &&
    !tooLong &&
    (!cascadeOn || order.length > 0) &&
    (!later || scheduledAt !== null)

  const edit = (field: Field) => {
    setNotice(null)
    setFormError(null)
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }))
  }

  const submit = async (event?: FormEvent) => {
    event?.preventDefault()
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
        text,
        idempotencyKey: draftKey,
        cascade: cascadeOn ? cascadeOf(order, buttonText, buttonUrl) : undefined,
        ...(scheduledAt !== null ? { scheduledAt } : {}),
      })
      upsert(message)
      // The next Compose starts on it (HLR and the other screens too, where it can do the job).
      rememberProfile(profileId)
      setNotice(
        message.state === 'scheduled' && scheduledAt !== null
          ? t.scheduledAs(message.id, formatDateTime(scheduledAt, lang))
          : t.queuedAs(message.id),
      )
      setPhone('')
      setText('')
      setDraftKey(newRequestKey())
    } catch (err) {
      if (err instanceof ApiCallError && err.code === 'BAD_REQUEST') {
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

  const counterText = `${analysis.encoding === 'GSM7' ? 'GSM-7' : 'UCS-2'} · ${analysis.units}/${capacity} · ${t.parts(analysis.parts)}`

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
          <Field id={fieldId('text')} label={t.text}>
            <textarea
              id={fieldId('text')}
              value={text}
              rows={5}
              aria-invalid={errors.text || tooLong ? true : undefined}
              aria-describedby={described('text', `${ids}-counter`)}
              onChange={(e) => {
                edit('text')
                setText(e.target.value)
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit()
              }}
            />
            <div className="counter-line">
              <output
                id={`${ids}-counter`}
                className="counter"
                aria-label={t.counter}
                aria-live="polite"
                data-encoding={analysis.encoding}
              >
                {counterText}
              </output>
              {analysis.comment !== null && <span className="hint">{t.commentNote}</span>}
            </div>
            {slips.length > 0 && (
              <p className="hint gsm-check" data-testid="gsm-check">
                {t.ucs2Because(slips.map((c) => `«${shownChar(c.char)}»`).join(' '))}{' '}
                {gsm.fixed !== null && (
                  <button
                    type="button"
                    onClick={() => {
                      edit('text')
                      const comment = analysis.comment
                      setText(
                        comment === null
                          ? (gsm.fixed ?? text)
                          : `${gsm.fixed ?? ''}${COMMENT_MARKER}${comment}`,
                      )
                    }}
                  >
                    {t.useGsm(t.parts(gsm.partsNow), t.parts(gsm.partsFixed))}
                  </button>
                )}
              </p>
            )}
            {tooLong && (
              <p className="field-error" role="alert">
                {t.tooLong(MAX_TEXT_LENGTH)}
              </p>
            )}
            {fieldError('text')}
          </Field>
          {cascadeOn && (
            <fieldset
              className="channels"
              aria-invalid={errors.cascade ? true : undefined}
              aria-describedby={described('cascade')}
            >
              <legend>{t.channels}</legend>
              {offered.map((c) => (
                <label key={c} className="check">
                  <input
                    type="checkbox"
                    checked={channels.includes(c)}
                    onChange={(e) => {
                      edit('cascade')
                      setChannels((cs) =>
                        e.target.checked ? [...cs, c] : cs.filter((x) => x !== c),
                      )
                    }}
                  />{' '}
                  {t.channelNames[c]}
                </label>
              ))}
              {order.includes('viber') && (
                <div className="row">
                  <Field id={`${ids}-button-text`} label={t.viberButtonText}>
                    <input
                      id={`${ids}-button-text`}
                      value={buttonText}
                      maxLength={19}
                      onChange={(e) => {
                        edit('cascade')
                        setButtonText(e.target.value)
                      }}
                    />
                  </Field>
                  <Field id={`${ids}-button-url`} label={t.viberButtonUrl}>
                    <input
                      id={`${ids}-button-url`}
                      value={buttonUrl}
                      type="url"
                      placeholder="https://"
                      onChange={(e) => {
                        edit('cascade')
                        setButtonUrl(e.target.value)
                      }}
                    />
                  </Field>
                </div>
              )}
              {fieldError('cascade')}
            </fieldset>
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
    </main>
  )
}

/** The cascade as main wants it; a half-filled button goes as is, so main says what is missing. */
function cascadeOf(order: ChannelName[], text: string, url: string): Cascade {
  const button =
    order.includes('viber') && (text.trim() || url.trim())
      ? { text: text.trim(), url: url.trim() }
      : null
  return { order, viberButton: button }
}

/** A character as the check names it: an invisible one by its code. */
function shownChar(c: string): string {
  return c.trim() === ''
    ? `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
    : c
}
