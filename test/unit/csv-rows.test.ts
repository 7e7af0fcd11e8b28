// Every reason a row of a bulk import is left out.
import { describe, expect, it } from 'vitest'
import { checkRow, messageOf, rowRenderer, type RowRules } from '../../src/main/core/imports/rows'
import { PhoneReader } from '../../src/shared/phone'
import { english, phrase } from '../../src/shared/phrases'
import { compileTemplate, renderTemplate, rowValues, variableKey } from '../../src/shared/template'

function rules(over: Partial<RowRules> = {}, template = 'Hello #name#'): RowRules {
  const seen = new Set<string>()
  return {
    phones: new PhoneReader('TJ'),
    columns: ['phone', 'name'],
    phoneColumn: 0,
    template: compileTemplate(template),
    maxParts: 2,
    isStopped: (p) => p === '992900000777',
    providerCheck: (p) =>
      p.startsWith('1')
        ? {
            field: 'phone',
            reason: english('getsms.notUzbek', { phone: p }),
            phrase: phrase('getsms.notUzbek', { phone: p }),
          }
        : null,
    firstTime: (p) => !seen.has(p) && !!seen.add(p),
    ...over,
  }
}

const row = (line: number, ...cells: string[]) => ({ line, cells })

describe('checkRow', () => {
  it('accepts a good row with its normalised number, text and parts', () => {
    expect(checkRow(row(2, '+992 90 123-45-67', 'Ivan'), rules())).toEqual({
      ok: true,
      line: 2,
      phone: '992901234567',
      text: 'Hello Ivan',
      parts: 1,
    })
  })

  it('reads a number written the local way as one of the profile’s country', () => {
    expect(
      checkRow(row(2, '8 (912) 345-67-89', 'Иван'), rules({ phones: new PhoneReader('RU') })),
    ).toMatchObject({ ok: true, phone: '79123456789' })
    expect(checkRow(row(3, '90 123 45 67', 'Иван'), rules())).toMatchObject({
      ok: true,
      phone: '992901234567',
    })
    expect(messageOf(row(4, '90 123 45 67', 'Иван'), { ...rules(), render: undefined }).phone).toBe(
      '992901234567',
    )
  })

  it('gives each reason', () => {
    const r = rules()
    const reason = (cells: string[]) => {
      const res = checkRow(row(3, ...cells), r)
      return res.ok ? 'ok' : `${res.reason}: ${res.detail}`
    }
    expect(reason(['', 'Ivan'])).toMatch(/^badPhone: No number in column phone/)
    expect(reason(['12ab', 'Ivan'])).toMatch(/^badPhone/)
    expect(reason(['123', 'Ivan'])).toMatch(/^badPhone: .*too short/)
    expect(reason(['992901234560', ''])).toMatch(/^missingValue: .*#name#/)
    expect(reason(['992900000777', 'Ivan'])).toMatch(/^stopListed/)
    expect(reason(['15551234567', 'Ivan'])).toBe(
      'refused: GETSMS.UZ sends only to Uzbek numbers: 998 and 9 digits, not 15551234567',
    )
    // The provider's phrase goes with the row, for the operator's language.
    expect(checkRow(row(3, '15551234567', 'Ivan'), r)).toMatchObject({
      phrase: { id: 'getsms.notUzbek', params: { phone: '15551234567' } },
    })
    expect(reason(['992901234561', 'Ivan'])).toBe('ok')
    expect(reason(['+992 90 123 45 61', 'Olga'])).toMatch(/^duplicate: 992901234561/)
    expect(reason(['992901234562', 'Я'.repeat(200)])).toMatch(/^tooLong: 4 parts; at most 2/)
  })

  it('empty text: a template that renders to nothing for the row', () => {
    const r = rules({}, '{name}')
    const res = checkRow(row(4, '992901234563', ' '), { ...r, template: compileTemplate(' ') })
    expect(res).toMatchObject({ ok: false, reason: 'emptyText' })
  })

  it('a rejected row does not make a later row with the same number a duplicate', () => {
    const r = rules()
    expect(checkRow(row(2, '992901234564', ''), r).ok).toBe(false)
    expect(checkRow(row(3, '992901234564', 'Ivan'), r).ok).toBe(true)
  })

  it('a ragged row without the phone column is a bad phone, not a crash', () => {
    expect(checkRow(row(5), rules())).toMatchObject({ ok: false, reason: 'badPhone' })
  })
})

describe('rowRenderer', () => {
  it('renders as renderTemplate over rowValues does, with each variable’s column found once', () => {
    const columns = ['Phone', 'Name', 'name', ' Code ', '']
    const cells = ['992901234567', '  Ivan ', 'shadowed', ' 42', 'x']
    for (const t of ['Hi #NAME#, code {code}', '#Missing# and #name#', 'plain', '{Code}{code}']) {
      const template = compileTemplate(t)
      const values = rowValues(columns, cells)
      const empty = template.variables.filter((v) => values.get(variableKey(v)) === '')
      expect(rowRenderer(columns, template)(cells)).toEqual({
        text: renderTemplate(template, values).text,
        empty,
      })
    }
    expect(rowRenderer(columns, compileTemplate('#name#!'))(['1', ' '])).toEqual({
      text: '!',
      empty: ['name'],
    })
  })
})
