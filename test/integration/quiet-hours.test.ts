// Quiet hours against a real data folder: a bulk send queued outside its recipients' window
// waits, scheduled for when it opens where they are; queued messages whose hour passes are held
// by one UPDATE that agrees with the rule's own function at every hour and offset; a one-off
// outside the window is refused until the agent confirms it.
import { describe, expect, it } from 'vitest'
import { ImportStore } from '../../src/main/core/imports/store'
import { Outbox } from '../../src/main/core/outbox/outbox'
import { phraseText } from '../../src/shared/phrases'
import {
  clockOf,
  inWindow,
  localMinute,
  nextAllowed,
  type QuietHours,
} from '../../src/shared/quiet'
import { historyDb } from '../helpers/history-db'
import { importDone } from '../helpers/imports'
import { OFFICE_PROFILE } from '../helpers/office-profile'
import { scratchPerTest } from '../helpers/scratch'
import { testCore } from '../helpers/test-core'
import { waitFor, waitForValue } from '../helpers/wait'

const DUSHANBE = 300
/** A window two hours away from now in Dushanbe: closed for Tajik numbers now. */
function closedNow(): QuietHours {
  const l = localMinute(Date.now(), DUSHANBE)
  const from = (l + 120) % 1380
  return { from, to: from + 60 }
}

