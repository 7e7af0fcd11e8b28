// A message's whole story: every change of its state kept as it happens, whichever path moved
// it (the outbox on a real SQLite file), read back as its detail; and Resend, which sends a
// failed, expired or cancelled message again as a new one, through the core's calls with the
// sandbox SMSC on a real socket.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src/main/core/db/database'
import { HistoryStore } from '../../src/main/core/history/store'
import { migrations } from '../../src/main/core/db/migrations'
import { addSandboxes, historyMessage, storeAsOlderVersion } from '../helpers/history-db'
import { Outbox, steadyPolls, type NewMessage } from '../../src/main/core/outbox/outbox'
import { ProfileStore } from '../../src/main/core/profiles/profiles'
import { sandboxProfiles } from '../../src/main/core/profiles/input'
import { messageIdKeys } from '../../src/main/core/providers/smpp/receipt'
import { HLR_TEXT } from '../../src/shared/constants'
import { testCore } from '../helpers/test-core'
import { waitFor } from '../helpers/wait'

describe('the trail, on a real database file', () => {
  let dir: string
  let db: Db
  let outbox: Outbox
  let history: HistoryStore
  let clock = 1_000_000
  const msg = (over: Partial<NewMessage> = {}): NewMessage => ({
    profileId: 'sandbox',
    sender: 'InfoDesk',
    phone: '992901234567',
    text: 'Hello',
    ...over,
  })
  const steps = (id: number) =>
    history.detail(id)?.trail.map((s) => [s.from, s.state, s.profileId, s.errorCode])

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'trail-'))
    db = openDatabase(join(dir, 'console.db'))
    new ProfileStore(db).ensureSandbox(sandboxProfiles())
    outbox = new Outbox(db, { idKeys: messageIdKeys, now: () => (clock += 1000) })
    history = new HistoryStore(db)
  })
  afterEach(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('keeps each state a message passes through, with its time and reason', () => {
    const m = outbox.enqueue(msg())
    expect(history.detail(m.id)).toMatchObject({ createdState: 'queued', trail: [] })
    // Tried, not sent (the provider was unreachable), tried again, taken, delivered.
    outbox.claimDue('sandbox', 1)
    outbox.applyResults('sandbox', [{ id: m.id, outcome: { kind: 'not-sent', reason: 'down' } }])
    clock += 60_000
    outbox.claimDue('sandbox', 1)
    outbox.applyResults('sandbox', [
      { id: m.id, outcome: { kind: 'accepted', providerIds: ['abc'], parts: 1 } },
    ])
    outbox.applyReceipts('sandbox', [
      {
        providerId: 'abc',
        outcome: 'delivered',
        stat: 'DELIVRD',
        err: '000',
        hlr: null,
        raw: 'id:abc stat:DELIVRD err:000',
        receivedAt: clock,
      },
    ])
    const d = history.detail(m.id)
    expect(d?.trail.map((s) => [s.from, s.state])).toEqual([
      ['queued', 'sending'],
      ['sending', 'queued'],
      ['queued', 'sending'],
      ['sending', 'accepted'],
      ['accepted', 'delivered'],
    ])
    const times = d?.trail.map((s) => s.at) ?? []
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(times[0]).toBeGreaterThan(m.createdAt)
    expect(d?.receipts).toEqual([
      expect.objectContaining({
        outcome: 'delivered',
        providerId: 'abc',
        raw: 'id:abc stat:DELIVRD err:000',
      }),
    ])
    expect(d?.message).toMatchObject({ id: m.id, state: 'delivered', providerIds: ['abc'] })
  })

  it('keeps a failover to another profile, a refusal and a cancel with their reasons', () => {
    const profiles = new ProfileStore(db)
    profiles.save({
      ...profiles.ensureSandbox(sandboxProfiles()),
      id: 'backup',
      name: 'Backup',
      sandbox: false,
    })
    const moved = outbox.enqueue(msg({ text: 'moved' }))
    outbox.reroute('sandbox', 'backup', 'Sent through Backup: Sandbox is down')
    const refused = outbox.enqueue(msg({ text: 'refused' }))
    outbox.claimDue('sandbox', 1)
    outbox.applyResults('sandbox', [
      { id: refused.id, outcome: { kind: 'rejected', code: 11, reason: 'Invalid destination' } },
    ])
    const cancelled = outbox.enqueue(msg({ text: 'cancelled' }))
    outbox.cancel(cancelled.id)

    expect(steps(moved.id)).toEqual([['queued', 'queued', 'backup', 'outbox:rerouted']])
    expect(history.detail(refused.id)?.trail.at(-1)).toMatchObject({
      from: 'sending',
      state: 'failed',
      error: expect.stringMatching(/Invalid destination/),
    })
    expect(steps(cancelled.id)).toEqual([['queued', 'cancelled', 'sandbox', null]])
  })

  it('sends a failed, expired or cancelled message again as a new one that names it', () => {
    const cancelled = outbox.enqueue(msg({ text: 'Ваш код 1234' }))
    outbox.cancel(cancelled.id)
    const again = outbox.resend(cancelled.id, 'resend-key-1')
    expect(again).toMatchObject({
      state: 'queued',
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phone: '992901234567',
      text: 'Ваш код 1234',
      encoding: 'UCS2',
    })
    expect(again.id).not.toBe(cancelled.id)
    // The same key again (a double click) stores no second message.
    expect(outbox.resend(cancelled.id, 'resend-key-1').id).toBe(again.id)
    expect(history.detail(cancelled.id)).toMatchObject({ resentAs: [again.id], resendOf: null })
    expect(history.detail(again.id)).toMatchObject({ resendOf: cancelled.id, resentAs: [] })
    // The original is left as it was.
    expect(outbox.get(cancelled.id)?.state).toBe('cancelled')

    // A message still on its way, or delivered, is not sent again.
    expect(() => outbox.resend(again.id)).toThrow(
      /Only a failed, expired or cancelled message can be sent again; message \d+ is queued/,
    )
    expect(() => outbox.resend(99999)).toThrow(/Message 99999 does not exist/)
  })

  it('keeps a cascade message’s channels when it is sent again', () => {
    const cascade = {
      order: ['viber', 'sms'] as const,
      viber: { buttonText: 'Open', buttonUrl: 'https://example.com' },
    }
    const m = outbox.enqueue(
      msg({ profileId: 'sandbox-smsgate', cascade: { ...cascade, order: [...cascade.order] } }),
    )
    outbox.cancel(m.id)
    const again = outbox.resend(m.id)
    const options = (id: number) =>
      (db.prepare('SELECT options FROM messages WHERE id = ?').get(id) as { options: string })
        .options
    expect(JSON.parse(options(again.id))).toEqual(JSON.parse(options(m.id)))
  })

  it('an HLR lookup is neither a message’s detail nor sent again', () => {
    const lookup = outbox.enqueue(msg({ text: HLR_TEXT }))
    outbox.cancel(lookup.id)
    expect(history.detail(lookup.id)).toBeNull()
    expect(() => outbox.resend(lookup.id)).toThrow(/does not exist/)
  })
})

