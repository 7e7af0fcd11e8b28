/**
 * One profile's editor: its settings, its write-only secret, Save, Test connection, Resume (after
 * a pause) and Remove. Sandbox profiles are shown read-only, with the test still on offer.
 */
import { profileLabel } from '../../../shared/constants'
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { ConnectionTest } from '../../../shared/calls/providers'
import type { ProviderKind } from '../../../shared/contract'
import {
  draftFromInput,
  emptyDraft,
  fieldOfIssue,
  inputFromDraft,
  newProfileId,
  type Draft,
} from '../../../shared/profile-form'
import { ApiCallError, call, errorText } from '../../api/client'
import { ListState } from '../../components/ListState'
import { useBalance } from '../../stores/balance'
import { useProfiles } from '../../stores/profiles'
import { useSessions } from '../../stores/sessions'
import { EditorHead } from './EditorHead'
import { ProfileFields, type FieldErrors } from './ProfileFields'
import { RemoveConfirm } from './RemoveConfirm'
import { SecretField } from './SecretField'
import { useLang } from '../../stores/lang'
import { useProvidersT } from './strings'
import { TestResult } from './TestResult'

export type EditorTarget = { profileId: string } | { newKind: ProviderKind }

interface Props {
  target: EditorTarget
  onSaved(profileId: string): void
  onRemoved(message: string): void
  onClose(): void
}

