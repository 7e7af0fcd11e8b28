/**
 * Contacts by number: nothing else writes the contacts table (the inbox reads it, to name its
 * conversations and search them by name).
 */
import type { Contact } from '../../../shared/calls/contacts'
import type { Db } from '../db/database'
import { foldText } from '../../../shared/fold'

interface Row {
  phone: string
  name: string
  notes: string
  updated_at: number
}

const toContact = (r: Row): Contact => ({
  phone: r.phone,
  name: r.name,
  notes: r.notes,
  updatedAt: r.updated_at,
})

export class ContactStore {
  private readonly s

  constructor(
    db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.s = {
      get: db.prepare('SELECT * FROM contacts WHERE phone = ?'),
      save: db.prepare(`INSERT INTO contacts (phone, name, name_folded, notes, updated_at)
        VALUES (@phone, @name, @folded, @notes, @now)
        ON CONFLICT(phone) DO UPDATE SET name = excluded.name,
          name_folded = excluded.name_folded, notes = excluded.notes,
          updated_at = excluded.updated_at
        RETURNING *`),
      remove: db.prepare('DELETE FROM contacts WHERE phone = ?'),
    }
  }

  get(phone: string): Contact | null {
    const row = this.s.get.get(phone) as Row | undefined
    return row ? toContact(row) : null
  }

  /** Saves a number's name and notes; both empty removes the contact (null). */
  save(phone: string, name: string, notes: string): Contact | null {
    if (name === '' && notes.trim() === '') {
      this.s.remove.run(phone)
      return null
    }
    const row = this.s.save.get({ phone, name, folded: foldText(name), notes, now: this.now() })
    return toContact(row as Row)
  }
}
