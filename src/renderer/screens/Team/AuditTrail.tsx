/**
 * The audit trail for a supervisor: found by user, action, words and period, newest first, a
 * page at a time; exported (as found) to CSV or Excel through the console's usual exports.
 */
import { useEffect, useId, useState } from 'react'
import type { AuditEntry } from '../../../shared/calls/team'
import { Field, SelectField } from '../../components/Field'
import { ListState } from '../../components/ListState'
import { ExportButtons } from '../../components/exports/ExportButtons'
import { formatDateTime } from '../../format'
import { useAudit } from '../../stores/audit'
import { useLang } from '../../stores/lang'
import type { Lang } from '../../i18n'
import { useTeamT, type TeamStrings } from './strings'
import { auditFilterOf, detailsLine, EMPTY_AUDIT_FORM, outcomeOf, type AuditForm } from './view'

export function AuditTrail() {
  const t = useTeamT()
  const lang = useLang((s) => s.lang)
  const ids = useId()
  const entries = useAudit((s) => s.entries)
  const more = useAudit((s) => s.more)
  const loading = useAudit((s) => s.loading)
  const loaded = useAudit((s) => s.loaded)
  const error = useAudit((s) => s.error)
  const filter = useAudit((s) => s.filter)
  const [form, setForm] = useState<AuditForm>(EMPTY_AUDIT_FORM)

  useEffect(() => {
    void useAudit.getState().search(useAudit.getState().filter)
  }, [])

  const edit = (change: Partial<AuditForm>) => setForm((f) => ({ ...f, ...change }))
  const search = (next: AuditForm) => void useAudit.getState().search(auditFilterOf(next))
  const filtered = Object.keys(filter).length > 0
  const groups = Object.entries(t.actionGroups)

  return (
    <section aria-labelledby={`${ids}-title`}>
      <div className="lookup-toolbar">
        <h2 id={`${ids}-title`}>{t.trail}</h2>
        <ExportButtons source={{ list: 'audit', filter }} name="audit-trail" disabled={loading} />
      </div>
      <p className="hint">{t.trailHint}</p>
      <form
        className="lookup-toolbar team-filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault()
          search(form)
        }}
      >
        <Field id={`${ids}-user`} label={t.filterUser}>
          <input
            id={`${ids}-user`}
            value={form.user}
            maxLength={64}
            placeholder={t.filterUserHint}
            spellCheck={false}
            onChange={(e) => edit({ user: e.target.value })}
          />
        </Field>
        <SelectField
          id={`${ids}-action`}
          label={t.filterAction}
          value={form.action}
          options={[['', t.anyAction] as const, ...groups.map(([v, label]) => [v, label] as const)]}
          onChange={(action) => {
            edit({ action })
            search({ ...form, action })
          }}
        />
        <Field id={`${ids}-text`} label={t.filterText}>
          <input
            id={`${ids}-text`}
            type="search"
            value={form.text}
            maxLength={200}
            placeholder={t.filterTextHint}
            onChange={(e) => edit({ text: e.target.value })}
          />
        </Field>
        <Field id={`${ids}-from`} label={t.filterFrom}>
          <input
            id={`${ids}-from`}
            type="datetime-local"
            value={form.from}
            onChange={(e) => edit({ from: e.target.value })}
          />
        </Field>
        <Field id={`${ids}-to`} label={t.filterTo}>
          <input
            id={`${ids}-to`}
            type="datetime-local"
            value={form.to}
            onChange={(e) => edit({ to: e.target.value })}
          />
        </Field>
        <div className="actions-line">
          <button type="submit" className="primary" disabled={loading}>
            {t.search}
          </button>
          <button
            type="button"
            disabled={loading}
            onClick={() => {
              setForm(EMPTY_AUDIT_FORM)
              search(EMPTY_AUDIT_FORM)
            }}
          >
            {t.clear}
          </button>
        </div>
      </form>
      <ListState error={error && t.loadFailed(error)} />
      <table aria-labelledby={`${ids}-title`} className="team-trail">
        <thead>
          <tr>
            <th scope="col">{t.colTime}</th>
            <th scope="col">{t.colUser}</th>
            <th scope="col">{t.colAddress}</th>
            <th scope="col">{t.colAction}</th>
            <th scope="col">{t.colTarget}</th>
            <th scope="col">{t.colOutcome}</th>
            <th scope="col">{t.colDetails}</th>
          </tr>
        </thead>
        <tbody>
          <ListState
            columns={7}
            empty={loaded && !loading && entries.length === 0}
            emptyText={filtered ? t.noMatch : t.noEntries}
          />
          {entries.map((e) => (
            <Entry key={e.id} entry={e} t={t} lang={lang} />
          ))}
        </tbody>
      </table>
      <div className="lookup-pager">
        {loaded && entries.length > 0 && <span>{t.shown(entries.length)}</span>}
        {more && (
          <button
            type="button"
            disabled={loading}
            onClick={() => void useAudit.getState().loadMore()}
          >
            {t.more}
          </button>
        )}
        <ListState inline loading={loading} loadingText={t.loading} />
      </div>
    </section>
  )
}

/** One entry of the trail: when, who (and as what), from where, what, to what, how it ended. */
function Entry({ entry: e, t, lang }: { entry: AuditEntry; t: TeamStrings; lang: Lang }) {
  const outcome = outcomeOf(e.details)
  const refusal = typeof e.details.refusal === 'string' ? e.details.refusal : undefined
  const details = detailsLine(e.details)
  return (
    <tr>
      <td className="time">{formatDateTime(e.at, lang, true)}</td>
      <td>
        {e.user ?? (e.action.startsWith('login') ? t.nobody : t.server)}
        {e.role && <span className="hint"> · {t.roles[e.role]}</span>}
      </td>
      <td className="num">{e.from ?? '—'}</td>
      <td>
        <code>{e.action}</code>
      </td>
      <td>{e.target ?? '—'}</td>
      <td>
        {outcome === null ? (
          '—'
        ) : outcome === 'done' ? (
          t.done
        ) : (
          <span className="error" title={refusal}>
            {t.refused(outcome)}
          </span>
        )}
      </td>
      <td className="text" title={details}>
        {details || '—'}
      </td>
    </tr>
  )
}
