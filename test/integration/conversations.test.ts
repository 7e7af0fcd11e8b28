// Conversations on a real SQLite file: a database from before them keys its stored inbound
// messages by customer (migration 15), the same way new ones are keyed as they arrive, so one
// customer's old and new messages and what was sent to them form one conversation.
import { expect, it } from 'vitest'
import { ContactStore } from '../../src/main/core/contacts/store'
import { InboxStore } from '../../src/main/core/inbox/store'
import { Outbox } from '../../src/main/core/outbox/outbox'
import { historyDb, historyMessage } from '../helpers/history-db'
import { scratchPerTest } from '../helpers/scratch'

const scratch = scratchPerTest('conversations')

it('an older database keys its inbound messages by customer, as new ones are keyed', () => {
  // As it was before conversations (migration 15).
  const old = historyDb(scratch, 'console.db', 14)
  old
    .prepare(
      `INSERT INTO inbound_messages (profile_id, from_addr, to_addr, text, received_at)
      VALUES ('sandbox', '+992 (93) 555-01-77', '7781', 'Где мой заказ?', 1000)`,
    )
    .run()
  old.close()

  const db = historyDb(scratch, 'console.db')
  const inbox = new InboxStore(db)
  inbox.record('sandbox-smsc', [
    { from: '992935550177', to: '79001234501', text: 'Ещё раз: где заказ?', receivedAt: 2000 },
  ])
  new Outbox(db, { now: () => 1500 }).enqueueMany([
    { ...historyMessage(1, 'Заказ 4812 в пути'), phone: '992935550177' },
    { ...historyMessage(2, '__HLR__'), phone: '992935550177' },
  ])
  const [thread, ...others] = inbox.threads()
  expect(others).toEqual([])
  expect(thread).toMatchObject({
    peer: '992935550177',
    unread: 2,
    lastDirection: 'in',
    lastText: 'Ещё раз: где заказ?',
    replyProfileId: 'sandbox-smsc',
    replyFrom: '79001234501',
  })
  // Both ways, the newest first; an HLR lookup of the number is no message of it.
  expect(inbox.thread('992935550177').entries.map((e) => [e.direction, e.text])).toEqual([
    ['in', 'Ещё раз: где заказ?'],
    ['out', 'Заказ 4812 в пути'],
    ['in', 'Где мой заказ?'],
  ])
  expect(inbox.markRead({ peer: '+992 93 555 01 77' })).toBe(2)
})

it('a customer’s card counts both ways by index, and says the latest lookup and the stop-list', () => {
  const db = historyDb(scratch, 'card.db')
  const inbox = new InboxStore(db)
  inbox.record('sandbox', [
    { from: '+992 93 555 0177', to: '7781', text: 'Здравствуйте', receivedAt: 1000 },
    { from: '992935550177', to: '7781', text: 'Где заказ?', receivedAt: 3000 },
    { from: '992935550000', to: '7781', text: 'Другой клиент', receivedAt: 3500 },
  ])
  const outbox = new Outbox(db, { now: () => 2000 })
  const [a, b] = outbox.enqueueAll([
    { ...historyMessage(1, 'Заказ в пути'), phone: '992935550177' },
    { ...historyMessage(2, 'Заказ доставлен'), phone: '992935550177' },
    { ...historyMessage(3, '__HLR__'), phone: '992935550177' },
  ])
  db.prepare(`UPDATE messages SET state = 'delivered' WHERE id = ?`).run(a?.id)
  db.prepare(`UPDATE messages SET state = 'expired' WHERE id = ?`).run(b?.id)
  expect(inbox.customer('+992 93 555 01 77')).toEqual({
    peer: '992935550177',
    firstAt: 1000,
    received: 2,
    sent: 2,
    delivered: 1,
    notDelivered: 1,
    lastHlr: null,
    stopped: null,
    contact: null,
  })

  const hlr = db.prepare(`INSERT INTO hlr_results (profile_id, phone, provider_id, stat, net, cn,
    mcc, rnet, rcn, raw, received_at) VALUES ('sandbox', '992935550177', ?, 'DELIVRD', ?, ?, ?,
    ?, ?, '', ?)`)
  hlr.run('h1', 'Babilon-M', 'Tajikistan', '436', '', '', 4000)
  hlr.run('h2', 'Tcell', 'Tajikistan', '436', 'Beeline', 'Russian Federation', 5000)
  db.prepare(
    `INSERT INTO stop_list (phone, note, added_at) VALUES ('992935550177', 'просил', 6000)`,
  ).run()
  expect(inbox.customer('992935550177')).toMatchObject({
    lastHlr: {
      at: 5000,
      net: 'Tcell',
      cn: 'Tajikistan',
      mcc: '436',
      rnet: 'Beeline',
      rcn: 'Russian Federation',
    },
    stopped: { note: 'просил', addedAt: 6000, profileId: '' },
  })
  // Someone who never wrote or was written to: nothing known, nothing broken.
  expect(inbox.customer('77010000000')).toMatchObject({
    firstAt: null,
    received: 0,
    sent: 0,
    lastHlr: null,
  })
})

it('a contact names its conversation, and a conversation is found by part of the name', () => {
  const db = historyDb(scratch, 'contacts.db')
  const inbox = new InboxStore(db)
  const contacts = new ContactStore(db, () => 7000)
  inbox.record('sandbox', [
    { from: '+992 93 555 0177', to: '7781', text: 'Здравствуйте', receivedAt: 1000 },
    { from: '+992 93 555 0188', to: '7781', text: 'Добрый день', receivedAt: 2000 },
  ])
  expect(contacts.save('992935550177', { name: 'Пётр Ёлкин', notes: 'звонить после 18' })).toEqual({
    phone: '992935550177',
    name: 'Пётр Ёлкин',
    notes: 'звонить после 18',
    fields: {},
    tags: [],
    groups: [],
    updatedAt: 7000,
  })
  // Any case, е for ё; a number part still finds by number.
  for (const search of ['елкин', 'ПЁТР', 'тр ёл']) {
    expect(inbox.threads(search).map((x) => [x.peer, x.name])).toEqual([
      ['992935550177', 'Пётр Ёлкин'],
    ])
  }
  expect(inbox.threads('0188').map((x) => x.name)).toEqual([null])
  expect(inbox.threads('').map((x) => x.peer)).toEqual(['992935550188', '992935550177'])
  expect(inbox.customer('992935550177').contact).toEqual({
    name: 'Пётр Ёлкин',
    notes: 'звонить после 18',
  })
  // Emptied, the contact goes.
  expect(contacts.save('992935550177', { name: '', notes: '  ' })).toBeNull()
  expect(contacts.get('992935550177')).toBeNull()
  expect(inbox.threads('елкин')).toEqual([])
})
