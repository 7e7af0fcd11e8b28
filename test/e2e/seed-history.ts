// A data dir holding a large history, written before the console starts: the database is opened
// (and migrated) by the core's own code, the sandbox profiles are the core's own, and the rows go
// in through one prepared statement in one transaction, so the FTS triggers and every index are
// the real ones. `seededMessage(id)` says what any row holds, so a test knows without asking.
import { join } from 'node:path'
import { openDatabase } from '../../src/main/core/db/database'
import { BLOCK_BITS } from '../../src/main/core/history/search-index'
import { ProfileStore, SANDBOX_PROFILE_ID } from '../../src/main/core/profiles/profiles'
import type { MessageState } from '../../src/shared/contract'
import { analyzeSms } from '../../src/shared/sms'
import { sandboxProfiles } from '../../src/main/core/profiles/input'

export interface SeededMessage {
  id: number
  profileId: string
  sender: string
  phone: string
  text: string
  state: MessageState
  error: string | null
  errorCode: string | null
  createdAt: number
}

/** 2025-01-01T00:00:00Z; one message every 15 s from there spans about six months per million. */
export const SEED_START = Date.UTC(2025, 0, 1)
const STEP_MS = 15_000
/** Phones repeat with this period: over a million messages each number gets four. */
export const PHONE_PERIOD = 250_000
/** Every this many messages one is about a parcel held in Dushanbe: the rare full-text hit. */
export const PARCEL_EVERY = 10_000
export const PARCEL_OFFSET = 5_000

/** A 12-digit Tajik mobile number; 7919 is prime, so ids map one-to-one onto the period. */
export function phoneOf(id: number): string {
  return `99290${String((id * 7919) % PHONE_PERIOD).padStart(7, '0')}`
}

function codeOf(id: number): string {
  return String(100_000 + ((id * 7331) % 900_000))
}

function textOf(id: number): string {
  if (id % PARCEL_EVERY === PARCEL_OFFSET) {
    return `Посылка ждёт вас на складе в Душанбе, заказ ${id}`
  }
  switch (id % 8) {
    case 0:
      return `Ваш заказ №${id} готов к выдаче`
    case 1:
      return `Код подтверждения: ${codeOf(id)}`
    case 2:
      return `Your order #${id} has shipped`
    case 3:
      return `Скидка 10% до пятницы, клиент ${id}`
    case 4:
      return `Reminder: visit desk ${id % 40} tomorrow at 10:00`
    case 5:
      return `Баланс пополнен на ${id % 500} сомони`
    case 6:
      return `Your verification code is ${codeOf(id)}`
    default:
      return `Спасибо за покупку! Чек ${id}`
  }
}

function outcomeOf(id: number): Pick<SeededMessage, 'state' | 'error' | 'errorCode'> {
  if (id % 1000 === 7) {
    return {
      state: 'uncertain',
      error:
        'No answer from the provider (timeout after 30 s); it may have been sent. Resend it or mark it failed.',
      errorCode: 'outbox:uncertain',
    }
  }
  if (id % 1000 === 13) {
    return {
      state: 'cancelled',
      error: 'Cancelled with its batch',
      errorCode: 'outbox:batch-cancelled',
    }
  }
  switch (id % 20) {
    case 0:
      return {
        state: 'failed',
        error: 'Delivery report UNDELIV (error 001)',
        errorCode: 'smpp:stat:UNDELIV',
      }
    case 11:
      return {
        state: 'failed',
        error: 'Rejected by the provider: ESME_RINVDSTADR (0x0B): Invalid destination address',
        errorCode: 'smpp:status:0x0000000b',
      }
    case 17:
      return { state: 'expired', error: 'Delivery report EXPIRED', errorCode: 'smpp:stat:EXPIRED' }
    default:
      return { state: 'delivered', error: null, errorCode: null }
  }
}

/** What message `id` (1 = oldest) of the seed holds. */
export function seededMessage(id: number): SeededMessage {
  const profileId = id % 3 === 0 ? 'sandbox-osonsms' : SANDBOX_PROFILE_ID
  return {
    id,
    profileId,
    sender: id % 3 === 0 ? 'InfoDesk' : id % 3 === 1 ? 'SANDBOX' : '7781',
    phone: phoneOf(id),
    text: textOf(id),
    ...outcomeOf(id),
    createdAt: SEED_START + (id - 1) * STEP_MS,
  }
}

/** Ids (newest first) of the seeded messages `match` picks. */
export function seededIds(count: number, match: (m: SeededMessage) => boolean): number[] {
  const out: number[] = []
  for (let id = count; id >= 1; id--) if (match(seededMessage(id))) out.push(id)
  return out
}

/**
 * Writes `count` messages into `dataDir`'s console.db, creating and migrating it. The rows are
 * staged in a temporary table, then moved with one INSERT … SELECT: FTS5 writes its pending terms
 * out at the end of every statement, so a statement per row would spend most of its time there.
 */
export function seedHistory(dataDir: string, count: number): void {
  const db = openDatabase(join(dataDir, 'console.db'))
  try {
    // The sandbox profiles, exactly as the console creates them, so the rows have owners.
    new ProfileStore(db).ensureSandbox(sandboxProfiles())
    // A throwaway seed: no need to wait on the disk for every page.
    db.pragma('synchronous = OFF')
    db.pragma('cache_size = -262144')
    db.exec(`CREATE TEMP TABLE seed (
      id INTEGER PRIMARY KEY, profile_id TEXT, sender TEXT, phone TEXT, text TEXT,
      encoding TEXT, parts INTEGER, state TEXT, error TEXT, error_code TEXT, created_at INTEGER)`)
    const stage = db.prepare(`INSERT INTO temp.seed VALUES
      (@id, @profileId, @sender, @phone, @text, @encoding, @parts, @state, @error, @errorCode,
       @createdAt)`)
    db.transaction(() => {
      for (let id = 1; id <= count; id++) {
        const m = seededMessage(id)
        const { encoding, parts } = analyzeSms(m.text)
        stage.run({ ...m, encoding, parts })
      }
      db.exec(`INSERT INTO messages
        (id, idempotency_key, profile_id, batch_id, sender, phone, text, encoding, parts, state,
         provider_ids, priority, attempts, next_attempt_at, error, error_code, created_at,
         updated_at)
        SELECT id, printf('seed-%08d', id), profile_id, NULL, sender, phone, text, encoding, parts, state,
          CASE WHEN state IN ('cancelled', 'uncertain') THEN '[]'
            ELSE '["' || printf('%x', id) || '"]' END,
          0, state <> 'cancelled', created_at, error, error_code, created_at,
          created_at + 4000 + (id % 60) * 1000
        FROM temp.seed ORDER BY id`)
      // The console indexes what the outbox stores in the background (history/search-index);
      // a seed builds the words index and the block counts at once itself and says so with
      // their marks, and leaves the trigram index to the console's worker.
      db.exec('INSERT INTO messages_fts(rowid, text) SELECT id, text FROM messages')
      db.exec(`INSERT INTO message_blocks (block, n)
        SELECT id >> ${BLOCK_BITS}, COUNT(*) FROM messages GROUP BY 1`)
      db.exec(`UPDATE meta SET value = (SELECT MAX(id) FROM messages)
        WHERE key IN ('indexed_words', 'indexed_blocks')`)
      db.exec('DROP TABLE temp.seed')
    })()
    // No ANALYZE: the console never runs one, so its queries must plan well without statistics.
  } finally {
    db.close()
  }
}
