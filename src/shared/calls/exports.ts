/**
 * Lists written to a file in main, whatever their length: History, the stop-list, contacts, HLR
 * results and a team server's audit trail as an Excel workbook (phones as text, counts as
 * numbers) or CSV; Delivery reports' trends and spend as a workbook of a sheet each (no CSV: it
 * holds one table). The renderer asks for the file, follows its progress, then reads it in
 * pages to save it.
 */
// Calls and push events of this area, combined into the contract (src/shared/contract.ts).
import { z } from 'zod'
import { CSV_DELIMITERS } from '../constants'
import { ContactFilterSchema } from './contacts'
import { HistoryFilterSchema, ReportPeriod } from './history'
import { StopScope } from './imports'
import { HlrFilter } from './lookup'
import { AuditFilterSchema } from './team'

/** Chosen by the renderer, so it can follow the export's progress before the call returns. */
export const ExportId = z.string().regex(/^[0-9a-f]{32}$/, 'not an export id')

/** Raw bytes per export.read reply: base64 of this stays well under what the bridge carries. */
export const EXPORT_PAGE_BYTES = 512 * 1024

export const ExportSourceSchema = z.discriminatedUnion('list', [
  z.object({ list: z.literal('history'), filter: HistoryFilterSchema }).strict(),
  z.object({ list: z.literal('stoplist'), profileId: StopScope.optional() }).strict(),
  z.object({ list: z.literal('contacts'), filter: ContactFilterSchema }).strict(),
  z.object({ list: z.literal('hlr'), ...HlrFilter }).strict(),
  /** Delivery reports of a period (days in the operator's time, by export.write's offset). */
  z.object({ list: z.literal('reports'), ...ReportPeriod }).strict(),
  /** A team server's audit trail, newest first, filtered as the screen has it. */
  z.object({ list: z.literal('audit'), filter: AuditFilterSchema }).strict(),
])
export type ExportSource = z.infer<typeof ExportSourceSchema>

export const exportsCalls = {
  /**
   * Writes the list to a file in main and answers when it is written (export.progress tells
   * how far it is meanwhile): an .xlsx workbook, or CSV with this delimiter.
   */
  'export.write': {
    request: z
      .object({
        exportId: ExportId,
        source: ExportSourceSchema,
        format: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('xlsx') }).strict(),
          z.object({ kind: z.literal('csv'), delimiter: z.enum(CSV_DELIMITERS) }).strict(),
        ]),
        lang: z.enum(['en', 'ru']),
        /** Date.getTimezoneOffset() of the operator's machine: times are written in local time. */
        tzOffsetMinutes: z.number().int().min(-900).max(900),
      })
      .strict(),
    response: z.object({ rows: z.number().int(), bytes: z.number().int() }),
  },
  /** A page of a written export's bytes, from `offset`; `nextOffset` null at the end. */
  'export.read': {
    request: z.object({ exportId: ExportId, offset: z.number().int().min(0) }).strict(),
    response: z.object({ dataBase64: z.string(), nextOffset: z.number().int().nullable() }),
  },
  /** The export is saved or no longer wanted: its file goes (a running one stops). */
  'export.discard': {
    request: z.object({ exportId: ExportId }).strict(),
    response: z.object({ discarded: z.boolean() }),
  },
} as const

export const exportsEvents = {
  /** Rows written so far by a running export. */
  'export.progress': z.object({ exportId: z.string(), rows: z.number().int() }),
} as const
