/**
 * What providers charge, on PostgreSQL (a team server's): the same reading of the prices their
 * delivery reports stated as SQLite's PriceStore (the same store tests run against both), over
 * the same delivery_receipts and messages.
 */
import { DESTINATION_DIGITS, DESTINATION_WINDOW, SAMPLE } from '../../outbox/prices'
import { notLookup } from '../../lookup/hlr-store'
import type { PricesStore } from '../stores'
import type { PgDatabase } from './database'

/**
 * A stated price as a number, read as a workstation reads it (SQLite's CAST to REAL): the
 * number it starts with ("0.50 TJS" is 0.5), else 0 — never an error that would leave the
 * cost estimate without any price because one provider wrote something unexpected.
 */
const PRICE = String.raw`coalesce(substring(r.price from '^\s*([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)')::double precision, 0)`

// A report counts when it states a price and is final; an HLR lookup is priced as a lookup.
const PRICED = `r.profile_id = $1 AND r.price IS NOT NULL AND r.price <> ''
  AND r.outcome IN ('delivered','failed','expired') AND ${notLookup('m')}`

interface Row {
  perPart: number | null
  n: number
}

export class PgPrices implements PricesStore {
  constructor(private readonly db: PgDatabase) {}

  /**
   * What the provider charged per part lately for numbers like this one (the same first
   * DESTINATION_DIGITS digits), else for any number; null when it stated no price lately.
   */
  async partPriceFor(
    profileId: string,
    phone: string,
  ): Promise<{ perPart: number; sample: number; scope: 'destination' | 'profile' } | null> {
    const prefix = phone.slice(0, DESTINATION_DIGITS)
    // Among the newest DESTINATION_WINDOW of the profile's priced reports, however rare the
    // destination: a bounded read even for a profile with years of history.
    const r = await this.db.pool.query<Row>(
      `SELECT avg(per_part) AS "perPart", count(*) AS n FROM (SELECT per_part FROM (
          SELECT ${PRICE} / greatest(m.parts, 1) AS per_part, m.phone, r.id
          FROM delivery_receipts r JOIN messages m ON m.id = r.message_id
          WHERE ${PRICED} ORDER BY r.id DESC LIMIT ${DESTINATION_WINDOW}) latest
        WHERE phone >= $2::text AND phone < $2::text || ':'
        ORDER BY id DESC LIMIT ${SAMPLE}) sample`,
      [profileId, prefix],
    )
    const row = r.rows[0]
    if (row && row.n > 0 && row.perPart !== null) {
      return { perPart: row.perPart, sample: row.n, scope: 'destination' }
    }
    const any = await this.recentPartPrice(profileId)
    return any ? { ...any, scope: 'profile' } : null
  }

  /**
   * What the provider charged per part lately, from the prices its reports stated (a message's:
   * an HLR lookup is priced as a lookup).
   */
  async recentPartPrice(profileId: string): Promise<{ perPart: number; sample: number } | null> {
    const r = await this.db.pool.query<Row>(
      `SELECT avg(per_part) AS "perPart", count(*) AS n FROM (
        SELECT ${PRICE} / greatest(m.parts, 1) AS per_part
        FROM delivery_receipts r JOIN messages m ON m.id = r.message_id
        WHERE ${PRICED} ORDER BY r.id DESC LIMIT ${SAMPLE}) sample`,
      [profileId],
    )
    const row = r.rows[0]
    return row && row.n > 0 && row.perPart !== null ? { perPart: row.perPart, sample: row.n } : null
  }
}
