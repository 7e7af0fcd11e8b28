/** The console itself: which version runs, and in which mode. */
// Calls and push events of this area, combined into the contract (src/shared/contract.ts).
import { z } from 'zod'
import { AppInfoSchema } from '../domain'

export const appCalls = {
  'app.info': { request: z.object({}).strict(), response: AppInfoSchema },
} as const

export const appEvents = {} as const
