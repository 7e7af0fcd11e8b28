// What the import uses of the core, for the benchmarks that drive it (bench/import.ts,
// bench/group-send.ts): the stores on one SQLite file, History's reader, the sandbox profile.
import { join } from 'node:path'
import type { CoreContext } from '../src/main/core/context'
import { openDatabase, type Db } from '../src/main/core/db/database'
import { openHistoryReader } from '../src/main/core/history/reader'
import { sandboxProfiles } from '../src/main/core/profiles/input'
import { ProfileStore } from '../src/main/core/profiles/profiles'
import { StorageHealth } from '../src/main/core/storage/health'
import { sqliteStores } from '../src/main/core/stores/sqlite'
import type { ImportService } from '../src/main/core/imports/service'

/** What the import uses of the core, and nothing else (no profile runs, nothing is sent). */
export async function importContext(dir: string): Promise<{ ctx: CoreContext; db: Db }> {
  const db = openDatabase(join(dir, 'console.db'))
  const sandbox = new ProfileStore(db).ensureSandbox(sandboxProfiles())
  const ctx = {
    options: { dataDir: dir, mode: 'browser', version: 'bench' },
    ...sqliteStores(db),
    log: () => {},
    emit: () => {},
    requireProfile: async (id: string) => {
      if (id !== sandbox.id) throw new Error(`no profile ${id}`)
      return sandbox
    },
    connection: () => null,
    wake: () => {},
    storage: new StorageHealth(() => {}),
    history: await openHistoryReader(db, { log: () => {} }),
  }
  return { ctx: ctx as unknown as CoreContext, db }
}

/**
 * The analysed file checked for its summary and queued as one batch, until every row is queued:
 * when the check ended. Waits on the batch's row alone: counting a growing batch's messages
 * every few milliseconds would measure the counting, not the import.
 */
export async function checkAndQueue(
  service: ImportService,
  analysis: { uploadId: string; phoneColumn: number },
  template: string,
  rows: number,
): Promise<{ checkedAt: number }> {
  const mapping = {
    uploadId: analysis.uploadId,
    profileId: 'sandbox',
    sender: 'Bench',
    phoneColumn: analysis.phoneColumn,
    template,
  }
  const summary = await service.validate(mapping)
  if (summary.recipients !== rows) throw new Error(`checked ${summary.recipients} of ${rows}`)
  const checkedAt = performance.now()
  const batch = await service.start(mapping)
  for (;;) {
    const row = await service.store.batch(batch.id)
    if (row && row.import_state !== 'importing') {
      if (row.total !== rows) throw new Error(`queued ${row.total} of ${rows}: ${row.error}`)
      return { checkedAt }
    }
    await new Promise((r) => setTimeout(r, 20))
  }
}
