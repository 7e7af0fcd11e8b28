// The table of mobile country codes the screens name an HLR answer's country by is the
// mcc-mnc-list package's (regenerate with `node scripts/mcc-countries.mjs` after updating it),
// and a country reads in the interface's language.
import { describe, expect, it } from 'vitest'
import { COUNTRY_CODES, MCC_COUNTRIES } from '../../../src/shared/mcc-countries'
import { formatCountry } from '../../../src/renderer/format'
// @ts-expect-error: a plain ES module script without types
import { countryCodes, mccCountries } from '../../../scripts/mcc-countries.mjs'

describe('countries of HLR answers', () => {
  it('the committed table is what the package says today', () => {
    expect(MCC_COUNTRIES).toEqual(mccCountries())
    expect(COUNTRY_CODES).toEqual(countryCodes())
    // The region's networks, among others.
    expect(MCC_COUNTRIES).toMatchObject({
      '250': 'RU',
      '401': 'KZ',
      '434': 'UZ',
      '436': 'TJ',
      '437': 'KG',
      '438': 'TM',
      '257': 'BY',
      '283': 'AM',
      '282': 'GE',
      '400': 'AZ',
    })
  })

  it('names a country in the interface language, by network code or by the provider’s name', () => {
    expect(formatCountry('250', 'Russian Federation', 'ru')).toBe('Россия')
    expect(formatCountry('436', null, 'ru')).toBe('Таджикистан')
    expect(formatCountry('436', null, 'en')).toBe('Tajikistan')
    expect(formatCountry(null, 'Kazakhstan', 'ru')).toBe('Казахстан')
    // Neither known: as the provider gave it.
    expect(formatCountry('999', 'Atlantis', 'ru')).toBe('Atlantis')
    expect(formatCountry(null, null, 'ru')).toBe('')
  })
})
