/**
 * A new user (name, password, role), or a new password for one: what the server refuses is said
 * at the field it is about (a weak password at the password, a taken name at the name).
 */
import { useId, useRef, useState } from 'react'
import type { TeamRole } from '../../../shared/calls/team'
import { ApiCallError, errorText } from '../../api/client'
import { Dialog } from '../../components/Dialog'
import { Field, SelectField } from '../../components/Field'
import { useTeam } from '../../stores/team'
import { useTeamT } from './strings'
import { ROLE_ORDER } from './view'

type FieldName = 'name' | 'password'

/** The refusal's words for each field it names; the rest is said under the form. */
function refusalOf(err: unknown): { fields: Partial<Record<FieldName, string>>; rest: string } {
  const fields: Partial<Record<FieldName, string>> = {}
  if (err instanceof ApiCallError) {
    for (const issue of err.issues) {
      if (issue.path === 'name' || issue.path === 'password') fields[issue.path] ??= issue.message
    }
  }
  return { fields, rest: Object.keys(fields).length ? '' : errorText(err) }
}

export function UserDialog({
  user,
  onClose,
}: {
  /** null: a new user; else the user given a new password. */
  user: string | null
  /** What was done, in words for the notice; null when cancelled. */
  onClose(done: string | null): void
}) {
  const t = useTeamT()
  const ids = useId()
  const first = useRef<HTMLInputElement>(null)
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  const [shown, setShown] = useState(false)
  const [role, setRole] = useState<TeamRole>('agent')
  const [busy, setBusy] = useState(false)
  const [fields, setFields] = useState<Partial<Record<FieldName, string>>>({})
  const [error, setError] = useState<string | null>(null)

  const submit = async () => {
    setBusy(true)
    setFields({})
    setError(null)
    try {
      if (user === null) {
        const made = await useTeam.getState().create({ name, password, role })
        onClose(t.created(made.name))
      } else {
        const changed = await useTeam.getState().setPassword(user, password)
        onClose(t.passwordDone(changed.name))
      }
    } catch (err) {
      const refused = refusalOf(err)
      setFields(refused.fields)
      setError(refused.rest || null)
      setBusy(false)
    }
  }

  const described = (field: FieldName) =>
    [`${ids}-${field}-hint`, fields[field] ? `${ids}-${field}-error` : ''].filter(Boolean).join(' ')

  return (
    <Dialog
      title={user === null ? t.createTitle : t.passwordTitle(user)}
      onClose={() => onClose(null)}
      busy={busy}
      initialFocus={first}
      describedByBody={false}
      actions={
        <>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="actions-line">
            <button type="submit" form={`${ids}-form`} className="primary" disabled={busy}>
              {user === null ? t.create : t.save}
            </button>
            <button type="button" disabled={busy} onClick={() => onClose(null)}>
              {t.cancel}
            </button>
          </div>
        </>
      }
    >
      <form
        id={`${ids}-form`}
        className="team-form"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        {user !== null && <p className="hint">{t.passwordBody}</p>}
        {user === null && (
          <Field id={`${ids}-name`} label={t.name}>
            <input
              ref={first}
              id={`${ids}-name`}
              value={name}
              maxLength={64}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={fields.name ? true : undefined}
              aria-describedby={described('name')}
              onChange={(e) => setName(e.target.value)}
            />
            <p id={`${ids}-name-hint`} className="hint">
              {t.nameHint}
            </p>
            {fields.name && (
              <p id={`${ids}-name-error`} className="error" role="alert">
                {fields.name}
              </p>
            )}
          </Field>
        )}
        <Field id={`${ids}-password`} label={t.password}>
          <input
            ref={user === null ? undefined : first}
            id={`${ids}-password`}
            type={shown ? 'text' : 'password'}
            value={password}
            autoComplete="new-password"
            aria-invalid={fields.password ? true : undefined}
            aria-describedby={described('password')}
            onChange={(e) => setPassword(e.target.value)}
          />
          <p id={`${ids}-password-hint`} className="hint">
            {t.passwordHint}
          </p>
          {fields.password && (
            <p id={`${ids}-password-error`} className="error" role="alert">
              {fields.password}
            </p>
          )}
          <label className="team-show">
            <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} />{' '}
            {t.show}
          </label>
        </Field>
        {user === null && (
          <>
            <SelectField<TeamRole>
              id={`${ids}-role`}
              label={t.role}
              value={role}
              options={ROLE_ORDER.map((r) => [r, t.roles[r]] as const)}
              describedBy={`${ids}-role-hint`}
              onChange={setRole}
            />
            <p id={`${ids}-role-hint`} className="hint">
              {t.roleHints[role]}
            </p>
          </>
        )}
      </form>
    </Dialog>
  )
}
