import type { historyCalls } from '../../../shared/calls/history'
import { carrierOf } from '../numbering/carriers'
import type { CoreContext, HandlersFor } from '../context'
import { checkStatus } from '../history/check'
import { readableReceipts } from '../history/receipts'

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
    'reports.trends': async (q) => {
      const { days, reasons, prefixes } = await reads.trends(q)
      // A range's operator, named from the numbering plan's data; unknown ranges together.
      const byOperator = new Map<
        string,
        { code: string; name: string; sent: number; delivered: number; failed: number }
      >()
      for (const p of prefixes) {
        const op = carrierOf(p.prefix) ?? { code: '', name: '' }
        const key = `${op.code}:${op.name}`
        const o = byOperator.get(key) ?? { ...op, sent: 0, delivered: 0, failed: 0 }
        o.sent += p.sent
        o.delivered += p.delivered
        o.failed += p.failed
        byOperator.set(key, o)
      }
      const operators = [...byOperator.values()].sort((a, b) => b.sent - a.sent)
      return { days, reasons, operators }
    },
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
