import { describe, expect, it } from 'vitest'
import { batchedLookup } from '../../../src/renderer/stores/batched-lookup'

/** A lookup whose calls are recorded and answered when the test says. */
function recorded(atOnce?: number) {
  const calls: string[][] = []
  const answers: (() => void)[] = []
  const want = batchedLookup(
    (phones) =>
      new Promise<void>((answered) => {
        calls.push(phones)
        answers.push(answered)
      }),
    atOnce,
  )
  const settle = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve()
  }
  return { calls, answers, want, settle }
}

describe('numbers asked of main together', () => {
  it('asks for every number of one render in one call, once the render is over', async () => {
    const l = recorded()
    l.want('79161234567')
    l.want('79167654321')
    l.want('79161234567')
    expect(l.calls).toEqual([])
    await l.settle()
    expect(l.calls).toEqual([['79161234567', '79167654321']])
  })

  it('asks for numbers that appear while a call is out in the next call, after it', async () => {
    const l = recorded()
    l.want('1000001')
    await l.settle()
    l.want('1000002')
    l.want('1000003')
    await l.settle()
    expect(l.calls).toEqual([['1000001']])
    l.answers[0]?.()
    await l.settle()
    expect(l.calls).toEqual([['1000001'], ['1000002', '1000003']])
    l.answers[1]?.()
    await l.settle()
    // Idle again: the next number starts a call of its own.
    l.want('1000004')
    await l.settle()
    expect(l.calls.at(-1)).toEqual(['1000004'])
  })

  it('splits more numbers than one call takes', async () => {
    const l = recorded(2)
    for (const p of ['1', '2', '3', '4', '5']) l.want(`100000${p}`)
    await l.settle()
    l.answers[0]?.()
    await l.settle()
    l.answers[1]?.()
    await l.settle()
    expect(l.calls).toEqual([['1000001', '1000002'], ['1000003', '1000004'], ['1000005']])
  })
})
