/**
 * Replies waiting unread, outside the window: the count on the app's badge (the macOS dock,
 * Linux launchers that show one; on Windows, where the taskbar has no count, a red dot over the
 * window's button, its description saying how many) and, when one more arrives, the taskbar
 * entry of a window not in front asks for attention. Follows the core's `inbox.unread` count
 * from the start.
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

/**
 * The Windows taskbar overlay: a red dot with a white ring, `size` pixels square, as raw BGRA
 * (nativeImage.createFromBitmap), its edge smoothed; transparent outside the circle.
 */
export function badgeDot(size = 16): Buffer {
  const out = Buffer.alloc(size * size * 4)
  const c = (size - 1) / 2
  const r = size / 2
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c)
      // Coverage of the pixel by the circle, for a smooth edge.
      const alpha = Math.max(0, Math.min(1, r - d))
      const ring = d > r - 2
      const i = (y * size + x) * 4
      out[i] = ring ? 255 : 0x2d // blue
      out[i + 1] = ring ? 255 : 0x2d // green
      out[i + 2] = ring ? 255 : 0xd9 // red
      out[i + 3] = Math.round(alpha * 255)
    }
  }
  return out
}
