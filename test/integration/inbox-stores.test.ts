// Customers' replies, the same cases against SQLite (a workstation) and a real PostgreSQL (a team
// server): replies stored in the order they came with where the next fetch starts, paged per
// number and unread, marked read; conversations with what was sent back, found by number or
// contact name; a customer's card; and a reply meaning stop taking effect as it is stored.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { MessageState } from '../../src/shared/contract'
import { HLR_TEXT } from '../../src/shared/constants'
import { foldText } from '../../src/shared/fold'
import type { Db } from '../../src/main/core/db/database'
import { InboxStore as SqliteInbox } from '../../src/main/core/inbox/store'
import { ImportStore } from '../../src/main/core/imports/store'
import { Outbox } from '../../src/main/core/outbox/outbox'
import type { PgDatabase } from '../../src/main/core/stores/postgres/database'
import { PgInbox } from '../../src/main/core/stores/postgres/inbox'
import { PgOutbox } from '../../src/main/core/stores/postgres/outbox'
import { PgStopList } from '../../src/main/core/stores/postgres/stop-list'
import {
  SqliteInboxStore,
  SqliteOutboxStore,
  SqliteStopList,
} from '../../src/main/core/stores/sqlite'
import type { InboxStore, OutboxStore, StopList } from '../../src/main/core/stores/stores'
import { storeBackends } from '../helpers/store-backends'

/**
 * Profiles, contacts, HLR answers and a sent message's final state are written by other stores
 * (and, for states, by the provider's receipts): these tests put them in with plain SQL, the
 * same columns on each database, so that only the inbox is under test. Sent messages go in
 * through each backend's own outbox store.
 */
interface Seed {
  profile(id: string): Promise<void>
  contact(phone: string, name: string, notes: string): Promise<void>
  hlr(a: { phone: string; net: string; cn: string; rnet: string; at: number }): Promise<void>
  state(messageId: number, state: MessageState): Promise<void>
  /** Every outgoing message's key, in the order queued. */
  keys(): Promise<string[]>
}

interface Stores {
  inbox: InboxStore
  outbox: OutboxStore
  stopList: StopList
  seed: Seed
}

const CONTACT_SQL = `INSERT INTO contacts (phone, name, name_folded, notes, updated_at)`
const HLR_SQL = `INSERT INTO hlr_results (profile_id, phone, provider_id, stat, net, cn, mcc,
  rnet, rcn, raw, received_at)`

function sqliteStores(db: Db, now: () => number): Stores {
  const outbox = new Outbox(db, { now })
  // One ImportStore for the inbox and the stop-list: SQLite's version lives in it.
  const imports = new ImportStore(db, now)
  return {
    inbox: new SqliteInboxStore(new SqliteInbox(db, now), imports, outbox),
    outbox: new SqliteOutboxStore(outbox),
    stopList: new SqliteStopList(imports),
    seed: {
      async profile(id) {
        db.prepare(
          `INSERT INTO profiles (id, name, kind, created_at) VALUES (?, ?, 'smpp', 1)`,
        ).run(id, id)
      },
      async contact(phone, name, notes) {
        db.prepare(`${CONTACT_SQL} VALUES (?, ?, ?, ?, 1)`).run(phone, name, foldText(name), notes)
      },
      async hlr(a) {
        db.prepare(`${HLR_SQL} VALUES ('p1', ?, ?, 'DELIVRD', ?, ?, '436', ?, ?, '', ?)`).run(
          a.phone,
          `h${a.at}`,
          a.net,
          a.cn,
          a.rnet,
          a.rnet === '' ? '' : 'Russian Federation',
          a.at,
        )
      },
      async state(id, state) {
        db.prepare('UPDATE messages SET state = ? WHERE id = ?').run(state, id)
      },
      async keys() {
        return (
          db.prepare('SELECT idempotency_key AS k FROM messages ORDER BY id').all() as {
            k: string
          }[]
        ).map((r) => r.k)
      },
    },
  }
}

