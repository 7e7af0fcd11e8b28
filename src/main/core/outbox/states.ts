import type { MessageState } from '../../../shared/contract'

/**
 * The outbox state machine. `uncertain` means a submit may have reached the provider but
 * its answer never came: it leaves that state only by a receipt or by the operator.
 */
const transitions: Record<MessageState, readonly MessageState[]> = {
  scheduled: ['queued', 'cancelled'],
  queued: ['sending', 'cancelled', 'failed'],
  // queued again: the submit never left this machine (not-sent), so a retry is safe.
  sending: ['accepted', 'failed', 'uncertain', 'queued'],
  // accepted → accepted: an intermediate receipt (ENROUTE, ACCEPTD) only updates the row.
  accepted: ['accepted', 'delivered', 'failed', 'expired'],
  // queued: the operator chose to resend; failed: the operator gave up on it; the rest:
  // a receipt for its provider id arrived after all.
  uncertain: ['queued', 'failed', 'accepted', 'delivered', 'expired'],
  delivered: [],
  failed: [],
  expired: [],
  cancelled: [],
}

export const FINAL_STATES: readonly MessageState[] = ['delivered', 'failed', 'expired', 'cancelled']

export function canTransition(from: MessageState, to: MessageState): boolean {
  return transitions[from].includes(to)
}

/** The states a message may be in for a move to `to`, for guarded UPDATE … WHERE state IN (…). */
export function sourcesOf(to: MessageState): MessageState[] {
  return (Object.keys(transitions) as MessageState[]).filter((from) =>
    transitions[from].includes(to),
  )
}

export function isFinal(state: MessageState): boolean {
  return FINAL_STATES.includes(state)
}
