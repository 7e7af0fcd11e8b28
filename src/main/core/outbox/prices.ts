/**
 * What providers charge, as their delivery reports state it: `price` (the total) and `prices`
 * (per channel of a cascade, migration 9) are written with each report by the outbox; this
 * store is where they are read. Nothing else builds SQL over the prices.
 */
import type { Db } from '../db/database'
import { notLookup } from '../lookup/hlr-store'

/** How many of a profile's latest priced reports make its recent price. */
export const SAMPLE = 200
/** How far back a destination's prices are looked for among the profile's priced reports. */
export const DESTINATION_WINDOW = 5000
/** A destination: the first digits of a number (its country's code and the network's). */
export const DESTINATION_DIGITS = 5

export class PriceStore {
  private readonly s

  constructor(db: Db) {
    this.s = {
      recentPerPart: db.prepare(`SELECT AVG(CAST(price AS REAL) / MAX(parts, 1)) AS perPart,
        COUNT(*) AS n FROM (SELECT r.price, m.parts FROM delivery_receipts r
          JOIN messages m ON m.id = r.message_id
          WHERE r.profile_id = ? AND r.price IS NOT NULL AND r.price != ''
            AND r.outcome IN ('delivered','failed','expired') AND ${notLookup('m')}
          ORDER BY r.id DESC LIMIT ${SAMPLE})`),
      // The same among the latest priced reports to numbers starting with @prefix (bounded:
      // the newest DESTINATION_WINDOW of the profile's reports, however rare the destination).
      destinationPerPart: db.prepare(`SELECT AVG(CAST(price AS REAL) / MAX(parts, 1)) AS perPart,
        COUNT(*) AS n FROM (SELECT price, parts FROM (SELECT r.price, m.parts, m.phone
          FROM delivery_receipts r JOIN messages m ON m.id = r.message_id
          WHERE r.profile_id = @profileId AND r.price IS NOT NULL AND r.price != ''
            AND r.outcome IN ('delivered','failed','expired') AND ${notLookup('m')}
          ORDER BY r.id DESC LIMIT ${DESTINATION_WINDOW})
        WHERE phone >= @prefix AND phone < @prefix || ':' LIMIT ${SAMPLE})`),
    }
  }

  /**
   * What the provider charged per part lately for numbers like this one (the same first
   * DESTINATION_DIGITS digits), else for any number; null when it stated no price lately.
   */
  partPriceFor(
    profileId: string,
    phone: string,
  ): { perPart: number; sample: number; scope: 'destination' | 'profile' } | null {
    const prefix = phone.slice(0, DESTINATION_DIGITS)
    const row = this.s.destinationPerPart.get({ profileId, prefix }) as {
      perPart: number | null
      n: number
    }
    if (row.n > 0 && row.perPart !== null) {
      return { perPart: row.perPart, sample: row.n, scope: 'destination' }
    }
    const any = this.recentPartPrice(profileId)
    return any ? { ...any, scope: 'profile' } : null
  }

  /**
   * What the provider charged per part lately, from the prices its reports stated (a message's:
   * an HLR lookup is priced as a lookup).
   */
  recentPartPrice(profileId: string): { perPart: number; sample: number } | null {
    const row = this.s.recentPerPart.get(profileId) as { perPart: number | null; n: number }
    return row.n > 0 && row.perPart !== null ? { perPart: row.perPart, sample: row.n } : null
  }
}
