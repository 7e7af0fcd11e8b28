/** Bulk import: CSV upload, analysis, mapping, batches with progress. */
// Calls and push events of this area, spread into the contract (src/shared/contract.ts).
import { z } from 'zod'
import { ContactFilterSchema } from './contacts'
import {
  BATCH_STATES,
  DEFAULT_MAX_PARTS,
  MAX_PASTE_CHARS,
  REJECT_REASON_NAMES,
  REJECT_REASONS,
  type RejectReason,
} from '../constants'
import {
  MAX_TEXT_LENGTH,
  MessageTypeSchema,
  phone,
  PhraseRefSchema,
  ProfileId,
  sender,
  text,
} from '../domain'

export { DEFAULT_MAX_PARTS, MAX_PASTE_CHARS, REJECT_REASON_NAMES }

/** Raw bytes per upload chunk: base64 of this stays well under the bridge's 256 KiB request. */
export const UPLOAD_CHUNK_BYTES = 150 * 1024
/** Largest file accepted (a million rows of Excel export is ~60 MB). */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024

/** Sheets of a workbook one can choose from (Excel allows as many as memory does). */
export const MAX_SHEETS = 1000

export const UploadId = z.string().regex(/^[0-9a-f]{32}$/, 'not an upload id')
export const BatchId = z.number().int().positive()

export const CsvEncodingSchema = z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1251'])
export type CsvEncodingName = z.infer<typeof CsvEncodingSchema>
export const DelimiterSchema = z.enum([';', ',', '\t'])
export type DelimiterName = z.infer<typeof DelimiterSchema>

export const BatchStateSchema = z.enum(BATCH_STATES)
export const ImportStateSchema = z.enum(['importing', 'done', 'interrupted', 'cancelled', 'failed'])

/** The latest batch made from the same file (same bytes), whatever its template. */
export const EarlierImportSchema = z.object({
  batchId: z.number().int().positive(),
  name: z.string(),
  createdAt: z.number(),
  state: BatchStateSchema,
  importState: ImportStateSchema,
  /** Messages that batch holds. */
  queued: z.number().int(),
  /** Its import broke off and can queue the rest of the file (Resume). */
  resumable: z.boolean(),
})
export type EarlierImport = z.infer<typeof EarlierImportSchema>

export const CsvAnalysisSchema = z.object({
  uploadId: UploadId,
  name: z.string(),
  size: z.number().int(),
  encoding: CsvEncodingSchema,
  delimiter: DelimiterSchema,
  hasHeader: z.boolean(),
  /** Column names: the header's cells, or 1, 2, 3… without a header. */
  columns: z.array(z.string()),
  /** The first data rows as parsed (line = the file's line number). */
  preview: z.array(z.object({ line: z.number().int(), cells: z.array(z.string()) })),
  /** Data rows in the whole file (header excluded). */
  rowCount: z.number().int(),
  /** The column that most likely holds the numbers. */
  phoneColumn: z.number().int(),
  /** This file was imported before: the latest batch made from it. */
  earlier: EarlierImportSchema.nullable(),
  /** An Excel workbook's sheets, in its order (null for CSV and pasted text). */
  sheets: z
    .array(z.object({ name: z.string(), rows: z.number().int(), hidden: z.boolean() }))
    .nullable(),
  /** The sheet read (its place in `sheets`), or null. */
  sheet: z.number().int().nullable(),
})
export type CsvAnalysis = z.infer<typeof CsvAnalysisSchema>

export const RejectReasonSchema = z.enum(REJECT_REASONS)
export type { RejectReason }

export const RejectedRowSchema = z.object({
  line: z.number().int(),
  phone: z.string(),
  reason: RejectReasonSchema,
  /** English detail (the number, the parts count, the provider's words). */
  detail: z.string(),
  /** The provider's objection as a phrase, for the operator's language. */
  phrase: PhraseRefSchema.optional(),
})
export type RejectedRow = z.infer<typeof RejectedRowSchema>

