/**
 * Contacts: a customer's name, notes, fields and tags by their number, shown wherever the
 * number is; groups of contacts a bulk send can take as its recipients.
 */
// Calls and push events of this area, combined into the contract (src/shared/contract.ts).
import { z } from 'zod'
import { ProfileId } from '../domain'

/** Most fields one contact holds, and the longest name and value of one. */
export const MAX_CONTACT_FIELDS = 50
export const MAX_FIELD_NAME = 64
export const MAX_FIELD_VALUE = 1000
export const MAX_TAGS = 20

export const ContactSchema = z.object({
  /** Digits only, as messages store a number. */
  phone: z.string(),
  name: z.string(),
  notes: z.string(),
  /** Its own fields ({city}, {debt}, …): a group's bulk send uses them as template variables. */
  fields: z.record(z.string(), z.string()),
  tags: z.array(z.string()),
  /** The groups it belongs to, by id. */
  groups: z.array(z.number().int()),
  updatedAt: z.number(),
})
export type Contact = z.infer<typeof ContactSchema>

export const ContactGroupSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  /** Contacts in it. */
  size: z.number().int(),
})
export type ContactGroup = z.infer<typeof ContactGroupSchema>

/** Which contacts: words of a name or tag, or digits of a number; a group; a tag. */
export const ContactFilterSchema = z
  .object({
    query: z.string().trim().max(100).optional(),
    groupId: z.number().int().positive().optional(),
    tag: z.string().trim().max(50).optional(),
  })
  .strict()
export type ContactFilter = z.infer<typeof ContactFilterSchema>

/** A filter saved by name: the recipients of a weekly campaign, found again in one choice. */
export const SavedFilterSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  filter: ContactFilterSchema,
})
export type SavedFilter = z.infer<typeof SavedFilterSchema>

const fieldName = z
  .string()
  .trim()
  .min(1, 'a field needs a name')
  .max(MAX_FIELD_NAME, `a field's name is longer than ${MAX_FIELD_NAME} characters`)
  .regex(/^[\p{L}\p{N}_. -]+$/u, 'a field name holds letters, digits, spaces, _ . - only')

const GroupId = z.number().int().positive()

export const contactsCalls = {
  /** A number's contact, written as given; fields, tags and groups left out stay as they are. */
  'contacts.save': {
    request: z
      .object({
        phone: z.string().trim().min(1).max(32),
        name: z.string().trim().max(200),
        notes: z.string().max(4000),
        fields: z
          .record(fieldName, z.string().max(MAX_FIELD_VALUE))
          .refine((f) => Object.keys(f).length <= MAX_CONTACT_FIELDS, {
            message: `at most ${MAX_CONTACT_FIELDS} fields`,
          })
          .optional(),
        tags: z.array(z.string().trim().min(1).max(50)).max(MAX_TAGS).optional(),
        groups: z.array(GroupId).max(200).optional(),
      })
      .strict(),
    response: ContactSchema.nullable(),
  },
  /** A page of the contacts a filter finds, by name, and how many it finds. */
  'contacts.list': {
    request: z
      .object({
        filter: ContactFilterSchema,
        offset: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    response: z.object({ total: z.number().int(), items: z.array(ContactSchema) }),
  },
  /** Contacts removed (they leave their groups; their messages stay). */
  'contacts.delete': {
    request: z.object({ phones: z.array(z.string().max(32)).min(1).max(500) }).strict(),
    response: z.object({ deleted: z.number().int() }),
  },
  /**
   * The contacts' names of these numbers (as stored: digits only), for every list that shows a
   * number; numbers without a named contact are left out.
   */
  'contacts.names': {
    request: z.object({ phones: z.array(z.string().max(32)).max(500) }).strict(),
    response: z.record(z.string(), z.string()),
  },
  /** Every tag in use, for the filter. */
  'contacts.tags': {
    request: z.object({}).strict(),
    response: z.array(z.string()),
  },
  /**
   * A file's rows (an upload analysed by import.*) merged into the contacts: its phone column,
   * its name column if any, every other column a field; each row joins `groupId` and gets `tag`.
   */
  'contacts.importUpload': {
    request: z
      .object({
        uploadId: z.string().regex(/^[0-9a-f]{32}$/, 'not an upload id'),
        phoneColumn: z.number().int().min(0).max(999),
        nameColumn: z.number().int().min(0).max(999).nullable(),
        groupId: GroupId.nullable(),
        tag: z.string().trim().min(1).max(50).optional(),
        /** Numbers written the local way are read by this profile's country. */
        profileId: ProfileId.optional(),
      })
      .strict(),
    response: z.object({
      added: z.number().int(),
      updated: z.number().int(),
      invalid: z.number().int(),
      /** The first numbers that could not be read: the file's line and why. */
      invalidRows: z.array(
        z.object({ line: z.number().int(), phone: z.string(), reason: z.string() }),
      ),
    }),
  },
  'filters.list': {
    request: z.object({}).strict(),
    response: z.array(SavedFilterSchema),
  },
  /** Saves the filter under a name; the name of a saved one again replaces its filter. */
  'filters.save': {
    request: z
      .object({
        name: z.string().trim().min(1, 'a saved filter needs a name').max(100),
        filter: ContactFilterSchema,
      })
      .strict(),
    response: SavedFilterSchema,
  },
  'filters.delete': {
    request: z.object({ id: z.number().int().positive() }).strict(),
    response: z.object({ deleted: z.boolean() }),
  },
  'groups.list': {
    request: z.object({}).strict(),
    response: z.array(ContactGroupSchema),
  },
  /** A new group (no id) or one renamed; a name another group has is refused at the name. */
  'groups.save': {
    request: z
      .object({
        id: GroupId.optional(),
        name: z.string().trim().min(1, 'a group needs a name').max(100),
      })
      .strict(),
    response: ContactGroupSchema,
  },
  /** A group removed; its contacts stay. */
  'groups.delete': {
    request: z.object({ id: GroupId }).strict(),
    response: z.object({ deleted: z.boolean() }),
  },
} as const

export const contactsEvents = {
  /** A contact was saved or removed (null: removed): every window names the number anew. */
  'contact.updated': z.object({ phone: z.string(), contact: ContactSchema.nullable() }),
  /** Contacts or groups changed in bulk (an import, a group renamed): lists read again. */
  'contacts.changed': z.object({}),
} as const
