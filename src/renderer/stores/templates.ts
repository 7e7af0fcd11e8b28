/**
 * The template library as every screen sees it: loaded the first time a picker or the library
 * opens, kept live by `template.updated`, read again after a reconnection (changes made while
 * away were not heard).
 */
import { create } from 'zustand'
import type { Template } from '../../shared/calls/templates'
import { call, errorText, onEvent, transport } from '../api/client'
import { applyTemplate, sortTemplates } from '../components/templates/list'

interface TemplatesView {
  templates: Template[]
  loaded: boolean
  loading: boolean
  error: string | null
  /** Loads the library unless it is loaded (or loading) already. */
  ensure(): void
  load(): Promise<void>
  /** Saves a new (no id) or changed template; a refusal is thrown as the call's error. */
  save(input: { id?: number; name: string; text: string }): Promise<Template>
  remove(id: number): Promise<void>
}

let seq = 0
let watching = false

export const useTemplates = create<TemplatesView>((set, get) => ({
  templates: [],
  loaded: false,
  loading: false,
  error: null,
  ensure() {
    if (!watching) {
      watching = true
      onEvent('template.updated', ({ id, template }) =>
        set((s) => ({ templates: applyTemplate(s.templates, id, template) })),
      )
      transport.onStatus((status) => {
        if (status === 'open' && get().loaded) void get().load()
      })
    }
    const s = get()
    if (!s.loaded && !s.loading) void s.load()
  },
  async load() {
    const mine = ++seq
    set({ loading: true, error: null })
    try {
      const templates = await call('templates.list', {})
      if (mine === seq) set({ templates: sortTemplates(templates), loaded: true, loading: false })
    } catch (err) {
      if (mine === seq) set({ loading: false, error: errorText(err) })
    }
  },
  async save(input) {
    const saved = await call('templates.save', input)
    set((s) => ({ templates: applyTemplate(s.templates, saved.id, saved) }))
    return saved
  },
  async remove(id) {
    await call('templates.delete', { id })
    set((s) => ({ templates: applyTemplate(s.templates, id, null) }))
  },
}))
