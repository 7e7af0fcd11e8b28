/**
 * A windowed table: only the rows in view (plus a few) are in the DOM, however many there are.
 * Past what a browser can scroll in pixels, the scrollbar maps proportionally onto the rows;
 * the wheel and the keys still move row by row and page by page, so nothing is skipped.
 */
import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type UIEvent,
} from 'react'
import './VirtualTable.css'

export interface Column<T> {
  key: string
  header: string
  /** CSS grid track, e.g. '80px' or 'minmax(200px, 1fr)'. */
  width: string
  render(row: T): ReactNode
  className?: string
}

interface Props<T> {
  label: string
  columns: readonly Column<T>[]
  total: number
  rowAt(index: number): T | undefined
  ensure(first: number, last: number): void
  rowKey(row: T): string | number
  rowAttrs?(row: T): Record<string, string | number>
  loadingText: string
  rowHeight?: number
  height?: number | string
}

/** Browsers cap an element's height (Chromium near 33.5M px, Firefox near 17.9M). */
const MAX_SCROLL_PX = 8_000_000
const OVERSCAN = 10

/**
 * Where the view is: the scroller's own scrollTop, and the content offset a wheel or key step
 * put there (exact, where the proportional map would round). `top` is null after a scrollbar
 * jump, and counts only for the `ratio` it was worked out at.
 */
interface Position {
  scrollTop: number
  top: number | null
  ratio: number
}

export function VirtualTable<T>(p: Props<T>) {
  const rowHeight = p.rowHeight ?? 32
  const scroller = useRef<HTMLDivElement>(null)
  const [pos, setPos] = useState<Position>({ scrollTop: 0, top: null, ratio: 1 })
  const stepped = useRef<Position | null>(null)
  const [viewport, setViewport] = useState(400)

  useLayoutEffect(() => {
    const el = scroller.current
    if (!el) return
    setViewport(el.clientHeight)
    const ro = new ResizeObserver(() => setViewport(el.clientHeight))
    ro.observe(el)
    return () => ro.disconnect()
  }, [])

  const full = p.total * rowHeight
  const spacer = Math.min(full, MAX_SCROLL_PX)
  const maxScroll = Math.max(0, spacer - viewport)
  const ratio = maxScroll > 0 ? Math.max(0, full - viewport) / maxScroll : 1
  const scrollTop = Math.min(pos.scrollTop, maxScroll)
  const maxTop = Math.max(0, full - viewport)
  const top = Math.min(
    pos.top !== null && pos.ratio === ratio ? pos.top : scrollTop * ratio,
    maxTop,
  )
  const first = Math.floor(top / rowHeight)
  const offset = top - first * rowHeight
  const count = Math.ceil(viewport / rowHeight) + 1
  const last = Math.min(p.total - 1, first + count - 1)
  const { ensure } = p

  useEffect(() => {
    if (p.total > 0) ensure(Math.max(0, first - OVERSCAN), Math.min(p.total - 1, last + OVERSCAN))
  }, [ensure, first, last, p.total])

  // The list shrank (a new filter): go back to the top.
  useEffect(() => {
    if (scroller.current && scroller.current.scrollTop > maxScroll) {
      scroller.current.scrollTop = 0
      setPos({ scrollTop: 0, top: null, ratio: 1 })
    }
  }, [maxScroll])

  // Scaled down, a wheel turn or a key press would move several rows per pixel and skip some:
  // those steps move the content by their own distance instead, and the scrollbar to match.
  const step = (dy: number): boolean => {
    const el = scroller.current
    if (!el || ratio <= 1 || dy === 0) return false
    const next = Math.max(0, Math.min(maxTop, top + dy))
    // At an end already: the page around may scroll instead.
    if (next === top) return false
    el.scrollTop = next >= maxTop ? maxScroll : next / ratio
    const at: Position = { scrollTop: el.scrollTop, top: next, ratio }
    stepped.current = at
    setPos(at)
    return true
  }
  const latestStep = useRef(step)
  useLayoutEffect(() => {
    latestStep.current = step
  })
  useEffect(() => {
    const el = scroller.current
    if (!el) return
    const onWheel = (e: WheelEvent) => {
      if (e.ctrlKey || e.deltaY === 0) return
      const unit = e.deltaMode === 1 ? rowHeight : e.deltaMode === 2 ? el.clientHeight : 1
      if (latestStep.current(e.deltaY * unit)) e.preventDefault()
    }
    el.addEventListener('wheel', onWheel, { passive: false })
    return () => el.removeEventListener('wheel', onWheel)
  }, [rowHeight])

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || e.altKey || e.ctrlKey || e.metaKey) return
    const page = Math.max(rowHeight, viewport - rowHeight)
    const dy =
      e.key === 'ArrowDown'
        ? rowHeight
        : e.key === 'ArrowUp'
          ? -rowHeight
          : e.key === 'PageDown' || (e.key === ' ' && !e.shiftKey)
            ? page
            : e.key === 'PageUp' || (e.key === ' ' && e.shiftKey)
              ? -page
              : 0
    if (step(dy)) e.preventDefault()
  }

  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const s = e.currentTarget.scrollTop
    const at = stepped.current
    // Where a step put it: keep the step's exact offset. Anywhere else: the scrollbar moved.
    if (at && at.scrollTop === s) setPos(at)
    else {
      stepped.current = null
      setPos({ scrollTop: s, top: null, ratio })
    }
  }

  const template = p.columns.map((c) => c.width).join(' ')
  const rows: ReactNode[] = []
  for (let i = first; i <= last; i++) {
    const row = p.rowAt(i)
    rows.push(
      row === undefined ? (
        <div
          key={`loading-${i}`}
          role="row"
          aria-rowindex={i + 2}
          className="vt-row vt-loading"
          style={{ gridTemplateColumns: template, height: rowHeight }}
        >
          <div role="cell" className="vt-cell">
            {p.loadingText}
          </div>
        </div>
      ) : (
        <div
          key={p.rowKey(row)}
          role="row"
          aria-rowindex={i + 2}
          className="vt-row"
          style={{ gridTemplateColumns: template, height: rowHeight }}
          {...p.rowAttrs?.(row)}
        >
          {p.columns.map((c) => (
            <div
              key={c.key}
              role="cell"
              className={`vt-cell ${c.className ?? ''}`}
              data-col={c.key}
            >
              {c.render(row)}
            </div>
          ))}
        </div>
      ),
    )
  }

  return (
    <div
      role="table"
      aria-label={p.label}
      aria-rowcount={p.total + 1}
      className="vt"
      style={{ height: p.height ?? 480 }}
    >
      <div role="rowgroup" className="vt-head">
        <div
          role="row"
          aria-rowindex={1}
          className="vt-row"
          style={{ gridTemplateColumns: template }}
        >
          {p.columns.map((c) => (
            <div key={c.key} role="columnheader" className={`vt-cell ${c.className ?? ''}`}>
              {c.header}
            </div>
          ))}
        </div>
      </div>
      <div
        ref={scroller}
        role="rowgroup"
        className="vt-body"
        tabIndex={0}
        aria-label={p.label}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
      >
        <div className="vt-spacer" style={{ height: spacer }}>
          <div className="vt-window" style={{ transform: `translateY(${scrollTop - offset}px)` }}>
            {rows}
          </div>
        </div>
      </div>
    </div>
  )
}
