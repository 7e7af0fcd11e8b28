/**
 * Provider profiles: where and how to connect. Settings here are never secret — the
 * password of a profile lives in the OS keychain under the profile's id.
 */
import type { ProviderKind } from '../../../shared/contract'
import type { Db } from '../db/database'

export const SANDBOX_PROFILE_ID = 'sandbox'

export interface SmppProfileSettings {
  hosts: { host: string; port: number }[]
  tls: boolean
  systemId: string
  /** system_type options: MCON<n>, SINGLE, ISO. */
  systemType: string[]
  window: number
  ratePerSecond: number
  longMessageMode: 'udh' | 'payload'
}

export interface StoredProfile {
  id: string
  name: string
  kind: ProviderKind
  sandbox: boolean
  senders: string[]
  settings: SmppProfileSettings
}

interface ProfileRow {
  id: string
  name: string
  kind: ProviderKind
  sandbox: number
  settings: string
  senders: string
}

export class ProfileStore {
  private readonly s

  constructor(private readonly db: Db) {
    this.s = {
      all: db.prepare('SELECT * FROM profiles ORDER BY sandbox DESC, name'),
      one: db.prepare('SELECT * FROM profiles WHERE id = ?'),
      upsert:
        db.prepare(`INSERT INTO profiles (id, name, kind, sandbox, settings, senders, created_at)
        VALUES (@id, @name, @kind, @sandbox, @settings, @senders, @now)
        ON CONFLICT(id) DO UPDATE SET name = @name, settings = @settings, senders = @senders`),
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
    this.s.upsert.run({
      id: profile.id,
      name: profile.name,
      kind: profile.kind,
      sandbox: profile.sandbox ? 1 : 0,
      settings: JSON.stringify(profile.settings),
      senders: JSON.stringify(profile.senders),
      now: Date.now(),
    })
  }

  /** A fresh install lands here: a local SMSC simulator, no account, no network. */
  ensureSandbox(): StoredProfile {
    const existing = this.get(SANDBOX_PROFILE_ID)
    if (existing) return existing
    const sandbox: StoredProfile = {
      id: SANDBOX_PROFILE_ID,
      name: 'Sandbox (local SMSC simulator)',
      kind: 'smpp',
      sandbox: true,
      senders: ['SANDBOX', 'InfoDesk', '7781'],
      settings: {
        hosts: [],
        tls: false,
        systemId: 'sandbox',
        systemType: [],
        window: 100,
        ratePerSecond: 30,
        longMessageMode: 'udh',
      },
    }
    this.save(sandbox)
    return sandbox
  }
}

function toProfile(r: ProfileRow): StoredProfile {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    sandbox: r.sandbox === 1,
    senders: JSON.parse(r.senders) as string[],
    settings: JSON.parse(r.settings) as SmppProfileSettings,
  }
}
