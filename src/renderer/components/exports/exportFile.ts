/**
 * A list written to a file by main (the exports area): the renderer names the export, hears
 * its progress, reads the written file in pages and hands it over as a Blob to save.
 */
import type { CallRequest } from '../../../shared/contract'
import { call, newRequestKey, onEvent } from '../../api/client'
import type { Lang } from '../../i18n'

type Write = CallRequest<'export.write'>

const MIME = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv;charset=utf-8',
} as const

/** 32 hex digits, as main wants an export's id. */
function newExportId(): string {
  return newRequestKey().replace(/-/g, '')
}

/**
 * The list as a file; null when cancelled (`cancelled` is asked as rows are written, and the
 * export is discarded in main at once).
 */
export async function exportFile(
  source: Write['source'],
  format: Write['format'],
  lang: Lang,
  onProgress: (rows: number) => void = () => {},
  cancelled: () => boolean = () => false,
): Promise<{ blob: Blob; rows: number } | null> {
  const exportId = newExportId()
  let stopped = false
  const stop = () => {
    if (stopped || !cancelled()) return
    stopped = true
    void call('export.discard', { exportId }).catch(() => {})
  }
  const off = onEvent('export.progress', (p) => {
    if (p.exportId !== exportId) return
    onProgress(p.rows)
    stop()
  })
  try {
    let written: { rows: number; bytes: number }
    try {
      written = await call('export.write', {
        exportId,
        source,
        format,
        lang,
        tzOffsetMinutes: new Date().getTimezoneOffset(),
      })
    } catch (err) {
      if (stopped) return null
      throw err
    }
    onProgress(written.rows)
    const parts: Uint8Array<ArrayBuffer>[] = []
    for (let offset: number | null = 0; offset !== null;) {
      if (cancelled()) return null
      const page: { dataBase64: string; nextOffset: number | null } = await call('export.read', {
        exportId,
        offset,
      })
      parts.push(Uint8Array.from(atob(page.dataBase64), (c) => c.charCodeAt(0)))
      offset = page.nextOffset
    }
    return { blob: new Blob(parts, { type: MIME[format.kind] }), rows: written.rows }
  } finally {
    off()
    if (!stopped) void call('export.discard', { exportId }).catch(() => {})
  }
}
