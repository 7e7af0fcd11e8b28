/**
 * Export of a filtered list: main formats CSV a chunk at a time (each reply well under what the
 * bridge carries comfortably), the renderer only joins the chunks into a file to download.
 */
import type { CSV_DELIMITERS, HistoryFilter } from '../../../shared/calls/history'
import { call } from '../../api/client'
import type { Lang } from '../../i18n'

export const EXPORT_CHUNK = 5000

export async function exportCsv(
  filter: HistoryFilter,
  o: { delimiter: (typeof CSV_DELIMITERS)[number]; lang: Lang },
  onProgress: (rows: number) => void,
  cancelled: () => boolean,
): Promise<Blob | null> {
  const parts: string[] = []
  let rows = 0
  let before: number | undefined
  for (;;) {
    if (cancelled()) return null
    const chunk = await call('history.exportCsv', {
      filter,
      ...(before === undefined ? {} : { before }),
      limit: EXPORT_CHUNK,
      delimiter: o.delimiter,
      tzOffsetMinutes: new Date().getTimezoneOffset(),
      lang: o.lang,
    })
    parts.push(chunk.csv)
    rows += chunk.rows
    onProgress(rows)
    if (chunk.nextBefore === null) break
    before = chunk.nextBefore
  }
  return new Blob(parts, { type: 'text/csv;charset=utf-8' })
}

/** The stop-list as CSV, a chunk at a time in order of number. */
export async function exportStopListCsv(o: {
  delimiter: (typeof CSV_DELIMITERS)[number]
  lang: Lang
}): Promise<{ blob: Blob; rows: number }> {
  const parts: string[] = []
  let rows = 0
  let after: string | undefined
  for (;;) {
    const chunk = await call('stoplist.exportCsv', {
      ...(after === undefined ? {} : { after }),
      limit: EXPORT_CHUNK,
      delimiter: o.delimiter,
      tzOffsetMinutes: new Date().getTimezoneOffset(),
      lang: o.lang,
    })
    parts.push(chunk.csv)
    rows += chunk.rows
    if (chunk.nextAfter === null) break
    after = chunk.nextAfter
  }
  return { blob: new Blob(parts, { type: 'text/csv;charset=utf-8' }), rows }
}

export function exportName(prefix: string, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${prefix}-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}.csv`
}
