// A database for History's tests on a real SQLite file: migrated (up to a version, to stand for
// an older one), the sandbox profiles in it, closed after the test; and messages to fill it.
import { join } from 'node:path'
import { openDatabase, type Db } from '../../src/main/core/db/database'
import { migrations } from '../../src/main/core/db/migrations'
import type { NewMessage } from '../../src/main/core/outbox/outbox'
import { sandboxProfiles } from '../../src/main/core/profiles/input'
import { ProfileStore } from '../../src/main/core/profiles/profiles'
import type { Scratch } from './scratch'

export function historyDb(scratch: Scratch, file = 'console.db', upTo = migrations.length): Db {
  const db = openDatabase(join(scratch.dir, file), { migrations: migrations.slice(0, upTo) })
  scratch.cleanup(() => db.open && db.close())
  new ProfileStore(db).ensureSandbox(sandboxProfiles())
  return db
}

/** Message `i` of a test: its own phone number, from the sandbox. */
export const historyMessage = (i: number, text: string): NewMessage => ({
  profileId: 'sandbox',
  sender: 'Shop',
  phone: `9929${String(i).padStart(8, '0')}`,
  text,
  priority: 1,
})
