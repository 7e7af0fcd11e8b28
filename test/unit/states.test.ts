// The state machine the outbox's UPDATEs are built from: what it allows is what the SQL does
// (test/integration/outbox-moves.test.ts runs every move against a real database).
import { describe, expect, it } from 'vitest'
import { MessageStateSchema } from '../../src/shared/contract'
import {
  canTransition,
  FINAL_STATES,
  isFinal,
  MOVES,
  sourcesOf,
  stateGuard,
} from '../../src/main/core/outbox/states'

const all = MessageStateSchema.options

describe('outbox state machine', () => {
  it('follows the designed path scheduled → queued → sending → accepted → delivered', () => {
    expect(canTransition('scheduled', 'queued')).toBe(true)
    expect(canTransition('queued', 'sending')).toBe(true)
    expect(canTransition('sending', 'accepted')).toBe(true)
    expect(canTransition('accepted', 'delivered')).toBe(true)
  })

  it('never resends an uncertain message by itself: only the operator or a dedupe on our key requeues it', () => {
    expect(canTransition('sending', 'uncertain')).toBe(true)
    expect(canTransition('uncertain', 'sending')).toBe(false)
    expect(MOVES.resend.from).toEqual(['uncertain'])
    // Only a queued message is claimed for sending.
    expect(sourcesOf('sending')).toEqual(['queued'])
  })

  it('a message that reached the provider is never requeued or cancelled', () => {
    for (const to of ['queued', 'cancelled', 'sending'] as const) {
      expect(canTransition('accepted', to)).toBe(false)
    }
    expect(canTransition('sending', 'cancelled')).toBe(false)
  })

  it('final states are the delivered, failed, expired and cancelled ones, and nothing leaves them', () => {
    expect([...FINAL_STATES].sort()).toEqual(['cancelled', 'delivered', 'expired', 'failed'])
    for (const from of FINAL_STATES) {
      expect(isFinal(from)).toBe(true)
      for (const to of all) expect(canTransition(from, to)).toBe(false)
    }
  })

  it('a report settles only what was accepted or may have been (uncertain)', () => {
    for (const to of ['delivered', 'expired'] as const) {
      expect(sourcesOf(to)).toEqual(['accepted', 'uncertain'])
    }
    expect(canTransition('queued', 'delivered')).toBe(false)
    expect(canTransition('sending', 'delivered')).toBe(false)
  })

  it('builds each move’s SQL guard from the states it starts from', () => {
    expect(stateGuard('cancel')).toBe("state IN ('scheduled','queued')")
    expect(stateGuard('delivered', 'm.state')).toBe("m.state IN ('accepted','uncertain')")
  })
})
