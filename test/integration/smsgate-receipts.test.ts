// smsgate's states through the real outbox, dispatcher, provider and simulator over real HTTP,
// on a real SQLite file: partly_deliver ends the message (it is not polled for days), and a
// cascade's receipt keeps what each channel cost beside the total.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src/main/core/db/database'
import { Dispatcher } from '../../src/main/core/dispatcher/dispatcher'
import { Outbox, steadyPolls } from '../../src/main/core/outbox/outbox'
import { SqliteOutboxStore } from '../../src/main/core/stores/sqlite'
import { ProfileStore } from '../../src/main/core/profiles/profiles'
import { SmsgateProvider } from '../../src/main/core/providers/smsgate/provider'
import { SmsgateSimulator } from '../../src/main/core/providers/smsgate/sim'
import { scratchPerTest } from '../helpers/scratch'
import { startTestCore } from '../helpers/test-core'
import { waitFor } from '../helpers/wait'
import { sandboxProfiles } from '../../src/main/core/profiles/input'

const scratch = scratchPerTest('smsgate-receipts')

async function setup(): Promise<{ db: Db; outbox: Outbox; sim: SmsgateSimulator }> {
  const sim = new SmsgateSimulator({
    login: 'agent',
    password: 'pw-1',
    stepMs: 20,
    readDelayMs: 20,
    duplicateWindowMs: 0,
  })
  await sim.start()
  const provider = new SmsgateProvider({
    profileId: 'sandbox',
    baseUrl: `${sim.url}/`,
    login: 'agent',
    secret: 'pw-1',
    duplicateWindowMs: 0,
    senders: { viber: 'ShopViber' },
  })
  const db = openDatabase(join(scratch.dir, 'console.db'))
  new ProfileStore(db).ensureSandbox(sandboxProfiles())
  const outbox = new Outbox(db)
  const dispatcher = new Dispatcher({
    outbox: new SqliteOutboxStore(outbox),
    connection: provider,
    maxInFlight: 4,
    pollTickMs: 20,
    policy: { pollAfterMs: 20, polls: steadyPolls(30) },
    onChange: () => {},
    onError: () => {},
  })
  dispatcher.start()
  provider.start()
  scratch.cleanup(async () => {
    await dispatcher.stop()
    await provider.stop()
    await sim.stop()
    db.close()
  })
  return { db, outbox, sim }
}

interface ReceiptRow {
  outcome: string
  stat: string
  channel: string | null
  price: string | null
  prices: string | null
}

const receiptsOf = (db: Db, id: number) =>
  db
    .prepare(
      'SELECT outcome, stat, channel, price, prices FROM delivery_receipts WHERE message_id = ? ORDER BY id',
    )
    .all(id) as ReceiptRow[]

describe('smsgate reports through the outbox', () => {
  it('partly_deliver is final: the message ends, says to ask support, and is polled no more', async () => {
    const { db, outbox } = await setup()
    const m = outbox.enqueue({
      profileId: 'sandbox',
      sender: 'Shop',
      phone: '79001234533',
      text: 'Ваш заказ готов',
    })
    await waitFor(() => outbox.get(m.id)?.state === 'failed', 'final')
    expect(outbox.get(m.id)).toMatchObject({
      errorCode: 'smsgate:state:partly_deliver',
      error: expect.stringMatching(/none will come: ask smsgate support/),
    })
    const row = db.prepare('SELECT next_poll_at FROM messages WHERE id = ?').get(m.id) as {
      next_poll_at: number | null
    }
    expect(row.next_poll_at).toBeNull()
    expect(receiptsOf(db, m.id).at(-1)).toMatchObject({ outcome: 'failed', stat: 'partly_deliver' })
  })

  it('a cascade keeps each channel’s price beside the total', async () => {
    const { db, outbox } = await setup()
    // …11: every channel but SMS fails, so Viber and SMS are both charged.
    const m = outbox.enqueue({
      profileId: 'sandbox',
      sender: 'Shop',
      phone: '79001234511',
      text: 'Ваш заказ готов',
      cascade: { order: ['viber', 'sms'] },
    })
    await waitFor(() => outbox.get(m.id)?.state === 'delivered', 'delivered')
    const final = receiptsOf(db, m.id).at(-1)
    expect(final).toMatchObject({ outcome: 'delivered', channel: 'sms', price: '3.40' })
    expect(JSON.parse(final?.prices ?? 'null')).toEqual({ viber: '0.90', sms: '2.50' })
  })
})

describe("a message's reports as the History screen asks for them", () => {
  it('lists each report with its total and what each channel cost', async () => {
    const t = await startTestCore({
      // Polled until final: with smsgate's one-minute identical-request rule, a poll that
      // came before the cascade ended (as soon as the send was answered) would hold the next
      // one past this test's wait.
      sandbox: { smsgate: { stepMs: 20, readDelayMs: 20, duplicateWindowMs: 0 } },
      // On a busy machine the first request of a fresh core can take seconds; past the 5 s
      // timeout it would count as unanswered. The test waits on the answer instead.
      smsgate: { timeoutMs: 120_000, duplicateWindowMs: 0 },
      dispatcher: { pollTickMs: 20, policy: { pollAfterMs: 30, polls: steadyPolls(40) } },
    })
    scratch.cleanup(() => t.close())
    const { call } = t
    const sent = await call('messages.send', {
      profileId: 'sandbox-smsgate',
      sender: 'Shop',
      phone: '+7 900 123 45 11',
      text: 'Ваш заказ готов',
      cascade: { order: ['viber', 'sms'] },
    })
    await waitFor(() => t.latest(sent.id)?.state === 'delivered', 'delivered')
    const receipts = await call('history.receipts', { id: sent.id })
    expect(receipts.at(-1)).toMatchObject({
      outcome: 'delivered',
      channel: 'sms',
      price: '3.40',
      prices: { viber: '0.90', sms: '2.50' },
    })
    // A message with no report yet has none; one that does not exist neither.
    expect(await call('history.receipts', { id: 999_999 })).toEqual([])
  })
})
