/**
 * Provider profiles: where and how to connect. Settings here are never secret — the
 * password of a profile lives in the OS keychain under the profile's id.
 */
import type { ProviderKind } from '../../../shared/contract'
import type { Db } from '../db/database'
import type { StoredProfile } from '../providers/descriptor'

export const SANDBOX_PROFILE_ID = 'sandbox'
/** meta key prefix marking a removed profile that the history still refers to. */
export const REMOVED_KEY = 'profile.removed:'

export type { StoredProfile } from '../providers/descriptor'

/** A profiles row as both databases give it. */
export interface ProfileRow {
  id: string
  name: string
  kind: ProviderKind
  sandbox: number
  settings: string
  senders: string
  fallback_profile_id: string | null
  default_country: string | null
  quiet_from: number | null
  quiet_to: number | null
}

export class ProfileStore {
  private readonly s

  constructor(private readonly db: Db) {
    // A removed profile that messages still refer to stays as a row, hidden by a mark in meta.
    const visible = `NOT EXISTS (SELECT 1 FROM meta WHERE key = '${REMOVED_KEY}' || profiles.id)`
    this.s = {
      all: db.prepare(`SELECT * FROM profiles WHERE ${visible} ORDER BY sandbox DESC, name`),
      one: db.prepare(`SELECT * FROM profiles WHERE id = ? AND ${visible}`),
      upsert: db.prepare(`INSERT INTO profiles
        (id, name, kind, sandbox, settings, senders, fallback_profile_id, default_country,
          quiet_from, quiet_to, created_at)
        VALUES (@id, @name, @kind, @sandbox, @settings, @senders, @fallback, @country,
          @quietFrom, @quietTo, @now)
        ON CONFLICT(id) DO UPDATE SET name = @name, kind = @kind, settings = @settings,
          senders = @senders, fallback_profile_id = @fallback, default_country = @country,
          quiet_from = @quietFrom, quiet_to = @quietTo`),
      remove: db.prepare('DELETE FROM profiles WHERE id = ? AND sandbox = 0'),
      hide: db.prepare(`INSERT INTO meta (key, value) VALUES ('${REMOVED_KEY}' || ?, ?)
        ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
      unhide: db.prepare(`DELETE FROM meta WHERE key = '${REMOVED_KEY}' || ?`),
    }
  }

  list(): StoredProfile[] {
    return (this.s.all.all() as ProfileRow[]).map(toProfile)
  }

  get(id: string): StoredProfile | null {
    const row = this.s.one.get(id) as ProfileRow | undefined
    return row ? toProfile(row) : null
  }

  save(profile: StoredProfile): void {
    this.db.transaction(() => {
      // A profile saved under the id of a removed one takes that row over.
      this.s.unhide.run(profile.id)
      this.upsert(profile)
    })()
  }

  /**
   * Removes a (non-sandbox) profile. Its row goes unless messages or batches still refer to
   * it; then it is hidden instead, so the history keeps them.
   */
  remove(id: string): 'deleted' | 'hidden' | 'absent' {
    const profile = this.get(id)
    if (!profile || profile.sandbox) return 'absent'
    return this.db.transaction(() => {
      try {
        this.db.transaction(() => this.s.remove.run(id))()
        return 'deleted' as const
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw err
        this.s.hide.run(id, String(Date.now()))
        return 'hidden' as const
      }
    })()
  }

  /** Profiles that hand their messages to this one when they are down. */
  fallbackUsers(id: string): StoredProfile[] {
    return this.list().filter((p) => p.fallbackProfileId === id)
  }

  private upsert(profile: StoredProfile): void {
    this.s.upsert.run({
      id: profile.id,
      name: profile.name,
      kind: profile.kind,
      sandbox: profile.sandbox ? 1 : 0,
      settings: JSON.stringify(profile.settings),
      senders: JSON.stringify(profile.senders),
      fallback: profile.fallbackProfileId,
      country: profile.defaultCountry ?? null,
      quietFrom: profile.quietHours?.from ?? null,
      quietTo: profile.quietHours?.to ?? null,
      now: Date.now(),
    })
  }

  /**
   * A fresh install lands here: the SMPP sandbox first, and a sandbox of every other kind
   * (`sandboxProfiles()` in ./input, from the providers' descriptors).
   */
  ensureSandbox(sandboxes: readonly StoredProfile[]): StoredProfile {
    return this.db.transaction(() => {
      for (const p of sandboxes) if (!this.get(p.id)) this.save(p)
      return this.get(SANDBOX_PROFILE_ID) as StoredProfile
    })()
  }
}

export function toProfile(r: ProfileRow): StoredProfile {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    sandbox: r.sandbox === 1,
    senders: JSON.parse(r.senders) as string[],
    fallbackProfileId: r.fallback_profile_id,
    defaultCountry: r.default_country,
    quietHours:
      r.quiet_from === null || r.quiet_to === null ? null : { from: r.quiet_from, to: r.quiet_to },
    // Validated against the contract's schema for this kind when saved.
    settings: JSON.parse(r.settings) as unknown,
  }
}
