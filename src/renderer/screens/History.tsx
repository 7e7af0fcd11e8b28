import { useEffect, useId, useMemo, useRef, useState } from 'react'
import type { HistoryFilter } from '../../shared/calls/history'
import { CSV_DELIMITERS, MESSAGE_STATES } from '../../shared/constants'
import type { MessageState, OutboxMessage } from '../../shared/contract'
import { errorText } from '../api/client'
import { downloadBlob } from '../components/download'
import { exportFile } from '../components/exports/exportFile'
import { exportCsv, exportName } from '../components/history/exportCsv'
import { FilterSelect } from '../components/history/FilterSelect'
import { messageColumns } from '../components/history/messageColumns'
import { usePagedMessages } from '../components/history/usePagedMessages'
import { VirtualTable, type Column } from '../components/history/VirtualTable'
import { ListState } from '../components/ListState'
import { ProfileSelect } from '../components/ProfileSelect'
import { useT } from '../i18n'
import { useLang } from '../stores/lang'
import { useNav } from '../stores/nav'
import { useProfileName, useProfiles } from '../stores/profiles'
import './History.css'
import { Reconcile } from './Reconcile'
import { reconcileStrings } from './Reconcile/strings'
import { historyStrings } from './History.strings'

type Delimiter = (typeof CSV_DELIMITERS)[number]

interface Draft {
  /** The one search box: a number or part of one, words, fragments of the text. */
  query: string
  state: MessageState | ''
  profileId: string
  from: string
  to: string
}

const EMPTY: Draft = { query: '', state: '', profileId: '', from: '', to: '' }

/** What the form holds, as the filter main takes (blank fields left out). */
export function filterOf(d: Draft): HistoryFilter {
  const f: HistoryFilter = {}
  if (d.query.trim() !== '') f.query = d.query.trim()
  if (d.state !== '') f.states = [d.state]
  if (d.profileId !== '') f.profileId = d.profileId
  const from = d.from ? new Date(d.from).getTime() : NaN
  const to = d.to ? new Date(d.to).getTime() : NaN
  if (Number.isFinite(from)) f.from = from
  // "To" is inclusive of the minute the agent picked.
  if (Number.isFinite(to)) f.to = to + 60_000
  if (f.from !== undefined && f.to !== undefined && f.from > f.to) delete f.to
  return f
}

