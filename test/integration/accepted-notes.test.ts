// A resend after a lost answer that the provider answers "already have it" — smsgate's
// "already sent with this client_id_message", OsonSMS's 409 / 108 — through the real outbox,
// dispatcher, provider and simulator over real HTTP, on a real SQLite file: the message is
// accepted (never uncertain, never offered for a resend) and says why no report can follow.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src/main/core/db/database'
import { Dispatcher } from '../../src/main/core/dispatcher/dispatcher'
import { Outbox, steadyPolls } from '../../src/main/core/outbox/outbox'
import { SqliteOutboxStore } from '../../src/main/core/stores/sqlite'
import { ProfileStore } from '../../src/main/core/profiles/profiles'
import type { HttpProvider } from '../../src/main/core/providers/http-provider'
import { OsonSmsProvider } from '../../src/main/core/providers/osonsms/provider'
import { SmsgateProvider } from '../../src/main/core/providers/smsgate/provider'
import { OsonSmsSimulator } from '../../src/main/core/providers/osonsms/sim'
import { SmsgateSimulator } from '../../src/main/core/providers/smsgate/sim'
import type { OutboxMessage } from '../../src/shared/contract'
import { REASON_CODES } from '../../src/shared/reason-codes'
import { scratchPerTest } from '../helpers/scratch'
import { waitFor } from '../helpers/wait'
import { sandboxProfiles } from '../../src/main/core/profiles/input'

const scratch = scratchPerTest('accepted-notes')

/** The first send is answered only after SLOW_MS, well past the client's TIMEOUT_MS. */
const TIMEOUT_MS = 1_000
const SLOW_MS = 3_000

function outboxWith(provider: HttpProvider): { db: Db; outbox: Outbox; seen: OutboxMessage[] } {
  const db = openDatabase(join(scratch.dir, 'console.db'))
  new ProfileStore(db).ensureSandbox(sandboxProfiles())
  const outbox = new Outbox(db)
  const seen: OutboxMessage[] = []
  const dispatcher = new Dispatcher({
    outbox: new SqliteOutboxStore(outbox),
    connection: provider,
    maxInFlight: 4,
    pollTickMs: 20,
    policy: { retryBackoff: { firstMs: 50, maxMs: 50 }, pollAfterMs: 20, polls: steadyPolls(30) },
    onChange: (messages) => seen.push(...messages),
    onError: () => {},
  })
  dispatcher.start()
  provider.start()
  scratch.cleanup(async () => {
    await dispatcher.stop()
    await provider.stop()
    db.close()
  })
  return { db, outbox, seen }
}

const nextPollAt = (db: Db, id: number) =>
  (
    db.prepare('SELECT next_poll_at FROM messages WHERE id = ?').get(id) as {
      next_poll_at: unknown
    }
  ).next_poll_at

describe('an answer lost, the resend answered "already have it"', () => {
  it.each(['json', 'xml'] as const)(
    'smsgate (%s): accepted, no delivery report to follow, never uncertain',
    async (iface) => {
      const sim = new SmsgateSimulator({ login: 'agent', password: 'pw-1', duplicateWindowMs: 0 })
      await sim.start()
      scratch.cleanup(() => sim.stop())
      const provider = new SmsgateProvider({
        profileId: 'sandbox',
        baseUrl: `${sim.url}/`,
        login: 'agent',
        secret: 'pw-1',
        interface: iface,
        duplicateWindowMs: 0,
        timeoutMs: TIMEOUT_MS,
        retryInitialMs: 20,
      })
      const { db, outbox, seen } = outboxWith(provider)
      sim.sim.fault({ kind: 'slow', ms: SLOW_MS })
      const m = outbox.enqueue({
        profileId: 'sandbox',
        sender: 'Shop',
        phone: '79001234567',
        text: 'Ваш заказ готов',
      })
      await waitFor(() => outbox.get(m.id)?.state === 'accepted', 'accepted after the resend')
      const after = outbox.get(m.id)
      expect(after).toMatchObject({
        state: 'accepted',
        providerIds: [],
        attempts: 2,
        errorCode: 'smsgate:duplicate-client-id',
        error: expect.stringMatching(/no delivery report can follow/),
      })
      expect(seen.map((s) => s.state)).not.toContain('uncertain')
      // Nothing to ask about: it is never polled.
      expect(nextPollAt(db, m.id)).toBeNull()
      expect(sim.messages).toHaveLength(1)
      // The operator reads it in either language.
      expect(REASON_CODES[after?.errorCode ?? '']?.ru).toMatch(
        /^Принято ранее с этим client_id_message.*отчёта о доставке не будет/,
      )
    },
  )

  it.each([
    // The document's 409 / 108 names no msg_id: accepted, and it says why no report comes.
    { carriesId: false, final: 'accepted', note: 'osonsms:108:no-msg-id' },
    // A server that names it: polled to delivered like any other, nothing to explain.
    { carriesId: true, final: 'delivered', note: null },
  ])('OsonSMS 409 / 108 (msg_id in the answer: $carriesId) → $final', async (c) => {
    const sim = new OsonSmsSimulator({
      accounts: { agent: 'salt-1' },
      deliveryDelayMs: 20,
      duplicateCarriesMsgId: c.carriesId,
    })
    await sim.start()
    scratch.cleanup(() => sim.stop())
    const provider = new OsonSmsProvider({
      profileId: 'sandbox',
      baseUrl: `${sim.url}/`,
      login: 'agent',
      secret: 'salt-1',
      timeoutMs: TIMEOUT_MS,
      retryInitialMs: 20,
    })
    const { db, outbox } = outboxWith(provider)
    sim.sim.fault({ kind: 'slow', ms: SLOW_MS, path: '/sendsms_v1.php' })
    const m = outbox.enqueue({
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phone: '992931234567',
      text: 'Ваш код 4812',
    })
    await waitFor(() => outbox.get(m.id)?.state === c.final, c.final)
    const after = outbox.get(m.id)
    expect(after?.errorCode ?? null).toBe(c.note)
    if (c.note) {
      expect(after?.error).toMatch(/no msg_id, which a status query needs/)
      expect(nextPollAt(db, m.id)).toBeNull()
      expect(REASON_CODES[after?.errorCode ?? '']?.ru).toMatch(
        /^Принято при предыдущей попытке с тем же txn_id.*отчёта о доставке не будет/,
      )
    } else {
      expect(after?.error).toBeNull()
    }
    expect(sim.messages).toHaveLength(1)
  })
})
