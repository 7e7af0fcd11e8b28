/** The HLR results view: filters, the page shown, and answers arriving live. */
import { create } from 'zustand'
import type { HlrRow, HlrStatus } from '../../shared/calls/lookup'
import { isHlrLookup } from '../../shared/constants'
import { call, errorText, onEvent } from '../api/client'

export const HLR_PAGE = 50

interface HlrView {
  /** Digits of the phone filter. */
  phone: string
  status: HlrStatus | ''
  offset: number
  rows: HlrRow[]
  total: number
  loading: boolean
  error: string | null
  setFilter(filter: { phone?: string; status?: HlrStatus | '' }): void
  setOffset(offset: number): void
  load(): Promise<void>
  /** Follows the request messages' changes while the screen is open; returns the unsubscribe. */
  watch(): () => void
}

let loadSeq = 0

export const useHlr = create<HlrView>((set, get) => ({
  phone: '',
  status: '',
  offset: 0,
  rows: [],
  total: 0,
  loading: false,
  error: null,
  setFilter(filter) {
    set({ ...filter, offset: 0 })
    void get().load()
  },
  setOffset(offset) {
    set({ offset })
    void get().load()
  },
  async load() {
    const seq = ++loadSeq
    const { phone, status, offset } = get()
    set({ loading: true })
    try {
      const page = await call('hlr.results', {
        phone: phone || undefined,
        status: status || undefined,
        offset,
        limit: HLR_PAGE,
      })
      // A slower answer to an older filter must not overwrite a newer one.
      if (seq === loadSeq) set({ rows: page.rows, total: page.total, error: null })
    } catch (err) {
      if (seq === loadSeq) set({ error: errorText(err) })
    } finally {
      if (seq === loadSeq) set({ loading: false })
    }
  },
  watch() {
    const changed = new Set<number>()
    let timer: ReturnType<typeof setTimeout> | null = null
    const flush = async () => {
      timer = null
      const ids = [...changed]
      changed.clear()
      const shown = new Set(get().rows.map((r) => r.messageId))
      if (ids.every((id) => shown.has(id))) {
        try {
          const fresh = new Map(
            (await call('hlr.get', { messageIds: ids })).map((r) => [r.messageId, r]),
          )
          set({ rows: get().rows.map((r) => fresh.get(r.messageId) ?? r) })
        } catch {
          // The next change or a manual refresh brings it.
        }
      } else if (get().offset === 0) {
        // A request not on screen yet (sent from elsewhere): it belongs on the first page.
        void get().load()
      }
    }
    const off = onEvent('message.updated', (m) => {
      if (!isHlrLookup(m)) return
      changed.add(m.id)
      // Answers come in bursts (a pasted list): one fetch per burst.
      timer ??= setTimeout(() => void flush(), 150)
    })
    return () => {
      off()
      if (timer) clearTimeout(timer)
    }
  },
}))
