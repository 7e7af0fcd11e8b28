// Main's phrase table: every phrase reads in English and in Russian, names what it is given, and
// a phrase the renderer cannot word (unknown id, values that do not fit) gives null, never a throw.
// Main's own errors carry phrases whose English is exactly their message.
import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../src/main/core/imports/csv'
import { ProviderHttpError } from '../../src/main/core/providers/http'
import { GetsmsApiError, mapGetsmsError } from '../../src/main/core/providers/getsms/provider'
import { OsonSmsError } from '../../src/main/core/providers/osonsms/provider'
import { SmscApiError, SmscRateLimitError } from '../../src/main/core/providers/smsc-http/provider'
import {
  validateSmsgateMessage,
  type SmsgateMessageInput,
} from '../../src/main/core/providers/smsgate/validate'
import { KeychainUnavailableError } from '../../src/main/core/vault/vault'
import type { PhraseRef } from '../../src/shared/domain'
import { normalisePhone } from '../../src/shared/phone'
import {
  english,
  phrase,
  phraseText,
  PHRASES,
  type PhraseId,
  withCause,
} from '../../src/shared/phrases'

/** What a phrase's value must be: text, a number, or one of a list of words. */
type Field = 'string' | 'number' | readonly string[]

const ids = Object.keys(PHRASES) as PhraseId[]

function shapeOf(id: PhraseId): Record<string, Field> {
  return PHRASES[id].shape
}

/** Values that can be found again in the text: `Zq<n>` words, numbers from 4701, enums' last. */
function sample(id: PhraseId): Record<string, string | number> {
  const out: Record<string, string | number> = {}
  let n = 0
  for (const [key, field] of Object.entries(shapeOf(id))) {
    n++
    if (key === 'code') out[key] = 'smsc:send:3'
    else if (field === 'number') out[key] = 4700 + n
    else if (typeof field !== 'string') out[key] = field.at(-1) ?? ''
    else out[key] = `Zq${n}`
  }
  return out
}

/** Values a language does not show on purpose: a reason code is looked up, not shown, … */
const UNSHOWN: Partial<Record<PhraseId, { en?: string[]; ru?: string[] }>> = {
  // English: main's own text for the refusal; Russian: the reason code's text.
  'provider.refused': {
    en: ['provider', 'call', 'code', 'providerCode', 'said'],
    ru: ['code', 'text'],
  },
  // The English detail says which repeat it was; the Russian says it in general.
  'provider.tooSoon': { ru: ['detail'] },
  // A failure is said in words, in both languages.
  'provider.http': { en: ['failure'] },
  'provider.httpCause': { en: ['failure'] },
  // A message type and its field are named in words ("voice call", "a subject"), in both.
  'message.typeUnsupported': { en: ['type'] },
  'message.typeFieldMissing': { en: ['type', 'field'] },
  'message.typeTooLong': { en: ['type'] },
  'message.accidentalType': { en: ['type'] },
}

/** Two English words in a row: what should not be left in a Russian text. */
const ENGLISH = /[A-Za-z]{2,}(?:,? [A-Za-z]{2,})+/

