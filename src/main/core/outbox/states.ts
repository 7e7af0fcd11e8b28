import type { MessageState } from '../../../shared/domain'
import { MESSAGE_STATES } from '../../../shared/constants'

/**
 * The outbox state machine, as the moves the outbox makes: each says which states a message
 * may be in for it and the state it leaves the message in. Every UPDATE of the outbox that
 * changes a state takes its `WHERE state IN (…)` from here (`stateGuard`), so this table is
 * what the SQL does. `uncertain` means a submit may have reached the provider but its answer
 * never came: it leaves that state only by a receipt, a provider's answer or the operator.
 */
export const MOVES = {
  /** A scheduled message's time came (or the operator sent it now). */
  promote: { from: ['scheduled'], to: 'queued' },
  /** The operator set (another) time for a message not handed over yet. */
  reschedule: { from: ['scheduled', 'queued'], to: 'scheduled' },
  /** Claimed for sending, durably, before its bytes go out. */
  claim: { from: ['queued'], to: 'sending' },
  /** The provider took it and said under which ids. */
  accept: { from: ['sending'], to: 'accepted' },
  /** The provider refused it for good. */
  reject: { from: ['sending'], to: 'failed' },
  /**
   * Back in the queue: the submit never left this machine (not-sent, a paused profile), or
   * the provider asked to try again later with the same key.
   */
  requeue: { from: ['sending'], to: 'queued' },
  /** No usable answer (none came, retries ran out, the console stopped mid-send). */
  noAnswer: { from: ['sending'], to: 'uncertain' },
  /** Final receipts for every provider id of the message: the worst decides. */
  delivered: { from: ['accepted', 'uncertain'], to: 'delivered' },
  reportFailed: { from: ['accepted', 'uncertain'], to: 'failed' },
  expired: { from: ['accepted', 'uncertain'], to: 'expired' },
  /** Asked about it, the provider knows an uncertain message: it did reach it. */
  confirm: { from: ['uncertain'], to: 'accepted' },
  /** Sent again: by the operator, or by itself where the provider dedupes on our key. */
  resend: { from: ['uncertain'], to: 'queued' },
  /** The operator gave up on an uncertain message. */
  markFailed: { from: ['uncertain'], to: 'failed' },
  /** Only what was never handed to a provider can be cancelled (one-off, batch, profile). */
  cancel: { from: ['scheduled', 'queued'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly MessageState[]; to: MessageState }>

export type Move = keyof typeof MOVES

const ALL_STATES: readonly MessageState[] = MESSAGE_STATES

/** States no move leaves: the message is done. */
export const FINAL_STATES: readonly MessageState[] = ALL_STATES.filter(
  (s) => !Object.values(MOVES).some((m) => (m.from as readonly MessageState[]).includes(s)),
)

/** Done without reaching the customer: the operator may send these again, as new messages. */
export const RESENDABLE: readonly MessageState[] = ['failed', 'expired', 'cancelled']

/** What "send the failed again" takes of a batch: what the provider could not deliver. */
export const RESENDABLE_OF_BATCH: readonly MessageState[] = ['failed', 'expired']

/** Not yet handed to a provider: failover may move these to another profile. */
export const UNSENT_STATES: readonly MessageState[] = MOVES.cancel.from

export function canTransition(from: MessageState, to: MessageState): boolean {
  return Object.values(MOVES).some(
    (m) => m.to === to && (m.from as readonly MessageState[]).includes(from),
  )
}

/** The states a message may be in for some move to `to`. */
export function sourcesOf(to: MessageState): MessageState[] {
  return ALL_STATES.filter((from) => canTransition(from, to))
}

export function isFinal(state: MessageState): boolean {
  return FINAL_STATES.includes(state)
}

/** The move of a final report's outcome. */
export function reportMove(outcome: 'delivered' | 'failed' | 'expired'): Move {
  return outcome === 'failed' ? 'reportFailed' : outcome
}

/**
 * `state IN ('a','b')` for SQL, from a list of states (closed set: safe to inline); one state is
 * `state = 'a'`, which a partial index on that state matches (an IN of one does not).
 */
export function stateIn(states: readonly MessageState[], column = 'state'): string {
  if (states.length === 1) return `${column} = '${states[0]}'`
  return `${column} IN (${states.map((s) => `'${s}'`).join(',')})`
}

/** The WHERE condition a move's UPDATE is guarded by. */
export function stateGuard(move: Move, column = 'state'): string {
  return stateIn(MOVES[move].from, column)
}
