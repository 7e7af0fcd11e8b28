/**
 * One contact, new or changed: number, name, notes, tags, its own fields (a bulk send's
 * variables) and its groups; Delete asks first.
 */
import { useId, useRef, useState } from 'react'
import type { Contact, ContactGroup } from '../../../shared/calls/contacts'
import { ApiCallError, call, errorText } from '../../api/client'
import { Dialog } from '../../components/Dialog'
import { Field } from '../../components/Field'
import { useVerifyProfiles } from '../../components/verification/VerifyByCall'
import { verifyStrings } from '../../components/verification/VerifyByCall.strings'
import { useLang } from '../../stores/lang'
import { useContactsT } from './strings'

interface FieldRow {
  key: number
  name: string
  value: string
}

let nextKey = 1

export function ContactDialog({
  contact,
  groups,
  onClose,
  onVerify,
}: {
  /** null: a new contact. */
  contact: Contact | null
  groups: readonly ContactGroup[]
  onClose(): void
  /** Verify the contact's number by their call (this dialog closes, that one opens). */
  onVerify?(phone: string): void
}) {
  const t = useContactsT()
  const verifyT = verifyStrings[useLang((s) => s.lang)]
  const canVerify = useVerifyProfiles().length > 0
  const ids = useId()
  const first = useRef<HTMLInputElement>(null)
  const [phone, setPhone] = useState(contact?.phone ?? '')
  const [name, setName] = useState(contact?.name ?? '')
  const [notes, setNotes] = useState(contact?.notes ?? '')
  const [tags, setTags] = useState((contact?.tags ?? []).join(', '))
  const [fields, setFields] = useState<FieldRow[]>(() =>
    Object.entries(contact?.fields ?? {}).map(([n, v]) => ({ key: nextKey++, name: n, value: v })),
  )
  const [member, setMember] = useState<Set<number>>(() => new Set(contact?.groups ?? []))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [phoneError, setPhoneError] = useState<string | null>(null)
  const [confirmDelete, setConfirmDelete] = useState(false)

  const setField = (key: number, change: Partial<FieldRow>) =>
    setFields((fs) => fs.map((f) => (f.key === key ? { ...f, ...change } : f)))

  const save = async () => {
    setBusy(true)
    setError(null)
    setPhoneError(null)
    try {
      await call('contacts.save', {
        phone,
        name,
        notes,
        tags: tags
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
        fields: Object.fromEntries(
          fields.filter((f) => f.name.trim() !== '').map((f) => [f.name.trim(), f.value]),
        ),
        groups: [...member],
      })
      onClose()
    } catch (err) {
      const atPhone =
        err instanceof ApiCallError ? err.issues.find((i) => i.path === 'phone') : undefined
      if (atPhone) setPhoneError(atPhone.message)
      else setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  const remove = async () => {
    setBusy(true)
    try {
      await call('contacts.delete', { phones: [contact?.phone ?? phone] })
      onClose()
    } catch (err) {
      setError(errorText(err))
      setBusy(false)
    }
  }

  return (
    <Dialog
      title={contact ? contact.name || contact.phone : t.newContact}
      onClose={onClose}
      busy={busy}
      initialFocus={first}
      describedByBody={false}
      className="contact-dialog"
      actions={
        <>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          {confirmDelete ? (
            <div className="actions-line" role="group" aria-label={t.del}>
              <span>{t.confirmDelete(contact?.phone ?? phone)}</span>
              <button
                type="button"
                className="danger"
                disabled={busy}
                onClick={() => void remove()}
              >
                {t.del}
              </button>
              <button type="button" onClick={() => setConfirmDelete(false)}>
                {t.cancel}
              </button>
            </div>
          ) : (
            <div className="actions-line">
              <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
                {t.save}
              </button>
              <button type="button" disabled={busy} onClick={onClose}>
                {t.cancel}
              </button>
              {contact && (
                <button type="button" disabled={busy} onClick={() => setConfirmDelete(true)}>
                  {t.del}
                </button>
              )}
              {contact && onVerify && canVerify && (
                <button type="button" disabled={busy} onClick={() => onVerify(contact.phone)}>
                  {verifyT.action}
                </button>
              )}
            </div>
          )}
        </>
      }
    >
      <form
        className="contact-form"
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <Field id={`${ids}-phone`} label={t.phone}>
          <input
            ref={first}
            id={`${ids}-phone`}
            inputMode="tel"
            value={phone}
            readOnly={contact !== null}
            aria-invalid={phoneError !== null}
            aria-describedby={phoneError ? `${ids}-phone-error` : undefined}
            onChange={(e) => setPhone(e.target.value)}
          />
          {phoneError && (
            <p id={`${ids}-phone-error`} className="error">
              {phoneError}
            </p>
          )}
        </Field>
        <Field id={`${ids}-name`} label={t.name}>
          <input id={`${ids}-name`} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field id={`${ids}-tags`} label={t.tags}>
          <input id={`${ids}-tags`} value={tags} onChange={(e) => setTags(e.target.value)} />
        </Field>
        <Field id={`${ids}-notes`} label={t.notes}>
          <textarea
            id={`${ids}-notes`}
            rows={2}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
          />
        </Field>
        <fieldset>
          <legend>{t.fields}</legend>
          {fields.map((f, i) => (
            <div className="row contact-field" key={f.key}>
              <input
                aria-label={`${t.fieldName} ${i + 1}`}
                value={f.name}
                onChange={(e) => setField(f.key, { name: e.target.value })}
              />
              <input
                aria-label={`${t.fieldValue} ${i + 1}`}
                value={f.value}
                onChange={(e) => setField(f.key, { value: e.target.value })}
              />
              <button
                type="button"
                aria-label={t.removeField(f.name)}
                onClick={() => setFields((fs) => fs.filter((x) => x.key !== f.key))}
              >
                ×
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() => setFields((fs) => [...fs, { key: nextKey++, name: '', value: '' }])}
          >
            {t.addField}
          </button>
        </fieldset>
        {groups.length > 0 && (
          <fieldset>
            <legend>{t.groups}</legend>
            {groups.map((g) => (
              <label key={g.id} className="check">
                <input
                  type="checkbox"
                  checked={member.has(g.id)}
                  onChange={(e) =>
                    setMember((m) => {
                      const next = new Set(m)
                      if (e.target.checked) next.add(g.id)
                      else next.delete(g.id)
                      return next
                    })
                  }
                />{' '}
                {g.name}
              </label>
            ))}
          </fieldset>
        )}
      </form>
    </Dialog>
  )
}