const mapping = {
  uploadId: UploadId,
  profileId: ProfileId,
  sender,
  phoneColumn: z.number().int().min(0).max(999),
  template: z
    .string()
    .min(1, 'the template is empty')
    .max(MAX_TEXT_LENGTH, `the template is longer than ${MAX_TEXT_LENGTH} characters`),
  maxParts: z.number().int().min(1).max(255).optional(),
  /** Every row's SMSC type and its fields (an SMSC profile's Viber campaign); absent: SMS. */
  messageType: MessageTypeSchema.optional(),
  /** Epoch ms to send at; absent or null: now. */
  scheduledAt: z.number().int().positive().nullable().optional(),
  /** The language of the rejected rows' CSV (its header, reasons and details); English if absent. */
  lang: z.enum(['en', 'ru']).optional(),
  /**
   * Send again to numbers an earlier import of this file with this template already queued.
   * Without it they are skipped, so importing a file twice never messages anyone twice.
   */
  repeat: z.boolean().optional(),
  /**
   * A canary: the first `first` recipients (and `testNumbers`, with the first recipient's text)
   * go first; the rest follow only if no more than `failPercent` of them failed (and, with
   * `throttlePercent`, no more than that share of them was refused for the provider's rate
   * first), else the batch pauses by itself. The whole campaign is then watched by the same.
   */
  canary: z
    .object({
      first: z.number().int().min(1).max(10_000),
      failPercent: z.number().int().min(0).max(100),
      throttlePercent: z.number().int().min(0).max(100).optional(),
      testNumbers: z.array(phone).max(10).optional(),
    })
    .strict()
    .optional(),
}
export const ImportMappingSchema = z.object(mapping).strict()
export type ImportMapping = z.infer<typeof ImportMappingSchema>

/**
 * A price per part and where it comes from: named by the provider just now (`provider`), or the
 * average of its recent priced reports for numbers like this one (`destination`) or for any
 * number of the profile (`profile`), `sample` of them.
 */
export const PartPriceSchema = z.object({
  perPart: z.number(),
  sample: z.number().int(),
  scope: z.enum(['provider', 'destination', 'profile']),
})
export type PartPrice = z.infer<typeof PartPriceSchema>

/**
 * A batch's recipients to one destination: the operator of the range (`code` the calling code,
 * `name` the operator) or, where the operator is not known, the numbers' first digits (`code`,
 * `name` null); `code` '' gathers the rest of a batch to very many destinations.
 */
export const DestinationCostSchema = z.object({
  code: z.string(),
  name: z.string().nullable(),
  recipients: z.number().int(),
  parts: z.number().int(),
  perPart: z.number().nullable(),
  amount: z.number().nullable(),
  scope: PartPriceSchema.shape.scope.nullable(),
  sample: z.number().int(),
})
export type DestinationCost = z.infer<typeof DestinationCostSchema>

export const ImportSummarySchema = z.object({
  uploadId: UploadId,
  rows: z.number().int(),
  recipients: z.number().int(),
  rejected: z.number().int(),
  byReason: z.partialRecord(RejectReasonSchema, z.number().int()),
  totalParts: z.number().int(),
  /** The first accepted rows, rendered. */
  preview: z.array(
    z.object({ line: z.number().int(), phone: z.string(), text: z.string(), parts: z.number() }),
  ),
  /** The first rejected rows; all of them through import.rejected. */
  rejectedPreview: z.array(RejectedRowSchema),
  /** Template variables that name no column (every row lacks them). */
  unknownVariables: z.array(z.string()),
  /**
   * How the accepted rows' numbers were read: written the local way and read as numbers of
   * `country` (the first such, as written and as sent), and those the numbering plan says are
   * no mobile numbers (an SMS may never reach a landline).
   */
  phones: z.object({
    local: z.number().int(),
    country: z.string().nullable(),
    example: z.object({ written: z.string(), phone: z.string() }).nullable(),
    notMobile: z.number().int(),
    notMobileExample: z.string().nullable(),
  }),
  /**
   * Accepted rows an earlier import of this file with this template already queued: starting
   * skips them (unless `repeat`), so they are not in `recipients`' messages to send.
   */
  alreadyQueued: z.number().int(),
  /** The latest batch made from this file, if any. */
  earlier: EarlierImportSchema.nullable(),
  /**
   * The batch's cost, from its destinations' prices (`destinations`): the provider's own where
   * it names them in advance (`source` provider: every priced destination asked of it), else
   * those it stated lately; `unpricedParts` went to destinations without a price and are not
   * in `amount`. Null when no destination has a price.
   */
  cost: z
    .object({
      perPart: z.number(),
      amount: z.number(),
      sample: z.number().int(),
      source: z.enum(['provider', 'recorded']),
      unpricedParts: z.number().int(),
    })
    .nullable(),
  /** Recipients, parts and cost by destination (the operator of the range), the busiest first. */
  destinations: z.array(DestinationCostSchema),
  profileId: z.string(),
  profileName: z.string(),
  sender: z.string(),
  scheduledAt: z.number().nullable(),
})
export type ImportSummary = z.infer<typeof ImportSummarySchema>

