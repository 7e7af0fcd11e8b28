// The renderer's side of History and Delivery reports: the page cache, failure reasons in
// Russian, and the chart's running shares.
import { describe, expect, it } from 'vitest'
import { PageCache } from '../../../src/renderer/components/history/pageCache'
import { cumulative } from '../../../src/renderer/screens/DeliveryReports/RateChart'
import { reasonText } from '../../../src/shared/reason-text'
import type { OutboxMessage } from '../../../src/shared/contract'

const msg = (id: number, updatedAt = 1): OutboxMessage => ({
  id,
  profileId: 'sandbox',
  batchId: null,
  sender: 'S',
  phone: '992900000000',
  text: 't',
  encoding: 'GSM7',
  parts: 1,
  state: 'accepted',
  providerIds: [],
  attempts: 1,
  error: null,
  errorCode: null,
  createdAt: 1,
  updatedAt,
})

describe('page cache', () => {
  it('asks by keyset from a neighbour, by position only for a jump', () => {
    const c = new PageCache(3)
    expect(c.plan(0, 4, 100)).toEqual([
      { page: 0, cursor: undefined },
      { page: 1, cursor: { position: 3 } },
    ])
    // Already on its way: not asked twice.
    expect(c.plan(0, 4, 100)).toEqual([])
    c.put(0, [msg(100), msg(99), msg(98)])
    c.failed(1)
    expect(c.plan(3, 5, 100)).toEqual([{ page: 1, cursor: { before: 98 } }])
    c.put(10, [msg(60), msg(59), msg(58)])
    expect(c.cursorFor(9)).toEqual({ after: 60 })
    expect(c.rowAt(31)?.id).toBe(59)
    expect(c.rowAt(5)).toBeUndefined()
    expect(c.plan(0, 1000, 2)).toEqual([])
  })

  it('drops the pages farthest from where the agent is', () => {
    const c = new PageCache(1, 3)
    for (const p of [0, 1, 2, 50]) c.put(p, [msg(1000 - p)])
    expect(c.size).toBe(3)
    expect(c.rowAt(0)).toBeUndefined()
    expect(c.rowAt(50)?.id).toBe(950)
  })

  it('takes pushed changes of held rows, never an older one', () => {
    const c = new PageCache(2)
    c.put(0, [msg(5, 10), msg(4, 10)])
    expect(c.update({ ...msg(4, 20), state: 'delivered' })).toBe(true)
    expect(c.rowAt(1)?.state).toBe('delivered')
    expect(c.update({ ...msg(4, 15), state: 'accepted' })).toBe(true)
    expect(c.rowAt(1)?.state).toBe('delivered')
    expect(c.update(msg(9))).toBe(false)
  })
})

describe('failure reasons in Russian', () => {
  it('translates the fixed phrases and keeps the provider’s words and codes', () => {
    expect(reasonText('Delivery report UNDELIV (error 001)', 'ru')).toBe(
      'Отчёт о доставке: UNDELIV (не доставлено), код ошибки 001',
    )
    expect(reasonText('Delivery report: Subscriber is absent — 20 (error 1)', 'ru')).toBe(
      'Отчёт о доставке: Subscriber is absent — 20 (error 1)',
    )
    expect(reasonText('Rejected by the provider: Invalid number', 'ru')).toBe(
      'Отклонено провайдером: Invalid number',
    )
    expect(reasonText('Marked failed by the operator', 'ru')).toBe(
      'Отмечено оператором как неудачное',
    )
    expect(
      reasonText(
        'No answer from the provider (timeout); it may have been sent. Resend it or mark it failed.',
        'ru',
      ),
    ).toMatch(/^Провайдер не ответил \(timeout\)/)
    expect(reasonText('Sent through Backup: Main is unavailable', 'ru')).toBe(
      'Отправлено через Backup: Main недоступен',
    )
    expect(reasonText('Something new', 'ru')).toBe('Something new')
    expect(reasonText('Delivery report UNDELIV (error 001)', 'en')).toBe(
      'Delivery report UNDELIV (error 001)',
    )
  })
})

describe('delivery chart', () => {
  it('adds up final outcomes minute by minute as shares of the batch', () => {
    const points = cumulative(
      [
        { minute: 0, delivered: 2, failed: 1, expired: 0 },
        { minute: 2, delivered: 1, failed: 0, expired: 1 },
      ],
      10,
    )
    expect(points).toEqual([
      { minute: 0, delivered: 0.2, failed: 0.1 },
      { minute: 1, delivered: 0.2, failed: 0.1 },
      { minute: 2, delivered: 0.3, failed: 0.2 },
    ])
    expect(cumulative([], 0)).toEqual([{ minute: 0, delivered: 0, failed: 0 }])
  })
})

describe('failure reasons by code', () => {
  it('translates by code, keeping the provider’s own words', () => {
    const oson =
      'Rejected by the provider: OsonSMS does not allow this sender name for the account (OsonSMS 107: "Incorrect sender", HTTP 422): "Bad"'
    expect(reasonText(oson, 'ru', 'osonsms:107')).toMatch(
      /^Отклонено провайдером: Неправильный отправитель/,
    )
    expect(reasonText(oson, 'en', 'osonsms:107')).toBe(oson)
    expect(reasonText('Delivery report UNDELIV (error 001)', 'ru', 'smpp:stat:UNDELIV')).toBe(
      'Отчёт о доставке: Не доставлено — UNDELIV, код ошибки 001',
    )
    expect(
      reasonText(
        'Rejected by the provider: GETSMS says this is not a phone number (GETSMS error 300: is NOT a phone number)',
        'ru',
        'getsms:300',
      ),
    ).toBe(
      'Отклонено провайдером: Не является номером телефона (GETSMS error 300: is NOT a phone number)',
    )
    expect(reasonText('Something new', 'ru', 'nobody:1')).toBe('Something new')
  })
})
