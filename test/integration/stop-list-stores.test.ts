// The stop-list store, the same tests against both of its implementations: SQLite on a real
// database file (a workstation) and PostgreSQL on a real throwaway cluster (a team server).
// Whatever a handler can ask of the stop-list behaves the same on both.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ImportStore } from '../../src/main/core/imports/store'
import { openPgDatabase } from '../../src/main/core/stores/postgres/database'
import { PG_MIGRATIONS } from '../../src/main/core/stores/postgres/migrations'
import { PgStopList } from '../../src/main/core/stores/postgres/stop-list'
import { SqliteStopList } from '../../src/main/core/stores/sqlite'
import type { StopList } from '../../src/main/core/stores/stores'
import { startPostgres, type Postgres } from '../helpers/postgres'
import { storeBackends } from '../helpers/store-backends'

const BACKENDS = storeBackends<StopList>({
  sqlite: (db, now) => new SqliteStopList(new ImportStore(db, now)),
  postgres: (db, now) => new PgStopList(db, now),
})

describe.each(BACKENDS)('the stop-list on $name', (backend) => {
  let clock = 1_000_000
  let s: StopList
  beforeEach(async () => {
    clock = 1_000_000
    s = await backend.open(() => clock)
  })
  afterAll(() => backend.close())
  // The first open of PostgreSQL starts its cluster: more than a test's usual time.
  beforeAll(async () => {
    s = await backend.open(() => clock)
  }, 120_000)

  it('holds numbers for one profile or for all, and says which are stopped for a profile', async () => {
    const v0 = await s.version()
    expect(await s.add(['992900000001', '992900000002'], 'для всех')).toBe(2)
    clock += 1000
    expect(await s.add(['992900000003'], 'SMPP', 'sandbox')).toBe(1)
    expect(await s.add(['992900000001'], 'again')).toBe(0)
    const v1 = await s.version()
    expect(v1).not.toBe(v0)
    const among = ['992900000001', '992900000003', '992900000009']
    expect([...(await s.stoppedAmong(among, 'sandbox'))].sort()).toEqual([
      '992900000001',
      '992900000003',
    ])
    expect([...(await s.stoppedAmong(among, 'other'))]).toEqual(['992900000001'])
    expect(await s.stoppedAmong([], 'sandbox')).toEqual(new Set())
    expect([...((await s.upTo(10, 'other')) ?? [])].sort()).toEqual([
      '992900000001',
      '992900000002',
    ])
    expect(await s.upTo(2, 'sandbox')).toBeNull()
    // Nothing new: the version stays.
    expect(await s.add(['992900000002'], null)).toBe(0)
    expect(await s.version()).toBe(v1)
  })

  it('removes one scope’s entry, or every entry of a number', async () => {
    await s.add(['992900000001'], null)
    await s.add(['992900000001', '992900000002'], null, 'sandbox')
    expect(await s.remove(['992900000001'], 'sandbox')).toBe(1)
    expect((await s.page('992900000001', 0, 10, null)).items.map((e) => e.profileId)).toEqual([''])
    await s.add(['992900000001'], null, 'sandbox')
    expect(await s.remove(['992900000001', '992900000009'])).toBe(2)
    expect((await s.page(null, 0, 10, null)).items.map((e) => e.phone)).toEqual(['992900000002'])
  })

  it('pages newest first, by number prefix and scope', async () => {
    for (const [i, phone] of ['992900000001', '992911000002', '992900000003'].entries()) {
      clock = 1_000_000 + i
      await s.add([phone], `n${i}`, i === 1 ? 'sandbox' : '')
    }
    expect(await s.page(null, 0, 2, null)).toEqual({
      total: 3,
      items: [
        { phone: '992900000003', profileId: '', note: 'n2', addedAt: 1_000_002 },
        { phone: '992911000002', profileId: 'sandbox', note: 'n1', addedAt: 1_000_001 },
      ],
    })
    expect((await s.page('+992 900', 0, 10, null)).items.map((e) => e.phone)).toEqual([
      '992900000003',
      '992900000001',
    ])
    expect((await s.page(null, 0, 10, 'sandbox')).total).toBe(1)
    expect((await s.page(null, 0, 10, '')).total).toBe(2)
    expect((await s.page('abc', 1, 10, null)).items).toHaveLength(2)
  })

  it('gives the whole list in order of number and scope, a chunk at a time', async () => {
    await s.add(['992900000002', '992900000001'], null)
    await s.add(['992900000001'], null, 'b')
    await s.add(['992900000001'], null, 'a')
    const seen: string[] = []
    let after: { phone: string; profileId: string } | null = null
    for (;;) {
      const chunk = await s.chunk(after, 2, null)
      seen.push(...chunk.map((e) => `${e.phone}/${e.profileId}`))
      if (chunk.length < 2) break
      after = chunk.at(-1) ?? null
    }
    expect(seen).toEqual(['992900000001/', '992900000001/a', '992900000001/b', '992900000002/'])
    expect((await s.chunk(null, 10, 'a')).map((e) => e.phone)).toEqual(['992900000001'])
  })

  it('clears a search in chunks and puts it back; an entry added again keeps the new one', async () => {
    await s.add(['992900000001', '992900000002', '992900000003'], 'old')
    await s.add(['992900000001'], 'old', 'sandbox')
    await s.add(['79160000001'], 'other')
    const before = await s.version()
    expect(await s.clearChunk('99290', null, 'token-1', 3)).toBe(3)
    expect(await s.clearChunk('99290', null, 'token-1', 3)).toBe(1)
    expect(await s.clearChunk('99290', null, 'token-1', 3)).toBe(0)
    expect(await s.version()).not.toBe(before)
    expect((await s.page(null, 0, 10, null)).items.map((e) => e.phone)).toEqual(['79160000001'])
    await s.add(['992900000002'], 'new')
    let restored = 0
    for (;;) {
      const r = await s.undoChunk('token-1', 3)
      restored += r.restored
      if (r.moved < 3) break
    }
    expect(restored).toBe(3)
    const back = (await s.page('99290', 0, 10, null)).items
    expect(back.map((e) => `${e.phone}/${e.profileId}/${e.note}`).sort()).toEqual([
      '992900000001//old',
      '992900000001/sandbox/old',
      '992900000002//new',
      '992900000003//old',
    ])
    // One scope cleared alone.
    expect(await s.clearChunk(null, 'sandbox', 'token-2', 100)).toBe(1)
    expect((await s.page(null, 0, 10, 'sandbox')).total).toBe(0)
    expect(await s.undoChunk('token-2', 100)).toEqual({ moved: 1, restored: 1 })
    expect(await s.undoChunk('token-2', 100)).toEqual({ moved: 0, restored: 0 })
  })

  it('forgets a clear after a week', async () => {
    await s.add(['992900000001'], null)
    expect(await s.clearChunk(null, null, 'old-clear', 10)).toBe(1)
    clock += 8 * 24 * 3600_000
    await s.add(['992900000002'], null)
    expect(await s.clearChunk('992900000002', null, 'new-clear', 10)).toBe(1)
    expect(await s.undoChunk('old-clear', 10)).toEqual({ moved: 0, restored: 0 })
    expect(await s.undoChunk('new-clear', 10)).toEqual({ moved: 1, restored: 1 })
  })

  it('keeps the answer to an opt-out and whom an opt-out stops', async () => {
    expect(await s.reply()).toBeNull()
    expect(await s.perProfileOptOut()).toBe(false)
    await s.setReply('Вы отписаны.')
    await s.setPerProfileOptOut(true)
    expect(await s.reply()).toBe('Вы отписаны.')
    expect(await s.perProfileOptOut()).toBe(true)
    await s.setReply(null)
    await s.setPerProfileOptOut(false)
    expect(await s.reply()).toBeNull()
    expect(await s.perProfileOptOut()).toBe(false)
  })
})

