/**
 * Reconciliation with the provider's own record (opened from History): an SMSC HTTP profile and a
 * period, a job started at the provider whose status moves as main follows it, then the
 * differences in four groups with their counts — each row its number, time, our state and
 * price beside the provider's — and, for uncertain messages of ours, the provider's status
 * adopted (per row, or for all).
 */
import { useEffect, useId, useState } from 'react'
import type { Difference, ReconcileJob } from '../../../shared/calls/reconcile'
import { DIFFERENCE_KINDS, type DifferenceKind } from '../../../shared/reconcile'
import { reasonText } from '../../../shared/reason-text'
import { errorText } from '../../api/client'
import { ListState } from '../../components/ListState'
import { DetailsButton } from '../../components/message-detail/MessageDetail'
import { ProfileSelect } from '../../components/ProfileSelect'
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPrice,
  formatTime,
  toDayInput,
} from '../../format'
import { useT } from '../../i18n'
import { mainSays } from '../../main-phrases'
import { useLang } from '../../stores/lang'
import { defaultProfile } from '../../stores/profile-choice'
import { useProfiles, useShownProfiles } from '../../stores/profiles'
import { DIFFERENCES_SHOWN, followReconcile, jobOpen, useReconcile } from '../../stores/reconcile'
import { reconcileStrings, type Outcome } from './strings'
import './Reconcile.css'

export function Reconcile(props: { onBack(): void }) {
  const lang = useLang((s) => s.lang)
  const s = reconcileStrings[lang]
  const id = useId()
  const profiles = useShownProfiles().filter((p) => p.capabilities.exportJobs)
  const lastUsed = useProfiles((st) => st.lastUsed)
  const [chosen, setChosen] = useState('')
  const profileId =
    profiles.find((p) => p.id === chosen)?.id ?? defaultProfile(profiles, lastUsed)?.id ?? ''
  // Today, as the form opens: the period's default.
  const [from, setFrom] = useState(() => toDayInput(Date.now()))
  const [to, setTo] = useState(from)
  const [starting, setStarting] = useState(false)
  const [startError, setStartError] = useState<string | null>(null)

  const jobs = useReconcile((st) => st.jobs)
  const loading = useReconcile((st) => st.loading)
  const error = useReconcile((st) => st.error)
  const openId = useReconcile((st) => st.openId)
  const open = jobs.find((j) => j.id === openId) ?? null

  useEffect(() => followReconcile(), [])
  useEffect(() => {
    if (profileId) void useReconcile.getState().loadJobs(profileId)
  }, [profileId])

  const period = (j: ReconcileJob) =>
    j.from === j.to
      ? formatDate(j.from, lang)
      : `${formatDate(j.from, lang)} – ${formatDate(j.to, lang)}`

  const start = async () => {
    setStarting(true)
    setStartError(null)
    try {
      await useReconcile.getState().start(profileId, from, to)
    } catch (err) {
      setStartError(s.startFailed(errorText(err)))
    } finally {
      setStarting(false)
    }
  }

  return (
    <main className="screen reconcile" aria-labelledby={id}>
      <div className="reconcile-head">
        <h2 id={id}>{s.title}</h2>
        <button type="button" onClick={props.onBack}>
          {s.back}
        </button>
      </div>
      <p className="hint">{s.intro}</p>
      <form
        className="reconcile-form"
        aria-label={s.form}
        onSubmit={(e) => {
          e.preventDefault()
          void start()
        }}
      >
        <ProfileSelect
          label={s.profile}
          profiles={profiles}
          value={profileId}
          emptyLabel={s.noProfiles}
          onChange={setChosen}
        />
        <label>
          {s.from}
          <input type="date" value={from} required onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {s.to}
          <input type="date" value={to} required onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={starting || !profileId}>
          {starting ? s.starting : s.start}
        </button>
      </form>
      {profiles.length === 0 && <p className="hint">{s.noProfilesHint}</p>}
      {startError && (
        <p className="error" role="alert">
          {startError}
        </p>
      )}

      {profileId && (
        <section aria-labelledby={`${id}-jobs`}>
          <div className="reconcile-toolbar">
            <h3 id={`${id}-jobs`}>{s.jobs}</h3>
            <ListState inline loading={loading} loadingText={s.loading} />
          </div>
          <ListState error={error && s.loadFailed(error)} />
          <table aria-labelledby={`${id}-jobs`} className="reconcile-jobs">
            <thead>
              <tr>
                <th scope="col">{s.colPeriod}</th>
                <th scope="col">{s.colAsked}</th>
                <th scope="col">{s.colState}</th>
                <th scope="col">{s.colFound}</th>
                <th scope="col">{s.colActions}</th>
              </tr>
            </thead>
            <tbody>
              <ListState columns={5} empty={jobs.length === 0 && !loading} emptyText={s.noJobs} />
              {jobs.map((j) => (
                <JobRow key={j.id} job={j} period={period(j)} selected={j.id === openId} />
              ))}
            </tbody>
          </table>
        </section>
      )}

      {open && <Differences job={open} period={period(open)} />}
    </main>
  )
}

