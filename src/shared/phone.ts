/** Phone numbers as the providers want them: international format, digits only. */
export type PhoneCheck = { ok: true; phone: string } | { ok: false; reason: string }

export function normalisePhone(input: string): PhoneCheck {
  const trimmed = input.trim()
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) {
    return {
      ok: false,
      reason: 'A phone number may hold only digits, spaces, brackets, dashes and a leading +',
    }
  }
  const digits = trimmed.replace(/\D/g, '')
  // E.164 allows at most 15 digits; shorter than 7 is no subscriber number anywhere we send.
  if (digits.length < 7)
    return {
      ok: false,
      reason: `Phone number ${trimmed} is too short: give it in international format, e.g. 992901234567`,
    }
  if (digits.length > 15)
    return { ok: false, reason: `Phone number ${trimmed} is longer than 15 digits` }
  return { ok: true, phone: digits }
}