describe('PostgreSQL’s migrations', () => {
  let server: Postgres
  beforeAll(async () => {
    server = await startPostgres()
  }, 120_000)
  afterAll(() => server?.stop())

  it('two servers starting on one new database apply each migration once', async () => {
    const [a, b] = await Promise.all([openPgDatabase(server.url), openPgDatabase(server.url)])
    try {
      const applied = await a.pool.query('SELECT version FROM schema_migrations ORDER BY version')
      expect(applied.rows.map((r: { version: number }) => r.version)).toEqual(
        PG_MIGRATIONS.map((m) => m.version),
      )
      // Both work on it.
      await new PgStopList(a).add(['992900000001'], null)
      expect([...(await new PgStopList(b).stoppedAmong(['992900000001'], 'x'))]).toEqual([
        '992900000001',
      ])
    } finally {
      await Promise.all([a.close(), b.close()])
    }
    // Opened again: nothing more to apply.
    const again = await openPgDatabase(server.url)
    expect(
      (await again.pool.query('SELECT count(*)::int AS n FROM schema_migrations')).rows,
    ).toEqual([{ n: PG_MIGRATIONS.length }])
    await again.close()
  })

  it('a database it cannot reach is refused with the reason', async () => {
    await expect(openPgDatabase('postgres://console@127.0.0.1:1/console')).rejects.toThrow(
      /ECONNREFUSED|connect/,
    )
  })
})
