/** The settings of one profile, per kind: endpoint, account, senders, limits, provider options. */
import { useId, type ReactNode } from 'react'
import type { ProviderProfile } from '../../../shared/contract'
import type { ProvidersStrings } from './strings'
import { CHANNELS, type Draft } from '../../../shared/profile-form'
import { ProfileSelect } from '../../components/ProfileSelect'

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

type TextKey = {
  [K in keyof Draft]: Draft[K] extends string ? K : never
}[keyof Draft]

const CHANNEL_NAMES = { viber: 'Viber', whatsapp: 'WhatsApp', vk: 'VK', sms: 'SMS' } as const

export function ProfileFields({ t, draft, onChange, errors, profiles, disabled }: Props) {
  const ids = useId()
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

  const num = (k: TextKey, label: string) => text(k, label, { inputMode: 'numeric' })

  const check = (k: 'tls' | 'translit' | 'single' | 'iso', label: string) => (
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

  if (draft.kind === 'smpp') {
    return (
      <>
        {general}
        {section(
          t.endpoint,
          <>
            <div className="row">
              {text('host', t.host, { placeholder: 'smpp.example.com' })}
              {num('port', t.port)}
              {text('backupHost', t.backupHost, { placeholder: 'smpp2.example.com' })}
              {num('backupPort', t.backupPort)}
            </div>
            <div className="checks">{check('tls', t.tls)}</div>
          </>,
        )}
        {section(t.account, <div className="row">{text('systemId', t.systemId)}</div>)}
        {section(
          t.limits,
          <>
            <div className="row">
              {num('window', t.window)}
              {num('ratePerSecond', t.ratePerSecond)}
              {select('longMessageMode', t.longMessageMode, [
                ['udh', t.longUdh],
                ['payload', t.longPayload],
              ])}
            </div>
            <fieldset className="provider-flags">
              <legend>{t.systemType}</legend>
              <div className="row">
                {select('mcon', t.mcon, [
                  ['', t.mconNone],
                  ...Array.from({ length: 9 }, (_, i): [string, string] => [
                    String(i + 1),
                    `MCON${i + 1}`,
                  ]),
                ])}
              </div>
              <div className="checks">
                {check('single', t.single)}
                {check('iso', t.iso)}
              </div>
            </fieldset>
          </>,
        )}
      </>
    )
  }

  return (
    <>
      {general}
      {section(
        t.endpoint,
        <div className="row">
          {text('baseUrl', t.baseUrl, {
            type: 'url',
            placeholder: 'https://',
            hint: t.baseUrlHint,
          })}
          {text('backupUrl', t.backupUrl, { type: 'url', placeholder: 'https://' })}
        </div>,
      )}
      {section(
        t.account,
        <div className="row">
          {text('login', t.login)}
          {draft.kind === 'smsc-http' &&
            select('smscAuth', t.smscAuth, [
              ['login', t.smscAuthLogin],
              ['apikey', t.smscAuthKey],
            ])}
          {draft.kind === 'smsgate' &&
            select('gateAuth', t.gateAuth, [
              ['password', t.gateAuthPassword],
              ['token', t.gateAuthToken],
            ])}
        </div>,
      )}
      {section(
        t.limits,
        <div className="row">
          {num('timeoutMs', t.timeoutMs)}
          {num('concurrency', t.concurrency)}
          {num('requestsPerSecond', t.requestsPerSecond)}
          {draft.kind === 'smsgate' && num('batchSize', t.batchSize)}
        </div>,
      )}
      {section(
        t.options,
        <>
          {draft.kind === 'osonsms' && (
            <div className="row">
              {text('defaultSender', t.defaultSender)}
              {text('currency', t.currency, { placeholder: 'TJS' })}
            </div>
          )}
          {draft.kind === 'getsms' && (
            <div className="row">
              {text('nickname', t.nickname)}
              {text('shortNumber', t.shortNumber)}
            </div>
          )}
          {draft.kind === 'smsc-http' && (
            <>
              <div className="row">
                {text('defaultSender', t.defaultSender)}
                {num('validityMinutes', t.validityMinutes)}
              </div>
              <div className="checks">{check('translit', t.translit)}</div>
            </>
          )}
          {draft.kind === 'smsgate' && (
            <>
              <div className="row">
                {select('iface', t.iface, [
                  ['json', 'JSON'],
                  ['get', 'GET'],
                  ['xml', 'XML'],
                ])}
                {text('mailingName', t.mailingName)}
                {text('timeZone', t.timeZone, { placeholder: 'Europe/Moscow' })}
              </div>
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
            </>
          )}
        </>,
      )}
    </>
  )
}