describe('the phrase table', () => {
  it.each(ids)('%s reads in English and in Russian', (id) => {
    const params = sample(id)
    const en = phraseText({ id, params }, 'en')
    const ru = phraseText({ id, params }, 'ru')
    expect(en).toBeTruthy()
    expect(ru).toBeTruthy()
    expect(ru).not.toBe(en)
    expect(ru).toMatch(/[а-яё]/i)
    expect(ru).not.toMatch(ENGLISH)
    expect(en).not.toMatch(/[а-яё]/i)
    expect(`${en} ${ru}`).not.toMatch(/undefined|null|NaN|\[object/)
  })

  it.each(ids)('%s names what it is given', (id) => {
    const params = sample(id)
    const texts = {
      en: phraseText({ id, params }, 'en') ?? '',
      ru: phraseText({ id, params }, 'ru') ?? '',
    }
    for (const [key, field] of Object.entries(shapeOf(id))) {
      const value = String(params[key])
      for (const lang of ['en', 'ru'] as const) {
        if (UNSHOWN[id]?.[lang]?.includes(key)) continue
        if (typeof field !== 'string' && lang === 'ru') {
          // A state is named in Russian, not left as main's English word.
          expect(texts.ru, `${id} ${key}`).not.toMatch(new RegExp(`\\b${value}\\b`))
        } else {
          expect(texts[lang], `${id} ${lang} ${key}`).toContain(value)
        }
      }
    }
  })

  it('names every state in Russian', () => {
    const states = ['queued', 'sending', 'accepted', 'delivered', 'failed', 'cancelled'] as const
    for (const state of states) {
      const ru = phraseText({ id: 'message.notCancellable', params: { id: 5, state } }, 'ru')
      expect(ru).toMatch(
        /^Отменить можно только сообщение в очереди или запланированное; сообщение 5 [а-яё ]+$/,
      )
    }
    expect(phraseText(phrase('batch.notRunning', { id: 7, state: 'done' }), 'ru')).toBe(
      'Рассылка 7 завершена: приостановить можно только идущую рассылку',
    )
    expect(
      phraseText(phrase('test.state', { status: 'offline', host: 'h:1', detail: '' }), 'ru'),
    ).toBe('Состояние: нет связи (h:1)')
  })

  it('words main’s English exactly as main built it', () => {
    expect(english('batch.notRunning', { id: 7, state: 'done' })).toBe(
      'Batch 7 is done: only a running batch can pause',
    )
    expect(english('profile.notFound', { id: 'x"y' })).toBe('No provider profile "x\\"y"')
    expect(english('profile.sandboxReadOnly')).toBe('A sandbox profile cannot be edited')
  })

  it('says a provider’s refusal by its reason code and keeps the provider’s own words', () => {
    const ru = phraseText(
      phrase('provider.refused', {
        provider: 'SMSC',
        call: 'balance',
        code: 'smsc:send:2',
        providerCode: '2',
        said: 'authorise error',
        text: 'SMSC balance: Wrong login or password (error 2) [authorise error]',
      }),
      'ru',
    )
    expect(ru).toBe(
      'SMSC balance: Неверный логин или пароль, либо отправка с этого IP-адреса запрещена (код 2: authorise error)',
    )
  })

  it('words a failure’s cause in the same language, or keeps the cause’s English', () => {
    const cause = phrase('provider.http', {
      provider: 'OsonSMS',
      call: 'status',
      failure: 'timeout',
      detail: '',
    })
    const outer = phrase('check.failed', {
      name: 'Desk',
      cause: english('provider.http', cause.params as never),
    })
    expect(phraseText(withCause(outer, cause), 'ru')).toBe(
      'Не удалось спросить профиль «Desk»: OsonSMS status: ответ не пришёл вовремя',
    )
    expect(phraseText(withCause(outer, cause), 'en')).toBe(
      'Desk could not be asked: OsonSMS status: no answer in time',
    )
    // A cause this table does not know: the outer phrase still reads, with the cause as main said it.
    const unknown = withCause(outer, { id: 'provider.fromTheFuture', params: {} })
    expect(phraseText(unknown, 'ru')).toBe(
      'Не удалось спросить профиль «Desk»: OsonSMS status: no answer in time',
    )
  })

  it('gives null, never a throw, for a phrase it cannot word', () => {
    const bad: unknown[] = [
      undefined,
      null,
      'batch.notRunning',
      42,
      [],
      {},
      { id: 'batch.fromTheFuture', params: {} },
      { id: 'toString', params: {} },
      { id: '__proto__', params: {} },
      { id: 'constructor', params: {} },
      { id: 'batch.notRunning' },
      { id: 'batch.notRunning', params: null },
      { id: 'batch.notRunning', params: { id: '7', state: 'done' } },
      { id: 'batch.notRunning', params: { id: 7 } },
      { id: 'batch.notRunning', params: { id: 7, state: 'exploded' } },
      { id: 'batch.notRunning', params: { id: 7, state: { toString: () => 'done' } } },
      { id: 'provider.http', params: { provider: 'A', call: 'b', failure: 'gone', detail: '' } },
      { id: 'profile.isFallback', params: { name: ['a'], users: 'b' } },
      { id: 7, params: {} },
    ]
    for (const ref of bad) {
      for (const lang of ['en', 'ru'] as const) {
        expect(() => phraseText(ref, lang)).not.toThrow()
        expect(phraseText(ref, lang), JSON.stringify(ref)).toBeNull()
      }
    }
  })

  it('ignores values a phrase does not name (a newer main may send more)', () => {
    expect(phraseText({ id: 'batch.notFound', params: { id: 3, extra: 'x' } }, 'ru')).toBe(
      'Рассылки 3 нет',
    )
  })
})

describe('main’s errors carry their phrase', () => {
  const carried = (err: Error & { phrase: PhraseRef }) => {
    expect(phraseText(err.phrase, 'en')).toBe(err.message)
    const ru = phraseText(err.phrase, 'ru')
    expect(ru).toMatch(/[а-яё]/i)
    return ru ?? ''
  }

  it('a provider that could not be reached', () => {
    const err = new ProviderHttpError(
      'OsonSMS',
      'balance',
      'unreachable',
      'ECONNREFUSED 127.0.0.1:1',
    )
    expect(err.message).toBe(
      'OsonSMS balance: the provider could not be reached — ECONNREFUSED 127.0.0.1:1',
    )
    expect(carried(err)).toBe(
      'OsonSMS balance: не удалось связаться с провайдером — ECONNREFUSED 127.0.0.1:1',
    )
  })

  it('a provider’s documented refusals and its repeat limit', () => {
    expect(
      carried(new SmscApiError('balance', 2, 'authorise error', 'SMSC: wrong login')),
    ).toContain('Неверный логин или пароль')
    expect(carried(new SmscApiError('status', 77, 'odd', 'SMSC error 77: odd'))).toBe(
      'SMSC status: SMSC отклонил запрос (код 77: odd)',
    )
    expect(
      carried(new SmscRateLimitError('balance', 30_500, 'more than ten balance requests a minute')),
    ).toBe(
      'SMSC balance: не отправлено — провайдер не принимает этот запрос так часто; повторите через 31 с',
    )
    expect(
      carried(
        new OsonSmsError('balance', 119, 402, 'paused', 'Not enough money', 'Insufficient balance'),
      ),
    ).toBe(
      'OsonSMS balance: Недостаточно средств на балансе: пополните баланс, затем возобновите профиль (код 119: Insufficient balance)',
    )
    const outcome = mapGetsmsError(101, 'Wrong login', { scope: 'request' })
    expect(carried(new GetsmsApiError(101, outcome, 'Wrong login'))).toBe(
      'GETSMS status: Неверный логин или пароль (код 101: Wrong login)',
    )
  })

  it('every objection of smsgate’s check, with its English as it was', () => {
    const base: SmsgateMessageInput = {
      phone: '79001234567',
      sender: 'Shop',
      text: 'Hi',
      numericKey: 42,
    }
    const viber = (over: object) => ({ cascade: { order: ['viber' as const], ...over } })
    const cases: [Partial<SmsgateMessageInput>, object?][] = [
      [{ phone: '12345' }],
      [{ numericKey: 0 }],
      [{ cascade: { order: [] } }],
      [{ cascade: { order: ['sms', 'sms'] } }],
      [{ cascade: { order: ['fax' as never] } }],
      [viber({ texts: { viber: '  ' } })],
      [viber({ texts: { viber: 'я'.repeat(1001) } })],
      [{ ...viber({}), sender: '' }, { senders: {} }],
      [{ cascade: { order: ['vk'] } }],
      [{ text: '' }],
      [{ sender: '' }],
      [viber({ viberButton: { text: 'Go', url: '' } })],
      [viber({ viberButton: { text: '', url: 'https://a.b' } })],
      [viber({ viberButton: { text: 'x'.repeat(20), url: 'https://a.b' } })],
      [viber({ viberButton: { text: 'Go', url: 'javascript:alert(1)' } })],
      [viber({ viberImageUrl: 'https://a.b/i.png' })],
      [viber({ viberButton: { text: 'Go', url: 'https://a.b' }, viberImageUrl: 'ftp://a.b/i' })],
      [viber({ validityMinutes: 1.5 })],
      [{ sendAt: Number.NaN }],
      [{ sendAt: Date.now() + 3_600_000 }, { interface: 'get' }],
      [{ sendAt: Date.now() + 3_600_000 }, { timeZone: 'Mars/Olympus' }],
    ]
    const ids = new Set<string>()
    for (const [input, defaults] of cases) {
      const v = validateSmsgateMessage(
        { ...base, ...input },
        { senders: { viber: 'ShopV' }, ...defaults },
      )
      if (v.ok) throw new Error(`passed: ${JSON.stringify(input)}`)
      expect(phraseText(v.phrase, 'en')).toBe(v.reason)
      expect(phraseText(v.phrase, 'ru'), v.reason).toMatch(/[а-яё]/i)
      ids.add(v.phrase.id)
    }
    expect(ids.size).toBe(cases.length - 1)
  })

  it('the keychain, a CSV file and a phone number', () => {
    expect(carried(new KeychainUnavailableError('no D-Bus session'))).toBe(
      'Хранилище паролей ОС недоступно: no D-Bus session',
    )
    let csv: unknown
    try {
      parseCsv('a,"b\n', ',')
    } catch (err) {
      csv = err
    }
    expect(carried(csv as Error & { phrase: PhraseRef })).toBe(
      'Поле в кавычках, открытое в строке 1, так и не закрыто',
    )
    const phone = normalisePhone('12345')
    if (phone.ok) throw new Error('12345 passed')
    expect(phraseText(phone.phrase, 'en')).toBe(phone.reason)
    expect(phraseText(phone.phrase, 'ru')).toContain('12345')
  })
})
