// A database for History's tests on a real SQLite file: migrated (up to a version, to stand for
// an older one), the sandbox profiles in it, closed after the test; and messages to fill it.
import { join } from 'node:path'
import { openDatabase, type Db } from '../../src/main/core/db/database'
import { migrations } from '../../src/main/core/db/migrations'
import type { NewMessage } from '../../src/main/core/outbox/outbox'
import { sandboxProfiles } from '../../src/main/core/profiles/input'
import { ProfileStore } from '../../src/main/core/profiles/profiles'
import { analyzeSms } from '../../src/shared/sms'
import type { Scratch } from './scratch'

export function historyDb(scratch: Scratch, file = 'console.db', upTo = migrations.length): Db {
  const db = openDatabase(join(scratch.dir, file), { migrations: migrations.slice(0, upTo) })
  scratch.cleanup(() => db.open && db.close())
  addSandboxes(db, upTo)
  return db
}

/** The schema version whose profiles table first had every column ProfileStore writes. */
const PROFILE_COLUMNS_VERSION =
  migrations.find((m) => m.name === 'quiet hours')?.version ?? migrations.length

/** The sandbox profiles, as a database migrated up to `version` holds them. */
export function addSandboxes(db: Db, version: number): void {
  if (version >= PROFILE_COLUMNS_VERSION) {
    new ProfileStore(db).ensureSandbox(sandboxProfiles())
    return
  }
  // An older database's profiles table lacks today's columns.
  const insert = db.prepare(`INSERT INTO profiles
    (id, name, kind, sandbox, settings, senders, fallback_profile_id, created_at)
    VALUES (@id, @name, @kind, 1, @settings, @senders, NULL, 0)`)
  for (const p of sandboxProfiles()) {
    insert.run({
      id: p.id,
      name: p.name,
      kind: p.kind,
      settings: JSON.stringify(p.settings),
      senders: JSON.stringify(p.senders),
    })
  }
}

/** Message `i` of a test: its own phone number, from the sandbox. */
export const historyMessage = (i: number, text: string): NewMessage => ({
  profileId: 'sandbox',
  sender: 'Shop',
  phone: `9929${String(i).padStart(8, '0')}`,
  text,
  priority: 1,
})

/**
 * Messages stored as an older version stored them: the columns every version since the first
 * has, written with plain SQL (today's outbox writes columns an older database does not have).
 */
export function storeAsOlderVersion(db: Db, messages: readonly NewMessage[], now = 1000): void {
  const insert = db.prepare(`INSERT INTO messages (idempotency_key, profile_id, sender, phone,
      text, encoding, parts, state, priority, next_attempt_at, created_at, updated_at)
    VALUES (@key, @profileId, @sender, @phone, @text, @encoding, @parts, 'queued', @priority,
      @now, @now, @now)`)
  db.transaction(() => {
    messages.forEach((m, i) => {
      const a = analyzeSms(m.text)
      insert.run({
        key: m.idempotencyKey ?? `older-${now}-${i}`,
        profileId: m.profileId,
        sender: m.sender,
        phone: m.phone,
        text: m.text,
        encoding: a.encoding,
        parts: a.parts,
        priority: m.priority ?? 0,
        now,
      })
    })
  })()
}