function JobRow(props: { job: ReconcileJob; period: string; selected: boolean }) {
  const lang = useLang((st) => st.lang)
  const s = reconcileStrings[lang]
  const j = props.job
  const [checking, setChecking] = useState(false)
  const [note, setNote] = useState<string | null>(null)
  const found = j.counts ? j.counts.theirs + j.counts.ours + j.counts.status + j.counts.price : null
  const said = j.error ? mainSays(j.error, j.errorPhrase ?? undefined, lang) : null
  const check = async () => {
    setChecking(true)
    setNote(null)
    try {
      await useReconcile.getState().check(j.id)
    } catch (err) {
      setNote(s.checkFailed(errorText(err)))
    } finally {
      setChecking(false)
    }
  }
  return (
    <tr data-job-id={j.id} data-state={j.state} className={props.selected ? 'selected' : undefined}>
      <td>{props.period}</td>
      <td className="time">{formatDateTime(j.createdAt, lang)}</td>
      <td>
        <span className={`badge reconcile-state-${j.state}`} data-testid="reconcile-state">
          {s.states[j.state]}
        </span>
        {jobOpen(j) && j.nextCheckAt !== null && (
          <span className="hint"> · {s.nextCheck(formatTime(j.nextCheckAt, lang, true))}</span>
        )}
        {said && (
          <span className={jobOpen(j) ? 'hint reconcile-note' : 'status-error reconcile-note'}>
            {said}
          </span>
        )}
        {note && (
          <span className="status-error reconcile-note" role="alert">
            {note}
          </span>
        )}
      </td>
      <td className="num" data-testid="reconcile-found">
        {found === null ? '—' : s.found(found)}
      </td>
      <td className="actions">
        <button
          type="button"
          aria-label={s.showNamed(props.period)}
          aria-pressed={props.selected}
          onClick={() => useReconcile.getState().open(j.id)}
        >
          {s.show}
        </button>
        {jobOpen(j) && (
          <button
            type="button"
            aria-label={s.checkNamed(props.period)}
            disabled={checking}
            onClick={() => void check()}
          >
            {s.check}
          </button>
        )}
      </td>
    </tr>
  )
}

