// Provider profiles' store, the same tests against SQLite and a real PostgreSQL: saved, listed
// (sandboxes first, then by name as a workstation orders it), changed; removed — or hidden when
// the history still refers to them; the profiles that fall back to one; the sandboxes created
// once on first start, and on PostgreSQL once however many servers start at the same moment.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Db } from '../../src/main/core/db/database'
import { sandboxProfiles } from '../../src/main/core/profiles/input'
import { ProfileStore } from '../../src/main/core/profiles/profiles'
import type { StoredProfile } from '../../src/main/core/providers/descriptor'
import type { PgDatabase } from '../../src/main/core/stores/postgres/database'
import { PgProfiles } from '../../src/main/core/stores/postgres/profiles'
import { SqliteProfilesStore } from '../../src/main/core/stores/sqlite'
import type { ProfilesStore } from '../../src/main/core/stores/stores'
import { storeBackends } from '../helpers/store-backends'
import { waitForValue } from '../helpers/wait'

/**
 * The history that keeps a profile: a batch or a message of it. Only the outbox and the imports
 * write these, so the tests put them in with plain INSERTs, the same columns on each database.
 */
interface History {
  batch(profileId: string): Promise<void>
  message(profileId: string): Promise<void>
}

function sqliteHistory(db: Db): History {
  let n = 0
  return {
    async batch(profileId) {
      db.prepare('INSERT INTO batches (profile_id, name, created_at) VALUES (?, ?, 1)').run(
        profileId,
        'Рассылка',
      )
    },
    async message(profileId) {
      db.prepare(
        `INSERT INTO messages (idempotency_key, profile_id, sender, phone, text, encoding, parts,
          state, next_attempt_at, created_at, updated_at)
        VALUES (?, ?, 'Shop', '992900000001', 'Привет', 'UCS2', 1, 'delivered', 1, 1, 1)`,
      ).run(`k${++n}`, profileId)
    },
  }
}

function pgHistory(db: PgDatabase): History {
  let n = 0
  return {
    async batch(profileId) {
      await db.pool.query('INSERT INTO batches (profile_id, name, created_at) VALUES ($1, $2, 1)', [
        profileId,
        'Рассылка',
      ])
    },
    async message(profileId) {
      await db.pool.query(
        `INSERT INTO messages (idempotency_key, profile_id, sender, phone, text, encoding, parts,
          state, next_attempt_at, created_at, updated_at)
        VALUES ($1, $2, 'Shop', '992900000001', 'Привет', 'UCS2', 1, 'delivered', 1, 1, 1)`,
        [`k${++n}`, profileId],
      )
    },
  }
}

interface Fixture {
  profiles: ProfilesStore
  history: History
}

const BACKENDS = storeBackends<Fixture>({
  sqlite: (db) => ({
    profiles: new SqliteProfilesStore(new ProfileStore(db)),
    history: sqliteHistory(db),
  }),
  postgres: (db, now) => ({ profiles: new PgProfiles(db, now), history: pgHistory(db) }),
})

/** A profile an operator entered (not a sandbox). */
function profile(id: string, name: string, more: Partial<StoredProfile> = {}): StoredProfile {
  return {
    id,
    name,
    kind: 'smsc-http',
    sandbox: false,
    senders: ['Shop'],
    fallbackProfileId: null,
    defaultCountry: null,
    quietHours: null,
    settings: { login: name.toLowerCase(), baseUrl: 'https://smsc.kz' },
    ...more,
  }
}

const SANDBOXES = sandboxProfiles()
/** The sandboxes as the list gives them back: by name, with no country or quiet hours set. */
const LISTED_IDS = [
  'sandbox',
  'sandbox-getsms',
  'sandbox-osonsms',
  'sandbox-smsc',
  'sandbox-smsgate',
]
const LISTED: StoredProfile[] = LISTED_IDS.map((id) => ({
  ...SANDBOXES.find((p) => p.id === id)!,
  defaultCountry: null,
  quietHours: null,
}))