export function ProfileEditor({ target, onSaved, onRemoved, onClose }: Props) {
  const t = useProvidersT()
  const ids = useId()
  const profiles = useProfiles((s) => s.profiles)
  const existingId = 'profileId' in target ? target.profileId : null
  const session = useSessions((s) => (existingId ? s.byProfile[existingId] : undefined))

  const [draft, setDraft] = useState<Draft | null>(() =>
    'newKind' in target ? emptyDraft(target.newKind) : null,
  )
  const [sandbox, setSandbox] = useState(false)
  const [hasPassword, setHasPassword] = useState(false)
  const [loadError, setLoadError] = useState<string | null>(null)
  // Uncontrolled on purpose: React would mirror a controlled value into the DOM attribute.
  const secretRef = useRef<HTMLInputElement>(null)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formErrors, setFormErrors] = useState<string[]>([])
  const [notice, setNotice] = useState<string | null>(null)
  const [busy, setBusy] = useState<'save' | 'test' | 'resume' | 'remove' | 'clear' | null>(null)
  const [test, setTest] = useState<ConnectionTest | null>(null)
  // Settings changed since they were loaded or saved: a test then tries them, not the stored ones.
  const [dirty, setDirty] = useState(false)
  const [confirmRemove, setConfirmRemove] = useState(false)
  const lang = useLang((st) => st.lang)
  const [cancelUnsent, setCancelUnsent] = useState(false)

  useEffect(() => {
    if (!existingId) return
    let live = true
    call('profiles.get', { profileId: existingId })
      .then((view) => {
        if (!live) return
        setDraft(draftFromInput(view.input))
        setSandbox(view.sandbox)
        setHasPassword(view.hasPassword)
      })
      .catch((err: unknown) => {
        if (live) setLoadError(errorText(err))
      })
    return () => {
      live = false
    }
  }, [existingId])

  if (loadError || !draft) {
    return (
      <section
        className="provider-editor"
        aria-busy={loadError ? undefined : true}
        aria-label={t.editorLoading}
      >
        <ListState error={loadError} loading loadingText={t.editorLoading} />
        {loadError && (
          <button type="button" onClick={onClose}>
            {t.cancel}
          </button>
        )}
      </section>
    )
  }

  const readOnly = sandbox
  // A built-in sandbox (read-only) is named in the operator's language.
  const shown = sandbox
    ? { ...draft, name: profileLabel({ name: draft.name, kind: draft.kind, sandbox }, lang) }
    : draft
  const title = draft.id ? t.editorEdit(shown.name) : t.editorNew(t.kinds[draft.kind])

  const change = (patch: Partial<Draft>) => {
    setDraft((d) => (d ? { ...d, ...patch } : d))
    setDirty(true)
    // A result about other settings would mislead.
    setTest(null)
    setNotice(null)
    setFormErrors([])
    const cleared = Object.keys(patch).filter((k) => errors[k as keyof FieldErrors])
    if (cleared.length) {
      setErrors((e) => {
        const next = { ...e }
        for (const k of cleared) delete next[k as keyof FieldErrors]
        return next
      })
    }
  }

  const save = async (event: FormEvent) => {
    event.preventDefault()
    if (busy || readOnly) return
    setBusy('save')
    setErrors({})
    setFormErrors([])
    setNotice(null)
    setTest(null)
    const id = idOf(draft)
    try {
      await call('profiles.save', inputFromDraft(draft, id))
      setDraft((d) => (d ? { ...d, id } : d))
      setDirty(false)
      let withSecret = false
      const secret = secretRef.current?.value ?? ''
      if (secret !== '') {
        await call('credentials.set', { profileId: id, password: secret })
        if (secretRef.current) secretRef.current.value = ''
        setHasPassword(true)
        withSecret = true
      }
      // The list follows by itself: main pushes profiles.changed before it answers.
      setNotice(withSecret ? t.savedWithSecret : t.saved)
      onSaved(id)
    } catch (err) {
      showError(err)
    } finally {
      setBusy(null)
    }
  }

  const idOf = (d: Draft) =>
    d.id ??
    newProfileId(
      d.name,
      profiles.map((p) => p.id),
    )

  const showError = (err: unknown) => {
    if (err instanceof ApiCallError && err.issues.length > 0) {
      const fields: FieldErrors = {}
      const rest: string[] = []
      for (const issue of err.issues) {
        // A test of unsaved settings names them under "draft".
        const field = fieldOfIssue(issue.path.replace(/^draft\./, ''))
        if (field && !fields[field]) fields[field] = issue.message
        else if (!field) rest.push(`${issue.path || '—'}: ${issue.message}`)
      }
      setErrors(fields)
      setFormErrors(rest.length ? rest : [t.fixFields])
    } else {
      setFormErrors([errorText(err)])
    }
  }

  const run = async (kind: NonNullable<typeof busy>, fn: () => Promise<void>) => {
    if (busy) return
    setBusy(kind)
    setFormErrors([])
    setNotice(null)
    try {
      await fn()
    } catch (err) {
      showError(err)
    } finally {
      setBusy(null)
    }
  }

  // A saved profile as it is tests its running connection; new or edited settings, or a typed
  // password, are tested as they stand, before anything is saved.
  const runTest = () =>
    run('test', async () => {
      setTest(null)
      setErrors({})
      const secret = readOnly ? '' : (secretRef.current?.value ?? '')
      const saved = draft.id && (readOnly || (!dirty && secret === '')) ? draft.id : null
      const result = saved
        ? await call('profiles.test', { profileId: saved })
        : await call('profiles.test', {
            draft: inputFromDraft(draft, idOf(draft)),
            ...(secret ? { password: secret } : {}),
          })
      setTest(result)
      if (result.balance && saved) {
        useBalance.getState().record(saved, result.balance.amount, result.balance.currency)
      }
    })

  const resume = () =>
    run('resume', async () => {
      if (!draft.id) return
      const state = await call('profiles.resume', { profileId: draft.id })
      setNotice(t.resumed(t.sessions[state.status]))
    })

  const clearSecret = () =>
    run('clear', async () => {
      if (!draft.id) return
      await call('credentials.clear', { profileId: draft.id })
      setHasPassword(false)
      setNotice(t.secretCleared)
    })

  const remove = () =>
    run('remove', async () => {
      if (!draft.id) return
      const r = await call('profiles.remove', { profileId: draft.id, cancelUnsent })
      onRemoved(t.removed(draft.name, r.cancelled))
    })

  const paused = session?.status === 'paused'

  return (
    <section className="provider-editor" aria-labelledby={`${ids}-title`}>
      <EditorHead titleId={`${ids}-title`} title={title} sandbox={sandbox} session={session} />
      <form onSubmit={(e) => void save(e)} noValidate aria-label={title}>
        <ProfileFields
          t={t}
          draft={shown}
          onChange={change}
          errors={errors}
          profiles={profiles}
          disabled={readOnly || busy === 'save'}
        />
        {!readOnly && (
          <SecretField
            id={`${ids}-secret`}
            draft={draft}
            hasPassword={hasPassword}
            inputRef={secretRef}
            canClear={hasPassword && !!draft.id}
            busy={busy !== null}
            onEdit={() => setNotice(null)}
            onClear={() => void clearSecret()}
          />
        )}
        <div className="actions-line">
          {!readOnly && (
            <button type="submit" className="primary" disabled={busy !== null}>
              {busy === 'save' ? t.saving : t.save}
            </button>
          )}
          <button
            type="button"
            disabled={busy !== null}
            aria-describedby={test ? `${ids}-test` : undefined}
            onClick={() => void runTest()}
          >
            {busy === 'test' ? t.testing : t.test}
          </button>
          {paused && (
            <button type="button" disabled={busy !== null} onClick={() => void resume()}>
              {t.resume}
            </button>
          )}
          {!readOnly && draft.id && (
            <button
              type="button"
              className="danger"
              disabled={busy !== null}
              aria-expanded={confirmRemove}
              onClick={() => setConfirmRemove((v) => !v)}
            >
              {t.remove}
            </button>
          )}
          <button type="button" onClick={onClose}>
            {t.cancel}
          </button>
        </div>
        {test && <TestResult id={`${ids}-test`} test={test} />}
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        {formErrors.length > 0 && (
          <div className="error" role="alert">
            {formErrors.map((e) => (
              <p key={e}>{e}</p>
            ))}
          </div>
        )}
        {confirmRemove && draft.id && (
          <RemoveConfirm
            name={draft.name}
            cancelUnsent={cancelUnsent}
            onCancelUnsent={setCancelUnsent}
            busy={busy !== null}
            onRemove={() => void remove()}
            onKeep={() => setConfirmRemove(false)}
          />
        )}
      </form>
    </section>
  )
}
