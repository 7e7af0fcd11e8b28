import { describe, expect, it } from 'vitest'
import { MessageStateSchema, type MessageState } from '../../src/shared/contract'
import { canTransition, isFinal, sourcesOf } from '../../src/main/core/outbox/states'

const all = MessageStateSchema.options

describe('outbox state machine', () => {
  it('follows the designed path queued → sending → accepted → delivered', () => {
    expect(canTransition('queued', 'sending')).toBe(true)
    expect(canTransition('sending', 'accepted')).toBe(true)
    expect(canTransition('accepted', 'delivered')).toBe(true)
    expect(canTransition('scheduled', 'queued')).toBe(true)
  })

  it('never resends an uncertain message by itself: only the operator moves it back to queued', () => {
    expect(canTransition('sending', 'uncertain')).toBe(true)
    expect(canTransition('uncertain', 'sending')).toBe(false)
    expect(canTransition('uncertain', 'queued')).toBe(true)
    expect(sourcesOf('sending')).toEqual(['queued'])
  })

  it('final states are final', () => {
    for (const from of ['delivered', 'failed', 'expired', 'cancelled'] as MessageState[]) {
      expect(isFinal(from)).toBe(true)
      for (const to of all) expect(canTransition(from, to)).toBe(false)
    }
  })

  it('a message being sent cannot be cancelled, a queued one can', () => {
    expect(canTransition('queued', 'cancelled')).toBe(true)
    expect(canTransition('scheduled', 'cancelled')).toBe(true)
    expect(canTransition('sending', 'cancelled')).toBe(false)
    expect(canTransition('accepted', 'cancelled')).toBe(false)
  })

  it('a not-sent submit goes back to queued; nothing skips sending on the way to the provider', () => {
    expect(canTransition('sending', 'queued')).toBe(true)
    expect(canTransition('queued', 'accepted')).toBe(false)
    expect(canTransition('queued', 'delivered')).toBe(false)
  })
})