export const BatchCountersSchema = z.object({
  /** Waiting here: queued, scheduled or being handed over. */
  queued: z.number().int(),
  /** Accepted by the provider, no final receipt yet. */
  sent: z.number().int(),
  delivered: z.number().int(),
  /** Failed or expired. */
  failed: z.number().int(),
  uncertain: z.number().int(),
  cancelled: z.number().int(),
})
export type BatchCounters = z.infer<typeof BatchCountersSchema>

export const BatchViewSchema = z.object({
  id: BatchId,
  name: z.string(),
  profileId: z.string(),
  sender: z.string().nullable(),
  state: BatchStateSchema,
  importState: ImportStateSchema,
  /** Messages queued so far (all of them once importState is done). */
  total: z.number().int(),
  rejected: z.number().int(),
  parts: z.number().int(),
  scheduledAt: z.number().nullable(),
  createdAt: z.number(),
  error: z.string().nullable(),
  counters: BatchCountersSchema,
  /** Rows left out because an earlier import of the same file had queued them. */
  skipped: z.number().int(),
  /** The import broke off (the console stopped): Resume queues the rest of the file. */
  resumable: z.boolean(),
  /**
   * Messages waiting for their recipients' quiet hours to end (scheduled by the profile's
   * window, not by the batch's own time).
   */
  held: z.number().int(),
  /** The canary, when the batch has one: where it stands, and its last count. */
  canary: z
    .object({
      first: z.number().int(),
      failPercent: z.number().int(),
      throttlePercent: z.number().int().nullable(),
      state: z.enum(['testing', 'watching', 'paused', 'off']),
      failed: z.number().int().nullable(),
      outcomes: z.number().int().nullable(),
      /** Messages out at the last decision, and those of them throttled first. */
      out: z.number().int().nullable(),
      throttled: z.number().int().nullable(),
      /** Why it paused the batch. */
      cause: z.enum(['failures', 'throttling']).nullable(),
    })
    .nullable(),
  /** The import waits for the disk: how many rows wait to be queued, since when. */
  waiting: z
    .object({
      reason: z.enum(['full', 'failing', 'busy']),
      rows: z.number().int(),
      since: z.number(),
    })
    .nullable(),
})
export type BatchView = z.infer<typeof BatchViewSchema>

/**
 * Whom a stop-list entry holds for: one profile (a provider account), or '' for every profile.
 * A bulk send through a profile skips numbers stopped for it or for every profile.
 */
export const StopScope = z.union([z.literal(''), ProfileId])

export const StopListEntrySchema = z.object({
  phone: z.string(),
  /** The profile it holds for; '' for every profile. */
  profileId: z.string(),
  note: z.string().nullable(),
  addedAt: z.number(),
})
export type StopListEntry = z.infer<typeof StopListEntrySchema>

const batchRef = z.object({ batchId: BatchId }).strict()

