/**
 * Phone numbers as the providers want them: international format, digits only. Read through
 * libphonenumber-js and its full metadata: a number written the local way ("8 (912) 345-67-89",
 * "90 123 45 67") becomes international for the profile's country, and one the numbering plan
 * says is no mobile (a landline, a toll-free number) is flagged. A number no plan knows is taken
 * as written, as before: the provider has the last word on it.
 */
import type { CountryCode, PhoneNumber } from 'libphonenumber-js/max'
import type { PhraseRef } from './domain'
import { english, phrase } from './phrases'

export type PhoneCheck =
  | {
      ok: true
      phone: string
      /** Written the local way, and read as a number of this country (ISO 3166 code). */
      localOf?: string
      /** The numbering plan says it is no mobile number: an SMS may never reach it. */
      notMobile?: boolean
    }
  /** `reason` in English; `phrase` the same for the renderer to word in its language. */
  | { ok: false; reason: string; phrase: PhraseRef }

/** How a number was read, apart from the number itself: what a PhoneReader remembers. */
interface Reading {
  /** Digits dropped from the front (a national prefix such as 8 or 0). */
  strip: number
  /** The calling code put in front (a local form), or ''. */
  code: string
  localOf?: string
  notMobile: boolean
}

const MOBILE_TYPES = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE'])

type Parse = typeof import('libphonenumber-js/max').parsePhoneNumberFromString
let parseOnce: Parse | null = null
/**
 * The library with its full metadata, loaded at the first number read rather than at start
 * (requiring it costs ~60 ms of main's loop, while the window's first page loads).
 */
function parsePhoneNumberFromString(...args: Parameters<Parse>): ReturnType<Parse> {
  // A synchronous import on first use: reading a number stays a plain function.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parseOnce ??= (require('libphonenumber-js/max') as typeof import('libphonenumber-js/max'))
    .parsePhoneNumberFromString
  return parseOnce(...args)
}

function notMobile(n: PhoneNumber): boolean {
  const type = n.getType()
  return type !== undefined && !MOBILE_TYPES.has(type)
}

/**
 * The reading of a number's digits, or null when the digits are to be taken as written. Without
 * a +, the profile's country is asked first: "8 (495) 123-45-67" is a Moscow number to a Russian
 * office, though +84 951 234 567 would be a Vietnamese one.
 */
function read(trimmed: string, digits: string, country: string | null): Reading | null {
  if (!trimmed.startsWith('+') && country !== null) {
    const local = parsePhoneNumberFromString(trimmed, country as CountryCode)
    if (local?.isValid() && digits.endsWith(local.nationalNumber)) {
      // Written with its country code already: as written.
      if (local.number === `+${digits}`) return { strip: 0, code: '', notMobile: notMobile(local) }
      return {
        strip: digits.length - local.nationalNumber.length,
        code: local.countryCallingCode,
        localOf: local.country ?? country,
        notMobile: notMobile(local),
      }
    }
  }
  const international = parsePhoneNumberFromString(`+${digits}`)
  return international?.isValid()
    ? { strip: 0, code: '', notMobile: notMobile(international) }
    : null
}

/** How Excel shows a long number it was not told is text: 9,92901E+11 (its digits are gone). */
const EXCEL_EXPONENT = /^\d[.,]\d*E\+?\d+$/i

function refusal(trimmed: string, digits: string): PhoneCheck | null {
  if (EXCEL_EXPONENT.test(trimmed)) {
    const params = { phone: trimmed }
    return {
      ok: false,
      reason: english('phone.excelShortened', params),
      phrase: phrase('phone.excelShortened', params),
    }
  }
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) {
    return { ok: false, reason: english('phone.badChars'), phrase: phrase('phone.badChars') }
  }
  // E.164 allows at most 15 digits; shorter than 7 is no subscriber number anywhere we send.
  if (digits.length < 7) {
    const params = { phone: trimmed, example: '992901234567' }
    return {
      ok: false,
      reason: english('phone.tooShort', params),
      phrase: phrase('phone.tooShort', params),
    }
  }
  if (digits.length > 15) {
    const params = { phone: trimmed }
    return {
      ok: false,
      reason: english('phone.tooLong', params),
      phrase: phrase('phone.tooLong', params),
    }
  }
  return null
}

function checked(digits: string, reading: Reading | null): PhoneCheck {
  if (!reading) return { ok: true, phone: digits }
  return {
    ok: true,
    phone: reading.code + digits.slice(reading.strip),
    ...(reading.localOf ? { localOf: reading.localOf } : {}),
    ...(reading.notMobile ? { notMobile: true } : {}),
  }
}

/**
 * One number, read for a profile whose country is `country` (ISO 3166 code; null: every
 * number is written with its country code).
 */
export function normalisePhone(input: string, country: string | null = null): PhoneCheck {
  const trimmed = input.trim()
  const digits = trimmed.replace(/\D/g, '')
  return refusal(trimmed, digits) ?? checked(digits, read(trimmed, digits, country))
}

/** How many readings a PhoneReader keeps before it starts again. */
const READINGS_KEPT = 100_000

/**
 * normalisePhone for a file of numbers: a numbering plan tells a number's kind by its first
 * digits, so a reading is remembered by all but the last three (and the length, and whether it
 * began with +). A campaign's numbers share a few hundred such heads: a million rows cost a few
 * thousand full readings, not a million.
 */
export class PhoneReader {
  private readonly readings = new Map<string, Reading | null>()

  constructor(readonly country: string | null) {}

  read(input: string): PhoneCheck {
    const trimmed = input.trim()
    const digits = trimmed.replace(/\D/g, '')
    const refused = refusal(trimmed, digits)
    if (refused) return refused
    const key = `${trimmed.startsWith('+') ? '+' : ''}${digits.length}:${digits.slice(0, -3)}`
    let reading = this.readings.get(key)
    if (reading === undefined) {
      reading = read(trimmed, digits, this.country)
      if (this.readings.size >= READINGS_KEPT) this.readings.clear()
      this.readings.set(key, reading)
    }
    return checked(digits, reading)
  }
}