export function History() {
  const t = useT()
  const lang = useLang((s) => s.lang)
  const s = historyStrings[lang]
  const id = useId()
  const profiles = useProfiles((st) => st.profiles)
  const profileName = useProfileName()
  // Sent here from another screen (a customer's card): open searching for what it asked.
  const [sentFor] = useState(() => useNav.getState().takeHistoryQuery())
  const [draft, setDraft] = useState<Draft>(sentFor ? { ...EMPTY, query: sentFor } : EMPTY)
  const [filter, setFilter] = useState<HistoryFilter>(() =>
    sentFor ? filterOf({ ...EMPTY, query: sentFor }) : {},
  )
  const [delimiter, setDelimiter] = useState<Delimiter>(lang === 'ru' ? ';' : ',')
  const [exporting, setExporting] = useState<number | null>(null)
  const [exportNote, setExportNote] = useState<string | null>(null)
  const cancelExport = useRef(false)
  // The provider's own record reconciled with this history (SMSC HTTP profiles).
  const [reconciling, setReconciling] = useState(false)

  // Typing settles for a moment before main is asked again.
  useEffect(() => {
    const timer = setTimeout(() => setFilter(filterOf(draft)), 250)
    return () => clearTimeout(timer)
  }, [draft])

  const list = usePagedMessages(filter)
  const filtered = Object.keys(filter).length > 0

  const columns = useMemo<Column<OutboxMessage>[]>(() => {
    const c = messageColumns(s, t, lang)
    return [
      c.id(),
      c.time(),
      {
        key: 'profile',
        header: s.colProfile,
        width: '140px',
        render: (m) => profileName(m.profileId),
      },
      { key: 'sender', header: s.colSender, width: '100px', render: (m) => m.sender },
      c.phone('phone'),
      c.text('minmax(160px, 2fr)'),
      { key: 'parts', header: s.colParts, width: '56px', className: 'num', render: (m) => m.parts },
      c.status(),
      c.reason('minmax(120px, 1.5fr)'),
      c.details(),
    ]
  }, [s, t, lang, profileName])

  const set = (k: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }))

  const runExport = async (kind: 'csv' | 'xlsx') => {
    cancelExport.current = false
    setExporting(0)
    setExportNote(null)
    let rows = 0
    const progress = (n: number) => setExporting((rows = n))
    const cancelled = () => cancelExport.current
    try {
      // CSV is formatted by History's own reader; a workbook is written by main's exports.
      const blob =
        kind === 'csv'
          ? await exportCsv(filter, { delimiter, lang }, progress, cancelled)
          : ((await exportFile({ list: 'history', filter }, { kind }, lang, progress, cancelled))
              ?.blob ?? null)
      if (blob) {
        downloadBlob(blob, exportName('history', new Date(), kind))
        setExportNote(s.exported(rows))
      }
    } catch (err) {
      setExportNote(s.exportFailed(errorText(err)))
    } finally {
      setExporting(null)
    }
  }

  if (reconciling) return <Reconcile onBack={() => setReconciling(false)} />

  return (
    <main className="screen history" aria-labelledby={id}>
      <h2 id={id}>{t.nav.history}</h2>
      <button type="button" className="history-reconcile" onClick={() => setReconciling(true)}>
        {reconcileStrings[lang].open}
      </button>
      <form className="history-filters" aria-label={s.filters} onSubmit={(e) => e.preventDefault()}>
        <label className="history-query">
          {s.search}
          <input
            type="search"
            value={draft.query}
            onChange={set('query')}
            placeholder={s.searchPlaceholder}
            aria-describedby={`${id}-query-hint`}
            maxLength={200}
          />
        </label>
        <span id={`${id}-query-hint`} className="visually-hidden">
          {s.searchHint}
        </span>
        <FilterSelect<MessageState | ''>
          label={s.status}
          value={draft.state}
          options={[['', s.anyStatus], ...MESSAGE_STATES.map((st) => [st, t.states[st]] as const)]}
          onChange={(state) => setDraft((d) => ({ ...d, state }))}
        />
        <ProfileSelect
          label={s.profile}
          anyLabel={s.anyProfile}
          profiles={profiles}
          value={draft.profileId}
          onChange={(profileId) => setDraft((d) => ({ ...d, profileId }))}
        />
        <label>
          {s.from}
          <input type="datetime-local" value={draft.from} onChange={set('from')} />
        </label>
        <label>
          {s.to}
          <input type="datetime-local" value={draft.to} onChange={set('to')} />
        </label>
        <button type="button" onClick={() => setDraft(EMPTY)} disabled={draft === EMPTY}>
          {s.clear}
        </button>
      </form>

      <div className="history-bar">
        <span role="status" aria-live="polite" className="history-total">
          {list.total === null ? (list.error ? '' : s.counting) : s.total(list.total)}
        </span>
        {list.arrived > 0 && (
          <span className="history-arrived">
            {s.arrived(list.arrived)}{' '}
            <button type="button" onClick={list.reload}>
              {s.showNew}
            </button>
          </span>
        )}
        <span className="history-export">
          <FilterSelect<Delimiter>
            label={s.delimiter}
            value={delimiter}
            options={CSV_DELIMITERS.map((d) => [d, s.delimiters[d]] as const)}
            onChange={setDelimiter}
          />
          {exporting === null ? (
            <>
              <button
                type="button"
                className="primary"
                onClick={() => void runExport('csv')}
                disabled={!list.total}
              >
                {s.exportCsv}
              </button>
              <button type="button" onClick={() => void runExport('xlsx')} disabled={!list.total}>
                {s.exportXlsx}
              </button>
            </>
          ) : (
            <>
              <span role="status">{s.exporting(exporting)}</span>
              <button type="button" onClick={() => (cancelExport.current = true)}>
                {s.cancelExport}
              </button>
            </>
          )}
          {exportNote && <span role="status">{exportNote}</span>}
        </span>
      </div>

      <ListState
        error={list.error && s.loadFailed(list.error)}
        empty={list.total === 0}
        emptyText={filtered ? s.empty : s.emptyAll}
        className="history-empty"
      >
        <VirtualTable
          label={s.table}
          columns={columns}
          total={list.total ?? 0}
          rowAt={list.rowAt}
          ensure={list.ensure}
          rowKey={(m) => m.id}
          rowAttrs={(m) => ({ 'data-message-id': m.id, 'data-state': m.state })}
          loadingText={s.loadingRow}
          height="calc(100vh - 300px)"
        />
      </ListState>
    </main>
  )
}
