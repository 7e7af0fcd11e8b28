import { useCallback, useEffect, useId, useMemo, useState } from 'react'
import {
  DEFAULT_MAX_PARTS,
  MAX_PASTE_CHARS,
  type BatchView,
  type CsvAnalysis,
  type CsvEncodingName,
  type DelimiterName,
  type ImportProgress,
  type ImportSummary,
  type RejectReason,
} from '../../shared/calls/imports'
import { analyzeSms } from '../../shared/sms'
import { compileTemplate, renderTemplate, rowValues, unknownVariables } from '../../shared/template'
import { call, errorText, isDesktop, onEvent } from '../api/client'
import { Field, SelectField } from '../components/Field'
import { BatchPanel } from '../components/imports/BatchPanel'
import { StopList } from '../components/imports/StopList'
import { downloadRejected, uploadFile } from '../components/imports/upload'
import { useLang } from '../stores/lang'
import { mainSays } from '../main-phrases'
import { useProfiles } from '../stores/profiles'
import { importStrings, type ImportStrings } from './BulkImport.strings'
import './BulkImport.css'

const ENCODINGS: readonly CsvEncodingName[] = ['windows-1251', 'utf-8', 'utf-16le', 'utf-16be']
const DELIMITERS: readonly DelimiterName[] = [';', ',', '\t']
const PREVIEW_ROWS = 5

/** A file's name; main names pasted rows in English. */
function sourceName(name: string, t: ImportStrings): string {
  return name === importStrings.en.pasted ? t.pasted : name
}

