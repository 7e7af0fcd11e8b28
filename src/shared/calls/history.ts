/** History and live delivery reports: paging, filters, search, export, batches. */
// Calls and push events of this area, spread into the contract (src/shared/contract.ts).
import { z } from 'zod'
import { CSV_DELIMITERS } from '../constants'
import { MessageId, MessageStateSchema, OutboxMessageSchema, ProfileId } from '../domain'

const epochMs = z.number().int().min(0).max(8_640_000_000_000_000)

/** What the History and Delivery reports screens narrow the outbox by; every field optional. */
export const HistoryFilterSchema = z
  .object({
    /** A whole number (11+ digits) matches exactly; fewer digits match anywhere in the number. */
    phone: z
      .string()
      .trim()
      .max(32, 'phone filter is too long')
      .regex(/^[+\d\s().-]*$/, 'phone filter may hold digits, spaces, brackets, dashes and +')
      .optional(),
    /** Substring of the message text, in any case, е and ё alike. */
    text: z.string().max(200, 'text filter is too long').optional(),
    /** Full-text search: every word must occur (as a word or a word's beginning). */
    search: z.string().max(200, 'search is too long').optional(),
    /**
     * The one search box: a phone number or part of it, or terms that must each occur in the
     * text (any case, е and ё alike); see the history store for the exact rules.
     */
    query: z.string().max(200, 'search is too long').optional(),
    states: z.array(MessageStateSchema).max(9).optional(),
    profileId: ProfileId.optional(),
    /** A batch, or null for messages sent one by one. */
    batchId: z.number().int().positive().nullable().optional(),
    /** Created at or after (epoch ms). */
    from: epochMs.optional(),
    /** Created before (epoch ms). */
    to: epochMs.optional(),
  })
  .strict()
  .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, {
    message: 'the date range ends before it starts',
    path: ['to'],
  })
export type HistoryFilter = z.infer<typeof HistoryFilterSchema>

/**
 * Where a page starts, newest first. Scrolling pages by keyset (before / after a row's id, so
 * rows arriving meanwhile never shift a page); `position` is only for a jump of the scrollbar.
 */
export const HistoryCursorSchema = z.union([
  z.object({ before: MessageId }).strict(),
  z.object({ after: MessageId }).strict(),
  z.object({ position: z.number().int().min(0).max(100_000_000) }).strict(),
])
export type HistoryCursor = z.infer<typeof HistoryCursorSchema>

export const BatchSummarySchema = z.object({
  /** null: the messages sent one by one (not part of any batch). */
  id: z.number().int().nullable(),
  name: z.string(),
  profileId: z.string().nullable(),
  total: z.number().int(),
  createdAt: z.number().nullable(),
  counts: z.partialRecord(MessageStateSchema, z.number().int()),
})
export type BatchSummary = z.infer<typeof BatchSummarySchema>

export const RatePointSchema = z.object({
  /** Minutes since the batch started. */
  minute: z.number().int(),
  /** Messages that reached this final state within that minute. */
  delivered: z.number().int(),
  failed: z.number().int(),
  expired: z.number().int(),
})
export type RatePoint = z.infer<typeof RatePointSchema>

export const CheckStatusSchema = z.object({
  message: OutboxMessageSchema,
  /** updated: the provider's answer changed the message; unchanged: it said nothing new. */
  outcome: z.enum(['updated', 'unchanged']),
  /** What the provider said, in its words (English), or null. */
  detail: z.string().nullable(),
})
export type CheckStatusResult = z.infer<typeof CheckStatusSchema>

export { CSV_DELIMITERS }

const ChannelSchema = z.enum(['sms', 'viber', 'whatsapp', 'vk'])

/** One delivery report of a message as stored: what the provider said, and what it charged. */
export const ReceiptViewSchema = z.object({
  receivedAt: z.number(),
  /** The provider's id of what it reports on (a part's own, for a message sent in parts). */
  providerId: z.string(),
  outcome: z.string(),
  /** The provider's status word or code as it came (DELIVRD, 1, deliver, …). */
  stat: z.string(),
  err: z.string().nullable(),
  reason: z.string().nullable(),
  reasonCode: z.string().nullable(),
  channel: ChannelSchema.nullable(),
  /** Total price as the provider stated it. */
  price: z.string().nullable(),
  /** The report as it came (secrets masked before it was stored). */
  raw: z.string(),
  /** What each channel of a cascade cost (smsgate); null for one-channel providers. */
  prices: z.partialRecord(ChannelSchema, z.string()).nullable(),
})
export type ReceiptView = z.infer<typeof ReceiptViewSchema>

