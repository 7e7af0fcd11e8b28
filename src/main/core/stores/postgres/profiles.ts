/**
 * Provider profiles on PostgreSQL (a team server's): the same behaviour as SQLite's (the same
 * store tests run against both), read through the same row mapping. A removed profile that the
 * history still refers to stays as a row, hidden by a mark in meta, so its messages and batches
 * keep their profile; the sandboxes are created once however many servers start at once.
 */
import type { PoolClient } from 'pg'
import { REMOVED_KEY, toProfile, type ProfileRow } from '../../profiles/profiles'
import type { StoredProfile } from '../../providers/descriptor'
import type { ProfilesStore } from '../stores'
import type { PgDatabase } from './database'

/** PostgreSQL's code for a row still referred to by a foreign key. */
const FOREIGN_KEY_VIOLATION = '23503'

const VISIBLE = `NOT EXISTS (SELECT 1 FROM meta WHERE key = '${REMOVED_KEY}' || profiles.id)`

// Names in bytewise order, as a workstation lists them (whatever the database's locale).
const ORDER = `ORDER BY sandbox DESC, name COLLATE "C", id`

const COLUMNS = `(id, name, kind, sandbox, settings, senders, fallback_profile_id, default_country,
  quiet_from, quiet_to, created_at)`

/** A profile's columns as $1…$11, in the order of COLUMNS. */
function valuesOf(profile: StoredProfile, now: number): unknown[] {
  return [
    profile.id,
    profile.name,
    profile.kind,
    profile.sandbox ? 1 : 0,
    JSON.stringify(profile.settings),
    JSON.stringify(profile.senders),
    profile.fallbackProfileId,
    profile.defaultCountry ?? null,
    profile.quietHours?.from ?? null,
    profile.quietHours?.to ?? null,
    now,
  ]
}

const VALUES = `VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`

function isForeignKeyViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === FOREIGN_KEY_VIOLATION
}

export class PgProfiles implements ProfilesStore {
  constructor(
    private readonly db: PgDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  async list(): Promise<StoredProfile[]> {
    const r = await this.db.pool.query<ProfileRow>(
      `SELECT * FROM profiles WHERE ${VISIBLE} ${ORDER}`,
    )
    return r.rows.map(toProfile)
  }

  async get(id: string): Promise<StoredProfile | null> {
    const r = await this.db.pool.query<ProfileRow>(
      `SELECT * FROM profiles WHERE id = $1 AND ${VISIBLE}`,
      [id],
    )
    const row = r.rows[0]
    return row ? toProfile(row) : null
  }

  async save(profile: StoredProfile): Promise<void> {
    await this.db.transaction(async (c) => {
      // A profile saved under the id of a removed one takes that row over.
      await c.query('DELETE FROM meta WHERE key = $1', [REMOVED_KEY + profile.id])
      await this.upsert(c, profile)
    })
  }

  /**
   * Removes a (non-sandbox) profile. Its row goes unless messages or batches still refer to
   * it; then it is hidden instead, so the history keeps them.
   */
  async remove(id: string): Promise<'deleted' | 'hidden' | 'absent'> {
    return this.db.transaction(async (c) => {
      // Locked: a save of this profile on another server waits for the removal's outcome.
      const r = await c.query<{ sandbox: number }>(
        `SELECT sandbox FROM profiles WHERE id = $1 AND ${VISIBLE} FOR UPDATE`,
        [id],
      )
      const row = r.rows[0]
      if (!row || row.sandbox === 1) return 'absent'
      // Whatever still refers to the profile refuses its deletion, as on SQLite; the refusal
      // is undone to the savepoint so the transaction goes on to hide it instead.
      await c.query('SAVEPOINT remove_profile')
      try {
        await c.query('DELETE FROM profiles WHERE id = $1 AND sandbox = 0', [id])
        await c.query('RELEASE SAVEPOINT remove_profile')
        return 'deleted'
      } catch (err) {
        if (!isForeignKeyViolation(err)) throw err
        await c.query('ROLLBACK TO SAVEPOINT remove_profile')
        await c.query(
          `INSERT INTO meta (key, value) VALUES ($1, $2)
          ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
          [REMOVED_KEY + id, String(this.now())],
        )
        return 'hidden'
      }
    })
  }

  /** Profiles that hand their messages to this one when they are down. */
  async fallbackUsers(id: string): Promise<StoredProfile[]> {
    const r = await this.db.pool.query<ProfileRow>(
      `SELECT * FROM profiles WHERE fallback_profile_id = $1 AND ${VISIBLE} ${ORDER}`,
      [id],
    )
    return r.rows.map(toProfile)
  }

  /**
   * A fresh install lands here: every sandbox that is not there yet is created. Two servers
   * starting at once on a new database both get here; a sandbox row one of them inserted is
   * left as it is by the other (ON CONFLICT DO NOTHING waits for the first one's commit).
   */
  async ensureSandbox(sandboxes: readonly StoredProfile[]): Promise<void> {
    await this.db.transaction(async (c) => {
      for (const p of sandboxes) {
        // A removed profile hidden under this id is taken over by the sandbox, as a save
        // would (the workstation's rule: a profile not visible is saved afresh).
        const hidden = await c.query('DELETE FROM meta WHERE key = $1', [REMOVED_KEY + p.id])
        if ((hidden.rowCount ?? 0) > 0) {
          await this.upsert(c, p)
        } else {
          await c.query(
            `INSERT INTO profiles ${COLUMNS} ${VALUES} ON CONFLICT (id) DO NOTHING`,
            valuesOf(p, this.now()),
          )
        }
      }
    })
  }

  private async upsert(c: PoolClient, profile: StoredProfile): Promise<void> {
    // The sandbox flag and the creation time stay as they were when the row exists.
    await c.query(
      `INSERT INTO profiles ${COLUMNS} ${VALUES}
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
        settings = excluded.settings, senders = excluded.senders,
        fallback_profile_id = excluded.fallback_profile_id,
        default_country = excluded.default_country, quiet_from = excluded.quiet_from,
        quiet_to = excluded.quiet_to`,
      valuesOf(profile, this.now()),
    )
  }
}
