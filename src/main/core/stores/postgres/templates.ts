/**
 * The template library on PostgreSQL: the same rules as SQLite's (a name unique as a search
 * compares it, at most MAX_TEMPLATES), kept when several servers save at once — saves take
 * turns on an advisory lock, so a name checked free is still free when it is written.
 */
import type { Template } from '../../../../shared/calls/templates'
import { foldText } from '../../../../shared/fold'
import { MAX_TEMPLATES, type TemplateRefusal } from '../../templates/store'
import type { TemplatesStore } from '../stores'
import type { PgDatabase } from './database'

/** The advisory lock saves take turns on ('tmpl'). */
const SAVE_LOCK = 0x746d706c

interface Row {
  id: string
  name: string
  text: string
  updated_at: string
}

const toTemplate = (r: Row): Template => ({
  id: Number(r.id),
  name: r.name,
  text: r.text,
  updatedAt: Number(r.updated_at),
})

export class PgTemplates implements TemplatesStore {
  constructor(
    private readonly db: PgDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  async list(): Promise<Template[]> {
    const r = await this.db.pool.query<Row>(
      `SELECT id, name, text, updated_at FROM templates
      ORDER BY name_folded COLLATE "C", id`,
    )
    return r.rows.map(toTemplate)
  }

  async save(input: {
    id?: number
    name: string
    text: string
  }): Promise<Template | TemplateRefusal> {
    const name = input.name.trim()
    const folded = foldText(name)
    return this.db.transaction(async (c): Promise<Template | TemplateRefusal> => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [SAVE_LOCK])
      const other = await c.query<{ id: string; name: string }>(
        'SELECT id, name FROM templates WHERE name_folded = $1',
        [folded],
      )
      const taken = other.rows[0]
      if (taken && Number(taken.id) !== input.id) return { refused: 'nameTaken', name: taken.name }
      const now = this.now()
      if (input.id === undefined) {
        const n = await c.query<{ n: string }>('SELECT count(*) AS n FROM templates')
        if (Number(n.rows[0]?.n ?? 0) >= MAX_TEMPLATES)
          return { refused: 'full', max: MAX_TEMPLATES }
        const r = await c.query<Row>(
          `INSERT INTO templates (name, name_folded, text, created_at, updated_at)
          VALUES ($1, $2, $3, $4, $4) RETURNING id, name, text, updated_at`,
          [name, folded, input.text, now],
        )
        return toTemplate(r.rows[0] as Row)
      }
      const r = await c.query<Row>(
        `UPDATE templates SET name = $1, name_folded = $2, text = $3, updated_at = $4
        WHERE id = $5 RETURNING id, name, text, updated_at`,
        [name, folded, input.text, now, input.id],
      )
      const row = r.rows[0]
      return row ? toTemplate(row) : { refused: 'notFound', id: input.id }
    })
  }

  async delete(id: number): Promise<boolean> {
    const r = await this.db.pool.query('DELETE FROM templates WHERE id = $1', [id])
    return (r.rowCount ?? 0) > 0
  }
}
