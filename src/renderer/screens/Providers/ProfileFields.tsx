/**
 * The settings of one profile: the general section every kind has, then the sections its kind's
 * form describes (endpoint, account, limits, provider options), rendered from that data.
 */
import { Fragment, useId, type ReactNode } from 'react'
import type { ProviderProfile } from '../../../shared/contract'
import type { ProvidersStrings } from './strings'
import { CHANNELS, type Draft } from '../../../shared/profile-form'
import { SHARED_PROVIDERS } from '../../../shared/providers'
import type { CheckKey, FormBlock, FormField, TextKey } from '../../../shared/providers/form'
import { ProfileSelect } from '../../components/ProfileSelect'
import { PHONE_COUNTRIES } from '../../../shared/constants'
import { formatRegion } from '../../format'
import { useLang } from '../../stores/lang'

export type FieldErrors = Partial<Record<keyof Draft | 'secret', string>>

interface Props {
  t: ProvidersStrings
  draft: Draft
  onChange(patch: Partial<Draft>): void
  errors: FieldErrors
  /** Other profiles, offered as the fallback. */
  profiles: readonly ProviderProfile[]
  disabled: boolean
}

const CHANNEL_NAMES = { viber: 'Viber', whatsapp: 'WhatsApp', vk: 'VK', sms: 'SMS' } as const

