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
