/** The disk under the console's data: whether what it must write is being written. */
// Calls and push events of this area, spread into the contract (src/shared/contract.ts).
import { z } from 'zod'

export const StorageStateSchema = z.object({
  /**
   * 'ok': every write goes through. 'full': the disk has no room. 'failing': writes fail for
   * another reason (read-only, I/O error). 'busy': the database stayed locked by another
   * connection longer than a write waits for it (the disk is fine). Until it is 'ok' again,
   * answers and reports wait in memory and are written as soon as they can be, and bulk
   * imports wait. With several at once, the worst is said: full, then failing, then busy.
   */
  status: z.enum(['ok', 'full', 'failing', 'busy']),
  /** When the problem began (epoch ms), or null when all is well. */
  since: z.number().nullable(),
  /** Provider answers, delivery reports and import rows waiting to be written. */
  waiting: z.number().int(),
  /** What the system said, for the record (English, no data). */
  detail: z.string().nullable(),
})
export type StorageState = z.infer<typeof StorageStateSchema>

export const storageCalls = {
  'storage.state': { request: z.object({}).strict(), response: StorageStateSchema },
} as const

export const storageEvents = {
  /** The storage problem began, changed or cleared. */
  'storage.state': StorageStateSchema,
} as const
