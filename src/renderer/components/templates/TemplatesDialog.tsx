/**
 * The template library: every saved template by name; one opened in the editor beside the list
 * with its encoding, parts, variables and a preview where the variables stand out; saved,
 * renamed, deleted (asked first) or put into the text being written.
 */
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react'
import { createPortal } from 'react-dom'
import { analyzeSms } from '../../../shared/sms'
import { compileTemplate } from '../../../shared/template'
import { ApiCallError, errorText } from '../../api/client'
import { useLang } from '../../stores/lang'
import { useTemplates } from '../../stores/templates'
import { Dialog } from '../Dialog'
import { ListState } from '../ListState'
import { templateStrings } from './strings'
import './templates.css'

interface Props {
  /** Opens on a new template with this text (Save this text as a template). */
  initialText?: string
  onClose(): void
  /** Offered when the library was opened from a text being written. */
  onUse?(text: string): void
}

type Selected = number | 'new'

export function TemplatesDialog(props: Props) {
  const lang = useLang((s) => s.lang)
  const s = templateStrings[lang]
  const ids = useId()
  const { templates, loaded, loading, error, ensure } = useTemplates()
  useEffect(() => ensure(), [ensure])

  const [selected, setSelected] = useState<Selected>('new')
  const [name, setName] = useState('')
  const [text, setText] = useState(props.initialText ?? '')
  const [fieldErrors, setFieldErrors] = useState<{ name?: string; text?: string }>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const nameRef = useRef<HTMLInputElement>(null)

  // One deleted in another window while open here is no longer current: what was typed stays,
  // and saving it makes a new template.
  const current = selected === 'new' ? null : (templates.find((t) => t.id === selected) ?? null)
  const shown: Selected = current?.id ?? 'new'

  const open = (next: Selected) => {
    const t = next === 'new' ? null : templates.find((x) => x.id === next)
    setSelected(next)
    setName(t?.name ?? '')
    setText(t?.text ?? '')
    setFieldErrors({})
    setFormError(null)
    setNotice(null)
    setConfirming(false)
    nameRef.current?.focus()
  }

  const analysis = useMemo(() => analyzeSms(text), [text])
  const compiled = useMemo(() => compileTemplate(text), [text])

  const save = async (e: FormEvent) => {
    e.preventDefault()
    // Never the form of the screen the picker sits in (the dialog is in its React tree).
    e.stopPropagation()
    if (busy) return
    setBusy(true)
    setFieldErrors({})
    setFormError(null)
    setNotice(null)
    try {
      const saved = await useTemplates.getState().save({
        ...(current ? { id: current.id } : {}),
        name,
        text,
      })
      setSelected(saved.id)
      setName(saved.name)
      setNotice(s.saved(saved.name))
    } catch (err) {
      const fields: { name?: string; text?: string } = {}
      if (err instanceof ApiCallError) {
        for (const issue of err.issues) {
          const field = issue.path.split('.')[0]
          if ((field === 'name' || field === 'text') && !fields[field])
            fields[field] = issue.message
        }
      }
      setFieldErrors(fields)
      if (!fields.name && !fields.text) setFormError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  const remove = async () => {
    if (!current || busy) return
    setBusy(true)
    setFormError(null)
    try {
      await useTemplates.getState().remove(current.id)
      open('new')
      setNotice(s.deleted(current.name))
    } catch (err) {
      setFormError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  const counter = `${analysis.encoding === 'GSM7' ? 'GSM-7' : 'UCS-2'} · ${s.parts(analysis.parts)}`

  return createPortal(
    <Dialog
      title={s.title}
      onClose={props.onClose}
      busy={busy}
      initialFocus={nameRef}
      className="templates-dialog"
      describedByBody={false}
      actions={
        <div className="actions-line">
          <button type="button" onClick={props.onClose}>
            {s.close}
          </button>
        </div>
      }
    >
      <div className="templates-library">
        <nav aria-label={s.list} className="templates-list">
          <button
            type="button"
            aria-current={shown === 'new' ? 'true' : undefined}
            onClick={() => open('new')}
          >
            + {s.newOne}
          </button>
          <ListState
            error={error ? s.failed(error) : null}
            loading={loading && !loaded}
            loadingText={s.loading}
          >
            <ul>
              {templates.map((t) => (
                <li key={t.id}>
                  <button
                    type="button"
                    aria-current={shown === t.id ? 'true' : undefined}
                    onClick={() => open(t.id)}
                  >
                    {t.name}
                  </button>
                </li>
              ))}
            </ul>
          </ListState>
        </nav>
        <form className="templates-editor" onSubmit={(e) => void save(e)} noValidate>
          <label htmlFor={`${ids}-name`}>{s.name}</label>
          <input
            ref={nameRef}
            id={`${ids}-name`}
            value={name}
            maxLength={100}
            autoComplete="off"
            aria-invalid={fieldErrors.name ? true : undefined}
            aria-describedby={fieldErrors.name ? `${ids}-name-error` : undefined}
            onChange={(e) => {
              setName(e.target.value)
              setFieldErrors((f) => ({ ...f, name: undefined }))
              setNotice(null)
            }}
          />
          {fieldErrors.name && (
            <p id={`${ids}-name-error`} className="field-error" role="alert">
              {fieldErrors.name}
            </p>
          )}
          <label htmlFor={`${ids}-text`}>{s.text}</label>
          <textarea
            id={`${ids}-text`}
            value={text}
            rows={5}
            aria-invalid={fieldErrors.text ? true : undefined}
            aria-describedby={`${ids}-counter ${ids}-hint`}
            onChange={(e) => {
              setText(e.target.value)
              setFieldErrors((f) => ({ ...f, text: undefined }))
              setNotice(null)
            }}
          />
          <p className="hint">
            <output id={`${ids}-counter`} className="counter" data-encoding={analysis.encoding}>
              {counter}
            </output>
            {compiled.variables.length > 0 && (
              <span className="templates-vars"> · {s.variables(compiled.variables)}</span>
            )}
          </p>
          <p id={`${ids}-hint`} className="hint">
            {s.variablesHint}
          </p>
          {fieldErrors.text && (
            <p className="field-error" role="alert">
              {fieldErrors.text}
            </p>
          )}
          {text !== '' && (
            <figure className="templates-preview">
              <figcaption>{s.preview}</figcaption>
              <p data-testid="template-preview">
                {compiled.parts.map((p, i) =>
                  p.kind === 'text' ? (
                    <span key={i}>{p.text}</span>
                  ) : (
                    <mark key={i} className="template-var">
                      {`{${p.name}}`}
                    </mark>
                  ),
                )}
              </p>
            </figure>
          )}
          <div className="actions-line">
            <button
              type="submit"
              className="primary"
              disabled={busy || name.trim() === '' || text === ''}
            >
              {s.save}
            </button>
            {props.onUse && (
              <button type="button" disabled={text === ''} onClick={() => props.onUse?.(text)}>
                {s.use}
              </button>
            )}
            {current && !confirming && (
              <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
                {s.del}
              </button>
            )}
            {current && confirming && (
              <span
                className="templates-confirm"
                role="group"
                aria-label={s.confirmDelete(current.name)}
              >
                {s.confirmDelete(current.name)}{' '}
                <button
                  type="button"
                  className="danger"
                  disabled={busy}
                  onClick={() => void remove()}
                >
                  {s.yes}
                </button>{' '}
                <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
                  {s.no}
                </button>
              </span>
            )}
          </div>
          {notice && (
            <p className="notice" role="status">
              {notice}
            </p>
          )}
          {formError && (
            <p className="error" role="alert">
              {formError}
            </p>
          )}
        </form>
      </div>
    </Dialog>,
    document.body,
  )
}