function pgStores(db: PgDatabase, now: () => number): Stores {
  const outbox = new PgOutbox(db, { now })
  const stopList = new PgStopList(db, now)
  return {
    inbox: new PgInbox(db, outbox, stopList, now),
    outbox,
    stopList,
    seed: {
      async profile(id) {
        await db.pool.query(
          `INSERT INTO profiles (id, name, kind, created_at) VALUES ($1, $1, 'smpp', 1)`,
          [id],
        )
      },
      async contact(phone, name, notes) {
        await db.pool.query(`${CONTACT_SQL} VALUES ($1, $2, $3, $4, 1)`, [
          phone,
          name,
          foldText(name),
          notes,
        ])
      },
      async hlr(a) {
        await db.pool.query(
          `${HLR_SQL} VALUES ('p1', $1, $2, 'DELIVRD', $3, $4, '436', $5, $6, '', $7)`,
          [
            a.phone,
            `h${a.at}`,
            a.net,
            a.cn,
            a.rnet,
            a.rnet === '' ? '' : 'Russian Federation',
            a.at,
          ],
        )
      },
      async state(id, state) {
        await db.pool.query('UPDATE messages SET state = $1 WHERE id = $2', [state, id])
      },
      async keys() {
        const r = await db.pool.query<{ k: string }>(
          'SELECT idempotency_key AS k FROM messages ORDER BY id',
        )
        return r.rows.map((x) => x.k)
      },
    },
  }
}

const BACKENDS = storeBackends<Stores>({ sqlite: sqliteStores, postgres: pgStores })

/** One customer, written with signs as providers give the number. */
const ANNA = '+992 (93) 555-01-77'
const ANNA_PEER = '992935550177'
const BORIS = '992935550188'
const CHARLES = '992935550199'

