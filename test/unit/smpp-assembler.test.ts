// Inbound reassembly as the session uses it to decide when to answer: which part completes a
// message (answered only once stored) and which do not (answered at once).
import { describe, expect, it } from 'vitest'
import { InboundAssembler, type AssembledText } from '../../src/main/core/providers/smpp/deliver'

describe('InboundAssembler', () => {
  it('a single-part message completes at once', () => {
    const a = new InboundAssembler(() => undefined)
    expect(a.completes('1', '2', null)).toBe(true)
    expect(a.add('1', '2', 'hi', null)).toEqual({ from: '1', to: '2', text: 'hi', complete: true })
  })

  it('only the part that brings the last missing one completes, in any order; a repeat does not', () => {
    const a = new InboundAssembler(() => undefined)
    const part = (seq: number) => ({ ref: 9, total: 3, seq })
    expect(a.completes('1', '2', part(2))).toBe(false)
    expect(a.add('1', '2', 'b', part(2))).toBeNull()
    expect(a.add('1', '2', 'b', part(2))).toBeNull()
    expect(a.completes('1', '2', part(2))).toBe(false)
    expect(a.add('1', '2', 'c', part(3))).toBeNull()
    expect(a.completes('1', '2', part(1))).toBe(true)
    expect(a.add('1', '2', 'a', part(1))).toMatchObject({ text: 'abc', complete: true })
  })

  it('hands over what came when the rest never does', () => {
    const late: AssembledText[] = []
    const a = new InboundAssembler((t) => late.push(t))
    a.add('1', '2', 'first ', { ref: 1, total: 2, seq: 1 })
    a.flushAll()
    expect(late).toEqual([{ from: '1', to: '2', text: 'first ', complete: false }])
  })
})
