import type { historyCalls } from '../../../shared/calls/history'
import type { CoreContext, HandlersFor } from '../context'
import { checkStatus } from '../history/check'
import { readableReceipts } from '../history/receipts'
import { readTrends } from '../history/trends'

export function createHistoryHandlers(ctx: CoreContext): HandlersFor<typeof historyCalls> {
  const reads = ctx.history
  const profileName = async (id: string) => (await ctx.profiles.get(id))?.name ?? id
  return {
    'history.page': async ({ filter, cursor, limit }) => ({
      rows: await reads.page(filter, cursor, limit),
    }),
    'history.count': ({ filter }) => reads.count(filter),
    'history.exportCsv': async ({ filter, before, limit, delimiter, tzOffsetMinutes, lang }) =>
      reads.exportChunk(filter, before, limit, {
        delimiter,
        tzOffsetMinutes,
        lang,
        profileNames: Object.fromEntries((await ctx.profiles.list()).map((p) => [p.id, p.name])),
      }),
    'history.receipts': async ({ id }) => readableReceipts(await reads.receipts(id)),
    'reports.batches': (q) => reads.batches(q),
    'reports.batch': ({ batchId, ...scope }) => reads.batchDetail(batchId, scope),
    'reports.spend': (q) => reads.spend(q),
    'reports.trends': (q) => readTrends(reads, q),
    'reports.checkStatus': ({ id }) =>
      checkStatus(
        {
          outbox: ctx.outbox,
          connection: ctx.connection,
          profileName,
          emitMessages: ctx.emitMessages,
        },
        id,
      ),
  }
}
