/**
 * Number verification by the customer's call (SMSC `wait_call.php`): the provider names a number
 * the customer must call within 15 minutes; the call comes back as an inbound message whose text
 * is `[waitcall]`, from the customer's number. What both sides know of it, with no schema
 * library (the renderer uses it too): the window, the text, and a verification's state, which is
 * worked out from its times rather than stored, so nothing has to sweep expired ones.
 */

/** How long the customer has to call (the SMSC document: "в течение 15 минут"). */
export const VERIFY_CALL_MS = 15 * 60_000

/** The text SMSC records a verifying call with, as an inbound message from the customer. */
export const WAITCALL_TEXT = '[waitcall]'

/**
 * Slack before a verification was asked for in which a recorded call still counts for it: the
 * provider's clock and the console's differ a little, and SMSC dates have no milliseconds.
 */
export const CALL_CLOCK_SLACK_MS = 60_000

export type VerificationState = 'waiting' | 'verified' | 'expired'

/** An inbound message that records a verifying call, not a customer's words. */
export function isWaitCall(text: string): boolean {
  return text.trim() === WAITCALL_TEXT
}

/** A verification's state at `now`: verified once the call is recorded, else by its deadline. */
export function verificationState(
  v: { expiresAt: number; verifiedAt: number | null },
  now: number,
): VerificationState {
  if (v.verifiedAt !== null) return 'verified'
  return now >= v.expiresAt ? 'expired' : 'waiting'
}

/** Milliseconds left to call, never below zero. */
export function remainingMs(v: { expiresAt: number }, now: number): number {
  return Math.max(0, v.expiresAt - now)
}

/**
 * Whether a call recorded at `calledAt` verifies this verification: it still waits for one, and
 * the call falls in its window (by the provider's time of the call, not the time the console
 * fetched it: a call at 14:59 fetched at 15:10 counts; one at 15:01 does not).
 */
export function callVerifies(
  v: { requestedAt: number; expiresAt: number; verifiedAt: number | null },
  calledAt: number,
): boolean {
  return (
    v.verifiedAt === null &&
    calledAt <= v.expiresAt &&
    calledAt >= v.requestedAt - CALL_CLOCK_SLACK_MS
  )
}