describe.each(BACKENDS)('the inbox on $name', (backend) => {
  let clock = 1_000_000
  let s: Stores
  // The first open of PostgreSQL starts its cluster: more than a test's usual time.
  beforeAll(async () => {
    s = await backend.open(() => clock)
  }, 120_000)
  beforeEach(async () => {
    clock = 1_000_000
    s = await backend.open(() => clock)
    await s.seed.profile('p1')
    await s.seed.profile('p2')
  })
  afterAll(() => backend.close())

  const reply = (from: string, to: string, text: string, receivedAt: number) => ({
    from,
    to,
    text,
    receivedAt,
  })
  const send = (phone: string, text: string, sender = '7781') =>
    s.outbox.enqueue({ profileId: 'p1', sender, phone, text })

  it('stores replies in the order they came, with where the next fetch starts per profile', async () => {
    const first = await s.inbox.record(
      'p1',
      [
        reply(ANNA, '7781', 'Где заказ?', 3000),
        reply(BORIS, '7781', 'Hello', 1000),
        reply(ANNA, '7782', 'Ещё раз', 2000),
      ],
      'cursor-1',
    )
    expect(first).toEqual({
      stored: [
        { id: 1, profileId: 'p1', from: ANNA, to: '7781', text: 'Где заказ?', receivedAt: 3000 },
        { id: 2, profileId: 'p1', from: BORIS, to: '7781', text: 'Hello', receivedAt: 1000 },
        { id: 3, profileId: 'p1', from: ANNA, to: '7782', text: 'Ещё раз', receivedAt: 2000 },
      ],
      replies: [],
    })
    expect(await s.inbox.cursor('p1')).toBe('cursor-1')
    expect(await s.inbox.cursor('p2')).toBeNull()

    // Nothing new still moves the cursor; no cursor given leaves the one stored.
    expect(await s.inbox.record('p2', [], 'cursor-A')).toEqual({ stored: [], replies: [] })
    expect(await s.inbox.cursor('p2')).toBe('cursor-A')
    const [late] = (await s.inbox.record('p1', [reply(CHARLES, '7781', 'Hi', 500)])).stored
    expect(late).toMatchObject({ id: 4, profileId: 'p1', from: CHARLES })
    expect(await s.inbox.cursor('p1')).toBe('cursor-1')
    await s.inbox.record('p1', [], 'cursor-2')
    expect(await s.inbox.cursor('p1')).toBe('cursor-2')

    // The latest by when they were stored, not by the time they carry.
    expect((await s.inbox.recent(2)).map((m) => m.id)).toEqual([4, 3])
    expect((await s.inbox.recent()).map((m) => m.id)).toEqual([4, 3, 2, 1])
  })

  it('keeps a reply with a NUL character in it (PostgreSQL, which refuses one, as U+FFFD)', async () => {
    const { stored } = await s.inbox.record('p1', [reply(ANNA, '7781', 'a\u0000b', 1000)], 'c2')
    expect(stored[0]?.text).toBe(backend.name === 'PostgreSQL' ? 'a\uFFFDb' : 'a\u0000b')
    expect(await s.inbox.cursor('p1')).toBe('c2')
  })

  it('pages the replies per number and unread, counts them per number, and marks them read', async () => {
    await s.inbox.record('p1', [
      reply(ANNA, '7781', 'a1', 1000),
      reply(BORIS, '7782', 'b1', 2000),
      reply(ANNA, '7781', 'a2', 3000),
      reply(CHARLES, '7783', 'c1', 3000),
      reply('+992935550188', '7781', 'b2', 2500),
    ])
    const ids = async (f: Parameters<InboxStore['list']>[0]) => {
      const page = await s.inbox.list(f)
      return [page.messages.map((m) => m.id), page.more]
    }
    expect(await ids({ limit: 2 })).toEqual([[5, 4], true])
    expect(await ids({ limit: 2, beforeId: 4 })).toEqual([[3, 2], true])
    expect(await ids({ limit: 2, beforeId: 2 })).toEqual([[1], false])
    expect(await ids({ limit: 3, beforeId: 4 })).toEqual([[3, 2, 1], false])
    expect(await ids({ to: '7781' })).toEqual([[5, 3, 1], false])
    expect(await ids({ to: '7781', limit: 1, beforeId: 5 })).toEqual([[3], true])
    expect(await ids({ to: '' })).toEqual([[5, 4, 3, 2, 1], false])
    expect((await s.inbox.list({ limit: 1 })).messages).toEqual([
      {
        id: 5,
        profileId: 'p1',
        from: '+992935550188',
        to: '7781',
        text: 'b2',
        receivedAt: 2500,
        read: false,
      },
    ])

    // Equal latest times: by number.
    expect(await s.inbox.numbers()).toEqual([
      { to: '7781', total: 3, unread: 3, lastAt: 3000 },
      { to: '7783', total: 1, unread: 1, lastAt: 3000 },
      { to: '7782', total: 1, unread: 1, lastAt: 2000 },
    ])
    expect(await s.inbox.unreadCount()).toBe(5)

    clock = 9000
    // A repeated id, and one unknown, count once and not at all.
    expect(await s.inbox.markRead({ ids: [1, 1, 99] })).toBe(1)
    expect(await s.inbox.markRead({ ids: [1] })).toBe(0)
    expect(await s.inbox.markRead({ ids: [] })).toBe(0)
    expect(await ids({ unreadOnly: true })).toEqual([[5, 4, 3, 2], false])
    expect(await ids({ to: '7781', unreadOnly: true, limit: 1 })).toEqual([[5], true])
    expect((await s.inbox.list({ beforeId: 2 })).messages).toMatchObject([{ id: 1, read: true }])
    expect(await s.inbox.unreadCount()).toBe(4)

    // A customer however their number is written; a number written to.
    expect(await s.inbox.markRead({ peer: '+992 93 555 01 88' })).toBe(2)
    expect(await s.inbox.markRead({ to: '7783' })).toBe(1)
    expect(await s.inbox.numbers()).toEqual([
      { to: '7781', total: 3, unread: 1, lastAt: 3000 },
      { to: '7783', total: 1, unread: 0, lastAt: 3000 },
      { to: '7782', total: 1, unread: 0, lastAt: 2000 },
    ])
    expect(await s.inbox.markRead({ all: true })).toBe(1)
    expect(await s.inbox.markRead({})).toBe(0)
    expect(await s.inbox.unreadCount()).toBe(0)
    expect(await ids({ unreadOnly: true })).toEqual([[], false])
  })

  it('lists conversations newest first either way, found by part of the number or the name', async () => {
    await s.inbox.record('p1', [
      reply(ANNA, '7781', 'Здравствуйте', 1000),
      reply(BORIS, '7782', 'Добрый день', 2000),
      reply(ANNA, '79001234501', 'Где заказ?', 3000),
    ])
    await s.inbox.record('p2', [reply(CHARLES, '7783', 'Hi', 2000)])
    // Something sent to Boris after his reply: his conversation's latest word is ours.
    clock = 4000
    await send(BORIS, 'Ваш заказ в пути')
    // A lookup of Charles's number is no message to him.
    clock = 5000
    await send(CHARLES, HLR_TEXT)
    // Sent to Anna before her latest reply: her reply stays the latest.
    clock = 2500
    await send(ANNA_PEER, 'Заказ принят')
    await s.seed.contact(ANNA_PEER, 'Пётр Ёлкин', 'звонить после 18')
    await s.inbox.markRead({ ids: [1] })

    const threads = await s.inbox.threads()
    expect(threads).toEqual([
      {
        peer: BORIS,
        from: BORIS,
        name: null,
        unread: 1,
        lastAt: 4000,
        lastText: 'Ваш заказ в пути',
        lastDirection: 'out',
        replyProfileId: 'p1',
        replyFrom: '7782',
      },
      {
        peer: ANNA_PEER,
        from: ANNA,
        name: 'Пётр Ёлкин',
        unread: 1,
        lastAt: 3000,
        lastText: 'Где заказ?',
        lastDirection: 'in',
        replyProfileId: 'p1',
        replyFrom: '79001234501',
      },
      {
        peer: CHARLES,
        from: CHARLES,
        name: null,
        unread: 1,
        lastAt: 2000,
        lastText: 'Hi',
        lastDirection: 'in',
        replyProfileId: 'p2',
        replyFrom: '7783',
      },
    ])
    const peers = async (search?: string, limit?: number) =>
      (await s.inbox.threads(search, limit)).map((t) => t.peer)
    expect(await peers('', 2)).toEqual([BORIS, ANNA_PEER])
    // Part of the number, written with signs or not.
    expect(await peers('0177')).toEqual([ANNA_PEER])
    expect(await peers('+992 93 555-01-9')).toEqual([CHARLES])
    expect(await peers('55501')).toEqual([BORIS, ANNA_PEER, CHARLES])
    // Part of the name, in any case, е for ё; letters are no part of a number.
    for (const search of ['елкин', 'ПЁТР', ' тр ёл '])
      expect(await peers(search)).toEqual([ANNA_PEER])
    expect(await peers('abc')).toEqual([])
    expect(await peers('0000')).toEqual([])
    // Equal latest times: by number.
    await s.inbox.record('p1', [
      reply('992935550111', '7781', 'x', 4000),
      reply('992935550100', '7781', 'y', 4000),
    ])
    expect(await peers('', 3)).toEqual(['992935550100', '992935550111', BORIS])
  })

  it('shows a conversation both ways, newest first, paged by time', async () => {
    await s.inbox.record('p1', [
      reply(ANNA, '7781', 'Где мой заказ?', 1000),
      reply('992935550177', '7782', 'Ещё раз: где заказ?', 3000),
      reply(BORIS, '7781', 'Другой клиент', 2000),
    ])
    clock = 2000
    const out = await send(ANNA_PEER, 'Заказ 4812 в пути', 'Shop')
    await send(ANNA_PEER, HLR_TEXT)
    await s.seed.state(out.id, 'delivered')
    // At the same time as her reply: the answer shows first.
    clock = 3000
    const same = await send(ANNA_PEER, 'Спасибо, ждём')
    await s.inbox.markRead({ ids: [1] })

    const whole = await s.inbox.thread('+992 93 555 01 77')
    expect(whole).toEqual({
      entries: [
        {
          direction: 'out',
          id: same.id,
          profileId: 'p1',
          sender: '7781',
          phone: ANNA_PEER,
          text: 'Спасибо, ждём',
          at: 3000,
          state: 'queued',
          error: null,
        },
        {
          direction: 'in',
          id: 2,
          profileId: 'p1',
          from: '992935550177',
          to: '7782',
          text: 'Ещё раз: где заказ?',
          at: 3000,
          read: false,
        },
        {
          direction: 'out',
          id: out.id,
          profileId: 'p1',
          sender: 'Shop',
          phone: ANNA_PEER,
          text: 'Заказ 4812 в пути',
          at: 2000,
          state: 'delivered',
          error: null,
        },
        {
          direction: 'in',
          id: 1,
          profileId: 'p1',
          from: ANNA,
          to: '7781',
          text: 'Где мой заказ?',
          at: 1000,
          read: true,
        },
      ],
      more: false,
    })
    const page = async (beforeAt?: number) => {
      const r = await s.inbox.thread(ANNA_PEER, beforeAt, 2)
      return [r.entries.map((e) => `${e.direction}:${e.text}`), r.more]
    }
    expect(await page()).toEqual([['out:Спасибо, ждём', 'in:Ещё раз: где заказ?'], true])
    expect(await page(3000)).toEqual([['out:Заказ 4812 в пути', 'in:Где мой заказ?'], false])
    expect(await page(1000)).toEqual([[], false])
    expect(await s.inbox.thread('77010000000')).toEqual({ entries: [], more: false })
  })

  it('tells what is known of a customer: counts both ways, the latest lookup, the stop-list, the contact', async () => {
    await s.inbox.record('p1', [
      reply(ANNA, '7781', 'Здравствуйте', 1500),
      reply('992935550177', '7781', 'Где заказ?', 3000),
      reply(BORIS, '7781', 'Другой клиент', 500),
    ])
    clock = 1000
    const a = await send(ANNA_PEER, 'Заказ в пути')
    const b = await send(ANNA_PEER, 'Заказ доставлен')
    const c = await send(ANNA_PEER, 'Заказ отменён')
    await send(ANNA_PEER, HLR_TEXT)
    await send(BORIS, 'Другому')
    await s.seed.state(a.id, 'delivered')
    await s.seed.state(b.id, 'expired')
    await s.seed.state(c.id, 'failed')
    expect(await s.inbox.customer(ANNA)).toEqual({
      peer: ANNA_PEER,
      firstAt: 1000,
      received: 2,
      sent: 3,
      delivered: 1,
      notDelivered: 2,
      lastHlr: null,
      stopped: null,
      contact: null,
    })

    await s.seed.hlr({ phone: ANNA_PEER, net: 'Babilon-M', cn: 'Tajikistan', rnet: '', at: 4000 })
    await s.seed.hlr({ phone: ANNA_PEER, net: 'Tcell', cn: '', rnet: 'Beeline', at: 3500 })
    clock = 6000
    await s.stopList.add([ANNA_PEER], 'только p1', 'p1')
    clock = 7000
    await s.stopList.add([ANNA_PEER], 'просил', '')
    await s.seed.contact(ANNA_PEER, 'Пётр Ёлкин', 'звонить после 18')
    expect(await s.inbox.customer(ANNA_PEER)).toMatchObject({
      // The latest answer stored, whatever time it carries; an empty field is none.
      lastHlr: {
        at: 3500,
        net: 'Tcell',
        cn: null,
        mcc: '436',
        rnet: 'Beeline',
        rcn: 'Russian Federation',
      },
      // The entry for every profile says most.
      stopped: { note: 'просил', addedAt: 7000, profileId: '' },
      contact: { name: 'Пётр Ёлкин', notes: 'звонить после 18' },
    })
    await s.stopList.remove([ANNA_PEER], '')
    expect((await s.inbox.customer(ANNA_PEER)).stopped).toEqual({
      note: 'только p1',
      addedAt: 6000,
      profileId: 'p1',
    })
    // Only sent to, never heard from; someone never met: nothing known, nothing broken.
    expect(await s.inbox.customer(BORIS)).toMatchObject({ firstAt: 500, received: 1, sent: 1 })
    expect(await s.inbox.customer('77010000000')).toEqual({
      peer: '77010000000',
      firstAt: null,
      received: 0,
      sent: 0,
      delivered: 0,
      notDelivered: 0,
      lastHlr: null,
      stopped: null,
      contact: null,
    })
  })

  it('puts a reply meaning stop on the stop-list as it is stored, and answers it when an answer is set', async () => {
    const v0 = await s.stopList.version()
    // No answer set: the number is stopped for every profile, nothing is queued.
    const quiet = await s.inbox.record('p1', [
      reply(ANNA, '7781', 'STOP', 1000),
      reply(BORIS, '7781', 'don’t stop the delivery', 1000),
    ])
    expect(quiet.replies).toEqual([])
    expect(await s.stopList.version()).not.toBe(v0)
    expect([...(await s.stopList.stoppedAmong([ANNA_PEER, BORIS], 'p2'))]).toEqual([ANNA_PEER])
    expect((await s.stopList.page(null, 0, 10, null)).items).toEqual([
      { phone: ANNA_PEER, profileId: '', note: 'STOP', addedAt: 1_000_000 },
    ])

    const answer = 'Вы отписаны от рассылки.'
    await s.stopList.setReply(answer)
    clock = 2_000_000
    const batch = [
      reply('+992 93 555 01 99', '7782', 'стоп', 2000),
      reply(BORIS, '7781', 'Спасибо!', 2000),
    ]
    const answered = await s.inbox.record('p2', batch, 'after-stop')
    expect(answered.stored.map((m) => m.id)).toEqual([3, 4])
    expect(answered.replies).toMatchObject([
      {
        profileId: 'p2',
        sender: '7782',
        phone: CHARLES,
        text: answer,
        state: 'queued',
        batchId: null,
        createdAt: 2_000_000,
      },
    ])
    expect(await s.inbox.cursor('p2')).toBe('after-stop')
    expect(await s.outbox.get(answered.replies[0]?.id ?? 0)).toMatchObject({ text: answer })

    // The same batch again (a provider that sends twice): stored again, as inbound messages
    // have no key of their own, so answered again under the new reply's key; the number's
    // entry stays the first.
    clock = 3_000_000
    const again = await s.inbox.record('p2', batch)
    expect(again.stored.map((m) => m.id)).toEqual([5, 6])
    expect(again.replies).toMatchObject([{ phone: CHARLES, text: answer }])
    expect(await s.seed.keys()).toEqual(['optout:3', 'optout:5'])
    expect((await s.stopList.page(CHARLES, 0, 10, null)).items).toEqual([
      { phone: CHARLES, profileId: '', note: 'стоп', addedAt: 2_000_000 },
    ])

    // The office chose per profile: the number is stopped for the profile it came in on.
    await s.stopList.setPerProfileOptOut(true)
    await s.stopList.setReply(null)
    const v1 = await s.stopList.version()
    const scoped = await s.inbox.record('p1', [reply(BORIS, '7781', ' Отписаться! ', 4000)])
    expect(scoped.replies).toEqual([])
    expect(await s.stopList.version()).not.toBe(v1)
    expect((await s.stopList.page(BORIS, 0, 10, null)).items).toMatchObject([
      { phone: BORIS, profileId: 'p1', note: ' Отписаться! ' },
    ])
    expect([...(await s.stopList.stoppedAmong([BORIS], 'p2'))]).toEqual([])
    expect(await s.inbox.customer(BORIS)).toMatchObject({ stopped: { profileId: 'p1' } })
    expect(await s.seed.keys()).toEqual(['optout:3', 'optout:5'])
  })
})
