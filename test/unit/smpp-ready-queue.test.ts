import { describe, expect, it } from 'vitest'
import {
  hasSendablePart,
  Lane,
  newSubmitJob,
  ReadyQueue,
  takePart,
  type SubmitJob,
} from '../../src/main/core/providers/smpp/ready-queue'
import { buildSubmitParts } from '../../src/main/core/providers/smpp/pdu'
import type { OutgoingSms } from '../../src/main/core/providers/types'

const UDH = { iso: false, longMessageMode: 'udh' } as const

function job(name: string, parts = 1): SubmitJob {
  const sms: OutgoingSms = {
    id: 1,
    idempotencyKey: name,
    numericKey: 1,
    sender: 'Shop',
    phone: '77010000000',
    text: name,
    wantReceipt: false,
  }
  const built = buildSubmitParts({ ...sms, text: 'x'.repeat(153 * parts) }, UDH, () => 1)
  if (!('parts' in built) || built.parts.length !== parts) throw new Error('not built')
  return newSubmitJob(sms, built, () => undefined)
}

/** Takes every job in the order the pump would, one part each. */
function drain(queue: ReadyQueue): string[] {
  const out: string[] = []
  for (let j = queue.peek(); j; j = queue.peek()) {
    out.push(j.sms.idempotencyKey)
    queue.shift()
  }
  return out
}

describe('ready queue', () => {
  it('parts already on the wire go first, then urgent, then bulk; each line in order', () => {
    const q = new ReadyQueue()
    q.add(job('bulk1'), Lane.Bulk)
    q.add(job('urgent1'), Lane.Urgent)
    q.add(job('bulk2'), Lane.Bulk)
    q.add(job('part2'), Lane.Continue)
    q.add(job('urgent2'), Lane.Urgent)
    expect(q.size).toBe(5)
    expect(drain(q)).toEqual(['part2', 'urgent1', 'urgent2', 'bulk1', 'bulk2'])
    expect(q.size).toBe(0)
  })

  it('a job waits once, and a settled job is not queued', () => {
    const q = new ReadyQueue()
    const a = job('a')
    q.add(a, Lane.Bulk)
    q.add(a, Lane.Continue)
    expect(q.size).toBe(1)
    const settled = job('s')
    settled.settled = true
    q.add(settled, Lane.Urgent)
    expect(q.size).toBe(1)
    expect(drain(q)).toEqual(['a'])
  })

  it('a forgotten job is skipped and may be queued again later', () => {
    const q = new ReadyQueue()
    const [a, b, c] = [job('a'), job('b'), job('c')]
    for (const j of [a, b, c]) q.add(j, Lane.Bulk)
    q.forget(b)
    q.forget(b)
    expect(q.size).toBe(2)
    expect(q.live().map((j) => j.sms.idempotencyKey)).toEqual(['a', 'c'])
    q.add(b, Lane.Continue)
    expect(drain(q)).toEqual(['b', 'a', 'c'])
  })

  it('stays in order across many pushes and shifts', () => {
    const q = new ReadyQueue()
    const seen: string[] = []
    for (let i = 0; i < 5000; i++) {
      q.add(job(`m${i}`), Lane.Bulk)
      if (i % 2 === 1) {
        seen.push(q.peek()?.sms.idempotencyKey ?? '')
        q.shift()
      }
    }
    seen.push(...drain(q))
    expect(seen).toEqual(Array.from({ length: 5000 }, (_, i) => `m${i}`))
  })
})

describe('which part a job sends next', () => {
  it('sends the first part, then waits for its answer before the others', () => {
    const j = job('long', 3)
    expect(takePart(j)).toBe(0)
    expect(hasSendablePart(j)).toBe(false)
    expect(takePart(j)).toBeNull()
    j.acceptedCount = 1
    expect(hasSendablePart(j)).toBe(true)
    expect([takePart(j), takePart(j), takePart(j)]).toEqual([1, 2, null])
    expect(hasSendablePart(j)).toBe(false)
  })

  it('a refused part goes again before the parts not sent yet', () => {
    const j = job('long', 3)
    takePart(j)
    j.acceptedCount = 1
    takePart(j)
    j.retry.push(1)
    expect(hasSendablePart(j)).toBe(true)
    expect([takePart(j), takePart(j), takePart(j)]).toEqual([1, 2, null])
  })

  it('a first part refused and retried is the only one sent until accepted', () => {
    const j = job('long', 2)
    takePart(j)
    j.retry.push(0)
    expect([takePart(j), takePart(j)]).toEqual([0, null])
  })
})
