/**
 * The numbers rented through this console, with their renewal switch: the provider's API lists
 * only free numbers, so this is the account's list as the console knows it.
 */
import type { DedicatedNumber } from '../../../shared/contract'
import type { MyNumber } from '../../../shared/calls/lookup'
import type { Db } from '../db/database'

/** A rented_numbers row as both databases give it. */
export interface RentedRow {
  profile_id: string
  phone: string
  type: number | null
  kind: MyNumber['kind']
  monthly_cost: number | null
  charged: number
  info: string
  renew: number
  rented_at: number
  updated_at: number
}

export class NumbersStore {
  private readonly s

  constructor(
    db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.s = {
      // Renting a number again (after it lapsed) starts its record afresh.
      rented: db.prepare(`INSERT INTO rented_numbers
        (profile_id, phone, type, kind, monthly_cost, charged, info, renew, rented_at, updated_at)
        VALUES (@profileId, @phone, @type, @kind, @monthlyCost, @charged, @info, 1, @now, @now)
        ON CONFLICT (profile_id, phone) DO UPDATE SET type = excluded.type, kind = excluded.kind,
          monthly_cost = excluded.monthly_cost, charged = excluded.charged, info = excluded.info,
          renew = 1, rented_at = excluded.rented_at, updated_at = excluded.updated_at
        RETURNING *`),
      renew: db.prepare(`UPDATE rented_numbers SET renew = @renew, updated_at = @now
        WHERE profile_id = @profileId AND phone = @phone RETURNING *`),
      get: db.prepare('SELECT * FROM rented_numbers WHERE profile_id = ? AND phone = ?'),
      list: db.prepare('SELECT * FROM rented_numbers WHERE profile_id = ? ORDER BY rented_at DESC'),
    }
  }

  rented(
    profileId: string,
    phone: string,
    charged: number,
    listing: DedicatedNumber | null,
  ): MyNumber {
    return toMyNumber(
      this.s.rented.get({
        profileId,
        phone,
        type: listing?.type ?? null,
        kind: listing?.kind ?? null,
        monthlyCost: listing?.cost ?? null,
        charged,
        info: listing?.info ?? '',
        now: this.now(),
      }) as RentedRow,
    )
  }

  setRenew(profileId: string, phone: string, renew: boolean): MyNumber | null {
    const row = this.s.renew.get({ profileId, phone, renew: renew ? 1 : 0, now: this.now() }) as
      RentedRow | undefined
    return row ? toMyNumber(row) : null
  }

  get(profileId: string, phone: string): MyNumber | null {
    const row = this.s.get.get(profileId, phone) as RentedRow | undefined
    return row ? toMyNumber(row) : null
  }

  list(profileId: string): MyNumber[] {
    return (this.s.list.all(profileId) as RentedRow[]).map(toMyNumber)
  }
}

export function toMyNumber(r: RentedRow): MyNumber {
  return {
    profileId: r.profile_id,
    phone: r.phone,
    type: r.type,
    kind: r.kind,
    monthlyCost: r.monthly_cost,
    charged: r.charged,
    info: r.info,
    renew: r.renew === 1,
    rentedAt: r.rented_at,
    updatedAt: r.updated_at,
  }
}
