/**
 * Numbered migrations, applied in order when the database opens, each in its own
 * transaction; `PRAGMA user_version` says how far a file has come. An applied migration is
 * never edited: its checksum is recorded, and a mismatch stops the open with an error.
 */
import { historySearch } from './migrations/003-history'
import { bulkImport } from './migrations/004-imports'
import { inboxAndNumbers } from './migrations/005-lookup'
import { reasonCodes } from './migrations/006-reasons'
import { searchIndexByOutbox } from './migrations/007-search-index'
import { importResume } from './migrations/008-import-resume'
import { channelPrices } from './migrations/009-channel-prices'
import { backgroundSearch } from './migrations/010-background-search'
import { mergeInSteps } from './migrations/011-merge-in-steps'
import { scheduledDue } from './migrations/012-scheduled-due'
import { noUpdatedIndex } from './migrations/013-no-updated-index'
import { lookupsNotMessages } from './migrations/014-lookups-not-messages'
import { conversations } from './migrations/015-conversations'
import { messageTrail } from './migrations/016-message-trail'
import { scheduledOneOffs } from './migrations/017-scheduled-one-offs'
import { contacts } from './migrations/018-contacts'
import { contactLists } from './migrations/023-contact-lists'
import { quietHours } from './migrations/024-quiet-hours'
import { canary } from './migrations/025-canary'
import { stopListAccounts } from './migrations/026-stop-list-accounts'
import { savedFilters } from './migrations/027-saved-filters'
import { teamLink } from './migrations/028-team-link'
import { inboundRefs } from './migrations/032-inbound-refs'
import { messageTypes } from './migrations/029-message-types'
import { verifications } from './migrations/030-verifications'
import { reconcile } from './migrations/031-reconcile'
import { templates } from './migrations/019-templates'
import { profileCountry } from './migrations/020-profile-country'
import { stopListUndo } from './migrations/021-stop-list-undo'
import { spend } from './migrations/022-spend'

export interface Migration {
  version: number
  name: string
  sql: string
}

