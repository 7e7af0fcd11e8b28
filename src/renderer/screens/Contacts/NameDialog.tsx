/**
 * A name asked for: a new group or the shown one renamed, a filter saved; a name main refuses
 * (another group has it) is said at the name.
 */
import { useId, useRef, useState } from 'react'
import { ApiCallError, errorText } from '../../api/client'
import { Dialog } from '../../components/Dialog'
import { Field } from '../../components/Field'
import { useContactsT } from './strings'

export function NameDialog({
  title,
  label,
  initial,
  save,
  onClose,
}: {
  title: string
  label: string
  initial: string
  /** Saves under the name; the saved thing's id. */
  save(name: string): Promise<number>
  /** The saved id, or null when cancelled. */
  onClose(saved: number | null): void
}) {
  const t = useContactsT()
  const ids = useId()
  const input = useRef<HTMLInputElement>(null)
  const [name, setName] = useState(initial)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async () => {
    setBusy(true)
    setError(null)
    try {
      onClose(await save(name))
    } catch (err) {
      const atName =
        err instanceof ApiCallError ? err.issues.find((i) => i.path === 'name') : undefined
      setError(atName?.message ?? errorText(err))
      setBusy(false)
    }
  }

  return (
    <Dialog
      title={title}
      onClose={() => onClose(null)}
      busy={busy}
      initialFocus={input}
      actions={
        <div className="actions-line">
          <button type="button" className="primary" disabled={busy} onClick={() => void submit()}>
            {t.save}
          </button>
          <button type="button" disabled={busy} onClick={() => onClose(null)}>
            {t.cancel}
          </button>
        </div>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <Field id={`${ids}-name`} label={label}>
          <input
            ref={input}
            id={`${ids}-name`}
            value={name}
            maxLength={100}
            aria-invalid={error !== null}
            aria-describedby={error ? `${ids}-error` : undefined}
            onChange={(e) => setName(e.target.value)}
          />
          {error && (
            <p id={`${ids}-error`} className="error" role="alert">
              {error}
            </p>
          )}
        </Field>
      </form>
    </Dialog>
  )
}
