import type { historyCalls } from '../../../shared/calls/history'
import type { CoreContext, HandlersFor } from '../context'
import { checkStatus } from '../history/check'
import { HistoryStore } from '../history/store'

export function createHistoryHandlers(ctx: CoreContext): HandlersFor<typeof historyCalls> {
  const store = new HistoryStore(ctx.db)
  const profileName = (id: string) => ctx.profiles.get(id)?.name ?? id
  return {
    'history.page': ({ filter, cursor, limit }) => ({ rows: store.page(filter, cursor, limit) }),
    'history.count': ({ filter }) => store.count(filter),
    'history.exportCsv': ({ filter, before, limit, delimiter, tzOffsetMinutes, lang }) =>
      store.exportChunk(filter, before, limit, { delimiter, tzOffsetMinutes, lang, profileName }),
    'history.receipts': ({ id }) => store.receipts(id),
    'reports.batches': (q) => store.batches(q),
    'reports.batch': ({ batchId, ...scope }) => store.batchDetail(batchId, scope),
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