const STATES = `'queued','scheduled','sending','accepted','delivered','failed','expired','uncertain','cancelled'`

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'outbox',
    sql: `
      CREATE TABLE profiles (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        kind        TEXT NOT NULL,
        sandbox     INTEGER NOT NULL DEFAULT 0,
        settings    TEXT NOT NULL DEFAULT '{}',
        senders     TEXT NOT NULL DEFAULT '[]',
        created_at  INTEGER NOT NULL
      );

      CREATE TABLE batches (
        id          INTEGER PRIMARY KEY,
        profile_id  TEXT NOT NULL REFERENCES profiles(id),
        name        TEXT NOT NULL,
        total       INTEGER NOT NULL DEFAULT 0,
        created_at  INTEGER NOT NULL
      );

      CREATE TABLE messages (
        id               INTEGER PRIMARY KEY,
        idempotency_key  TEXT NOT NULL UNIQUE,
        profile_id       TEXT NOT NULL REFERENCES profiles(id),
        batch_id         INTEGER REFERENCES batches(id),
        channel          TEXT NOT NULL DEFAULT 'sms',
        sender           TEXT NOT NULL,
        phone            TEXT NOT NULL,
        text             TEXT NOT NULL,
        encoding         TEXT NOT NULL CHECK (encoding IN ('GSM7','UCS2')),
        parts            INTEGER NOT NULL,
        state            TEXT NOT NULL CHECK (state IN (${STATES})),
        provider_ids     TEXT NOT NULL DEFAULT '[]',
        -- 0: a one-off message an agent is waiting on; 1: bulk. Urgent ones jump the queue.
        priority         INTEGER NOT NULL DEFAULT 0,
        attempts         INTEGER NOT NULL DEFAULT 0,
        next_attempt_at  INTEGER NOT NULL,
        scheduled_at     INTEGER,
        error            TEXT,
        created_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL
      );
      CREATE INDEX messages_due ON messages(profile_id, state, priority, id);
      CREATE INDEX messages_updated ON messages(updated_at);
      CREATE INDEX messages_batch ON messages(batch_id);

      -- One row per provider id key of a message, so a receipt finds its message by index.
      CREATE TABLE message_provider_ids (
        profile_id   TEXT NOT NULL,
        provider_id  TEXT NOT NULL,
        message_id   INTEGER NOT NULL REFERENCES messages(id),
        PRIMARY KEY (profile_id, provider_id, message_id)
      ) WITHOUT ROWID;

      -- Every receipt as received; message_id stays NULL until its message is known.
      CREATE TABLE delivery_receipts (
        id           INTEGER PRIMARY KEY,
        profile_id   TEXT NOT NULL,
        provider_id  TEXT NOT NULL,
        message_id   INTEGER REFERENCES messages(id),
        outcome      TEXT NOT NULL,
        stat         TEXT NOT NULL,
        err          TEXT,
        raw          TEXT NOT NULL,
        received_at  INTEGER NOT NULL
      );
      CREATE INDEX receipts_message ON delivery_receipts(message_id);
      CREATE INDEX receipts_unmatched ON delivery_receipts(profile_id, provider_id)
        WHERE message_id IS NULL;

      CREATE TABLE inbound_messages (
        id           INTEGER PRIMARY KEY,
        profile_id   TEXT NOT NULL,
        from_addr    TEXT NOT NULL,
        to_addr      TEXT NOT NULL,
        text         TEXT NOT NULL,
        received_at  INTEGER NOT NULL
      );
      CREATE INDEX inbound_received ON inbound_messages(received_at);

      CREATE TABLE hlr_results (
        id           INTEGER PRIMARY KEY,
        profile_id   TEXT NOT NULL,
        message_id   INTEGER REFERENCES messages(id),
        phone        TEXT,
        provider_id  TEXT NOT NULL,
        stat         TEXT NOT NULL,
        err          TEXT,
        imsi         TEXT, msc TEXT, mcc TEXT, mnc TEXT,
        cn           TEXT, net TEXT, rcn TEXT, rnet TEXT,
        raw          TEXT NOT NULL,
        received_at  INTEGER NOT NULL
      );
      CREATE INDEX hlr_phone ON hlr_results(phone);
    `,
  },
  {
    version: 2,
    name: 'http providers',
    sql: `
      CREATE TABLE meta (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
      );
      -- Numeric client keys (SMSC id, smsgate client_id_message) are this base plus the message
      -- id, so a reinstalled console never reuses a key its provider has already seen.
      INSERT INTO meta (key, value) VALUES ('numeric_key_base', CAST(abs(random()) % 1000000000 AS TEXT));

      -- Status polling for providers without push receipts.
      ALTER TABLE messages ADD COLUMN next_poll_at INTEGER;
      ALTER TABLE messages ADD COLUMN polls INTEGER NOT NULL DEFAULT 0;
      -- Per-message provider options as JSON (cascade channels, buttons, schedule).
      ALTER TABLE messages ADD COLUMN options TEXT;
      CREATE INDEX messages_poll ON messages(profile_id, next_poll_at) WHERE next_poll_at IS NOT NULL;

      ALTER TABLE delivery_receipts ADD COLUMN reason TEXT;
      ALTER TABLE delivery_receipts ADD COLUMN channel TEXT;
      ALTER TABLE delivery_receipts ADD COLUMN price TEXT;

      -- Used when this profile is down or out of balance, for messages that never reached it.
      ALTER TABLE profiles ADD COLUMN fallback_profile_id TEXT;
    `,
  },
  { version: 3, name: 'history search', sql: historySearch },
  { version: 4, name: 'bulk import', sql: bulkImport },
  { version: 5, name: 'inbox and numbers', sql: inboxAndNumbers },
  { version: 6, name: 'reason codes', sql: reasonCodes },
  { version: 7, name: 'search index by the outbox', sql: searchIndexByOutbox },
  { version: 8, name: 'import resume', sql: importResume },
  { version: 9, name: 'channel prices', sql: channelPrices },
  { version: 10, name: 'search indexed in the background', sql: backgroundSearch },
  { version: 11, name: 'search indexes merged in steps', sql: mergeInSteps },
  { version: 12, name: 'scheduled messages by due time', sql: scheduledDue },
  { version: 13, name: 'no index on the time a message last moved', sql: noUpdatedIndex },
  { version: 14, name: 'HLR lookups are not messages', sql: lookupsNotMessages },
  { version: 15, name: 'conversations', sql: conversations },
  { version: 16, name: 'message trail', sql: messageTrail },
  { version: 17, name: 'scheduled one-off messages', sql: scheduledOneOffs },
  { version: 18, name: 'contacts', sql: contacts },
  { version: 19, name: 'templates', sql: templates },
  { version: 20, name: 'profile country', sql: profileCountry },
  { version: 21, name: 'stop-list undo', sql: stopListUndo },
  { version: 22, name: 'spend by day', sql: spend },
  { version: 23, name: 'contact lists', sql: contactLists },
  { version: 24, name: 'quiet hours', sql: quietHours },
  { version: 25, name: 'canary', sql: canary },
  { version: 26, name: 'stop-list per account', sql: stopListAccounts },
  { version: 27, name: 'saved contact filters', sql: savedFilters },
  { version: 28, name: 'team server link', sql: teamLink },
  { version: 29, name: 'message types', sql: messageTypes },
  { version: 30, name: 'verification by call', sql: verifications },
  { version: 31, name: 'reconcile with the provider', sql: reconcile },
  { version: 32, name: 'inbound message refs', sql: inboundRefs },
]
