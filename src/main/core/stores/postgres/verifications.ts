/**
 * Numbers verified by the customer's call on PostgreSQL (a team server's): the same results as
 * SQLite's VerificationStore (the same store tests run against both). A `[waitcall]` is taken
 * in the inbox's transaction (PgInbox.record calls `confirmIn`), so every server on the database
 * sees a number verified the moment its call is stored.
 */
import type { PoolClient } from 'pg'
import type { Verification } from '../../../../shared/calls/verification'
import type { InboundMessage } from '../../../../shared/contract'
import {
  toVerification,
  verifiedBy,
  waitCallsOf,
  type NewVerification,
  type VerificationRow,
} from '../../verification/store'
import type { VerificationsStore } from '../stores'
import type { PgDatabase } from './database'

export class PgVerifications implements VerificationsStore {
  constructor(
    private readonly db: PgDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  async start(v: NewVerification): Promise<Verification> {
    const r = await this.db.pool.query<VerificationRow>(
      `INSERT INTO verifications
        (profile_id, phone, call_phone, all_phones, requested_at, expires_at)
      VALUES ($1, $2, $3, $4::jsonb, $5, $6) RETURNING *`,
      [v.profileId, v.phone, v.callPhone, JSON.stringify(v.allPhones), v.requestedAt, v.expiresAt],
    )
    return toVerification(r.rows[0] as VerificationRow, this.now())
  }

  async get(id: number): Promise<Verification | null> {
    const r = await this.db.pool.query<VerificationRow>(
      'SELECT * FROM verifications WHERE id = $1',
      [id],
    )
    const row = r.rows[0]
    return row ? toVerification(row, this.now()) : null
  }

  /** The latest verification of each of these numbers (digits), newest first. */
  async latest(phones: readonly string[]): Promise<Verification[]> {
    if (phones.length === 0) return []
    const r = await this.db.pool.query<VerificationRow>(
      `SELECT DISTINCT ON (phone) * FROM verifications WHERE phone = ANY($1::text[])
      ORDER BY phone, id DESC`,
      [[...phones]],
    )
    const now = this.now()
    return r.rows.sort((a, b) => b.id - a.id).map((row) => toVerification(row, now))
  }

  /** The latest verification of each number, newest first. */
  async recent(limit: number): Promise<Verification[]> {
    const r = await this.db.pool.query<VerificationRow>(
      `SELECT * FROM (SELECT DISTINCT ON (phone) * FROM verifications ORDER BY phone, id DESC) v
      ORDER BY id DESC LIMIT $1`,
      [limit],
    )
    const now = this.now()
    return r.rows.map((row) => toVerification(row, now))
  }

  /**
   * On the transaction that stored `stored`: as SQLite's confirmCalls, each `[waitcall]` marked
   * read and verifying the newest of its customer's verifications on that profile still waiting
   * for it, when the call falls in its window. Returns the verifications it verified.
   */
  async confirmIn(c: PoolClient, stored: readonly InboundMessage[]): Promise<Verification[]> {
    const now = this.now()
    const out: Verification[] = []
    for (const { message, phone } of waitCallsOf(stored)) {
      await c.query('UPDATE inbound_messages SET read_at = $1 WHERE id = $2 AND read_at IS NULL', [
        now,
        message.id,
      ])
      // Locked: two servers storing calls at once verify a verification once.
      const waiting = await c.query<VerificationRow>(
        `SELECT * FROM verifications WHERE phone = $1 AND profile_id = $2 AND verified_at IS NULL
        ORDER BY id DESC LIMIT 20 FOR UPDATE`,
        [phone, message.profileId],
      )
      const target = verifiedBy(waiting.rows, message.receivedAt)
      if (!target) continue
      const r = await c.query<VerificationRow>(
        `UPDATE verifications SET verified_at = $1, inbound_id = $2
        WHERE id = $3 AND verified_at IS NULL RETURNING *`,
        [message.receivedAt, message.id, target.id],
      )
      const row = r.rows[0]
      if (row) out.push(toVerification(row, now))
    }
    return out
  }
}
