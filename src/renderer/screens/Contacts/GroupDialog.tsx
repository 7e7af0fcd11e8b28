/** A new group, or the shown one renamed; a name another group has is refused at the name. */
import { useId, useRef, useState } from 'react'
import type { ContactGroup } from '../../../shared/calls/contacts'
import { ApiCallError, call, errorText } from '../../api/client'
import { Dialog } from '../../components/Dialog'
import { Field } from '../../components/Field'
import { useContactsT } from './strings'

export function GroupDialog({
  group,
  onClose,
}: {
  /** null: a new group. */
  group: ContactGroup | null
  /** The saved group's id, or null when cancelled. */
  onClose(saved: number | null): void
}) {
  const t = useContactsT()
  const ids = useId()
  const input = useRef<HTMLInputElement>(null)
  const [name, setName] = useState(group?.name ?? '')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const save = async () => {
    setBusy(true)
    setError(null)
    try {
      const saved = await call('groups.save', { ...(group ? { id: group.id } : {}), name })
      onClose(saved.id)
    } catch (err) {
      const atName =
        err instanceof ApiCallError ? err.issues.find((i) => i.path === 'name') : undefined
      setError(atName?.message ?? errorText(err))
      setBusy(false)
    }
  }

  return (
    <Dialog
      title={group ? t.groupTitleRename : t.groupTitleNew}
      onClose={() => onClose(null)}
      busy={busy}
      initialFocus={input}
      actions={
        <div className="actions-line">
          <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
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
          void save()
        }}
      >
        <Field id={`${ids}-name`} label={t.groupName}>
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
