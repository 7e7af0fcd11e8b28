// Phone numbers per the profile's country (libphonenumber-js, full metadata): local forms become
// international, a number with its code stays as written, a landline is flagged, and a file's
// reader (which remembers readings by a number's head) reads every number as one alone would.
import { describe, expect, it } from 'vitest'
import { normalisePhone, PhoneReader } from '../../src/shared/phone'

describe('normalisePhone', () => {
  it('reads the local forms of each country the console works in', () => {
    const cases: [string, string, string][] = [
      ['8 (912) 345-67-89', 'RU', '79123456789'],
      ['8 701 123 45 67', 'KZ', '77011234567'],
      ['90 123 45 67', 'UZ', '998901234567'],
      ['901234567', 'TJ', '992901234567'],
      ['0 555 12 34 56', 'KG', '996555123456'],
    ]
    for (const [input, country, phone] of cases) {
      expect(normalisePhone(input, country), `${input} in ${country}`).toEqual({
        ok: true,
        phone,
        localOf: country,
      })
    }
  })

  it('keeps a number written with its country code, whatever the profile’s country', () => {
    expect(normalisePhone('+992 90 123 4567', 'RU')).toEqual({ ok: true, phone: '992901234567' })
    expect(normalisePhone('992901234567', 'UZ')).toEqual({ ok: true, phone: '992901234567' })
    expect(normalisePhone('79165550042', 'TJ')).toEqual({ ok: true, phone: '79165550042' })
    // With a +, never read as local, even where the plan knows no such number.
    expect(normalisePhone('+901234567', 'UZ')).toEqual({ ok: true, phone: '901234567' })
  })

  it('without a country, or where no plan knows the number, takes the digits as written', () => {
    expect(normalisePhone('8 (912) 345-67-89')).toEqual({ ok: true, phone: '89123456789' })
    expect(normalisePhone('8 (912) 345-67-89', 'TJ')).toEqual({ ok: true, phone: '89123456789' })
  })

  it('flags a number the plan says is no mobile one', () => {
    expect(normalisePhone('+7 495 123-45-67')).toEqual({
      ok: true,
      phone: '74951234567',
      notMobile: true,
    })
    expect(normalisePhone('8 (495) 123-45-67', 'RU')).toEqual({
      ok: true,
      phone: '74951234567',
      localOf: 'RU',
      notMobile: true,
    })
    expect(normalisePhone('+7 916 555 00 42')).toEqual({ ok: true, phone: '79165550042' })
  })

  it('says a number Excel shortened to its exponent form cannot be read back', () => {
    for (const shown of ['9,92901E+11', '9.92901E+11', '7,9E+10', '9,92901e11']) {
      const checked = normalisePhone(shown, 'TJ')
      expect(checked, shown).toMatchObject({ ok: false, phrase: { id: 'phone.excelShortened' } })
      if (!checked.ok) expect(checked.reason).toContain(`shortened this number to ${shown}`)
    }
    expect(new PhoneReader('RU').read('9,92901E+11')).toMatchObject({ ok: false })
  })

  it('refuses what is no number at all, saying why', () => {
    expect(normalisePhone('call me')).toMatchObject({ ok: false, phrase: { id: 'phone.badChars' } })
    expect(normalisePhone('12 34')).toMatchObject({ ok: false, phrase: { id: 'phone.tooShort' } })
    expect(normalisePhone('1234567890123456')).toMatchObject({
      ok: false,
      phrase: { id: 'phone.tooLong' },
    })
  })
})

describe('PhoneReader', () => {
  it('reads every number of a mixed file exactly as normalisePhone does', () => {
    const inputs: string[] = []
    for (let i = 0; i < 400; i++) {
      const tail = String(i * 7919)
        .padStart(4, '0')
        .slice(-4)
      inputs.push(
        `8 (912) 345-${tail.slice(0, 2)}-${tail.slice(2)}`,
        `8 (495) 123-${tail.slice(0, 2)}-${tail.slice(2)}`,
        `+992 90 12${tail}`,
        `99290${tail}${tail.slice(0, 1)}`,
        `90 1${tail.slice(0, 2)} ${tail.slice(2)} 67`,
        `+7 701 123 ${tail}`,
        `12 ${tail}`,
      )
    }
    for (const country of ['RU', 'UZ', 'TJ', null]) {
      const reader = new PhoneReader(country)
      for (const input of inputs) {
        expect(reader.read(input), `${input} in ${country}`).toEqual(normalisePhone(input, country))
      }
    }
  })
})
