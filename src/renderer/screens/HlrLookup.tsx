import { useEffect, useId, useState, type FormEvent } from 'react'
import { reasonText } from '../../shared/reason-text'
import type { HlrStatus } from '../../shared/calls/lookup'
import type { CallResponse } from '../../shared/contract'
import { call, errorText, newRequestKey } from '../api/client'
import { Field, SelectField } from '../components/Field'
import { ListState } from '../components/ListState'
import { ExportButtons } from '../components/exports/ExportButtons'
import { ProfileSelect } from '../components/ProfileSelect'
import { formatCountry, formatDateTime } from '../format'
import { HLR_PAGE as PAGE, useHlr } from '../stores/hlr'
import { useLang } from '../stores/lang'
import { mainSays } from '../main-phrases'
import { useProfileName, useProfiles, useShownProfiles } from '../stores/profiles'
import { defaultProfile } from '../stores/profile-choice'
import { hlrStrings } from './HlrLookup.strings'
import '../components/lookup/lookup.css'
import './HlrLookup.css'
import { Phone } from '../components/Phone'

/** A pasted list: one per line, or separated by commas, semicolons or tabs. */
function splitPhones(input: string): string[] {
  return input
    .split(/[\n\r,;\t]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

export function HlrLookup() {
  const lang = useLang((s) => s.lang)
  const t = hlrStrings[lang]
  const ids = useId()
  const profiles = useShownProfiles().filter((p) => p.capabilities.hlr)

  const [chosen, setChosen] = useState('')
  const lastUsed = useProfiles((s) => s.lastUsed)
  const profileId =
    profiles.find((p) => p.id === chosen)?.id ?? defaultProfile(profiles, lastUsed)?.id ?? ''
  const [input, setInput] = useState('')
  const [requestKey, setRequestKey] = useState(newRequestKey)
  const [busy, setBusy] = useState(false)
  const [formError, setFormError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [rejected, setRejected] = useState<CallResponse<'hlr.lookup'>['rejected']>([])

  const { rows, total, offset, status: statusFilter, loading, error: loadError } = useHlr()
  const [phoneFilter, setPhoneFilter] = useState(() => useHlr.getState().phone)

  useEffect(() => {
    void useHlr.getState().load()
    return useHlr.getState().watch()
  }, [])

  // Only digits go to the filter (the agent may paste a number with spaces or a +), and only
  // once typing pauses.
  const phoneDigits = phoneFilter.replace(/\D/g, '')
  useEffect(() => {
    const timer = setTimeout(() => {
      if (useHlr.getState().phone !== phoneDigits)
        useHlr.getState().setFilter({ phone: phoneDigits })
    }, 250)
    return () => clearTimeout(timer)
  }, [phoneDigits])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const phones = splitPhones(input)
    setNotice(null)
    setFormError(null)
    setRejected([])
    if (phones.length === 0) {
      setFormError(t.nothingToLookUp)
      return
    }
    setBusy(true)
    try {
      const reply = await call('hlr.lookup', { profileId, phones, requestKey })
      setRejected(reply.rejected)
      if (reply.queued.length) setNotice(t.queued(reply.queued.length))
      // Keep only what was refused in the box, for the agent to fix.
      setInput(reply.rejected.map((r) => r.input).join('\n'))
      setRequestKey(newRequestKey())
      useHlr.getState().setOffset(0)
    } catch (err) {
      setFormError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  const profileName = useProfileName()
  const filtered = phoneDigits !== '' || statusFilter !== ''
  const { load, setOffset } = useHlr.getState()

  return (
    <main className="lookup-screen hlr-screen" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="visually-hidden">
        {t.title}
      </h2>
      <section aria-labelledby={`${ids}-new`}>
        <h2 id={`${ids}-new`}>{t.newLookup}</h2>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <div className="hlr-form">
            <ProfileSelect
              id={`${ids}-profile`}
              label={t.profile}
              profiles={profiles}
              value={profileId}
              emptyLabel={t.noProfiles}
              onChange={setChosen}
            />
            <Field id={`${ids}-phones`} label={t.phones}>
              <textarea
                id={`${ids}-phones`}
                rows={4}
                value={input}
                aria-describedby={`${ids}-phones-hint`}
                aria-invalid={formError ? true : undefined}
                placeholder="79161234567"
                onChange={(e) => {
                  setInput(e.target.value)
                  setFormError(null)
                }}
                onKeyDown={(e) => {
                  // Ctrl+Enter looks up, as Enter alone starts the next line of a list.
                  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                    e.preventDefault()
                    e.currentTarget.form?.requestSubmit()
                  }
                }}
              />
              <p id={`${ids}-phones-hint`} className="hint">
                {t.phonesHint}
              </p>
            </Field>
          </div>
          <div className="actions-line">
            <button type="submit" className="primary" disabled={busy || profileId === ''}>
              {busy ? t.lookingUp : t.lookUp}
            </button>
            {notice && (
              <span className="notice" role="status">
                {notice}
              </span>
            )}
          </div>
          {formError && (
            <p className="error" role="alert">
              {formError}
            </p>
          )}
          {rejected.length > 0 && (
            <div className="hlr-rejected" role="alert">
              <p className="error">{t.rejectedTitle(rejected.length)}</p>
              <ul aria-label={t.rejectedTitle(rejected.length)}>
                {rejected.map((r, i) => (
                  <li key={`${i}-${r.input}`}>
                    <strong>{r.input}</strong> — {mainSays(r.reason, r.phrase, lang)}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </form>
      </section>

      <section aria-labelledby={`${ids}-results`}>
        <h2 id={`${ids}-results`}>{t.results}</h2>
        <div className="lookup-toolbar">
          <Field id={`${ids}-fphone`} label={t.filterPhone}>
            <input
              id={`${ids}-fphone`}
              type="search"
              inputMode="tel"
              value={phoneFilter}
              onChange={(e) => setPhoneFilter(e.target.value)}
            />
          </Field>
          <SelectField<HlrStatus | ''>
            id={`${ids}-fstatus`}
            label={t.filterStatus}
            value={statusFilter}
            options={[
              ['', t.anyStatus],
              ...(['pending', 'answered', 'failed'] as const).map(
                (s) => [s, t.statuses[s]] as const,
              ),
            ]}
            onChange={(status) => useHlr.getState().setFilter({ status })}
          />
          <button type="button" onClick={() => void load()} disabled={loading}>
            {t.refresh}
          </button>
          <ExportButtons
            name="hlr"
            disabled={total === 0}
            source={{
              list: 'hlr',
              ...(phoneDigits ? { phone: phoneDigits } : {}),
              ...(statusFilter ? { status: statusFilter } : {}),
            }}
          />
          <ListState inline loading={loading} loadingText={t.loading} />
        </div>
        <ListState error={loadError && t.loadFailed(loadError)} />
        <div className="hlr-table-wrap">
          <table aria-labelledby={`${ids}-results`}>
            <thead>
              <tr>
                <th scope="col">{t.colPhone}</th>
                <th scope="col">{t.colStatus}</th>
                <th scope="col">{t.colImsi}</th>
                <th scope="col">{t.colMccMnc}</th>
                <th scope="col">{t.colNet}</th>
                <th scope="col">{t.colCn}</th>
                <th scope="col">{t.colRnet}</th>
                <th scope="col">{t.colRcn}</th>
                <th scope="col">{t.colMsc}</th>
                <th scope="col">{t.colProfile}</th>
                <th scope="col">{t.colTime}</th>
              </tr>
            </thead>
            <tbody>
              <ListState
                columns={11}
                empty={rows.length === 0 && !loading && !loadError}
                emptyText={filtered ? t.emptyFiltered : t.empty}
              />
              {rows.map((r) => (
                <tr key={r.messageId} data-message-id={r.messageId} data-status={r.status}>
                  <td className="phone">
                    <Phone phone={r.phone} />
                  </td>
                  <td>
                    <span className={`badge hlr-${r.status}`} data-testid="hlr-status">
                      {t.statuses[r.status]}
                    </span>
                    {r.status === 'failed' && r.error && (
                      <span className="status-error">{reasonText(r.error, lang)}</span>
                    )}
                  </td>
                  <td className="num" data-testid="hlr-imsi">
                    {r.imsi || '—'}
                  </td>
                  <td className="num" data-testid="hlr-mccmnc">
                    {r.mcc ? `${r.mcc}/${r.mnc ?? ''}` : '—'}
                  </td>
                  <td data-testid="hlr-net">{r.net || '—'}</td>
                  <td data-testid="hlr-cn">{formatCountry(r.mcc, r.cn, lang) || '—'}</td>
                  <td data-testid="hlr-rnet">
                    {r.rnet || (r.status === 'answered' ? <em>{t.atHome}</em> : '—')}
                  </td>
                  <td data-testid="hlr-rcn">{formatCountry(null, r.rcn, lang) || '—'}</td>
                  <td className="num">{r.msc || '—'}</td>
                  <td>{profileName(r.profileId)}</td>
                  <td className="time">{formatDateTime(r.requestedAt, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {total > 0 && (
          <div className="lookup-pager">
            <button
              type="button"
              aria-label={t.prev}
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              ‹
            </button>
            <span>{t.range(offset + 1, Math.min(offset + rows.length, total), total)}</span>
            <button
              type="button"
              aria-label={t.next}
              disabled={offset + PAGE >= total}
              onClick={() => setOffset(offset + PAGE)}
            >
              ›
            </button>
          </div>
        )}
      </section>
    </main>
  )
}
