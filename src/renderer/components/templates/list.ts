/** The template library's list: its order, a pushed change applied, the picker's search. */
import type { Template } from '../../../shared/calls/templates'
import { foldText } from '../../../shared/fold'

/** The library in name order, as main lists it (any case, ё as е). */
export function sortTemplates(templates: Template[]): Template[] {
  const key = (t: Template) => foldText(t.name.trim())
  return [...templates].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id))
}

/** One template saved (or deleted: null) into the list. */
export function applyTemplate(list: Template[], id: number, template: Template | null): Template[] {
  const rest = list.filter((t) => t.id !== id)
  return template ? sortTemplates([...rest, template]) : rest
}

/** Templates whose name or text holds the query (any case, ё as е); names first. */
export function matchTemplates(templates: Template[], query: string): Template[] {
  const q = foldText(query.trim())
  if (q === '') return templates
  const byName = templates.filter((t) => foldText(t.name).includes(q))
  const byText = templates.filter((t) => !byName.includes(t) && foldText(t.text).includes(q))
  return [...byName, ...byText]
}
