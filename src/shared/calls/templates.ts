/** The template library: named texts with variables, used from Compose, replies and imports. */
// Calls and push events of this area, combined into the contract (src/shared/contract.ts).
import { z } from 'zod'
import { MAX_TEXT_LENGTH } from '../constants'

export const TemplateSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  text: z.string(),
  updatedAt: z.number(),
})
export type Template = z.infer<typeof TemplateSchema>

export const templatesCalls = {
  /** Every template, by name (any case, ё as е). */
  'templates.list': {
    request: z.object({}).strict(),
    response: z.array(TemplateSchema),
  },
  /** A new template (no id) or a changed one; a name another template has is refused. */
  'templates.save': {
    request: z
      .object({
        id: z.number().int().positive().optional(),
        name: z.string().trim().min(1).max(100),
        text: z.string().min(1).max(MAX_TEXT_LENGTH),
      })
      .strict(),
    response: TemplateSchema,
  },
  'templates.delete': {
    request: z.object({ id: z.number().int().positive() }).strict(),
    response: z.object({ deleted: z.boolean() }),
  },
} as const

export const templatesEvents = {
  /** A template was saved or deleted (null): every window's list follows. */
  'template.updated': z.object({ id: z.number(), template: TemplateSchema.nullable() }),
} as const
