import type { contactsCalls } from '../../../shared/calls/contacts'
import { english, phrase } from '../../../shared/phrases'
import { normalisePhone } from '../../../shared/phone'
import type { CoreContext, HandlersFor } from '../context'
import { phoneCountry } from '../profiles/country'
import { importServiceFor } from './imports'
import { refuse, refuseField } from './router'

export function createContactsHandlers(ctx: CoreContext): HandlersFor<typeof contactsCalls> {
  const changed = () => ctx.emit('contacts.changed', {})
  return {
    'contacts.save': async ({ phone, name, notes, fields, tags, groups }) => {
      const checked = normalisePhone(phone)
      if (!checked.ok) throw refuseField('phone', checked)
      const contact = await ctx.contacts.save(checked.phone, {
        name,
        notes,
        ...(fields ? { fields } : {}),
        ...(tags ? { tags: [...new Set(tags)] } : {}),
        ...(groups ? { groups: [...new Set(groups)] } : {}),
      })
      ctx.emit('contact.updated', { phone: checked.phone, contact })
      return contact
    },
    'contacts.list': ({ filter, offset, limit }) =>
      ctx.contacts.page(filter, offset ?? 0, limit ?? 100),
    'contacts.delete': async ({ phones }) => {
      const digits = phones.map((p) => p.replace(/\D/g, ''))
      const deleted = await ctx.contacts.remove(digits)
      for (const phone of digits) ctx.emit('contact.updated', { phone, contact: null })
      if (deleted > 0) changed()
      return { deleted }
    },
    'contacts.tags': () => ctx.contacts.tags(),
    'contacts.names': ({ phones }) => ctx.contacts.names(phones),
    'contacts.importUpload': async ({
      uploadId,
      phoneColumn,
      nameColumn,
      groupId,
      tag,
      profileId,
    }) => {
      const country = profileId ? phoneCountry(await ctx.requireProfile(profileId)) : null
      const done = await importServiceFor(ctx).importContacts({
        uploadId,
        phoneColumn,
        nameColumn,
        groupId,
        tag: tag ?? null,
        country,
      })
      changed()
      return done
    },
    'filters.list': () => ctx.contacts.filters(),
    'filters.save': async ({ name, filter }) => {
      const saved = await ctx.contacts.saveFilter(name, filter)
      changed()
      return saved
    },
    'filters.delete': async ({ id }) => {
      const deleted = await ctx.contacts.deleteFilter(id)
      if (deleted) changed()
      return { deleted }
    },
    'groups.list': () => ctx.contacts.groups(),
    'groups.save': async (input) => {
      const saved = await ctx.contacts.saveGroup(input)
      if ('refused' in saved) {
        if (saved.refused === 'notFound')
          throw refuse('NOT_FOUND', 'group.notFound', { id: saved.id })
        throw refuseField('name', {
          reason: english('group.nameTaken', { name: saved.name }),
          phrase: phrase('group.nameTaken', { name: saved.name }),
        })
      }
      changed()
      return saved
    },
    'groups.delete': async ({ id }) => {
      const deleted = await ctx.contacts.deleteGroup(id)
      if (deleted) changed()
      return { deleted }
    },
  }
}
