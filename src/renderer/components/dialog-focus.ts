/**
 * A modal dialog's keyboard focus: it moves into the dialog when it opens (to `initial`, or its
 * first control), Tab and Shift+Tab go round inside it, and closing gives focus back to what
 * had it before (the button that opened it).
 */
import { useEffect, type RefObject } from 'react'

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)]
}

export function useDialogFocus(
  dialog: RefObject<HTMLElement | null>,
  initial?: RefObject<HTMLElement | null>,
): void {
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const root = dialog.current
    if (root) (initial?.current ?? focusables(root)[0] ?? root).focus()
    const onKey = (e: KeyboardEvent) => {
      const box = dialog.current
      if (e.key !== 'Tab' || !box) return
      const items = focusables(box)
      const first = items[0]
      const last = items.at(-1)
      const active = document.activeElement
      const inside = active instanceof Node && box.contains(active)
      if (!first || !last) {
        e.preventDefault()
      } else if (e.shiftKey && (active === first || !inside)) {
        e.preventDefault()
        last.focus()
      } else if (!e.shiftKey && (active === last || !inside)) {
        e.preventDefault()
        first.focus()
      }
    }
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('keydown', onKey)
      if (opener?.isConnected) opener.focus()
    }
    // Once per opening: the dialog and its first control exist when it mounts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
}
