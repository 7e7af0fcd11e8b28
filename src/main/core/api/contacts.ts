import type { contactsCalls } from '../../../shared/calls/contacts'
import { normalisePhone } from '../../../shared/phone'
import type { CoreContext, HandlersFor } from '../context'
import { refuseField } from './router'

export function createContactsHandlers(ctx: CoreContext): HandlersFor<typeof contactsCalls> {
  return {
    'contacts.save': async ({ phone, name, notes }) => {
      const checked = normalisePhone(phone)
      if (!checked.ok) throw refuseField('phone', checked)
      const contact = await ctx.contacts.save(checked.phone, name, notes)
      ctx.emit('contact.updated', { phone: checked.phone, contact })
      return contact
    },
  }
}