export function BulkImport() {
  const lang = useLang((s) => s.lang)
  const t = importStrings[lang]
  const ids = useId()
  const profiles = useProfiles((s) => s.profiles)

  const [analysis, setAnalysis] = useState<CsvAnalysis | null>(null)
  const [uploaded, setUploaded] = useState<{ sent: number; total: number } | null>(null)
  const [reading, setReading] = useState(false)
  const [pasted, setPasted] = useState('')
  const [error, setError] = useState<string | null>(null)

  const [chosenProfile, setChosenProfile] = useState('')
  const [chosenSender, setChosenSender] = useState<string | null>(null)
  const [phoneColumn, setPhoneColumn] = useState(0)
  const [template, setTemplate] = useState('')
  const [maxParts, setMaxParts] = useState(DEFAULT_MAX_PARTS)
  const [scheduleAt, setScheduleAt] = useState('')

  const [summary, setSummary] = useState<ImportSummary | null>(null)
  const [checking, setChecking] = useState(false)
  const [checkProgress, setCheckProgress] = useState<ImportProgress | null>(null)
  const [starting, setStarting] = useState(false)
  const [repeat, setRepeat] = useState(false)
  const [stopNotice, setStopNotice] = useState<string | null>(null)

  const [batchId, setBatchId] = useState<number | null>(null)
  const [sentBatch, setSentBatch] = useState<number | null>(null)
  const [batches, setBatches] = useState<BatchView[] | null>(null)
  const [batchesError, setBatchesError] = useState<string | null>(null)

  const profile = profiles.find((p) => p.id === chosenProfile) ?? profiles[0]
  const profileId = profile?.id ?? ''
  const sender = chosenSender ?? profile?.senders[0] ?? ''

  // Stable: the batch panel reports each fresh view of its batch to the recent list.
  const batchSeen = useCallback(
    (b: BatchView) => setBatches((list) => list?.map((x) => (x.id === b.id ? b : x)) ?? null),
    [],
  )

  const loadBatches = () =>
    call('batch.list', { limit: 10 })
      .then((list) => {
        setBatches(list)
        setBatchesError(null)
      })
      .catch((err: unknown) => setBatchesError(errorText(err)))

  useEffect(() => {
    void loadBatches()
    return onEvent('import.progress', (p) => {
      if (p.step === 'validate' || p.step === 'analyse') setCheckProgress(p)
    })
  }, [])

  const compiled = useMemo(() => compileTemplate(template), [template])
  const unknown = analysis ? unknownVariables(compiled, analysis.columns) : []
  const preview = useMemo(() => {
    if (!analysis || template === '') return []
    return analysis.preview.slice(0, PREVIEW_ROWS).map((row) => {
      const text = renderTemplate(compiled, rowValues(analysis.columns, row.cells)).text
      return {
        line: row.line,
        phone: row.cells[phoneColumn] ?? '',
        text,
        parts: analyzeSms(text).parts,
      }
    })
  }, [analysis, compiled, phoneColumn, template])

  const edited = () => {
    setSummary(null)
    setSentBatch(null)
    setError(null)
  }

  const took = (a: CsvAnalysis) => {
    setAnalysis(a)
    setRepeat(false)
    setPhoneColumn(a.phoneColumn)
    setSummary(null)
    setStopNotice(null)
    // A template from the file's own columns is a fair start: every column but the phone.
    if (template === '') {
      const vars = a.columns.filter((_, i) => i !== a.phoneColumn).map((c) => `#${c}#`)
      setTemplate(vars.join(' '))
    }
  }

  const openFile = async (file: File) => {
    setError(null)
    setReading(true)
    setUploaded({ sent: 0, total: file.size })
    try {
      took(await uploadFile(file, (sent, total) => setUploaded({ sent, total })))
    } catch (err) {
      setError(errorText(err))
    } finally {
      setReading(false)
      setUploaded(null)
    }
  }

  /** Desktop: main's own open dialog reads the file in place, nothing crosses the bridge. */
  const openFromDisk = async () => {
    setError(null)
    setReading(true)
    try {
      const { analysis: opened } = await call('import.openFile', { title: t.openFileTitle })
      if (opened) took(opened)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setReading(false)
    }
  }

  const takePasted = async () => {
    setError(null)
    setReading(true)
    try {
      took(await call('import.paste', { text: pasted }))
    } catch (err) {
      setError(errorText(err))
    } finally {
      setReading(false)
    }
  }

  const reformat = async (choice: {
    encoding?: CsvEncodingName
    delimiter?: DelimiterName
    hasHeader?: boolean
  }) => {
    if (!analysis) return
    setReading(true)
    setError(null)
    try {
      const a = await call('import.analyse', {
        uploadId: analysis.uploadId,
        encoding: choice.encoding ?? analysis.encoding,
        delimiter: choice.delimiter ?? analysis.delimiter,
        hasHeader: choice.hasHeader ?? analysis.hasHeader,
      })
      setAnalysis(a)
      setPhoneColumn(a.phoneColumn)
      setSummary(null)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setReading(false)
    }
  }

  const startOver = async () => {
    if (analysis) await call('import.discard', { uploadId: analysis.uploadId }).catch(() => {})
    setAnalysis(null)
    setSummary(null)
    setTemplate('')
    setPasted('')
    setError(null)
  }

  const scheduledAt = scheduleAt ? new Date(scheduleAt).getTime() : null
  const mapping = analysis
    ? {
        uploadId: analysis.uploadId,
        profileId,
        sender,
        phoneColumn,
        template,
        maxParts,
        scheduledAt: scheduledAt && !Number.isNaN(scheduledAt) ? scheduledAt : null,
        // The rejected rows' CSV is written in the operator's language.
        lang,
      }
    : null
  const canCheck =
    !!mapping && profileId !== '' && sender.trim() !== '' && template.trim() !== '' && !reading

  const check = async () => {
    if (!mapping || !canCheck) return
    setChecking(true)
    setError(null)
    setCheckProgress(null)
    try {
      setSummary(await call('import.validate', mapping))
    } catch (err) {
      setError(errorText(err))
    } finally {
      setChecking(false)
    }
  }

  /** Starts a batch (or resumes one) and shows it; the summary stays, but cannot send twice. */
  const launch = async (start: () => Promise<BatchView>) => {
    setStarting(true)
    setError(null)
    try {
      const batch = await start()
      setBatchId(batch.id)
      setSentBatch(batch.id)
      void loadBatches()
    } catch (err) {
      setError(errorText(err))
    } finally {
      setStarting(false)
    }
  }

  /** An interrupted batch of this same file queues the rest of it (from this upload). */
  const resumeEarlier = (earlierId: number) =>
    analysis &&
    launch(() => call('batch.resumeImport', { batchId: earlierId, uploadId: analysis.uploadId }))

  const send = () =>
    mapping && summary && launch(() => call('import.start', { ...mapping, repeat }))

  const stopFromFile = async () => {
    if (!analysis) return
    try {
      const r = await call('stoplist.importUpload', { uploadId: analysis.uploadId, phoneColumn })
      setStopNotice(t.stopFromFileDone(r.added, r.invalid))
      setSummary(null)
    } catch (err) {
      setError(errorText(err))
    }
  }

  // Numbers an earlier import of this file already messaged are skipped unless sent again.
  const toSend = summary ? summary.recipients - (repeat ? 0 : summary.alreadyQueued) : 0

  const money = (n: number) =>
    n.toLocaleString(lang, { minimumFractionDigits: 2, maximumFractionDigits: 4 })

  return (
    <main className="screen import-screen" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t.title}</h2>
      {error && (
        <p className="error" role="alert">
          {t.error(error)}
        </p>
      )}

      <section aria-labelledby={`${ids}-source`}>
        <h3 id={`${ids}-source`}>{t.source}</h3>
        {!analysis ? (
          <>
            <p className="hint">{t.sourceHint}</p>
            <div className="row">
              {isDesktop ? (
                <div className="field">
                  <span className="field-caption">{t.file}</span>
                  <button type="button" disabled={reading} onClick={() => void openFromDisk()}>
                    {t.openFile}
                  </button>
                </div>
              ) : (
                <Field id={`${ids}-file`} label={t.file}>
                  <input
                    id={`${ids}-file`}
                    type="file"
                    accept=".csv,.txt,.tsv,text/csv,text/plain"
                    disabled={reading}
                    onChange={(e) => {
                      const file = e.target.files?.[0]
                      e.target.value = ''
                      if (file) void openFile(file)
                    }}
                  />
                </Field>
              )}
              <Field id={`${ids}-paste`} label={t.paste}>
                <textarea
                  id={`${ids}-paste`}
                  rows={3}
                  maxLength={MAX_PASTE_CHARS}
                  value={pasted}
                  disabled={reading}
                  onChange={(e) => setPasted(e.target.value)}
                />
                <div className="actions-line">
                  <button
                    type="button"
                    disabled={reading || pasted.trim() === ''}
                    onClick={() => void takePasted()}
                  >
                    {t.usePaste}
                  </button>
                </div>
              </Field>
            </div>
            {uploaded && (
              <div className="import-progress">
                <progress
                  aria-label={t.uploadProgress}
                  max={uploaded.total}
                  value={uploaded.sent}
                />
                <span>{t.uploading}</span>
              </div>
            )}
            {reading && !uploaded && <p className="hint">{t.analysing}</p>}
          </>
        ) : (
          <>
            <p>
              <strong>{t.rowsIn(analysis.rowCount, sourceName(analysis.name, t))}</strong>{' '}
              <button type="button" onClick={() => void startOver()}>
                {t.newImport}
              </button>
            </p>
            {analysis.earlier && (
              <p className="notice" role="status" data-testid="earlier-import">
                {t.earlier(
                  analysis.earlier.batchId,
                  sourceName(analysis.earlier.name, t),
                  new Date(analysis.earlier.createdAt).toLocaleString(lang),
                  analysis.earlier.queued.toLocaleString(lang),
                )}{' '}
                {analysis.earlier.resumable && (
                  <>
                    {t.earlierInterrupted}{' '}
                    <button
                      type="button"
                      className="primary"
                      disabled={starting || sentBatch !== null}
                      onClick={() => void resumeEarlier(analysis.earlier?.batchId ?? 0)}
                    >
                      {t.resumeBatch(analysis.earlier.batchId)}
                    </button>
                  </>
                )}
              </p>
            )}
            <div className="row">
              <SelectField
                id={`${ids}-enc`}
                label={t.encoding}
                value={analysis.encoding}
                options={ENCODINGS.map((e) => [e, e.toUpperCase()] as const)}
                disabled={reading}
                onChange={(encoding) => void reformat({ encoding })}
              />
              <SelectField
                id={`${ids}-delim`}
                label={t.delimiter}
                value={analysis.delimiter}
                options={DELIMITERS.map((d) => [d, t.delimiters[d]] as const)}
                disabled={reading}
                onChange={(delimiter) => void reformat({ delimiter })}
              />
              <label className="check import-header-check">
                <input
                  type="checkbox"
                  checked={analysis.hasHeader}
                  disabled={reading}
                  onChange={(e) => void reformat({ hasHeader: e.target.checked })}
                />{' '}
                {t.header}
              </label>
            </div>
            <div className="import-table-wrap">
              <table aria-label={t.fileRows}>
                <thead>
                  <tr>
                    <th>{t.line}</th>
                    {analysis.columns.map((c, i) => (
                      <th key={i}>{c}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {analysis.preview.slice(0, 8).map((r) => (
                    <tr key={r.line}>
                      <td className="num">{r.line}</td>
                      {analysis.columns.map((_, i) => (
                        <td key={i} className="text">
                          {r.cells[i] ?? ''}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      {analysis && (
        <section aria-labelledby={`${ids}-mapping`}>
          <h3 id={`${ids}-mapping`}>{t.mapping}</h3>
          <div className="row">
            <SelectField
              id={`${ids}-profile`}
              label={t.profile}
              value={profileId}
              options={profiles.map((p) => [p.id, p.name] as const)}
              onChange={(id) => {
                edited()
                setChosenProfile(id)
                setChosenSender(null)
              }}
            />
            <Field id={`${ids}-sender`} label={t.sender}>
              <input
                id={`${ids}-sender`}
                value={sender}
                maxLength={21}
                list={`${ids}-senders`}
                onChange={(e) => {
                  edited()
                  setChosenSender(e.target.value)
                }}
              />
              <datalist id={`${ids}-senders`}>
                {profile?.senders.map((s) => (
                  <option key={s} value={s} />
                ))}
              </datalist>
            </Field>
            <SelectField
              id={`${ids}-phone`}
              label={t.phoneColumn}
              value={phoneColumn}
              options={analysis.columns.map((c, i) => [i, c] as const)}
              onChange={(column) => {
                edited()
                setPhoneColumn(column)
              }}
            />
          </div>
          <Field id={`${ids}-template`} label={t.template}>
            <textarea
              id={`${ids}-template`}
              rows={4}
              value={template}
              aria-describedby={`${ids}-vars`}
              onChange={(e) => {
                edited()
                setTemplate(e.target.value)
              }}
            />
            <p id={`${ids}-vars`} className="hint import-vars">
              {t.templateHint}{' '}
              {analysis.columns.map((c) => (
                <button
                  key={c}
                  type="button"
                  className="chip"
                  aria-label={t.insert(`#${c}#`)}
                  onClick={() => {
                    edited()
                    setTemplate((s) => `${s}#${c}#`)
                  }}
                >
                  #{c}#
                </button>
              ))}
            </p>
            {unknown.length > 0 && (
              <p className="field-error" role="alert">
                {t.unknownVars(unknown.map((v) => `#${v}#`).join(', '))}
              </p>
            )}
          </Field>
          <div className="row">
            <Field id={`${ids}-parts`} label={t.maxParts}>
              <input
                id={`${ids}-parts`}
                type="number"
                min={1}
                max={255}
                value={maxParts}
                onChange={(e) => {
                  edited()
                  setMaxParts(Math.max(1, Math.min(255, Number(e.target.value) || 1)))
                }}
              />
            </Field>
            <Field id={`${ids}-at`} label={t.schedule}>
              <input
                id={`${ids}-at`}
                type="datetime-local"
                value={scheduleAt}
                onChange={(e) => {
                  edited()
                  setScheduleAt(e.target.value)
                }}
              />
            </Field>
          </div>
          {preview.length > 0 && (
            <table aria-label={t.preview}>
              <thead>
                <tr>
                  <th>{t.line}</th>
                  <th>{t.previewPhone}</th>
                  <th>{t.previewText}</th>
                  <th>{t.previewParts}</th>
                </tr>
              </thead>
              <tbody>
                {preview.map((p) => (
                  <tr key={p.line}>
                    <td className="num">{p.line}</td>
                    <td className="phone">{p.phone}</td>
                    <td className="text">{p.text}</td>
                    <td className="num">{p.parts}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="actions-line">
            <button
              type="button"
              className="primary"
              disabled={!canCheck || checking || unknown.length > 0}
              onClick={() => void check()}
            >
              {t.check}
            </button>
            <button
              type="button"
              disabled={checking || reading}
              onClick={() => void stopFromFile()}
            >
              {t.stopFromFile}
            </button>
            {stopNotice && (
              <span className="notice" role="status">
                {stopNotice}
              </span>
            )}
          </div>
          {checking && (
            <div className="import-progress">
              <progress
                aria-label={t.checkProgress}
                max={checkProgress?.total ?? undefined}
                value={checkProgress?.total ? checkProgress.current : undefined}
              />
              <span>{t.checking}</span>
            </div>
          )}
        </section>
      )}

      {summary && (
        <section aria-labelledby={`${ids}-summary`} className="import-summary">
          <h3 id={`${ids}-summary`}>{t.summary}</h3>
          <dl className="summary-list">
            <dt>{t.recipients}</dt>
            <dd data-testid="summary-recipients">{summary.recipients.toLocaleString(lang)}</dd>
            <dt>{t.rejected}</dt>
            <dd data-testid="summary-rejected">{summary.rejected.toLocaleString(lang)}</dd>
            <dt>{t.totalParts}</dt>
            <dd data-testid="summary-parts">{summary.totalParts.toLocaleString(lang)}</dd>
            <dt>{t.cost}</dt>
            <dd>
              {summary.cost
                ? t.costEstimate(
                    money(summary.cost.amount),
                    money(summary.cost.perPart),
                    summary.cost.sample,
                  )
                : t.costUnknown}
            </dd>
            <dt>{t.via}</dt>
            <dd>
              {summary.profileName} · {summary.sender}
            </dd>
            <dt>{t.sendAt}</dt>
            <dd>
              {summary.scheduledAt ? new Date(summary.scheduledAt).toLocaleString(lang) : t.now}
            </dd>
          </dl>
          {summary.alreadyQueued > 0 && (
            <p className="notice" data-testid="summary-already-queued">
              {t.alreadyQueued(summary.alreadyQueued.toLocaleString(lang))}{' '}
              <label className="check">
                <input
                  type="checkbox"
                  checked={repeat}
                  disabled={sentBatch !== null}
                  onChange={(e) => setRepeat(e.target.checked)}
                />{' '}
                {t.repeat}
              </label>
            </p>
          )}
          {summary.rejected > 0 && (
            <>
              <h4>{t.reasons}</h4>
              <ul className="reason-counts">
                {(Object.entries(summary.byReason) as [RejectReason, number][]).map(([r, n]) => (
                  <li key={r}>
                    {t.reasonNames[r]}: <strong>{n}</strong>
                  </li>
                ))}
              </ul>
              <table aria-label={t.rejectedRows}>
                <caption>
                  {t.rejectedRows}
                  {summary.rejected > summary.rejectedPreview.length &&
                    ` · ${t.shownOf(summary.rejectedPreview.length, summary.rejected)}`}
                </caption>
                <thead>
                  <tr>
                    <th>{t.line}</th>
                    <th>{t.previewPhone}</th>
                    <th>{t.reason}</th>
                    <th>{t.detail}</th>
                  </tr>
                </thead>
                <tbody>
                  {summary.rejectedPreview.map((r) => (
                    <tr key={r.line}>
                      <td className="num">{r.line}</td>
                      <td className="phone">{r.phone}</td>
                      <td>{t.reasonNames[r.reason]}</td>
                      <td className="text">{mainSays(r.detail, r.phrase, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="actions-line">
                <button
                  type="button"
                  onClick={() =>
                    void downloadRejected(summary.uploadId, 'rejected.csv').catch((err: unknown) =>
                      setError(errorText(err)),
                    )
                  }
                >
                  {t.download}
                </button>
              </div>
            </>
          )}
          <div className="actions-line">
            {sentBatch !== null ? (
              <span className="notice" role="status">
                {t.sentAs(sentBatch)}
              </span>
            ) : (
              <button
                type="button"
                className="primary"
                disabled={toSend === 0 || starting}
                onClick={() => void send()}
              >
                {toSend === 0 ? t.nothingToSend : t.send(toSend)}
              </button>
            )}
          </div>
        </section>
      )}

      {batchId !== null && (
        <BatchPanel key={batchId} batchId={batchId} t={t} onChange={batchSeen} />
      )}

      <section aria-labelledby={`${ids}-recent`}>
        <h3 id={`${ids}-recent`}>{t.recent}</h3>
        {batchesError !== null ? (
          <p className="error" role="alert">
            {t.error(batchesError)}
          </p>
        ) : batches === null ? (
          <p className="hint">{t.loading}</p>
        ) : batches.length === 0 ? (
          <p className="hint">{t.noBatches}</p>
        ) : (
          <table aria-label={t.recent}>
            <thead>
              <tr>
                <th>{t.colId}</th>
                <th>{t.batch}</th>
                <th>{t.stateCol}</th>
                <th>{t.recipients}</th>
                <th>{t.counters.delivered}</th>
                <th>
                  <span className="visually-hidden">{t.show('')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.id}>
                  <td className="num">{b.id}</td>
                  <td>{sourceName(b.name, t)}</td>
                  <td>{t.states[b.state]}</td>
                  <td className="num">{b.total.toLocaleString(lang)}</td>
                  <td className="num">{b.counters.delivered.toLocaleString(lang)}</td>
                  <td className="actions">
                    <button
                      type="button"
                      aria-label={t.show(`#${b.id}`)}
                      onClick={() => setBatchId(b.id)}
                    >
                      {t.show('')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <StopList t={t} lang={lang} />
    </main>
  )
}
