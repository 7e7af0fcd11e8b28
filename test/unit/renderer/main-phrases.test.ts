// Main's fixed phrases read in Russian: the messages are taken from the real checks, so a check
// that changes its wording fails here instead of showing English in the Russian interface.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { CascadeSchema, phone, ProfileInputSchema, sender, text } from '../../../src/shared/domain'
import { HistoryFilterSchema } from '../../../src/shared/calls/history'
import { emptyDraft, inputFromDraft } from '../../../src/shared/profile-form'
import { mainPhrase, mainSays } from '../../../src/renderer/main-phrases'
import { english, phrase } from '../../../src/shared/phrases'

const issues = (schema: z.ZodType, value: unknown): string[] => {
  const r = schema.safeParse(value)
  return r.success ? [] : r.error.issues.map((i) => i.message)
}

/** Two English words in a row: what should not be left in a Russian message. */
const ENGLISH = /[A-Za-z]{2,}(?:,? [A-Za-z]{2,})+/

/** What each real check says of a value it refuses, by the sample given it. */
const REFUSALS: [string, string[]][] = [
  ['an empty phone', issues(phone, '')],
  ['a phone in words', issues(phone, 'call me')],
  ['a phone too long', issues(phone, '1'.repeat(40))],
  ['an empty sender', issues(sender, '')],
  ['a sender too long', issues(sender, 'x'.repeat(30))],
  ['an empty text', issues(text, '')],
  ['a text too long', issues(text, 'x'.repeat(20_000))],
  ['a channel twice in a cascade', issues(CascadeSchema, { order: ['sms', 'sms'] })],
  ['a period that ends before it starts', issues(HistoryFilterSchema, { from: 2, to: 1 })],
  ['a History phone in letters', issues(HistoryFilterSchema, { phone: 'abc' })],
  ['a number that is not one', issues(z.number().int().min(1), Number.NaN)],
  ['a number below its minimum', issues(z.number().int().min(1), 0)],
  ['a number above its maximum', issues(z.number().int().max(10), 11)],
  ...(['smpp', 'osonsms', 'smsc-http', 'getsms', 'smsgate'] as const).map(
    (kind): [string, string[]] => [
      `an empty ${kind} profile form`,
      issues(ProfileInputSchema, inputFromDraft(emptyDraft(kind), 'new')),
    ],
  ),
  [
    'an SMPP host and window out of range',
    issues(ProfileInputSchema, {
      ...inputFromDraft(emptyDraft('smpp'), 'new'),
      hosts: [{ host: 'bad host!', port: 0 }],
      window: 0,
    }),
  ],
  [
    'an ftp base URL and a timeout that is not a number',
    issues(ProfileInputSchema, {
      ...inputFromDraft(emptyDraft('osonsms'), 'new'),
      baseUrl: 'ftp://example.com/',
      timeoutMs: Number.NaN,
    }),
  ],
  [
    'a field the form does not have',
    issues(ProfileInputSchema, { ...inputFromDraft(emptyDraft('getsms'), 'new'), extra: 1 }),
  ],
]

const MAIN_SAYS: string[] = [
  ...REFUSALS.flatMap(([, said]) => said),
  'Invalid request for messages.send: phone: phone is required; text: text is required',
]

describe('main’s phrases in Russian', () => {
  it('every sample is refused by its real check, with words to read', () => {
    expect(REFUSALS.filter(([, said]) => said.length === 0).map(([sample]) => sample)).toEqual([])
  })

  it.each([...new Set(MAIN_SAYS)])('%s', (english) => {
    const russian = mainPhrase(english, 'ru')
    expect(russian).toMatch(/[а-яё]/i)
    expect(russian).not.toMatch(ENGLISH)
  })

  it('keeps English as main said it, and words it does not know as they came', () => {
    expect(mainPhrase('phone is required', 'en')).toBe('phone is required')
    expect(mainPhrase('OsonSMS 119: "Insufficient balance"', 'ru')).toBe(
      'OsonSMS 119: "Insufficient balance"',
    )
  })

  it('says a broken-off import in Russian, with a known cause in Russian too', () => {
    expect(mainPhrase('The import stopped: the file is empty', 'ru')).toBe(
      'Импорт остановлен: Файл пуст',
    )
    expect(mainPhrase('The import stopped: EIO: i/o error, read', 'ru')).toBe(
      'Импорт остановлен: EIO: i/o error, read',
    )
  })

  it('keeps the numbers and names it quotes', () => {
    expect(mainPhrase('Too big: expected string to have <=20 characters', 'ru')).toBe(
      'Не длиннее 20 символов',
    )
    expect(mainPhrase('Unrecognized key: "cascadeOrder"', 'ru')).toBe('Лишние поля: "cascadeOrder"')
    expect(mainPhrase('text is longer than 17085 characters', 'ru')).toBe(
      'Текст длиннее 17085 символов',
    )
  })
})

describe('main’s messages with a phrase', () => {
  const refusal = { id: 'batch.notRunning', params: { id: 7, state: 'done' } }
  const english7 = english('batch.notRunning', { id: 7, state: 'done' })

  it('are worded by the phrase in Russian and left as main said them in English', () => {
    expect(mainSays(english7, refusal, 'ru')).toBe(
      'Рассылка 7 завершена: приостановить можно только идущую рассылку',
    )
    expect(mainSays(english7, refusal, 'en')).toBe(english7)
    expect(mainSays('Something main says now', refusal, 'en')).toBe('Something main says now')
  })

  it('fall back to the shape of the message when the phrase cannot be worded', () => {
    const shaped = 'text is longer than 17085 characters'
    for (const bad of [
      undefined,
      null,
      'batch.notRunning',
      { id: 'batch.fromTheFuture', params: { id: 7 } },
      { id: 'batch.notRunning', params: { id: 'seven', state: 'done' } },
      { id: 'batch.notRunning', params: { id: 7, state: 'exploded' } },
      { id: 'batch.notRunning', params: 'id=7' },
    ]) {
      expect(mainSays(english7, bad, 'ru')).toBe(english7)
      expect(mainSays(shaped, bad, 'ru')).toBe(mainPhrase(shaped, 'ru'))
      expect(mainSays(shaped, bad, 'ru')).toBe('Текст длиннее 17085 символов')
    }
  })

  it('the router’s failure inside the console reads in Russian by its phrase', () => {
    const said = phrase('call.failed', { call: 'messages.send' })
    expect(mainSays(english('call.failed', { call: 'messages.send' }), said, 'ru')).toBe(
      'messages.send: сбой внутри консоли; подробности в журнале',
    )
  })
})
