// Numbers verified by the customer's call, the same cases against SQLite (a workstation) and a
// real PostgreSQL (a team server): a verification started waits, then is expired from its
// deadline on; a `[waitcall]` stored by the inbox verifies the newest of the customer's waiting
// ones on that profile in the transaction that stores it, is read as it is stored (no unread
// reply) and is kept in the conversation; a late call, a call on another profile, a second call
// verify nothing; the latest verification per number.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { VERIFY_CALL_MS, WAITCALL_TEXT } from '../../src/shared/verification'
import type { Db } from '../../src/main/core/db/database'
import { InboxStore as SqliteInbox } from '../../src/main/core/inbox/store'
import { ImportStore } from '../../src/main/core/imports/store'
import { Outbox } from '../../src/main/core/outbox/outbox'
import type { PgDatabase } from '../../src/main/core/stores/postgres/database'
import { pgStores } from '../../src/main/core/stores/postgres/stores'
import { SqliteInboxStore } from '../../src/main/core/stores/sqlite'
import type { InboxStore, VerificationsStore } from '../../src/main/core/stores/stores'
import { SqliteVerificationsStore, VerificationStore } from '../../src/main/core/verification/store'
import { storeBackends } from '../helpers/store-backends'

interface Stores {
  inbox: InboxStore
  verifications: VerificationsStore
}

function sqliteStores(db: Db, now: () => number): Stores {
  const verifications = new VerificationStore(db, now)
  return {
    inbox: new SqliteInboxStore(
      new SqliteInbox(db, now),
      new ImportStore(db, now),
      new Outbox(db, { now }),
      verifications,
    ),
    verifications: new SqliteVerificationsStore(verifications),
  }
}

function postgresStores(db: PgDatabase, now: () => number): Stores {
  const all = pgStores(db, { now })
  return { inbox: all.inbox, verifications: all.verifications }
}

const BACKENDS = storeBackends({ sqlite: sqliteStores, postgres: postgresStores })

const ANNA = '79161234567'
const BORIS = '79167654321'
const T0 = 1_750_000_000_000

describe.each(BACKENDS)('verifications by call on $name', (backend) => {
  let clock = T0
  let s: Stores
  // The first open of PostgreSQL starts its cluster: more than a test's usual time.
  beforeAll(async () => {
    s = await backend.open(() => clock)
  }, 120_000)
  beforeEach(async () => {
    clock = T0
    s = await backend.open(() => clock)
  })
  afterAll(() => backend.close())

  const start = (phone: string, profileId = 'p1', at = clock) =>
    s.verifications.start({
      profileId,
      phone,
      callPhone: '74950000101',
      allPhones: ['74950000101', '74950000102'],
      requestedAt: at,
      expiresAt: at + VERIFY_CALL_MS,
    })
  const call = (from: string, receivedAt: number, profileId = 'p1') =>
    s.inbox.record(profileId, [{ from, to: '74950000101', text: WAITCALL_TEXT, receivedAt }])

  it('waits for the call, then its number is verified as the call is stored', async () => {
    const started = await start(ANNA)
    expect(started).toEqual({
      id: 1,
      profileId: 'p1',
      phone: ANNA,
      callPhone: '74950000101',
      allPhones: ['74950000101', '74950000102'],
      requestedAt: T0,
      expiresAt: T0 + VERIFY_CALL_MS,
      verifiedAt: null,
      state: 'waiting',
    })

    clock = T0 + 3 * 60_000
    const stored = await s.inbox.record('p1', [
      { from: BORIS, to: '7781', text: 'Hello', receivedAt: T0 + 60_000 },
      // The provider's time of the call: a minute before it was fetched.
      { from: `+${ANNA}`, to: '74950000101', text: WAITCALL_TEXT, receivedAt: T0 + 2 * 60_000 },
    ])
    const verified = { ...started, verifiedAt: T0 + 2 * 60_000, state: 'verified' }
    expect(stored.verified).toEqual([verified])
    expect(await s.verifications.get(started.id)).toEqual(verified)
    // Long after, still verified.
    clock = T0 + 10 * VERIFY_CALL_MS
    expect(await s.verifications.get(started.id)).toEqual(verified)

    // The call is read as it is stored: no reply waits for an answer but Boris's; it stays in
    // the conversation (the screen shows it as a line of its own).
    expect(await s.inbox.unreadCount()).toBe(1)
    const anna = await s.inbox.thread(ANNA)
    expect(anna.entries).toMatchObject([{ direction: 'in', text: WAITCALL_TEXT, read: true }])
    expect((await s.inbox.threads()).find((x) => x.peer === ANNA)?.unread).toBe(0)
  })

  it('a verification with no call is expired from its deadline on, and a late call does not verify it', async () => {
    const started = await start(ANNA)
    clock = T0 + VERIFY_CALL_MS - 1
    expect((await s.verifications.get(started.id))?.state).toBe('waiting')
    clock = T0 + VERIFY_CALL_MS
    expect((await s.verifications.get(started.id))?.state).toBe('expired')

    clock = T0 + VERIFY_CALL_MS + 60_000
    const late = await call(ANNA, T0 + VERIFY_CALL_MS + 1000)
    expect(late.verified).toBeUndefined()
    expect(late.stored).toHaveLength(1)
    expect(await s.verifications.get(started.id)).toMatchObject({
      verifiedAt: null,
      state: 'expired',
    })
    // Still no unread reply: a recorded call is never one.
    expect(await s.inbox.unreadCount()).toBe(0)
  })

  it('a call verifies the newest waiting verification of its customer on its profile, once', async () => {
    const first = await start(ANNA)
    clock = T0 + 60_000
    const second = await start(ANNA)
    const boris = await start(BORIS)
    const elsewhere = await start(ANNA, 'p2')

    // On another profile, or from another customer: nothing of Anna's on p1.
    clock = T0 + 2 * 60_000
    expect((await call(ANNA, clock, 'p3')).verified).toBeUndefined()
    const byBoris = await call(BORIS, clock)
    expect(byBoris.verified?.map((v) => v.id)).toEqual([boris.id])

    const byAnna = await call(ANNA, clock)
    expect(byAnna.verified?.map((v) => v.id)).toEqual([second.id])
    // A second call verifies the one still waiting before it (it was in its window too).
    expect((await call(ANNA, clock + 1000)).verified?.map((v) => v.id)).toEqual([first.id])
    // Nothing is left waiting on p1: a third verifies nothing.
    expect((await call(ANNA, clock + 2000)).verified).toBeUndefined()
    expect((await s.verifications.get(elsewhere.id))?.state).toBe('waiting')
  })

  it('lists the latest verification of each number, newest first', async () => {
    const a1 = await start(ANNA)
    clock += 1000
    const b1 = await start(BORIS)
    clock += 1000
    const a2 = await start(ANNA)
    expect((await s.verifications.latest([ANNA, BORIS])).map((v) => v.id)).toEqual([a2.id, b1.id])
    expect((await s.verifications.latest([BORIS, '79990000000'])).map((v) => v.id)).toEqual([b1.id])
    expect(await s.verifications.latest([])).toEqual([])
    expect((await s.verifications.recent(10)).map((v) => v.id)).toEqual([a2.id, b1.id])
    expect((await s.verifications.recent(1)).map((v) => v.id)).toEqual([a2.id])
    expect(a1.id).toBeLessThan(a2.id)
    expect(await s.verifications.get(999)).toBeNull()
  })
})
