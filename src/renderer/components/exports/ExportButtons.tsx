/**
 * "Export CSV" and "Export Excel" for a list main can write (the exports area): the rows
 * written so far while it runs, a Cancel, then the file saved and how many rows it holds.
 */
import { useRef, useState } from 'react'
import type { CallRequest } from '../../../shared/contract'
import { errorText } from '../../api/client'
import { useLang } from '../../stores/lang'
import { downloadBlob } from '../download'
import { exportName } from '../history/exportCsv'
import { exportFile } from './exportFile'
import { exportStrings } from './strings'
import './exports.css'

type Kind = 'csv' | 'xlsx'

export function ExportButtons({
  source,
  name,
  disabled = false,
  kinds = ['csv', 'xlsx'],
}: {
  source: CallRequest<'export.write'>['source']
  /** The saved file's name begins with this. */
  name: string
  disabled?: boolean
  /** The files offered (a list of several tables is a workbook only). */
  kinds?: readonly Kind[]
}) {
  const lang = useLang((s) => s.lang)
  const t = exportStrings[lang]
  const [rows, setRows] = useState<number | null>(null)
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null)
  const cancel = useRef(false)

  const run = async (kind: Kind) => {
    cancel.current = false
    setRows(0)
    setNote(null)
    try {
      const done = await exportFile(
        source,
        kind === 'xlsx' ? { kind } : { kind, delimiter: lang === 'ru' ? ';' : ',' },
        lang,
        setRows,
        () => cancel.current,
      )
      if (done) {
        downloadBlob(done.blob, exportName(name, new Date(), kind))
        setNote({ text: t.exported(done.rows), error: false })
      }
    } catch (err) {
      setNote({ text: t.failed(errorText(err)), error: true })
    } finally {
      setRows(null)
    }
  }

  return (
    <span className="export-buttons">
      {rows === null ? (
        <>
          {kinds.map((kind) => (
            <button key={kind} type="button" disabled={disabled} onClick={() => void run(kind)}>
              {t[kind]}
            </button>
          ))}
        </>
      ) : (
        <>
          <span role="status">{t.exporting(rows)}</span>
          <button type="button" onClick={() => (cancel.current = true)}>
            {t.cancel}
          </button>
        </>
      )}
      {note && (
        <span className={note.error ? 'error' : 'notice'} role={note.error ? 'alert' : 'status'}>
          {note.text}
        </span>
      )}
    </span>
  )
}
