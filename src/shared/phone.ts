/** Phone numbers as the providers want them: international format, digits only. */
import type { PhraseRef } from './domain'
import { english, phrase } from './phrases'

export type PhoneCheck =
  | { ok: true; phone: string }
  /** `reason` in English; `phrase` the same for the renderer to word in its language. */
  | { ok: false; reason: string; phrase: PhraseRef }

export function normalisePhone(input: string): PhoneCheck {
  const trimmed = input.trim()
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) {
    return { ok: false, reason: english('phone.badChars'), phrase: phrase('phone.badChars') }
  }
  const digits = trimmed.replace(/\D/g, '')
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
  return { ok: true, phone: digits }
}
