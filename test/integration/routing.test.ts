// Retries and failover through the real outbox, dispatcher, HTTP providers and their
// simulators over real HTTP, on real SQLite files.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src/main/core/db/database'
import { Dispatcher } from '../../src/main/core/dispatcher/dispatcher'
import { Outbox, steadyPolls } from '../../src/main/core/outbox/outbox'
import { SqliteOutboxStore } from '../../src/main/core/stores/sqlite'
import { ProfileStore } from '../../src/main/core/profiles/profiles'
import { GetsmsProvider } from '../../src/main/core/providers/getsms/provider'
import type { HttpProvider } from '../../src/main/core/providers/http-provider'
import { OsonSmsProvider } from '../../src/main/core/providers/osonsms/provider'
import { GetsmsSimulator } from '../../src/main/core/providers/getsms/sim'
import { OsonSmsSimulator } from '../../src/main/core/providers/osonsms/sim'
import { createKeychainVault } from '../../src/main/core/vault/vault'
import { withSecretService } from '../helpers/secret-service'
import { scratchPerTest } from '../helpers/scratch'
import { startTestCore } from '../helpers/test-core'
import { waitFor } from '../helpers/wait'
import { sandboxProfiles } from '../../src/main/core/profiles/input'

const scratch = scratchPerTest('routing')

function outboxWith(provider: HttpProvider): { db: Db; outbox: Outbox } {
  const db = openDatabase(join(scratch.dir, 'console.db'))
  new ProfileStore(db).ensureSandbox(sandboxProfiles())
  const outbox = new Outbox(db)
  const dispatcher = new Dispatcher({
    outbox: new SqliteOutboxStore(outbox),
    connection: provider,
    maxInFlight: 4,
    pollTickMs: 20,
    policy: { retryBackoff: { firstMs: 50, maxMs: 50 }, pollAfterMs: 20, polls: steadyPolls(30) },
    onChange: () => {},
    onError: () => {},
  })
  dispatcher.start()
  provider.start()
  scratch.cleanup(async () => {
    await dispatcher.stop()
    await provider.stop()
    db.close()
  })
  return { db, outbox }
}

// The same timeout for both providers: what differs is whether the provider dedupes a resend.
// The first send is answered only after SLOW_MS; the retry must be answered within TIMEOUT_MS,
// with room to spare on a loaded machine.
const TIMEOUT_MS = 1_000
const SLOW_MS = 3_000

describe('a timeout through the outbox', () => {
  it.each([
    // The document's 409/108 names no msg_id: the message is accepted but cannot be polled.
    { carriesId: false, final: 'accepted' },
    // A server that does name it: polled to delivered like any other.
    { carriesId: true, final: 'delivered' },
  ])(
    'OsonSMS (dedupes on txn_id): retried with the same key and sent once → $final',
    async ({ carriesId, final }) => {
      const sim = new OsonSmsSimulator({
        accounts: { agent: 'salt-1' },
        deliveryDelayMs: 20,
        duplicateCarriesMsgId: carriesId,
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
      const { outbox } = outboxWith(provider)
      sim.sim.fault({ kind: 'slow', ms: SLOW_MS, path: '/sendsms_v1.php' })
      const m = outbox.enqueue({
        profileId: 'sandbox',
        sender: 'InfoDesk',
        phone: '992931234567',
        text: 'Ваш код 4812',
      })
      await waitFor(() => outbox.get(m.id)?.state === final, `${final} after the retry`)
      const sends = sim.sim.requests.filter((r) => r.path === '/sendsms_v1.php')
      expect(sends).toHaveLength(2)
      expect(new Set(sends.map((r) => r.params.get('txn_id'))).size).toBe(1)
      expect(sim.messages).toHaveLength(1)
      expect(outbox.get(m.id)?.attempts).toBe(2)
    },
  )

  it('GETSMS.UZ (no key): the message becomes uncertain and is never sent again by itself', async () => {
    const sim = new GetsmsSimulator({ login: 'agent', password: 'pw-1', nicknames: ['InfoDesk'] })
    await sim.start()
    scratch.cleanup(() => sim.stop())
    const provider = new GetsmsProvider({
      profileId: 'sandbox',
      baseUrl: `${sim.url}/`,
      login: 'agent',
      secret: 'pw-1',
      timeoutMs: TIMEOUT_MS,
      retryInitialMs: 20,
    })
    const { outbox } = outboxWith(provider)
    sim.sim.fault({ kind: 'slow', ms: SLOW_MS, path: '/smsgateway/' })
    const m = outbox.enqueue({
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phone: '998901234567',
      text: 'Код 4812',
    })
    await waitFor(() => outbox.get(m.id)?.state === 'uncertain', 'uncertain')
    expect(outbox.get(m.id)?.error).toMatch(/may have been sent/)
    await new Promise((r) => setTimeout(r, 400))
    expect(sim.messages).toHaveLength(1)
    expect(outbox.get(m.id)?.state).toBe('uncertain')
  })
})

// Failover needs a profile with a stored password: the real OS keychain, as in keychain.test.ts.
withSecretService('failover', () => {
  it('an OsonSMS profile out of balance pauses once and its messages go out through the fallback', async () => {
    const sim = new OsonSmsSimulator({ accounts: { agent: 'salt-1' }, balance: 0 })
    await sim.start()
    scratch.cleanup(() => sim.stop())
    const vault = createKeychainVault(`sms-operator-console-test-${randomBytes(4).toString('hex')}`)
    const t = await startTestCore({
      vault,
      failoverGraceMs: 100,
      sandbox: { smpp: { receiptDelayMs: 10 } },
    })
    scratch.cleanup(async () => {
      await vault.delete('tj')
      await t.close()
    })
    await t.call('profiles.save', {
      kind: 'osonsms',
      id: 'tj',
      name: 'OsonSMS Dushanbe',
      baseUrl: `${sim.url}/`,
      login: 'agent',
      senders: ['InfoDesk'],
      fallbackProfileId: 'sandbox',
    })
    expect(await t.call('credentials.set', { profileId: 'tj', password: 'salt-1' })).toEqual({
      hasPassword: true,
    })
    const ids: number[] = []
    for (const phone of ['992931110001', '992931110002', '992931110003']) {
      const m = await t.call('messages.send', {
        profileId: 'tj',
        sender: 'InfoDesk',
        phone,
        text: 'Заказ готов',
      })
      ids.push(m.id)
    }
    await waitFor(
      () => ids.every((id) => t.latest(id)?.state === 'delivered'),
      'all delivered through the fallback',
    )
    for (const id of ids) expect(t.latest(id)?.profileId).toBe('sandbox')
    expect(sim.messages).toHaveLength(0)
    const paused = t
      .pushed('session.state')
      .filter((s) => s.profileId === 'tj' && s.status === 'paused')
    expect(paused).toHaveLength(1)
    expect(paused[0]?.detail).toMatch(/balance/i)
  })
})
