import type { templatesCalls } from '../../../shared/calls/templates'
import { english, phrase } from '../../../shared/phrases'
import type { CoreContext, HandlersFor } from '../context'
import { refuse, refuseField } from './router'

export function createTemplatesHandlers(ctx: CoreContext): HandlersFor<typeof templatesCalls> {
  return {
    'templates.list': () => ctx.templates.list(),
    'templates.save': async (input) => {
      const saved = await ctx.templates.save(input)
      if ('refused' in saved) {
        switch (saved.refused) {
          case 'nameTaken':
            // At the name's field: the form says it there.
            throw refuseField('name', {
              reason: english('template.nameTaken', { name: saved.name }),
              phrase: phrase('template.nameTaken', { name: saved.name }),
            })
          case 'notFound':
            throw refuse('NOT_FOUND', 'template.notFound', { id: saved.id })
          case 'full':
            throw refuse('CONFLICT', 'template.full', { max: saved.max })
        }
      }
      ctx.emit('template.updated', { id: saved.id, template: saved })
      return saved
    },
    'templates.delete': async ({ id }) => {
      const deleted = await ctx.templates.delete(id)
      if (deleted) ctx.emit('template.updated', { id, template: null })
      return { deleted }
    },
  }
}
