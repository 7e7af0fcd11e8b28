/**
 * A filtered message list for a virtualised table: the total from main, pages fetched as the
 * view needs them, rows kept live by message.updated, and a count of rows that arrived since.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { HistoryFilter } from '../../../shared/calls/history'
import type { OutboxMessage } from '../../../shared/contract'
import { isHlrLookup } from '../../../shared/constants'
import { call, errorText, onEvent } from '../../api/client'
import { PageCache } from './pageCache'

export const PAGE_SIZE = 100

export interface PagedMessages {
  total: number | null
  error: string | null
  /** Messages created after the list was loaded (not shown until reload). */
  arrived: number
  rowAt(index: number): OutboxMessage | undefined
  ensure(first: number, last: number): void
  reload(): void
}

interface Loaded {
  /** Which query (filter and reload) these figures answer. */
  key: string
  total: number | null
  error: string | null
  arrived: number
}

export function usePagedMessages(filter: HistoryFilter): PagedMessages {
  const filterKey = JSON.stringify(filter)
  const [generation, setGeneration] = useState(0)
  const key = `${generation}:${filterKey}`
  const [loaded, setLoaded] = useState<Loaded>({ key: '', total: null, error: null, arrived: 0 })
  const [, setVersion] = useState(0)
  const held = useRef({ key: '', cache: new PageCache(PAGE_SIZE), newest: 0 })
  const stableFilter = useMemo(() => JSON.parse(filterKey) as HistoryFilter, [filterKey])
  const current: Loaded =
    loaded.key === key ? loaded : { key, total: null, error: null, arrived: 0 }

  useEffect(() => {
    held.current = { key, cache: new PageCache(PAGE_SIZE), newest: Number.MAX_SAFE_INTEGER }
    const fail = (err: unknown) => {
      if (held.current.key !== key) return
      const error = errorText(err)
      setLoaded((l) => ({ ...(l.key === key ? l : { key, total: null, arrived: 0 }), error }))
    }
    call('history.count', { filter: stableFilter })
      .then((r) => {
        if (held.current.key !== key) return
        held.current.newest = r.newestId ?? 0
        setLoaded({ key, total: r.total, error: null, arrived: 0 })
      })
      .catch(fail)
  }, [key, stableFilter])

  const total = current.total
  const ensure = useCallback(
    (first: number, last: number) => {
      const h = held.current
      if (total === null || h.key !== key) return
      for (const { page, cursor } of h.cache.plan(first, last, total)) {
        call('history.page', { filter: stableFilter, cursor, limit: PAGE_SIZE })
          .then((r) => {
            if (held.current !== h) return
            h.cache.put(page, r.rows)
            setVersion((v) => v + 1)
          })
          .catch((err: unknown) => {
            if (held.current !== h) return
            h.cache.failed(page)
            const error = errorText(err)
            setLoaded((l) => (l.key === key ? { ...l, error } : l))
          })
      }
    },
    [key, stableFilter, total],
  )

  useEffect(
    () =>
      onEvent('message.updated', (m) => {
        if (isHlrLookup(m)) return
        const h = held.current
        if (h.cache.update(m)) setVersion((v) => v + 1)
        else if (m.id > h.newest) {
          h.newest = m.id
          setLoaded((l) => (l.key === h.key ? { ...l, arrived: l.arrived + 1 } : l))
        }
      }),
    [],
  )

  const rowAt = useCallback(
    (i: number) => (held.current.key === key ? held.current.cache.rowAt(i) : undefined),
    [key],
  )

  const reload = useCallback(() => setGeneration((g) => g + 1), [])

  return {
    total,
    error: current.error,
    arrived: current.arrived,
    rowAt,
    ensure,
    reload,
  }
}
