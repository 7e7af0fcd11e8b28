/**
 * HLR answers and rented dedicated numbers on PostgreSQL (a team server's): the same results as
 * SQLite's HlrStore and NumbersStore (the same store tests run against both). An HLR request's
 * status comes from the same SQL rule, its row from the same mapping; the answers themselves
 * are written with their receipts by the outbox.
 */
import type { DedicatedNumber } from '../../../../shared/contract'
import type { HlrRow, MyNumber } from '../../../../shared/calls/lookup'
import { HLR_SQL, toHlrRow, type HlrFilter, type HlrRequestRow } from '../../lookup/hlr-store'
import { toMyNumber, type RentedRow } from '../../lookup/numbers-store'
import type { LookupStores } from '../stores'
import type { PgDatabase } from './database'

// `$n::text IS NULL OR …`: one statement whether or not each filter is given.
const FILTER = `
  AND ($1::text IS NULL OR m.profile_id = $1)
  AND ($2::text IS NULL OR strpos(m.phone, $2) > 0)
  AND ($3::text IS NULL OR (${HLR_SQL.status}) = $3)`

export class PgLookup implements LookupStores {
  constructor(
    private readonly db: PgDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  async hlrPage(filter: HlrFilter): Promise<{ rows: HlrRow[]; total: number }> {
    const params = [
      filter.profileId ?? null,
      // Digits to find anywhere in the number; none: no filter.
      filter.phone ? filter.phone.replace(/\D/g, '') || null : null,
      filter.status ?? null,
    ]
    const [rows, count] = await Promise.all([
      this.db.pool.query<HlrRequestRow>(
        `SELECT ${HLR_SQL.columns} ${HLR_SQL.from} ${FILTER}
        ORDER BY m.id DESC LIMIT $4 OFFSET $5`,
        [...params, filter.limit ?? 100, filter.offset ?? 0],
      ),
      this.db.pool.query<{ n: number }>(`SELECT count(*) AS n ${HLR_SQL.from} ${FILTER}`, params),
    ])
    return { rows: rows.rows.map(toHlrRow), total: count.rows[0]?.n ?? 0 }
  }

  /** The given requests that are HLR requests, in the order asked. */
  async hlrGet(messageIds: readonly number[]): Promise<HlrRow[]> {
    if (messageIds.length === 0) return []
    const r = await this.db.pool.query<HlrRequestRow>(
      `SELECT ${HLR_SQL.columns} ${HLR_SQL.from} AND m.id = ANY($1::bigint[])`,
      [messageIds],
    )
    const byId = new Map(r.rows.map((row) => [row.message_id, row]))
    return messageIds
      .map((id) => byId.get(id))
      .filter((row): row is HlrRequestRow => row !== undefined)
      .map(toHlrRow)
  }

  /** A number rented (again, after it lapsed): its record starts afresh, renewing. */
  async rentedNumber(
    profileId: string,
    phone: string,
    charged: number,
    listing: DedicatedNumber | null,
  ): Promise<MyNumber> {
    const r = await this.db.pool.query<RentedRow>(
      `INSERT INTO rented_numbers
        (profile_id, phone, type, kind, monthly_cost, charged, info, renew, rented_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8)
      ON CONFLICT (profile_id, phone) DO UPDATE SET type = excluded.type, kind = excluded.kind,
        monthly_cost = excluded.monthly_cost, charged = excluded.charged, info = excluded.info,
        renew = 1, rented_at = excluded.rented_at, updated_at = excluded.updated_at
      RETURNING *`,
      [
        profileId,
        phone,
        listing?.type ?? null,
        listing?.kind ?? null,
        listing?.cost ?? null,
        charged,
        listing?.info ?? '',
        this.now(),
      ],
    )
    return toMyNumber(r.rows[0] as RentedRow)
  }

  async setRenew(profileId: string, phone: string, renew: boolean): Promise<MyNumber | null> {
    const r = await this.db.pool.query<RentedRow>(
      `UPDATE rented_numbers SET renew = $3, updated_at = $4
      WHERE profile_id = $1 AND phone = $2 RETURNING *`,
      [profileId, phone, renew ? 1 : 0, this.now()],
    )
    const row = r.rows[0]
    return row ? toMyNumber(row) : null
  }

  async number(profileId: string, phone: string): Promise<MyNumber | null> {
    const r = await this.db.pool.query<RentedRow>(
      'SELECT * FROM rented_numbers WHERE profile_id = $1 AND phone = $2',
      [profileId, phone],
    )
    const row = r.rows[0]
    return row ? toMyNumber(row) : null
  }

  /** The profile's rented numbers, the latest rented first. */
  async numbers(profileId: string): Promise<MyNumber[]> {
    const r = await this.db.pool.query<RentedRow>(
      'SELECT * FROM rented_numbers WHERE profile_id = $1 ORDER BY rented_at DESC, phone',
      [profileId],
    )
    return r.rows.map(toMyNumber)
  }
}
