// Words after numbers take the form the language's plural rules want.
import { describe, expect, it } from 'vitest'
import { dictionaries } from '../../../src/renderer/i18n'
import { plural } from '../../../src/renderer/plural'
import { importStrings } from '../../../src/renderer/screens/BulkImport/strings'
import { providersStrings } from '../../../src/renderer/screens/Providers/strings'

const ROWS = { one: 'строка', few: 'строки', many: 'строк', other: 'строки' }

describe('plural forms', () => {
  it('Russian: one, few and many, by the last digits', () => {
    const forms = [1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111].map((n) => plural('ru', n, ROWS))
    expect(forms).toEqual([
      'строка',
      'строки',
      'строки',
      'строк',
      'строк',
      'строк',
      'строк',
      'строка',
      'строки',
      'строк',
      'строка',
      'строк',
    ])
    expect(plural('en', 1, { one: 'row', other: 'rows' })).toBe('row')
    expect(plural('en', 0, { one: 'row', other: 'rows' })).toBe('rows')
  })

  it('the screens count rows, recipients, characters and messages rightly', () => {
    const ru = importStrings.ru
    expect([1, 3, 5, 21].map((n) => ru.rowsIn(n, 'a.csv'))).toEqual([
      '1 строка в a.csv',
      '3 строки в a.csv',
      '5 строк в a.csv',
      '21 строка в a.csv',
    ])
    expect(ru.send(1)).toBe('Отправить 1 получателю')
    expect(ru.send(3)).toBe('Отправить 3 получателям')
    expect(importStrings.en.rowsIn(1, 'a.csv')).toBe('1 row in a.csv')
    expect(importStrings.en.send(2)).toBe('Send to 2 recipients')
    expect(ru.costEstimate('5,00', '0,05', 1)).toContain('по последнему 1 сообщению с ценой')
    expect(dictionaries.ru.tooLong(21)).toBe('Текст длиннее 21 символа')
    expect(dictionaries.ru.tooLong(160)).toBe('Текст длиннее 160 символов')
    expect(providersStrings.ru.rateSlowed(10, 1)).toContain('из 1 сообщения в секунду')
  })
})
