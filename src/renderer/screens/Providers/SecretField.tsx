/**
 * A profile's secret (password, API key, token or salt, as its kind calls it): write-only, it
 * goes to the OS keychain and is never shown again; the field says whether one is saved.
 */
import type { Ref } from 'react'
import type { Draft } from '../../../shared/profile-form'
import { SHARED_PROVIDERS } from '../../../shared/providers'
import { useProvidersT, type ProvidersStrings } from './strings'

interface Props {
  id: string
  draft: Draft
  hasPassword: boolean
  /** Uncontrolled on purpose: React would mirror a controlled value into the DOM attribute. */
  inputRef: Ref<HTMLInputElement>
  /** A saved secret of a saved profile can be cleared. */
  canClear: boolean
  busy: boolean
  onEdit(): void
  onClear(): void
}

export function SecretField({
  id,
  draft,
  hasPassword,
  inputRef,
  canClear,
  busy,
  onEdit,
  onClear,
}: Props) {
  const t = useProvidersT()
  return (
    <fieldset className="provider-section">
      <legend>{t.colPassword}</legend>
      <div className="field">
        <label htmlFor={id}>{secretLabelOf(draft, t)}</label>
        <input
          id={id}
          ref={inputRef}
          type="password"
          defaultValue=""
          autoComplete="new-password"
          spellCheck={false}
          maxLength={1024}
          placeholder={hasPassword ? t.secretPlaceholderSaved : undefined}
          aria-describedby={`${id}-state ${id}-hint`}
          onChange={onEdit}
        />
        <p id={`${id}-state`} className="secret-state" data-saved={hasPassword}>
          <span className={`badge ${hasPassword ? 'badge-delivered' : 'badge-failed'}`}>
            {hasPassword ? t.passwordSaved : t.passwordMissing}
          </span>{' '}
          {hasPassword ? t.secretSaved : t.secretNotSaved}
        </p>
        <p id={`${id}-hint`} className="hint">
          {t.secretHint}
        </p>
        {canClear && (
          <button type="button" disabled={busy} onClick={onClear}>
            {t.clearSecret}
          </button>
        )}
      </div>
    </fieldset>
  )
}

/** Password, API key, token or salt: as the kind's form calls it for the draft's settings. */
function secretLabelOf(d: Draft, t: ProvidersStrings): string {
  return t[SHARED_PROVIDERS[d.kind].form.secretLabel(d)]
}
