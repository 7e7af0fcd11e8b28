import { describe, expect, it } from 'vitest'
import { summarize, toneOf } from '../../../src/renderer/components/connection-summary'

describe('the header connection summary', () => {
  it('groups connections by tone, the worst first, whatever order they come in', () => {
    const summary = summarize(['bound', 'ready', 'offline', 'reconnecting', 'ready', 'paused'])
    expect(summary.worst).toBe('bad')
    expect(summary.groups).toEqual([
      { tone: 'bad', count: 2 },
      { tone: 'warn', count: 1 },
      { tone: 'ok', count: 3 },
    ])
  })

  it('says ok only when every connection works', () => {
    expect(summarize(['bound', 'ready'])).toEqual({
      worst: 'ok',
      groups: [{ tone: 'ok', count: 2 }],
    })
    expect(summarize(['bound', 'connecting']).worst).toBe('warn')
  })

  it('an unreachable console leaves every state unknown, and no profile leaves no summary', () => {
    expect(summarize(['unknown', 'unknown']).groups).toEqual([{ tone: 'unknown', count: 2 }])
    expect(summarize([])).toEqual({ worst: null, groups: [] })
  })

  it('a stopped or paused connection is down, a reconnecting one is on its way', () => {
    expect(toneOf('stopped')).toBe('bad')
    expect(toneOf('paused')).toBe('bad')
    expect(toneOf('reconnecting')).toBe('warn')
  })
})
