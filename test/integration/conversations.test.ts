// Conversations on a real SQLite file: a database from before them keys its stored inbound
// messages by customer (migration 15), the same way new ones are keyed as they arrive, so one
// customer's old and new messages and what was sent to them form one conversation.
import { expect, it } from 'vitest'
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
