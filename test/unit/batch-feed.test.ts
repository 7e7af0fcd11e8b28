// The batch counter feed: many message changes become one push per batch per interval.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { BatchFeed } from '../../src/main/core/imports/batch-feed'

describe('BatchFeed', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('pushes each changed batch once per interval, however many of its messages changed', () => {
    const pushed: number[] = []
    const feed = new BatchFeed((id) => pushed.push(id), 300)
    for (let i = 0; i < 5000; i++) feed.note(i % 2 === 0 ? 7 : 9)
    expect(pushed).toEqual([])
    vi.advanceTimersByTime(299)
    expect(pushed).toEqual([])
    vi.advanceTimersByTime(1)
    expect(pushed.sort()).toEqual([7, 9])

    // Quiet batches are not pushed again; the next change starts a new interval.
    vi.advanceTimersByTime(5000)
    expect(pushed).toHaveLength(2)
    feed.note(9)
    vi.advanceTimersByTime(300)
    expect(pushed).toEqual([7, 9, 9])
  })

  it('waits longer between pushes when counting takes long', () => {
    const pushed: number[] = []
    let clock = 0
    // Each count "takes" 80 ms of the clock: the next push comes no sooner than 800 ms later.
    const feed = new BatchFeed(
      (id) => {
        clock += 80
        pushed.push(id)
      },
      300,
      () => clock,
    )
    feed.note(1)
    vi.advanceTimersByTime(300)
    expect(pushed).toEqual([1])
    feed.note(1)
    vi.advanceTimersByTime(799)
    expect(pushed).toEqual([1])
    vi.advanceTimersByTime(1)
    expect(pushed).toEqual([1, 1])
  })

  it('flush pushes at once; after stop nothing is pushed', () => {
    const pushed: number[] = []
    const feed = new BatchFeed((id) => pushed.push(id), 300)
    feed.note(1)
    feed.flush()
    expect(pushed).toEqual([1])
    feed.note(2)
    feed.stop()
    feed.note(3)
    vi.advanceTimersByTime(1000)
    expect(pushed).toEqual([1])
  })
})