/** How every CSV export is written: a chunk's size, the delimiter, local times, the header's words. */
export const CsvExportOptions = {
  limit: z.number().int().min(1).max(5000),
  delimiter: z.enum(CSV_DELIMITERS),
  /** Date.getTimezoneOffset() of the operator's machine: times are written in local time. */
  tzOffsetMinutes: z.number().int().min(-900).max(900),
  lang: z.enum(['en', 'ru']),
}

/** A period of one profile or all, as Delivery reports narrow their trends and spend. */
export const ReportPeriod = {
  profileId: ProfileId.optional(),
  from: epochMs.optional(),
  to: epochMs.optional(),
}

/** A period of one profile or all, counted by day in the operator's time. */
const DaysOfPeriod = z
  .object({
    ...ReportPeriod,
    /** Date.getTimezoneOffset() of the operator's machine: days are the operator's days. */
    tzOffsetMinutes: z.number().int().min(-900).max(900),
  })
  .strict()

export const historyCalls = {
  /** One page of messages, newest first, matching the filter. */
  'history.page': {
    request: z
      .object({
        filter: HistoryFilterSchema,
        cursor: HistoryCursorSchema.optional(),
        limit: z.number().int().min(1).max(500),
      })
      .strict(),
    response: z.object({ rows: z.array(OutboxMessageSchema) }),
  },
  /** How many messages match, and the newest one's id (to notice rows that arrive later). */
  'history.count': {
    request: z.object({ filter: HistoryFilterSchema }).strict(),
    response: z.object({ total: z.number().int(), newestId: z.number().int().nullable() }),
  },
  /**
   * The filtered set as CSV, one chunk at a time: the first chunk (no `before`) starts with a
   * UTF-8 BOM and the header; pass `nextBefore` back for the next until it is null.
   */
  'history.exportCsv': {
    request: z
      .object({
        filter: HistoryFilterSchema,
        before: MessageId.optional(),
        ...CsvExportOptions,
      })
      .strict(),
    response: z.object({
      csv: z.string(),
      rows: z.number().int(),
      nextBefore: z.number().int().nullable(),
    }),
  },
  /** A message's delivery reports, oldest first, with their prices (per channel for cascades). */
  'history.receipts': {
    request: z.object({ id: MessageId }).strict(),
    response: z.array(ReceiptViewSchema),
  },
  /** Batches (newest first) with their messages counted by state, plus one-off messages. */
  'reports.batches': {
    request: z
      .object({
        profileId: ProfileId.optional(),
        from: epochMs.optional(),
        to: epochMs.optional(),
        limit: z.number().int().min(1).max(200).optional(),
      })
      .strict(),
    response: z.array(BatchSummarySchema),
  },
  /** One batch in detail: final outcomes by minute since it started, and its failure reasons. */
  'reports.batch': {
    request: z
      .object({
        batchId: z.number().int().positive().nullable(),
        from: epochMs.optional(),
        to: epochMs.optional(),
        profileId: ProfileId.optional(),
      })
      .strict(),
    response: z.object({
      startedAt: z.number().nullable(),
      total: z.number().int(),
      series: z.array(RatePointSchema),
      reasons: z.array(
        z.object({ error: z.string(), errorCode: z.string().nullable(), count: z.number().int() }),
      ),
      /** What the providers charged for the batch's messages so far (null: not a batch). */
      spent: z.number().nullable().optional(),
    }),
  },
  /** What the providers charged, by day (the operator's) and profile, newest first. */
  'reports.spend': {
    request: DaysOfPeriod,
    response: z.array(
      z.object({
        day: z.string(),
        profileId: z.string(),
        amount: z.number(),
        messages: z.number().int(),
      }),
    ),
  },
  /**
   * A period's trends: messages by day and profile (sent, delivered, failed), failure reasons
   * by day, and delivery by mobile operator (the original operator of the number's range).
   */
  'reports.trends': {
    request: DaysOfPeriod,
    response: z.object({
      days: z.array(
        z.object({
          day: z.string(),
          profileId: z.string(),
          sent: z.number().int(),
          delivered: z.number().int(),
          failed: z.number().int(),
        }),
      ),
      reasons: z.array(
        z.object({
          day: z.string(),
          error: z.string(),
          errorCode: z.string().nullable(),
          count: z.number().int(),
        }),
      ),
      operators: z.array(
        z.object({
          /** The calling code, or '' when the range's operator is not known. */
          code: z.string(),
          name: z.string(),
          sent: z.number().int(),
          delivered: z.number().int(),
          failed: z.number().int(),
        }),
      ),
    }),
  },
  /**
   * Asks the provider now what became of a message (providers with status polling); applies
   * what it says. SMPP has no such query: refused with UNAVAILABLE.
   */
  'reports.checkStatus': {
    request: z.object({ id: MessageId }).strict(),
    response: CheckStatusSchema,
  },
} as const

export const historyEvents = {} as const
