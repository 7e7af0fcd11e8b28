import type { exportsCalls } from '../../../shared/calls/exports'
import type { HandlersFor } from '../context'
import type { ExportFiles } from '../exports/files'

export function createExportsHandlers(files: ExportFiles): HandlersFor<typeof exportsCalls> {
  return {
    'export.write': ({ exportId, source, format, lang, tzOffsetMinutes }) =>
      files.write(exportId, source, format, { lang, tzOffsetMinutes }),
    'export.read': ({ exportId, offset }) => files.read(exportId, offset),
    'export.discard': ({ exportId }) => ({ discarded: files.discard(exportId) }),
  }
}
