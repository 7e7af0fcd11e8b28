/**
 * Every store of the core on a team server's PostgreSQL, as `sqliteStores` makes them on a
 * workstation's SQLite: the handlers, the dispatcher and the import cannot tell them apart.
 */
import type { IdKeys } from '../../outbox/outbox'
import type { Stores } from '../stores'
import { PgContacts } from './contacts'
import type { PgDatabase } from './database'
import { PgImports } from './imports'
import { PgInbox } from './inbox'
import { PgLookup } from './lookup'
import { PgOutbox } from './outbox'
import { PgPrices } from './prices'
import { PgProfiles } from './profiles'
import { PgTemplates } from './templates'
import { PgReconcile } from './reconcile'
import { PgVerifications } from './verifications'

export function pgStores(
  db: PgDatabase,
  options: { idKeys?: IdKeys; ownKey?: (providerId: string) => string; now?: () => number } = {},
): Stores & { outbox: PgOutbox } {
  const now = options.now ?? Date.now
  const outbox = new PgOutbox(db, options)
  const imports = new PgImports(db, outbox, now)
  const verifications = new PgVerifications(db, now)
  return {
    outbox,
    inbox: new PgInbox(db, outbox, imports.stopList, now, verifications),
    verifications,
    contacts: new PgContacts(db, now),
    templates: new PgTemplates(db, now),
    lookup: new PgLookup(db, now),
    profiles: new PgProfiles(db, now),
    prices: new PgPrices(db),
    imports,
    reconcile: new PgReconcile(db, now),
  }
}
