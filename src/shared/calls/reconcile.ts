/**
 * The provider's own record of what was sent, reconciled with ours (SMSC HTTP's deferred export
 * jobs): a job for a period, followed until the provider is done, its file compared with our
 * history of that profile and period, and the differences in four groups.
 */
// Calls and push events of this area, combined into the contract (src/shared/contract.ts).
import { z } from 'zod'
import { MessageId, MessageStateSchema, PhraseRefSchema, ProfileId } from '../domain'
import { DIFFERENCE_KINDS, RECONCILE_STATES } from '../reconcile'

/** A calendar day of the provider's own calendar. */
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is written YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'no such day')

export const ReconcileStateSchema = z.enum(RECONCILE_STATES)
export const DifferenceKindSchema = z.enum(DIFFERENCE_KINDS)

/** How many differences of each kind a comparison found. */
export const DifferenceCountsSchema = z.object({
  theirs: z.number().int(),
  ours: z.number().int(),
  status: z.number().int(),
  price: z.number().int(),
})
export type DifferenceCounts = z.infer<typeof DifferenceCountsSchema>

/** One reconciliation: the provider's job for a period, and what comparing it found. */
export const ReconcileJobSchema = z.object({
  id: z.number().int(),
  profileId: z.string(),
  name: z.string(),
  /** The period, whole days of the provider's calendar, both included. */
  from: z.string(),
  to: z.string(),
  /** The same as epoch ms: from the first day's start to the day after the last one. */
  periodFrom: z.number(),
  periodTo: z.number(),
  state: ReconcileStateSchema,
  /** The provider's id of its export job, once made, and its status code as last listed. */
  providerJobId: z.string().nullable(),
  providerStatus: z.number().int().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** When the console asks the provider next (an open job); null: it does not. */
  nextCheckAt: z.number().nullable(),
  comparedAt: z.number().nullable(),
  /**
   * Why it ended without a comparison (failed, cancelled, error), or, while it is open, why
   * the last question to the provider failed (it is asked again at nextCheckAt).
   */
  error: z.string().nullable(),
  errorPhrase: PhraseRefSchema.nullable(),
  /** What the comparison found (compared only). */
  counts: DifferenceCountsSchema.nullable(),
  /** Messages in the provider's file, and ours of the period. */
  providerRows: z.number().int().nullable(),
  ourRows: z.number().int().nullable(),
  /** Status differences of uncertain messages of ours whose status may still be adopted. */
  adoptable: z.number().int(),
})
export type ReconcileJob = z.infer<typeof ReconcileJobSchema>

/** One difference between the provider's record and ours. */
export const DifferenceSchema = z.object({
  id: z.number().int(),
  jobId: z.number().int(),
  kind: DifferenceKindSchema,
  /** Our message (absent for a message only the provider has). */
  messageId: MessageId.nullable(),
  /** The provider's id of the message (absent for one only we have). */
  providerId: z.string().nullable(),
  phone: z.string(),
  /** When it was sent: the provider's time, else when we queued it. */
  at: z.number().nullable(),
  /** Ours, when the comparison was made. */
  ourState: MessageStateSchema.nullable(),
  ourPrice: z.number().nullable(),
  /** Theirs: the status code as the provider wrote it, its meaning and its price. */
  theirStatus: z.string().nullable(),
  theirErr: z.string().nullable(),
  theirOutcome: z.string().nullable(),
  theirReason: z.string().nullable(),
  theirReasonCode: z.string().nullable(),
  theirPrice: z.number().nullable(),
  /** The provider's text of it (a message sent from elsewhere says what it was). */
  text: z.string().nullable(),
  /** Ours is uncertain and the provider states a status: it can be adopted. */
  adoptable: z.boolean(),
  adoptedAt: z.number().nullable(),
})
export type Difference = z.infer<typeof DifferenceSchema>

const JobRef = z.object({ id: z.number().int().positive() }).strict()

export const reconcileCalls = {
  /**
   * Asks the profile's provider to export what the account sent in a period (whole days of the
   * provider's calendar): the job is followed until the provider is done, then compared.
   */
  'reconcile.start': {
    request: z
      .object({
        profileId: ProfileId,
        from: Day,
        to: Day,
        /** The same key again (a double click, a retried call) starts nothing new. */
        requestKey: z.string().min(8).max(100).optional(),
      })
      .strict(),
    response: ReconcileJobSchema,
  },
  /** Reconciliations, the newest first (a profile's, or every profile's). */
  'reconcile.jobs': {
    request: z
      .object({
        profileId: ProfileId.optional(),
        limit: z.number().int().min(1).max(200).optional(),
      })
      .strict(),
    response: z.array(ReconcileJobSchema),
  },
  'reconcile.job': {
    request: JobRef,
    response: ReconcileJobSchema,
  },
  /**
   * Asks the provider about an open job now instead of at its next check; refused, saying when
   * it may be asked, while the provider would refuse the request as too frequent.
   */
  'reconcile.check': {
    request: JobRef,
    response: ReconcileJobSchema,
  },
  /** A compared job's differences, of one kind or all, in pages. */
  'reconcile.differences': {
    request: z
      .object({
        id: z.number().int().positive(),
        kind: DifferenceKindSchema.optional(),
        offset: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    response: z.object({ rows: z.array(DifferenceSchema), total: z.number().int() }),
  },
  /**
   * The provider's status adopted for uncertain messages of ours: these differences, or every
   * adoptable one of the job. Each moves through the outbox's own moves (its trail records it,
   * and it is pushed); a message no longer uncertain is left as it is, and said so.
   */
  'reconcile.adopt': {
    request: z
      .object({
        id: z.number().int().positive(),
        differenceIds: z.array(z.number().int().positive()).min(1).max(1000).optional(),
      })
      .strict(),
    response: z.object({
      adopted: z.number().int(),
      skipped: z.array(
        z.object({
          differenceId: z.number().int(),
          messageId: MessageId.nullable(),
          reason: z.string(),
          phrase: PhraseRefSchema.optional(),
        }),
      ),
      job: ReconcileJobSchema,
    }),
  },
} as const

export const reconcileEvents = {
  /** A reconciliation changed: its provider's job moved, it was compared, or it ended. */
  'reconcile.job': ReconcileJobSchema,
} as const
