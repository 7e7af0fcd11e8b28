/**
 * Provider credentials on a team server: in the shared database, sealed with the server's key
 * (vault/sealed.ts), so every server of the office can sign in to the providers and no copy of
 * the database alone reveals a password. The consoles never receive one: the handlers only say
 * whether a profile has a password.
 */
import type { Vault } from '../../vault/vault'
import { seal, unseal } from '../../vault/sealed'
import type { PgDatabase } from './database'

export class PgVault implements Vault {
  constructor(
    private readonly db: PgDatabase,
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  async get(profileId: string): Promise<string | null> {
    const r = await this.db.pool.query<{ sealed: Buffer }>(
      'SELECT sealed FROM profile_secrets WHERE profile_id = $1',
      [profileId],
    )
    const row = r.rows[0]
    return row ? unseal(this.key, profileId, row.sealed) : null
  }

  async set(profileId: string, secret: string): Promise<void> {
    await this.db.pool.query(
      `INSERT INTO profile_secrets (profile_id, sealed, updated_at) VALUES ($1, $2, $3)
        ON CONFLICT (profile_id) DO UPDATE SET sealed = excluded.sealed,
          updated_at = excluded.updated_at`,
      [profileId, seal(this.key, profileId, secret), this.now()],
    )
  }

  async delete(profileId: string): Promise<boolean> {
    const r = await this.db.pool.query('DELETE FROM profile_secrets WHERE profile_id = $1', [
      profileId,
    ])
    return (r.rowCount ?? 0) > 0
  }
}
