/**
 * What a customer whose reply means stop is answered: off, or a text that goes from the number
 * they wrote to, once per opt-out (their number is on the stop-list by then); and whether such
 * a reply stops the number for every profile or only for the one it came in on.
 */
import { useEffect, useId, useState } from 'react'
import { call, errorText } from '../../api/client'
import { useImportT } from './strings'

export function OptOutReply() {
  const t = useImportT()
  const ids = useId()
  const [loaded, setLoaded] = useState(false)
  const [on, setOn] = useState(false)
  const [text, setText] = useState('')
  const [perProfile, setPerProfile] = useState(false)
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let alive = true
    call('stoplist.reply', {})
      .then(({ text: saved, perProfile: scoped }) => {
        if (!alive) return
        setOn(saved !== null)
        setPerProfile(scoped)
        setText(saved ?? t.optOutReplyDefault)
        setLoaded(true)
      })
      .catch((err: unknown) => alive && setError(t.error(errorText(err))))
    return () => {
      alive = false
    }
    // Read once, when the stop-list opens; the default text is the language's at that moment.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const save = async () => {
    setBusy(true)
    setNotice(null)
    setError(null)
    try {
      const saved = await call('stoplist.setReply', { text: on ? text : null, perProfile })
      setPerProfile(saved.perProfile)
      setNotice(saved.text === null ? t.optOutReplyOff : t.optOutReplySaved)
    } catch (err) {
      setError(t.error(errorText(err)))
    } finally {
      setBusy(false)
    }
  }

  return (
    <fieldset className="optout-reply" aria-describedby={`${ids}-hint`}>
      <legend>{t.optOutReply}</legend>
      <p id={`${ids}-hint`} className="hint">
        {t.optOutReplyHint}
      </p>
      <label className="check">
        <input
          type="checkbox"
          checked={perProfile}
          disabled={!loaded}
          onChange={(e) => {
            setPerProfile(e.target.checked)
            setNotice(null)
          }}
        />{' '}
        {t.optOutPerProfile}
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={on}
          disabled={!loaded}
          onChange={(e) => {
            setOn(e.target.checked)
            setNotice(null)
          }}
        />{' '}
        {t.optOutReplyOn}
      </label>
      {on && (
        <textarea
          aria-label={t.optOutReplyText}
          rows={2}
          maxLength={1000}
          value={text}
          onChange={(e) => {
            setText(e.target.value)
            setNotice(null)
          }}
        />
      )}
      <div className="actions-line">
        <button
          type="button"
          disabled={!loaded || busy || (on && text.trim() === '')}
          onClick={() => void save()}
        >
          {t.optOutReplySave}
        </button>
        {notice && (
          <span className="notice" role="status">
            {notice}
          </span>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  )
}
