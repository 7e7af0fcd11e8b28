/**
 * Numbers verified by the customer's call (SMSC wait_call.php), on SQLite: each request with the
 * number given to call and its 15-minute window, and the `[waitcall]` that verified it. The call
 * is taken in the inbox's own transaction (SqliteInboxStore.record calls `confirmCalls`), so a
 * verification is verified exactly when its call is stored. A state is read from the times
 * (src/shared/verification.ts), never stored. Nothing else builds SQL for verifications.
 */
import type { Verification } from '../../../shared/calls/verification'
import { peerOf } from '../../../shared/constants'
import type { InboundMessage } from '../../../shared/contract'
import { callVerifies, isWaitCall, verificationState } from '../../../shared/verification'
import type { Db } from '../db/database'
import type { VerificationsStore } from '../stores/stores'

/** A verification as the handler starts it: the customer's number normalised (digits). */
export interface NewVerification {
  profileId: string
  phone: string
  callPhone: string
  allPhones: readonly string[]
  requestedAt: number
  expiresAt: number
}

/** A verifications row as either database returns it (all_phones: JSON text, or JSONB). */
export interface VerificationRow {
  id: number
  profile_id: string
  phone: string
  call_phone: string
  all_phones: string | unknown[]
  requested_at: number
  expires_at: number
  verified_at: number | null
  inbound_id: number | null
}

export function toVerification(r: VerificationRow, now: number): Verification {
  let all: unknown = r.all_phones
  if (typeof all === 'string') {
    try {
      all = JSON.parse(all)
    } catch {
      all = []
    }
  }
  const v = {
    id: r.id,
    profileId: r.profile_id,
    phone: r.phone,
    callPhone: r.call_phone,
    allPhones: Array.isArray(all) ? all.filter((x): x is string => typeof x === 'string') : [],
    requestedAt: r.requested_at,
    expiresAt: r.expires_at,
    verifiedAt: r.verified_at,
  }
  return { ...v, state: verificationState(v, now) }
}

/** The verifying calls among messages just stored, with the customer each came from. */
export function waitCallsOf(
  stored: readonly InboundMessage[],
): Array<{ message: InboundMessage; phone: string }> {
  return stored
    .filter((m) => isWaitCall(m.text))
    .map((m) => ({ message: m, phone: peerOf(m.from) }))
}

/** The verification a call verifies among a customer's still-waiting ones (newest first). */
export function verifiedBy<R extends VerificationRow>(
  waiting: readonly R[],
  calledAt: number,
): R | undefined {
  return waiting.find((r) =>
    callVerifies(
      { requestedAt: r.requested_at, expiresAt: r.expires_at, verifiedAt: r.verified_at },
      calledAt,
    ),
  )
}

export class VerificationStore {
  private readonly s

  constructor(
    db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.s = {
      insert: db.prepare(`INSERT INTO verifications
          (profile_id, phone, call_phone, all_phones, requested_at, expires_at)
        VALUES (@profileId, @phone, @callPhone, @allPhones, @requestedAt, @expiresAt)
        RETURNING *`),
      get: db.prepare('SELECT * FROM verifications WHERE id = ?'),
      latest: db.prepare(`SELECT * FROM verifications WHERE id IN (SELECT max(id)
          FROM verifications WHERE phone IN (SELECT value FROM json_each(?)) GROUP BY phone)
        ORDER BY id DESC`),
      recent: db.prepare(`SELECT * FROM verifications
        WHERE id IN (SELECT max(id) FROM verifications GROUP BY phone) ORDER BY id DESC LIMIT ?`),
      waiting: db.prepare(`SELECT * FROM verifications
        WHERE phone = ? AND profile_id = ? AND verified_at IS NULL ORDER BY id DESC LIMIT 20`),
      verify: db.prepare(`UPDATE verifications SET verified_at = ?, inbound_id = ?
        WHERE id = ? AND verified_at IS NULL RETURNING *`),
      read: db.prepare('UPDATE inbound_messages SET read_at = ? WHERE id = ? AND read_at IS NULL'),
    }
  }

  start(v: NewVerification): Verification {
    const row = this.s.insert.get({
      ...v,
      allPhones: JSON.stringify(v.allPhones),
    }) as VerificationRow
    return toVerification(row, this.now())
  }

  get(id: number): Verification | null {
    const row = this.s.get.get(id) as VerificationRow | undefined
    return row ? toVerification(row, this.now()) : null
  }

  /** The latest verification of each of these numbers (digits), newest first. */
  latest(phones: readonly string[]): Verification[] {
    if (phones.length === 0) return []
    const now = this.now()
    return (this.s.latest.all(JSON.stringify(phones)) as VerificationRow[]).map((r) =>
      toVerification(r, now),
    )
  }

  /** The latest verification of each number, newest first. */
  recent(limit: number): Verification[] {
    const now = this.now()
    return (this.s.recent.all(limit) as VerificationRow[]).map((r) => toVerification(r, now))
  }

  /**
   * Inside the transaction that stored `stored`: each `[waitcall]` among them is marked read (a
   * call recorded is no customer's message waiting for an answer) and verifies the newest of its
   * customer's verifications on that profile still waiting for it, when the call falls in its
   * window. Returns the verifications it verified.
   */
  confirmCalls(stored: readonly InboundMessage[]): Verification[] {
    const now = this.now()
    const out: Verification[] = []
    for (const { message, phone } of waitCallsOf(stored)) {
      this.s.read.run(now, message.id)
      const waiting = this.s.waiting.all(phone, message.profileId) as VerificationRow[]
      const target = verifiedBy(waiting, message.receivedAt)
      if (!target) continue
      const row = this.s.verify.get(message.receivedAt, message.id, target.id) as
        VerificationRow | undefined
      if (row) out.push(toVerification(row, now))
    }
    return out
  }
}

/** The store interface on SQLite (through the storage worker like every other store). */
export class SqliteVerificationsStore implements VerificationsStore {
  constructor(readonly verifications: VerificationStore) {}

  async start(v: NewVerification) {
    return this.verifications.start(v)
  }
  async get(id: number) {
    return this.verifications.get(id)
  }
  async latest(phones: readonly string[]) {
    return this.verifications.latest(phones)
  }
  async recent(limit: number) {
    return this.verifications.recent(limit)
  }
}