describe('quiet hours through the core', () => {
  const t = testCore()

  it('a bulk send outside its recipients’ hours waits for them; a one-off asks first', async () => {
    const q = closedNow()
    const office = OFFICE_PROFILE
    await t.call('profiles.save', {
      ...office,
      quietHours: { from: clockOf(q.from), to: clockOf(q.to) },
    })
    expect((await t.call('profiles.get', { profileId: 'office' })).input).toMatchObject({
      quietHours: { from: clockOf(q.from), to: clockOf(q.to) },
    })
    expect(
      await t.core.handle('profiles.save', {
        ...office,
        quietHours: { from: '21:00', to: '09:00' },
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', issues: [{ path: 'quietHours.to' }] },
    })

    const analysis = await t.call('import.paste', {
      text: 'phone\n992901330001\n992901330002\n',
    })
    const mapping = {
      uploadId: analysis.uploadId,
      profileId: 'office',
      sender: 'Shop',
      phoneColumn: 0,
      template: 'Скидка до конца недели',
    }
    const before = Date.now()
    const batch = await t.call('import.start', mapping)
    expect(await importDone(t.call, batch.id)).toMatchObject({
      importState: 'done',
      total: 2,
      held: 2,
    })
    const due = nextAllowed(before, { min: DUSHANBE, max: DUSHANBE }, q)
    const held = t.fromDb(
      (db) =>
        db
          .prepare(
            'SELECT state, scheduled_at AS at, tz_min, tz_max FROM messages WHERE batch_id = ?',
          )
          .all(batch.id) as { state: string; at: number; tz_min: number; tz_max: number }[],
    )
    expect(held.map((m) => m.state)).toEqual(['scheduled', 'scheduled'])
    for (const m of held) {
      expect([m.tz_min, m.tz_max]).toEqual([DUSHANBE, DUSHANBE])
      expect(m.at).toBeGreaterThanOrEqual(due - 60_000)
      expect(m.at).toBeLessThanOrEqual(due + 60_000)
      expect(localMinute(m.at, DUSHANBE)).toBe(q.from)
    }

    const oneOff = {
      profileId: 'office',
      sender: 'Shop',
      phone: '992901330009',
      text: 'Ваш заказ готов',
    }
    const refused = await t.core.handle('messages.send', oneOff)
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    if (!refused.ok) {
      expect(phraseText(refused.error.phrase, 'ru')).toMatch(
        new RegExp(
          `^У получателя сейчас \\d\\d:\\d\\d: это вне тихих часов профиля \\(сообщения уходят с ${clockOf(q.from)} до ${clockOf(q.to)}`,
        ),
      )
    }
    const sent = await t.call('messages.send', { ...oneOff, outsideQuietHours: true })
    expect(sent.state).toBe('queued')

    // Any hour again once the profile's window is taken off.
    await t.call('profiles.save', { ...office, quietHours: null })
    expect((await t.call('messages.send', { ...oneOff, text: 'Второе' })).state).toBe('queued')
  })
})

describe('the running profile’s sweep', () => {
  const t = testCore({ quietSweepMs: 50 })

  it('holds the queued bulk messages whose window closed while they waited, and says so', async () => {
    // Recipients in Dushanbe, or in Moscow when Dushanbe is within an hour of midnight (a
    // window that is open now must fit in the day).
    const tajik = localMinute(Date.now(), DUSHANBE)
    const [offset, phones] =
      tajik >= 60 && tajik < 1380
        ? [DUSHANBE, ['992901440001', '992901440002']]
        : [180, ['+7 916 544 00 01', '+7 916 544 00 02']]
    const l = localMinute(Date.now(), offset)
    const open: QuietHours = { from: l - 60, to: l + 60 }
    const from = (l + 120) % 1380
    const closed: QuietHours = { from, to: from + 60 }
    const window = (q: QuietHours) => ({ from: clockOf(q.from), to: clockOf(q.to) })
    // Never connects: what it queues stays queued while the window is open.
    const office = OFFICE_PROFILE
    await t.call('profiles.save', { ...office, quietHours: window(open) })
    const analysis = await t.call('import.paste', { text: ['phone', ...phones].join('\n') })
    const batch = await t.call('import.start', {
      uploadId: analysis.uploadId,
      profileId: 'office',
      sender: 'Shop',
      phoneColumn: 0,
      template: 'Скидка до конца недели',
    })
    expect(await importDone(t.call, batch.id)).toMatchObject({ held: 0, counters: { queued: 2 } })

    // The window closes on them (the agent narrows it, as evening comes): the running
    // profile's sweep holds them till it opens where they are.
    await t.call('profiles.save', { ...office, quietHours: window(closed) })
    const held = await waitForValue(
      () => t.call('batch.get', { batchId: batch.id }),
      (b) => b.held === 2,
      'both held by the sweep',
    )
    expect(held.counters.queued).toBe(2)
    // The windows heard it without asking.
    await waitFor(
      () => t.pushed('batch.updated').some((b) => b.id === batch.id && b.held === 2),
      'the held batch pushed',
    )
    const at = t.fromDb(
      (db) =>
        db
          .prepare('SELECT DISTINCT scheduled_at AS at FROM messages WHERE batch_id = ?')
          .all(batch.id) as { at: number }[],
    )
    expect(at.map((r) => localMinute(r.at, offset))).toEqual([closed.from])
  })
})

describe('holding queued messages whose hour passed', () => {
  const scratch = scratchPerTest('quiet-')

  it('holds exactly the bulk messages outside their window, each until it opens for them', () => {
    const q: QuietHours = { from: 9 * 60, to: 21 * 60 }
    const offsets = [
      { min: 300, max: 300 },
      { min: 180, max: 180 },
      { min: -300, max: -300 },
      { min: 120, max: 720 },
      { min: 330, max: 345 },
    ]
    const db = historyDb(scratch, `quiet.db`)
    let now = Date.UTC(2026, 11, 7, 0, 0, 17)
    const outbox = new Outbox(db, { now: () => now })
    const batch = new ImportStore(db).createBatch({
      profileId: 'sandbox',
      name: 'Reminders',
      sender: 'Bank',
      template: 'x',
      source: 'test',
      scheduledAt: null,
      importKey: 'k',
      importMapping: '{}',
      sourcePath: null,
    })
    // Every 20 minutes of a day, every kind of zone: the SQL agrees with nextAllowed.
    for (let step = 0; step < 72; step++, now += 20 * 60_000) {
      outbox.enqueueMany(
        offsets.map((tz, i) => ({
          profileId: 'sandbox',
          sender: 'Bank',
          phone: `9929014${String(step).padStart(3, '0')}${i}`,
          text: 'x',
          batchId: batch.id,
          priority: 1,
          tz,
        })),
      )
      // A one-off and a message of unknown zone are never held.
      outbox.enqueueMany([
        {
          profileId: 'sandbox',
          sender: 'Bank',
          phone: `99290150${step}`,
          text: 'x',
          tz: offsets[0],
        },
        {
          profileId: 'sandbox',
          sender: 'Bank',
          phone: `99290160${step}`,
          text: 'x',
          batchId: batch.id,
          priority: 1,
        },
      ])
      outbox.holdQuiet('sandbox', q)
      const rows = db
        .prepare(
          `SELECT phone, state, scheduled_at AS at, tz_min, tz_max, batch_id FROM messages
           WHERE phone LIKE ? OR phone = ? OR phone = ?`,
        )
        .all(`9929014${String(step).padStart(3, '0')}%`, `99290150${step}`, `99290160${step}`) as {
        phone: string
        state: string
        at: number | null
        tz_min: number | null
        tz_max: number | null
        batch_id: number | null
      }[]
      for (const r of rows) {
        const tz = r.tz_min === null ? null : { min: r.tz_min, max: r.tz_max! }
        if (!tz || r.batch_id === null || inWindow(now, tz, q)) {
          expect(r.state, `${r.phone} at step ${step}`).toBe('queued')
        } else {
          expect(r.state, `${r.phone} at step ${step}`).toBe('scheduled')
          const want = nextAllowed(now, tz, q)
          expect(r.at, `${r.phone} at step ${step}`).toBe(Math.floor(want / 60_000) * 60_000)
        }
      }
    }
  })
})