it('a database from before the trail keeps its messages; their detail starts at what is known', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trail-older-'))
  try {
    const file = join(dir, 'console.db')
    const old = openDatabase(file, { migrations: migrations.slice(0, 15) })
    addSandboxes(old, 15)
    storeAsOlderVersion(old, [historyMessage(1, 'Ваш заказ готов')], 5000)
    old.prepare(`UPDATE messages SET state = 'delivered', updated_at = 9000`).run()
    old.close()

    const db = openDatabase(file)
    try {
      const d = new HistoryStore(db).detail(1)
      expect(d).toMatchObject({
        createdState: 'queued',
        trail: [],
        resendOf: null,
        message: { state: 'delivered', createdAt: 5000, updatedAt: 9000 },
      })
      // From now on its changes are kept.
      db.prepare(`UPDATE messages SET state = 'failed', updated_at = 9500 WHERE id = 1`).run()
      expect(new HistoryStore(db).detail(1)?.trail).toEqual([
        expect.objectContaining({ at: 9500, from: 'delivered', state: 'failed' }),
      ])
    } finally {
      db.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

describe('through the core', () => {
  const t = testCore({
    sandbox: { smpp: { receiptDelayMs: 20 } },
    dispatcher: { pollTickMs: 20, policy: { pollAfterMs: 30, polls: steadyPolls(40) } },
  })

  it('a failed message’s detail tells its story, and Resend sends it again as a new message', async () => {
    // In the sandbox, numbers ending in 00 fail.
    const m = await t.call('messages.send', {
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phone: '+992 90 123 4500',
      text: 'Your order is ready',
    })
    await waitFor(() => t.latest(m.id)?.state === 'failed', 'failed')
    const d = await t.call('messages.detail', { id: m.id })
    expect(d.createdState).toBe('queued')
    expect(d.trail.map((s) => s.state)).toEqual(['sending', 'accepted', 'failed'])
    expect(d.trail.at(-1)?.errorCode).toMatch(/^smpp:stat:/)
    expect(d.receipts.at(-1)).toMatchObject({
      outcome: 'failed',
      raw: expect.stringMatching(/stat:/),
    })

    const again = await t.call('messages.resend', { id: m.id, idempotencyKey: 'resend-0001' })
    expect(again).toMatchObject({ state: 'queued', phone: '992901234500', text: m.text })
    expect(t.latest(again.id)?.state).toBeDefined()
    await waitFor(() => t.latest(again.id)?.state === 'failed', 'the resent one went out')
    expect((await t.call('messages.detail', { id: m.id })).resentAs).toEqual([again.id])
    expect((await t.call('messages.detail', { id: again.id })).resendOf).toBe(m.id)

    // A delivered one is not resent; an unknown id is not found.
    expect(await t.core.handle('messages.resend', { id: again.id + 1000 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    expect(await t.core.handle('messages.detail', { id: 999999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Message 999999 does not exist' },
    })
    const ok = await t.call('messages.send', {
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phone: '+992 90 123 4567',
      text: 'Delivered',
    })
    await waitFor(() => t.latest(ok.id)?.state === 'delivered', 'delivered')
    expect(await t.core.handle('messages.resend', { id: ok.id })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/is delivered$/) },
    })
  })

  it('a message scheduled from Compose waits, is listed, moves to another time, and goes when sent now', async () => {
    const hour = 3_600_000
    const m = await t.call('messages.send', {
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phone: '+992 90 555 0142',
      text: 'Ваша запись завтра в 10:00',
      scheduledAt: Date.now() + hour,
    })
    expect(m.state).toBe('scheduled')
    const listed = await t.call('messages.scheduled', {})
    expect(listed.map((s) => s.message.id)).toContain(m.id)
    const later = Date.now() + 2 * hour
    const moved = await t.call('messages.reschedule', { id: m.id, scheduledAt: later })
    expect(moved.state).toBe('scheduled')
    expect((await t.call('messages.scheduled', {})).find((s) => s.message.id === m.id)).toEqual({
      message: expect.objectContaining({ id: m.id }),
      scheduledAt: later,
    })
    expect((await t.call('messages.detail', { id: m.id })).scheduledAt).toBe(later)

    // Sent now: it goes at once, and leaves the list.
    expect((await t.call('messages.reschedule', { id: m.id, scheduledAt: 0 })).state).toBe('queued')
    await waitFor(() => t.latest(m.id)?.state === 'delivered', 'the rescheduled one delivered')
    expect((await t.call('messages.scheduled', {})).some((s) => s.message.id === m.id)).toBe(false)
    expect(
      (await t.call('messages.detail', { id: m.id })).trail.map((s) => [s.from, s.state]),
    ).toEqual([
      ['scheduled', 'queued'],
      ['queued', 'sending'],
      ['sending', 'accepted'],
      ['accepted', 'delivered'],
    ])

    // Too late to move, too far ahead to schedule.
    expect(
      await t.core.handle('messages.reschedule', { id: m.id, scheduledAt: Date.now() + hour }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: /is delivered$/ } })
    expect(
      await t.core.handle('messages.send', {
        profileId: 'sandbox',
        sender: 'InfoDesk',
        phone: '+992 90 555 0142',
        text: 'Через два года',
        scheduledAt: Date.now() + 2 * 365 * 86_400_000,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'A message can be scheduled at most 365 days ahead' },
    })
  })
})
