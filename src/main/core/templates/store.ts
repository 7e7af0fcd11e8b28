/**
 * The template library: nothing else writes the templates table. A name is unique as a search
 * compares it (any case, ё as е, outer spaces dropped).
 */
import type { Template } from '../../../shared/calls/templates'
import { foldText } from '../../../shared/fold'
import type { Db } from '../db/database'

/** How many templates the library keeps: a list an agent can still search by eye. */
export const MAX_TEMPLATES = 1000

interface Row {
  id: number
  name: string
  text: string
  updated_at: number
}

const toTemplate = (r: Row): Template => ({
  id: r.id,
  name: r.name,
  text: r.text,
  updatedAt: r.updated_at,
})

/** Why a save was refused: the name another template has, no such template, a full library. */
export type TemplateRefusal =
  | { refused: 'nameTaken'; name: string }
  | { refused: 'notFound'; id: number }
  | { refused: 'full'; max: number }

export class TemplateStore {
  private readonly s

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.s = {
      list: db.prepare('SELECT id, name, text, updated_at FROM templates ORDER BY name_folded, id'),
      count: db.prepare('SELECT count(*) FROM templates').pluck(),
      byName: db.prepare('SELECT id, name FROM templates WHERE name_folded = ?'),
      insert: db.prepare(`INSERT INTO templates (name, name_folded, text, created_at, updated_at)
        VALUES (@name, @folded, @text, @now, @now) RETURNING id, name, text, updated_at`),
      update: db.prepare(`UPDATE templates SET name = @name, name_folded = @folded, text = @text,
        updated_at = @now WHERE id = @id RETURNING id, name, text, updated_at`),
      remove: db.prepare('DELETE FROM templates WHERE id = ?'),
    }
  }

  list(): Template[] {
    return (this.s.list.all() as Row[]).map(toTemplate)
  }

  /** Saves a new template (no id) or changes one, in one transaction with its checks. */
  save(input: { id?: number; name: string; text: string }): Template | TemplateRefusal {
    const name = input.name.trim()
    const folded = foldText(name)
    return this.db.transaction((): Template | TemplateRefusal => {
      const other = this.s.byName.get(folded) as { id: number; name: string } | undefined
      if (other && other.id !== input.id) return { refused: 'nameTaken', name: other.name }
      const values = { name, folded, text: input.text, now: this.now() }
      if (input.id === undefined) {
        if ((this.s.count.get() as number) >= MAX_TEMPLATES) {
          return { refused: 'full', max: MAX_TEMPLATES }
        }
        return toTemplate(this.s.insert.get(values) as Row)
      }
      const row = this.s.update.get({ ...values, id: input.id }) as Row | undefined
      return row ? toTemplate(row) : { refused: 'notFound', id: input.id }
    })()
  }

  delete(id: number): boolean {
    return this.s.remove.run(id).changes > 0
  }
}