export const importsCalls = {
  /** Starts a file upload; chunks follow in order. */
  'import.begin': {
    request: z
      .object({
        name: z.string().trim().min(1).max(255),
        size: z.number().int().min(1, 'the file is empty').max(MAX_UPLOAD_BYTES),
      })
      .strict(),
    response: z.object({ uploadId: UploadId, chunkBytes: z.number().int() }),
  },
  'import.chunk': {
    request: z
      .object({
        uploadId: UploadId,
        seq: z.number().int().min(0),
        dataBase64: z
          .string()
          .min(1)
          .max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4, 'chunk is larger than 150 KiB')
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'chunk is not base64'),
      })
      .strict(),
    response: z.object({ received: z.number().int() }),
  },
  /** The whole file is here: analyse it. */
  'import.finish': {
    request: z.object({ uploadId: UploadId }).strict(),
    response: CsvAnalysisSchema,
  },
  'import.paste': {
    request: z.object({ text: z.string().min(1, 'nothing pasted').max(MAX_PASTE_CHARS) }).strict(),
    response: CsvAnalysisSchema,
  },
  /**
   * Desktop only: main shows the OS open dialog and reads the chosen file in place (no upload
   * through the bridge). `analysis` is null when the operator closed the dialog. Browser mode
   * answers UNAVAILABLE: the page's file input uploads instead.
   */
  'import.openFile': {
    /** The dialog's title, in the operator's language. */
    request: z.object({ title: z.string().trim().min(1).max(100) }).strict(),
    response: z.object({ analysis: CsvAnalysisSchema.nullable() }),
  },
  /**
   * The contacts a filter finds (a group, a tag) as the import's file: columns phone, name and
   * each field they have, usable as the template's variables.
   */
  'import.fromContacts': {
    request: z
      .object({ filter: ContactFilterSchema, name: z.string().trim().min(1).max(100) })
      .strict(),
    response: CsvAnalysisSchema,
  },
  /** Analyse again with the operator's choice of encoding, delimiter or header. */
  'import.analyse': {
    request: z
      .object({
        uploadId: UploadId,
        encoding: CsvEncodingSchema.optional(),
        delimiter: DelimiterSchema.optional(),
        hasHeader: z.boolean().optional(),
        /** A workbook's sheet, by its place (0 = the first). */
        sheet: z.number().int().min(0).max(MAX_SHEETS).optional(),
      })
      .strict(),
    response: CsvAnalysisSchema,
  },
  /** Every row checked against the mapping: the summary shown before sending. */
  'import.validate': { request: ImportMappingSchema, response: ImportSummarySchema },
  /** The rejected rows of the last validation as CSV text (with the reason), page by page. */
  'import.rejected': {
    request: z.object({ uploadId: UploadId, offset: z.number().int().min(0) }).strict(),
    response: z.object({ text: z.string(), nextOffset: z.number().int().nullable() }),
  },
  /** Queue the accepted rows as one batch; progress follows as import.progress events. */
  'import.start': {
    request: z.object({ ...mapping, name: z.string().trim().min(1).max(100).optional() }).strict(),
    response: BatchViewSchema,
  },
  'import.discard': {
    request: z.object({ uploadId: UploadId }).strict(),
    response: z.object({ discarded: z.boolean() }),
  },
  'batch.list': {
    request: z.object({ limit: z.number().int().min(1).max(200).optional() }).strict(),
    response: z.array(BatchViewSchema),
  },
  'batch.get': { request: batchRef, response: BatchViewSchema },
  /** Stops handing the batch's messages to the provider; those already sent go on. */
  'batch.pause': { request: batchRef, response: BatchViewSchema },
  'batch.resume': { request: batchRef, response: BatchViewSchema },
  /**
   * An import that broke off queues the rest of its file, in the same batch: rows already
   * queued are not queued again. From the file it was read from, or from an upload of the same
   * file (same bytes) when that is gone.
   */
  'batch.resumeImport': {
    request: z.object({ batchId: BatchId, uploadId: UploadId.optional() }).strict(),
    response: BatchViewSchema,
  },
  /** Cancels every message of the batch not yet sent. */
  'batch.cancel': { request: batchRef, response: BatchViewSchema },
  /** How many failed and expired messages of the batch have not been sent again yet. */
  'batch.resendable': {
    request: batchRef,
    response: z.object({ count: z.number().int() }),
  },
  /**
   * The batch's failed and expired messages sent again as a new batch (each once, however
   * often this is asked; a number on the stop-list since is left out). The same key again
   * returns the batch it made.
   */
  'batch.resendFailed': {
    request: z.object({ batchId: BatchId, idempotencyKey: z.string().min(8).max(128) }).strict(),
    response: BatchViewSchema,
  },
  /** A page of the list, newest first; `profileId` keeps one scope's entries (none: all). */
  'stoplist.list': {
    request: z
      .object({
        query: z.string().trim().max(32).optional(),
        profileId: StopScope.optional(),
        offset: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    response: z.object({ total: z.number().int(), items: z.array(StopListEntrySchema) }),
  },
  /** Adds numbers for one profile, or for every profile ('', the default). */
  'stoplist.add': {
    request: z
      .object({
        phones: z.array(phone).min(1).max(5000),
        note: z.string().trim().max(200).optional(),
        profileId: StopScope.optional(),
      })
      .strict(),
    response: z.object({ added: z.number().int() }),
  },
  /**
   * Takes the numbers' entries for one scope off the list; without `profileId`, every entry
   * of theirs (they can be messaged again through any profile).
   */
  'stoplist.remove': {
    request: z
      .object({ phones: z.array(phone).min(1).max(5000), profileId: StopScope.optional() })
      .strict(),
    response: z.object({ removed: z.number().int() }),
  },
  /**
   * Takes every number matching the search (a number prefix; none: the whole list) off the
   * stop-list, kept a week under `undoToken` (null: nothing was cleared).
   */
  'stoplist.clear': {
    request: z
      .object({ query: z.string().trim().max(32).optional(), profileId: StopScope.optional() })
      .strict(),
    response: z.object({ cleared: z.number().int(), undoToken: z.string().nullable() }),
  },
  /** Puts a clear's numbers back, notes and dates as they were. */
  'stoplist.undoClear': {
    request: z.object({ undoToken: z.string().regex(/^[0-9a-f-]{36}$/) }).strict(),
    response: z.object({ restored: z.number().int() }),
  },
  /**
   * What a customer whose reply means stop is answered (null: nothing is sent), and whether
   * such a reply stops the number for the profile it came in on only (else for every profile).
   */
  'stoplist.reply': {
    request: z.object({}).strict(),
    response: z.object({ text: z.string().nullable(), perProfile: z.boolean() }),
  },
  /** Sets that answer (null: none): it goes from the number they wrote to, once per opt-out. */
  'stoplist.setReply': {
    request: z.object({ text: text.nullable(), perProfile: z.boolean().optional() }).strict(),
    response: z.object({ text: z.string().nullable(), perProfile: z.boolean() }),
  },
  /** Opt-outs from an uploaded file: every number in the chosen column joins the stop-list. */
  'stoplist.importUpload': {
    request: z
      .object({
        uploadId: UploadId,
        phoneColumn: z.number().int().min(0).max(999),
        note: z.string().trim().max(200).optional(),
        profileId: StopScope.optional(),
      })
      .strict(),
    response: z.object({ added: z.number().int(), invalid: z.number().int() }),
  },
} as const

export const ImportProgressSchema = z.object({
  uploadId: UploadId,
  batchId: BatchId.nullable(),
  step: z.enum(['analyse', 'validate', 'queue', 'stoplist', 'contacts']),
  /** Rows done so far. */
  current: z.number().int(),
  /** Rows in all, when known. */
  total: z.number().int().nullable(),
  done: z.boolean(),
  error: z.string().nullable(),
})
export type ImportProgress = z.infer<typeof ImportProgressSchema>

export const importsEvents = {
  'import.progress': ImportProgressSchema,
  /** A batch changed: its state (paused, resumed, cancelled, import finished) or its counters. */
  'batch.updated': BatchViewSchema,
} as const