export function ProfileFields({ t, draft, onChange, errors, profiles, disabled }: Props) {
  const ids = useId()
  const lang = useLang((s) => s.lang)
  const idOf = (k: string) => `${ids}-${k}`

  const error = (k: keyof FieldErrors) =>
    errors[k] ? (
      <p id={`${idOf(k)}-error`} className="field-error" role="alert">
        {errors[k]}
      </p>
    ) : null

  const text = (
    k: TextKey,
    label: string,
    opts: { type?: string; hint?: string; placeholder?: string; inputMode?: 'numeric' } = {},
  ) => (
    <div className="field">
      <label htmlFor={idOf(k)}>{label}</label>
      <input
        id={idOf(k)}
        type={opts.type ?? 'text'}
        value={draft[k]}
        inputMode={opts.inputMode}
        placeholder={opts.placeholder}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        aria-invalid={errors[k] ? true : undefined}
        aria-describedby={
          [errors[k] ? `${idOf(k)}-error` : '', opts.hint ? `${idOf(k)}-hint` : '']
            .filter(Boolean)
            .join(' ') || undefined
        }
        onChange={(e) => onChange({ [k]: e.target.value } as Partial<Draft>)}
      />
      {opts.hint && (
        <p id={`${idOf(k)}-hint`} className="hint">
          {opts.hint}
        </p>
      )}
      {error(k)}
    </div>
  )

  const check = (k: CheckKey, label: string) => (
    <label className="check">
      <input
        type="checkbox"
        checked={draft[k]}
        disabled={disabled}
        onChange={(e) => onChange({ [k]: e.target.checked } as Partial<Draft>)}
      />{' '}
      {label}
    </label>
  )

  const select = (k: TextKey, label: string, options: [string, string][]) => (
    <div className="field">
      <label htmlFor={idOf(k)}>{label}</label>
      <select
        id={idOf(k)}
        value={draft[k]}
        disabled={disabled}
        aria-invalid={errors[k] ? true : undefined}
        onChange={(e) => onChange({ [k]: e.target.value } as Partial<Draft>)}
      >
        {options.map(([value, name]) => (
          <option key={value} value={value}>
            {name}
          </option>
        ))}
      </select>
      {error(k)}
    </div>
  )

  const section = (title: string, children: ReactNode) => (
    <fieldset className="provider-section">
      <legend>{title}</legend>
      {children}
    </fieldset>
  )

  const fallbacks = profiles.filter((p) => p.id !== draft.id)

  const general = section(
    t.general,
    <>
      <div className="row">
        {text('name', t.name)}
        <ProfileSelect
          id={idOf('fallbackProfileId')}
          label={t.fallback}
          anyLabel={t.fallbackNone}
          profiles={fallbacks}
          value={draft.fallbackProfileId}
          disabled={disabled}
          invalid={!!errors.fallbackProfileId}
          describedBy={`${idOf('fallbackProfileId')}-hint`}
          onChange={(fallbackProfileId) => onChange({ fallbackProfileId })}
        >
          <p id={`${idOf('fallbackProfileId')}-hint`} className="hint">
            {t.fallbackHint}
          </p>
          {error('fallbackProfileId')}
        </ProfileSelect>
      </div>
      <div className="field">
        <label htmlFor={idOf('defaultCountry')}>{t.country}</label>
        <select
          id={idOf('defaultCountry')}
          value={draft.defaultCountry}
          disabled={disabled}
          aria-invalid={errors.defaultCountry ? true : undefined}
          aria-describedby={`${idOf('defaultCountry')}-hint`}
          onChange={(e) => onChange({ defaultCountry: e.target.value })}
        >
          <option value="usual">{t.countryUsual}</option>
          {PHONE_COUNTRIES.map((code) => (
            <option key={code} value={code}>
              {formatRegion(code, lang)}
            </option>
          ))}
          <option value="">{t.countryNone}</option>
        </select>
        <p id={`${idOf('defaultCountry')}-hint`} className="hint">
          {t.countryHint}
        </p>
        {error('defaultCountry')}
      </div>
      <fieldset className="quiet-hours" aria-describedby={`${idOf('quiet')}-hint`}>
        <legend>{t.quietHours}</legend>
        <div className="row">
          {text('quietFrom', t.quietFrom, { placeholder: '09:00', inputMode: 'numeric' })}
          {text('quietTo', t.quietTo, { placeholder: '21:00', inputMode: 'numeric' })}
        </div>
        <p id={`${idOf('quiet')}-hint`} className="hint">
          {t.quietHint}
        </p>
      </fieldset>
      <div className="field">
        <label htmlFor={idOf('senders')}>{t.senders}</label>
        <textarea
          id={idOf('senders')}
          value={draft.senders}
          rows={3}
          disabled={disabled}
          spellCheck={false}
          aria-invalid={errors.senders ? true : undefined}
          aria-describedby={`${idOf('senders')}-hint`}
          onChange={(e) => onChange({ senders: e.target.value })}
        />
        <p id={`${idOf('senders')}-hint`} className="hint">
          {t.sendersHint}
        </p>
        {error('senders')}
      </div>
    </>,
  )

  const field = (f: FormField) =>
    f.type === 'select'
      ? select(
          f.key,
          t[f.label],
          f.options.map((o): [string, string] => [o.value, 'label' in o ? t[o.label] : o.text]),
        )
      : text(f.key, t[f.label], {
          type: f.input === 'url' ? 'url' : undefined,
          inputMode: f.input === 'numeric' ? 'numeric' : undefined,
          placeholder: f.placeholder,
          hint: f.hint ? t[f.hint] : undefined,
        })

  const block = (b: FormBlock, i: number): ReactNode => {
    switch (b.type) {
      case 'row':
        return (
          <div className="row" key={i}>
            {b.fields.map((f) => (
              <Fragment key={f.key}>{field(f)}</Fragment>
            ))}
          </div>
        )
      case 'checks':
        return (
          <div className="checks" key={i}>
            {b.fields.map((c) => (
              <Fragment key={c.key}>{check(c.key, t[c.label])}</Fragment>
            ))}
          </div>
        )
      case 'group':
        return (
          <fieldset className="provider-flags" key={i}>
            <legend>{t[b.legend]}</legend>
            {b.blocks.map(block)}
          </fieldset>
        )
      case 'channelSenders':
        return (
          <Fragment key={i}>
            <div className="row">
              {CHANNELS.map((c) => (
                <div className="field" key={c}>
                  <label htmlFor={idOf(`ch-${c}`)}>{t.channelSender(CHANNEL_NAMES[c])}</label>
                  <input
                    id={idOf(`ch-${c}`)}
                    value={draft.channelSenders[c]}
                    disabled={disabled}
                    autoComplete="off"
                    spellCheck={false}
                    onChange={(e) =>
                      onChange({
                        channelSenders: { ...draft.channelSenders, [c]: e.target.value },
                      })
                    }
                  />
                </div>
              ))}
            </div>
            {error('channelSenders')}
          </Fragment>
        )
    }
  }

  return (
    <>
      {general}
      {SHARED_PROVIDERS[draft.kind].form.sections.map((s) => (
        <Fragment key={s.title}>{section(t[s.title], s.blocks.map(block))}</Fragment>
      ))}
    </>
  )
}
