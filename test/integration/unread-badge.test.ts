// The desktop app's badge of unread replies, fed by a real core: the count follows every
// arrival and every mark, and only a new arrival asks for attention. Electron's own badge and
// taskbar calls cannot run here (no Electron runtime can be downloaded): the test records what
// the shell is asked to do instead.
import { beforeAll, describe, expect, it } from 'vitest'
import { followUnread } from '../../src/main/unread-badge'
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
