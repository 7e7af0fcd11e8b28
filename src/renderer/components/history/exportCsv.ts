/**
 * Export of a filtered list: main formats CSV a chunk at a time (each reply well under what the
 * bridge carries comfortably), the renderer only joins the chunks into a file to download.
 */
import type { CSV_DELIMITERS, HistoryFilter } from '../../../shared/calls/history'
import { call } from '../../api/client'
import type { Lang } from '../../i18n'

export const EXPORT_CHUNK = 5000

/** How every export writes its file: the delimiter, the words of the header, local times. */
interface CsvOptions {
  delimiter: (typeof CSV_DELIMITERS)[number]
  lang: Lang
}

/**
 * Asks for chunks until main says there is no next one (null), joining them as they come; null
 * when cancelled between two chunks.
 */
async function exportChunks<C>(
  fetch: (
    after: C | undefined,
    o: CsvOptions & { limit: number; tzOffsetMinutes: number },
  ) => Promise<{ csv: string; rows: number; next: C | null }>,
  o: CsvOptions,
  onProgress: (rows: number) => void = () => {},
  cancelled: () => boolean = () => false,
): Promise<{ blob: Blob; rows: number } | null> {
  const parts: string[] = []
  let rows = 0
  let after: C | undefined
  for (;;) {
    if (cancelled()) return null
    const chunk = await fetch(after, {
      ...o,
      limit: EXPORT_CHUNK,
      tzOffsetMinutes: new Date().getTimezoneOffset(),
    })
    parts.push(chunk.csv)
    rows += chunk.rows
    onProgress(rows)
    if (chunk.next === null) break
    after = chunk.next
  }
  return { blob: new Blob(parts, { type: 'text/csv;charset=utf-8' }), rows }
}

export async function exportCsv(
  filter: HistoryFilter,
  o: CsvOptions,
  onProgress: (rows: number) => void,
  cancelled: () => boolean,
): Promise<Blob | null> {
  const done = await exportChunks<number>(
    async (before, opts) => {
      const c = await call('history.exportCsv', {
        filter,
        ...(before === undefined ? {} : { before }),
        ...opts,
      })
      return { csv: c.csv, rows: c.rows, next: c.nextBefore }
    },
    o,
    onProgress,
    cancelled,
  )
  return done?.blob ?? null
}

export function exportName(prefix: string, now = new Date(), ext: 'csv' | 'xlsx' = 'csv'): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${prefix}-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}.${ext}`
}
