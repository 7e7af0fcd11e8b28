/**
 * Replies waiting unread, outside the window: the count on the app's badge (the macOS dock,
 * Linux launchers that show one) and, when one more arrives, the taskbar entry of a window not
 * in front asks for attention. Follows the core's `inbox.unread` count from the start.
 */
import type { Core } from './core/types'

export interface BadgeShell {
  setBadgeCount(count: number): void
  /** A reply arrived: ask for attention (a window in front needs none). */
  flash(): void
}

export function followUnread(
  core: Pick<Core, 'handle' | 'subscribe'>,
  shell: BadgeShell,
): () => void {
  let shown: number | null = null
  const show = (count: number) => {
    if (shown !== null && count > shown) shell.flash()
    shown = count
    shell.setBadgeCount(count)
  }
  const stop = core.subscribe((name, payload) => {
    if (name === 'inbox.unread') show((payload as { count: number }).count)
  })
  // The count at start (an event may have set it meanwhile: that one is newer).
  void core.handle('inbox.numbers', {}).then((reply) => {
    if (!reply.ok || shown !== null) return
    const numbers = reply.result as { unread: number }[]
    show(numbers.reduce((n, x) => n + x.unread, 0))
  })
  return stop
}
