import { randomUUID } from 'node:crypto'
import { UPLOAD_CHUNK_BYTES, type importsCalls } from '../../../shared/calls/imports'
import { refuse } from './router'
import type { CoreContext, HandlersFor } from '../context'
import { ImportService } from '../imports/service'

const services = new WeakMap<CoreContext, ImportService>()

/** Stop-list entries cleared or put back per transaction. */
const STOP_CHUNK = 2000

/**
 * The import service of a core: the Electron shell reaches importFromFile(path) through this
 * after its own open dialog — a path never comes over the bridge.
 */
export function importServiceFor(
  ctx: CoreContext,
  keptSources: readonly string[] = [],
): ImportService {
  let service = services.get(ctx)
  if (!service) {
    service = new ImportService(ctx, keptSources)
    services.set(ctx, service)
  }
  return service
}

export function createImportsHandlers(ctx: CoreContext): HandlersFor<typeof importsCalls> {
  const s = importServiceFor(ctx)
  return {
    'import.begin': ({ name, size }) => ({
      uploadId: s.begin(name, size),
      chunkBytes: UPLOAD_CHUNK_BYTES,
    }),
    'import.chunk': ({ uploadId, seq, dataBase64 }) => ({
      received: s.chunk(uploadId, seq, dataBase64),
    }),
    'import.finish': ({ uploadId }) => s.finish(uploadId),
    'import.paste': ({ text }) => s.paste(text),
    'import.fromContacts': ({ filter, name }) => s.fromContacts(filter, name),
    'import.openFile': async ({ title }) => {
      const choose = ctx.options.chooseImportFile
      if (!choose) throw refuse('UNAVAILABLE', 'import.desktopOnly')
      const path = await choose(title)
      return { analysis: path === null ? null : await s.importFromFile(path) }
    },
    'import.analyse': ({ uploadId, encoding, delimiter, hasHeader, sheet }) =>
      s.reanalyse(uploadId, { encoding, delimiter, hasHeader, sheet }),
    'import.validate': (mapping) => s.validate(mapping),
    'import.rejected': ({ uploadId, offset }) => s.rejectedPage(uploadId, offset),
    'import.start': (request) => s.start(request),
    'import.discard': ({ uploadId }) => ({ discarded: s.discard(uploadId) }),
    'batch.list': ({ limit }) => s.list(limit ?? 50),
    'batch.get': ({ batchId }) => s.get(batchId),
    'batch.pause': ({ batchId }) => s.pause(batchId),
    'batch.resume': ({ batchId }) => s.resume(batchId),
    'batch.resumeImport': ({ batchId, uploadId }) => s.resumeImport(batchId, uploadId),
    'batch.cancel': ({ batchId }) => s.cancel(batchId),
    'batch.resendable': async ({ batchId }) => ({
      count: await ctx.outbox.resendableCount(batchId),
    }),
    'batch.resendFailed': ({ batchId, idempotencyKey }) => s.resendFailed(batchId, idempotencyKey),
    'stoplist.list': ({ query, offset, limit, profileId }) =>
      ctx.imports.stopList.page(query ?? null, offset ?? 0, limit ?? 100, profileId ?? null),
    'stoplist.add': async ({ phones, note, profileId }) => ({
      added: await s.addStopped(phones, note ?? null, profileId ?? ''),
    }),
    'stoplist.remove': async ({ phones, profileId }) => ({
      removed: await s.removeStopped(phones, profileId ?? null),
    }),
    'stoplist.clear': async ({ query, profileId }) => {
      const token = randomUUID()
      let cleared = 0
      // A chunk per transaction: a long list never holds the database for long.
      for (;;) {
        const n = await ctx.imports.stopList.clearChunk(
          query || null,
          profileId ?? null,
          token,
          STOP_CHUNK,
        )
        cleared += n
        if (n < STOP_CHUNK) break
      }
      return { cleared, undoToken: cleared > 0 ? token : null }
    },
    'stoplist.undoClear': async ({ undoToken }) => {
      let restored = 0
      for (;;) {
        const chunk = await ctx.imports.stopList.undoChunk(undoToken, STOP_CHUNK)
        restored += chunk.restored
        if (chunk.moved < STOP_CHUNK) break
      }
      return { restored }
    },
    'stoplist.reply': async () => ({
      text: await ctx.imports.stopList.reply(),
      perProfile: await ctx.imports.stopList.perProfileOptOut(),
    }),
    'stoplist.setReply': async ({ text, perProfile }) => {
      const answer = text !== null && text.trim() !== '' ? text : null
      await ctx.imports.stopList.setReply(answer)
      if (perProfile !== undefined) await ctx.imports.stopList.setPerProfileOptOut(perProfile)
      return { text: answer, perProfile: await ctx.imports.stopList.perProfileOptOut() }
    },
    'stoplist.importUpload': ({ uploadId, phoneColumn, note, profileId }) =>
      s.importStopList(uploadId, phoneColumn, note ?? null, profileId ?? ''),
  }
}
