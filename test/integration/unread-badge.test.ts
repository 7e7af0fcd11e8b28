// The desktop app's badge of unread replies, fed by a real core: the count follows every
// arrival and every mark, and only a new arrival asks for attention. Electron's own badge and
// taskbar calls cannot run here (no Electron runtime can be downloaded): the test records what
// the shell is asked to do instead, and checks the Windows overlay's image and words.
import { beforeAll, describe, expect, it } from 'vitest'
import { badgeDot, followUnread } from '../../src/main/unread-badge'
import { phrase, phraseText } from '../../src/shared/phrases'
import { testCore } from '../helpers/test-core'
import { waitFor } from '../helpers/wait'

const t = testCore()
const { call } = t

// Subscribers' messages come in over the sandbox's SMPP bind.
beforeAll(() =>
  waitFor(
    () => t.pushed('session.state').some((s) => s.profileId === 'sandbox' && s.status === 'bound'),
    'sandbox bound',
  ),
)

describe('unread replies on the app badge', () => {
  it('counts from the start, rises with each reply (asking for attention), falls when read', async () => {
    await call('sandbox.injectInbound', { from: '992935550101', to: '7781', text: 'Hello?' })
    await waitFor(() => t.pushed('inbox.unread').length === 1, 'stored and counted')

    const badge: number[] = []
    let flashes = 0
    const stop = followUnread(t.core, {
      setBadgeCount: (n) => badge.push(n),
      flash: () => flashes++,
    })
    await waitFor(() => badge.length === 1, 'the count at start')
    expect(badge).toEqual([1])

    await call('sandbox.injectInbound', { from: '992935550102', to: '7781', text: 'Anyone?' })
    await waitFor(() => badge.at(-1) === 2, 'one more reply')
    expect(flashes).toBe(1)

    await call('inbox.markRead', { peer: '992935550101' })
    await waitFor(() => badge.at(-1) === 1, 'one read')
    await call('inbox.markRead', { all: true })
    await waitFor(() => badge.at(-1) === 0, 'all read')
    expect(flashes).toBe(1)
    stop()
  })
})

describe('the Windows taskbar overlay', () => {
  it('is a round red dot with a white ring, transparent outside it', () => {
    const size = 16
    const px = badgeDot(size)
    expect(px.length).toBe(size * size * 4)
    const at = (x: number, y: number) => [
      ...px.subarray((y * size + x) * 4, (y * size + x) * 4 + 4),
    ]
    // BGRA: red, opaque, at the centre; white at the ring; nothing in the corners.
    expect(at(8, 8)).toEqual([0x2d, 0x2d, 0xd9, 255])
    expect(at(8, 0).slice(0, 3)).toEqual([255, 255, 255])
    expect(at(0, 0)[3]).toBe(0)
    expect(at(15, 15)[3]).toBe(0)
  })

  it('says how many replies wait, in either language', () => {
    expect(phraseText(phrase('inbox.unreadCount', { count: 1 }), 'en')).toBe('1 unread reply')
    expect(phraseText(phrase('inbox.unreadCount', { count: 3 }), 'en')).toBe('3 unread replies')
    expect(phraseText(phrase('inbox.unreadCount', { count: 1 }), 'ru')).toBe(
      '1 непрочитанный ответ',
    )
    expect(phraseText(phrase('inbox.unreadCount', { count: 3 }), 'ru')).toBe(
      '3 непрочитанных ответа',
    )
    expect(phraseText(phrase('inbox.unreadCount', { count: 5 }), 'ru')).toBe(
      '5 непрочитанных ответов',
    )
  })
})