describe.each(BACKENDS)('provider profiles on $name', (backend) => {
  let s: Fixture
  // The first open of PostgreSQL starts its cluster: more than a test's usual time.
  beforeAll(async () => {
    s = await backend.open(Date.now)
  }, 120_000)
  beforeEach(async () => {
    s = await backend.open(Date.now)
  })
  afterAll(() => backend.close())

  it('saves, lists sandboxes first then by name, reads one back and changes it', async () => {
    const { profiles } = s
    await profiles.ensureSandbox(SANDBOXES)
    const office = profile('p-office', 'Офис', {
      kind: 'smpp',
      senders: ['Shop', 'Доставка'],
      fallbackProfileId: 'sandbox',
      defaultCountry: '',
      quietHours: { from: 22 * 60, to: 8 * 60 },
      settings: { host: 'smpp.example.com', port: 2775, systemType: '' },
    })
    await profiles.save(office)
    await profiles.save(profile('p-zeta', 'Zeta'))
    await profiles.save(profile('p-main', 'main'))

    // Names in bytewise order: capitals before small letters, Latin before Cyrillic.
    expect((await profiles.list()).map((p) => p.name)).toEqual([
      'Sandbox (local SMSC simulator)',
      'Sandbox · GETSMS.UZ',
      'Sandbox · OsonSMS',
      'Sandbox · SMSC',
      'Sandbox · smsgate (Viber → SMS)',
      'Zeta',
      'main',
      'Офис',
    ])
    expect(await profiles.get('p-office')).toEqual(office)
    expect(await profiles.get('nobody')).toBeNull()

    const changed = profile('p-office', 'Офис 2', {
      senders: ['Info'],
      defaultCountry: 'KZ',
      settings: { login: 'office2' },
    })
    await profiles.save(changed)
    expect(await profiles.get('p-office')).toEqual(changed)

    // A sandbox renamed by the operator stays a sandbox (its flag is not the operator's).
    await profiles.save({ ...SANDBOXES[0]!, name: 'Тест', sandbox: false })
    expect(await profiles.get('sandbox')).toMatchObject({ name: 'Тест', sandbox: true })
  })

  it('removes a profile without history, hides one its messages or batches refer to', async () => {
    const { profiles, history } = s
    await profiles.ensureSandbox(SANDBOXES)
    await profiles.save(profile('p-new', 'Новый'))
    await profiles.save(profile('p-sent', 'Отправлял'))
    await profiles.save(profile('p-batch', 'Рассылал'))
    await history.message('p-sent')
    await history.batch('p-batch')

    expect(await profiles.remove('p-new')).toBe('deleted')
    expect(await profiles.remove('p-sent')).toBe('hidden')
    expect(await profiles.remove('p-batch')).toBe('hidden')
    // Gone from the screens either way; removed again, it is not there.
    for (const id of ['p-new', 'p-sent', 'p-batch']) {
      expect(await profiles.get(id)).toBeNull()
      expect(await profiles.remove(id)).toBe('absent')
    }
    // Sandboxes are never removed; an unknown id is absent.
    expect(await profiles.remove('sandbox')).toBe('absent')
    expect(await profiles.remove('nobody')).toBe('absent')
    expect((await profiles.list()).map((p) => p.id)).toEqual(LISTED_IDS)

    // A profile saved under a hidden one's id takes its row over: visible again, as saved.
    const again = profile('p-sent', 'Снова', { senders: ['New'] })
    await profiles.save(again)
    expect(await profiles.get('p-sent')).toEqual(again)
    expect((await profiles.list()).map((p) => p.id)).toContain('p-sent')
    // Its messages still refer to it: removed again, it is hidden again.
    expect(await profiles.remove('p-sent')).toBe('hidden')
  })

  it('lists the visible profiles that fall back to one', async () => {
    const { profiles, history } = s
    await profiles.save(profile('p-main', 'Main'))
    await profiles.save(profile('p-b', 'Бэкап', { fallbackProfileId: 'p-main' }))
    await profiles.save(profile('p-a', 'Alpha', { fallbackProfileId: 'p-main' }))
    await profiles.save(profile('p-c', 'Other', { fallbackProfileId: 'p-b' }))
    await profiles.save(profile('p-gone', 'Gone', { fallbackProfileId: 'p-main' }))
    await history.message('p-gone')
    expect(await profiles.remove('p-gone')).toBe('hidden')

    expect((await profiles.fallbackUsers('p-main')).map((p) => p.id)).toEqual(['p-a', 'p-b'])
    expect(await profiles.fallbackUsers('p-b')).toEqual([
      profile('p-c', 'Other', { fallbackProfileId: 'p-b' }),
    ])
    expect(await profiles.fallbackUsers('p-c')).toEqual([])
  })

  it('creates the sandboxes once: a second start keeps them as they are', async () => {
    const { profiles } = s
    await profiles.ensureSandbox(SANDBOXES)
    expect(await profiles.list()).toEqual(LISTED)
    await profiles.save({ ...LISTED[2]!, senders: ['Mine'] })

    await profiles.ensureSandbox(SANDBOXES)
    // The operator's change of a sandbox survives the next start.
    expect(await profiles.list()).toEqual(
      LISTED.map((p) => (p.id === 'sandbox-osonsms' ? { ...p, senders: ['Mine'] } : p)),
    )
  })

  it('a sandbox takes over a removed profile hidden under its id', async () => {
    const { profiles, history } = s
    await profiles.save(profile('sandbox-smsc', 'Old SMSC'))
    await history.message('sandbox-smsc')
    expect(await profiles.remove('sandbox-smsc')).toBe('hidden')

    await profiles.ensureSandbox(SANDBOXES)
    expect(await profiles.get('sandbox-smsc')).toMatchObject({
      name: 'Sandbox · SMSC',
      kind: 'smsc-http',
      senders: LISTED[3]!.senders,
    })
    expect(await profiles.list()).toHaveLength(SANDBOXES.length)
  })
})

describe('the sandboxes on PostgreSQL when servers start at the same moment', () => {
  const [, pg] = storeBackends<{ profiles: ProfilesStore; db: PgDatabase }>({
    sqlite: () => {
      throw new Error('not used')
    },
    postgres: (db, now) => ({ profiles: new PgProfiles(db, now), db }),
  })
  afterAll(() => pg.close())

  it('two starts overlapping on one new database create each sandbox once, without an error', async () => {
    const { profiles: a, db } = await pg.open(Date.now)
    const b = new PgProfiles(db)
    // The table held for a moment, so both starts are inside their transactions, having found
    // no sandbox, when the first one writes: the overlap two servers starting together have.
    const holder = await db.pool.connect()
    try {
      await holder.query('BEGIN')
      await holder.query('LOCK TABLE profiles IN EXCLUSIVE MODE')
      const starts = Promise.allSettled([a.ensureSandbox(SANDBOXES), b.ensureSandbox(SANDBOXES)])
      await waitForValue(
        async () =>
          (
            await db.pool.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'`,
            )
          ).rows[0]?.n,
        (n) => n === 2,
        'both starts waiting to write the sandboxes',
      )
      await holder.query('COMMIT')
      expect((await starts).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled'])
    } finally {
      holder.release()
    }
    expect(await a.list()).toEqual(LISTED)
    expect(await b.list()).toEqual(LISTED)
  }, 120_000)
})
