/**
 * A windowed table: only the rows in view (plus a few) are in the DOM, however many there are.
 * Past what a browser can scroll in pixels, the scrollbar maps proportionally onto the rows.
 */
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react'
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

export function VirtualTable<T>(p: Props<T>) {
  const rowHeight = p.rowHeight ?? 32
  const scroller = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
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
  const top = Math.min(scrollTop, maxScroll) * ratio
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
      setScrollTop(0)
    }
  }, [maxScroll])

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
            <div key={c.key} role="cell" className={`vt-cell ${c.className ?? ''}`}>
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
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div className="vt-spacer" style={{ height: spacer }}>
          <div
            className="vt-window"
            style={{ transform: `translateY(${Math.min(scrollTop, maxScroll) - offset}px)` }}
          >
            {rows}
          </div>
        </div>
      </div>
    </div>
  )
}
