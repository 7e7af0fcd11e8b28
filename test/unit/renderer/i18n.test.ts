// Every string of the interface exists in Russian, says something, and is not the English left in.
import { describe, expect, it } from 'vitest'
import { REASON_CODES } from '../../../src/shared/reason-codes'
import { batchAlertStrings } from '../../../src/renderer/components/BatchAlerts.strings'
import { dictionaries } from '../../../src/renderer/i18n'
import { importStrings } from '../../../src/renderer/screens/BulkImport/strings'
import { numbersStrings } from '../../../src/renderer/screens/DedicatedNumbers.strings'
import { reportsStrings } from '../../../src/renderer/screens/DeliveryReports/strings'
import { historyStrings } from '../../../src/renderer/screens/History.strings'
import { hlrStrings } from '../../../src/renderer/screens/HlrLookup.strings'
import { inboxStrings } from '../../../src/renderer/screens/Inbox.strings'
import { providersStrings } from '../../../src/renderer/screens/Providers/strings'
import { teamStrings } from '../../../src/renderer/screens/Team/strings'
import { reconcileStrings } from '../../../src/renderer/screens/Reconcile/strings'
import { batchView } from './batch-view'

const DICTIONARIES: Record<string, { en: object; ru: object }> = {
  'i18n.ts': dictionaries,
  'BulkImport/strings.ts': importStrings,
  'DedicatedNumbers.strings.ts': numbersStrings,
  'DeliveryReports/strings.ts': reportsStrings,
  'History.strings.ts': historyStrings,
  'HlrLookup.strings.ts': hlrStrings,
  'Inbox.strings.ts': inboxStrings,
  'Providers/strings.ts': providersStrings,
  'Team/strings.ts': teamStrings,
  'Reconcile/strings.ts': reconcileStrings,
  'BatchAlerts.strings.ts': batchAlertStrings,
}

/**
 * The same in both languages on purpose: names of channels, providers and protocol fields, and
 * signs. Anything else identical in Russian is English nobody translated.
 */
const SAME_IN_BOTH = new Set([
  'Viber',
  'WhatsApp',
  'SMS',
  'SMPP',
  'OsonSMS',
  'SMSC HTTP',
  'GETSMS.UZ',
  'TLS',
  'IMSI',
  'MCC/MNC',
  'MSC',
  '#',
  '—',
  '…',
])
/** Keys whose text is only their arguments and a sign: "3 ×". */
const SAME_KEYS = new Set(['reasonCount'])

const batch = batchView()

/** What a string function says for sample arguments: numbers, words or lists of words. */
function samples(fn: (...args: never[]) => string): string[] {
  const call = (args: unknown[]) => (fn as (...a: unknown[]) => string)(...args)
  const n = fn.length
  const outs: string[] = []
  for (const sample of [7, 1, 0]) {
    try {
      outs.push(call(Array.from({ length: n }, () => sample)))
    } catch {
      // Not a number argument.
    }
  }
  for (const args of [
    Array.from({ length: n }, () => 'X'),
    Array.from({ length: n }, () => ['X']),
    [batch],
  ]) {
    try {
      outs.push(call(args))
    } catch {
      // Not this kind of argument either.
    }
  }
  if (outs.length === 0) throw new Error('no sample arguments fit')
  return outs
}

interface Pair {
  path: string
  en: string
  ru: string
}

/** Every English string with its Russian counterpart, functions called with samples. */
function pairs(en: unknown, ru: unknown, path: string): Pair[] {
  if (typeof en === 'string') return [{ path, en, ru: ru as string }]
  if (typeof en === 'function') {
    if (typeof ru !== 'function') return [{ path, en: String(en), ru: String(ru) }]
    const e = samples(en as (...args: never[]) => string)
    const r = samples(ru as (...args: never[]) => string)
    return e.map((text, i) => ({ path: `${path}(sample ${i})`, en: text, ru: r[i] ?? '' }))
  }
  if (en && typeof en === 'object') {
    return Object.entries(en).flatMap(([key, value]) =>
      pairs(value, (ru as Record<string, unknown> | undefined)?.[key], `${path}.${key}`),
    )
  }
  throw new Error(`${path}: unexpected ${typeof en}`)
}

describe.each(Object.entries(DICTIONARIES))('%s', (_, dictionary) => {
  const all = pairs(dictionary.en, dictionary.ru, '')

  it('has the same keys in both languages', () => {
    const keys = (o: unknown, at = ''): string[] =>
      o && typeof o === 'object'
        ? Object.entries(o).flatMap(([k, v]) => [`${at}.${k}`, ...keys(v, `${at}.${k}`)])
        : []
    expect(keys(dictionary.ru).sort()).toEqual(keys(dictionary.en).sort())
  })

  it('has no empty Russian string', () => {
    expect(all.filter((p) => typeof p.ru !== 'string' || p.ru.trim() === '')).toEqual([])
  })

  it('says each thing in Russian differently from English, names and signs aside', () => {
    const same = all.filter(
      (p) =>
        p.ru === p.en &&
        !SAME_IN_BOTH.has(p.en) &&
        !SAME_KEYS.has(/\.(\w+)(?:\(sample \d+\))?$/.exec(p.path)?.[1] ?? ''),
    )
    expect(same).toEqual([])
  })
})

describe('failure reasons', () => {
  it('every reason code has a Russian text of its own', () => {
    const bad = Object.entries(REASON_CODES).filter(
      ([, t]) => t.ru.trim() === '' || t.en.trim() === '' || t.ru === t.en,
    )
    expect(bad).toEqual([])
  })
})
