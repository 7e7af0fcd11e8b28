/**
 * Where the rows come from: an Excel workbook or a CSV file (main's own open dialog on the
 * desktop, an upload in a browser) or pasted rows; once read, the file's format (a workbook's
 * sheet; a CSV's encoding and delimiter; the header) and its first rows, and what an earlier
 * import of the same file did.
 */
import { useId } from 'react'
import type { CsvAnalysis, CsvEncodingName, DelimiterName } from '../../../shared/calls/imports'
import { MAX_PASTE_CHARS } from '../../../shared/constants'
import { isDesktop } from '../../api/client'
import { Field, SelectField } from '../../components/Field'
import { useBulkImport } from '../../stores/bulk-import'
import { useLang } from '../../stores/lang'
import { sourceName, useImportT } from './strings'
import { formatDateTime, formatNumber } from '../../format'

const ENCODINGS: readonly CsvEncodingName[] = ['windows-1251', 'utf-8', 'utf-16le', 'utf-16be']
const DELIMITERS: readonly DelimiterName[] = [';', ',', '\t']
/** Rows of the file shown under its format. */
const FILE_ROWS = 8

export function FileSource() {
  const t = useImportT()
  const ids = useId()
  const analysis = useBulkImport((s) => s.analysis)
  return (
    <section aria-labelledby={`${ids}-source`}>
      <h3 id={`${ids}-source`}>{t.source}</h3>
      {analysis ? <FileRead analysis={analysis} /> : <ChooseFile />}
    </section>
  )
}

function ChooseFile() {
  const t = useImportT()
  const ids = useId()
  const reading = useBulkImport((s) => s.reading)
  const uploaded = useBulkImport((s) => s.uploaded)
  const pasted = useBulkImport((s) => s.pasted)
  const setPasted = useBulkImport((s) => s.setPasted)
  const openFile = useBulkImport((s) => s.openFile)
  const openFromDisk = useBulkImport((s) => s.openFromDisk)
  const takePasted = useBulkImport((s) => s.takePasted)
  return (
    <>
      <p className="hint">{t.sourceHint}</p>
      <div className="row">
        {isDesktop ? (
          <div className="field">
            <span className="field-caption">{t.file}</span>
            <button
              type="button"
              disabled={reading}
              onClick={() => void openFromDisk(t.openFileTitle)}
            >
              {t.openFile}
            </button>
          </div>
        ) : (
          <Field id={`${ids}-file`} label={t.file}>
            <input
              id={`${ids}-file`}
              type="file"
              accept=".xlsx,.csv,.txt,.tsv,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
          <progress aria-label={t.uploadProgress} max={uploaded.total} value={uploaded.sent} />
          <span>{t.uploading}</span>
        </div>
      )}
      {reading && !uploaded && <p className="hint">{t.analysing}</p>}
    </>
  )
}

function FileRead({ analysis }: { analysis: CsvAnalysis }) {
  const t = useImportT()
  const lang = useLang((s) => s.lang)
  const ids = useId()
  const reading = useBulkImport((s) => s.reading)
  const starting = useBulkImport((s) => s.starting)
  const sentBatch = useBulkImport((s) => s.sentBatch)
  const startOver = useBulkImport((s) => s.startOver)
  const reformat = useBulkImport((s) => s.reformat)
  const resumeEarlier = useBulkImport((s) => s.resumeEarlier)
  const earlier = analysis.earlier
  return (
    <>
      <p>
        <strong>{t.rowsIn(analysis.rowCount, sourceName(analysis.name, t))}</strong>{' '}
        <button type="button" onClick={() => void startOver()}>
          {t.newImport}
        </button>
      </p>
      {earlier && (
        <p className="notice" role="status" data-testid="earlier-import">
          {t.earlier(
            earlier.batchId,
            sourceName(earlier.name, t),
            formatDateTime(earlier.createdAt, lang),
            formatNumber(earlier.queued, lang),
          )}{' '}
          {earlier.resumable && (
            <>
              {t.earlierInterrupted}{' '}
              <button
                type="button"
                className="primary"
                disabled={starting || sentBatch !== null}
                onClick={() => void resumeEarlier(earlier.batchId)}
              >
                {t.resumeBatch(earlier.batchId)}
              </button>
            </>
          )}
        </p>
      )}
      <div className="row">
        {analysis.sheets && analysis.sheet !== null ? (
          <SelectField
            id={`${ids}-sheet`}
            label={t.sheet}
            value={analysis.sheet}
            options={analysis.sheets.map(
              (s, i) => [i, t.sheetOption(s.name, s.rows, s.hidden)] as const,
            )}
            disabled={reading}
            onChange={(sheet) => void reformat({ sheet })}
          />
        ) : (
          <>
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
          </>
        )}
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
            {analysis.preview.slice(0, FILE_ROWS).map((r) => (
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
  )
}