function Differences(props: { job: ReconcileJob; period: string }) {
  const t = useT()
  const lang = useLang((st) => st.lang)
  const s = reconcileStrings[lang]
  const id = useId()
  const j = props.job
  const kind = useReconcile((st) => st.kind)
  const list = useReconcile((st) => st.differences)
  const [adopting, setAdopting] = useState(false)
  // What adopting did, worded when shown (the agent may switch language meanwhile).
  const [done, setDone] = useState<{
    adopted: number
    skipped: { reason: string; phrase?: unknown }[]
  } | null>(null)
  const [failed, setFailed] = useState<string | null>(null)

  const adopt = async (ids?: number[]) => {
    setAdopting(true)
    setDone(null)
    setFailed(null)
    try {
      setDone(await useReconcile.getState().adopt(ids))
    } catch (err) {
      setFailed(s.adoptFailed(errorText(err)))
    } finally {
      setAdopting(false)
    }
  }

  const money = (n: number | null) => (n === null ? '—' : formatPrice(n, lang))
  const theirState = (d: Difference) => {
    if (d.theirOutcome === null) return s.sentElsewhere
    const name =
      s.outcomes[
        (d.theirOutcome as Outcome) in s.outcomes ? (d.theirOutcome as Outcome) : 'unknown'
      ]
    const code = d.theirStatus === null ? '' : ` (${s.statusCode(d.theirStatus)})`
    return `${name}${code}`
  }
  const columns = 7

  return (
    <section aria-labelledby={`${id}-title`} className="reconcile-differences">
      <h3 id={`${id}-title`}>{s.differencesOf(props.period)}</h3>
      <p role="status" aria-live="polite" data-testid="reconcile-progress">
        <span className={`badge reconcile-state-${j.state}`}>{s.states[j.state]}</span>
        {j.state === 'compared' && j.providerRows !== null && j.ourRows !== null && (
          <> {s.summary(formatNumber(j.providerRows, lang), formatNumber(j.ourRows, lang))}</>
        )}
      </p>
      {j.counts && (
        <>
          <div className="reconcile-kinds" role="group" aria-label={s.kindsLabel}>
            {DIFFERENCE_KINDS.map((k: DifferenceKind) => (
              <button
                key={k}
                type="button"
                aria-pressed={k === kind}
                data-kind={k}
                onClick={() => useReconcile.getState().showKind(k)}
              >
                {s.kinds[k]} ({formatNumber(j.counts?.[k] ?? 0, lang)})
              </button>
            ))}
          </div>
          <p className="hint">{s.kindHints[kind]}</p>
          {kind === 'status' && j.adoptable > 0 && (
            <p className="reconcile-adopt">
              <button
                type="button"
                className="primary"
                disabled={adopting}
                onClick={() => void adopt()}
              >
                {adopting ? s.adopting : s.adoptAll(j.adoptable)}
              </button>
              <span className="hint">{s.adoptHint}</span>
            </p>
          )}
          {done && (
            <p className="notice" role="status">
              {[
                s.adopted(done.adopted),
                ...done.skipped.map((x) => mainSays(x.reason, x.phrase, lang)),
              ].join(' ')}
            </p>
          )}
          {failed && (
            <p className="error" role="alert">
              {failed}
            </p>
          )}
          <ListState error={list.error && s.loadFailed(list.error)} />
          <ListState inline loading={list.loading} loadingText={s.loading} />
          <table aria-label={s.table(s.kinds[kind])} className="reconcile-table">
            <thead>
              <tr>
                <th scope="col">{s.colPhone}</th>
                <th scope="col">{s.colTime}</th>
                <th scope="col">{s.colOurState}</th>
                <th scope="col">{s.colTheirState}</th>
                <th scope="col">{s.colOurPrice}</th>
                <th scope="col">{s.colTheirPrice}</th>
                <th scope="col">{s.colRowActions}</th>
              </tr>
            </thead>
            <tbody>
              <ListState
                columns={columns}
                empty={list.loaded && list.rows.length === 0}
                emptyText={s.none}
              />
              {list.rows.map((d) => (
                <tr
                  key={d.id}
                  data-difference-id={d.id}
                  data-message-id={d.messageId ?? undefined}
                  data-kind={d.kind}
                >
                  <td className="phone">{d.phone}</td>
                  <td className="time">{formatDateTime(d.at, lang)}</td>
                  <td>
                    {d.ourState === null ? (
                      '—'
                    ) : (
                      <span className={`badge badge-${d.ourState}`} data-testid="our-state">
                        {t.states[d.ourState]}
                      </span>
                    )}
                  </td>
                  <td data-testid="their-state">
                    <span
                      title={
                        d.theirReason
                          ? reasonText(d.theirReason, lang, d.theirReasonCode)
                          : undefined
                      }
                    >
                      {d.kind === 'ours' ? '—' : theirState(d)}
                    </span>
                    {d.kind === 'theirs' && d.text && (
                      <span className="hint reconcile-text">{d.text}</span>
                    )}
                  </td>
                  <td className="num">{money(d.ourPrice)}</td>
                  <td className="num">{money(d.theirPrice)}</td>
                  <td className="actions">
                    {d.adoptable && d.adoptedAt === null && (
                      <button
                        type="button"
                        aria-label={s.adoptNamed(d.phone)}
                        disabled={adopting}
                        onClick={() => void adopt([d.id])}
                      >
                        {s.adopt}
                      </button>
                    )}
                    {d.adoptedAt !== null && (
                      <span className="hint">{s.adoptedAt(formatDateTime(d.adoptedAt, lang))}</span>
                    )}
                    {d.messageId !== null && <DetailsButton messageId={d.messageId} lang={lang} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.total > list.rows.length && (
            <p className="hint">
              {s.shownOf(
                formatNumber(Math.min(list.rows.length, DIFFERENCES_SHOWN), lang),
                formatNumber(list.total, lang),
              )}
            </p>
          )}
        </>
      )}
    </section>
  )
}
